package io.tcbatch.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcbatch.TestClock;

/** Authentication and job creation over real HTTP. */
class SandboxAuthTest {

    private static final String ID = "test-access-id";
    private static final String SECRET = "test-secret";

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.ofEpochSecond(1_700_000_000L));
    private Sandbox sandbox;
    private SignedClient client;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.start(SandboxConfig.defaults(dir, ID, SECRET).withClock(clock).withToken("tok-123")
                .withOwners(List.of(new SandboxConfig.Owner("Demo Organization", "Organization"),
                        new SandboxConfig.Owner("Example Org", "Organization"))), new FakeValidator());
        client = new SignedClient(sandbox, ID, SECRET, clock);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void createsAJobWithASignedRequest() throws Exception {
        HttpResponse<byte[]> r = client.postJson("/api/v2/batch", SignedClient.config("Example Org", "Create", "Replace", false));
        assertEquals(201, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        JsonNode body = SignedClient.json(r);
        assertEquals("Success", body.path("status").asText());
        assertEquals(true, body.path("data").path("batchId").isIntegralNumber());
    }

    @Test
    void verifiesTheQueryAsSentWhetherSpacesArePlusOrPercentTwenty() throws Exception {
        String config = SignedClient.config("Demo Organization", "Create", "Replace", false);
        for (String q : List.of("owner=Demo%20Organization&createActivityLog=false", "owner=Demo+Organization")) {
            assertEquals(201, client.postJson("/api/v2/batch?" + q, config).statusCode(), q);
        }
    }

    @Test
    void answersABadSignatureWith401AndTheDocumentedText() throws Exception {
        HttpRequest bad = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sandbox.port() + "/api/v2/batch/1"))
                .header("timestamp", "1700000000")
                .header("authorization", "TC " + ID + ":AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
                .GET().build();
        HttpResponse<byte[]> r = client.send(bad);
        assertEquals(401, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("{\"status\":\"Failure\",\"message\":\"Signature data did not match expected result\"}",
                new String(r.body()));
    }

    @Test
    void refusesATimestampThreeHundredAndOneSecondsOld() throws Exception {
        client.skewSeconds = -301;
        HttpResponse<byte[]> r = client.get("/api/v2/batch/1");
        assertEquals(401, r.statusCode());
        assertEquals("Timestamp out of acceptable time range", SignedClient.json(r).path("message").asText());
    }

    @Test
    void checksAgainstTheInjectedClock() throws Exception {
        long id = client.createJob(SignedClient.config("Example Org", "Create", "Replace", false));
        clock.set(Instant.ofEpochSecond(1_700_000_000L + 3600));
        assertEquals(200, client.get("/api/v2/batch/" + id).statusCode(), "client and server moved together");
        client.skewSeconds = -3600;
        assertEquals(401, client.get("/api/v2/batch/" + id).statusCode());
    }

    @Test
    void acceptsTheTokenWithLowerCaseHeaderNames() throws Exception {
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + sandbox.port() + "/api/v2/batch"))
                .header("authorization", "TC-Token tok-123")
                .header("timestamp", "1")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(SignedClient.config("Example Org", "Create", "Replace", false)))
                .build());
        assertEquals(201, r.statusCode());
    }

    @Test
    void deniesARequestWithoutAuthorization() throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + sandbox.port() + "/api/v2/batch/1")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(401, r.statusCode());
        assertEquals("Access Denied", SignedClient.json(r).path("message").asText());
    }

    @Test
    void refusesAnOwnerThatDoesNotExistWith403() throws Exception {
        HttpResponse<byte[]> r = client.postJson("/api/v2/batch", SignedClient.config("Nobody Inc", "Create", "Replace", false));
        assertEquals(403, r.statusCode());
        assertEquals("{\"status\":\"Failure\",\"message\":\"Access Denied: owner 'Nobody Inc' is not accessible\"}",
                new String(r.body()));
    }

    @Test
    void validatesTheJobConfiguration() throws Exception {
        assertBadRequest("{\"haltOnError\":false,\"action\":\"Create\",\"attributeWriteType\":\"Replace\"}",
                "Missing required field 'owner'");
        assertBadRequest("{\"owner\":\"Example Org\",\"haltOnError\":false,\"action\":\"create\",\"attributeWriteType\":\"Replace\"}",
                "Invalid action 'create': expected one of Create, Delete");
        assertBadRequest("{\"owner\":\"Example Org\",\"haltOnError\":\"maybe\",\"action\":\"Create\",\"attributeWriteType\":\"Replace\"}",
                "Field 'haltOnError' must be true or false, not \"maybe\"");
        assertBadRequest("{\"owner\":\"Example Org\",\"action\":\"Create\",\"attributeWriteType\":\"Replace\"}",
                "Missing required field 'haltOnError'");
        assertBadRequest("{\"owner\":\"Example Org\",\"haltOnError\":false,\"action\":\"Create\",\"attributeWriteType\":\"Singleton\"}",
                "Invalid attributeWriteType 'Singleton': expected one of Append, Replace, Static");
        assertBadRequest("{\"version\":\"V3\",\"owner\":\"Example Org\",\"haltOnError\":false,\"action\":\"Create\",\"attributeWriteType\":\"Replace\"}",
                "Invalid version 'V3': expected one of V1, V2");
        assertBadRequest("not json", null);
    }

    @Test
    void acceptsStringBooleansAsTcexSendsThem() throws Exception {
        String tcex = "{\"action\":\"Create\",\"attributeWriteType\":\"Replace\",\"haltOnError\":\"false\","
                + "\"owner\":\"Example Org\",\"playbookTriggersEnabled\":\"false\",\"securityLabelWriteType\":\"Replace\","
                + "\"tagWriteType\":\"Replace\",\"version\":\"V2\"}";
        assertEquals(201, client.postJson("/api/v2/batch", tcex).statusCode());
    }

    @Test
    void answersUnknownRoutesAndJobsWith404() throws Exception {
        for (String target : List.of("/api/v2/nothing", "/api/v2/batch/999", "/api/v2/batch/999/errors")) {
            HttpResponse<byte[]> r = client.get(target);
            assertEquals(404, r.statusCode(), target);
            assertEquals("{\"status\":\"Failure\",\"message\":\"The requested resource was not found\"}",
                    new String(r.body()));
        }
    }

    @Test
    void servesTheIndicatorTypesTcexAsksForFirst() throws Exception {
        JsonNode body = SignedClient.json(client.get("/api/v2/types/indicatorTypes"));
        assertEquals(12, body.path("data").path("resultCount").asInt());
        assertEquals("EmailAddress", body.path("data").path("indicatorType").get(1).path("name").asText());
    }

    private void assertBadRequest(String config, String message) throws Exception {
        HttpResponse<byte[]> r = client.postJson("/api/v2/batch", config);
        assertEquals(400, r.statusCode(), config);
        JsonNode body = SignedClient.json(r);
        assertEquals("Failure", body.path("status").asText());
        if (message != null) {
            assertEquals(message, body.path("message").asText());
        }
    }
}
