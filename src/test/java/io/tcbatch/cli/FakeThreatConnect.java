package io.tcbatch.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.api.HmacSigner;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okio.Buffer;

/**
 * A small ThreatConnect of our own, as an outside test suite would write one: it serves only the
 * documented E1, E2, E4 and E5 (so {@code createAndUpload} and {@code /results} answer 404), checks
 * every HMAC signature, counts the items of each upload, and can misbehave on cue. Everything it
 * received is kept for assertions.
 */
final class FakeThreatConnect implements AutoCloseable {
    static final String ACCESS_ID = "fake-access-id";
    static final String SECRET = "fake-secret-key-0123456789";

    private final MockWebServer server = new MockWebServer();
    private final ObjectMapper json = new ObjectMapper();
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    final Map<Long, JsonNode> configs = new HashMap<>();
    final Map<Long, JsonNode> uploads = new HashMap<>();
    private final Map<Long, Integer> polls = new HashMap<>();
    private final Map<Long, Integer> errorCalls = new HashMap<>();
    private long nextId = 1;

    /** Status polls a job answers Running before it is Completed. */
    volatile int pollsUntilDone = 1;
    /** Answers served, in order, before the normal answer of any status poll. */
    final Deque<MockResponse> statusFaults = new ArrayDeque<>();
    /** Item summaries that fail on the server (0x1005). */
    volatile List<String> failing = List.of();
    /** /errors answers 404 this many times per job before serving the file. */
    volatile int errorFileLag;
    /** Answer job status in the flat documented shape instead of the envelope. */
    volatile boolean flatStatus;

    FakeThreatConnect() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return answer(request);
            }
        });
        server.start();
    }

    /** The environment a user of a real instance sets (DESIGN.md, "Where it runs"). */
    Map<String, String> env() {
        return Map.of("TC_API_PATH", server.url("/api").toString().replaceAll("/$", ""),
                "TC_API_ACCESS_ID", ACCESS_ID, "TC_API_SECRET_KEY", SECRET, "TC_OWNER", "Example Org");
    }

    private synchronized MockResponse answer(RecordedRequest r) {
        String target = r.getTarget();
        String path = r.getUrl().encodedPath();
        requests.add(r.getMethod() + " " + target);
        if (!signed(r)) {
            return json(401, "{\"status\":\"Failure\",\"message\":\"Signature data did not match expected result\"}");
        }
        try {
            if (r.getMethod().equals("POST") && path.equals("/api/v2/batch")) {
                long id = nextId++;
                configs.put(id, json.readTree(r.getBody().utf8()));
                return json(201, "{\"status\":\"Success\",\"data\":{\"batchId\":" + id + "}}");
            }
            if (r.getMethod().equals("POST") && path.matches("/api/v2/batch/\\d+")) {
                long id = id(path);
                if (!String.valueOf(r.getHeaders().get("Content-Type")).startsWith("application/octet-stream")) {
                    return json(400, "{\"status\":\"Invalid\",\"description\":\"Content-Type must be application/octet-stream\"}");
                }
                uploads.put(id, json.readTree(r.getBody().utf8()));
                return json(202, status(id, "Queued", 0, 0));
            }
            if (r.getMethod().equals("GET") && path.matches("/api/v2/batch/\\d+")) {
                MockResponse fault = statusFaults.poll();
                if (fault != null) {
                    return fault;
                }
                long id = id(path);
                if (!uploads.containsKey(id)) {
                    return json(200, status(id, configs.containsKey(id) ? "Created" : "Unknown", 0, 0));
                }
                int n = polls.merge(id, 1, Integer::sum);
                if (n <= pollsUntilDone) {
                    return json(200, status(id, "Running", 0, 0));
                }
                int failed = failedItems(id).size();
                return json(200, status(id, "Completed", items(id) - failed, failed));
            }
            if (r.getMethod().equals("GET") && path.matches("/api/v2/batch/\\d+/errors")) {
                long id = Long.parseLong(path.split("/")[4]);
                List<String> failed = failedItems(id);
                if (failed.isEmpty() || errorCalls.merge(id, 1, Integer::sum) <= errorFileLag) {
                    return new MockResponse.Builder().code(404).build();
                }
                StringBuilder b = new StringBuilder("[");
                for (String s : failed) {
                    b.append(b.length() > 1 ? "," : "").append("{\"errorReason\":\"Error (0x1005): ").append(s)
                            .append(" is not valid. The indicator could not be processed as a valid Host.\",\"errorSource\":\"")
                            .append(s).append("\"}");
                }
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "application/octet-stream")
                        .setHeader("Content-Encoding", "gzip").body(gzip(b.append("]").toString())).build();
            }
        } catch (IOException e) {
            return json(400, "{\"status\":\"Invalid\",\"description\":\"" + e.getMessage().replace('"', '\'') + "\"}");
        }
        return json(404, "{\"status\":\"Failure\",\"message\":\"The requested resource was not found\"}");
    }

    private boolean signed(RecordedRequest r) {
        String ts = r.getHeaders().get("Timestamp");
        String auth = r.getHeaders().get("Authorization");
        if (ts == null || auth == null) {
            return false;
        }
        return auth.equals(HmacSigner.authorization(ACCESS_ID, SECRET, r.getTarget(), r.getMethod(), Long.parseLong(ts)));
    }

    private String status(long id, String state, int ok, int failed) {
        String fields = "\"id\":" + id + ",\"status\":\"" + state + "\",\"errorCount\":" + failed + ",\"successCount\":" + ok
                + ",\"unprocessCount\":0";
        return flatStatus ? "{" + fields + "}" : "{\"status\":\"Success\",\"data\":{\"batchStatus\":{" + fields + "}}}";
    }

    private int items(long id) {
        JsonNode u = uploads.get(id);
        return u.path("indicator").size() + u.path("group").size() + u.path("association").size();
    }

    private List<String> failedItems(long id) {
        List<String> out = new ArrayList<>();
        JsonNode u = uploads.get(id);
        if (u != null) {
            for (JsonNode i : u.path("indicator")) {
                if (failing.contains(i.path("summary").asText())) {
                    out.add(i.path("summary").asText());
                }
            }
        }
        return out;
    }

    static MockResponse json(int code, String body) {
        return new MockResponse.Builder().code(code).setHeader("Content-Type", "application/json").body(body).build();
    }

    private static long id(String path) {
        return Long.parseLong(path.substring(path.lastIndexOf('/') + 1));
    }

    private static Buffer gzip(String s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(s.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return new Buffer().write(bytes.toByteArray());
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
