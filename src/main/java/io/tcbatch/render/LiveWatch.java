package io.tcbatch.render;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStringBuilder;
import org.jline.utils.AttributedStyle;
import org.jline.utils.Display;
import org.jline.utils.InfoCmp;

import io.tcbatch.api.JobState;
import io.tcbatch.batch.ImportService;
import io.tcbatch.batch.JobView;
import io.tcbatch.batch.WatchListener;

/**
 * Watch output on a terminal: one block redrawn in place (JLine {@link Display}, no scrolling):
 * a header, one row per job (label, status, progress bar, processed of items, succeeded / failed /
 * unprocessed, elapsed, ETA) and a totals row (jobs done of all, items, rate, overall ETA).
 *
 * <p>The block fits the terminal: when a row is too wide the bar narrows, then fields are dropped
 * (elapsed, unprocessed, the bar, the counts), and a row is never longer than the width less one,
 * so nothing wraps. A resize (SIGWINCH) redraws at the new size; the previous handler is put back
 * when the watch ends. When the jobs do not fit the height, the active ones are shown first and
 * the rest are counted on one line per status. Redraws come at most every {@value #REDRAW_MILLIS}
 * ms; a change that came in between is drawn by a timer when the interval is over. The block is
 * also redrawn every {@value #TICK_MILLIS} ms without any change, so the clocks tick while the
 * server holds a job (otherwise the watch looks hung).
 *
 * <p>Times and rates are this view's own: a job's elapsed time runs from when the view first saw
 * it sent to when it saw it finished ("–" for a job already finished when the watch began, as after
 * a resume: its times are not known), and the rates count only the items processed since the view
 * first saw each job, over the time since then, so they fall while nothing moves and the ETA grows.
 * Numbers are plain digits, as in the summary.
 *
 * <p>Nothing else may write to the terminal while it is active, so notes are kept and printed
 * after the block; a passing wait of the client (rate limited) is shown as a row of the block.
 */
public final class LiveWatch implements WatchListener {
    static final long REDRAW_MILLIS = 150;
    static final long TICK_MILLIS = 1000;
    /** No progress for this long and the ETA is "–": a rate that old says nothing (longer than the poll cap). */
    static final Duration STALL = Duration.ofSeconds(60);
    /** The narrowest bar worth showing; below it the bar is dropped. */
    private static final int MIN_BAR = 8;
    private static final int MAX_BAR = 30;

    private final Terminal terminal;
    private final Clock clock;
    private final boolean colour;
    private final boolean timerRedraws;
    private Display display;
    private final Instant start;
    private final List<String> notes = new ArrayList<>();
    /** What the view has seen of each job, by chunk (or id when watched by id). */
    private final Map<String, Track> tracks = new HashMap<>();
    /** Width of the last draw, to notice a resize even when no signal came. */
    private int drawnWidth;
    private List<JobView> jobs = List.of();
    private String waiting;
    private long lastDraw = Long.MIN_VALUE;
    private boolean dirty;
    private boolean started;
    private boolean closed;
    private Terminal.SignalHandler previousWinch;
    private ScheduledExecutorService timer;
    private boolean scheduled;
    private List<AttributedString> drawn = List.of();

    /**
     * @param colour false for plain text (NO_COLOR set, or a terminal without colours)
     */
    public LiveWatch(Terminal terminal, Clock clock, boolean colour) {
        this(terminal, clock, colour, true);
    }

    /** @param timerRedraws false in tests: a throttled change waits for the next call instead of a timer thread */
    LiveWatch(Terminal terminal, Clock clock, boolean colour, boolean timerRedraws) {
        this.terminal = terminal;
        this.clock = clock;
        this.colour = colour && !String.valueOf(terminal.getType()).startsWith(Terminal.TYPE_DUMB);
        this.timerRedraws = timerRedraws;
        this.display = new Display(terminal, false);
        this.start = clock.instant();
    }

    /** The view's own times of one job (its clock), so nothing depends on when the watcher last saw a change. */
    private static final class Track {
        /** Finished when first seen: it ran before the watch, its times are not known. */
        boolean before;
        /** First seen sent; null while it is still to send. */
        Instant began;
        /** First seen finished. */
        Instant ended;
        /** Processed when it began: items done before this view saw it run do not count in its rate. */
        long base;
        long lastProcessed = -1;
        Instant lastProgress;
    }

    @Override
    public synchronized void changed(JobView job, List<JobView> all) {
        jobs = List.copyOf(all);
        track();
        waiting = null;
        redraw(false);
    }

    private void track() {
        Instant now = clock.instant();
        for (JobView j : jobs) {
            Track t = tracks.get(key(j));
            if (t == null) {
                t = new Track();
                t.before = j.state().isTerminal();
                tracks.put(key(j), t);
            }
            boolean sent = j.batchId() != null || j.state().isTerminal() || j.state() == JobState.UNKNOWN;
            if (!t.before && t.began == null && sent) {
                t.began = now;
                t.base = j.processed();
            }
            if (t.began != null && t.ended == null && j.state().isTerminal()) {
                t.ended = now;
            }
            if (j.processed() != t.lastProcessed) {
                t.lastProcessed = j.processed();
                t.lastProgress = now;
            }
        }
    }

    @Override
    public synchronized void waiting(String message) {
        waiting = Bars.plain(message);
        redraw(false);
    }

    @Override
    public synchronized void note(String message) {
        if (closed) {
            // After the block (e.g. while error files are fetched) a note can go straight out.
            terminal.writer().println(Bars.plain("note: " + message));
            terminal.flush();
            return;
        }
        notes.add(Bars.plain(message));
    }

    @Override
    public void finished(List<JobView> all) {
        close(all, false);
    }

    @Override
    public void stopped(List<JobView> all) {
        close(all, true);
    }

    /** Draws the last state, leaves the cursor on the line below the block and prints the notes kept. */
    private synchronized void close(List<JobView> all, boolean interrupted) {
        if (closed) {
            return;
        }
        jobs = List.copyOf(all);
        track();
        waiting = null;
        if (interrupted && started && !drawn.isEmpty()) {
            // The terminal echoed "^C" where the cursor was, so the Display's idea of the cursor is
            // off by those columns and a diff would land beside the old text: draw the block afresh.
            rewind(drawnWidth);
        }
        redraw(true);
        closed = true;
        if (started) {
            terminal.handle(Terminal.Signal.WINCH, previousWinch);
        }
        if (timer != null) {
            timer.shutdownNow();
        }
        terminal.writer().println();
        for (String n : notes) {
            terminal.writer().println("note: " + n);
        }
        terminal.flush();
    }

    /** Redraws now, or (throttled) when the interval since the last draw is over. */
    private void redraw(boolean force) {
        if (closed) {
            return;
        }
        long now = clock.millis();
        if (!force && lastDraw != Long.MIN_VALUE && now - lastDraw < REDRAW_MILLIS) {
            dirty = true;
            if (timerRedraws && !scheduled) {
                scheduled = true;
                timer().schedule(this::trailing, REDRAW_MILLIS - (now - lastDraw), TimeUnit.MILLISECONDS);
            }
            return;
        }
        draw();
    }

    private synchronized void trailing() {
        scheduled = false;
        if (dirty && !closed) {
            draw();
        }
    }

    private ScheduledExecutorService timer() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "tcbatch-watch-redraw");
                t.setDaemon(true);
                return t;
            });
        }
        return timer;
    }

    private void draw() {
        if (!started) {
            started = true;
            // A resize redraws the block at the new size at once.
            previousWinch = terminal.handle(Terminal.Signal.WINCH, s -> resized());
            if (timerRedraws) {
                // The clocks tick while nothing changes (a job held on the server looks hung otherwise).
                timer().scheduleAtFixedRate(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
            }
        }
        dirty = false;
        lastDraw = clock.millis();
        Size size = terminal.getSize();
        int width = size.getColumns() > 0 ? size.getColumns() : 80;
        int height = size.getRows() > 0 ? size.getRows() : 24;
        if (drawnWidth > 0 && width != drawnWidth) {
            rewind(width);
        }
        drawnWidth = width;
        List<AttributedString> lines = layout(width, height);
        display.resize(height, width);
        AttributedString last = lines.get(lines.size() - 1);
        // The cursor rests at the end of the block, so whatever follows starts below it.
        display.update(lines, new Size(width, height).cursorPos(lines.size() - 1, last.columnLength()));
        terminal.flush();
        drawn = lines;
    }

    private synchronized void resized() {
        if (!closed && started) {
            draw();
        }
    }

    /** Redraws without a change, so the clocks and the rate move on (the timer's, and tests'). */
    synchronized void tick() {
        if (!closed && started) {
            draw();
        }
    }

    /**
     * After a change of width: moves to the first row of the old block, clears from there down and
     * starts a new {@link Display}, so the block is drawn afresh at the new width. The old Display's
     * idea of the screen is wrong by then: the terminal has rewrapped the old lines at the new width
     * (tmux, VTE, iTerm2 do), so each old line takes as many rows as it needs at the new width.
     */
    private void rewind(int width) {
        int up = 0;
        for (int i = 0; i < drawn.size(); i++) {
            int length = drawn.get(i).columnLength();
            // The cursor rests at the end of the last line: only the rows of it above the cursor count.
            up += i < drawn.size() - 1 ? Math.max(1, (length + width - 1) / width) : length / width;
        }
        terminal.writer().write('\r');
        terminal.flush();
        for (int i = 0; i < up; i++) {
            terminal.puts(InfoCmp.Capability.cursor_up);
        }
        terminal.puts(InfoCmp.Capability.clr_eos);
        display = new Display(terminal, false);
    }

    /** The lines drawn last (for tests). */
    synchronized List<String> drawnLines() {
        return drawn.stream().map(AttributedString::toString).toList();
    }

    /** The lines drawn last with their styles as ANSI escapes (for tests). */
    synchronized List<String> drawnAnsi() {
        return drawn.stream().map(a -> a.toAnsi(terminal)).toList();
    }

    /** Draws at once whatever came in since the last draw (for tests, which have no timer). */
    synchronized void flush() {
        if (dirty && !closed) {
            draw();
        }
    }

    // ---- layout --------------------------------------------------------------------------------

    /** The columns of a job row that can be left out, in the order they go when the width is short. */
    private enum Field { ELAPSED, UNPROCESSED, BAR, SUCCEEDED, FAILED, ETA }

    private static final int LABEL = 8;
    private static final int STATUS = 11;
    private static final int OF = 13;
    private static final int COUNT = 6;
    private static final int ELAPSED = 8;
    private static final int ETA = 6;

    /** The block for a terminal of this size; every line at most {@code width - 1} columns. */
    List<AttributedString> layout(int width, int height) {
        int budget = Math.max(10, width - 1);
        Instant now = clock.instant();
        Duration elapsed = Duration.between(start, now);
        java.util.EnumSet<Field> shown = java.util.EnumSet.allOf(Field.class);
        int bar = 0;
        for (Field drop : Field.values()) {
            int fixed = LABEL + 1 + STATUS + 1 + OF
                    + (shown.contains(Field.SUCCEEDED) ? 1 + COUNT : 0)
                    + (shown.contains(Field.FAILED) ? 1 + COUNT : 0)
                    + (shown.contains(Field.UNPROCESSED) ? 1 + COUNT : 0)
                    + (shown.contains(Field.ELAPSED) ? 1 + ELAPSED : 0)
                    + (shown.contains(Field.ETA) ? 1 + ETA : 0);
            int room = budget - fixed - 3;
            if (shown.contains(Field.BAR) && room >= MIN_BAR) {
                bar = Math.min(MAX_BAR, room);
                break;
            }
            if (!shown.contains(Field.BAR) && fixed <= budget) {
                break;
            }
            shown.remove(drop);
        }
        List<AttributedString> lines = new ArrayList<>();
        int maxLines = Math.max(1, height - 1);
        boolean header = maxLines >= 3;
        int room = maxLines - 1 - (header ? 1 : 0) - (waiting != null && maxLines >= 4 ? 1 : 0);
        if (header) {
            lines.add(fit(new AttributedString(headerRow(shown, bar)), budget));
        }
        if (room > 0) {
            if (jobs.size() <= room) {
                for (JobView j : jobs) {
                    lines.add(fit(row(j, shown, bar), budget));
                }
            } else {
                int rows = room - 1;
                List<JobView> order = new ArrayList<>(jobs);
                order.sort((a, b) -> Integer.compare(rank(a), rank(b)));
                List<JobView> visible = order.subList(0, Math.max(0, rows));
                for (JobView j : visible) {
                    lines.add(fit(row(j, shown, bar), budget));
                }
                Map<String, Integer> hidden = new LinkedHashMap<>();
                for (JobView j : order.subList(visible.size(), order.size())) {
                    hidden.merge(status(j), 1, Integer::sum);
                }
                List<String> parts = new ArrayList<>();
                hidden.forEach((status, n) -> parts.add(n + " " + status));
                lines.add(fit(new AttributedString("  + " + String.join(" · ", parts) + " (not shown)"), budget));
            }
        }
        if (waiting != null && maxLines >= 4) {
            lines.add(fit(styled("  " + waiting, AttributedStyle.YELLOW), budget));
        }
        lines.add(fit(new AttributedString(totals(elapsed, budget)), budget));
        return lines;
    }

    /** Active jobs first, then those still to send, then finished ones with failures, then the rest. */
    private static int rank(JobView j) {
        boolean sent = j.batchId() != null;
        if (!j.state().isTerminal() && sent) {
            return 0;
        }
        if (!j.state().isTerminal() && j.state() != JobState.UNKNOWN) {
            return 1;
        }
        if (j.errorCount() != null && j.errorCount() > 0 || j.state() == JobState.UNKNOWN) {
            return 2;
        }
        return 3;
    }

    private String headerRow(java.util.EnumSet<Field> shown, int bar) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("%-" + LABEL + "s %-" + STATUS + "s", "job", "status"));
        if (shown.contains(Field.BAR)) {
            b.append(' ').append(String.format("%-" + (bar + 2) + "s", "progress"));
        }
        b.append(' ').append(String.format("%" + OF + "s", "done/items"));
        if (shown.contains(Field.SUCCEEDED)) {
            b.append(' ').append(String.format("%" + COUNT + "s", "ok"));
        }
        if (shown.contains(Field.FAILED)) {
            b.append(' ').append(String.format("%" + COUNT + "s", "failed"));
        }
        if (shown.contains(Field.UNPROCESSED)) {
            b.append(' ').append(String.format("%" + COUNT + "s", "unproc"));
        }
        if (shown.contains(Field.ELAPSED)) {
            b.append(' ').append(String.format("%" + ELAPSED + "s", "elapsed"));
        }
        if (shown.contains(Field.ETA)) {
            b.append(' ').append(String.format("%" + ETA + "s", "ETA"));
        }
        return b.toString();
    }

    private AttributedString row(JobView j, java.util.EnumSet<Field> shown, int bar) {
        AttributedStringBuilder b = new AttributedStringBuilder();
        b.append(pad(label(j), LABEL)).append(' ');
        String status = status(j);
        b.append(styled(pad(status, STATUS), statusColour(j)));
        if (shown.contains(Field.BAR)) {
            b.append(' ').append(Bars.bar(j.processed(), j.items(), bar));
        }
        String of = j.processed() + "/" + (j.items() > 0 ? String.valueOf(j.items()) : "?");
        b.append(' ').append(String.format("%" + OF + "s", of));
        if (shown.contains(Field.SUCCEEDED)) {
            b.append(' ').append(String.format("%" + COUNT + "s", n(j.successCount())));
        }
        if (shown.contains(Field.FAILED)) {
            String failed = String.format("%" + COUNT + "s", n(j.errorCount()));
            b.append(' ').append(j.errorCount() != null && j.errorCount() > 0 ? styled(failed, AttributedStyle.RED)
                    : new AttributedString(failed));
        }
        if (shown.contains(Field.UNPROCESSED)) {
            b.append(' ').append(String.format("%" + COUNT + "s", n(j.unprocessCount())));
        }
        if (shown.contains(Field.ELAPSED)) {
            b.append(' ').append(String.format("%" + ELAPSED + "s", elapsed(j)));
        }
        if (shown.contains(Field.ETA)) {
            b.append(' ').append(String.format("%" + ETA + "s", eta(j)));
        }
        return b.toAttributedString();
    }

    /** How long the job has run as this view saw it: "–" while still to send, or when it finished before the watch. */
    String elapsed(JobView j) {
        Track t = tracks.get(key(j));
        if (t == null || t.began == null) {
            return "–";
        }
        return Bars.clock(Duration.between(t.began, t.ended != null ? t.ended : clock.instant()));
    }

    /**
     * How long the job still needs at its own rate since the view saw it begin (which falls while
     * nothing moves); "–" while that is not known or nothing moved for {@link #STALL}.
     */
    String eta(JobView j) {
        if (j.state().isTerminal()) {
            return "";
        }
        Track t = tracks.get(key(j));
        Instant now = clock.instant();
        if (t == null || t.began == null || j.items() <= 0 || j.processed() >= j.items()) {
            return "–";
        }
        long progress = j.processed() - t.base;
        long spent = Duration.between(t.began, now).toMillis();
        if (progress <= 0 || spent <= 0 || Duration.between(t.lastProgress, now).compareTo(STALL) > 0) {
            return "–";
        }
        return Bars.brief(Duration.ofMillis(Math.round((j.items() - j.processed()) * (spent / (double) progress))));
    }

    private String totals(Duration elapsed, int budget) {
        long items = 0;
        long known = 0;
        long processed = 0;
        long processedOfKnown = 0;
        // Items processed since the view first saw each job: the rate is this view's, not a burst.
        long progress = 0;
        Instant lastProgress = null;
        int done = 0;
        for (JobView j : jobs) {
            processed += j.processed();
            Track t = tracks.get(key(j));
            if (t != null && t.began != null) {
                progress += j.processed() - t.base;
                if (t.lastProgress != null && (lastProgress == null || t.lastProgress.isAfter(lastProgress))
                        && j.processed() > t.base) {
                    lastProgress = t.lastProgress;
                }
            }
            if (j.items() > 0) {
                items += j.items();
                known++;
                processedOfKnown += Math.min(j.processed(), j.items());
            }
            if (j.state().isTerminal() || j.state() == JobState.UNKNOWN && j.batchId() == null) {
                done++;
            }
        }
        String jobsDone = done + "/" + jobs.size() + " jobs done";
        String itemText = known == jobs.size() && items > 0 ? processed + "/" + Bars.count(items, "item", "items")
                : Bars.count(processed, "item", "items");
        String barText = items > 0 ? Bars.bar(processedOfKnown, items, 20) : null;
        double seconds = elapsed.toMillis() / 1000.0;
        String rate = seconds > 0 && progress > 0 ? Math.round(progress / seconds) + " items/s" : null;
        boolean stalled = lastProgress == null || Duration.between(lastProgress, clock.instant()).compareTo(STALL) > 0;
        String eta;
        if (done == jobs.size() && !jobs.isEmpty()) {
            eta = "done";
        } else if (items > 0 && progress > 0 && processedOfKnown < items && seconds > 0 && !stalled) {
            eta = "ETA " + Bars.brief(Duration.ofMillis(Math.round((items - processedOfKnown)
                    * (elapsed.toMillis() / (double) progress))));
        } else {
            eta = "ETA –";
        }
        String clock = Bars.clock(elapsed);
        // Longest first; the bar goes first, then the rate, then the elapsed time.
        String[][] forms = {
                {"total", jobsDone, itemText + (barText == null ? "" : " " + barText), rate, clock, eta},
                {"total", jobsDone, itemText, rate, clock, eta},
                {"total", jobsDone, itemText, null, clock, eta},
                {"total", jobsDone, itemText, null, null, eta},
        };
        String line = null;
        for (String[] form : forms) {
            line = join(form);
            if (line.length() <= budget) {
                return line;
            }
        }
        return line;
    }

    private static String join(String[] parts) {
        StringBuilder b = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length; i++) {
            if (parts[i] != null) {
                b.append(i == 1 ? " " : " · ").append(parts[i]);
            }
        }
        return b.toString();
    }

    /** A job of this run keeps its chunk when it gets an id; one watched by id has no chunk. */
    private static String key(JobView j) {
        return j.chunk() > 0 ? "chunk " + j.chunk() : "id " + j.batchId();
    }

    private static String label(JobView j) {
        if (j.batchId() != null) {
            return String.valueOf(j.batchId());
        }
        if (j.state() == JobState.COMPLETED) {
            return "inline";
        }
        return j.chunk() > 0 ? "chunk " + j.chunk() : "-";
    }

    /** The status as shown: the server's word, or a short one where ours would not fit the column. */
    static String status(JobView j) {
        String raw = j.rawStatus() == null ? j.state().wire() : j.rawStatus();
        if (raw.endsWith(ImportService.CREATE_NOT_CONFIRMED)) {
            return "unconfirmed";
        }
        if (raw.startsWith("Abandoned")) {
            return "abandoned";
        }
        return Bars.plain(raw);
    }

    private static int statusColour(JobView j) {
        if (j.state() == JobState.UNKNOWN || j.errorCount() != null && j.errorCount() > 0
                || j.unprocessCount() != null && j.unprocessCount() > 0) {
            return AttributedStyle.RED;
        }
        if (j.state() == JobState.COMPLETED) {
            return AttributedStyle.GREEN;
        }
        if (j.state() == JobState.RUNNING) {
            return -1;
        }
        return AttributedStyle.YELLOW;
    }

    private AttributedString styled(String text, int colourIndex) {
        if (!colour || colourIndex < 0) {
            return new AttributedString(text);
        }
        return new AttributedString(text, AttributedStyle.DEFAULT.foreground(colourIndex));
    }

    private static AttributedString fit(AttributedString s, int budget) {
        return s.columnLength() <= budget ? s : s.columnSubSequence(0, budget);
    }

    private static String pad(String s, int width) {
        if (s.length() > width) {
            return s.substring(0, width - 1) + "…";
        }
        return String.format("%-" + width + "s", s);
    }

    private static String n(Integer i) {
        return i == null ? "?" : i.toString();
    }
}
