package io.tcbatch.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.tcbatch.TestClock;

/**
 * Sends many malformed requests over raw sockets, signed and not — garbage request lines, huge
 * and duplicated headers, bad Authorization forms, invalid chunked encoding, truncated bodies,
 * bad multipart, random JSON, odd paths and methods — while a few connections stall, and then
 * checks that the server answered each with a well-formed response (or closed the connection),
 * never with a 500, freed the stalled connections, and still serves a whole job correctly.
 * Deterministic: one fixed seed.
 */
class SandboxFuzzTest {

    private static final String ID = "fuzz-id";
    private static final String SECRET = "fuzz-secret";
    private static final long NOW = 1_700_000_000L;
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 (\\d{3}) [^\\r\\n]*");

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(Instant.ofEpochSecond(NOW));
    private final Random random = new Random(20_261_204L);
    private final Map<String, Integer> outcomes = new TreeMap<>();
    private final List<String> failures = new ArrayList<>();
    private int port;

    /** What came back on one connection. */
    private record Answer(int status, Map<String, String> headers, byte[] body) {
        static final Answer CLOSED = new Answer(-1, Map.of(), new byte[0]);
    }

    @Test
    void survivesMalformedRequestsAndStillServesAWholeJob() throws Exception {
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults(dir, ID, SECRET).withClock(clock).withToken("fuzz-token"),
                new FakeValidator())) {
            port = sandbox.port();
            long stallStart = System.nanoTime();
            List<Socket> stalled = new ArrayList<>();
            for (String partial : List.of("", "GET /api/v2/bat", "POST /api/v2/batch HTTP/1.1\r\nHost: x\r\n",
                    "POST /api/v2/batch/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"indic",
                    "POST /api/v2/batch/1 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nabc")) {
                Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
                s.getOutputStream().write(partial.getBytes(StandardCharsets.US_ASCII));
                s.getOutputStream().flush();
                stalled.add(s);
            }

            garbageRequestLines();
            hugeAndDuplicatedHeaders();
            badAuthorization();
            invalidChunkedAndTruncatedBodies();
            badMultipart();
            randomJson();
            oddPathsAndMethods();

            assertEquals(List.of(), failures, "outcomes: " + outcomes);
            int answered = outcomes.entrySet().stream().filter(e -> !e.getKey().equals("closed"))
                    .mapToInt(Map.Entry::getValue).sum();
            assertTrue(answered > 300, "most requests get an answer: " + outcomes);

            // The fuzz may have armed faults through the admin route; none must outlive it.
            SignedClient client = new SignedClient(sandbox, ID, SECRET, clock);
            client.send(client.signed("DELETE", "/api/sandbox/faults").DELETE().build());
            wholeJob(client, sandbox);

            // The stalled connections are closed by the server's request-time limit.
            for (Socket s : stalled) {
                s.setSoTimeout(15_000);
                try (s) {
                    assertEquals(-1, s.getInputStream().read(), "a stalled connection gets no answer");
                } catch (IOException reset) {
                    // A reset is a close too.
                }
            }
            long waited = (System.nanoTime() - stallStart) / 1_000_000_000L;
            // The JDK checks once per limit, so a stalled connection lives between one and two limits.
            assertTrue(waited <= 2 * Long.parseLong(Sandbox.MAX_REQ_TIME_SECONDS) + 3, "closed after " + waited + " s");
            wholeJob(client, sandbox);
        }
    }

    private void wholeJob(SignedClient client, Sandbox sandbox) throws Exception {
        String host = "after-fuzz-" + random.nextInt(1000) + ".example.com";
        long id = client.createJob(SignedClient.config("Example Org", "Create", "Replace", false));
        assertEquals(202, client.upload(id, ("{\"indicator\":[{\"type\":\"Host\",\"summary\":\"" + host + "\"},"
                + "{\"type\":\"Host\",\"summary\":\"bad_" + host + "\"}]}").getBytes(StandardCharsets.UTF_8)).statusCode());
        JsonNode status = client.awaitCompleted(id);
        assertEquals(1, status.path("successCount").asInt());
        assertEquals(1, status.path("errorCount").asInt());
        JsonNode errors = client.errors(id);
        assertEquals("Error (0x1005): bad_" + host + " is not valid. The indicator could not be processed as a valid Host.",
                errors.get(0).path("errorReason").asText());
        assertTrue(sandbox.store().findIndicator("Example Org", "Host", host).isPresent());
    }

    // ---- the cases ----

    private void garbageRequestLines() {
        for (int i = 0; i < 40; i++) {
            byte[] junk = new byte[1 + random.nextInt(300)];
            random.nextBytes(junk);
            // Half-closed, so the server sees the request end (an open one is a stall, above).
            exchange("random bytes " + i, i % 2 == 0 ? junk : concat(junk, ascii("\r\n\r\n")), true);
        }
        for (String line : List.of("\r\n\r\n", "GET\r\n\r\n", "GET / HTTP/9.9\r\n\r\n", "GET  HTTP/1.1\r\n\r\n",
                "get /api/v2/batch/1 http/1.1\r\nHost: x\r\n\r\n", "GET /api/v2/batch/1\r\n\r\n",
                "BREW /api/v2/batch HTTP/1.1\r\nHost: x\r\n\r\n", "GET /" + "a".repeat(100_000) + " HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET http://evil.example/api/v2/batch/1 HTTP/1.1\r\nHost: x\r\n\r\n", "GET * HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/v2/batch/%zz HTTP/1.1\r\nHost: x\r\n\r\n", "GET /api/v2/batch/1?%%%=%% HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /api/v2/batch/1 HTTP/1.1\nHost: x\n\n", "\0\0\0\0 / HTTP/1.1\r\n\r\n",
                "GET /api/v2/batch/1 HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n",
                "GET /api/v2/batch/1 HTTP/1.1\r\n : empty name\r\n\r\n")) {
            exchange("request line " + shorten(line), ascii(line), true);
        }
    }

    private void hugeAndDuplicatedHeaders() {
        String target = "/api/v2/batch/1";
        exchange("huge header", ascii("GET " + target + " HTTP/1.1\r\nHost: x\r\nX-Big: " + "b".repeat(200_000) + "\r\n\r\n"), true);
        StringBuilder many = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: x\r\n");
        for (int i = 0; i < 1000; i++) {
            many.append("X-H").append(i).append(": ").append(i).append("\r\n");
        }
        exchange("1000 headers", ascii(many + "\r\n"), true);
        exchange("two Authorizations", ascii(signedHead("GET", target) + "Authorization: TC-Token nope\r\n\r\n"), true);
        exchange("two Content-Lengths", ascii(signedHead("POST", "/api/v2/batch")
                + "Content-Length: 2\r\nContent-Length: 40\r\n\r\n{}"), true);
        exchange("Content-Length and chunked", ascii(signedHead("POST", "/api/v2/batch")
                + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n"), true);
        exchange("bad Content-Length", ascii(signedHead("POST", "/api/v2/batch") + "Content-Length: twelve\r\n\r\n{}"), true);
        exchange("negative Content-Length", ascii(signedHead("POST", "/api/v2/batch") + "Content-Length: -5\r\n\r\n{}"), true);
        exchange("huge Content-Length", ascii(signedHead("POST", "/api/v2/batch/1") + "Content-Type: application/octet-stream\r\n"
                + "Content-Length: 99999999999999\r\n\r\n{}"), true);
        exchange("odd Content-Type", ascii(signedHead("POST", "/api/v2/batch/createAndUpload")
                + "Content-Type: multipart/form-data; boundary=\r\nContent-Length: 0\r\n\r\n"), true);
    }

    private void badAuthorization() {
        String target = "/api/v2/batch/1";
        String ts = Long.toString(NOW);
        String sig = SignedClient.hmac(SECRET, target + ":GET:" + ts);
        for (String auth : List.of("", "TC", "TC ", "TC :", "TC " + ID, "TC " + ID + ":", "TC :" + sig, "TC " + ID + ":" + sig + ":x",
                "TC " + ID + "::" + sig, "tc " + ID + ":" + sig, "TC-Token", "TC-Token ", "TC-Token fuzz-tokenx",
                "Basic " + ID, "Bearer x", "TC " + "i".repeat(20_000) + ":" + sig, "TC \u00e9\u00e8:\u2603",
                "TC " + ID + ":" + sig.substring(1))) {
            exchange("auth " + shorten(auth), ascii("GET " + target + " HTTP/1.1\r\nHost: x\r\nTimestamp: " + ts
                    + "\r\nAuthorization: " + auth + "\r\nConnection: close\r\n\r\n"), false, 401);
        }
        for (String t : List.of("", "abc", "-1", "99999999999999999999", "1.5", " " + ts, ts + "0")) {
            exchange("timestamp " + t, ascii("GET " + target + " HTTP/1.1\r\nHost: x\r\nTimestamp: " + t
                    + "\r\nAuthorization: TC " + ID + ":" + SignedClient.hmac(SECRET, target + ":GET:" + t)
                    + "\r\nConnection: close\r\n\r\n"), false, 401);
        }
        exchange("token, unknown job", ascii("GET " + target + " HTTP/1.1\r\nHost: x\r\nAuthorization: TC-Token fuzz-token"
                + "\r\nConnection: close\r\n\r\n"), false, 404);
    }

    private void invalidChunkedAndTruncatedBodies() {
        for (String chunks : List.of("zz\r\n{}\r\n0\r\n\r\n", "ffffffffffffffffff\r\n{}\r\n", "-2\r\n{}\r\n0\r\n\r\n",
                "2\r\n{}", "5\r\n{}\r\n0\r\n\r\n", "2;ext=1\r\n{}\r\n0\r\n\r\n", "2\r\n{}XX0\r\n\r\n")) {
            exchange("chunked " + shorten(chunks), ascii(signedHead("POST", "/api/v2/batch")
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks), true);
            exchange("chunked upload " + shorten(chunks), ascii(signedHead("POST", "/api/v2/batch/1")
                    + "Content-Type: application/octet-stream\r\nTransfer-Encoding: chunked\r\n\r\n" + chunks), true);
        }
        for (int i = 0; i < 10; i++) {
            String body = "{\"version\":\"V2\",\"owner\":\"Example Org\"".substring(0, 1 + random.nextInt(30));
            exchange("truncated " + i, ascii(signedHead("POST", "/api/v2/batch") + "Content-Type: application/json\r\n"
                    + "Content-Length: " + (body.length() + 1 + random.nextInt(500)) + "\r\n\r\n" + body), true);
        }
        exchange("gzip upload that is not", ascii(signedHead("POST", "/api/v2/batch/1")
                + "Content-Type: application/octet-stream\r\nContent-Encoding: gzip\r\nContent-Length: 4\r\n\r\nnope"), true);
    }

    private void badMultipart() {
        String config = SignedClient.config("Example Org", "Create", "Replace", false);
        List<String> bodies = List.of("", "--b\r\n", "--b--\r\n", "--x\r\n\r\n{}\r\n--x--\r\n",
                "--b\r\nContent-Disposition: form-data; name=\"config\"\r\n\r\n" + config + "\r\n--b--\r\n",
                "--b\r\nContent-Disposition: form-data; name=\"config\"\r\n" + "h".repeat(10_000) + "\r\n\r\n{}\r\n--b--\r\n",
                "--b\r\nContent-Disposition: form-data; name=\"config\"\r\n\r\n{not json\r\n--b\r\n"
                        + "Content-Disposition: form-data; name=\"content\"\r\n\r\n{}\r\n--b--\r\n",
                "--b\r\nContent-Disposition: form-data; name=\"config\"\r\n\r\n[1,2]\r\n--b\r\n"
                        + "Content-Disposition: form-data; name=\"content\"\r\n\r\n{}\r\n--b--\r\n",
                "--b\r\nContent-Disposition: form-data; name=config\r\n\r\n" + config + "\r\n--b\r\n"
                        + "Content-Disposition: form-data; name=content\r\n\r\n{\"indicator\":[{\"type\":3}]}\r\n--b--\r\n",
                "--b\r\nContent-Disposition: form-data; name=\"content\"\r\n\r\n{}\r\n--bXX");
        for (String body : bodies) {
            for (String type : List.of("multipart/form-data; boundary=b", "multipart/form-data", "text/plain",
                    "multipart/form-data; boundary=\"b\"; charset=utf-8")) {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange("multipart " + type + " " + shorten(body), concat(ascii(signedHead("POST", "/api/v2/batch/createAndUpload")
                        + "Content-Type: " + type + "\r\nContent-Length: " + bytes.length + "\r\n\r\n"), bytes), true);
            }
        }
    }

    private void randomJson() {
        for (int i = 0; i < 60; i++) {
            String json = randomValue(0);
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            String target = switch (i % 3) {
                case 0 -> "/api/v2/batch";
                case 1 -> "/api/sandbox/faults";
                default -> "/api/v2/batch/createAndUpload";
            };
            exchange("json " + shorten(json), concat(ascii(signedHead("POST", target) + "Content-Type: application/json\r\n"
                    + "Content-Length: " + bytes.length + "\r\n\r\n"), bytes), true);
        }
        // Random files uploaded to real jobs: the worker must finish each, whatever it holds.
        for (int i = 0; i < 8; i++) {
            Answer created = exchange("create for upload " + i, concat(ascii(signedHead("POST", "/api/v2/batch")
                    + "Content-Type: application/json\r\nContent-Length: "
                    + SignedClient.config("Example Org", "Create", "Replace", false).length() + "\r\n\r\n"),
                    ascii(SignedClient.config("Example Org", "Create", "Replace", false))), true, 201);
            if (created == null || created.status() != 201) {
                continue;
            }
            long id;
            try {
                id = SignedClient.JSON.readTree(created.body()).path("data").path("batchId").asLong();
            } catch (IOException e) {
                failures.add("create for upload " + i + ": body not JSON");
                continue;
            }
            byte[] file = (i % 2 == 0 ? "{\"indicator\":[" + randomValue(0) + "],\"group\":" + randomValue(0) + "}"
                    : randomValue(0)).getBytes(StandardCharsets.UTF_8);
            exchange("upload random " + i, concat(ascii(signedHead("POST", "/api/v2/batch/" + id)
                    + "Content-Type: application/octet-stream\r\nContent-Length: " + file.length + "\r\n\r\n"), file), true, 202);
        }
    }

    private void oddPathsAndMethods() {
        List<String> methods = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS");
        List<String> paths = List.of("/api/v2/batch", "/api/v2/batch/1", "/api/v2/batch/1/errors", "/api/v2/batch/1/results",
                "/api/v2/batch/0", "/api/v2/batch/-1", "/api/v2/batch/1/../../sandbox/status", "/api/v2/batch//1",
                "/api/v2/batch/1%2Ferrors", "/api/v2/batch/\u00e9", "/api/sandbox/faults", "/api/sandbox/status/x",
                // The read-API routes are fuzzed by ReadApiTest, over the schema they read.
                "/api/v2/types/indicatorTypes", "/", "/favicon.ico",
                "/api", "/api/");
        List<String> queries = List.of("", "?", "?&&", "?code=0x1&severity=&contains", "?code=%zz", "?contains=%",
                "?includeAdditional=true&includeAdditional=false", "?a=" + "%41".repeat(3000), "?severity=%E2%98%83");
        for (int i = 0; i < 120; i++) {
            String method = methods.get(random.nextInt(methods.size()));
            String target = paths.get(random.nextInt(paths.size())) + queries.get(random.nextInt(queries.size()));
            String encoded = target.replace("\u00e9", "%C3%A9");
            exchange(method + " " + shorten(encoded), ascii(signedHead(method, encoded) + "Content-Length: 0\r\n\r\n"),
                    true);
        }
    }

    // ---- the machinery ----

    private String signedHead(String method, String target) {
        String ts = Long.toString(NOW);
        return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\nTimestamp: " + ts
                + "\r\nAuthorization: TC " + ID + ":" + SignedClient.hmac(SECRET, target + ":" + method + ":" + ts) + "\r\n";
    }

    private Answer exchange(String name, byte[] request, boolean halfClose) {
        return exchange(name, request, halfClose, -1);
    }

    /**
     * Sends one request on a new connection and reads what comes back: a well-formed answer or
     * the connection closing are fine; silence, a malformed answer, a 5xx, or another status
     * than {@code expected} (when given) are failures.
     */
    private Answer exchange(String name, byte[] request, boolean halfClose, int expected) {
        try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
            s.setSoTimeout(10_000);
            try {
                OutputStream out = s.getOutputStream();
                out.write(request);
                out.flush();
                if (halfClose) {
                    s.shutdownOutput();
                }
            } catch (IOException e) {
                // The server may close while a large request is still being sent; read what it said.
            }
            Answer a;
            try {
                a = read(s.getInputStream(), request);
            } catch (SocketTimeoutException e) {
                failures.add(name + ": no answer and no close within 10 s");
                return null;
            } catch (IOException e) {
                a = Answer.CLOSED;
            }
            String key = a.status() == -1 ? "closed" : Integer.toString(a.status());
            outcomes.merge(key, 1, Integer::sum);
            if (a.status() >= 500) {
                failures.add(name + ": " + a.status() + " " + new String(a.body(), StandardCharsets.UTF_8));
            } else if (expected != -1 && a.status() != expected) {
                failures.add(name + ": expected " + expected + ", got " + key + " " + new String(a.body(), StandardCharsets.UTF_8));
            } else if (a.status() != -1 && a.headers().getOrDefault("content-type", "").equals("application/json")
                    && a.body().length > 0) {
                try {
                    JsonNode body = SignedClient.JSON.readTree(a.body());
                    if (!body.isArray() && !body.path("status").isTextual() && !body.has("id")) {
                        failures.add(name + ": JSON without a status: " + body);
                    }
                } catch (IOException e) {
                    failures.add(name + ": declared JSON but is not: " + new String(a.body(), StandardCharsets.UTF_8));
                }
            }
            return a;
        } catch (IOException e) {
            failures.add(name + ": could not connect: " + e);
            return null;
        }
    }

    private static Answer read(InputStream in, byte[] request) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int c;
        while (!endsWithBlankLine(head.toByteArray())) {
            c = in.read();
            if (c == -1) {
                if (head.size() == 0) {
                    return Answer.CLOSED;
                }
                throw new IOException("connection closed inside the answer's headers");
            }
            head.write(c);
            if (head.size() > 64 * 1024) {
                throw new IOException("answer headers too long");
            }
        }
        String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
        Matcher m = STATUS_LINE.matcher(lines[0]);
        if (!m.matches()) {
            return new Answer(999, Map.of(), ascii("malformed status line: " + lines[0]));
        }
        Map<String, String> headers = new TreeMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
        }
        int status = Integer.parseInt(m.group(1));
        boolean head2 = new String(request, 0, Math.min(5, request.length), StandardCharsets.ISO_8859_1).startsWith("HEAD ");
        byte[] body = new byte[0];
        if (!head2 && headers.containsKey("content-length")) {
            int n = Integer.parseInt(headers.get("content-length"));
            body = in.readNBytes(n);
            if (body.length != n) {
                return new Answer(998, headers, ascii("body shorter than its Content-Length"));
            }
        }
        return new Answer(status, headers, body);
    }

    private static boolean endsWithBlankLine(byte[] b) {
        int n = b.length;
        return n >= 4 && b[n - 4] == '\r' && b[n - 3] == '\n' && b[n - 2] == '\r' && b[n - 1] == '\n';
    }

    private String randomValue(int depth) {
        int pick = random.nextInt(depth > 3 ? 5 : 8);
        return switch (pick) {
            case 0 -> "null";
            case 1 -> Boolean.toString(random.nextBoolean());
            case 2 -> Long.toString(random.nextLong());
            case 3 -> Double.toString(random.nextGaussian() * 1e300);
            case 4 -> SignedClient.JSON.valueToTree(randomString()).toString();
            case 5, 6 -> {
                StringBuilder o = new StringBuilder("{");
                int n = random.nextInt(5);
                for (int i = 0; i < n; i++) {
                    if (i > 0) {
                        o.append(',');
                    }
                    List<String> keys = List.of("version", "owner", "action", "haltOnError", "attributeWriteType",
                            "type", "summary", "xid", "name", "indicator", "group", "count", "x");
                    o.append('"').append(keys.get(random.nextInt(keys.size()))).append("\":").append(randomValue(depth + 1));
                }
                yield o.append('}').toString();
            }
            default -> {
                StringBuilder a = new StringBuilder("[");
                int n = random.nextInt(4);
                for (int i = 0; i < n; i++) {
                    a.append(i > 0 ? "," : "").append(randomValue(depth + 1));
                }
                yield random.nextInt(10) == 0 ? a.toString() : a.append(']').toString();
            }
        };
    }

    private String randomString() {
        List<String> pool = List.of("V2", "V1", "Example Org", "Nobody", "Create", "Delete", "Replace", "Host", "Address",
                "\u0000", "\uD83D\uDE00", "'; DROP TABLE job; --", "a.example.com", "", " ", "0x1005", "\\");
        return pool.get(random.nextInt(pool.size()));
    }

    private static String shorten(String s) {
        String one = s.replaceAll("[\\r\\n]", "|");
        return one.length() > 60 ? one.substring(0, 60) + "…" : one;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
