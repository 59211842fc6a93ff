package io.tcbatch.render;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.tcbatch.batch.JobView;
import io.tcbatch.batch.WatchListener;

/**
 * Watch output without a terminal (pipes, CI logs): one plain line per status change saying what
 * changed and the counts, and never an escape code — not even one the server put in a status
 * text — so logs stay readable and greppable.
 */
public final class WatchLines implements WatchListener {
    private final PrintStream out;
    /** The last status written of each job, to say what it changed from. */
    private final Map<String, String> last = new HashMap<>();

    public WatchLines(PrintStream out) {
        this.out = out;
    }

    @Override
    public synchronized void changed(JobView j, List<JobView> all) {
        String key = j.batchId() != null ? "id " + j.batchId() : "chunk " + j.chunk();
        String before = last.put(key, LiveWatch.status(j));
        // A job sent after the watch began was known by its chunk: its id is news, not a new job.
        if (before == null && j.batchId() != null) {
            before = last.get("chunk " + j.chunk());
        }
        out.println(Bars.plain(line(j, position(j, all), all.size(), before)));
        out.flush();
    }

    /**
     * The job's place among all watched (1-based): a watch of two runs has two chunk 1s, which
     * read (1/2) and (2/2), not both (1/2). Its chunk number when it is not in the list.
     */
    private static int position(JobView j, List<JobView> all) {
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i) == j) {
                return i + 1;
            }
        }
        int i = all.indexOf(j);
        return i >= 0 ? i + 1 : j.chunk();
    }

    @Override
    public synchronized void note(String message) {
        out.println(Bars.plain("note: " + message));
        out.flush();
    }

    static String line(JobView j, int of) {
        return line(j, of, null);
    }

    static String line(JobView j, int of, String before) {
        return line(j, j.chunk(), of, before);
    }

    static String line(JobView j, int position, int of, String before) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("[%s] job %s", Bars.clock(j.elapsed()), j.label()));
        if (j.chunk() > 0) {
            b.append(" (").append(position).append('/').append(of).append(')');
        }
        String now = LiveWatch.status(j);
        b.append(' ').append(now);
        if (before != null && !before.equals(now)) {
            b.append(" (was ").append(before).append(')');
        }
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
