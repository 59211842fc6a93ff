package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import mockwebserver3.MockResponse;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * tcbatch pointed at someone else's ThreatConnect through the environment variables of DESIGN.md,
 * running a DSL script with the default settings and {@code --output json}, the way an outside
 * test suite checks it: exit codes, the summary, and the requests that reached the server.
 */
class ExternalInstanceEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private FakeThreatConnect tc;
    private Path script;
    private Path feed;

    @BeforeEach
    void setUp() throws Exception {
        tc = new FakeThreatConnect();
        script = Files.writeString(dir.resolve("import.groovy"), "batch {\n    upload file(args[0])\n}\n");
        feed = Files.writeString(dir.resolve("feed.txt"), "192.0.2.1\nbad.example.com\nhttp://x.example.net/a\n");
    }

    @AfterEach
    void tearDown() throws Exception {
        tc.close();
    }

    /** tcbatch with this test's home and the fake's TC_API_* environment. */
    private Cli cli() {
        Cli cli = new Cli(dir.resolve("home"));
        for (Map.Entry<String, String> e : tc.env().entrySet()) {
            cli.env(e.getKey(), e.getValue());
        }
        return cli;
    }

    private Cli.Result run() {
        Cli cli = cli();
        return cli.run("--output", "json", "run", script.toString(), feed.toString());
    }

    private static JsonNode doc(Cli.Result r) throws Exception {
        return JSON.readTree(r.out());
    }

    @Test
    void importsThroughTheDocumentedEndpointsWhenCreateAndUploadIsNotServed() throws Exception {
        Cli.Result r = run();
        assertEquals(0, r.code(), r.err());
        JsonNode s = doc(r);
        assertEquals("env", s.path("profile").asText());
        assertEquals(3, s.path("totals").path("succeeded").asInt());
        assertEquals(3, s.path("totals").path("read").asInt());
        JsonNode config = tc.configs.get(1L);
        assertEquals("V2", config.path("version").asText());
        assertEquals("Example Org", config.path("owner").asText());
        assertTrue(config.path("haltOnError").isBoolean(), config.toString());
        assertEquals("Create", config.path("action").asText());
        assertEquals(3, tc.uploads.get(1L).path("indicator").size());
        List<String> sent = List.copyOf(tc.requests);
        assertTrue(sent.contains("POST /api/v2/batch"), sent.toString());
        assertTrue(sent.contains("POST /api/v2/batch/1"), sent.toString());
        assertTrue(sent.stream().anyMatch(q -> q.startsWith("GET /api/v2/batch/1")), sent.toString());
        // createAndUpload is tried at most once: the 404 is remembered.
        assertTrue(sent.stream().filter(q -> q.contains("createAndUpload")).count() <= 1, sent.toString());
    }

    @Test
    void aBadGatewayPageWhilePollingIsRetriedAndTheJobStillCompletes() throws Exception {
        tc.statusFaults.add(new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html")
                .body("<html><body><h1>502 Bad Gateway</h1></body></html>").build());
        Cli.Result r = run();
        assertEquals(0, r.code(), r.err());
        assertEquals(3, doc(r).path("totals").path("succeeded").asInt());
    }

    @Test
    void theFlatDocumentedStatusShapeIsUnderstood() throws Exception {
        tc.flatStatus = true;
        Cli.Result r = run();
        assertEquals(0, r.code(), r.err());
        assertEquals("Completed", doc(r).path("jobs").get(0).path("status").asText());
    }

    @Test
    void aTooManyRequestsAnswerIsWaitedOutAsTheServerAsks() throws Exception {
        tc.statusFaults.add(new MockResponse.Builder().code(429).setHeader("Retry-After", "1")
                .setHeader("Content-Type", "application/json").body("{\"status\":\"Failure\",\"message\":\"slow down\"}").build());
        Cli.Result r = run();
        assertEquals(0, r.code(), r.err());
        assertEquals(3, doc(r).path("totals").path("succeeded").asInt());
    }

    @Test
    void anErrorFileThatLagsCompletedIsWaitedForAndItsItemsAreSavedForResending() throws Exception {
        tc.failing = List.of("bad.example.com");
        tc.errorFileLag = 2;
        Cli.Result r = run();
        assertEquals(1, r.code(), r.err());
        JsonNode s = doc(r);
        assertEquals(2, s.path("totals").path("succeeded").asInt());
        assertEquals(1, s.path("totals").path("failed").asInt());
        JsonNode group = s.path("errors").get(0);
        assertEquals("0x1005", group.path("code").asText(), s.toString());
        assertEquals(1, group.path("count").asInt());
        String failedItems = s.path("failedItems").asText(null);
        assertTrue(failedItems != null && Files.isRegularFile(Path.of(failedItems)), s.toString());
        JsonNode again = JSON.readTree(Path.of(failedItems).toFile());
        assertEquals(1, again.path("indicator").size());
        assertEquals("bad.example.com", again.path("indicator").get(0).path("summary").asText());
    }

    @Test
    void anAuthorizationFailureMidPollingStopsWithExit3AndTheServersMessage() throws Exception {
        for (int i = 0; i < 2; i++) {
            tc.statusFaults.add(FakeThreatConnect.json(401, "{\"status\":\"Failure\",\"message\":\"Access Denied\"}"));
        }
        Cli.Result r = run();
        assertEquals(3, r.code(), r.err());
        JsonNode s = doc(r);
        assertEquals(3, s.path("exitCode").asInt());
        assertTrue(s.path("error").asText().contains("Access Denied"), s.toString());
        // The whole summary, not just the message: the run, its job, and totals that balance.
        assertFalse(s.path("run").asText("").isEmpty(), s.toString());
        assertEquals(1, s.path("jobs").size(), s.toString());
        assertEquals(1, s.path("jobs").get(0).path("batchId").asLong());
        JsonNode t = s.path("totals");
        assertEquals(3, t.path("read").asInt());
        assertEquals(3, t.path("unconfirmed").asInt(), s.toString());
        assertTrue(s.path("error").asText().contains("continue with: watch 1"), s.toString());
        // Standard output stays exactly one JSON document.
        assertEquals(s, JSON.readTree(r.out().strip()));
        assertEquals(1, r.out().strip().lines().filter(l -> l.equals("}")).count(), r.out());
    }

    @Test
    void inTextModeARunStoppedMidPollingPrintsItsSummaryThenTheMessage() throws Exception {
        for (int i = 0; i < 2; i++) {
            tc.statusFaults.add(FakeThreatConnect.json(401, "{\"status\":\"Failure\",\"message\":\"Access Denied\"}"));
        }
        Cli cli = cli();
        Cli.Result r = cli.run("run", script.toString(), feed.toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(r.out().startsWith("Run "), r.out());
        assertTrue(r.out().contains("unconfirmed 3"), r.out());
        // The message is said once, as the one tcbatch: line after the summary.
        assertFalse(r.out().contains("Access Denied"), r.out());
        assertTrue(r.out().contains("Result: failed"), r.out());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("tcbatch: ") && l.contains("Access Denied")).count(),
                r.err());
    }

    @Test
    void aWrongSecretIsExit3AndTheSecretIsNeverPrinted() throws Exception {
        Cli cli = cli();
        cli.env("TC_API_SECRET_KEY", "not-the-right-secret-key");
        Cli.Result r = cli.run("--output", "json", "run", script.toString(), feed.toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(doc(r).path("error").asText().contains("Signature data did not match"), r.out());
        assertFalse((r.out() + r.err()).contains("not-the-right-secret-key"));
        assertTrue(tc.uploads.isEmpty());
    }
    @Test
    void aRefusedCreateLosesNothingWatchSendsTheChunkOnceTheCredentialsAreRight() throws Exception {
        Cli wrong = cli();
        Cli right = cli();
        wrong.env("TC_API_SECRET_KEY", "not-the-right-secret-key");
        Cli.Result first = wrong.run("--output", "json", "run", script.toString(), feed.toString());
        assertEquals(3, first.code(), first.err());
        JsonNode t = doc(first).path("totals");
        assertEquals(0, t.path("submitted").asInt(), "nothing was sent: " + t);
        assertEquals(3, t.path("unconfirmed").asInt(), t.toString());
        assertEquals("Not sent", doc(first).path("jobs").get(0).path("status").asText());

        // A 401 is a refusal, not a lost answer: no job exists, so watch sends the chunk. The run
        // ended failed, so it is not pending: a bare watch says how to send it, watch --run sends it.
        String run = doc(first).path("run").asText();
        Cli.Result bare = right.run("watch");
        assertEquals(0, bare.code(), bare.err());
        assertTrue(bare.out().contains("1 of its chunks never sent (resume " + run + " sends them)"), bare.out());
        Cli.Result again = right.run("--output", "json", "watch", "--run", run);
        assertEquals(0, again.code(), again.err());
        JsonNode s = doc(again).path("totals");
        assertEquals(3, s.path("succeeded").asInt(), s.toString());
        assertEquals(3, s.path("submitted").asInt(), s.toString());
        assertEquals(1, tc.uploads.size());
    }
}
