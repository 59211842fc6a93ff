package io.tcbatch.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.api.BatchError;
import io.tcbatch.input.InputException;
import io.tcbatch.journal.Journal;
import io.tcbatch.journal.RunRecord;
import io.tcbatch.TestClock;

class ImportServiceTest {
    @TempDir
    Path home;

    private final ObjectMapper json = new ObjectMapper();
    private final FakeBatchApi api = new FakeBatchApi();
    private final TestClock clock = new TestClock();

    private ImportService service(int chunkSize) {
        ImportOptions o = ImportOptions.defaults().withChunkSize(chunkSize);
        return new ImportService(api, null, "test", new Journal(home, json, clock), o, clock, clock, json, new java.util.Random(7));
    }

    private ImportSpec spec(Path... files) {
        return new ImportSpec("Example Org", Action.Create, AttributeWriteType.Replace, false, List.of(files));
    }

    private Path textList(int count, String... extra) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add("198.51." + (i / 250) + "." + (i % 250 + 1));
        }
        lines.addAll(List.of(extra));
        Path f = home.resolve("list.txt");
        Files.write(f, lines);
        return f;
    }

    @Test
    void splitsIntoJobsOfChunkSizeAndCountsEveryItem() throws Exception {
        Path f = textList(12, "198.51.0.1", "198.51.0.2", "not an indicator at all", "# comment", "");
        ImportService s = service(5);
        SubmittedRun run = s.submit(spec(f));
        assertEquals(List.of(5, 5, 2), run.plan().chunks().stream().map(Chunk::items).toList());
        assertEquals(2, api.created.size(), "only as many jobs as may be in flight are sent before watching");
        assertEquals(List.of("Queued", "Queued", "Planned"), run.jobs().stream().map(j -> j.status()).toList());
        assertNull(run.jobs().get(2).batchId());
        assertEquals("V2", api.created.get(0).version());
        assertEquals("Example Org", api.created.get(0).owner());

        RunSummary sum = s.watch(List.of(run), WatchListener.NONE);
        assertEquals(3, api.created.size(), "watching sends the rest");
        RunSummary.Totals t = sum.totals();
        assertEquals(15, t.read());
        assertEquals(2, t.duplicates());
        assertEquals(1, t.rejected());
        assertEquals(12, t.submitted());
        assertEquals(12, t.succeeded());
        assertTrue(t.balanced());
        assertEquals(1, sum.exitCode(), "a rejected item makes the run partial");
        List<String> rejects = Files.readAllLines(Path.of(sum.rejects()));
        assertEquals(1, rejects.size());
        JsonNode r = json.readTree(rejects.get(0));
        assertEquals(15, r.get("line").asInt());
        assertEquals("not an indicator at all", r.get("value").asText());
    }

    @Test
    void cleanImportExitsZeroAndHasNoRejectsFile() throws Exception {
        Path f = textList(3);
        ImportService s = service(5000);
        RunSummary sum = s.watch(List.of(s.submit(spec(f))), WatchListener.NONE);
        assertEquals(0, sum.exitCode());
        assertNull(sum.rejects());
        assertEquals(List.of("Completed"), sum.jobs().stream().map(RunSummary.Job::status).toList());
    }

    @Test
    void malformedJsonSubmitsNothingAndLeavesNoRun() throws Exception {
        Path f = home.resolve("bad.json");
        Files.writeString(f, "[{\"type\":\"Host\",\"summary\":\"a.example.com\"},\n {\"type\": }]");
        ImportService s = service(5000);
        InputException e = assertThrows(InputException.class, () -> s.submit(spec(f)));
        assertEquals(2, e.line());
        assertTrue(e.getMessage().startsWith(f + ":2:"), e.getMessage());
        assertEquals(0, api.created.size());
        assertTrue(new Journal(home, json, clock).recent(10).isEmpty());
    }

    @Test
    void missingFileIsAnInputErrorNamingThePath() {
        Path f = home.resolve("nope.json");
        InputException e = assertThrows(InputException.class, () -> service(10).submit(spec(f)));
        assertTrue(e.getMessage().contains(f.toString()));
        assertEquals(0, api.created.size());
    }

    @Test
    void groupsServerErrorsByCodeAndReasonWithExamples() throws Exception {
        api.errorsPerJob = List.of(
                new BatchError("Error (0x1005): a.example.com is not valid. The indicator could not be processed as a valid Host.", "a.example.com", null),
                new BatchError("Error (0x1005): b.example.com is not valid. The indicator could not be processed as a valid Host.", "b.example.com", null),
                new BatchError("free text without a code", null, null));
        Path f = textList(4);
        ImportService s = service(5000);
        RunSummary sum = s.watch(List.of(s.submit(spec(f))), WatchListener.NONE);
        assertEquals(3, sum.totals().failed());
        assertEquals(1, sum.totals().succeeded());
        assertEquals(2, sum.errors().size());
        RunSummary.ErrorGroup g = sum.errors().get(0);
        assertEquals("0x1005", g.code());
        assertEquals(2, g.count());
        assertEquals("{item} is not valid. The indicator could not be processed as a valid Host.", g.reason());
        assertEquals(List.of("a.example.com", "b.example.com"), g.examples());
        assertEquals("unknown", sum.errors().get(1).code());
        assertEquals(1, sum.exitCode());
    }

    @Test
    void asksAgainForALateErrorFileThenReportsItNotAvailable() throws Exception {
        api.errorsPerJob = List.of(new BatchError("Error (0x1005): x", "x", null));
        api.errorFileMisses = 10;
        ImportService s = service(5000);
        RunSummary sum = s.watch(List.of(s.submit(spec(textList(2)))), WatchListener.NONE);
        assertEquals(1, sum.errors().size());
        assertEquals("unknown", sum.errors().get(0).code());
        assertTrue(sum.errors().get(0).reason().contains("not available"), sum.errors().get(0).reason());
        assertEquals(1, sum.errors().get(0).count());
    }

    @Test
    void pollsWithAGrowingJitteredIntervalUntilCompleted() throws Exception {
        api.pollsUntilDone = 4;
        ImportService s = service(5000);
        s.watch(List.of(s.submit(spec(textList(2)))), WatchListener.NONE);
        assertEquals(5, api.statusCalls.size());
        assertEquals(5, clock.sleeps.size());
        // First check a second after the upload, then x1.7 each time, each within +-20 %.
        assertEquals(Duration.ofSeconds(1), clock.sleeps.get(0));
        double expected = 1000;
        for (int i = 1; i < clock.sleeps.size(); i++) {
            expected = Math.min(20_000, expected * 1.7);
            long ms = clock.sleeps.get(i).toMillis();
            assertTrue(ms >= expected * 0.8 - 1 && ms <= expected * 1.2 + 1, "sleep " + i + " was " + ms + " ms, expected about " + expected);
        }
    }

    @Test
    void anUnknownStatusIsNeverTakenAsFinishedAndTheJobIsGivenUpAfterFiveReadings() throws Exception {
        api.finalStatus = "Exploded";
        api.pollsUntilDone = 1;
        ImportService s = service(5000);
        SubmittedRun run = s.submit(spec(textList(2)));
        RunSummary sum = s.watch(List.of(run), WatchListener.NONE);
        assertEquals(6, api.statusCalls.size(), "one Queued, then five unknown readings");
        assertEquals(3, sum.exitCode());
        assertEquals("Abandoned: Exploded", sum.jobs().get(0).status());
        assertEquals(1, sum.errors().size());
        assertTrue(sum.errors().get(0).reason().contains("\"status\":\"Exploded\""), sum.errors().get(0).reason());
        assertEquals(0, sum.totals().succeeded());
    }

    @Test
    void aJobStillRunningAtTheDeadlineTimesOutWithExit4ListingItAndTheUnsentChunks() throws Exception {
        api.pollsUntilDone = Integer.MAX_VALUE;
        ImportOptions o = new ImportOptions(2, 2_000_000L, 1, Duration.ofSeconds(1), Duration.ofSeconds(10),
                Duration.ofMinutes(2), Duration.ZERO, Duration.ofMinutes(2));
        ImportService s = new ImportService(api, null, "test", new Journal(home, json, clock), o, clock, clock, json,
                new java.util.Random(1));
        SubmittedRun run = s.submit(spec(textList(3)));
        WatchTimeoutException e = assertThrows(WatchTimeoutException.class, () -> s.watch(List.of(run), WatchListener.NONE));
        assertEquals(4, e.partial().exitCode());
        assertEquals("Running", e.partial().jobs().get(0).status());
        assertTrue(e.getMessage().contains("jobs still pending: [" + run.batchIds().get(0) + "]"), e.getMessage());
        assertTrue(e.getMessage().contains("chunks never sent: 1 (chunk 2)"), e.getMessage());
        assertFalse(clock.instant().isAfter(java.time.Instant.parse("2026-01-01T00:02:00Z")), "never sleeps past the deadline");
        RunRecord rec = new Journal(home, json, clock).load(run.runId()).orElseThrow();
        assertFalse(rec.state().equals("done"), "a timed-out run is not recorded as done");
    }

    @Test
    void journalRecordsEveryJobWithItsFinalCounts() throws Exception {
        ImportService s = service(2);
        SubmittedRun run = s.submit(spec(textList(3)));
        s.watch(List.of(run), WatchListener.NONE);
        RunRecord rec = new Journal(home, json, clock).load(run.runId()).orElseThrow();
        assertEquals("done", rec.state());
        assertEquals(0, rec.exitCode());
        assertEquals(2, rec.jobs().size());
        assertEquals("Completed", rec.jobs().get(0).status());
        assertEquals(2, rec.jobs().get(0).successCount());
        assertEquals(1, rec.jobs().get(1).successCount());
    }
}
