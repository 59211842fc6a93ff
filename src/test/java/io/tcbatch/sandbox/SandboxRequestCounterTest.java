package io.tcbatch.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tcbatch.TestClock;

/** The request counter the polling benchmark reads: per kind, and per job its status requests and duration. */
class SandboxRequestCounterTest {

    private static final String ID = "count-id";
    private static final String SECRET = "count-secret";
    private static final String CONFIG = SignedClient.config("Example Org", "Create", "Replace", false);
    private static final long NOW = 1_700_000_000L;

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.ofEpochSecond(NOW));
    private Sandbox sandbox;
    private SignedClient client;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.start(SandboxConfig.defaults(dir, ID, SECRET).withClock(clock)
                .withFaults(java.util.List.of("hold-running for=30s")), new FakeValidator());
        client = new SignedClient(sandbox, ID, SECRET, clock);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void countsEachKindAndEachJobsStatusRequestsUntilCompletedIsAnswered() throws Exception {
        long id = client.createJob(CONFIG);
        assertEquals(202, client.upload(id, "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"one.example.com\"}]}"
                .getBytes(StandardCharsets.UTF_8)).statusCode());
        awaitStored(id);
        clock.set(Instant.ofEpochSecond(NOW + 5));
        assertEquals("Running", status(id));
        assertEquals(400, client.get("/api/v2/batch/" + id + "/errors").statusCode());
        clock.set(Instant.ofEpochSecond(NOW + 34));
        assertEquals("Running", status(id));
        clock.set(Instant.ofEpochSecond(NOW + 35));
        assertEquals("Completed", status(id));
        clock.set(Instant.ofEpochSecond(NOW + 40));
        assertEquals("Completed", status(id));
        assertEquals(404, client.get("/api/v2/batch/999").statusCode());

        RequestCounter.Snapshot s = sandbox.requests().snapshot();
        // Admin requests (awaitStored) are not counted; the unknown job's E4 is.
        assertEquals(Map.of("create", 1L, "upload", 1L, "status", 5L, "errors", 1L), s.byKind());
        assertEquals(new RequestCounter.JobRequests(4, Instant.ofEpochSecond(NOW), Instant.ofEpochSecond(NOW + 35)),
                s.jobs().get(id));
        assertEquals(1, s.jobs().get(999L).statusRequests());
        assertNull(s.jobs().get(999L).completedAnsweredAt());
    }

    private String status(long id) throws Exception {
        return SignedClient.json(client.get("/api/v2/batch/" + id)).path("data").path("batchStatus").path("status").asText();
    }

    /** Waits (admin route, not counted) until the processor has stored the job as Completed. */
    private void awaitStored(long id) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (SignedClient.json(client.get("/api/sandbox/status")).path("data").path("jobs").path("Completed").asInt() < 1) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + id + " not processed");
            }
            Thread.sleep(20);
        }
    }
}
