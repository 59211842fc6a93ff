package io.tcbatch.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reading the Batch API's response bodies. Everything is read as JSON trees rather than bound to
 * classes, because the same endpoint answers in several shapes (documented flat bodies, the real
 * {@code {"status":"Success","data":{…}}} envelope, numbers sent as strings; API doc §5) and a
 * strict binding would turn each variant into a crash.
 */
final class WireFormat {
    static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The per-kind counters sent with {@code includeAdditional=true} (API doc §2.4). */
    static final List<String> ADDITIONAL_COUNTERS = List.of(
            "successIndicatorCount", "errorIndicatorCount",
            "successGroupCount", "errorGroupCount",
            "successAssociationCount", "errorAssociationCount");

    private WireFormat() {
    }

    /** The body as a JSON tree, or null when it is empty or not JSON. */
    static JsonNode tryParse(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try {
            JsonNode node = MAPPER.readTree(body);
            return node == null || node.isMissingNode() ? null : node;
        } catch (IOException e) {
            return null;
        }
    }

    /** E1: {@code data.batchId}, or the old un-enveloped {@code batchId}; number or numeric string. */
    static Long batchId(JsonNode root) {
        if (root == null) {
            return null;
        }
        Long id = asLong(root.path("data").get("batchId"));
        return id != null ? id : asLong(root.get("batchId"));
    }

    /**
     * E3 answered like E1: the id of {@code {"status":"Success","data":{"batchId":7}}}, else null.
     * Only a Success envelope counts: a batchId next to Failure (or no envelope word at all) does
     * not say that the upload was taken.
     */
    static Long acceptedBatchId(JsonNode root) {
        if (root == null || !root.isObject()) {
            return null;
        }
        JsonNode status = root.get("status");
        if (status == null || !status.isTextual() || !"Success".equalsIgnoreCase(status.asText().trim())) {
            return null;
        }
        JsonNode data = root.get("data");
        return data != null && data.isObject() ? asLong(data.get("batchId")) : null;
    }

    /**
     * E2/E4: a status reading, or null when the body has no recognisable status. Accepts
     * {@code data.batchStatus}, a bare {@code batchStatus}, {@code data} itself holding the
     * fields, and the flat documented {@code {"status":"Running",…}}.
     */
    static BatchStatus batchStatus(JsonNode root, Long requestedId) {
        JsonNode node = locateBatchStatus(root);
        if (node == null) {
            return null;
        }
        Long id = asLong(node.get("id"));
        String raw = node.hasNonNull("status") ? node.get("status").asText() : null;
        Integer unprocess = asInt(node.get("unprocessCount"));
        if (unprocess == null) {
            // The doc's prose spells it unprocessedCount; every example uses unprocessCount (§5.9).
            unprocess = asInt(node.get("unprocessedCount"));
        }
        Map<String, Integer> additional = new LinkedHashMap<>();
        for (String name : ADDITIONAL_COUNTERS) {
            Integer v = asInt(node.get(name));
            if (v != null) {
                additional.put(name, v);
            }
        }
        return new BatchStatus(id != null ? id : requestedId, state(raw), raw,
                asInt(node.get("errorCount")), asInt(node.get("successCount")), unprocess,
                Collections.unmodifiableMap(additional), null);
    }

    /**
     * Maps the status text to a state. Case and surrounding blanks are forgiven (a server saying
     * "completed" means Completed); anything else is UNKNOWN, which callers never treat as done.
     */
    static JobState state(String raw) {
        if (raw == null) {
            return JobState.UNKNOWN;
        }
        String s = raw.trim();
        for (JobState st : JobState.values()) {
            if (st != JobState.UNKNOWN && st.wire().equalsIgnoreCase(s)) {
                return st;
            }
        }
        return JobState.UNKNOWN;
    }

    private static JsonNode locateBatchStatus(JsonNode root) {
        if (root == null || !root.isObject()) {
            return null;
        }
        JsonNode data = root.get("data");
        if (data != null && data.isObject()) {
            JsonNode bs = data.get("batchStatus");
            if (bs != null && bs.isObject()) {
                return bs;
            }
            return data.has("status") || data.has("id") ? data : null;
        }
        JsonNode bs = root.get("batchStatus");
        if (bs != null && bs.isObject()) {
            return bs;
        }
        JsonNode status = root.get("status");
        // A top-level Success/Failure is the envelope's own word, not a job state: an envelope
        // without data is a malformed answer, not a job in state "Success".
        if (status != null && status.isTextual() && !isEnvelopeWord(status.asText())) {
            return root;
        }
        return null;
    }

    private static boolean isEnvelopeWord(String s) {
        return "Success".equalsIgnoreCase(s) || "Failure".equalsIgnoreCase(s);
    }

    /** True when the body starts with the gzip magic bytes {@code 1f 8b}. */
    static boolean isGzip(byte[] body) {
        return body != null && body.length >= 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b;
    }

    static byte[] gunzip(byte[] body) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    /**
     * E5 body, already un-gzipped: a JSON array of {errorReason, errorSource, errorMessage}.
     * Anything else is kept as text, so the user still sees what the server sent.
     */
    static ErrorFile errorFile(byte[] decoded) {
        JsonNode root = tryParse(decoded);
        if (root == null || !root.isArray()) {
            return new ErrorFile(true, List.of(), new String(decoded, java.nio.charset.StandardCharsets.UTF_8));
        }
        List<BatchError> errors = new ArrayList<>(root.size());
        for (JsonNode e : root) {
            if (e.isObject()) {
                errors.add(new BatchError(textOrJson(e.get("errorReason")), textOrJson(e.get("errorSource")),
                        textOrJson(e.get("errorMessage"))));
            } else {
                errors.add(new BatchError(textOrJson(e), null, null));
            }
        }
        return new ErrorFile(true, List.copyOf(errors), null);
    }

    /**
     * E6 body, already un-gzipped: a JSON array of {code, severity, errorReason, errorMessage}; null
     * when the body is not a JSON array (then the caller uses E5, which every instance serves).
     */
    static ErrorFile resultsFile(byte[] decoded) {
        JsonNode root = tryParse(decoded);
        if (root == null || !root.isArray()) {
            return null;
        }
        List<BatchError> errors = new ArrayList<>(root.size());
        for (JsonNode e : root) {
            if (e.isObject()) {
                errors.add(new BatchError(textOrJson(e.get("errorReason")), textOrJson(e.get("errorSource")),
                        textOrJson(e.get("errorMessage")), textOrJson(e.get("code")), textOrJson(e.get("severity"))));
            } else {
                errors.add(new BatchError(textOrJson(e), null, null));
            }
        }
        return new ErrorFile(true, List.copyOf(errors), null, "results");
    }

    /** Text values as text; objects and arrays (errorSource may be the whole item) as compact JSON. */
    static String textOrJson(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        return node.isValueNode() ? node.asText() : node.toString();
    }

    /** {@code message} or {@code description} of a JSON error envelope, else null. */
    static String envelopeMessage(JsonNode root) {
        if (root == null || !root.isObject()) {
            return null;
        }
        for (String field : List.of("message", "description")) {
            JsonNode n = root.get(field);
            if (n != null && n.isTextual() && !n.asText().isBlank()) {
                return n.asText();
            }
        }
        return null;
    }

    static Long asLong(JsonNode n) {
        if (n == null) {
            return null;
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.longValue();
        }
        if (n.isTextual() && n.asText().trim().matches("\\d{1,18}")) {
            return Long.parseLong(n.asText().trim());
        }
        return null;
    }

    static Integer asInt(JsonNode n) {
        Long v = asLong(n);
        return v == null || v > Integer.MAX_VALUE ? null : v.intValue();
    }

    static byte[] json(Object tree) throws JsonProcessingException {
        return MAPPER.writeValueAsBytes(tree);
    }
}
