package io.tcbatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;

import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;

import org.junit.jupiter.api.Test;

/** GETs are retried with backoff through the injected sleeper; POSTs never are. */
class RetryTest extends MockServerSupport {
    private static final String RUNNING =
            "{\"status\":\"Success\",\"data\":{\"batchStatus\":{\"id\":5,\"status\":\"Running\"}}}";

    @Test
    void statusIsRetriedAfterA503AndEachAttemptIsSignedAfresh() throws Exception {
        enqueueJson(503, "{\"status\":\"Failure\",\"message\":\"busy\"}");
        enqueueJson(200, RUNNING);
        BatchStatus st;
        try (ThreatConnectClient c = client(new Credentials.Hmac(ACCESS_ID, SECRET), new TickingClock(T0))) {
            st = c.status(5);
        }
        assertEquals(JobState.RUNNING, st.state());
        assertEquals(List.of(Duration.ofMillis(500)), sleeps);
        RecordedRequest first = take();
        RecordedRequest second = take();
        assertEquals("1700000000", first.getHeaders().get("Timestamp"));
        assertEquals("1700000001", second.getHeaders().get("Timestamp"));
        assertNotEquals(first.getHeaders().get("Authorization"), second.getHeaders().get("Authorization"));
        assertEquals(HmacSigner.authorization(ACCESS_ID, SECRET, "/api/v2/batch/5?includeAdditional=true", "GET", 1700000001L),
                second.getHeaders().get("Authorization"));
    }

    @Test
    void statusGivesUpAfterThreeRetriesWithGrowingBackoff() {
        for (int i = 0; i < 4; i++) {
            enqueueJson(502, "{\"status\":\"Failure\",\"message\":\"bad gateway\"}");
        }
        try (ThreatConnectClient c = hmacClient()) {
            ApiException e = assertThrows(ApiException.class, () -> c.status(5));
            assertEquals(502, e.httpStatus());
            assertEquals("GET /api/v2/batch/5: 502 bad gateway", e.getMessage());
        }
        assertEquals(4, server.getRequestCount());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2)), sleeps);
    }

    @Test
    void errorsAreRetriedOn500() throws Exception {
        server.enqueue(new MockResponse.Builder().code(500).build());
        server.enqueue(new MockResponse.Builder().code(404).build());
        try (ThreatConnectClient c = hmacClient()) {
            assertEquals(ErrorFile.notAvailable(), c.errors(5));
        }
        assertEquals(2, server.getRequestCount());
        assertEquals(1, sleeps.size());
    }

    @Test
    void createJobIsNotRetriedOn503() {
        enqueueText(503, "Batch job api is not available.  Ensure that batchJobEnabled is true");
        enqueueJson(201, "{\"status\":\"Success\",\"data\":{\"batchId\":1}}");
        try (ThreatConnectClient c = hmacClient()) {
            ApiException e = assertThrows(ApiException.class,
                    () -> c.createJob(new JobConfig("V2", "Example Org", false, "Create", "Replace")));
            assertEquals(503, e.httpStatus());
            assertEquals("POST /api/v2/batch: 503 Batch job api is not available.  Ensure that batchJobEnabled is true",
                    e.getMessage());
        }
        assertEquals(1, server.getRequestCount());
        assertEquals(List.of(), sleeps);
    }

    @Test
    void unreachableServerIsApiExceptionZeroAfterRetriesForGet() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI dead = URI.create("http://127.0.0.1:" + port + "/api");
        OkHttpClient http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(2)).build();
        try (ThreatConnectClient c = new ThreatConnectClient(dead, new Credentials.Token("tok-secret-123"),
                Clock.fixed(T0, ZoneOffset.UTC), http, recordingSleeper)) {
            ApiException e = assertThrows(ApiException.class, () -> c.status(1));
            assertEquals(0, e.httpStatus());
            assertTrue(e.getMessage().startsWith("cannot reach 127.0.0.1:" + port + ": "), e.getMessage());
            assertTrue(e.getCause() instanceof IOException);
            assertTrue(!e.getMessage().contains("tok-secret-123"));
        }
        assertEquals(3, sleeps.size());
    }

    @Test
    void unreachableServerIsNotRetriedForPost() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        URI dead = URI.create("http://127.0.0.1:" + port + "/api");
        try (ThreatConnectClient c = new ThreatConnectClient(dead, new Credentials.Hmac(ACCESS_ID, SECRET),
                Clock.fixed(T0, ZoneOffset.UTC), new OkHttpClient(), recordingSleeper)) {
            ApiException e = assertThrows(ApiException.class,
                    () -> c.createJob(new JobConfig("V2", "Example Org", false, "Create", "Replace")));
            assertEquals(0, e.httpStatus());
            assertTrue(e.getMessage().startsWith("cannot reach 127.0.0.1:" + port + ": "), e.getMessage());
        }
        assertEquals(List.of(), sleeps);
    }
}
