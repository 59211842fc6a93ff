package io.tcbatch.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.tcbatch.SharedData;
import io.tcbatch.TestClock;

/** E3 createAndUpload, E6 results, the documented E1 bodies, and the real input rules. */
class SandboxMoreEndpointsTest {

    private static final String ID = "more-id";
    private static final String SECRET = "more-secret";
    private static final String ORG = "Example Org";

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.ofEpochSecond(1_700_000_000L));
    private Sandbox sandbox;
    private SignedClient client;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.start(SandboxConfig.defaults(dir, ID, SECRET).withClock(clock).withOwners(
                List.of(new SandboxConfig.Owner(ORG, "Organization"),
                        new SandboxConfig.Owner("Demo Organization", "Organization"))), new FakeValidator());
        client = new SignedClient(sandbox, ID, SECRET, clock);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void createsAndUploadsInOneMultipartCallAsTcexSendsIt() throws Exception {
        String boundary = "b7a4f0c2e5d94b0e9e1a";
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"config\"; filename=\"config\"\r\n\r\n"
                + "{\"action\":\"Create\",\"attributeWriteType\":\"Replace\",\"haltOnError\":\"false\","
                + "\"owner\":\"Example Org\",\"version\":\"V2\"}\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"content\"; filename=\"content\"\r\n\r\n"
                + "{\"group\":[],\"indicator\":[{\"type\":\"Host\",\"summary\":\"mp.example.com\"},"
                + "{\"type\":\"Host\",\"summary\":\"--" + boundary.substring(0, 10) + ".example.com\"}],\"association\":[]}\r\n"
                + "--" + boundary + "--\r\n";
        HttpResponse<byte[]> r = client.send(client.signed("POST", "/api/v2/batch/createAndUpload?includeAdditional=true")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(201, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        JsonNode status = SignedClient.json(r).path("data").path("batchStatus");
        assertEquals("Queued", status.path("status").asText());
        JsonNode done = client.awaitCompleted(status.path("id").asLong());
        assertEquals(2, done.path("successCount").asInt());
        assertTrue(sandbox.store().findIndicator(ORG, "Host", "mp.example.com").isPresent());
    }

    @Test
    void acceptsJavaStyleTextPartsWithContentFirst() throws Exception {
        String boundary = "----javaBoundary42";
        String body = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"content\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
                + "{\"indicator\":[{\"type\":\"Address\",\"summary\":\"192.0.2.55\"}]}\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"config\"\r\nContent-Type: text/plain; charset=UTF-8\r\n\r\n"
                + "{\"version\":\"V2\",\"owner\":\"Example Org\",\"haltOnError\":false,\"action\":\"Create\","
                + "\"attributeWriteType\":\"Replace\",\"removeOrphanIndicators\":false}\r\n"
                + "--" + boundary + "--\r\n";
        HttpResponse<byte[]> r = client.send(client.signed("POST", "/api/v2/batch/createAndUpload?owner=Example%20Org")
                .header("Content-Type", "multipart/form-data; boundary=\"" + boundary + "\"")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(201, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        client.awaitCompleted(SignedClient.json(r).path("data").path("batchStatus").path("id").asLong());
        assertTrue(sandbox.store().findIndicator(ORG, "Address", "192.0.2.55").isPresent());
    }

    @Test
    void refusesCreateAndUploadWithoutItsParts() throws Exception {
        String body = "--x\r\nContent-Disposition: form-data; name=\"config\"\r\n\r\n{}\r\n--x--\r\n";
        HttpResponse<byte[]> r = client.send(client.signed("POST", "/api/v2/batch/createAndUpload")
                .header("Content-Type", "multipart/form-data; boundary=x")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(400, r.statusCode());
        assertEquals("createAndUpload needs the multipart parts 'config' and 'content'",
                SignedClient.json(r).path("message").asText());
    }

    @Test
    void filtersErrorDetailsByCodeAndText() throws Exception {
        long id = client.createJob(SignedClient.config(ORG, "Create", "Replace", false));
        client.upload(id, ("{\"indicator\":[{\"type\":\"Host\",\"summary\":\"x_1.example.com\"},"
                + "{\"type\":\"Host\",\"summary\":\"ok.example.com\",\"rating\":9}],"
                + "\"group\":[{\"type\":\"Adversary\",\"name\":\"no xid\"}]}").getBytes(StandardCharsets.UTF_8));
        assertEquals(3, client.awaitCompleted(id).path("errorCount").asInt());

        JsonNode all = SignedClient.json(client.get("/api/v2/batch/" + id + "/results"));
        assertEquals(3, all.size());
        assertEquals(List.of("code", "severity", "errorReason", "errorMessage"), fieldNames(all.get(0)));

        JsonNode groups = SignedClient.json(client.get("/api/v2/batch/" + id + "/results?code=0x1006"));
        assertEquals(1, groups.size());
        assertEquals("Error (0x1006): name, type and xid are required", groups.get(0).path("errorReason").asText());

        JsonNode range = SignedClient.json(client.get("/api/v2/batch/" + id + "/results?contains=out%20of%20range"));
        assertEquals("0x1003", range.get(0).path("code").asText());
        assertEquals(404, client.get("/api/v2/batch/" + id + "/results?severity=warn").statusCode());
    }

    @Test
    void acceptsTheDocumentedCreateRequests() throws Exception {
        for (String name : List.of("v1_batch_create_request.json", "v2_batch_create_request.json")) {
            String body = Files.readString(SharedData.file("threatconnect/docs/" + name));
            assertEquals(201, client.postJson("/api/v2/batch", body).statusCode(), name);
        }
    }

    @Test
    void judgesItemsWithTheRealInputRules() throws Exception {
        try (Sandbox real = Sandbox.start(SandboxConfig.defaults(dir.resolve("real"), ID, SECRET).withClock(clock))) {
            SignedClient c = new SignedClient(real, ID, SECRET, clock);
            JsonNode status = c.run(SignedClient.config(ORG, "Create", "Replace", false),
                    "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"Good.Example.com\"},"
                            + "{\"type\":\"Host\",\"summary\":\"bad_host.example.com\"},"
                            + "{\"type\":\"Address\",\"ip\":\"2001:DB8:0:0::1\"}],"
                            + "\"group\":[{\"type\":\"Incident\",\"name\":\"Phish\",\"xid\":\"incident-1\"}]}");
            assertEquals(3, status.path("successCount").asInt());
            assertEquals(1, status.path("errorIndicatorCount").asInt());
            JsonNode errors = c.errors(status.path("id").asLong());
            assertTrue(errors.get(0).path("errorReason").asText().startsWith("Error (0x1005): "));
            assertTrue(real.store().findIndicator(ORG, "Host", "good.example.com").isPresent(), "normalised host");
            assertTrue(real.store().findIndicator(ORG, "Address", "2001:db8::1").isPresent(), "canonical IPv6");
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
