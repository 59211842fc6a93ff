package io.tcbatch.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.builtins.ScreenTerminal;
import org.jline.utils.AttributedString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.tcbatch.TestClock;
import io.tcbatch.api.JobState;
import io.tcbatch.batch.ImportService;
import io.tcbatch.batch.JobView;

class LiveWatchTest {
    private final TestClock clock = new TestClock();
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final List<Terminal> opened = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        for (Terminal t : opened) {
            t.close();
        }
    }

    /** A virtual xterm of a fixed size writing into {@link #screen}. */
    private Terminal terminal(int columns, int rows) throws IOException {
        Terminal t = TerminalBuilder.builder().system(false).type("xterm-256color")
                .streams(new ByteArrayInputStream(new byte[0]), screen).encoding(StandardCharsets.UTF_8)
                .size(new Size(columns, rows)).build();
        opened.add(t);
        return t;
    }

    private static JobView job(long id, int chunk, JobState state, String status, int items, int ok, int failed,
                               long elapsedSeconds) {
        return new JobView(id, chunk, items, state, status, ok, failed, 0, Duration.ofSeconds(elapsedSeconds));
    }

    private static List<JobView> mixed(int n) {
        List<JobView> all = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            JobState s = i % 3 == 0 ? JobState.RUNNING : i % 3 == 1 ? JobState.COMPLETED : JobState.QUEUED;
            all.add(job(1000 + i, i, s, s.wire(), 5000, s == JobState.COMPLETED ? 4990 : 1200, s == JobState.QUEUED ? 0 : 10, 65));
        }
        return all;
    }

    private static void assertFits(List<AttributedString> lines, int width) {
        for (AttributedString l : lines) {
            assertTrue(l.columnLength() <= width - 1, "longer than " + (width - 1) + ": [" + l + "] " + l.columnLength());
        }
    }

    @Test
    void everyLineFitsAt60And80And200ColumnsAndTheBarNarrowsBeforeFieldsGo() throws IOException {
        LiveWatch w = new LiveWatch(terminal(200, 40), clock, true, false);
        w.changed(null, mixed(5));
        List<AttributedString> wide = w.layout(200, 40);
        List<AttributedString> mid = w.layout(80, 40);
        List<AttributedString> narrow = w.layout(60, 40);
        assertFits(wide, 200);
        assertFits(mid, 80);
        assertFits(narrow, 60);
        // header + 5 jobs + totals, at every width: no row was wrapped or lost
        assertEquals(7, wide.size());
        assertEquals(7, narrow.size());
        String wideHeader = wide.get(0).toString();
        assertTrue(wideHeader.contains("elapsed") && wideHeader.contains("unproc") && wideHeader.contains("progress"), wideHeader);
        assertTrue(wide.get(2).toString().matches("1002 +Queued +\\[#{7}-{23}\\] .*"), wide.get(2).toString());
        String midHeader = mid.get(0).toString();
        assertTrue(midHeader.contains("progress") && !midHeader.contains("elapsed"), midHeader);
        String narrowHeader = narrow.get(0).toString();
        assertFalse(narrowHeader.contains("progress"), narrowHeader);
        assertTrue(narrowHeader.contains("failed") && narrowHeader.contains("ETA"), narrowHeader);
        assertTrue(narrow.get(3).toString().startsWith("1003     Running"), narrow.get(3).toString());
        assertTrue(narrow.get(3).toString().contains("1210/5000"), narrow.get(3).toString());
    }

    @Test
    void aResizeRedrawsAtTheNewWidthAndTheOldHandlerIsPutBackAfter() throws IOException {
        Terminal t = terminal(200, 30);
        Terminal.SignalHandler mine = s -> { };
        t.handle(Terminal.Signal.WINCH, mine);
        LiveWatch w = new LiveWatch(t, clock, false, false);
        w.changed(null, mixed(4));
        List<String> before = w.drawnLines();
        assertTrue(before.get(0).contains("elapsed"), before.get(0));
        t.setSize(new Size(60, 30));
        t.raise(Terminal.Signal.WINCH);
        List<String> after = stripped(w.drawnLines());
        assertNotEquals(before, after);
        for (String line : after) {
            assertTrue(line.length() <= 59, line);
        }
        w.finished(mixed(4));
        assertSame(mine, t.handle(Terminal.Signal.WINCH, Terminal.SignalHandler.SIG_DFL));
    }

    @Test
    void a150JobWatchFitsTheHeightWithTheActiveJobsFirstAndTheRestCountedByStatus() throws IOException {
        List<JobView> all = new ArrayList<>();
        for (int i = 1; i <= 150; i++) {
            all.add(i > 145 ? job(i, i, JobState.RUNNING, "Running", 100, 40, 0, 30)
                    : job(i, i, JobState.COMPLETED, "Completed", 100, 100, 0, 30));
        }
        all.set(10, new JobView(null, 11, 100, JobState.CREATED, "Planned", null, null, null, Duration.ZERO));
        LiveWatch w = new LiveWatch(terminal(100, 20), clock, false, false);
        w.changed(null, all);
        List<String> lines = w.drawnLines();
        assertTrue(lines.size() <= 19, lines.size() + " lines: " + lines);
        // the five running jobs come first, right after the header, then the one still to send
        for (int i = 1; i <= 5; i++) {
            assertTrue(lines.get(i).contains("Running"), lines.get(i));
        }
        assertTrue(lines.get(6).startsWith("chunk 11 Planned"), lines.get(6));
        String summary = lines.get(lines.size() - 2);
        int shown = lines.size() - 3; // header, summary line, totals
        assertEquals("  + " + (150 - shown) + " Completed (not shown)", summary);
        assertTrue(lines.get(lines.size() - 1).startsWith("total 144/150 jobs done"), lines.get(lines.size() - 1));
    }

    @Test
    void etaComesFromTheRateOfProcessedItemsSoFarAndIsADashWhileUnknown() throws IOException {
        LiveWatch w = new LiveWatch(terminal(200, 20), clock, false, false);
        JobView fresh = new JobView(7L, 1, 1000, JobState.RUNNING, "Running", 0, 0, 0, Duration.ZERO);
        w.changed(fresh, List.of(fresh));
        assertEquals("–", w.eta(fresh));
        assertTrue(w.drawnLines().get(2).endsWith("ETA –"), w.drawnLines().get(2));
        clock.sleep(Duration.ofSeconds(10));
        JobView later = new JobView(7L, 1, 1000, JobState.RUNNING, "Running", 240, 10, 0, Duration.ofSeconds(10));
        w.changed(later, List.of(later));
        // 250 of 1000 in 10 s: 750 left at 25 items/s
        assertEquals("30s", w.eta(later));
        String totals = w.drawnLines().get(2);
        assertTrue(totals.contains("250/1000 items"), totals);
        assertTrue(totals.contains("25 items/s"), totals);
        assertTrue(totals.contains("00:00:10"), totals);
        assertTrue(totals.endsWith("ETA 30s"), totals);
        JobView unsized = new JobView(8L, 0, 0, JobState.RUNNING, "Running", 5, 0, 0, Duration.ofSeconds(10));
        assertEquals("–", w.eta(unsized), "a job watched by id has no known size");
    }

    @Test
    void coloursTheStatusesUnlessNoColor() throws IOException {
        List<JobView> jobs = List.of(job(1, 1, JobState.COMPLETED, "Completed", 10, 10, 0, 5),
                job(2, 2, JobState.COMPLETED, "Completed", 10, 8, 2, 5), job(3, 3, JobState.QUEUED, "Queued", 10, 0, 0, 5));
        LiveWatch coloured = new LiveWatch(terminal(120, 20), clock, true, false);
        coloured.changed(null, jobs);
        String ansi = String.join("\n", coloured.drawnAnsi());
        assertTrue(ansi.contains("\u001b["), ansi);
        int drawnWithColour = screen.size();
        screen.reset();

        LiveWatch plain = new LiveWatch(terminal(120, 20), clock, false, false);
        plain.changed(null, jobs);
        plain.finished(jobs);
        for (String line : plain.drawnAnsi()) {
            assertFalse(line.contains("\u001b"), line);
        }
        String out = screen.toString(StandardCharsets.UTF_8);
        assertFalse(out.matches("(?s).*\u001b\\[[0-9;]*3[1-3]m.*"), "a colour escape was written with NO_COLOR");
        assertTrue(drawnWithColour > 0);
    }

    @Test
    void aLostCreateIsShownUnconfirmedUnderItsChunkNotInline() throws IOException {
        JobView lost = new JobView(null, 2, 500, JobState.UNKNOWN, ImportService.CREATE_NOT_CONFIRMED, null, null, null,
                Duration.ZERO);
        LiveWatch w = new LiveWatch(terminal(100, 20), clock, false, false);
        w.changed(lost, List.of(lost));
        String row = w.drawnLines().get(1);
        assertTrue(row.startsWith("chunk 2  unconfirmed "), row);
        assertFalse(row.contains("inline"), row);
    }

    @Test
    void redrawsAtMostEvery150MillisAndDrawsTheLastChangeAfter() throws IOException {
        LiveWatch w = new LiveWatch(terminal(100, 20), clock, false, false);
        JobView a = job(1, 1, JobState.QUEUED, "Queued", 10, 0, 0, 1);
        JobView b = job(1, 1, JobState.RUNNING, "Running", 10, 2, 0, 1);
        w.changed(a, List.of(a));
        clock.sleep(Duration.ofMillis(50));
        w.changed(b, List.of(b));
        assertTrue(w.drawnLines().get(1).contains("Queued"), "the second change came too soon to be drawn");
        clock.sleep(Duration.ofMillis(100));
        w.flush();
        assertTrue(w.drawnLines().get(1).contains("Running"), w.drawnLines().get(1));
    }

    @Test
    void aRateLimitWaitIsARowOfTheBlockUntilTheNextChange() throws IOException {
        LiveWatch w = new LiveWatch(terminal(100, 20), clock, false, false);
        JobView a = job(1, 1, JobState.QUEUED, "Queued", 10, 0, 0, 1);
        w.changed(a, List.of(a));
        clock.sleep(Duration.ofSeconds(1));
        w.waiting("rate limited by the server: next try in 5 s");
        assertTrue(w.drawnLines().contains("  rate limited by the server: next try in 5 s"), w.drawnLines().toString());
        clock.sleep(Duration.ofSeconds(5));
        w.changed(a, List.of(a));
        assertFalse(w.drawnLines().toString().contains("rate limited"), w.drawnLines().toString());
    }

    @Test
    void ctrlCFinishesTheBlockWithTheCursorBelowItAndPrintsTheNotes() throws IOException {
        Terminal t = terminal(100, 20);
        LiveWatch w = new LiveWatch(t, clock, false, false);
        JobView a = job(1, 1, JobState.RUNNING, "Running", 10, 3, 0, 1);
        w.changed(a, List.of(a));
        w.note("job 1 is still Created 5 min after its upload");
        screen.reset();
        w.stopped(List.of(a));
        String out = screen.toString(StandardCharsets.UTF_8);
        // The block is drawn afresh (the terminal's "^C" echo moved the cursor), then the move below it
        // and the note (the terminal writes CR LF).
        assertTrue(out.endsWith("ETA –\r\nnote: job 1 is still Created 5 min after its upload\r\n"), out);
        // Nothing is drawn after the block is finished.
        screen.reset();
        w.changed(a, List.of(a));
        assertEquals(0, screen.size());
    }

    @Test
    void theClocksTickWithoutChangesAndTheEtaGrowsWhileNothingMovesThenIsADash() throws IOException {
        LiveWatch w = new LiveWatch(terminal(160, 20), clock, false, false);
        w.changed(null, List.of(job(1, 1, JobState.RUNNING, "Running", 1000, 0, 0, 0)));
        clock.sleep(Duration.ofSeconds(1));
        w.changed(null, List.of(job(1, 1, JobState.RUNNING, "Running", 1000, 200, 0, 1)));
        assertEquals("total 0/1 jobs done · 200/1000 items [####----------------] · 200 items/s · 00:00:01 · ETA 4s",
                w.drawnLines().get(2));
        assertTrue(w.drawnLines().get(1).endsWith("00:00:01     4s"), w.drawnLines().get(1));
        // The server holds the job: no change comes, the timer's tick redraws with the time gone by.
        clock.sleep(Duration.ofSeconds(3));
        w.tick();
        assertEquals("total 0/1 jobs done · 200/1000 items [####----------------] · 50 items/s · 00:00:04 · ETA 16s",
                w.drawnLines().get(2));
        assertTrue(w.drawnLines().get(1).endsWith("00:00:04    16s"), w.drawnLines().get(1));
        clock.sleep(LiveWatch.STALL);
        w.tick();
        assertTrue(w.drawnLines().get(2).endsWith("00:01:04 · ETA –"), w.drawnLines().get(2));
        assertTrue(w.drawnLines().get(1).endsWith("00:01:04      –"), w.drawnLines().get(1));
    }

    @Test
    void afterAResumeTheRateCountsOnlyWhatMovedInThisWatchAndFinishedJobsHaveNoElapsedTime() throws IOException {
        LiveWatch w = new LiveWatch(terminal(160, 20), clock, false, false);
        JobView finished = job(1, 1, JobState.COMPLETED, "Completed", 500, 500, 0, 0);
        w.changed(null, List.of(finished, job(2, 2, JobState.RUNNING, "Running", 1000, 400, 0, 0)));
        clock.sleep(Duration.ofSeconds(2));
        w.changed(null, List.of(finished, job(2, 2, JobState.RUNNING, "Running", 1000, 500, 0, 2)));
        List<String> lines = w.drawnLines();
        assertTrue(lines.get(1).strip().endsWith("–"), "finished before the watch: " + lines.get(1));
        assertFalse(lines.get(1).contains("00:00:00"), lines.get(1));
        assertTrue(lines.get(2).contains(" 00:00:02 "), lines.get(2));
        // 100 items moved in 2 s (not 1000): 500 left of job 2 at 50/s
        assertEquals("total 1/2 jobs done · 1000/1500 items [#############-------] · 50 items/s · 00:00:02 · ETA 10s",
                lines.get(3));
        assertEquals("10s", w.eta(job(2, 2, JobState.RUNNING, "Running", 1000, 500, 0, 2)));
    }

    @Test
    void oneItemIsOneItem() throws IOException {
        LiveWatch w = new LiveWatch(terminal(160, 20), clock, false, false);
        w.changed(null, List.of(job(1, 1, JobState.COMPLETED, "Completed", 1, 1, 0, 0)));
        assertTrue(w.drawnLines().get(2).startsWith("total 1/1 jobs done · 1/1 item ["), w.drawnLines().get(2));
    }

    /** A terminal that renders into {@code vt}, as a screen would show it. */
    private Terminal rendering(ScreenTerminal vt, int columns, int rows) throws IOException {
        java.io.OutputStream into = new java.io.OutputStream() {
            private final ByteArrayOutputStream pending = new ByteArrayOutputStream();

            @Override
            public void write(int b) {
                pending.write(b);
            }

            @Override
            public void flush() {
                vt.write(pending.toString(StandardCharsets.UTF_8));
                pending.reset();
            }
        };
        Terminal t = TerminalBuilder.builder().system(false).type("xterm-256color")
                .streams(new ByteArrayInputStream(new byte[0]), into).encoding(StandardCharsets.UTF_8)
                .size(new Size(columns, rows)).build();
        opened.add(t);
        return t;
    }

    @Test
    void ctrlCsEchoDoesNotGarbleTheLastLine() throws IOException {
        ScreenTerminal vt = new ScreenTerminal(100, 20);
        Terminal t = rendering(vt, 100, 20);
        LiveWatch w = new LiveWatch(t, clock, false, false);
        JobView a = job(1, 1, JobState.RUNNING, "Running", 1000, 300, 0, 1);
        clock.sleep(Duration.ofSeconds(3));
        w.changed(a, List.of(a));
        // What the terminal does on Ctrl-C: echoes ^C where the cursor rests, at the end of the block.
        vt.write("^C");
        clock.sleep(Duration.ofSeconds(21));
        w.stopped(List.of(a));
        List<String> drawn = stripped(w.drawnLines());
        assertEquals("total 0/1 jobs done · 300/1000 items [######--------------] · 00:00:24 · ETA –",
                drawn.get(2));
        assertEquals(drawn, shown(vt, 3));
    }

    @Test
    void shrinkingTheTerminalMidWatchRedrawsTheBlockCleanlyAtTheNewWidth() throws IOException {
        ScreenTerminal vt = new ScreenTerminal(120, 30);
        Terminal t = rendering(vt, 120, 30);
        LiveWatch w = new LiveWatch(t, clock, false, false);
        w.changed(null, mixed(4));
        assertEquals(stripped(w.drawnLines()), shown(vt, w.drawnLines().size()));
        assertTrue(w.drawnLines().get(0).length() > 100, "drawn wide first: " + w.drawnLines().get(0));
        vt.setSize(70, 30);
        t.setSize(new Size(70, 30));
        t.raise(Terminal.Signal.WINCH);
        clock.sleep(Duration.ofSeconds(1));
        w.stopped(mixed(4));
        List<String> after = stripped(w.drawnLines());
        for (String line : after) {
            assertTrue(line.length() <= 69, line);
        }
        // What the screen shows is exactly the block as drawn at 70 columns: nothing left over of the
        // wide one, on no line (the header included), and nothing below it.
        List<String> screenLines = shown(vt, 30);
        assertEquals(after, screenLines.subList(0, after.size()));
        assertTrue(screenLines.subList(after.size(), 30).stream().allMatch(String::isEmpty), screenLines.toString());
    }

    private static List<String> stripped(List<String> lines) {
        return lines.stream().map(String::stripTrailing).toList();
    }

    /** The first {@code n} rows of the virtual screen, without trailing blanks. */
    private static List<String> shown(ScreenTerminal vt, int n) {
        String[] rows = vt.toString().split("\n", -1);
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(i < rows.length ? rows[i].stripTrailing() : "");
        }
        return out;
    }
}
