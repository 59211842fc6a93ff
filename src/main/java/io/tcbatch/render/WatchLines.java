package io.tcbatch.render;

import java.io.PrintStream;
import java.util.List;

import io.tcbatch.batch.JobView;
import io.tcbatch.batch.WatchListener;

/**
 * Watch output without a terminal (pipes, CI logs): one plain line per status change, no
 * escape codes, so logs stay readable and greppable.
 */
public final class WatchLines implements WatchListener {
    private final PrintStream out;

    public WatchLines(PrintStream out) {
        this.out = out;
    }

    @Override
    public void changed(JobView j, List<JobView> all) {
        out.println(line(j, all.size()));
        out.flush();
    }

    @Override
    public void note(String message) {
        out.println("note: " + message);
        out.flush();
    }

    static String line(JobView j, int of) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("[%s] job %s", Bars.clock(j.elapsed()), j.label()));
        if (j.chunk() > 0) {
            b.append(" (").append(j.chunk()).append('/').append(of).append(')');
        }
        b.append(' ').append(j.rawStatus());
        if (j.items() > 0) {
            b.append(' ').append(j.processed()).append('/').append(j.items());
        }
        b.append(" succeeded ").append(n(j.successCount()))
                .append(" failed ").append(n(j.errorCount()))
                .append(" unprocessed ").append(n(j.unprocessCount()));
        return b.toString();
    }

    private static String n(Integer i) {
        return i == null ? "?" : i.toString();
    }
}
