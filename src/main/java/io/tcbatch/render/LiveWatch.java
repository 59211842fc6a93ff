package io.tcbatch.render;

import java.util.ArrayList;
import java.util.List;

import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;

import io.tcbatch.batch.JobView;
import io.tcbatch.batch.WatchListener;

/**
 * Watch output on a terminal: one status block redrawn in place (JLine {@link Display}), one row
 * per job with status, a progress bar, counts and elapsed time, and a totals row. Nothing else
 * may write to the terminal while it is active, so notes are kept and printed after.
 */
public final class LiveWatch implements WatchListener {
    private final Terminal terminal;
    private final Display display;
    private final List<String> notes = new ArrayList<>();

    public LiveWatch(Terminal terminal) {
        this.terminal = terminal;
        this.display = new Display(terminal, false);
    }

    @Override
    public void changed(JobView job, List<JobView> all) {
        draw(all);
    }

    @Override
    public void finished(List<JobView> all) {
        draw(all);
        terminal.writer().println();
        for (String n : notes) {
            terminal.writer().println("note: " + n);
        }
        terminal.flush();
    }

    @Override
    public void note(String message) {
        notes.add(message);
    }

    private void draw(List<JobView> all) {
        int width = Math.max(60, terminal.getWidth() > 0 ? terminal.getWidth() : 80);
        display.resize(Math.max(1, terminal.getHeight()), width);
        List<AttributedString> lines = new ArrayList<>();
        long items = 0;
        long processed = 0;
        int completed = 0;
        int rows = Math.max(3, terminal.getHeight() - 3);
        for (int i = 0; i < all.size(); i++) {
            JobView j = all.get(i);
            items += j.items();
            processed += j.processed();
            if (j.state().isTerminal()) {
                completed++;
            }
            if (i < rows - 1 || all.size() <= rows) {
                lines.add(new AttributedString(fit(row(j), width)));
            } else if (i == rows - 1) {
                lines.add(new AttributedString(fit("  … " + (all.size() - i) + " more jobs", width)));
            }
        }
        String total = String.format("total: %d/%d jobs completed, %s %d/%d items", completed, all.size(),
                Bars.bar(processed, items, 20), processed, items);
        lines.add(new AttributedString(fit(total, width)));
        display.update(lines, -1);
        terminal.flush();
    }

    private static String row(JobView j) {
        // Jobs watched by id alone have no known size: show the count without a fraction.
        String of = j.items() > 0 ? String.format("%6d/%-6d", j.processed(), j.items()) : String.format("%6d/%-6s", j.processed(), "?");
        return String.format("job %-8s %-10s %s %s ok %-6s failed %-5s unproc %-5s %s", j.label(), j.rawStatus(),
                Bars.bar(j.processed(), j.items(), 20), of, n(j.successCount()),
                n(j.errorCount()), n(j.unprocessCount()), Bars.clock(j.elapsed()));
    }

    private static String fit(String s, int width) {
        return s.length() < width ? s : s.substring(0, width - 1);
    }

    private static String n(Integer i) {
        return i == null ? "?" : i.toString();
    }
}
