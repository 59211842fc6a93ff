package io.tcbatch.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.tcbatch.TestClock;

/**
 * The synchronous mode (API doc §2.3): an upload of at most {@code synchronousBatchSaveLimit}
 * items is answered with its final status, id kept, its errors ready at once; a larger one is
 * still queued.
 */
class SandboxSynchronousModeTest {

    private static final String ID = "sync-test-id";
    private static final String SECRET = "sync-test-secret";
    private static final String ORG = "Example Org";
    private static final int LIMIT = 3;

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.ofEpochSecond(1_700_000_000L));
    private Sandbox sandbox;
    private SignedClient client;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.start(SandboxConfig.defaults(dir, ID, SECRET).withClock(clock)
                .withSynchronousBatchSaveLimit(LIMIT), new FakeValidator());
        client = new SignedClient(sandbox, ID, SECRET, clock);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void aSmallUploadIsAnsweredCompletedWithItsIdAndItsErrorsAreReadyAtOnce() throws Exception {
        long id = client.createJob(SignedClient.config(ORG, "Create", "Replace", false));
        HttpResponse<byte[]> up = client.upload(id, utf8("""
                {"indicator":[{"type":"Host","summary":"sync.example.com"},
                              {"type":"Host","summary":"bad_host.example.com"},
                              {"type":"Address","ip":"192.0.2.10"}]}
                """));
        assertEquals(200, up.statusCode());
        assertEquals("{\"status\":\"Success\",\"data\":{\"batchStatus\":{\"id\":" + id
                + ",\"status\":\"Completed\",\"errorCount\":1,\"successCount\":2,\"unprocessCount\":0"
                // The per-kind counts too: a client asks nothing more of a job answered done.
                + ",\"successIndicatorCount\":2,\"errorIndicatorCount\":1,\"successGroupCount\":0,\"errorGroupCount\":0"
                + ",\"successAssociationCount\":0,\"errorAssociationCount\":0}}}",
                new String(up.body(), StandardCharsets.UTF_8));
        // Stored before the answer: no wait, no poll.
        assertTrue(sandbox.store().findIndicator(ORG, "Host", "sync.example.com").isPresent());
        JsonNode status = SignedClient.json(client.get("/api/v2/batch/" + id)).path("data").path("batchStatus");
        assertEquals("Completed", status.path("status").asText());
        assertEquals(2, status.path("successCount").asInt());
        JsonNode errors = client.errors(id);
        assertEquals(1, errors.size());
        assertTrue(errors.get(0).path("errorReason").asText().contains("bad_host.example.com"), errors.toString());
    }

    @Test
    void anUploadOverTheLimitIsStillQueued() throws Exception {
        long id = client.createJob(SignedClient.config(ORG, "Create", "Replace", false));
        HttpResponse<byte[]> up = client.upload(id, utf8("""
                {"indicator":[{"type":"Host","summary":"a.example.com"},{"type":"Host","summary":"b.example.com"},
                              {"type":"Host","summary":"c.example.com"},{"type":"Host","summary":"d.example.com"}]}
                """));
        assertEquals(202, up.statusCode());
        assertEquals("Queued", SignedClient.json(up).path("data").path("batchStatus").path("status").asText());
        assertEquals(4, client.awaitCompleted(id).path("successCount").asInt());
    }

    @Test
    void createAndUploadOfASmallJobIsAnsweredCompleted() throws Exception {
        String boundary = "syncBoundary";
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"config\"\r\n\r\n"
                + SignedClient.config(ORG, "Create", "Replace", false) + "\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"content\"\r\n\r\n"
                + "{\"indicator\":[{\"type\":\"Address\",\"ip\":\"192.0.2.11\"}]}\r\n"
                + "--" + boundary + "--\r\n";
        HttpResponse<byte[]> r = client.send(client.signed("POST", "/api/v2/batch/createAndUpload")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(201, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        JsonNode status = SignedClient.json(r).path("data").path("batchStatus");
        assertEquals("Completed", status.path("status").asText());
        assertEquals(1, status.path("successCount").asInt());
        assertTrue(status.path("id").asLong() > 0);
        // No errors: the documented 404 at once, not "still in Running state".
        assertEquals(404, client.get("/api/v2/batch/" + status.path("id").asLong() + "/errors").statusCode());
    }

    @Test
    void aFileThatIsNotJsonCompletesInlineWithItsShapeError() throws Exception {
        long id = client.createJob(SignedClient.config(ORG, "Create", "Replace", false));
        HttpResponse<byte[]> up = client.upload(id, utf8("{\"indicator\":[ not json"));
        assertEquals(200, up.statusCode());
        JsonNode status = SignedClient.json(up).path("data").path("batchStatus");
        assertEquals("Completed", status.path("status").asText());
        assertEquals(1, status.path("errorCount").asInt());
        assertEquals("0x1003", SignedClient.json(client.get("/api/v2/batch/" + id + "/results")).get(0).path("code").asText());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
