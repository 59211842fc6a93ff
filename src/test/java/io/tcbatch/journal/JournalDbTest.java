package io.tcbatch.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The database journal in one JVM: round trips, history rows, reopen, two instances, migration, prune, damage. */
class JournalDbTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-04T10:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path home;

    /** A run of three chunks at step {@code step}: chunk 1 is Created at step 1, then counts one more success per step. */
    static RunRecord run(String id, String createdAt, String state, int step) {
        List<JobRecord> jobs = List.of(
                new JobRecord(100L, 1, 2, step == 1 ? "Created" : "Running", step - 1, 0, null,
                        Map.of("indicatorSuccessCount", step - 1), "runs/" + id + "/chunk-0001.json", false, 0, 120,
                        "a".repeat(64)),
                new JobRecord(null, 2, 3, "Planned", null, null, null, null, "runs/" + id + "/chunk-0002.json", true, 2, 180,
                        "b".repeat(64)),
                new JobRecord(null, 3, 1, "Planned", null, null, null, null, "runs/" + id + "/chunk-0003.json", false, 5, 60,
                        null));
        return new RunRecord(id, createdAt, "local", "http://127.0.0.1:1/api", "Example Org", "Create",
                List.of("indicators.json"), jobs, state, null, new RunRecord.Preflight(6, 1, 0, null, 0),
                new RunRecord.JobOptions("V2", false, "Replace", "Append", null, null, null),
                List.of(new InputRecord("indicators.json", "/data/indicators.json", 512, "c".repeat(64)),
                        new InputRecord("script.groovy:3 (text)", null, 20, null)),
                Map.of("origin", "script nightly.groovy", "chunkSize", "2", "parallel", "4"));
    }

    private Journal journal() {
        return new Journal(home, JSON, CLOCK).onWarning(line -> warnings.add(line));
    }

    private final List<String> warnings = new ArrayList<>();

    @Test
    void everyRecordComesBackAsItWasSaved() {
        RunRecord r = run("20261204-100000-1a2b", "2026-12-04T10:00:00.123456Z", "watching", 2).done(1);
        ErrorFileRecord ef = new ErrorFileRecord(100, 1, "runs/20261204-100000-1a2b/errors-100.json", 77, "d".repeat(64), 3,
                "2026-12-04T10:01:00Z");
        try (Journal j = journal()) {
            j.save(r);
            j.addErrorFile(r.run(), ef);
            assertEquals(Optional.of(r), j.load(r.run()));
            assertEquals(List.of(r), j.recent(5));
            assertEquals(List.of(ef), j.errorFiles(r.run()));
            assertEquals(Optional.of(r.run()), j.runOf(100));
            assertEquals(Optional.empty(), j.runOf(101));
            assertEquals(Optional.empty(), j.load("20261204-100000-ffff"));
        }
        // and from the file, in a new instance (nothing cached)
        try (Journal j = journal()) {
            assertEquals(Optional.of(r), j.load(r.run()));
            assertEquals(List.of(ef), j.errorFiles(r.run()));
            assertEquals(Optional.of(CLOCK.instant()), j.lastWritten(r.run()));
        }
    }

    @Test
    void closesDoNotCompactEachTimeYetTheFileStaysWithinTwiceTheThreshold() throws Exception {
        Path file = home.resolve("journal.mv.db");
        List<Long> sizes = new ArrayList<>();
        int runs = 150;
        for (int i = 0; i < runs; i++) {
            try (Journal j = journal()) {
                String id = String.format("20261204-1%05d-%04x", i, 0x1000 + i);
                j.save(run(id, "2026-12-04T10:00:00Z", "watching", 1));
                j.save(run(id, "2026-12-04T10:00:00Z", "done", 2));
            }
            sizes.add(Files.size(file));
        }
        // Each small session leaves dead pages behind (about 10 KB here); without compaction the
        // file would pass 1 MB by now. It grew past the threshold, was compacted, and grew again.
        long max = sizes.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(max >= Journal.COMPACT_FROM_BYTES, "never reached the threshold: " + sizes);
        assertTrue(max < 2 * Journal.COMPACT_FROM_BYTES + 256 * 1024, "grew unbounded: " + sizes);
        boolean shrank = false;
        for (int i = 1; i < sizes.size(); i++) {
            shrank |= sizes.get(i) < sizes.get(i - 1) / 2;
        }
        assertTrue(shrank, "never compacted: " + sizes);
        try (Journal j = journal()) {
            assertEquals(runs, j.recent(1000).size());
            assertEquals("done", j.load(String.format("20261204-1%05d-%04x", 7, 0x1007)).orElseThrow().state());
        }
    }

    @Test
    void anErrorFileFetchedAgainReplacesItsRecordAndGoesLast() {
        try (Journal j = journal()) {
            String id = "20261204-100000-1a2b";
            j.save(run(id, "2026-12-04T10:00:00Z", "watching", 1));
            ErrorFileRecord a = new ErrorFileRecord(100, 1, "a.json", 1, null, 1, "2026-12-04T10:01:00Z");
            ErrorFileRecord b = new ErrorFileRecord(101, 2, "b.json", 2, null, 2, "2026-12-04T10:02:00Z");
            ErrorFileRecord a2 = new ErrorFileRecord(100, 1, "a.json", 5, null, 4, "2026-12-04T10:03:00Z");
            j.addErrorFile(id, a);
            j.addErrorFile(id, b);
            j.addErrorFile(id, a2);
            assertEquals(List.of(b, a2), j.errorFiles(id));
        }
    }

    @Test
    void historyHasARowOnlyWhenTheStatusOrACounterChanged() {
        String id = "20261204-100000-1a2b";
        try (Journal j = journal()) {
            RunRecord r = run(id, "2026-12-04T10:00:00Z", "submitting", 1);
            j.save(r);
            assertEquals(3, j.rows("status_history"), "one first row per chunk");
            j.save(r); // unchanged: nothing written
            j.save(r.withState("watching")); // the run changed, no job did
            assertEquals(3, j.rows("status_history"));
            JobRecord c1 = r.jobs().get(0);
            // the same reading twice (an unchanged poll), then new counters, then a new status
            List<JobRecord> polled = new ArrayList<>(r.jobs());
            polled.set(0, c1.withReading(100L, "Running", 0, 0, null, c1.additional()));
            j.save(r.withJobs(polled, "watching"));
            j.save(r.withJobs(polled, "watching"));
            polled.set(0, c1.withReading(100L, "Running", 1, 0, 0, c1.additional()));
            j.save(r.withJobs(polled, "watching"));
            polled.set(0, c1.withReading(100L, "Completed", 2, 0, 0, Map.of("indicatorSuccessCount", 2)));
            j.save(r.withJobs(polled, "watching"));
            polled.set(0, polled.get(0).withReading(100L, "Completed", 2, 0, 0, Map.of("indicatorSuccessCount", 3)));
            j.save(r.withJobs(polled, "watching")); // only a per-kind counter: the job row, not a history row
            assertEquals(List.of("Created 0/0/null", "Running 0/0/null", "Running 1/0/0", "Completed 2/0/0"),
                    j.history(id, 1).stream().map(s -> s.status() + " " + s.successCount() + "/" + s.errorCount() + "/"
                            + s.unprocessCount()).toList());
            assertEquals(100L, j.history(id, 1).get(0).batchId());
            assertEquals("2026-12-04T10:00:00Z", j.history(id, 1).get(0).at());
            assertEquals(1, j.history(id, 2).size());
            assertEquals(List.of(), j.history(id, 9));
            assertEquals(Map.of("indicatorSuccessCount", 3), j.load(id).orElseThrow().jobs().get(0).additional());
        }
        try (Journal j = journal()) {
            assertEquals(4, j.history(id, 1).size(), "history is on disk, not only in memory");
        }
    }

    @Test
    void twoJournalsOnOneHomeSeeEachOthersWrites() {
        try (Journal a = journal(); Journal b = journal()) {
            a.save(run("20261204-100000-aaaa", "2026-12-04T10:00:00Z", "watching", 1));
            b.save(run("20261204-100001-bbbb", "2026-12-04T10:00:01Z", "watching", 1));
            assertEquals(List.of("20261204-100001-bbbb", "20261204-100000-aaaa"), a.recent(10).stream().map(RunRecord::run).toList());
            // b writes a run a has cached: a's next save starts from b's version, not its own stale copy
            RunRecord fromA = a.load("20261204-100000-aaaa").orElseThrow();
            b.save(run("20261204-100000-aaaa", "2026-12-04T10:00:00Z", "watching", 3));
            a.save(fromA.withState("done"));
            RunRecord now = b.load("20261204-100000-aaaa").orElseThrow();
            assertEquals("done", now.state());
            assertEquals(List.of("Created", "Running"),
                    b.history("20261204-100000-aaaa", 1).stream().map(StatusChange::status).toList().subList(0, 2));
            assertEquals(3, b.history("20261204-100000-aaaa", 1).size(), "a's save went back to step 1: a change");
        }
    }

    @Test
    void recentOrdersBySecondThenRecordedStartAndHonoursTheLimit() {
        try (Journal j = journal()) {
            j.save(run("20261204-100000-ffff", "2026-12-04T10:00:00.100Z", "done", 1));
            j.save(run("20261204-100000-1111", "2026-12-04T10:00:00.900Z", "done", 1));
            j.save(run("20261204-095959-9999", "2026-12-04T09:59:59Z", "done", 1));
            assertEquals(List.of("20261204-100000-1111", "20261204-100000-ffff", "20261204-095959-9999"),
                    j.recent(10).stream().map(RunRecord::run).toList());
            assertEquals(List.of("20261204-100000-1111"), j.recent(1).stream().map(RunRecord::run).toList());
            assertEquals(3, j.recent(1).size() + j.recent(2).size());
        }
    }

    @Test
    void constructingItAndNamingRunsOpensNoDatabase() {
        Journal j = new Journal(home, JSON, CLOCK);
        String id = j.newRunId();
        assertTrue(id.startsWith("20261204-100000-"), id);
        assertEquals(home.resolve("runs").resolve(id), j.runDir(id));
        j.close();
        assertFalse(Files.exists(j.databaseFile()));
    }

    @Test
    void oldRunJsonHomesAreImportedOnceAndADamagedRecordIsSkippedWithOneLine() throws Exception {
        RunRecord a = run("20261101-080000-aaaa", "2026-11-01T08:00:00Z", "done", 3).done(0);
        RunRecord b = run("20261102-080000-bbbb", "2026-11-02T08:00:00Z", "watching", 2);
        for (RunRecord r : List.of(a, b)) {
            Path dir = home.resolve("runs").resolve(r.run());
            Files.createDirectories(dir);
            // the old format: Jackson's pretty form of the record, as the file journal wrote it
            JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("run.json").toFile(), r);
        }
        ErrorFileRecord ef = new ErrorFileRecord(100, 1, "errors-100.json", 9, null, 1, "2026-11-02T08:05:00Z");
        JSON.writeValue(home.resolve("runs/20261102-080000-bbbb/error-files.json").toFile(), List.of(ef));
        Path bad = home.resolve("runs/20261103-080000-cccc/run.json");
        Files.createDirectories(bad.getParent());
        Files.writeString(bad, "{\"run\": \"20261103-080000-cccc\", \"jobs\": [", StandardCharsets.UTF_8);
        try (Journal j = journal()) {
            assertEquals(List.of(b, a), j.recent(10));
            assertEquals(List.of(ef), j.errorFiles(b.run()));
            assertEquals(List.of("Running"), j.history(b.run(), 1).stream().map(StatusChange::status).toList());
            assertEquals(Files.getLastModifiedTime(home.resolve("runs/20261102-080000-bbbb/run.json")).toInstant()
                    .toEpochMilli(), j.lastWritten(b.run()).orElseThrow().toEpochMilli());
        }
        assertEquals(1, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).contains(bad.toString()) && warnings.get(0).startsWith("skipped "), warnings.get(0));
        assertTrue(Files.exists(home.resolve("runs/20261101-080000-aaaa/run.json")), "the old files stay");
        // Once: a later change to an old file is not read again.
        JSON.writeValue(home.resolve("runs/20261101-080000-aaaa/run.json").toFile(), a.withState("failed"));
        try (Journal j = journal()) {
            assertEquals("done", j.load(a.run()).orElseThrow().state());
        }
        assertEquals(1, warnings.size(), "nothing read (nor warned about) on the second open");
    }

    @Test
    void pruneRemovesOldFinishedRunsWithTheirRowsAndFolders() throws Exception {
        try (Journal j = journal()) {
            RunRecord oldDone = run("20261001-080000-aaaa", "2026-10-01T08:00:00Z", "done", 3).done(0);
            RunRecord oldFailed = run("20261002-080000-bbbb", "2026-10-02T08:00:00Z", "failed", 2).failed(3);
            RunRecord oldPending = run("20261003-080000-cccc", "2026-10-03T08:00:00Z", "watching", 2);
            RunRecord recent = run("20261201-080000-dddd", "2026-12-01T08:00:00Z", "done", 3).done(0);
            for (RunRecord r : List.of(oldDone, oldFailed, oldPending, recent)) {
                j.save(r);
                Files.createDirectories(j.runDir(r.run()));
                Files.writeString(j.runDir(r.run()).resolve("chunk-0001.json"), "[]");
                j.addErrorFile(r.run(), new ErrorFileRecord(100, 1, "e.json", 1, null, 1, "2026-10-01T08:00:00Z"));
            }
            Instant before = Instant.parse("2026-11-04T00:00:00Z");
            assertEquals(List.of(oldDone.run(), oldFailed.run()), j.pruneCandidates(before, false));
            assertEquals(List.of(oldDone.run(), oldFailed.run()), j.prune(before, false));
            assertFalse(Files.exists(j.runDir(oldDone.run())));
            assertTrue(Files.exists(j.runDir(oldPending.run())));
            assertEquals(List.of(recent.run(), oldPending.run()), j.recent(10).stream().map(RunRecord::run).toList());
            assertEquals(List.of(oldPending.run()), j.prune(before, true));
            assertEquals(List.of(recent.run()), j.recent(10).stream().map(RunRecord::run).toList());
            for (String table : List.of("runs", "error_files")) {
                assertEquals(1, j.rows(table), table);
            }
            assertEquals(2, j.rows("inputs"));
            assertEquals(3, j.rows("jobs"));
            assertEquals(3, j.rows("status_history"));
        }
    }

    @Test
    void aDamagedDatabaseIsOneClearErrorNamingTheFile() throws Exception {
        Files.writeString(home.resolve("journal.mv.db"), "this is not an H2 database\n".repeat(200));
        try (Journal j = journal()) {
            JournalException e = assertThrows(JournalException.class, () -> j.recent(1));
            assertTrue(e.getMessage().contains(home.resolve("journal.mv.db").toString()), e.getMessage());
            assertTrue(e.getMessage().contains("move it aside"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }
}
