package io.tcbatch.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.tcbatch.api.JobState;
import io.tcbatch.batch.JobView;

class WatchLinesTest {

    @Test
    void oneLinePerChangeSayingWhatChangedAndNoEscapeByteEver() {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        WatchLines w = new WatchLines(new PrintStream(b, true, StandardCharsets.UTF_8));
        JobView planned = new JobView(null, 1, 50, JobState.CREATED, "Planned", null, null, null, Duration.ZERO);
        JobView queued = new JobView(17L, 1, 50, JobState.QUEUED, "Queued", null, null, null, Duration.ofSeconds(1));
        JobView running = new JobView(17L, 1, 50, JobState.RUNNING, "Running", 20, 1, 0, Duration.ofSeconds(4));
        // A hostile or broken server status text must not reach a log as an escape sequence.
        JobView odd = new JobView(17L, 1, 50, JobState.UNKNOWN, "\u001b[31mExploded\u001b[0m", 20, 1, 0, Duration.ofSeconds(6));
        w.changed(planned, List.of(planned));
        w.changed(queued, List.of(queued));
        w.changed(running, List.of(running));
        w.waiting("rate limited by the server: next try in 5 s");
        w.changed(odd, List.of(odd));
        w.note("\u001b]0;title\u0007 from the server");
        w.stopped(List.of(odd));
        byte[] out = b.toByteArray();
        for (byte x : out) {
            assertTrue(x != 0x1b, "ESC in the output: " + b.toString(StandardCharsets.UTF_8));
        }
        List<String> lines = b.toString(StandardCharsets.UTF_8).lines().toList();
        // Stopping adds nothing here: the caller prints the one line on how to resume.
        assertEquals(6, lines.size(), lines.toString());
        assertEquals("[00:00:00] job - (1/1) Planned 0/50 succeeded ? failed ? unprocessed ?", lines.get(0));
        assertEquals("[00:00:01] job 17 (1/1) Queued (was Planned) 0/50 succeeded ? failed ? unprocessed ?", lines.get(1));
        assertEquals("[00:00:04] job 17 (1/1) Running (was Queued) 21/50 succeeded 20 failed 1 unprocessed 0", lines.get(2));
        assertEquals("note: rate limited by the server: next try in 5 s", lines.get(3));
        assertTrue(lines.get(4).contains("?[31mExploded?[0m (was Running)"), lines.get(4));
        assertFalse(lines.get(5).contains("\u0007"), lines.get(5));
    }
}
