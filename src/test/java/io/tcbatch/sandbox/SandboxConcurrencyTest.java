package io.tcbatch.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.tcbatch.TestClock;

/** Several jobs at once on the same indicators: exact results, nothing counted twice. */
class SandboxConcurrencyTest {

    private static final String ID = "conc-id";
    private static final String SECRET = "conc-secret";
    private static final String ORG = "Example Org";

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.parse("2026-03-01T10:00:00Z"));
    private Sandbox sandbox;
    private SignedClient client;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.start(SandboxConfig.defaults(dir, ID, SECRET).withClock(clock).withWorkers(2),
                new FakeValidator());
        client = new SignedClient(sandbox, ID, SECRET, clock);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private static String appendAll() {
        return "{\"version\":\"V2\",\"owner\":\"" + ORG + "\",\"haltOnError\":false,\"action\":\"Create\","
                + "\"attributeWriteType\":\"Append\",\"tagWriteType\":\"Append\"}";
    }

    /** n Addresses (more than one chunk), each with the tag and Source given. */
    private static String file(int n, String tag, String source) {
        StringBuilder sb = new StringBuilder("{\"indicator\":[");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"type\":\"Address\",\"summary\":\"2001:db8::").append(Integer.toHexString(i))
                    .append("\",\"tag\":[\"").append(tag).append("\"],\"source\":\"").append(source).append("\"}");
        }
        return sb.append("]}").toString();
    }

    @Test
    void twoWorkersUpsertingTheSameIndicatorsLeaveEachWithBothJobsMetadata() throws Exception {
        int n = JobProcessor.CHUNK + 500;
        long a = client.createJob(appendAll());
        long b = client.createJob(appendAll());
        client.upload(a, file(n, "a", "feed A").getBytes(StandardCharsets.UTF_8));
        client.upload(b, file(n, "b", "feed B").getBytes(StandardCharsets.UTF_8));
        for (long id : List.of(a, b)) {
            JsonNode status = client.awaitCompleted(id);
            assertEquals(List.of(n, 0, 0), List.of(status.path("successCount").asInt(), status.path("errorCount").asInt(),
                    status.path("unprocessCount").asInt()), "job " + id);
            assertEquals(404, client.get("/api/v2/batch/" + id + "/errors").statusCode(), "no error entries");
        }
        assertEquals(n, sandbox.store().countIndicators(ORG));
        for (SandboxStore.StoredIndicator i : sandbox.store().indicators(ORG)) {
            assertEquals(List.of("a", "b"), i.tags(), i.summary());
            assertEquals(List.of("feed A", "feed B"), i.attributes().stream().map(SandboxStore.Attribute::value).sorted()
                    .toList(), i.summary());
        }
    }

    @Test
    void waitsForAnotherTransactionsNewIndicatorAndThenUpdatesIt() throws Exception {
        // A job that inserts first (its indicators are new) meets the other's uncommitted row.
        runAgainstAnUncommittedInsert("", 1);
    }

    @Test
    void replaysAChunkThatCollidedWithAnotherTransactionsNewIndicator() throws Exception {
        // Two indicators that exist make the job look up first; the lookup misses the other's
        // uncommitted row, the insert then fails with a unique-key violation: the chunk is
        // rolled back and replayed, and counted once.
        client.run(appendAll(), "[{\"type\":\"Address\",\"summary\":\"2001:db8::a\"},"
                + "{\"type\":\"Address\",\"summary\":\"2001:db8::b\"}]");
        runAgainstAnUncommittedInsert("{\"type\":\"Address\",\"summary\":\"2001:db8::a\",\"tag\":[\"t\"],\"source\":\"s\"},"
                + "{\"type\":\"Address\",\"summary\":\"2001:db8::b\",\"tag\":[\"t\"],\"source\":\"s\"},", 3);
        SandboxStore.StoredIndicator a = sandbox.store().findIndicator(ORG, "Address", "2001:db8::a").orElseThrow();
        assertEquals(List.of(new SandboxStore.Attribute("Source", "s", true, false, null)), a.attributes(), "Append written once");
    }

    /** The other transaction holds 2001:db8::0 uncommitted while the job (prefix + that indicator) runs. */
    private void runAgainstAnUncommittedInsert(String prefix, int expectedStored) throws Exception {
        try (Connection other = sandbox.database().connection()) {
            other.setAutoCommit(false);
            try (PreparedStatement ps = other.prepareStatement("INSERT INTO indicator (owner, type, summary, rating,"
                    + " date_added, last_modified) VALUES (?, 'Address', '2001:db8::0', 1, ?, ?)")) {
                ps.setString(1, ORG);
                ps.setObject(2, OffsetDateTime.parse("2026-01-01T00:00:00Z"));
                ps.setObject(3, OffsetDateTime.parse("2026-01-01T00:00:00Z"));
                ps.executeUpdate();
            }
            long id = client.createJob(appendAll());
            client.upload(id, ("{\"indicator\":[" + prefix
                    + "{\"type\":\"Address\",\"summary\":\"2001:db8::0\",\"tag\":[\"t\"],\"source\":\"s\"}]}")
                    .getBytes(StandardCharsets.UTF_8));
            awaitBlocked(id);
            other.commit();
            JsonNode status = client.awaitCompleted(id);
            int items = expectedStored == 1 ? 1 : 3;
            assertEquals(List.of(items, 0), List.of(status.path("successCount").asInt(), status.path("errorCount").asInt()));
            assertEquals(404, client.get("/api/v2/batch/" + id + "/errors").statusCode());
        }
        assertEquals(expectedStored, sandbox.store().countIndicators(ORG));
        SandboxStore.StoredIndicator first = sandbox.store().findIndicator(ORG, "Address", "2001:db8::0").orElseThrow();
        assertEquals(1.0, first.rating(), "the job updated the row the other transaction made");
        assertEquals(List.of("t"), first.tags());
        assertEquals(List.of(new SandboxStore.Attribute("Source", "s", true, false, null)), first.attributes(), "written once, not twice");
    }

    @Test
    void finishesJobsAPreviousRunLeftQueuedAndRunningOnTwoWorkers() throws Exception {
        long queued = client.createJob(appendAll());
        long running = client.createJob(appendAll());
        sandbox.close();
        // As if the previous run stopped with one job waiting and one begun (nothing committed
        // yet: the restart processes it from the top, counted once).
        java.nio.file.Files.writeString(dir.resolve("uploads").resolve(queued + ".json"), file(5, "q", "sq"));
        java.nio.file.Files.writeString(dir.resolve("uploads").resolve(running + ".json"), file(5, "r", "sr"));
        try (Database db = Database.open(dir)) {
            JobRepository jobs = new JobRepository(db, clock);
            jobs.transition(queued, JobState.Created, JobState.Queued);
            jobs.transition(running, JobState.Created, JobState.Queued);
            jobs.begin(running);
        }
        sandbox = Sandbox.start(SandboxConfig.defaults(dir, ID, SECRET).withClock(clock).withWorkers(2),
                new FakeValidator());
        client = new SignedClient(sandbox, ID, SECRET, clock);
        for (long id : List.of(queued, running)) {
            JsonNode status = client.awaitCompleted(id);
            assertEquals(List.of(5, 0, 0), List.of(status.path("successCount").asInt(), status.path("errorCount").asInt(),
                    status.path("unprocessCount").asInt()), "job " + id);
        }
        assertEquals(List.of("q", "r"), sandbox.store().findIndicator(ORG, "Address", "2001:db8::4").orElseThrow().tags());
    }

    @Test
    void aJobStoppedAfterACommittedChunkContinuesAfterItSoAppendAddsOnce() throws Exception {
        // The first two items were applied and committed before the sandbox stopped: an Append
        // job that started over would give them their Source attribute a second time.
        client.run(appendAll(), file(2, "r", "sr"));
        long running = client.createJob(appendAll());
        sandbox.close();
        java.nio.file.Files.writeString(dir.resolve("uploads").resolve(running + ".json"), file(5, "r", "sr"));
        try (Database db = Database.open(dir); java.sql.Connection c = db.connection()) {
            JobRepository jobs = new JobRepository(db, clock);
            jobs.transition(running, JobState.Created, JobState.Queued);
            jobs.begin(running);
            JobCounts two = new JobCounts();
            two.successIndicators = 2;
            jobs.saveCounts(c, running, two, JobState.Running);
            jobs.saveProgress(c, running, 2, 0, false);
        }
        sandbox = Sandbox.start(SandboxConfig.defaults(dir, ID, SECRET).withClock(clock).withWorkers(2),
                new FakeValidator());
        client = new SignedClient(sandbox, ID, SECRET, clock);
        JsonNode status = client.awaitCompleted(running);
        assertEquals(List.of(5, 0, 0), List.of(status.path("successCount").asInt(), status.path("errorCount").asInt(),
                status.path("unprocessCount").asInt()));
        for (int i = 0; i < 5; i++) {
            assertEquals(List.of(new SandboxStore.Attribute("Source", "sr", true, false, null)),
                    sandbox.store().findIndicator(ORG, "Address", "2001:db8::" + i).orElseThrow().attributes(),
                    "item " + i + ": one Source, not applied twice");
        }
    }

    @Test
    void recognisesTheConflictsAReplayCanGetPast() {
        assertEquals(List.of(true, true, true, true, false), List.of(
                JobProcessor.conflict(new SQLException("dup", "23505", 23505)),
                JobProcessor.conflict(new SQLException("deadlock", "40001", 40001)),
                JobProcessor.conflict(new SQLException("timeout", "HYT00", 50200)),
                JobProcessor.conflict(new SQLException("wrapped", new SQLException("concurrent", "90131", 90131))),
                JobProcessor.conflict(new SQLException("syntax", "42000", 42000))));
    }

    /** Waits (briefly, really) until the job is Running, so that its insert is waiting on the lock. */
    private void awaitBlocked(long id) throws Exception {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!SignedClient.json(client.get("/api/v2/batch/" + id)).path("data").path("batchStatus").path("status").asText().equals("Running") && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(300);
    }
}
