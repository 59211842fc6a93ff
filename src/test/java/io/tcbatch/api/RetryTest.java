package io.tcbatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;

import org.junit.jupiter.api.Test;

/**
 * Backoff with full jitter inside a per-call budget, Retry-After, re-signing, and the rule that a
 * creating POST is only re-sent when the server certainly did not act.
 */
class RetryTest extends MockServerSupport {
    private static final JobConfig CONFIG = new JobConfig("V2", "Example Org", false, "Create", "Replace");
    private static final String RUNNING =
            "{\"status\":\"Success\",\"data\":{\"batchStatus\":{\"id\":5,\"status\":\"Running\"}}}";
    private static final String COMPLETED = "{\"status\":\"Success\",\"data\":{\"batchStatus\":{\"id\":5,"
            + "\"status\":\"Completed\",\"errorCount\":0,\"successCount\":3,\"unprocessCount\":0}}}";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    // ------------------------------------------------------------ the policy itself

    @Test
    void backoffCeilingDoublesFromTheBaseUpToTheCap() {
        RetryPolicy p = RetryPolicy.DEFAULT;
        assertEquals(Duration.ofMillis(500), p.ceiling(0));
        assertEquals(Duration.ofSeconds(1), p.ceiling(1));
        assertEquals(Duration.ofSeconds(16), p.ceiling(5));
        assertEquals(Duration.ofSeconds(30), p.ceiling(6));
        assertEquals(Duration.ofSeconds(30), p.ceiling(200));
    }

    @Test
    void fullJitterDrawsBetweenZeroAndTheCeiling() {
        RetryPolicy p = RetryPolicy.DEFAULT;
        assertEquals(Duration.ZERO, p.jittered(3, () -> 0.0));
        assertEquals(Duration.ofSeconds(2), p.jittered(3, () -> 0.5));
        assertEquals(Duration.ofMillis(3996), p.jittered(3, () -> 0.999));
        assertEquals(Duration.ofSeconds(4), p.jittered(3, () -> 1.0));
        // A broken source cannot produce a negative or longer wait.
        assertEquals(Duration.ZERO, p.jittered(3, () -> Double.NaN));
        assertEquals(Duration.ofSeconds(4), p.jittered(3, () -> 7.0));
    }

    @Test
    void aPolicyNeedsAtLeastOneAttempt() {
        assertThrows(IllegalArgumentException.class,
                () -> new RetryPolicy(Duration.ofMillis(1), Duration.ofSeconds(1), 0, Duration.ofSeconds(1)));
    }

    // ------------------------------------------------------------ GETs

    @Test
    void statusIsRetriedAfterA503AndTheRetryIsSignedWithAFreshTimestamp() throws Exception {
        server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "3")
                .setHeader("Content-Type", "application/json").body("{\"status\":\"Failure\",\"message\":\"busy\"}").build());
        enqueueJson(200, RUNNING);
        BatchStatus st;
        try (ThreatConnectClient c = sleepClockClient()) {
            st = c.status(5);
        }
        assertEquals(JobState.RUNNING, st.state());
        assertEquals(List.of(Duration.ofSeconds(3)), sleeps);
        RecordedRequest first = take();
        RecordedRequest second = take();
        assertEquals("1700000000", first.getHeaders().get("Timestamp"));
        assertEquals("1700000003", second.getHeaders().get("Timestamp"));
        assertNotEquals(first.getHeaders().get("Authorization"), second.getHeaders().get("Authorization"));
        assertEquals(HmacSigner.authorization(ACCESS_ID, SECRET, "/api/v2/batch/5?includeAdditional=true", "GET", 1700000003L),
                second.getHeaders().get("Authorization"));
    }

    @Test
    void a502HtmlPageThenACompletedStatusIsCompleted() throws Exception {
        server.enqueue(new MockResponse.Builder().code(502).setHeader("Content-Type", "text/html")
                .body("<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>").build());
        enqueueJson(200, COMPLETED);
        BatchStatus st;
        try (ThreatConnectClient c = hmacClient()) {
            st = c.status(5);
        }
        assertEquals(JobState.COMPLETED, st.state());
        assertEquals(3, st.successCount());
        assertEquals(List.of(Duration.ofMillis(500)), sleeps);
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void anHtmlPageWithStatus200IsRetriedThenCompleted() throws Exception {
        enqueueText(200, "<html><body>Please wait…</body></html>");
        enqueueJson(200, "");
        enqueueJson(200, COMPLETED);
        try (ThreatConnectClient c = hmacClient()) {
            assertEquals(JobState.COMPLETED, c.status(5).state());
        }
        assertEquals(3, server.getRequestCount());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1)), sleeps);
    }

    @Test
    void aStatusThatStaysUnreadableEndsInAnApiExceptionQuotingTheBody() {
        String page = "<html>\n<body>" + "maintenance ".repeat(100) + "</body></html>";
        for (int i = 0; i < 6; i++) {
            enqueueText(200, page);
        }
        try (ThreatConnectClient c = hmacClient()) {
            ApiException e = assertThrows(ApiException.class, () -> c.status(5));
            assertEquals(200, e.httpStatus());
            assertTrue(e.getMessage().startsWith("GET /api/v2/batch/5: 200 no batch status in the answer: <html> <body>maintenance "),
                    e.getMessage());
            assertTrue(e.getMessage().endsWith("…"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
            assertTrue(e.getMessage().length() < 600, e.getMessage());
        }
        assertEquals(6, server.getRequestCount());
    }

    @Test
    void aStatusWhoseConnectionDropsOrTimesOutIsRetried() throws Exception {
        server.enqueue(new MockResponse.Builder().onResponseStart(new mockwebserver3.SocketEffect.CloseSocket()).build());
        server.enqueue(new MockResponse.Builder().headersDelay(2, java.util.concurrent.TimeUnit.SECONDS)
                .setHeader("Content-Type", "application/json").body(RUNNING).build());
        enqueueJson(200, COMPLETED);
        OkHttpClient quick = new OkHttpClient.Builder().readTimeout(Duration.ofMillis(300)).build();
        try (ThreatConnectClient c = new ThreatConnectClient(apiBase(), new Credentials.Hmac(ACCESS_ID, SECRET),
                sleepClock, quick, recordingSleeper, RetryPolicy.DEFAULT, () -> 1.0)) {
            assertEquals(JobState.COMPLETED, c.status(5).state());
        }
        assertEquals(3, server.getRequestCount());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1)), sleeps);
    }

    @Test
    void aTimeoutThatNeverEndsIsAnApiExceptionThatIsNoInterrupt() {
        for (int i = 0; i < 2; i++) {
            server.enqueue(new MockResponse.Builder().headersDelay(2, java.util.concurrent.TimeUnit.SECONDS).body("{}").build());
        }
        OkHttpClient quick = new OkHttpClient.Builder().readTimeout(Duration.ofMillis(200)).build();
        RetryPolicy two = new RetryPolicy(Duration.ofMillis(10), Duration.ofSeconds(1), 2, Duration.ofSeconds(5));
        try (ThreatConnectClient c = new ThreatConnectClient(apiBase(), new Credentials.Hmac(ACCESS_ID, SECRET),
                Clock.fixed(T0, ZoneOffset.UTC), quick, recordingSleeper, two, () -> 1.0)) {
            ApiException e = assertThrows(ApiException.class, () -> c.status(5));
            assertTrue(e.getMessage().startsWith("cannot reach localhost:" + server.getPort() + ": timed out"), e.getMessage());
            // The exit-code mapping reads a non-timeout InterruptedIOException as Ctrl-C.
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertFalse(t instanceof java.io.InterruptedIOException && !(t instanceof java.net.SocketTimeoutException), t.toString());
            }
        }
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void statusGivesUpAfterSixAttemptsWithDoublingWaits() {
        for (int i = 0; i < 6; i++) {
            enqueueJson(502, "{\"status\":\"Failure\",\"message\":\"bad gateway\"}");
        }
        try (ThreatConnectClient c = hmacClient()) {
            ApiException e = assertThrows(ApiException.class, () -> c.status(5));
            assertEquals(502, e.httpStatus());
            assertEquals("GET /api/v2/batch/5: 502 bad gateway", e.getMessage());
        }
        assertEquals(6, server.getRequestCount());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4),
                Duration.ofSeconds(8)), sleeps);
    }

    @Test
    void theJitterSourceDecidesTheWait() throws Exception {
        jitter = 0.25;
        enqueueJson(500, "{}");
        enqueueJson(504, "{}");
        enqueueJson(200, RUNNING);
        try (ThreatConnectClient c = hmacClient()) {
            assertEquals(JobState.RUNNING, c.status(5).state());
        }
        assertEquals(List.of(Duration.ofMillis(125), Duration.ofMillis(250)), sleeps);
    }

    @Test
    void theTimeBudgetStopsRetriesBeforeTheAttemptLimit() throws Exception {
        for (int i = 0; i < 6; i++) {
            enqueueJson(503, "{\"status\":\"Failure\",\"message\":\"busy\"}");
        }
        RetryPolicy tight = new RetryPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 6, Duration.ofSeconds(4));
        try (ThreatConnectClient c = new ThreatConnectClient(apiBase(), new Credentials.Hmac(ACCESS_ID, SECRET),
                Clock.fixed(T0, ZoneOffset.UTC), new OkHttpClient(), recordingSleeper, tight, () -> 1.0)) {
            ApiException e = assertThrows(ApiException.class, () -> c.status(5));
            assertEquals(503, e.httpStatus());
        }
        // 1 s + 2 s, then the last wait is cut to the 1 s left; then the budget is spent.
        assertEquals(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(1)), sleeps);
        assertEquals(4, server.getRequestCount());
    }

    @Test
    void retryAfterInSecondsIsTheWait() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "2").build());
        enqueueJson(200, RUNNING);
        try (ThreatConnectClient c = hmacClient()) {
            assertEquals(JobState.RUNNING, c.status(5).state());
        }
        assertEquals(List.of(Duration.ofSeconds(2)), sleeps);
    }

    @Test
    void retryAfterAsAnHttpDateIsMeasuredAgainstTheServersDateHeader() throws Exception {
        // The server's clock is an hour ahead of ours; only its own Date header makes the wait right.
        var serverNow = T0.plusSeconds(3600);
        server.enqueue(new MockResponse.Builder().code(429)
                .setHeader("Date", HTTP_DATE.format(serverNow))
                .setHeader("Retry-After", HTTP_DATE.format(serverNow.plusSeconds(7))).build());
        enqueueJson(200, RUNNING);
        try (ThreatConnectClient c = hmacClient()) {
            assertEquals(JobState.RUNNING, c.status(5).state());
        }
        assertEquals(List.of(Duration.ofSeconds(7)), sleeps);
    }

    @Test
    void retryAfterAsAnHttpDateWithoutDateHeaderUsesTheLocalClock() throws Exception {
        server.enqueue(new MockResponse.Builder().code(503)
                .setHeader("Retry-After", HTTP_DATE.format(T0.plusSeconds(12))).build());
        enqueueJson(200, RUNNING);
        try (ThreatConnectClient c = hmacClient()) {
            assertEquals(JobState.RUNNING, c.status(5).state());
        }
        assertEquals(List.of(Duration.ofSeconds(12)), sleeps);
    }

    @Test
    void aRetryAfterLongerThanTheBudgetGivesUpAndSaysSo() {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "600")
                .setHeader("Content-Type", "application/json")
                .body("{\"status\":\"Failure\",\"message\":\"Too many requests\"}").build());
        try (ThreatConnectClient c = hmacClient()) {
            ApiException e = assertThrows(ApiException.class, () -> c.status(5));
            assertEquals(429, e.httpStatus());
            assertEquals("GET /api/v2/batch/5: 429 Too many requests (the server asked to wait 600 s before retrying,"
                    + " more than the 120 s left of this call's retry budget)", e.getMessage());
        }
        assertEquals(List.of(), sleeps);
        assertEquals(1, server.getRequestCount());
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
    void unreachableServerIsApiExceptionZeroAfterRetriesForGet() throws IOException {
        URI dead = deadBase();
        OkHttpClient http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(2)).build();
        try (ThreatConnectClient c = new ThreatConnectClient(dead, new Credentials.Token("tok-secret-123"),
                Clock.fixed(T0, ZoneOffset.UTC), http, recordingSleeper, RetryPolicy.DEFAULT, () -> 1.0)) {
            ApiException e = assertThrows(ApiException.class, () -> c.status(1));
            assertEquals(0, e.httpStatus());
            assertTrue(e.getMessage().startsWith("cannot reach 127.0.0.1:" + dead.getPort() + ": connection refused"),
                    e.getMessage());
            assertTrue(e.getCause() instanceof IOException);
            assertFalse(e.getMessage().contains("tok-secret-123"));
        }
        assertEquals(5, sleeps.size());
    }

    // ------------------------------------------------------------ creating POSTs

    @Test
    void createJobIsRetriedOn503BecauseTheServerDidNotAct() throws Exception {
        enqueueText(503, "Batch job api is not available.  Ensure that batchJobEnabled is true");
        enqueueJson(201, "{\"status\":\"Success\",\"data\":{\"batchId\":1}}");
        try (ThreatConnectClient c = sleepClockClient()) {
            assertEquals(1L, c.createJob(CONFIG));
        }
        assertEquals(2, server.getRequestCount());
        assertEquals(List.of(Duration.ofMillis(500)), sleeps);
    }

    @Test
    void createJobAnswering502IsAmbiguousAndSentExactlyOnce() {
        enqueueJson(502, "{\"status\":\"Failure\",\"message\":\"bad gateway\"}");
        enqueueJson(201, "{\"status\":\"Success\",\"data\":{\"batchId\":1}}");
        try (ThreatConnectClient c = hmacClient()) {
            AmbiguousSubmitException e = assertThrows(AmbiguousSubmitException.class, () -> c.createJob(CONFIG));
            assertEquals("POST /api/v2/batch: 502 bad gateway; the request had been sent, so a job may or may not exist"
                    + " on the server; nothing was sent again", e.getMessage());
        }
        assertEquals(1, server.getRequestCount());
        assertEquals(List.of(), sleeps);
    }

    @Test
    void createJobWhoseConnectionDropsAfterTheServerReadItIsAmbiguous() {
        server.enqueue(new MockResponse.Builder().onResponseStart(new mockwebserver3.SocketEffect.CloseSocket()).build());
        enqueueJson(201, "{\"status\":\"Success\",\"data\":{\"batchId\":1}}");
        try (ThreatConnectClient c = hmacClient()) {
            AmbiguousSubmitException e = assertThrows(AmbiguousSubmitException.class, () -> c.createJob(CONFIG));
            assertTrue(e.getMessage().contains("a job may or may not exist"), e.getMessage());
        }
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void createJobToARefusingPortIsRetriedBecauseNothingWasSent() throws IOException {
        URI dead = deadBase();
        try (ThreatConnectClient c = new ThreatConnectClient(dead, new Credentials.Hmac(ACCESS_ID, SECRET),
                Clock.fixed(T0, ZoneOffset.UTC), new OkHttpClient(), recordingSleeper, RetryPolicy.DEFAULT, () -> 1.0)) {
            ApiException e = assertThrows(ApiException.class, () -> c.createJob(CONFIG));
            assertFalse(e instanceof AmbiguousSubmitException);
            assertEquals(0, e.httpStatus());
            assertTrue(e.getMessage().startsWith("cannot reach 127.0.0.1:" + dead.getPort() + ": "), e.getMessage());
        }
        assertEquals(5, sleeps.size());
    }

    // ------------------------------------------------------------ 401 / 403

    @Test
    void a401InTheMiddleOfPollingIsReSignedOnceThenFinalWithTheServersMessage() throws Exception {
        enqueueJson(200, RUNNING);
        enqueueJson(401, "{\"status\":\"Failure\",\"message\":\"Access Denied\"}");
        enqueueJson(401, "{\"status\":\"Failure\",\"message\":\"Access Denied\"}");
        enqueueJson(200, COMPLETED);
        try (ThreatConnectClient c = client(new Credentials.Hmac(ACCESS_ID, SECRET), new TickingClock(T0))) {
            assertEquals(JobState.RUNNING, c.status(5).state());
            ApiException e = assertThrows(ApiException.class, () -> c.status(5));
            assertEquals(401, e.httpStatus());
            assertEquals("Access Denied", e.serverMessage());
            assertEquals("GET /api/v2/batch/5: 401 Access Denied", e.getMessage());
            assertFalse(e.getMessage().contains(SECRET));
        }
        take();
        RecordedRequest refused = take();
        RecordedRequest resigned = take();
        assertNotEquals(refused.getHeaders().get("Timestamp"), resigned.getHeaders().get("Timestamp"));
        assertNotEquals(refused.getHeaders().get("Authorization"), resigned.getHeaders().get("Authorization"));
        assertEquals(3, server.getRequestCount());
        assertEquals(List.of(), sleeps, "the re-signed attempt is immediate");
    }

    @Test
    void a403FollowedBySuccessOnTheReSignedAttemptIsSuccess() throws Exception {
        enqueueJson(403, "{\"status\":\"Failure\",\"message\":\"Unauthorized\"}");
        enqueueJson(201, "{\"status\":\"Success\",\"data\":{\"batchId\":9}}");
        try (ThreatConnectClient c = hmacClient()) {
            assertEquals(9L, c.createJob(CONFIG));
        }
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void timestampOutOfRangeSaysHowFarTheLocalClockIsFromTheServer() {
        String serverDate = HTTP_DATE.format(T0.plusSeconds(7 * 60 + 3));
        for (int i = 0; i < 2; i++) {
            server.enqueue(new MockResponse.Builder().code(401).setHeader("Date", serverDate)
                    .setHeader("Content-Type", "application/json")
                    .body("{\"status\":\"Failure\",\"message\":\"Timestamp out of acceptable time range\"}").build());
        }
        try (ThreatConnectClient c = hmacClient()) {
            ApiException e = assertThrows(ApiException.class, () -> c.status(5));
            assertEquals(401, e.httpStatus());
            assertEquals("GET /api/v2/batch/5: 401 Timestamp out of acceptable time range; the local clock is 7 min 3 s"
                    + " behind the server (server Date: " + serverDate + ")", e.getMessage());
        }
    }

    @Test
    void aLocalClockAheadOfTheServerIsSaidToBeAhead() {
        String serverDate = HTTP_DATE.format(T0.minusSeconds(2 * 3600 + 5 * 60));
        for (int i = 0; i < 2; i++) {
            server.enqueue(new MockResponse.Builder().code(403).setHeader("Date", serverDate)
                    .body("Timestamp out of acceptable time range").build());
        }
        try (ThreatConnectClient c = hmacClient()) {
            ApiException e = assertThrows(ApiException.class, () -> c.createJob(CONFIG));
            assertTrue(e.getMessage().endsWith("; the local clock is 2 h 5 min ahead of the server (server Date: "
                    + serverDate + ")"), e.getMessage());
        }
    }

    // ------------------------------------------------------------ interrupts

    @Test
    void anInterruptDuringTheWaitStopsAtOnce() {
        enqueueJson(503, "{}");
        Sleeper interrupting = d -> {
            throw new InterruptedException();
        };
        try (ThreatConnectClient c = new ThreatConnectClient(apiBase(), new Credentials.Hmac(ACCESS_ID, SECRET),
                Clock.fixed(T0, ZoneOffset.UTC), new OkHttpClient(), interrupting, RetryPolicy.DEFAULT, () -> 1.0)) {
            IOException e = assertThrows(IOException.class, () -> c.status(5));
            assertInstanceOf(java.io.InterruptedIOException.class, e);
            assertTrue(Thread.interrupted(), "the interrupt flag is kept for the caller");
        }
        assertEquals(1, server.getRequestCount());
    }

    private static URI deadBase() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        return URI.create("http://127.0.0.1:" + port + "/api");
    }
}
