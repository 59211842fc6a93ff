package io.tcbatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Set;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The sandbox's admin routes as the fault and admin contract describes them, and nothing else:
 * {@code GET /api/sandbox/status}, {@code POST} and {@code DELETE /api/sandbox/faults}, each
 * signed with HMAC (checked here with code of its own, not the client's). Stands in for the
 * sandbox until its own admin routes exist; keeps what it received for assertions.
 */
final class FakeSandboxAdmin implements AutoCloseable {
    static final String ACCESS_ID = "admin-fake-id";
    static final String SECRET = "admin-fake-secret-0123456789";
    static final List<String> KINDS = List.of("rate-limit", "error", "slow", "drop", "hold-running", "errors-lag",
            "flat-status", "clock-offset");

    private final ObjectMapper json = new ObjectMapper();
    private final HttpServer server;
    final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    /** The faults in place: spec, remaining, triggered. */
    final List<ObjectNode> faults = Collections.synchronizedList(new ArrayList<>());
    /** Answer every request 404, as an instance that is not a sandbox does. */
    volatile boolean notASandbox;

    FakeSandboxAdmin() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI apiBase() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api");
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            String target = ex.getRequestURI().getRawPath()
                    + (ex.getRequestURI().getRawQuery() == null ? "" : "?" + ex.getRequestURI().getRawQuery());
            requests.add(ex.getRequestMethod() + " " + target);
            if (notASandbox) {
                send(ex, 404, "{\"status\":\"Failure\",\"message\":\"Not Found\"}");
                return;
            }
            if (!signedCorrectly(ex, target)) {
                send(ex, 401, "{\"status\":\"Failure\",\"message\":\"Access denied: bad signature\"}");
                return;
            }
            String route = ex.getRequestMethod() + " " + ex.getRequestURI().getRawPath();
            switch (route) {
                case "GET /api/sandbox/status" -> send(ex, 200, envelope(status()));
                case "POST /api/sandbox/faults" -> addFault(ex, body);
                case "DELETE /api/sandbox/faults" -> {
                    int n;
                    synchronized (faults) {
                        n = faults.size();
                        faults.clear();
                    }
                    send(ex, 200, envelope(json.createObjectNode().put("cleared", n)));
                }
                default -> send(ex, 404, "{\"status\":\"Failure\",\"message\":\"Not Found\"}");
            }
        }
    }

    private void addFault(HttpExchange ex, byte[] body) throws IOException {
        JsonNode req;
        try {
            req = json.readTree(body);
        } catch (IOException e) {
            send(ex, 400, invalid("the body is not JSON"));
            return;
        }
        String spec = req.path("spec").asText("").trim();
        String kind = spec.split("\\s+")[0];
        if (!KINDS.contains(kind)) {
            send(ex, 400, invalid("unknown fault kind '" + kind + "'; kinds: " + String.join(", ", KINDS)));
            return;
        }
        // A fault that lasts until cleared (count=all, a clock offset) has no remaining count.
        Integer remaining = kind.equals("clock-offset") ? null : 1;
        for (String w : spec.split("\\s+")) {
            if (w.startsWith("count=")) {
                remaining = w.equals("count=all") ? null : Integer.valueOf(w.substring(6));
            }
        }
        ObjectNode fault = json.createObjectNode().put("spec", spec).put("remaining", remaining).put("triggered", 0);
        faults.add(fault);
        send(ex, 201, envelope(json.createObjectNode().set("fault", fault.deepCopy())));
    }

    private ObjectNode status() {
        ObjectNode data = json.createObjectNode();
        ArrayNode list = data.putArray("faults");
        synchronized (faults) {
            faults.forEach(f -> list.add(f.deepCopy()));
        }
        ObjectNode triggered = data.putObject("triggered");
        for (String k : KINDS) {
            triggered.put(k, k.equals("rate-limit") ? 1 : 0);
        }
        data.putObject("jobs").put("Created", 0).put("Queued", 0).put("Running", 1).put("Completed", 5);
        data.put("workers", 2).put("maxUploadBytes", 2000000);
        ArrayNode owners = data.putArray("owners");
        owners.addObject().put("name", "Example Org").put("indicators", 10).put("groups", 1);
        owners.addObject().put("name", "Example Community").put("indicators", 0).put("groups", 0);
        return data;
    }

    private String envelope(JsonNode data) {
        ObjectNode doc = json.createObjectNode().put("status", "Success");
        doc.set("data", data);
        return doc.toString();
    }

    private String invalid(String description) {
        return json.createObjectNode().put("status", "Invalid").put("description", description).toString();
    }

    private static boolean signedCorrectly(HttpExchange ex, String target) {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        String ts = ex.getRequestHeaders().getFirst("Timestamp");
        if (auth == null || ts == null || !auth.startsWith("TC " + ACCESS_ID + ":")) {
            return false;
        }
        String expected = "TC " + ACCESS_ID + ":" + hmac(target + ":" + ex.getRequestMethod() + ":" + ts);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), auth.getBytes(StandardCharsets.UTF_8));
    }

    private static String hmac(String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static void send(HttpExchange ex, int code, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The kinds of the contract, for tests that list them. */
    static Set<String> kinds() {
        return Set.copyOf(KINDS);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
