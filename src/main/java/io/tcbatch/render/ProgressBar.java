package io.tcbatch.render;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.jline.terminal.Terminal;
import org.jline.utils.InfoCmp;

import io.tcbatch.batch.Progress;

/**
 * A one-line progress bar on a terminal, redrawn in place with a carriage return: label, bar,
 * done of total, the detail count, the rate and an ETA. Redraws at most every
 * {@value #REDRAW_MILLIS} ms however often it is told, so a fast loop over items costs nearly
 * nothing; when a step is done its last state stays as one finished line. The rate comes from the
 * injected clock, so tests are deterministic.
 */
public final class ProgressBar implements Progress {
    static final long REDRAW_MILLIS = 150;

    private final java.util.function.Supplier<Terminal> terminals;
    private Terminal terminal;
    private final Clock clock;
    private String label;
    private long total;
    private String unit;
    private long done;
    private String detail;
    private Instant started;
    private long lastDraw = Long.MIN_VALUE;
    private boolean active;

    public ProgressBar(Terminal terminal, Clock clock) {
        this(() -> terminal, clock);
    }

    /** With the terminal opened only when a step starts, so a command that shows no progress opens none. */
    public ProgressBar(java.util.function.Supplier<Terminal> terminal, Clock clock) {
        this.terminals = terminal;
        this.clock = clock;
    }

    @Override
    public synchronized void start(String label, long total, String unit) {
        if (active) {
            done();
        }
        if (terminal == null) {
            terminal = terminals.get();
        }
        this.label = Bars.plain(label);
        this.total = total;
        this.unit = unit;
        this.done = 0;
        this.detail = null;
        this.started = clock.instant();
        this.active = true;
        this.lastDraw = Long.MIN_VALUE;
        draw(false);
    }

    @Override
    public synchronized void advance(long n) {
        done += n;
        draw(false);
    }

    @Override
    public synchronized void at(long position) {
        done = position;
        draw(false);
    }

    @Override
    public synchronized void detail(String text) {
        detail = text == null ? null : Bars.plain(text);
    }

    @Override
    public synchronized void done() {
        if (!active) {
            return;
        }
        draw(true);
        terminal.writer().println();
        terminal.flush();
        active = false;
    }

    /** The step failed: the bar is wiped, so the error line that follows stands alone (a half bar says nothing). */
    @Override
    public synchronized void failed() {
        if (!active) {
            return;
        }
        terminal.writer().print('\r');
        terminal.puts(InfoCmp.Capability.clr_eol);
        terminal.flush();
        active = false;
    }

    private void draw(boolean force) {
        if (!active) {
            return;
        }
        long now = clock.millis();
        if (!force && lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_MILLIS) {
            return;
        }
        lastDraw = now;
        int width = terminal.getWidth() > 0 ? terminal.getWidth() : 80;
        terminal.writer().print('\r');
        terminal.writer().print(line(width, !force));
        terminal.puts(InfoCmp.Capability.clr_eol);
        terminal.flush();
    }

    /** The line as drawn now, at most {@code width - 1} characters (the last column would wrap on some terminals). */
    synchronized String line(int width) {
        return line(width, true);
    }

    private String line(int width, boolean running) {
        Duration elapsed = Duration.between(started, clock.instant());
        double seconds = elapsed.toMillis() / 1000.0;
        boolean bytes = "bytes".equals(unit);
        String countText = amount(done, unit) + (total > 0 ? " of " + amount(total, unit) : "") + (bytes ? "" : " " + unit);
        String rate = null;
        if (seconds > 0 && done > 0) {
            long perSecond = Math.round(done / seconds);
            rate = bytes ? amount(perSecond, unit) + "/s" : perSecond + " " + unit + "/s";
        }
        String eta = null;
        if (running && total > 0 && done > 0 && done < total && seconds > 0) {
            eta = "ETA " + Bars.brief(Duration.ofMillis(Math.round((total - done) * (elapsed.toMillis() / (double) done))));
        } else if (!running) {
            eta = "in " + Bars.brief(elapsed);
        }
        String[] tail = {detail, rate, eta};
        int budget = width - 1;
        String head = label + " ";
        // Longest form first; drop the ETA, then the rate, then the detail, then narrow the bar.
        for (int drop = 0; drop <= tail.length; drop++) {
            StringBuilder rest = new StringBuilder(" ").append(countText);
            for (int i = 0; i < tail.length - drop; i++) {
                if (tail[i] != null) {
                    rest.append(" · ").append(tail[i]);
                }
            }
            int room = budget - head.length() - rest.length();
            if (total > 0 && room >= 12) {
                return head + Bars.bar(done, total, Math.min(30, room - 2)) + rest;
            }
            if (total <= 0 && room >= 0) {
                return (head + rest.substring(1)).stripTrailing();
            }
        }
        String plain = head + countText;
        return plain.length() <= budget ? plain : plain.substring(0, Math.max(0, budget));
    }

    /** Bytes as B/KB/MB/GB; other units as plain digits, as everywhere else (the summary, the watch). */
    static String amount(long n, String unit) {
        if (!"bytes".equals(unit)) {
            return String.valueOf(n);
        }
        return Progress.size(n);
    }
}
