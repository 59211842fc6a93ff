package io.tcbatch.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.junit.jupiter.api.Test;

import io.tcbatch.TestClock;

class ProgressBarTest {
    private final TestClock clock = new TestClock();
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    private Terminal terminal(int columns) throws IOException {
        return TerminalBuilder.builder().system(false).type("xterm-256color")
                .streams(new ByteArrayInputStream(new byte[0]), screen).encoding(StandardCharsets.UTF_8)
                .size(new Size(columns, 10)).build();
    }

    @Test
    void bytesOfTheFileItemsRateAndEtaFromTheClock() throws IOException {
        try (Terminal t = terminal(100)) {
            ProgressBar p = new ProgressBar(t, clock);
            p.start("reading feed.json", 10L * 1024 * 1024, "bytes");
            clock.sleep(Duration.ofSeconds(2));
            p.at(4L * 1024 * 1024);
            p.detail("12000 items");
            String line = p.line(100);
            assertTrue(line.startsWith("reading feed.json [##########---------------"), line);
            assertTrue(line.endsWith("] 4.0 MB of 10.0 MB · 12000 items · 2.0 MB/s · ETA 3s"), line);
            assertEquals(99, line.length(), "the bar takes the room left, up to the last column but one");
            assertTrue(p.line(60).length() <= 59, p.line(60));
            assertTrue(p.line(60).contains("4.0 MB of 10.0 MB"), p.line(60));
        }
    }

    @Test
    void chunksSentOfPlannedAndAFinishedLineWhenDone() throws IOException {
        try (Terminal t = terminal(120)) {
            ProgressBar p = new ProgressBar(t, clock);
            p.start("uploading", 4, "chunks");
            for (int i = 0; i < 3; i++) {
                clock.sleep(Duration.ofSeconds(1));
                p.advance(1);
            }
            p.detail("3.0 MB sent");
            assertTrue(p.line(120).contains("3 of 4 chunks · 3.0 MB sent · 1 chunks/s · ETA 1s"), p.line(120));
            clock.sleep(Duration.ofSeconds(1));
            p.advance(1);
            p.done();
            String out = screen.toString(StandardCharsets.UTF_8);
            // The terminal turns a newline into CR LF.
            assertTrue(out.endsWith("\r\n"), "the finished bar ends its line");
            String body = out.substring(0, out.length() - 2);
            String last = body.substring(body.lastIndexOf('\r') + 1);
            assertTrue(last.startsWith("uploading [##############################] 4 of 4 chunks · 3.0 MB sent · 1 chunks/s · in 4s"),
                    last);
        }
    }

    @Test
    void redrawsAtMostEvery150Millis() throws IOException {
        try (Terminal t = terminal(100)) {
            ProgressBar p = new ProgressBar(t, clock);
            p.start("reading big.json", 1_000_000, "bytes");
            for (int i = 1; i <= 1000; i++) {
                clock.sleep(Duration.ofMillis(1));
                p.at(i * 1000L);
            }
            long redraws = screen.toString(StandardCharsets.UTF_8).chars().filter(c -> c == '\r').count();
            // one at the start, then one per 150 ms of the 1000 ms
            assertEquals(7, redraws);
        }
    }

    @Test
    void aFailedStepWipesTheBarSoTheErrorLineStandsAlone() throws IOException {
        try (Terminal t = terminal(100)) {
            ProgressBar p = new ProgressBar(t, clock);
            p.start("reading syntax.json", 116, "bytes");
            screen.reset();
            p.failed();
            // Back to the start of the line and cleared to its end; no finished bar, no newline.
            assertEquals("\r\u001b[K", screen.toString(StandardCharsets.UTF_8));
            screen.reset();
            p.done();
            assertEquals(0, screen.size(), "a failed step is over: done() after it draws nothing");
        }
    }
}
