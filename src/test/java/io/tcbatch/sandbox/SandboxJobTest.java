package io.tcbatch.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.tcbatch.SharedData;
import io.tcbatch.TestClock;

/** The job cycle over real HTTP: create, upload, poll, errors, and what ends up stored. */
class SandboxJobTest {

    private static final String ID = "job-test-id";
    private static final String SECRET = "job-test-secret";
    private static final String ORG = "Example Org";

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.ofEpochSecond(1_700_000_000L));
    private Sandbox sandbox;
    private SignedClient client;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.start(SandboxConfig.defaults(dir, ID, SECRET).withClock(clock).withMaxIndicatorsPerJob(50),
                new FakeValidator());
        client = new SignedClient(sandbox, ID, SECRET, clock);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void runsAJobToCompletionAndServesTheGzippedErrorFile() throws Exception {
        long id = client.createJob(SignedClient.config(ORG, "Create", "Replace", false));
        HttpResponse<byte[]> up = client.upload(id, utf8("""
                {"indicator":[{"type":"Host","summary":"bad.example.com","rating":3,"confidence":60},
                              {"type":"Host","summary":"bad_host.example.com"},
                              {"type":"Address","ip":"198.51.100.7"}],
                 "group":[{"type":"Incident","name":"Phish 42","xid":"incident-42"}],
                 "association":[{"ref_1":"bad.example.com","type_1":"Host","ref_2":"incident-42"}]}
                """));
        assertEquals(202, up.statusCode());
        assertEquals("application/json", up.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("{\"status\":\"Success\",\"data\":{\"batchStatus\":{\"id\":" + id
                + ",\"status\":\"Queued\",\"errorCount\":0,\"successCount\":0,\"unprocessCount\":0}}}",
                new String(up.body(), StandardCharsets.UTF_8));

        JsonNode status = client.awaitCompleted(id);
        assertEquals(4, status.path("successCount").asInt());
        assertEquals(1, status.path("errorCount").asInt());
        assertEquals(0, status.path("unprocessCount").asInt());

        HttpResponse<byte[]> r = client.get("/api/v2/batch/" + id + "/errors");
        assertEquals(200, r.statusCode());
        assertEquals("application/octet-stream", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("gzip", r.headers().firstValue("Content-Encoding").orElseThrow());
        JsonNode errors;
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
            errors = SignedClient.JSON.readTree(in);
        }
        assertEquals(1, errors.size());
        assertEquals("Error (0x1005): bad_host.example.com is not valid. The indicator could not be processed as a valid Host.",
                errors.get(0).path("errorReason").asText());
        assertEquals("bad_host.example.com", errors.get(0).path("errorSource").asText());

        assertEquals(2, sandbox.store().countIndicators(ORG));
        assertEquals(1, sandbox.store().countGroups(ORG));
        assertEquals(1, sandbox.store().countAssociations(ORG));
        assertEquals(3.0, sandbox.store().findIndicator(ORG, "Host", "bad.example.com").orElseThrow().rating());
    }

    @Test
    void shapesTheStatusLikeTheDocumentedExampleAndAddsCountsOnlyWhenAsked() throws Exception {
        JsonNode documented = SignedClient.JSON.readTree(
                SharedData.file("threatconnect/docs/v2_batch_status_completed_response.json").toFile());
        long id = client.createJob(SignedClient.config(ORG, "Create", "Replace", false));
        client.upload(id, utf8("[{\"indicator\":[{\"type\":\"Host\",\"summary\":\"a.example.com\"}]}]"));
        client.awaitCompleted(id);

        JsonNode plain = SignedClient.json(client.get("/api/v2/batch/" + id));
        assertEquals(fieldNames(documented), fieldNames(plain));
        assertEquals(fieldNames(documented.path("data")), fieldNames(plain.path("data")));
        assertEquals(fieldNames(documented.path("data").path("batchStatus")),
                fieldNames(plain.path("data").path("batchStatus")));

        JsonNode extra = SignedClient.json(client.get("/api/v2/batch/" + id + "?includeAdditional=true"))
                .path("data").path("batchStatus");
        assertEquals(List.of("id", "status", "errorCount", "successCount", "unprocessCount",
                "successIndicatorCount", "errorIndicatorCount", "successGroupCount", "errorGroupCount",
                "successAssociationCount", "errorAssociationCount"), fieldNames(extra));
        assertEquals(1, extra.path("successIndicatorCount").asInt());
    }

    @Test
    void stopsAtTheFirstErrorWithHaltOnErrorAndCountsTheRestAsUnprocessed() throws Exception {
        long id = client.createJob(SignedClient.config(ORG, "Create", "Replace", true));
        client.upload(id, utf8("""
                {"indicator":[{"type":"Host","summary":"one.example.com"},
                              {"type":"Host","summary":"two_bad.example.com"},
                              {"type":"Host","summary":"three.example.com"},
                              {"type":"Host","summary":"four.example.com"}],
                 "group":[{"type":"Adversary","name":"Later","xid":"adv-1"}]}
                """));
        JsonNode status = client.awaitCompleted(id);
        assertEquals(1, status.path("successCount").asInt());
        assertEquals(1, status.path("errorCount").asInt());
        assertEquals(3, status.path("unprocessCount").asInt());
        assertEquals(1, sandbox.store().countIndicators(ORG));
        assertEquals(0, sandbox.store().countGroups(ORG));
    }

    @Test
    void refusesAFileOverTheIndicatorLimitWithoutSavingAnything() throws Exception {
        long id = client.createJob(SignedClient.config(ORG, "Create", "Replace", false));
        client.upload(id, utf8(addresses(51)));
        JsonNode status = client.awaitCompleted(id);
        assertEquals(0, status.path("successCount").asInt());
        assertEquals(1, status.path("errorCount").asInt());
        assertEquals(51, status.path("unprocessCount").asInt());
        JsonNode errors = client.errors(id);
        assertTrue(errors.get(0).path("errorReason").asText().startsWith("Error (0x1008): "));
        assertTrue(errors.get(0).path("errorReason").asText().contains("would exceed the number of allowed indicators"));
        assertEquals(0, sandbox.store().countIndicators(ORG));
    }

    @Test
    void acceptsExactlyTheIndicatorLimit() throws Exception {
        JsonNode status = client.run(SignedClient.config(ORG, "Create", "Replace", false), addresses(50));
        assertEquals(50, status.path("successCount").asInt());
        assertEquals(50, sandbox.store().countIndicators(ORG));
    }

    @Test
    void enforcesTheDocumentedDefaultOf25000IndicatorsPerJob() throws Exception {
        sandbox.close();
        SandboxConfig config = SandboxConfig.defaults(dir, ID, SECRET).withClock(clock);
        assertEquals(25_000, config.maxIndicatorsPerJob());
        sandbox = Sandbox.start(config, new FakeValidator());
        client = new SignedClient(sandbox, ID, SECRET, clock);
        long id = client.createJob(SignedClient.config(ORG, "Create", "Replace", false));
        client.upload(id, utf8(addresses(25_001)));
        JsonNode status = client.awaitCompleted(id);
        assertEquals(1, status.path("errorCount").asInt());
        assertEquals(25_001, status.path("unprocessCount").asInt());
        assertTrue(client.errors(id).get(0).path("errorReason").asText()
                .contains("25001 indicators, which would exceed the number of allowed indicators (25000 per job)"));
        assertEquals(0, sandbox.store().countIndicators(ORG));
    }

    @Test
    void recordsAValidatorFailureAsAnInternalErrorOfThatItemOnly() throws Exception {
        sandbox.close();
        ItemValidator broken = new FakeValidator() {
            @Override
            public io.tcbatch.input.RuleResult checkIndicator(JsonNode n) {
                if (n.path("summary").asText().startsWith("boom")) {
                    throw new UnsupportedOperationException("TODO indicator rules");
                }
                return super.checkIndicator(n);
            }
        };
        sandbox = Sandbox.start(SandboxConfig.defaults(dir, ID, SECRET).withClock(clock), broken);
        client = new SignedClient(sandbox, ID, SECRET, clock);
        long id = client.createJob(SignedClient.config(ORG, "Create", "Replace", false));
        client.upload(id, utf8("[{\"type\":\"Host\",\"summary\":\"boom.example.com\"},"
                + "{\"type\":\"Host\",\"summary\":\"fine.example.com\"}]"));
        JsonNode status = client.awaitCompleted(id);
        assertEquals(1, status.path("successCount").asInt());
        assertEquals(1, status.path("errorCount").asInt());
        assertEquals("Error (0x1004): Encountered an unexpected Exception while processing batch job: "
                + "UnsupportedOperationException: TODO indicator rules", client.errors(id).get(0).path("errorReason").asText());
        assertEquals("boom.example.com", client.errors(id).get(0).path("errorSource").asText());
    }

    @Test
    void reportsAFileThatIsNotJsonAsOneSyntaxErrorWithNothingUnprocessed() throws Exception {
        long id = client.createJob(SignedClient.config(ORG, "Create", "Replace", true));
        client.upload(id, utf8("{\"indicator\":[{\"type\":\"Host\",\"summary\":\"ok.example.com\"},{\"type\":"));
        JsonNode status = client.awaitCompleted(id);
        assertEquals(1, status.path("errorCount").asInt());
        assertEquals(0, status.path("successCount").asInt());
        assertEquals(0, status.path("unprocessCount").asInt());
        String reason = client.errors(id).get(0).path("errorReason").asText();
        assertTrue(reason.startsWith("Error (0x1003): Invalid JSON at line 1"), reason);
        assertEquals(0, sandbox.store().countIndicators(ORG), "nothing saved from a broken file");
    }

    @Test
    void updatesAnIndicatorUploadedTwiceInsteadOfDuplicatingIt() throws Exception {
        client.run(SignedClient.config(ORG, "Create", "Replace", false),
                "[{\"type\":\"Address\",\"summary\":\"192.0.2.10\",\"rating\":1,\"confidence\":10,\"tag\":[{\"name\":\"old\"}]}]");
        client.run(SignedClient.config(ORG, "Create", "Replace", false),
                "[{\"type\":\"Address\",\"summary\":\"192.0.2.10\",\"rating\":\"4\",\"tag\":[{\"name\":\"new\"}]}]");
        assertEquals(1, sandbox.store().countIndicators(ORG));
        SandboxStore.StoredIndicator stored = sandbox.store().findIndicator(ORG, "Address", "192.0.2.10").orElseThrow();
        assertEquals(4.0, stored.rating());
        assertEquals(10, stored.confidence(), "a field not sent again keeps its value");
        assertEquals(List.of("new"), stored.tags(), "tagWriteType defaults to Replace");
    }

    @Test
    void keepsTheSameValueInTwoOwnersApart() throws Exception {
        String file = "[{\"type\":\"Host\",\"summary\":\"shared.example.org\",\"rating\":2}]";
        client.run(SignedClient.config(ORG, "Create", "Replace", false), file);
        client.run(SignedClient.config("Example Community", "Create", "Replace", false),
                file.replace("\"rating\":2", "\"rating\":5"));
        assertEquals(2.0, sandbox.store().findIndicator(ORG, "Host", "shared.example.org").orElseThrow().rating());
        assertEquals(5.0, sandbox.store().findIndicator("Example Community", "Host", "shared.example.org")
                .orElseThrow().rating());
    }

    @Test
    void deleteRemovesOnlyTheMatchingIndicators() throws Exception {
        client.run(SignedClient.config(ORG, "Create", "Replace", false),
                "[{\"type\":\"Host\",\"summary\":\"keep.example.net\"},{\"type\":\"Host\",\"summary\":\"drop.example.net\","
                        + "\"tag\":[{\"name\":\"x\"}],\"attribute\":[{\"type\":\"Source\",\"value\":\"s\"}]}]");
        JsonNode status = client.run(SignedClient.config(ORG, "Delete", "Replace", false),
                "[{\"type\":\"Host\",\"summary\":\"drop.example.net\"},{\"type\":\"Host\",\"summary\":\"never.example.net\"}]");
        assertEquals(2, status.path("successCount").asInt(), "deleting what is absent is not an error");
        assertEquals(1, sandbox.store().countIndicators(ORG));
        assertTrue(sandbox.store().findIndicator(ORG, "Host", "drop.example.net").isEmpty());
        assertTrue(sandbox.store().findIndicator(ORG, "Host", "keep.example.net").isPresent());
        // Recreating it starts without the old tags and attributes.
        client.run(SignedClient.config(ORG, "Create", "Append", false), "[{\"type\":\"Host\",\"summary\":\"drop.example.net\"}]");
        SandboxStore.StoredIndicator back = sandbox.store().findIndicator(ORG, "Host", "drop.example.net").orElseThrow();
        assertEquals(List.of(), back.tags());
        assertEquals(List.of(), back.attributes());
    }

    @Test
    void appliesAttributeWriteTypes() throws Exception {
        String first = "[{\"type\":\"Host\",\"summary\":\"w.example.com\",\"description\":\"d1\","
                + "\"attribute\":[{\"type\":\"Source\",\"value\":\"s1\"}]}]";
        String second = "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"w.example.com\","
                + "\"attribute\":[{\"type\":\"Source\",\"value\":\"s2\"}]}]}";
        client.run(SignedClient.config(ORG, "Create", "Replace", false), first);
        client.run(SignedClient.config(ORG, "Create", "Append", false), second);
        assertEquals(List.of(new SandboxStore.Attribute("Description", "d1", true, false, null), attr("Source", "s1"), attr("Source", "s2")), attributes());

        client.run(SignedClient.config(ORG, "Create", "Singleton", false), second.replace("s2", "s3"));
        assertEquals(List.of(new SandboxStore.Attribute("Description", "d1", true, false, null), attr("Source", "s3")), attributes());

        client.run(SignedClient.config(ORG, "Create", "Static", false), second.replace("s2", "s4"));
        assertEquals(List.of(new SandboxStore.Attribute("Description", "d1", true, false, null), attr("Source", "s3")), attributes());

        client.run(SignedClient.config(ORG, "Create", "Replace", false), second.replace("s2", "s5"));
        assertEquals(List.of(attr("Source", "s5")), attributes());
    }

    @Test
    void replacesAnIndicatorRepeatedInOneFileConsistently() throws Exception {
        client.run(SignedClient.config(ORG, "Create", "Replace", false),
                "[{\"type\":\"Host\",\"summary\":\"twice.example.com\",\"rating\":1,\"tag\":[{\"name\":\"a\"}]},"
                        + "{\"type\":\"Host\",\"summary\":\"twice.example.com\",\"rating\":2,\"tag\":[{\"name\":\"b\"}]}]");
        SandboxStore.StoredIndicator s = sandbox.store().findIndicator(ORG, "Host", "twice.example.com").orElseThrow();
        assertEquals(2.0, s.rating());
        assertEquals(List.of("b"), s.tags());
    }

    @Test
    void refusesASecondUploadAndAWrongContentType() throws Exception {
        long id = client.createJob(SignedClient.config(ORG, "Create", "Replace", false));
        HttpResponse<byte[]> wrongType = client.send(client.signed("POST", "/api/v2/batch/" + id)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("[]")).build());
        assertEquals(415, wrongType.statusCode());
        assertEquals(202, client.upload(id, utf8("[]")).statusCode());
        HttpResponse<byte[]> again = client.upload(id, utf8("[]"));
        assertEquals(400, again.statusCode());
        assertEquals("Invalid", SignedClient.json(again).path("status").asText());
        assertEquals(404, client.upload(987_654, utf8("[]")).statusCode());
    }

    @Test
    void answersErrorsOfAnUnfinishedJobWith400AndOfACleanJobWith404() throws Exception {
        long id = client.createJob(SignedClient.config(ORG, "Create", "Replace", false));
        HttpResponse<byte[]> early = client.get("/api/v2/batch/" + id + "/errors");
        assertEquals(400, early.statusCode());
        assertEquals("{\"status\":\"Invalid\",\"description\":\"Batch still in Running state\"}",
                new String(early.body(), StandardCharsets.UTF_8));
        client.upload(id, utf8("[{\"type\":\"Host\",\"summary\":\"clean.example.com\"}]"));
        client.awaitCompleted(id);
        assertEquals(404, client.get("/api/v2/batch/" + id + "/errors").statusCode());
    }

    @Test
    void acceptsAChunkedUpload() throws Exception {
        long id = client.createJob(SignedClient.config(ORG, "Create", "Replace", false));
        byte[] file = utf8(addresses(20));
        Iterator<byte[]> parts = List.of(java.util.Arrays.copyOfRange(file, 0, 100),
                java.util.Arrays.copyOfRange(file, 100, file.length)).iterator();
        // An InputStream publisher has no known length, so HttpClient sends it chunked.
        HttpResponse<byte[]> r = client.send(client.signed("POST", "/api/v2/batch/" + id)
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.SequenceInputStream(
                        new ByteArrayInputStream(parts.next()), new ByteArrayInputStream(parts.next()))))
                .build());
        assertEquals(202, r.statusCode());
        assertEquals(20, client.awaitCompleted(id).path("successCount").asInt());
    }

    @Test
    void resumesAQueuedJobLeftByAPreviousRun() throws Exception {
        long id = client.createJob(SignedClient.config(ORG, "Create", "Replace", false));
        sandbox.close();
        // As if the previous run crashed between accepting the upload and processing it.
        Files.writeString(dir.resolve("uploads").resolve(id + ".json"), addresses(3));
        try (Database db = Database.open(dir)) {
            assertTrue(new JobRepository(db, clock).transition(id, JobState.Created, JobState.Queued));
        }
        sandbox = Sandbox.start(SandboxConfig.defaults(dir, ID, SECRET).withClock(clock), new FakeValidator());
        client = new SignedClient(sandbox, ID, SECRET, clock);
        assertEquals(3, client.awaitCompleted(id).path("successCount").asInt());
    }

    @Test
    void keepsDataAcrossRestarts() throws Exception {
        client.run(SignedClient.config(ORG, "Create", "Replace", false), addresses(5));
        sandbox.close();
        sandbox = Sandbox.start(SandboxConfig.defaults(dir, ID, SECRET).withClock(clock), new FakeValidator());
        assertEquals(5, sandbox.store().countIndicators(ORG));
        assertFalse(sandbox.store().findIndicator(ORG, "Address", "203.0.113.1").isEmpty());
    }

    private List<SandboxStore.Attribute> attributes() {
        return sandbox.store().findIndicator(ORG, "Host", "w.example.com").orElseThrow().attributes();
    }

    private static SandboxStore.Attribute attr(String type, String value) {
        return new SandboxStore.Attribute(type, value);
    }

    /** A V1 array of n Address indicators in 203.0.113.0/24 (and 198.51.100.0/24 past 254). */
    static String addresses(int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append("{\"type\":\"Address\",\"summary\":\"").append(address(i)).append("\",\"rating\":3}");
        }
        return sb.append(']').toString();
    }

    static String address(int i) {
        // Documentation ranges only; beyond 3 × 254 values, IPv6 in 2001:db8::/32.
        if (i < 254) {
            return "203.0.113." + (i + 1);
        } else if (i < 508) {
            return "198.51.100." + (i - 253);
        } else if (i < 762) {
            return "192.0.2." + (i - 507);
        }
        return "2001:db8::" + Integer.toHexString(i);
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
