package io.tcbatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okhttp3.MediaType;
import okhttp3.MultipartReader;
import okio.Buffer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** E3 createAndUpload, E6 results, the upload's lost-answer settling, and tolerant reading. */
class EndpointsTest extends MockServerSupport {
    private static final ObjectMapper M = new ObjectMapper();
    private static final JobConfig FULL = new JobConfig("V2", "Example Org", false, "Create", "Append", "Append",
            "Replace", "Distribute", "FavorExisting");
    private static final String QUEUED = "{\"status\":\"Success\",\"data\":{\"batchStatus\":{\"id\":7,\"status\":\"Queued\"}}}";
    private static final String CREATED = "{\"status\":\"Success\",\"data\":{\"batchStatus\":{\"id\":7,\"status\":\"Created\"}}}";
    private static final String CONTENT = "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"a.example\"}]}";

    private Path chunk(Path dir) throws Exception {
        return Files.writeString(dir.resolve("chunk-1.json"), CONTENT);
    }

    // ------------------------------------------------------------ E1 options

    @Test
    void createJobSendsTheOptionalWriteTypesAndModesWhenSet() throws Exception {
        enqueueJson(201, "{\"status\":\"Success\",\"data\":{\"batchId\":3}}");
        try (ThreatConnectClient c = hmacClient()) {
            assertEquals(3L, c.createJob(FULL));
        }
        assertEquals(M.readTree("{\"version\":\"V2\",\"owner\":\"Example Org\",\"haltOnError\":false,\"action\":\"Create\","
                        + "\"attributeWriteType\":\"Append\",\"tagWriteType\":\"Append\",\"securityLabelWriteType\":\"Replace\","
                        + "\"fileMergeMode\":\"Distribute\",\"hashCollisionMode\":\"FavorExisting\"}"),
                M.readTree(take().getBody().utf8()));
    }

    // ------------------------------------------------------------ E3

    @Test
    void createAndUploadSendsConfigAndContentPartsAndReadsTheQueuedStatus(@TempDir Path dir) throws Exception {
        enqueueJson(201, "{\"status\":\"Success\",\"data\":{\"batchStatus\":{\"id\":99,\"status\":\"Queued\","
                + "\"errorCount\":0,\"successCount\":0,\"unprocessCount\":0}}}");
        BatchStatus st;
        try (ThreatConnectClient c = hmacClient()) {
            st = c.createAndUpload(FULL, chunk(dir));
        }
        assertEquals(99L, st.id());
        assertEquals(JobState.QUEUED, st.state());
        assertFalse(st.synchronous());
        RecordedRequest r = take();
        assertEquals("POST", r.getMethod());
        assertEquals("/api/v2/batch/createAndUpload?includeAdditional=true", r.getTarget());
        // The documented vector for this path at T0 (API doc §1.2).
        assertEquals("TC " + ACCESS_ID + ":KRgAqJIrcVgnYvVqpRWTDinm2w6dGggD9/AGQrxS14Q=", r.getHeaders().get("Authorization"));
        String contentType = r.getHeaders().get("Content-Type");
        assertTrue(contentType.startsWith("multipart/form-data; boundary="), contentType);
        List<String[]> parts = parts(contentType, r.getBody().toByteArray());
        assertEquals(2, parts.size());
        assertEquals("form-data; name=\"config\"; filename=\"config\"", parts.get(0)[0]);
        assertEquals(M.readTree("{\"version\":\"V2\",\"owner\":\"Example Org\",\"haltOnError\":false,\"action\":\"Create\","
                        + "\"attributeWriteType\":\"Append\",\"tagWriteType\":\"Append\",\"securityLabelWriteType\":\"Replace\","
                        + "\"fileMergeMode\":\"Distribute\",\"hashCollisionMode\":\"FavorExisting\"}"),
                M.readTree(parts.get(0)[1]));
        assertEquals("form-data; name=\"content\"; filename=\"content\"", parts.get(1)[0]);
        assertEquals(CONTENT, parts.get(1)[1]);
    }

    @Test
    void createAndUploadLeavesUnsetOptionsOut(@TempDir Path dir) throws Exception {
        enqueueJson(201, QUEUED);
        try (ThreatConnectClient c = hmacClient()) {
            c.createAndUpload(new JobConfig("V2", "Example Org", true, "Create", "Replace"), chunk(dir));
        }
        RecordedRequest r = take();
        List<String[]> parts = parts(r.getHeaders().get("Content-Type"), r.getBody().toByteArray());
        assertEquals(M.readTree("{\"version\":\"V2\",\"owner\":\"Example Org\",\"haltOnError\":true,\"action\":\"Create\","
                + "\"attributeWriteType\":\"Replace\"}"), M.readTree(parts.get(0)[1]));
    }

    @Test
    void createAndUploadAnsweredLikeACreateIsAQueuedJobWithThatId(@TempDir Path dir) throws Exception {
        enqueueJson(201, "{\"status\":\"Success\",\"data\":{\"batchId\":7}}");
        BatchStatus st;
        try (ThreatConnectClient c = hmacClient()) {
            st = c.createAndUpload(FULL, chunk(dir));
        }
        assertEquals(7L, st.id());
        assertEquals(JobState.QUEUED, st.state());
        assertFalse(st.synchronous());
        // Nothing the server did not say is invented: no status text, no counters.
        assertNull(st.rawStatus());
        assertNull(st.errorCount());
        assertNull(st.successCount());
        assertNull(st.unprocessCount());
        assertEquals(Map.of(), st.additional());
        assertFalse(st.hasErrors());
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void createAndUploadWithABatchIdButAFailureEnvelopeIsStillRefused(@TempDir Path dir) throws Exception {
        enqueueJson(201, "{\"status\":\"Failure\",\"data\":{\"batchId\":7}}");
        try (ThreatConnectClient c = hmacClient()) {
            ApiException e = assertThrows(ApiException.class, () -> c.createAndUpload(FULL, chunk(dir)));
            assertTrue(e.getMessage().contains("no batch status in the answer"), e.getMessage());
        }
    }

    @Test
    void everyRequestSaysWhichToolAndVersionSentIt(@TempDir Path dir) throws Exception {
        enqueueJson(201, "{\"status\":\"Success\",\"data\":{\"batchId\":3}}");
        enqueueJson(201, QUEUED);
        enqueueJson(200, QUEUED);
        try (ThreatConnectClient c = hmacClient()) {
            c.createJob(FULL);
            c.createAndUpload(FULL, chunk(dir));
            c.status(7);
        }
        // Test classes carry no jar manifest, so the version is the documented fallback.
        assertEquals("tcbatch/dev", ThreatConnectClient.USER_AGENT);
        for (int i = 0; i < 3; i++) {
            assertEquals("tcbatch/dev", take().getHeaders().get("User-Agent"));
        }
    }

    @Test
    void aSynchronousAnswerWithoutIdIsFinal(@TempDir Path dir) throws Exception {
        enqueueJson(200, "{\"status\":\"Success\",\"data\":{\"batchStatus\":{\"status\":\"Completed\","
                + "\"errorCount\":0,\"successCount\":1,\"unprocessCount\":0}}}");
        BatchStatus st;
        try (ThreatConnectClient c = hmacClient()) {
            st = c.createAndUpload(FULL, chunk(dir));
        }
        assertNull(st.id());
        assertEquals(JobState.COMPLETED, st.state());
        assertTrue(st.synchronous());
        assertEquals(1, st.successCount());
    }

    @Test
    void createAndUpload404IsUnsupportedAndRememberedWithoutAnotherRequest(@TempDir Path dir) throws Exception {
        enqueueJson(404, "{\"status\":\"Failure\",\"message\":\"The requested resource was not found\"}");
        enqueueJson(201, QUEUED);
        Path file = chunk(dir);
        try (ThreatConnectClient c = hmacClient()) {
            UnsupportedEndpointException first = assertThrows(UnsupportedEndpointException.class,
                    () -> c.createAndUpload(FULL, file));
            assertEquals(404, first.httpStatus());
            UnsupportedEndpointException second = assertThrows(UnsupportedEndpointException.class,
                    () -> c.createAndUpload(FULL, file));
            assertEquals(404, second.httpStatus());
            assertEquals("POST /api/v2/batch/createAndUpload: 404 this instance does not serve createAndUpload",
                    second.getMessage());
        }
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void createAndUpload405IsUnsupportedToo(@TempDir Path dir) throws Exception {
        server.enqueue(new MockResponse.Builder().code(405).build());
        try (ThreatConnectClient c = hmacClient()) {
            assertEquals(405, assertThrows(UnsupportedEndpointException.class,
                    () -> c.createAndUpload(FULL, chunk(dir))).httpStatus());
        }
    }

    @Test
    void createAndUploadAnswering502IsAmbiguousAndNotResent(@TempDir Path dir) throws Exception {
        enqueueText(502, "Bad Gateway");
        enqueueJson(201, QUEUED);
        try (ThreatConnectClient c = hmacClient()) {
            AmbiguousSubmitException e = assertThrows(AmbiguousSubmitException.class,
                    () -> c.createAndUpload(FULL, chunk(dir)));
            assertTrue(e.getMessage().startsWith("POST /api/v2/batch/createAndUpload: 502 Bad Gateway;"), e.getMessage());
        }
        assertEquals(1, server.getRequestCount());
    }

    @Test
    void createAndUploadThrottledWith429IsRetried(@TempDir Path dir) throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "1").build());
        enqueueJson(201, QUEUED);
        try (ThreatConnectClient c = sleepClockClient()) {
            assertEquals(JobState.QUEUED, c.createAndUpload(FULL, chunk(dir)).state());
        }
        assertEquals(List.of(Duration.ofSeconds(1)), sleeps);
        RecordedRequest first = take();
        RecordedRequest second = take();
        assertEquals(CONTENT, parts(second.getHeaders().get("Content-Type"), second.getBody().toByteArray()).get(1)[1]);
        assertFalse(first.getHeaders().get("Timestamp").equals(second.getHeaders().get("Timestamp")));
    }

    // ------------------------------------------------------------ E2 settling a lost answer

    @Test
    void anUploadWhoseConnectionDropsAfterAcceptanceIsSettledByAQueuedStatusWithoutASecondUpload(@TempDir Path dir)
            throws Exception {
        server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
        enqueueJson(200, QUEUED);
        BatchStatus st;
        try (ThreatConnectClient c = hmacClient()) {
            st = c.upload(7, chunk(dir));
        }
        assertEquals(JobState.QUEUED, st.state());
        assertEquals("POST /api/v2/batch/7", take().getRequestLine().replace(" HTTP/1.1", ""));
        assertEquals("GET /api/v2/batch/7?includeAdditional=true", take().getRequestLine().replace(" HTTP/1.1", ""));
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void anUploadWhoseAnswerIsLostAndTheJobIsStillCreatedIsUploadedExactlyOnceMore(@TempDir Path dir) throws Exception {
        server.enqueue(new MockResponse.Builder().onResponseStart(new SocketEffect.CloseSocket()).build());
        enqueueJson(200, CREATED);
        enqueueJson(202, QUEUED);
        BatchStatus st;
        try (ThreatConnectClient c = hmacClient()) {
            st = c.upload(7, chunk(dir));
        }
        assertEquals(JobState.QUEUED, st.state());
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            RecordedRequest r = take();
            lines.add(r.getMethod() + " " + r.getTarget());
            if (r.getMethod().equals("POST")) {
                assertEquals(CONTENT, r.getBody().utf8());
            }
        }
        assertEquals(List.of("POST /api/v2/batch/7", "GET /api/v2/batch/7?includeAdditional=true", "POST /api/v2/batch/7"),
                lines);
        assertEquals(3, server.getRequestCount());
        assertEquals(1, sleeps.size());
    }

    @Test
    void anUploadWhoseAnswerTimesOutIsSettledByTheStatusAndNotResent(@TempDir Path dir) throws Exception {
        server.enqueue(new MockResponse.Builder().headersDelay(2, java.util.concurrent.TimeUnit.SECONDS).body(QUEUED).build());
        enqueueJson(200, "{\"status\":\"Success\",\"data\":{\"batchStatus\":{\"id\":7,\"status\":\"Completed\"}}}");
        okhttp3.OkHttpClient quick = new okhttp3.OkHttpClient.Builder().readTimeout(Duration.ofMillis(300)).build();
        try (ThreatConnectClient c = new ThreatConnectClient(apiBase(), new Credentials.Hmac(ACCESS_ID, SECRET),
                sleepClock, quick, recordingSleeper, RetryPolicy.DEFAULT, () -> 1.0)) {
            assertEquals(JobState.COMPLETED, c.upload(7, chunk(dir)).state());
        }
        assertEquals("POST", take().getMethod());
        assertEquals("GET", take().getMethod());
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void anUploadThrottledWith503IsSentAgainBecauseTheServerDidNotTakeIt(@TempDir Path dir) throws Exception {
        server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "4").build());
        enqueueJson(202, QUEUED);
        try (ThreatConnectClient c = hmacClient()) {
            assertEquals(JobState.QUEUED, c.upload(7, chunk(dir)).state());
        }
        assertEquals(List.of(Duration.ofSeconds(4)), sleeps);
        assertEquals("POST", take().getMethod());
        assertEquals(CONTENT, take().getBody().utf8());
    }

    @Test
    void anUploadThatKeepsFailingWhileTheJobStaysCreatedStopsAtTheAttemptLimit(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 6; i++) {
            enqueueText(502, "Bad Gateway");
            enqueueJson(200, CREATED);
        }
        try (ThreatConnectClient c = hmacClient()) {
            ApiException e = assertThrows(ApiException.class, () -> c.upload(7, chunk(dir)));
            assertEquals(502, e.httpStatus());
            assertEquals("POST /api/v2/batch/7: 502 Bad Gateway", e.getMessage());
        }
        // Six uploads, each followed by a status check; five waits between them.
        assertEquals(12, server.getRequestCount());
        assertEquals(5, sleeps.size());
    }

    @Test
    void anUploadAnswered502WhileTheJobRunsReturnsTheRunningStatus(@TempDir Path dir) throws Exception {
        enqueueText(502, "Bad Gateway");
        enqueueJson(200, "{\"status\":\"Success\",\"data\":{\"batchStatus\":{\"id\":7,\"status\":\"Running\"}}}");
        try (ThreatConnectClient c = hmacClient()) {
            assertEquals(JobState.RUNNING, c.upload(7, chunk(dir)).state());
        }
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void anUploadWhoseStatusCannotBeReadAfterALostAnswerIsAmbiguous(@TempDir Path dir) throws Exception {
        enqueueText(500, "oops");
        enqueueJson(404, "{\"status\":\"Failure\",\"message\":\"The requested resource was not found\"}");
        try (ThreatConnectClient c = hmacClient()) {
            AmbiguousSubmitException e = assertThrows(AmbiguousSubmitException.class, () -> c.upload(7, chunk(dir)));
            assertEquals("POST /api/v2/batch/7: answered 500 oops; the upload may or may not have reached job 7 (its status"
                    + " could not be read: GET /api/v2/batch/7: 404 The requested resource was not found); nothing was sent"
                    + " again", e.getMessage());
        }
        assertEquals(2, server.getRequestCount());
    }

    @Test
    void anUploadAcceptedWithAnUnreadableBodyAsksTheStatus(@TempDir Path dir) throws Exception {
        server.enqueue(new MockResponse.Builder().code(202).build());
        enqueueJson(200, QUEUED);
        try (ThreatConnectClient c = hmacClient()) {
            assertEquals(JobState.QUEUED, c.upload(7, chunk(dir)).state());
        }
        assertEquals(2, server.getRequestCount());
    }

    // ------------------------------------------------------------ tolerant status reading

    @Test
    void anUndocumentedStatusKeepsTheRawBodyOnOneLineShortenedAndScrubbed() throws Exception {
        String body = "{\"status\":\"Success\",\"data\":{\"batchStatus\":{\"id\":4,\"status\":\"Paused\",\n\"note\":\""
                + "z".repeat(700) + "\",\"echo\":\"" + SECRET + "\"}}}";
        enqueueJson(200, "{\"status\":\"Success\",\"data\":{\"batchStatus\":{\"id\":4,\"status\":\"Paused\",\"echo\":\""
                + SECRET + "\",\n\"x\":1}}}");
        enqueueJson(200, body);
        try (ThreatConnectClient c = hmacClient()) {
            BatchStatus st = c.status(4);
            assertEquals(JobState.UNKNOWN, st.state());
            assertEquals("Paused", st.rawStatus());
            assertEquals("{\"status\":\"Success\",\"data\":{\"batchStatus\":{\"id\":4,\"status\":\"Paused\",\"echo\":\"****\","
                    + " \"x\":1}}}", st.rawBody());
            BatchStatus longer = c.status(4);
            assertEquals(501, longer.rawBody().length());
            assertTrue(longer.rawBody().endsWith("z…"));
        }
        assertEquals(List.of(), sleeps, "an unknown state is an answer, not a failure to retry");
    }

    @Test
    void aDocumentedStatusHasNoRawBody() throws Exception {
        enqueueJson(200, QUEUED);
        try (ThreatConnectClient c = hmacClient()) {
            assertNull(c.status(7).rawBody());
        }
    }

    @Test
    void aFlatStatusWithTheUnprocessedAliasAndMissingCounters() throws Exception {
        enqueueJson(200, "{\"id\":\"8\",\"status\":\"Completed\",\"errorCount\":\"2\",\"unprocessedCount\":5}");
        BatchStatus st;
        try (ThreatConnectClient c = hmacClient()) {
            st = c.status(8);
        }
        assertEquals(8L, st.id());
        assertEquals(2, st.errorCount());
        assertNull(st.successCount());
        assertEquals(5, st.unprocessCount());
        assertEquals(Map.of(), st.additional());
    }

    // ------------------------------------------------------------ E6 results and E5 errors

    @Test
    void resultsAreParsedWithCodeAndSeverity() throws Exception {
        enqueueJson(200, "[{\"code\":\"0x1003\",\"severity\":\"Error\",\"errorReason\":\"bad date\","
                + "\"errorMessage\":\"at $.group[6]\"},{\"code\":4100,\"severity\":null,\"errorReason\":null}]");
        ErrorFile f;
        try (ThreatConnectClient c = hmacClient()) {
            f = c.results(7);
        }
        assertEquals("/api/v2/batch/7/results", take().getTarget());
        assertTrue(f.available());
        assertEquals("results", f.endpoint());
        assertNull(f.rawText());
        assertEquals(List.of(new BatchError("bad date", null, "at $.group[6]", "0x1003", "Error"),
                new BatchError(null, null, null, "4100", null)), f.errors());
        assertEquals("0x1003", f.errors().get(0).code());
        assertEquals("unknown", f.errors().get(1).code());
        assertEquals("", f.errors().get(1).reasonText());
    }

    @Test
    void resultsNotServedOrNotReadyAreNotAvailable() throws Exception {
        enqueueJson(404, "{\"status\":\"Failure\",\"message\":\"not found\"}");
        enqueueJson(400, "{\"status\":\"Invalid\",\"description\":\"Batch still in Running state\"}");
        server.enqueue(new MockResponse.Builder().code(405).build());
        server.enqueue(new MockResponse.Builder().code(501).build());
        enqueueText(200, "<html>not here</html>");
        enqueueJson(200, "{\"status\":\"Success\",\"data\":{}}");
        try (ThreatConnectClient c = hmacClient()) {
            for (int i = 0; i < 6; i++) {
                assertEquals(ErrorFile.notAvailable(), c.results(7), "answer " + i);
            }
        }
        assertEquals(6, server.getRequestCount());
    }

    @Test
    void gzippedResultsAreDecodedByMagicBytes() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/octet-stream")
                .body(gzip("[{\"code\":\"0x1005\",\"severity\":\"Error\",\"errorReason\":\"Error (0x1005): bad\"}]")).build());
        try (ThreatConnectClient c = hmacClient()) {
            ErrorFile f = c.results(7);
            assertEquals(1, f.errors().size());
            assertEquals("0x1005", f.errors().get(0).code());
        }
    }

    @Test
    void aGzipErrorFileServedAsTextPlainWithoutContentEncodingIsDecoded() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "text/plain")
                .body(gzip("[{\"errorReason\":\"Error (0x1005): x is not valid.\",\"errorSource\":\"x\"}]")).build());
        ErrorFile f;
        try (ThreatConnectClient c = hmacClient()) {
            f = c.errors(7);
        }
        assertEquals("errors", f.endpoint());
        assertEquals(List.of(new BatchError("Error (0x1005): x is not valid.", "x", null)), f.errors());
    }

    @Test
    void anErrorFileThatIsGzippedNonJsonTextIsKeptAsText() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200).setHeader("Content-Type", "application/octet-stream")
                .body(gzip("line one\nline two")).build());
        try (ThreatConnectClient c = hmacClient()) {
            ErrorFile f = c.errors(7);
            assertTrue(f.available());
            assertEquals(List.of(), f.errors());
            assertEquals("line one\nline two", f.rawText());
        }
    }

    @Test
    void oddErrorEntriesNeverCrash() throws Exception {
        enqueueJson(200, "[{\"errorReason\":\"something went wrong, no code here\"},{\"errorReason\":null,"
                + "\"errorSource\":{\"summary\":\"1.2.3.4\"}},\"just a string\",42,{\"errorReason\":[1,2]}]");
        ErrorFile f;
        try (ThreatConnectClient c = hmacClient()) {
            f = c.errors(7);
        }
        assertEquals(5, f.errors().size());
        assertEquals("unknown", f.errors().get(0).code());
        assertEquals("something went wrong, no code here", f.errors().get(0).reasonText());
        assertEquals("unknown", f.errors().get(1).code());
        assertEquals("", f.errors().get(1).reasonText());
        assertEquals("{\"summary\":\"1.2.3.4\"}", f.errors().get(1).source());
        assertEquals("just a string", f.errors().get(2).reason());
        assertEquals("42", f.errors().get(3).reason());
        assertEquals("[1,2]", f.errors().get(4).reason());
        assertEquals("unknown", f.errors().get(4).code());
    }

    @Test
    void batchErrorCodeToleratesOddWireCodes() {
        assertEquals("0x100A", new BatchError(null, null, null, " 0x100A ", null).code());
        assertEquals("0x1002", new BatchError("Error (0x1002): no", null, null, "1002", null).code());
        assertEquals("unknown", new BatchError(null, null, null, "", null).code());
        assertEquals("0x1009", new BatchError(null, null, "see 0x1009 here", "n/a", null).code());
        assertEquals("unknown", new BatchError("Error (0xZZZZ): odd", null, null, null, null).code());
    }

    /** The parts of a multipart body: [Content-Disposition, body text]. */
    private static List<String[]> parts(String contentType, byte[] body) throws Exception {
        String boundary = MediaType.get(contentType).parameter("boundary");
        List<String[]> out = new ArrayList<>();
        try (MultipartReader reader = new MultipartReader(new Buffer().write(body), boundary)) {
            for (MultipartReader.Part next = reader.nextPart(); next != null; next = reader.nextPart()) {
                try (MultipartReader.Part part = next) {
                    out.add(new String[] {part.headers().get("Content-Disposition"),
                            new String(part.body().readByteArray(), StandardCharsets.UTF_8)});
                }
            }
        }
        return out;
    }
}
