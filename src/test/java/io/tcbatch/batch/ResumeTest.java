package io.tcbatch.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.TestClock;
import io.tcbatch.api.BatchError;
import io.tcbatch.journal.ErrorFileRecord;
import io.tcbatch.journal.JobRecord;
import io.tcbatch.journal.Journal;
import io.tcbatch.journal.RunRecord;

/**
 * A run stopped dead at each step (the fake API throws an Error where a kill would stop the
 * process, so nothing after it is recorded), then resumed by a new service over the same journal
 * and the same server: every chunk is created and uploaded exactly once, nothing is lost, and the
 * summary is the whole run's.
 */
class ResumeTest {
    @TempDir
    Path home;

    private final ObjectMapper json = new ObjectMapper();
    private final FakeBatchApi api = new FakeBatchApi();
    private final TestClock clock = new TestClock();
    private final List<String> notes = new ArrayList<>();
    private final WatchListener listener = new WatchListener() {
        @Override
        public void changed(JobView job, List<JobView> all) {
        }

        @Override
        public void note(String message) {
            notes.add(message);
        }
    };

    private ImportService service(int inFlight) {
        ImportOptions o = new ImportOptions(2, 2_000_000L, inFlight, Duration.ofSeconds(1), Duration.ofSeconds(20),
                Duration.ofMinutes(60), Duration.ofSeconds(10), Duration.ofSeconds(120));
        return new ImportService(api, null, "test", journal(), o, clock, clock, json, new Random(42));
    }

    private Journal journal() {
        return new Journal(home, json, clock);
    }

    private Path input;

    /** Six indicators: three chunks of two. */
    private ImportSpec spec() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            lines.add("203.0.113." + i);
        }
        input = Files.write(home.resolve("list.txt"), lines);
        return new ImportSpec("Example Org", Action.Create, AttributeWriteType.Replace, false, List.of(input));
    }

    /** Imports until the fake "kills" the process; returns the run id. */
    private String crashedImport(int inFlight) throws Exception {
        ImportService s = service(inFlight);
        ImportSpec spec = spec();
        Plan plan = s.prepare(spec, 2);
        assertThrows(FakeBatchApi.Crash.class, () -> s.watch(List.of(s.upload(spec, plan)), listener));
        api.crashAfter = null;
        api.crashBefore = null;
        return plan.runId();
    }

    private RunRecord rec(String run) {
        return journal().load(run).orElseThrow();
    }

    private List<String> statuses(String run) {
        return rec(run).jobs().stream().map(JobRecord::status).toList();
    }

    /** A new process: a new service over the same journal and server. */
    private RunSummary resume(String run) throws Exception {
        api.repollAllowed = true;
        return service(2).watchRun(rec(run), listener);
    }

    /** Each uploaded job's indicator values, so a chunk sent twice (or lost) shows. */
    private List<String> uploadedValues() {
        List<String> values = new ArrayList<>();
        for (JsonNode file : new TreeMap<>(api.uploads).values()) {
            for (JsonNode i : file.path("indicator")) {
                values.add(i.path("summary").asText());
            }
        }
        values.sort(null);
        return values;
    }

    private static final List<String> ALL = List.of("203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4",
            "203.0.113.5", "203.0.113.6");

    private void assertWholeRunOnce(RunSummary sum) {
        assertEquals(ALL, uploadedValues(), "every item uploaded exactly once");
        assertEquals(0, sum.exitCode(), notes.toString());
        assertEquals(6, sum.totals().read());
        assertEquals(6, sum.totals().submitted());
        assertEquals(6, sum.totals().succeeded());
        assertTrue(sum.totals().balanced(), sum.totals().toString());
        assertEquals(3, sum.jobs().size());
        assertEquals(api.uploads.size(), api.count("upload "), "no upload repeated");
    }

    @Test
    void preflightRecordsEachChunksPlaceSizeAndHashAndEachInputsHashAndTheSettings() throws Exception {
        ImportService s = service(2).origin("import");
        ImportSpec spec = spec();
        Plan plan = s.prepare(spec, 2);
        s.upload(spec, plan, 2);
        RunRecord r = rec(plan.runId());
        assertEquals(List.of(0L, 2L, 4L), r.jobs().stream().map(JobRecord::firstItem).toList());
        for (JobRecord j : r.jobs()) {
            Path f = Path.of(j.file());
            assertEquals(Files.size(f), j.bytes());
            assertEquals(ImportService.sha256(f), j.sha256());
        }
        assertEquals(1, r.inputs().size());
        assertEquals(Files.size(input), r.inputs().get(0).size());
        assertEquals(ImportService.sha256(input), r.inputs().get(0).sha256());
        assertEquals(input.toAbsolutePath().normalize().toString(), r.inputs().get(0).path());
        assertEquals(Map.of("origin", "import", "chunkSize", "2", "maxBytes", "2000000", "version", "V2", "inFlight", "2",
                "send", "create+upload", "parallel", "2"), r.settings());
    }

    @Test
    void plannedChunksAreSentAndTheSentJobWatched() throws Exception {
        // Killed while watching job 100: chunks 2 and 3 still Planned.
        api.crashAfter = "status#1";
        String run = crashedImport(1);
        assertEquals(List.of("Queued", "Planned", "Planned"), statuses(run));
        RunSummary sum = resume(run);
        assertEquals(3, api.count("create"));
        assertWholeRunOnce(sum);
        assertEquals("done", rec(run).state());
    }

    @Test
    void aCreateWhoseAnswerWasLostIsCreatedAnewAndSaidOnce() throws Exception {
        // Job 100 exists on the server; the journal still says Creating, without an id.
        api.crashAfter = "create#1";
        String run = crashedImport(2);
        assertEquals(List.of("Creating", "Planned", "Planned"), statuses(run));
        RunSummary sum = resume(run);
        assertEquals(List.of(100L, 101L, 102L, 103L), api.jobsCreated);
        assertFalse(api.uploads.containsKey(100L), "the empty job is left alone (never processed)");
        assertWholeRunOnce(sum);
        assertEquals(1, notes.stream().filter(n -> n.contains("creating it anew")).count(), notes.toString());
        assertTrue(notes.contains("chunk 1 of run " + run + ": the answer to its create was lost when the run stopped;"
                + " creating it anew (at worst an empty job was left on the server, which is never processed)"), notes.toString());
    }

    @Test
    void aCreatedJobTheServerStillHasCreatedIsUploadedNotCreatedAgain() throws Exception {
        // Killed before the upload left: job 100 is Created on the server and in the journal.
        api.crashBefore = "upload#1";
        String run = crashedImport(2);
        assertEquals(List.of("Created", "Planned", "Planned"), statuses(run));
        assertEquals(100L, rec(run).jobs().get(0).batchId());
        RunSummary sum = resume(run);
        assertEquals(3, api.count("create"), "job 100 is not created again");
        List<String> first = api.calls.stream().filter(c -> c.endsWith(" 100")).limit(2).toList();
        assertEquals(List.of("status 100", "upload 100"), first, "the server is asked before anything is sent");
        assertWholeRunOnce(sum);
    }

    @Test
    void aCreatedJobWhoseUploadArrivedIsWatchedNotUploadedAgain() throws Exception {
        // Killed after the upload landed and before its answer was recorded: the journal says Created.
        api.crashAfter = "upload#1";
        String run = crashedImport(2);
        assertEquals(List.of("Created", "Planned", "Planned"), statuses(run));
        RunSummary sum = resume(run);
        assertEquals(1, api.calls.stream().filter("upload 100"::equals).count());
        assertWholeRunOnce(sum);
        assertEquals(100L, sum.jobs().get(0).batchId());
    }

    @Test
    void aCompletedJobWhoseErrorsWereNotFetchedHasThemFetchedOnResume() throws Exception {
        api.errorsFor.put(101L, List.of(new BatchError("Error (0x1005): bad", "203.0.113.3", null)));
        api.crashBefore = "errors#1";
        String run = crashedImport(3);
        assertTrue(rec(run).jobs().stream().allMatch(j -> "Completed".equals(j.status())), statuses(run).toString());
        assertEquals(List.of(), journal().errorFiles(run));
        RunSummary sum = resume(run);
        assertEquals(1, api.count("errors 101"));
        assertEquals(1, sum.exitCode());
        assertEquals(5, sum.totals().succeeded());
        assertEquals(1, sum.totals().failed());
        assertEquals("0x1005", sum.errors().get(0).code());
        ErrorFileRecord ef = journal().errorFiles(run).get(0);
        assertEquals(101L, ef.batchId());
        assertEquals(2, ef.chunk());
        assertEquals(1, ef.errors());
        assertEquals(Files.size(Path.of(ef.path())), ef.bytes());
        assertEquals(ImportService.sha256(Path.of(ef.path())), ef.sha256());
    }

    @Test
    void anErrorFileAlreadyRecordedIsReadFromDiskNotFetchedAgain() throws Exception {
        api.errorsFor.put(101L, List.of(new BatchError("Error (0x1005): bad", "203.0.113.3", null)));
        ImportService s = service(3);
        RunSummary first = s.watch(List.of(s.submit(spec())), listener);
        String run = first.run();
        assertEquals(1, api.count("errors 101"));
        // As if killed after the error file was recorded, before the run was marked done.
        journal().save(rec(run).withState("watching"));
        RunSummary again = resume(run);
        assertEquals(1, api.count("errors 101"), "not downloaded again");
        assertEquals(first.errors(), again.errors());
        assertEquals(first.totals(), again.totals());
        assertEquals(1, again.exitCode());
    }

    @Test
    void aChangedChunkFileIsNotSentAndTheRestOfTheRunGoesOn() throws Exception {
        api.crashAfter = "status#1";
        String run = crashedImport(1);
        Path chunk2 = Path.of(rec(run).jobs().get(1).file());
        Files.writeString(chunk2, Files.readString(chunk2).replace("203.0.113.3", "203.0.113.9"));
        RunSummary sum = resume(run);
        assertEquals(List.of("203.0.113.1", "203.0.113.2", "203.0.113.5", "203.0.113.6"), uploadedValues());
        assertEquals(1, notes.stream().filter(n -> n.startsWith("chunk 2 of run " + run + ": its chunk file " + chunk2
                + " changed since preflight wrote it")).count(), notes.toString());
        assertEquals(3, sum.exitCode());
        assertEquals(4, sum.totals().submitted());
        assertEquals(4, sum.totals().succeeded());
        assertEquals(2, sum.totals().unconfirmed());
        assertTrue(sum.totals().balanced(), sum.totals().toString());
        assertEquals(List.of("Completed", "Not sent", "Completed"), sum.jobs().stream().map(RunSummary.Job::status).toList());
        assertTrue(sum.errors().stream().anyMatch(e -> e.count() == 2 && e.reason().startsWith("chunk 2: its chunk file "
                + chunk2 + " changed since preflight")), sum.errors().toString());
        // The run stays resumable: with the file as preflight wrote it, the next resume sends chunk 2.
        assertEquals("failed", rec(run).state());
        Files.writeString(chunk2, Files.readString(chunk2).replace("203.0.113.9", "203.0.113.3"));
        RunSummary again = resume(run);
        assertEquals(List.of("203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4", "203.0.113.5", "203.0.113.6"),
                uploadedValues(), "each item uploaded once");
        assertEquals(0, again.exitCode(), again.toString());
        assertEquals(6, again.totals().succeeded());
        assertEquals("done", rec(run).state());
    }

    @Test
    void aChangedInputDoesNotMatterToAResumeWhichSendsTheChunksAsPreflightWroteThem() throws Exception {
        api.crashAfter = "status#1";
        String run = crashedImport(1);
        Files.writeString(input, "198.51.100.1\n");
        RunSummary sum = resume(run);
        assertWholeRunOnce(sum);
        assertTrue(notes.stream().noneMatch(n -> n.contains("list.txt")), notes.toString());
    }

    @Test
    void aRunInterruptedTwiceResumesTwice() throws Exception {
        api.crashAfter = "create#2";
        String run = crashedImport(1);
        assertEquals("Creating", statuses(run).get(1));
        // The first resume is killed too: after chunk 3's job was created and uploaded (its second
        // upload, chunk 2's being the first), before the answer was recorded.
        api.crashAfter = "upload#2";
        api.repollAllowed = true;
        assertThrows(FakeBatchApi.Crash.class, () -> service(2).watchRun(rec(run), listener));
        api.crashAfter = null;
        assertEquals("Created", statuses(run).get(2));
        RunSummary sum = resume(run);
        assertWholeRunOnce(sum);
        assertEquals(List.of(100L, 101L, 102L, 103L), api.jobsCreated, "one empty job (101) from the lost create answer");
        assertNull(api.uploads.get(101L));
        assertNotNull(api.uploads.get(103L));
    }
}
