package io.tcbatch.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;

import io.tcbatch.SharedData;
import io.tcbatch.TestClock;

/**
 * The exact shapes, codes and messages of E1–E6 (API doc §2): the upload limit however the
 * file arrives, the config cap, gzip, multipart variants, the E5 file and the E6 filters, the
 * answers for unknown jobs and for uploads to jobs that have one, and the documented fixtures.
 */
class SandboxEndpointShapesTest {

    private static final String ID = "shape-id";
    private static final String SECRET = "shape-secret";
    private static final String ORG = "Example Org";
    private static final String CONFIG = SignedClient.config(ORG, "Create", "Replace", false);
    private static final int LIMIT = 1000;
    private static final String TOO_LARGE = "{\"status\":\"Invalid\",\"description\":\"File size greater than allowable limit of 1000\"}";

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.ofEpochSecond(1_700_000_000L));
    private Sandbox sandbox;
    private SignedClient client;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.start(SandboxConfig.defaults(dir, ID, SECRET).withClock(clock).withMaxUploadBytes(LIMIT),
                new FakeValidator());
        client = new SignedClient(sandbox, ID, SECRET, clock);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private static String body(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** A valid file of exactly {@code size} bytes: one Host, padded with spaces. */
    private static byte[] fileOf(int size) {
        String json = "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"size.example.com\"}]}";
        return (json + " ".repeat(size - json.length())).getBytes(StandardCharsets.UTF_8);
    }

    private HttpResponse<byte[]> uploadChunked(long id, byte[] file, String encoding) throws Exception {
        HttpRequest.Builder b = client.signed("POST", "/api/v2/batch/" + id).header("Content-Type", "application/octet-stream")
                // ofInputStream has no length, so the JDK client sends it chunked.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(file)));
        if (encoding != null) {
            b.header("Content-Encoding", encoding);
        }
        return client.send(b.build());
    }

    private List<String> uploadsLeft() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("uploads"))) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void refusesAFileOverTheLimitFromItsContentLengthAndKeepsTheJobCreated() throws Exception {
        long id = client.createJob(CONFIG);
        HttpResponse<byte[]> r = client.upload(id, fileOf(LIMIT + 1));
        assertEquals(400, r.statusCode());
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(TOO_LARGE, body(r));
        assertEquals(List.of(), uploadsLeft(), "nothing stored");
        assertEquals("Created", SignedClient.json(client.get("/api/v2/batch/" + id)).path("data").path("batchStatus")
                .path("status").asText(), "the connection is still usable and the job still takes a file");
        assertEquals(202, client.upload(id, fileOf(LIMIT)).statusCode(), "exactly the limit is accepted");
        assertEquals(1, client.awaitCompleted(id).path("successCount").asInt());
    }

    @Test
    void answersAHugeDeclaredUploadAtOnceAndClosesTheConnection() throws Exception {
        long id = client.createJob(CONFIG);
        String target = "/api/v2/batch/" + id;
        String ts = Long.toString(clock.instant().getEpochSecond());
        try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), sandbox.port())) {
            s.setSoTimeout(10_000);
            // 20 MiB declared, 10 bytes sent: the answer must not wait for the rest.
            s.getOutputStream().write(("POST " + target + " HTTP/1.1\r\nHost: x\r\nTimestamp: " + ts
                    + "\r\nAuthorization: TC " + ID + ":" + SignedClient.hmac(SECRET, target + ":POST:" + ts)
                    + "\r\nContent-Type: application/octet-stream\r\nContent-Length: " + (20 << 20) + "\r\n\r\n{\"indicat")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
            assertTrue(answer.toLowerCase(java.util.Locale.ROOT).contains("\r\nconnection: close\r\n"), answer);
            assertTrue(answer.endsWith("\r\n\r\n" + TOO_LARGE), answer);
        }
        assertEquals(List.of(), uploadsLeft());
        assertEquals(202, client.upload(id, fileOf(200)).statusCode());
    }

    @Test
    void answersABodyCutShortWith400() throws Exception {
        String ts = Long.toString(clock.instant().getEpochSecond());
        for (String framing : List.of("Content-Length: 100\r\n\r\n{\"version\"", "Transfer-Encoding: chunked\r\n\r\nzz\r\n{}")) {
            try (java.net.Socket s = new java.net.Socket(java.net.InetAddress.getLoopbackAddress(), sandbox.port())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(("POST /api/v2/batch HTTP/1.1\r\nHost: x\r\nTimestamp: " + ts
                        + "\r\nAuthorization: TC " + ID + ":" + SignedClient.hmac(SECRET, "/api/v2/batch:POST:" + ts)
                        + "\r\nContent-Type: application/json\r\n" + framing).getBytes(StandardCharsets.US_ASCII));
                s.shutdownOutput();
                String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
                assertTrue(answer.startsWith("HTTP/1.1 400 "), answer);
                assertTrue(answer.endsWith("\r\n\r\n{\"status\":\"Failure\",\"message\":\"The request body is incomplete "
                        + "or its chunked encoding is invalid\"}"), answer);
            }
        }
        assertEquals(201, client.postJson("/api/v2/batch", CONFIG).statusCode());
    }

    @Test
    void countsAChunkedUploadWhileItStreams() throws Exception {
        long id = client.createJob(CONFIG);
        HttpResponse<byte[]> r = uploadChunked(id, fileOf(LIMIT + 1), null);
        assertEquals(400, r.statusCode());
        assertEquals(TOO_LARGE, body(r));
        assertEquals(List.of(), uploadsLeft());
        HttpResponse<byte[]> big = uploadChunked(id, fileOf(LIMIT * 50), null);
        assertEquals(TOO_LARGE, body(big));
        assertEquals(202, uploadChunked(id, fileOf(LIMIT), null).statusCode());
        client.awaitCompleted(id);
    }

    @Test
    void inflatesGzipUploadsAndHoldsTheInflatedFileToTheLimit() throws Exception {
        long id = client.createJob(CONFIG);
        assertEquals(TOO_LARGE, body(uploadChunked(id, gzip(fileOf(LIMIT * 100)), "gzip")), "a small gzip of a large file");
        HttpResponse<byte[]> bad = uploadChunked(id, "not gzip at all".getBytes(StandardCharsets.UTF_8), "gzip");
        assertEquals(400, bad.statusCode());
        assertEquals("{\"status\":\"Invalid\",\"description\":\"The file was sent with Content-Encoding: gzip but is not valid gzip\"}",
                body(bad));
        HttpResponse<byte[]> br = uploadChunked(id, fileOf(100), "br");
        assertEquals(415, br.statusCode());
        assertEquals("{\"status\":\"Failure\",\"message\":\"Content-Encoding 'br' is not supported; send the file as is "
                + "or with Content-Encoding: gzip\"}", body(br));
        assertEquals(List.of(), uploadsLeft());
        assertEquals(202, uploadChunked(id, gzip(fileOf(LIMIT)), "gzip").statusCode());
        assertEquals(1, client.awaitCompleted(id).path("successCount").asInt());
        assertTrue(sandbox.store().findIndicator(ORG, "Host", "size.example.com").isPresent());
    }

    @Test
    void refusesAnUploadWithoutTheOctetStreamType() throws Exception {
        long id = client.createJob(CONFIG);
        HttpResponse<byte[]> r = client.send(client.signed("POST", "/api/v2/batch/" + id)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(fileOf(100))).build());
        assertEquals(415, r.statusCode());
        assertEquals("{\"status\":\"Failure\",\"message\":\"The batch file must be sent with Content-Type: "
                + "application/octet-stream\"}", body(r));
    }

    @Test
    void capsTheJobConfigurationAtOneMebibyte() throws Exception {
        String padded = CONFIG.substring(0, CONFIG.length() - 1) + ",\"pad\":\"" + "x".repeat(1 << 20) + "\"}";
        HttpResponse<byte[]> r = client.postJson("/api/v2/batch", padded);
        assertEquals(413, r.statusCode());
        String message = "{\"status\":\"Failure\",\"message\":\"The batch job configuration is larger than the limit of 1048576 bytes\"}";
        assertEquals(message, body(r));
        HttpResponse<byte[]> mp = createAndUpload("b0undary", List.of(
                part("config", null, null, padded), part("content", null, null, "{}")), false);
        assertEquals(413, mp.statusCode());
        assertEquals(message, body(mp));
        assertEquals(201, client.postJson("/api/v2/batch", CONFIG).statusCode(), "still serving");
    }

    @Test
    void takesCreateAndUploadPartsInAnyFormChunkedAndHoldsTheContentToTheLimit() throws Exception {
        String file = "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"e3.example.com\"}]}";
        HttpResponse<byte[]> r = createAndUpload("zz-42", List.of(
                part("content", "batch.json", "application/json", file),
                part("config", null, "text/plain; charset=UTF-8", CONFIG)), true);
        assertEquals(201, r.statusCode(), body(r));
        long id = SignedClient.json(r).path("data").path("batchStatus").path("id").asLong();
        assertEquals("{\"status\":\"Success\",\"data\":{\"batchStatus\":{\"id\":" + id + ",\"status\":\"Queued\","
                + "\"errorCount\":0,\"successCount\":0,\"unprocessCount\":0}}}", body(r));
        client.awaitCompleted(id);
        assertTrue(sandbox.store().findIndicator(ORG, "Host", "e3.example.com").isPresent());

        HttpResponse<byte[]> big = createAndUpload("zz-43", List.of(
                part("config", "config", null, CONFIG), part("content", "content", null, new String(fileOf(LIMIT + 1),
                        StandardCharsets.UTF_8))), false);
        assertEquals(400, big.statusCode());
        assertEquals(TOO_LARGE, body(big));
        HttpResponse<byte[]> junk = createAndUpload("zz-44", List.of(part("other", null, null, "x".repeat(3 << 20)),
                part("config", null, null, CONFIG), part("content", null, null, file)), true);
        assertEquals(TOO_LARGE, body(junk), "other parts count towards the body limit too");
        HttpResponse<byte[]> torn = client.send(client.signed("POST", "/api/v2/batch/createAndUpload")
                .header("Content-Type", "multipart/form-data; boundary=q")
                .POST(HttpRequest.BodyPublishers.ofString("--q\r\nContent-Disposition: form-data; name=\"config\"\r\n\r\n{")).build());
        assertEquals(400, torn.statusCode());
        assertEquals("{\"status\":\"Failure\",\"message\":\"multipart body ends inside a part\"}", body(torn));
        assertEquals(1, SignedClient.json(client.get("/api/sandbox/status")).path("data").path("jobs").path("Completed").asInt(),
                "no job was made by the refused ones");
    }

    private static String part(String name, String filename, String type, String content) {
        return "Content-Disposition: form-data; name=\"" + name + "\"" + (filename == null ? "" : "; filename=\"" + filename + "\"")
                + "\r\n" + (type == null ? "" : "Content-Type: " + type + "\r\n") + "\r\n" + content;
    }

    private HttpResponse<byte[]> createAndUpload(String boundary, List<String> parts, boolean chunked) throws Exception {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            b.append("--").append(boundary).append("\r\n").append(p).append("\r\n");
        }
        b.append("--").append(boundary).append("--\r\n");
        byte[] bytes = b.toString().getBytes(StandardCharsets.UTF_8);
        return client.send(client.signed("POST", "/api/v2/batch/createAndUpload?includeAdditional=true")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(chunked ? HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))
                        : HttpRequest.BodyPublishers.ofByteArray(bytes)).build());
    }

    @Test
    void servesTheErrorFileGzippedWithReasonAndSourceOnly() throws Exception {
        long id = client.createJob(CONFIG);
        client.upload(id, "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"a_b.example.com\"}]}"
                .getBytes(StandardCharsets.UTF_8));
        client.awaitCompleted(id);
        HttpResponse<byte[]> r = client.send(client.signed("GET", "/api/v2/batch/" + id + "/errors")
                .header("Accept", "application/octet-stream").GET().build());
        assertEquals(200, r.statusCode());
        assertEquals("application/octet-stream", r.headers().firstValue("Content-Type").orElseThrow());
        assertEquals("gzip", r.headers().firstValue("Content-Encoding").orElseThrow());
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
            assertEquals("[{\"errorReason\":\"Error (0x1005): a_b.example.com is not valid. The indicator could not be "
                    + "processed as a valid Host.\",\"errorSource\":\"a_b.example.com\"}]",
                    new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void matchesTheDocumentedStatusAndResultsFixtures() throws Exception {
        JsonNode statusFixture = SignedClient.JSON.readTree(SharedData.file("threatconnect/docs/v2_batch_status_completed_response.json").toFile());
        JsonNode resultsFixture = SignedClient.JSON.readTree(SharedData.file("threatconnect/docs/v2_batch_results_error_response.json").toFile());
        long id = client.createJob(CONFIG);
        client.upload(id, "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"a_b.example.com\"}]}".getBytes(StandardCharsets.UTF_8));
        client.awaitCompleted(id);
        assertEquals(shape(statusFixture), shape(SignedClient.json(client.get("/api/v2/batch/" + id))));
        assertEquals(shape(statusFixture), shape(SignedClient.json(client.get("/api/v2/batch/" + id + "?includeAdditional=false"))));
        assertEquals(shape(resultsFixture), shape(SignedClient.json(client.get("/api/v2/batch/" + id + "/results"))));
    }

    /** The field names, in order, and the JSON types of a tree, values left out. */
    private static String shape(JsonNode n) {
        if (n.isObject()) {
            List<String> fields = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                fields.add(f.getKey() + ":" + shape(f.getValue()));
            }
            return "{" + String.join(",", fields) + "}";
        }
        if (n.isArray()) {
            return "[" + (n.isEmpty() ? "" : shape(n.get(0))) + "]";
        }
        return n.isIntegralNumber() ? "int" : n.getNodeType().name().toLowerCase();
    }

    @Test
    void answers404ForUnknownJobsOnEveryJobRoute() throws Exception {
        String notFound = "{\"status\":\"Failure\",\"message\":\"The requested resource was not found\"}";
        assertEquals(notFound, body(client.upload(77, fileOf(100))));
        for (String path : List.of("/api/v2/batch/77", "/api/v2/batch/77/errors", "/api/v2/batch/77/results",
                "/api/v2/batch/77/other", "/api/v2/batch/999999999999999999999")) {
            HttpResponse<byte[]> r = client.get(path);
            assertEquals(404, r.statusCode(), path);
            assertEquals(notFound, body(r), path);
        }
    }

    @Test
    void parsesQueryParametersWithPlusOrPercentTwenty() throws Exception {
        long id = client.createJob(CONFIG);
        client.upload(id, "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"a_b.example.com\"}]}".getBytes(StandardCharsets.UTF_8));
        client.awaitCompleted(id);
        for (String q : List.of("contains=not+valid&owner=Example+Org", "contains=not%20valid&owner=Example%20Org")) {
            HttpResponse<byte[]> r = client.get("/api/v2/batch/" + id + "/results?" + q);
            assertEquals(200, r.statusCode(), q);
            assertEquals(1, SignedClient.json(r).size(), q);
        }
        assertEquals(404, client.get("/api/v2/batch/" + id + "/results?contains=not%2Bvalid").statusCode(), "%2B is a plus");
    }

    /** A handler over a database the test writes itself, to set states and severities the processor would. */
    @Test
    void filtersResultsBySeverityCodeAndTextAndRefusesUploadsToJobsWithAFile() throws Exception {
        sandbox.close();
        Path own = dir.resolve("own");
        Files.createDirectories(own);
        Database db = Database.open(own);
        HttpServer server = Sandbox.httpServer(0);
        JobRepository jobs = new JobRepository(db, clock);
        try (JobProcessor processor = new JobProcessor(db, jobs, new FakeValidator(), own, 10)) {
            Faults faults = new Faults(clock);
            server.createContext("/", new ApiHandler(new HmacAuth(ID, SECRET, null, SandboxConfig.DEFAULT_TIMESTAMP_WINDOW, clock),
                    jobs, processor, SandboxConfig.defaultOwners(), own, new ReadApi(db, SandboxConfig.defaultOwners()),
                    faults, new AdminApi(db, faults, SandboxConfig.defaultOwners(), 1, LIMIT), LIMIT, clock));
            server.start();
            SignedClient c = new SignedClient(server.getAddress().getPort(), ID, SECRET, clock);
            long queued = c.createJob(CONFIG);
            long running = c.createJob(CONFIG);
            long done = c.createJob(CONFIG);
            try (Connection conn = db.connection()) {
                exec(conn, "UPDATE job SET status = 'Queued' WHERE id = " + queued);
                exec(conn, "UPDATE job SET status = 'Running' WHERE id = " + running);
                exec(conn, "UPDATE job SET status = 'Completed', other_error_count = 4 WHERE id = " + done);
                insertError(conn, done, 1, "0x1005", "Error", "bad_host is not valid", "bad_host");
                insertError(conn, done, 2, "0x2001", "Warning", "file hashes merged", "abc:def");
                insertError(conn, done, 3, "0x2002", "Info", "nothing to do", null);
                insertError(conn, done, 4, "0x1009", "Error", "association end not found", "x-1");
            }
            for (long id : List.of(queued, running, done)) {
                String state = id == queued ? "Queued" : id == running ? "Running" : "Completed";
                HttpResponse<byte[]> r = c.upload(id, fileOf(100));
                assertEquals(400, r.statusCode());
                assertEquals("{\"status\":\"Invalid\",\"description\":\"Batch job " + id + " already has a file (status "
                        + state + "); create a new job to upload another file\"}", body(r));
            }
            for (long id : List.of(queued, running)) {
                assertEquals("{\"status\":\"Invalid\",\"description\":\"Batch still in Running state\"}",
                        body(c.get("/api/v2/batch/" + id + "/results")));
            }
            String base = "/api/v2/batch/" + done + "/results";
            assertEquals(List.of("0x1005", "0x2001", "0x2002", "0x1009"), codes(c.get(base)));
            for (String s : List.of("err", "error", "ERROR")) {
                assertEquals(List.of("0x1005", "0x1009"), codes(c.get(base + "?severity=" + s)), s);
            }
            for (String s : List.of("warn", "warning", "Warning")) {
                assertEquals(List.of("0x2001"), codes(c.get(base + "?severity=" + s)), s);
            }
            assertEquals(List.of("0x2002"), codes(c.get(base + "?severity=info")));
            assertEquals(404, c.get(base + "?severity=fatal").statusCode(), "an unknown severity matches nothing");
            assertEquals(List.of("0x1009"), codes(c.get(base + "?code=0x1009")));
            assertEquals(List.of("0x1009"), codes(c.get(base + "?code=0X1009")), "the code filter ignores case");
            assertEquals(List.of("0x1005"), codes(c.get(base + "?code=0x1005&severity=err&contains=bad_host")));
            assertEquals(404, c.get(base + "?code=0x1005&severity=warn").statusCode());
            HttpResponse<byte[]> badCode = c.get(base + "?code=1005");
            assertEquals(400, badCode.statusCode());
            assertEquals("{\"status\":\"Invalid\",\"description\":\"code must start with 0x\"}", body(badCode));
            assertEquals(List.of("0x2001"), codes(c.get(base + "?contains=source:%20abc:def")), "contains searches errorMessage");
            HttpResponse<byte[]> one = c.get(base + "?code=0x2001");
            assertEquals("[{\"code\":\"0x2001\",\"severity\":\"Warning\",\"errorReason\":\"Error (0x2001): file hashes merged\","
                    + "\"errorMessage\":\"file hashes merged (source: abc:def)\"}]", body(one));
        } finally {
            server.stop(0);
            db.close();
        }
        sandbox = Sandbox.start(SandboxConfig.defaults(dir, ID, SECRET).withClock(clock), new FakeValidator());
    }

    private static List<String> codes(HttpResponse<byte[]> r) throws IOException {
        assertEquals(200, r.statusCode(), body(r));
        List<String> out = new ArrayList<>();
        SignedClient.json(r).forEach(e -> out.add(e.path("code").asText()));
        return out;
    }

    private static void exec(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.executeUpdate();
        }
    }

    private static void insertError(Connection c, long job, int seq, String code, String severity, String reason,
                                    String source) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO job_error (job_id, seq, code, severity, reason, source) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setLong(1, job);
            ps.setInt(2, seq);
            ps.setString(3, code);
            ps.setString(4, severity);
            ps.setString(5, reason);
            ps.setString(6, source);
            ps.executeUpdate();
        }
    }

    private static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(buf)) {
            gz.write(data);
        }
        return buf.toByteArray();
    }
}
