package io.tcbatch.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What one {@code save} costs on a run of 200 chunks, saved as ImportService does: the whole run
 * each time, one job changed. Prints the figures; fails only when a save is grossly slow.
 */
class JournalCostTest {
    @TempDir
    Path home;

    @Test
    void oneSaveOfA200ChunkRunWritesOneJob() {
        long t0 = System.nanoTime();
        Journal j = new Journal(home, new ObjectMapper(), Clock.systemUTC());
        List<JobRecord> jobs = new ArrayList<>();
        for (int c = 1; c <= 200; c++) {
            jobs.add(new JobRecord(null, c, 500, "Planned", null, null, null, null, "chunk-" + c + ".json", false,
                    (c - 1) * 500L, 60_000, "e".repeat(64)));
        }
        RunRecord run = new RunRecord("20261204-100000-1a2b", "2026-12-04T10:00:00Z", "local", "http://127.0.0.1:1/api",
                "Example Org", "Create", List.of("big.json"), jobs, "submitting", null, null, null, null,
                Map.of("origin", "import"));
        j.save(run);
        long open = (System.nanoTime() - t0) / 1_000_000;
        int saves = 0;
        long t1 = System.nanoTime();
        for (int c = 0; c < 200; c++) {
            for (String step : List.of("Creating", "Created", "Uploaded", "Running", "Completed")) {
                JobRecord was = jobs.get(c);
                jobs.set(c, step.equals("Completed") ? was.withReading(1000L + c, step, 500, 0, 0, Map.of())
                        : was.withStatus(step.equals("Creating") ? null : 1000L + c, step));
                run = run.withJobs(jobs, "submitting");
                j.save(run);
                saves++;
            }
        }
        double each = (System.nanoTime() - t1) / 1e6 / saves;
        j.close();
        long t2 = System.nanoTime();
        try (Journal warm = new Journal(home, new ObjectMapper(), Clock.systemUTC())) {
            assertEquals(200, warm.load(run.run()).orElseThrow().jobs().stream().filter(x -> "Completed".equals(x.status()))
                    .count());
            long reopen = (System.nanoTime() - t2) / 1_000_000;
            assertEquals(5, warm.history(run.run(), 200).size() - 1, "Planned, then one row per step");
            System.out.printf("journal: first open and save %d ms (cold in this JVM), %d saves of a 200-chunk run:"
                    + " %.2f ms each, reopen and load %d ms%n", open, saves, each, reopen);
            assertTrue(each < 50, each + " ms a save");
        }
    }
}
