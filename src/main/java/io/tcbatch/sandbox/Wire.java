package io.tcbatch.sandbox;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * The JSON the sandbox sends, built as trees here and nowhere else, so that the wire format is
 * written down once on the server side and never borrowed from the client's classes.
 */
final class Wire {

    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Exactly {@code application/json}: the legacy Python SDK loses the batch id when a
     * {@code ; charset=} parameter follows (API doc §7). The body is UTF-8 JSON regardless.
     */
    static final String JSON_TYPE = "application/json";

    static final String NOT_FOUND = "The requested resource was not found";

    /**
     * How long to wait before the answer on this handler thread (the slow fault). A thread
     * local, not an exchange attribute: the JDK keeps exchange attributes in the context, shared
     * by all requests. {@link ApiHandler} clears it after each request.
     */
    static final ThreadLocal<java.time.Duration> DELAY = new ThreadLocal<>();

    /**
     * Set by a {@code drop after} fault: the request was processed, and its answer is not sent,
     * so the exchange closes with no status line, as when a connection breaks on the way back.
     * Cleared by {@link ApiHandler} after each request.
     */
    static final ThreadLocal<Boolean> DROP_ANSWER = new ThreadLocal<>();

    private Wire() {
    }

    /** {@code {"status":"Success","data":data}} */
    static ObjectNode success(JsonNode data) {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", "Success");
        root.set("data", data);
        return root;
    }

    /** {@code {"status":"Failure","message":…}}: auth, lookup and request errors (API doc §1.4). */
    static ObjectNode failure(String message) {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", "Failure");
        root.put("message", message);
        return root;
    }

    /** {@code {"status":"Invalid","description":…}}: the batch API's own 400s (API doc §2.2, §2.5). */
    static ObjectNode invalid(String description) {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", "Invalid");
        root.put("description", description);
        return root;
    }

    /**
     * The {@code batchStatus} object. Without {@code additional} only the five base fields: the
     * Java SDK's strict mapper fails on any key it does not know (API doc §2.4).
     */
    static ObjectNode batchStatus(Job job, boolean additional) {
        return batchStatus(job, job.state(), additional);
    }

    /** As {@link #batchStatus(Job, boolean)} but showing {@code shown} as the state (faults). */
    static ObjectNode batchStatus(Job job, JobState shown, boolean additional) {
        ObjectNode s = JSON.createObjectNode();
        s.put("id", job.id());
        s.put("status", shown.name());
        s.put("errorCount", job.errorCount());
        s.put("successCount", job.successCount());
        s.put("unprocessCount", job.unprocessed());
        if (additional) {
            s.put("successIndicatorCount", job.successIndicators());
            s.put("errorIndicatorCount", job.errorIndicators());
            s.put("successGroupCount", job.successGroups());
            s.put("errorGroupCount", job.errorGroups());
            s.put("successAssociationCount", job.successAssociations());
            s.put("errorAssociationCount", job.errorAssociations());
        }
        return s;
    }

    static ObjectNode batchStatusEnvelope(Job job, boolean additional) {
        return batchStatusEnvelope(job, job.state(), additional);
    }

    static ObjectNode batchStatusEnvelope(Job job, JobState shown, boolean additional) {
        ObjectNode data = JSON.createObjectNode();
        data.set("batchStatus", batchStatus(job, shown, additional));
        return success(data);
    }

    static void send(HttpExchange ex, int status, JsonNode body) throws IOException {
        send(ex, status, JSON_TYPE, null, JSON.writeValueAsBytes(body));
    }

    static void send(HttpExchange ex, int status, String contentType, String contentEncoding, byte[] body)
            throws IOException {
        if (DROP_ANSWER.get() != null) {
            DROP_ANSWER.remove();
            return;
        }
        java.time.Duration delay = DELAY.get();
        if (delay != null) {
            DELAY.remove();
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        ex.getResponseHeaders().set("Content-Type", contentType);
        if (contentEncoding != null) {
            ex.getResponseHeaders().set("Content-Encoding", contentEncoding);
        }
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head ? -1 : body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
