package io.tcbatch.api;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.SharedData;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The four endpoints against a scripted server: what is sent, and how each answer is read. */
class ThreatConnectClientTest extends MockServerSupport {
    private static final JobConfig CONFIG = new JobConfig("V2", "Example Org", false, "Create", "Replace");

    // ------------------------------------------------------------ E1 create

    @Test
    void createJobPostsTheConfigWithRealBooleansAndReadsTheEnvelopedNumericId() throws Exception {
        enqueueJson(201, "{\"status\":\"Success\",\"data\":{\"batchId\":2446}}");
        long id;
        try (ThreatConnectClient c = hmacClient()) {
            id = c.createJob(new JobConfig("V2", "Example Org", true, "Delete", "Append"));
        }
        assertEquals(2446L, id);
        RecordedRequest r = take();
        assertEquals("POST", r.getMethod());
        assertEquals("/api/v2/batch", r.getTarget());
        assertEquals("application/json; charset=utf-8", r.getHeaders().get("Content-Type"));
        JsonNode body = new ObjectMapper().readTree(r.getBody().utf8());
        assertEquals(new ObjectMapper().readTree(
                "{\"version\":\"V2\",\"owner\":\"Example Org\",\"haltOnError\":true,\"action\":\"Delete\",\"attributeWriteType\":\"Append\"}"),
                body);
        assertTrue(body.get("haltOnError").isBoolean());
    }

    @Test
    void createJobAcceptsTheOldUnEnvelopedStringId() throws Exception {
        enqueueJson(201, "{\"batchId\":\"123\"}");
        try (ThreatConnectClient c = hmacClient()) {
            assertEquals(123L, c.createJob(CONFIG));
        }
    }

    @Test
    void createJobAcceptsAnEnvelopedStringId() throws Exception {
        enqueueJson(201, "{\"status\":\"Success\",\"data\":{\"batchId\":\"77\"}}");
        try (ThreatConnectClient c = hmacClient()) {
            assertEquals(77L, c.createJob(CONFIG));
        }
    }

    @Test
    void createJobWithoutBatchIdInA2xxAnswerIsAnApiException() {
        enqueueJson(201, "{\"status\":\"Success\",\"data\":{}}");
        try (ThreatConnectClient c = hmacClient()) {
            ApiException e = assertThrows(ApiException.class, () -> c.createJob(CONFIG));
            assertEquals(201, e.httpStatus());
            assertEquals("POST /api/v2/batch: 201 no batchId in the answer: {\"status\":\"Success\",\"data\":{}}", e.getMessage());
        }
    }

    @Test
    void unauthorisedEnvelopeBecomesAOneLineApiExceptionWithoutCredentials() {
        // Twice: a 401 is re-signed once before it is final.
        enqueueJson(401, "{\"status\":\"Failure\",\"message\":\"Signature data did not match expected result\"}");
        enqueueJson(401, "{\"status\":\"Failure\",\"message\":\"Signature data did not match expected result\"}");
        try (ThreatConnectClient c = hmacClient()) {
            ApiException e = assertThrows(ApiException.class, () -> c.createJob(CONFIG));
            assertEquals(401, e.httpStatus());
            assertEquals("Signature data did not match expected result", e.serverMessage());
            assertEquals("POST /api/v2/batch: 401 Signature data did not match expected result", e.getMessage());
            assertFalse(e.getMessage().contains(SECRET));
            assertFalse(e.getMessage().contains(ACCESS_ID));
        }
    }

    @Test
    void oldStyleDescriptionEnvelopeIsTheServerMessage() {
        enqueueJson(403, "{\"status\":\"Not Authorized\",\"description\":\"Organization not authorized for batch\"}");
        enqueueJson(403, "{\"status\":\"Not Authorized\",\"description\":\"Organization not authorized for batch\"}");
        try (ThreatConnectClient c = hmacClient()) {
            ApiException e = assertThrows(ApiException.class, () -> c.createJob(CONFIG));
            assertEquals("POST /api/v2/batch: 403 Organization not authorized for batch", e.getMessage());
        }
    }

    @Test
    void plainTextErrorBodyIsCutToItsFirstLineAndAbout300Characters() {
        String longLine = "Unable to perform the requested operation due to the following error(s): " + "x".repeat(400);
        enqueueText(401, longLine + "\nsecond line");
        enqueueText(401, longLine + "\nsecond line");
        try (ThreatConnectClient c = hmacClient()) {
            ApiException e = assertThrows(ApiException.class, () -> c.createJob(CONFIG));
            assertEquals(longLine.substring(0, 300) + "…", e.serverMessage());
            assertFalse(e.getMessage().contains("second line"));
            assertFalse(e.getMessage().contains("\n"));
        }
    }

    @Test
    void aSecretEchoedByTheServerIsMaskedInTheMessage() {
        enqueueText(400, "bad header: " + SECRET);
        try (ThreatConnectClient c = hmacClient()) {
            ApiException e = assertThrows(ApiException.class, () -> c.createJob(CONFIG));
            assertEquals("bad header: ****", e.serverMessage());
            assertFalse(e.getMessage().contains(SECRET));
        }
    }

    @Test
    void emptyErrorBodyFallsBackToTheReasonPhrase() {
        server.enqueue(new MockResponse.Builder().code(403).build());
        server.enqueue(new MockResponse.Builder().code(403).build());
        try (ThreatConnectClient c = hmacClient()) {
            ApiException e = assertThrows(ApiException.class, () -> c.createJob(CONFIG));
            assertNull(e.serverMessage());
            assertEquals("POST /api/v2/batch: 403 Client Error", e.getMessage());
        }
    }

    // ------------------------------------------------------------ E2 upload

    @Test
    void uploadStreamsTheFileAsOctetStreamAndReadsTheQueuedStatus(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("batch.json");
        byte[] content = "{\"indicator\":[{\"summary\":\"bad.example\",\"type\":\"Host\"}]}".getBytes(StandardCharsets.UTF_8);
        Files.write(file, content);
        enqueueJson(202, "{\"status\":\"Success\",\"data\":{\"batchStatus\":{\"status\":\"Queued\",\"errorCount\":0,"
                + "\"successCount\":0,\"unprocessCount\":0,\"id\":32}}}");
        BatchStatus st;
        try (ThreatConnectClient c = hmacClient()) {
            st = c.upload(32, file);
        }
        RecordedRequest r = take();
        assertEquals("POST", r.getMethod());
        assertEquals("/api/v2/batch/32", r.getTarget());
        assertEquals("application/octet-stream", r.getHeaders().get("Content-Type"));
        // A fixed Content-Length (not chunked) shows the body came from the file's known size.
        assertEquals(Integer.toString(content.length), r.getHeaders().get("Content-Length"));
        assertArrayEquals(content, r.getBody().toByteArray());
        assertEquals(new BatchStatus(32, JobState.QUEUED, "Queued", 0, 0, 0, Map.of()), st);
    }

    @Test
    void uploadOfAMissingFileSendsNothing(@TempDir Path dir) {
        try (ThreatConnectClient c = hmacClient()) {
            assertThrows(NoSuchFileException.class, () -> c.upload(1, dir.resolve("nope.json")));
        }
        assertEquals(0, server.getRequestCount());
    }

    @Test
    void uploadAcceptsTheDocumentedFlatQueuedAnswer(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("b.json"), "[]");
        enqueueJson(202, "{\"status\":\"Queued\"}");
        try (ThreatConnectClient c = hmacClient()) {
            BatchStatus st = c.upload(9, file);
            assertEquals(JobState.QUEUED, st.state());
            assertEquals(9L, st.id());
            assertNull(st.errorCount());
        }
    }

    // ------------------------------------------------------------ E4 status

    @Test
    void statusReadsTheDocumentedCompletedFixture() throws Exception {
        enqueueJson(200, Files.readString(SharedData.file("threatconnect/docs/v2_batch_status_completed_response.json")));
        try (ThreatConnectClient c = hmacClient()) {
            assertEquals(new BatchStatus(12345, JobState.COMPLETED, "Completed", 342, 405432, 0, Map.of()), c.status(12345));
        }
        assertEquals("GET", take().getMethod());
    }

    @Test
    void statusReadsTheFlatDocumentedRunningShapeWithCountersNull() throws Exception {
        enqueueJson(200, "{\"status\":\"Running\"}");
        try (ThreatConnectClient c = hmacClient()) {
            assertEquals(new BatchStatus(55, JobState.RUNNING, "Running", null, null, null, Map.of()), c.status(55));
        }
    }

    @Test
    void statusReadsAFlatBatchStatusObject() throws Exception {
        enqueueJson(200, "{\"id\":56,\"status\":\"Completed\",\"errorCount\":1,\"successCount\":\"9\",\"unprocessCount\":0}");
        try (ThreatConnectClient c = hmacClient()) {
            assertEquals(new BatchStatus(56, JobState.COMPLETED, "Completed", 1, 9, 0, Map.of()), c.status(56));
        }
    }

    @Test
    void undocumentedStatusIsUnknownAndKeepsTheRawText() throws Exception {
        enqueueJson(200, "{\"status\":\"Success\",\"data\":{\"batchStatus\":{\"id\":7,\"status\":\"Paused\",\"errorCount\":0}}}");
        try (ThreatConnectClient c = hmacClient()) {
            BatchStatus st = c.status(7);
            assertEquals(JobState.UNKNOWN, st.state());
            assertEquals("Paused", st.rawStatus());
            assertFalse(st.state().isTerminal());
        }
    }

    @Test
    void missingCountersStayNullAndUnknownFieldsAreIgnored() throws Exception {
        enqueueJson(200, "{\"status\":\"Success\",\"data\":{\"batchStatus\":{\"id\":8,\"status\":\"Queued\","
                + "\"someNewField\":{\"a\":1},\"priority\":\"high\"}}}");
        try (ThreatConnectClient c = hmacClient()) {
            assertEquals(new BatchStatus(8, JobState.QUEUED, "Queued", null, null, null, Map.of()), c.status(8));
        }
    }

    @Test
    void unprocessedCountIsAnAliasAndPerKindCountersGoToAdditional() throws Exception {
        enqueueJson(200, "{\"status\":\"Success\",\"data\":{\"batchStatus\":{\"id\":9,\"status\":\"Completed\","
                + "\"errorCount\":2,\"successCount\":10,\"unprocessedCount\":3,"
                + "\"successIndicatorCount\":8,\"errorIndicatorCount\":1,\"successGroupCount\":2,\"errorGroupCount\":1,"
                + "\"successAssociationCount\":4,\"errorAssociationCount\":0}}}");
        try (ThreatConnectClient c = hmacClient()) {
            BatchStatus st = c.status(9);
            assertEquals(3, st.unprocessCount());
            assertEquals(Map.of("successIndicatorCount", 8, "errorIndicatorCount", 1, "successGroupCount", 2,
                    "errorGroupCount", 1, "successAssociationCount", 4, "errorAssociationCount", 0), st.additional());
        }
    }

    @Test
    void envelopeWithoutBatchStatusIsAnApiExceptionNotAJobInStateSuccess() {
        // Unreadable 2xx answers are retried like a 5xx, so every attempt gets one.
        for (int i = 0; i < RetryPolicy.DEFAULT.maxAttempts(); i++) {
            enqueueJson(200, "{\"status\":\"Success\"}");
        }
        try (ThreatConnectClient c = hmacClient()) {
            ApiException e = assertThrows(ApiException.class, () -> c.status(10));
            assertEquals("GET /api/v2/batch/10: 200 no batch status in the answer: {\"status\":\"Success\"}", e.getMessage());
        }
    }

    @Test
    void statusOfAnUnknownJobIsA404ApiExceptionNotRetried() {
        enqueueJson(404, "{\"status\":\"Failure\",\"message\":\"The requested resource was not found\"}");
        try (ThreatConnectClient c = hmacClient()) {
            ApiException e = assertThrows(ApiException.class, () -> c.status(11));
            assertEquals("GET /api/v2/batch/11: 404 The requested resource was not found", e.getMessage());
        }
        assertEquals(1, server.getRequestCount());
        assertEquals(List.of(), sleeps);
    }

    // ------------------------------------------------------------ E5 errors

    private static final String ERRORS_JSON = "[{\"errorReason\":\"Error (0x1005): bad_host.example is not valid.\","
            + "\"errorSource\":\"bad_host.example\"},"
            + "{\"errorReason\":\"Error (0x1003): x\",\"errorSource\":{\"summary\":\"1.2.3.4\",\"type\":\"Address\"},"
            + "\"errorMessage\":\"longer text\"}]";

    private static final List<BatchError> ERRORS = List.of(
            new BatchError("Error (0x1005): bad_host.example is not valid.", "bad_host.example", null),
            new BatchError("Error (0x1003): x", "{\"summary\":\"1.2.3.4\",\"type\":\"Address\"}", "longer text"));

    @Test
    void gzippedErrorFileWithContentEncodingHeaderIsDecodedAndParsed() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200)
                .setHeader("Content-Type", "application/octet-stream")
                .setHeader("Content-Encoding", "gzip")
                .body(gzip(ERRORS_JSON)).build());
        try (ThreatConnectClient c = hmacClient()) {
            assertEquals(new ErrorFile(true, ERRORS, null), c.errors(12345));
        }
        RecordedRequest r = take();
        assertEquals("/api/v2/batch/12345/errors", r.getTarget());
        // OkHttp asked for gzip itself, so it un-gzipped the labelled body before we saw it.
        assertEquals("gzip", r.getHeaders().get("Accept-Encoding"));
    }

    @Test
    void gzipBytesWithoutContentEncodingAreRecognisedByMagicBytes() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200)
                .setHeader("Content-Type", "application/octet-stream")
                .body(gzip(ERRORS_JSON)).build());
        try (ThreatConnectClient c = hmacClient()) {
            ErrorFile f = c.errors(12345);
            assertEquals(ERRORS, f.errors());
            assertEquals("0x1005", f.errors().get(0).code());
        }
    }

    @Test
    void plainJsonErrorFileIsParsed() throws Exception {
        enqueueJson(200, ERRORS_JSON);
        try (ThreatConnectClient c = hmacClient()) {
            assertEquals(new ErrorFile(true, ERRORS, null), c.errors(3));
        }
    }

    @Test
    void errorFile404IsNotAvailable() throws Exception {
        server.enqueue(new MockResponse.Builder().code(404).build());
        try (ThreatConnectClient c = hmacClient()) {
            assertEquals(ErrorFile.notAvailable(), c.errors(12345));
        }
    }

    @Test
    void errorFileOfAStillRunningJobIsNotAvailableYet() throws Exception {
        enqueueJson(400, "{\"status\":\"Invalid\",\"description\":\"Batch still in Running state\"}");
        try (ThreatConnectClient c = hmacClient()) {
            assertEquals(ErrorFile.notAvailable(), c.errors(12345));
        }
    }

    @Test
    void otherBadRequestOnErrorsIsAnApiException() {
        enqueueJson(400, "{\"status\":\"Invalid\",\"description\":\"Bad batch id\"}");
        try (ThreatConnectClient c = hmacClient()) {
            ApiException e = assertThrows(ApiException.class, () -> c.errors(12345));
            assertEquals("GET /api/v2/batch/12345/errors: 400 Bad batch id", e.getMessage());
        }
    }

    @Test
    void nonJsonErrorFileIsKeptAsText() throws Exception {
        server.enqueue(new MockResponse.Builder().code(200)
                .setHeader("Content-Type", "text/plain")
                .setHeader("Content-Encoding", "gzip")
                .body(gzip("something went wrong on line 3")).build());
        try (ThreatConnectClient c = hmacClient()) {
            assertEquals(new ErrorFile(true, List.of(), "something went wrong on line 3"), c.errors(1));
        }
    }
}
