package io.tcbatch.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.tcbatch.TestClock;

/** Every fault kind over real HTTP, with the exact answers and the counters of the admin routes. */
class SandboxFaultsTest {

    private static final String ID = "fault-id";
    private static final String SECRET = "fault-secret";
    private static final String ORG = "Example Org";
    private static final String CONFIG = SignedClient.config(ORG, "Create", "Replace", false);
    /** 2023-11-14T22:13:20Z, a Tuesday. */
    private static final long NOW = 1_700_000_000L;

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.ofEpochSecond(NOW));
    private Sandbox sandbox;
    private SignedClient client;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.start(SandboxConfig.defaults(dir, ID, SECRET).withClock(clock), new FakeValidator());
        client = new SignedClient(sandbox, ID, SECRET, clock);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private String arm(String spec) throws Exception {
        HttpResponse<byte[]> r = client.postJson("/api/sandbox/faults",
                SignedClient.JSON.writeValueAsString(java.util.Map.of("spec", spec)));
        assertEquals(201, r.statusCode(), body(r));
        return body(r);
    }

    private JsonNode adminStatus() throws Exception {
        HttpResponse<byte[]> r = client.get("/api/sandbox/status");
        assertEquals(200, r.statusCode(), body(r));
        return SignedClient.json(r).path("data");
    }

    private static String body(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void rateLimitsTheNextRequestsWithRetryAfterInSeconds() throws Exception {
        assertEquals("{\"status\":\"Success\",\"data\":{\"fault\":{\"spec\":\"rate-limit count=2 retry-after=5\","
                + "\"remaining\":2,\"triggered\":0}}}", arm("rate-limit count=2 retry-after=5"));
        for (int i = 0; i < 2; i++) {
            HttpResponse<byte[]> r = client.postJson("/api/v2/batch", CONFIG);
            assertEquals(429, r.statusCode());
            assertEquals("5", r.headers().firstValue("Retry-After").orElseThrow());
            assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
            assertEquals("{\"status\":\"Failure\",\"message\":\"Too many requests; retry after 5 seconds\"}", body(r));
        }
        assertEquals(201, client.postJson("/api/v2/batch", CONFIG).statusCode());
        JsonNode status = adminStatus();
        assertEquals("[{\"spec\":\"rate-limit count=2 retry-after=5\",\"remaining\":0,\"triggered\":2}]",
                status.path("faults").toString());
        assertEquals("{\"rate-limit\":2,\"error\":0,\"slow\":0,\"drop\":0,\"hold-running\":0,\"errors-lag\":0,"
                + "\"flat-status\":0,\"clock-offset\":0}", status.path("triggered").toString());
    }

    @Test
    void givesRetryAfterAsAnHttpDateWhenAsked() throws Exception {
        arm("rate-limit retry-after=90 date");
        HttpResponse<byte[]> r = client.get("/api/v2/batch/1");
        assertEquals(429, r.statusCode());
        assertEquals("Tue, 14 Nov 2023 22:14:50 GMT", r.headers().firstValue("Retry-After").orElseThrow());
        assertEquals(404, client.get("/api/v2/batch/1").statusCode(), "one request by default");
    }

    @Test
    void answersServerErrorsAsJsonOrAsAProxysHtmlPage() throws Exception {
        arm("error");
        arm("error status=502 html");
        HttpResponse<byte[]> json = client.get("/api/v2/batch/1");
        assertEquals(503, json.statusCode());
        assertEquals("{\"status\":\"Failure\",\"message\":\"Service Temporarily Unavailable\"}", body(json));
        HttpResponse<byte[]> html = client.get("/api/v2/batch/1");
        assertEquals(502, html.statusCode());
        assertEquals("text/html", html.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
                body(html));
        assertEquals(404, client.get("/api/v2/batch/1").statusCode());
        assertEquals(2, adminStatus().path("triggered").path("error").asInt());
    }

    @Test
    void hitsOnlyTheRequestsNamedByOn() throws Exception {
        arm("error status=500 count=2 on=status");
        long id = client.createJob(CONFIG);
        assertEquals(202, client.upload(id, "{\"indicator\":[]}".getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals(500, client.get("/api/v2/batch/" + id).statusCode());
        assertEquals(500, client.get("/api/v2/batch/" + id).statusCode());
        assertEquals(200, client.get("/api/v2/batch/" + id).statusCode());
    }

    @Test
    void matchesEachOnTargetToItsRequestsOnly() throws Exception {
        long id = client.createJob(CONFIG);
        assertEquals(202, client.upload(id, "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"a_b.example.com\"}]}"
                .getBytes(StandardCharsets.UTF_8)).statusCode());
        client.awaitCompleted(id);
        long fresh = client.createJob(CONFIG);
        java.util.Map<String, java.util.concurrent.Callable<Integer>> requests = new java.util.LinkedHashMap<>();
        requests.put("create", () -> client.postJson("/api/v2/batch", CONFIG).statusCode());
        requests.put("upload", () -> client.upload(fresh, "{}".getBytes(StandardCharsets.UTF_8)).statusCode());
        requests.put("status", () -> client.get("/api/v2/batch/" + id).statusCode());
        requests.put("errors", () -> client.get("/api/v2/batch/" + id + "/errors").statusCode());
        requests.put("results", () -> client.get("/api/v2/batch/" + id + "/results").statusCode());
        requests.put("read", () -> client.get("/api/v2/types/indicatorTypes").statusCode());
        for (String on : requests.keySet()) {
            arm("rate-limit count=1000 on=" + on);
            for (var r : requests.entrySet()) {
                if (r.getKey().equals("upload") && !on.equals("upload")) {
                    continue; // a real upload would use up the fresh job
                }
                int code = r.getValue().call();
                assertEquals(r.getKey().equals(on), code == 429, "on=" + on + ", " + r.getKey() + " answered " + code);
            }
            client.send(client.signed("DELETE", "/api/sandbox/faults").DELETE().build());
        }
    }

    @Test
    void answersSlowlyAfterReadingTheRequest() throws Exception {
        arm("slow delay=300ms");
        long t0 = System.nanoTime();
        long id = client.createJob(CONFIG);
        long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 300, "answered after " + ms + " ms");
        assertEquals(1, id);
        t0 = System.nanoTime();
        client.get("/api/v2/batch/1");
        assertTrue((System.nanoTime() - t0) / 1_000_000 < 300, "only one request is slowed");
        assertEquals(1, adminStatus().path("triggered").path("slow").asInt());
    }

    @Test
    void dropsTheConnectionAfterReadingTheWholeRequest() throws Exception {
        arm("drop on=create");
        String body = CONFIG;
        String ts = Long.toString(NOW);
        String sig = SignedClient.hmac(SECRET, "/api/v2/batch:POST:" + ts);
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), sandbox.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /api/v2/batch HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTimestamp: " + ts
                    + "\r\nAuthorization: TC " + ID + ":" + sig + "\r\nContent-Length: " + body.length() + "\r\n\r\n"
                    + body).getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            assertEquals(-1, in.read(), "EOF without a status line");
        }
        arm("drop");
        // A POST, which the JDK client does not retry on its own (it retries a GET once).
        assertThrows(IOException.class, () -> client.postJson("/api/v2/batch", CONFIG));
        // Nothing was created by the dropped request; the next one is served.
        assertEquals(1, client.createJob(CONFIG));
        assertEquals(2, adminStatus().path("triggered").path("drop").asInt());
    }

    @Test
    void dropAfterProcessesTheRequestAndLosesOnlyItsAnswer() throws Exception {
        arm("drop on=create after");
        assertEquals("drop count=1 after on=create", adminStatus().path("faults").get(0).path("spec").asText());
        // The create is made, as when a connection breaks on the way back: the client cannot know.
        assertThrows(IOException.class, () -> client.postJson("/api/v2/batch", CONFIG));
        assertEquals(1, adminStatus().path("jobs").path("Created").asInt(), "the job exists");
        assertEquals(2, client.createJob(CONFIG), "the next create is answered, with the next id");
        assertEquals(1, adminStatus().path("triggered").path("drop").asInt());
    }

    @Test
    void holdsAJobRunningUntilTheDurationHasPassed() throws Exception {
        arm("hold-running for=30s");
        long id = client.createJob(CONFIG);
        client.upload(id, "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"bad_one.example.com\"}]}"
                .getBytes(StandardCharsets.UTF_8));
        awaitStoredCompleted(1);
        JsonNode held = SignedClient.json(client.get("/api/v2/batch/" + id)).path("data").path("batchStatus");
        assertEquals("Running", held.path("status").asText());
        HttpResponse<byte[]> errors = client.get("/api/v2/batch/" + id + "/errors");
        assertEquals(400, errors.statusCode());
        assertEquals("{\"status\":\"Invalid\",\"description\":\"Batch still in Running state\"}", body(errors));
        assertEquals(400, client.get("/api/v2/batch/" + id + "/results").statusCode());
        clock.set(Instant.ofEpochSecond(NOW + 29));
        assertEquals("Running", SignedClient.json(client.get("/api/v2/batch/" + id)).path("data").path("batchStatus")
                .path("status").asText());
        clock.set(Instant.ofEpochSecond(NOW + 30));
        assertEquals("Completed", SignedClient.json(client.get("/api/v2/batch/" + id)).path("data")
                .path("batchStatus").path("status").asText());
        assertEquals(200, client.get("/api/v2/batch/" + id + "/errors").statusCode());
        JsonNode status = adminStatus();
        assertEquals("[{\"spec\":\"hold-running for=30s count=1\",\"remaining\":0,\"triggered\":4}]",
                status.path("faults").toString());
        // A second job is not held: the fault had one job.
        long next = client.createJob(CONFIG);
        client.upload(next, "{\"indicator\":[]}".getBytes(StandardCharsets.UTF_8));
        assertEquals("Completed", client.awaitCompleted(next).path("status").asText());
    }

    @Test
    void lagsTheErrorFileOfAJobWithErrors() throws Exception {
        assertEquals("{\"status\":\"Success\",\"data\":{\"fault\":{\"spec\":\"errors-lag for=10s count=1\","
                + "\"remaining\":1,\"triggered\":0}}}", arm("errors-lag for=10s"));
        long clean = client.createJob(CONFIG);
        client.upload(clean, "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"ok.example.com\"}]}"
                .getBytes(StandardCharsets.UTF_8));
        client.awaitCompleted(clean);
        long id = client.createJob(CONFIG);
        client.upload(id, "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"bad_one.example.com\"}]}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(1, client.awaitCompleted(id).path("errorCount").asInt());
        HttpResponse<byte[]> lag = client.get("/api/v2/batch/" + id + "/errors");
        assertEquals(404, lag.statusCode());
        assertEquals("{\"status\":\"Failure\",\"message\":\"The requested resource was not found\"}", body(lag));
        assertEquals(404, client.get("/api/v2/batch/" + id + "/results").statusCode());
        clock.set(Instant.ofEpochSecond(NOW + 10));
        assertEquals(200, client.get("/api/v2/batch/" + id + "/errors").statusCode());
        assertEquals(200, client.get("/api/v2/batch/" + id + "/results").statusCode());
        assertEquals("[{\"spec\":\"errors-lag for=10s count=1\",\"remaining\":0,\"triggered\":2}]",
                adminStatus().path("faults").toString());
    }

    @Test
    void answersTheFlatStatusShapeForTheNextPolls() throws Exception {
        long id = client.createJob(CONFIG);
        arm("flat-status count=2");
        String flat = "{\"id\":" + id + ",\"status\":\"Created\",\"errorCount\":0,\"successCount\":0,\"unprocessCount\":0}";
        assertEquals(flat, body(client.get("/api/v2/batch/" + id)));
        assertEquals(flat, body(client.get("/api/v2/batch/" + id)));
        assertEquals("{\"status\":\"Success\",\"data\":{\"batchStatus\":" + flat + "}}", body(client.get("/api/v2/batch/" + id)));
        arm("flat-status count=all");
        for (int i = 0; i < 3; i++) {
            assertEquals(flat, body(client.get("/api/v2/batch/" + id)));
        }
        JsonNode faults = adminStatus().path("faults");
        assertEquals("{\"spec\":\"flat-status count=all\",\"remaining\":null,\"triggered\":3}", faults.get(1).toString());
    }

    @Test
    void shiftsTheClockOfTheTimestampCheckButNotForAdminRequests() throws Exception {
        arm("clock-offset by=-10m");
        HttpResponse<byte[]> r = client.get("/api/v2/batch/1");
        assertEquals(401, r.statusCode());
        assertEquals("{\"status\":\"Failure\",\"message\":\"Timestamp out of acceptable time range\"}", body(r));
        client.skewSeconds = -600;
        assertEquals(404, client.get("/api/v2/batch/1").statusCode(), "a client whose clock matches the shift");
        client.skewSeconds = 0;
        JsonNode status = adminStatus();
        assertEquals("[{\"spec\":\"clock-offset by=-10m\",\"remaining\":null,\"triggered\":2}]", status.path("faults").toString());
        HttpResponse<byte[]> cleared = client.send(client.signed("DELETE", "/api/sandbox/faults").DELETE().build());
        assertEquals("{\"status\":\"Success\",\"data\":{\"cleared\":1}}", body(cleared));
        assertEquals(404, client.get("/api/v2/batch/1").statusCode());
        assertEquals(2, adminStatus().path("triggered").path("clock-offset").asInt(), "counters outlive clearing");
    }

    @Test
    void acceptsTheJsonFormAndRefusesABadSpecWithOneLine() throws Exception {
        HttpResponse<byte[]> ok = client.postJson("/api/sandbox/faults", "{\"kind\":\"rate-limit\",\"count\":3,\"retry-after\":5}");
        assertEquals(201, ok.statusCode());
        assertEquals("{\"status\":\"Success\",\"data\":{\"fault\":{\"spec\":\"rate-limit count=3 retry-after=5\","
                + "\"remaining\":3,\"triggered\":0}}}", body(ok));
        HttpResponse<byte[]> bad = client.postJson("/api/sandbox/faults", "{\"spec\":\"ratelimit count=3\"}");
        assertEquals(400, bad.statusCode());
        assertEquals("{\"status\":\"Invalid\",\"description\":\"unknown fault kind 'ratelimit'; kinds: rate-limit, error, "
                + "slow, drop, hold-running, errors-lag, flat-status, clock-offset\"}", body(bad));
        HttpResponse<byte[]> badKey = client.postJson("/api/sandbox/faults", "{\"kind\":\"drop\",\"delay\":\"2s\"}");
        assertEquals("{\"status\":\"Invalid\",\"description\":\"drop: unknown key 'delay'; keys: count, on, after\"}", body(badKey));
        HttpResponse<byte[]> notJson = client.postJson("/api/sandbox/faults", "rate-limit");
        assertEquals(400, notJson.statusCode());
        assertEquals(1, adminStatus().path("faults").size(), "only the good one is armed");
    }

    @Test
    void reportsJobsOwnersAndSettingsInTheStatus() throws Exception {
        long id = client.createJob(CONFIG);
        client.upload(id, ("{\"indicator\":[{\"type\":\"Host\",\"summary\":\"a.example.com\"},"
                + "{\"type\":\"Address\",\"summary\":\"192.0.2.1\"}],"
                + "\"group\":[{\"type\":\"Incident\",\"name\":\"I\",\"xid\":\"i-1\"}]}").getBytes(StandardCharsets.UTF_8));
        client.awaitCompleted(id);
        client.createJob(CONFIG);
        assertEquals("{\"status\":\"Success\",\"data\":{\"faults\":[],\"triggered\":{\"rate-limit\":0,\"error\":0,"
                + "\"slow\":0,\"drop\":0,\"hold-running\":0,\"errors-lag\":0,\"flat-status\":0,\"clock-offset\":0},"
                + "\"jobs\":{\"Created\":1,\"Queued\":0,\"Running\":0,\"Completed\":1},\"workers\":2,"
                + "\"maxUploadBytes\":2000000,\"owners\":[{\"name\":\"Example Org\",\"indicators\":2,\"groups\":1},"
                + "{\"name\":\"Example Community\",\"indicators\":0,\"groups\":0},"
                + "{\"name\":\"Example Source\",\"indicators\":0,\"groups\":0}]}}", body(client.get("/api/sandbox/status")));
    }

    @Test
    void letsOnlyTheSandboxsOwnCredentialsUseTheAdminRoutes() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + sandbox.port() + "/api/sandbox/faults"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"spec\":\"drop count=100\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
        SignedClient stranger = new SignedClient(sandbox, ID, "not-the-secret", clock);
        assertEquals(401, stranger.get("/api/sandbox/status").statusCode());
        assertEquals(0, adminStatus().path("faults").size());
        assertEquals(404, client.get("/api/sandbox/nothing").statusCode());
    }

    @Test
    void neverFaultsAdminRequests() throws Exception {
        arm("error count=5");
        arm("drop count=5");
        assertEquals(200, client.get("/api/sandbox/status").statusCode());
        assertEquals(2, adminStatus().path("faults").size());
        assertEquals(0, adminStatus().path("triggered").path("error").asInt());
    }

    @Test
    void armsTheFaultsOfTheConfigurationAtStart() throws Exception {
        sandbox.close();
        sandbox = Sandbox.start(SandboxConfig.defaults(dir, ID, SECRET).withClock(clock)
                .withFaults(List.of("rate-limit", "flat-status count=all")), new FakeValidator());
        client = new SignedClient(sandbox, ID, SECRET, clock);
        assertEquals(429, client.get("/api/v2/batch/1").statusCode());
        assertEquals(2, adminStatus().path("faults").size());
        sandbox.close();
        IOException e = assertThrows(IOException.class, () -> Sandbox.start(SandboxConfig.defaults(dir, ID, SECRET)
                .withFaults(List.of("drop", "slow delay=soon")), new FakeValidator()));
        assertEquals("cannot start the sandbox: fault 2 of the configuration: slow: delay='soon' is not a duration "
                + "like 500ms, 5s, 2m or a number of seconds", e.getMessage());
        sandbox = Sandbox.start(SandboxConfig.defaults(dir, ID, SECRET).withClock(clock), new FakeValidator());
    }

    /** Waits for the job table (not E4, which the faults change) to count this many Completed jobs. */
    private void awaitStoredCompleted(int n) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (adminStatus().path("jobs").path("Completed").asInt() < n) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("jobs not completed: " + adminStatus().path("jobs"));
            }
            Thread.sleep(20);
        }
    }
}
