package io.tcbatch.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.tcbatch.input.IndicatorType;

/**
 * All routes of the sandbox in one table. Every request is authenticated first (an unknown
 * path gets 401 before 404, as a real server does not reveal its routes to strangers); any
 * exception becomes a 500 envelope, and the exchange is always closed, so a client never hangs.
 */
final class ApiHandler implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(ApiHandler.class.getName());

    private static final Pattern JOB = Pattern.compile("/api/v2/batch/(\\d{1,18})");
    private static final Pattern JOB_ERRORS = Pattern.compile("/api/v2/batch/(\\d{1,18})/errors");
    private static final Pattern JOB_RESULTS = Pattern.compile("/api/v2/batch/(\\d{1,18})/results");

    private final HmacAuth auth;
    private final JobRepository jobs;
    private final JobProcessor processor;
    private final Set<String> owners;
    private final Path uploads;
    private final ReadApi readApi;
    /** Jobs whose upload is being received; a second upload meanwhile is refused. */
    private final Set<Long> receiving = ConcurrentHashMap.newKeySet();

    ApiHandler(HmacAuth auth, JobRepository jobs, JobProcessor processor, List<SandboxConfig.Owner> owners,
               Path uploads, ReadApi readApi) {
        this.readApi = readApi;
        this.auth = auth;
        this.jobs = jobs;
        this.processor = processor;
        this.owners = Set.copyOf(owners.stream().map(SandboxConfig.Owner::name).toList());
        this.uploads = uploads;
    }

    @Override
    public void handle(HttpExchange ex) {
        try (ex) {
            try {
                route(ex);
            } catch (Exception | Error e) {
                LOG.log(Level.ERROR, "sandbox request " + ex.getRequestMethod() + " "
                        + ex.getRequestURI().getRawPath() + " failed", e);
                Wire.send(ex, 500, Wire.failure("Internal error: " + e.getClass().getSimpleName()));
            }
        } catch (IOException | RuntimeException e) {
            // Headers were already sent or the client went away: nothing more can be said.
            LOG.log(Level.DEBUG, "could not answer a sandbox request", e);
        }
    }

    private void route(HttpExchange ex) throws IOException, SQLException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        String query = ex.getRequestURI().getRawQuery();
        if (!path.startsWith("/api/")) {
            Wire.send(ex, 404, Wire.failure(Wire.NOT_FOUND));
            return;
        }
        String denied = auth.check(ex.getRequestHeaders().getFirst("Authorization"),
                ex.getRequestHeaders().getFirst("Timestamp"), method, path, query);
        if (denied != null) {
            drain(ex);
            Wire.send(ex, 401, Wire.failure(denied));
            return;
        }
        Matcher m;
        if (path.equals("/api/v2/batch") && method.equals("POST")) {
            createJob(ex);
        } else if (path.equals("/api/v2/batch/createAndUpload") && method.equals("POST")) {
            createAndUpload(ex);
        } else if ((m = JOB.matcher(path)).matches() && method.equals("POST")) {
            upload(ex, Long.parseLong(m.group(1)));
        } else if ((m = JOB.matcher(path)).matches() && method.equals("GET")) {
            status(ex, Long.parseLong(m.group(1)), query);
        } else if ((m = JOB_ERRORS.matcher(path)).matches() && method.equals("GET")) {
            errors(ex, Long.parseLong(m.group(1)));
        } else if ((m = JOB_RESULTS.matcher(path)).matches() && method.equals("GET")) {
            results(ex, Long.parseLong(m.group(1)), query);
        } else if (path.equals("/api/v2/types/indicatorTypes") && method.equals("GET")) {
            indicatorTypes(ex);
        } else if (readApi.handle(ex, method, path, query)) {
            return;
        } else {
            drain(ex);
            Wire.send(ex, 404, Wire.failure(Wire.NOT_FOUND));
        }
    }

    /** E1. The query ({@code owner}, {@code createActivityLog}) is ignored: the body's owner counts. */
    private void createJob(HttpExchange ex) throws IOException, SQLException {
        JobSpec spec = specOrReply(ex, ex.getRequestBody().readAllBytes());
        if (spec == null) {
            return;
        }
        long id = jobs.create(spec);
        ObjectNode data = Wire.JSON.createObjectNode();
        data.put("batchId", id);
        Wire.send(ex, 201, Wire.success(data));
    }

    /** The job configuration, or null after answering 400 (invalid) or 403 (unknown owner). */
    private JobSpec specOrReply(HttpExchange ex, byte[] config) throws IOException {
        JsonNode body;
        try {
            body = Wire.JSON.readTree(config);
        } catch (JsonProcessingException e) {
            Wire.send(ex, 400, Wire.failure("The batch job configuration is not valid JSON: " + e.getOriginalMessage()));
            return null;
        }
        JobSpec spec;
        try {
            spec = JobSpec.parse(body);
        } catch (JobSpec.Invalid e) {
            Wire.send(ex, 400, Wire.failure(e.getMessage()));
            return null;
        }
        if (!owners.contains(spec.owner())) {
            // 403 for an owner the user cannot reach (API doc §2.9, D-OV). The text is
            // undocumented; chosen: it keeps
            // ThreatConnect's "Access Denied" prefix and names the owner so the user sees the typo.
            Wire.send(ex, 403, Wire.failure("Access Denied: owner '" + spec.owner() + "' is not accessible"));
            return null;
        }
        return spec;
    }

    /**
     * E3, undocumented (API doc §2.3): multipart parts {@code config} and {@code content}, in
     * either order. Answers 201 (a job was created) with the Queued batchStatus envelope, always
     * with an {@code id}: the sandbox has no synchronous mode, and tcex reads a missing id as
     * "processed inline". Delete is accepted too, although tcex avoids it here because the real
     * server did not support it; refusing it would help no one.
     */
    private void createAndUpload(HttpExchange ex) throws IOException, SQLException {
        String boundary = Multipart.boundary(ex.getRequestHeaders().getFirst("Content-Type"));
        if (boundary == null) {
            drain(ex);
            Wire.send(ex, 415, Wire.failure("createAndUpload needs Content-Type: multipart/form-data with a boundary"));
            return;
        }
        Path tmp = Files.createTempFile(uploads, "create-", ".part");
        try {
            byte[][] config = {null};
            boolean[] content = {false};
            try {
                Multipart.read(ex.getRequestBody(), boundary, (name, part) -> {
                    if ("config".equals(name)) {
                        config[0] = part.readNBytes(1 << 20);
                    } else if ("content".equals(name)) {
                        Files.copy(part, tmp, StandardCopyOption.REPLACE_EXISTING);
                        content[0] = true;
                    }
                });
            } catch (Multipart.MalformedException e) {
                Wire.send(ex, 400, Wire.failure(e.getMessage()));
                return;
            }
            if (config[0] == null || !content[0]) {
                Wire.send(ex, 400, Wire.failure("createAndUpload needs the multipart parts 'config' and 'content'"));
                return;
            }
            JobSpec spec = specOrReply(ex, config[0]);
            if (spec == null) {
                return;
            }
            long id = jobs.create(spec);
            Files.move(tmp, JobProcessor.uploadFile(uploads, id), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
            jobs.transition(id, JobState.Created, JobState.Queued);
            Job queued = jobs.find(id).orElseThrow();
            processor.enqueue(id);
            Wire.send(ex, 201, Wire.batchStatusEnvelope(queued, false));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * E2. Undocumented cases, chosen here: a Content-Type other than {@code application/octet-stream} gets 415 (the SDKs say the
     * server requires it, API doc §5.27; 415 names the problem better than a bare 400). Uploading
     * to a job that is not Created (a second upload, or one while the first is still arriving)
     * gets 400 Invalid: the file is never replaced under a job already queued.
     */
    private void upload(HttpExchange ex, long id) throws IOException, SQLException {
        String contentType = ex.getRequestHeaders().getFirst("Content-Type");
        Optional<Job> found = jobs.find(id);
        if (found.isEmpty()) {
            drain(ex);
            Wire.send(ex, 404, Wire.failure(Wire.NOT_FOUND));
            return;
        }
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/octet-stream")) {
            drain(ex);
            Wire.send(ex, 415, Wire.failure("The batch file must be sent with Content-Type: application/octet-stream"));
            return;
        }
        if (found.get().state() != JobState.Created || !receiving.add(id)) {
            drain(ex);
            Wire.send(ex, 400, Wire.invalid("Batch job " + id + " already has a file (status "
                    + found.get().state() + "); create a new job to upload another file"));
            return;
        }
        try {
            Path target = JobProcessor.uploadFile(uploads, id);
            Path tmp = Files.createTempFile(uploads, id + "-", ".part");
            try {
                // 2017 docs show gzip uploads; no SDK sends them, but they cost nothing to accept.
                String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
                try (InputStream raw = ex.getRequestBody();
                     InputStream in = "gzip".equalsIgnoreCase(encoding) ? new GZIPInputStream(raw) : raw) {
                    Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            if (!jobs.transition(id, JobState.Created, JobState.Queued)) {
                Wire.send(ex, 400, Wire.invalid("Batch job " + id + " is no longer in the Created state"));
                return;
            }
        } finally {
            receiving.remove(id);
        }
        // Read back before handing over, so the reply shows Queued even if the worker is quick.
        Job queued = jobs.find(id).orElseThrow();
        processor.enqueue(id);
        Wire.send(ex, 202, Wire.batchStatusEnvelope(queued, false));
    }

    /** E4: the envelope in every state; per-kind counts only with includeAdditional=true. */
    private void status(HttpExchange ex, long id, String query) throws IOException, SQLException {
        Optional<Job> job = jobs.find(id);
        if (job.isEmpty()) {
            Wire.send(ex, 404, Wire.failure(Wire.NOT_FOUND));
            return;
        }
        boolean additional = "true".equalsIgnoreCase(param(query, "includeAdditional"));
        Wire.send(ex, 200, Wire.batchStatusEnvelope(job.get(), additional));
    }

    /**
     * E5. Undocumented; chosen: before completion the answer is the documented 400 "Batch still in Running state"
     * whatever the actual state (Created and Queued included), because that is the text
     * clients know to wait on.
     */
    private void errors(HttpExchange ex, long id) throws IOException, SQLException {
        if (!completed(ex, id)) {
            return;
        }
        List<JobRepository.ErrorEntry> entries = jobs.errors(id);
        if (entries.isEmpty()) {
            Wire.send(ex, 404, Wire.failure(Wire.NOT_FOUND));
            return;
        }
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(buf);
             JsonGenerator g = Wire.JSON.getFactory().createGenerator(gz)) {
            g.writeStartArray();
            for (JobRepository.ErrorEntry e : entries) {
                g.writeStartObject();
                g.writeStringField("errorReason", e.errorReason());
                g.writeStringField("errorSource", e.source());
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        Wire.send(ex, 200, "application/octet-stream", "gzip", buf.toByteArray());
    }

    /**
     * E5 and E6 answer the same before a job is done: 404 for an unknown job, the documented 400
     * while it is not Completed. Returns true when the job is Completed and the caller goes on.
     */
    private boolean completed(HttpExchange ex, long id) throws IOException, SQLException {
        Optional<Job> job = jobs.find(id);
        if (job.isEmpty()) {
            Wire.send(ex, 404, Wire.failure(Wire.NOT_FOUND));
            return false;
        }
        if (job.get().state() != JobState.Completed) {
            Wire.send(ex, 400, Wire.invalid("Batch still in Running state"));
            return false;
        }
        return true;
    }

    /**
     * E6: the error details as a JSON array, filtered by {@code code}, {@code contains} and
     * {@code severity} (API doc §2.6). All sandbox entries have severity Error. Undocumented;
     * chosen: an unknown severity filter matches nothing rather than failing. 404 when nothing matches, as for
     * a job without errors.
     */
    private void results(HttpExchange ex, long id, String query) throws IOException, SQLException {
        if (!completed(ex, id)) {
            return;
        }
        String code = param(query, "code");
        String contains = param(query, "contains");
        String severity = param(query, "severity");
        if (code != null && !code.startsWith("0x")) {
            Wire.send(ex, 400, Wire.invalid("code must start with 0x"));
            return;
        }
        boolean severityMatches = severity == null
                || Set.of("err", "error").contains(severity.toLowerCase(Locale.ROOT));
        ArrayNode out = Wire.JSON.createArrayNode();
        for (JobRepository.ErrorEntry e : jobs.errors(id)) {
            String message = e.reason() + " (source: " + e.source() + ")";
            if (!severityMatches || (code != null && !code.equalsIgnoreCase(e.code()))
                    || (contains != null && !e.errorReason().contains(contains) && !message.contains(contains))) {
                continue;
            }
            ObjectNode o = out.addObject();
            o.put("code", e.code());
            o.put("severity", "Error");
            o.put("errorReason", e.errorReason());
            o.put("errorMessage", message);
        }
        if (out.isEmpty()) {
            Wire.send(ex, 404, Wire.failure(Wire.NOT_FOUND));
            return;
        }
        Wire.send(ex, 200, out);
    }

    /** tcex builds its indicator classes from this before any batch call (API doc §2.8). */
    private void indicatorTypes(HttpExchange ex) throws IOException {
        ArrayNode types = Wire.JSON.createArrayNode();
        for (IndicatorType t : IndicatorType.values()) {
            ObjectNode o = types.addObject();
            o.put("name", t.apiName());
            o.put("custom", "false");
            o.put("parsable", "true");
            o.put("apiBranch", apiBranch(t));
            o.put("apiEntity", apiEntity(t));
            for (int i = 0; i < t.valueFields().size(); i++) {
                o.put("value" + (i + 1) + "Label", t.valueFields().get(i));
                o.put("value" + (i + 1) + "Type", "text");
            }
        }
        ObjectNode data = Wire.JSON.createObjectNode();
        data.put("resultCount", types.size());
        data.set("indicatorType", types);
        Wire.send(ex, 200, Wire.success(data));
    }

    private static String apiEntity(IndicatorType t) {
        return switch (t) {
            case ADDRESS -> "address";
            case EMAIL_ADDRESS -> "emailAddress";
            case FILE -> "file";
            case HOST -> "host";
            case URL -> "url";
            case ASN -> "asn";
            case CIDR -> "cidrBlock";
            case EMAIL_SUBJECT -> "emailSubject";
            case HASHTAG -> "hashtag";
            case MUTEX -> "mutex";
            case REGISTRY_KEY -> "registryKey";
            case USER_AGENT -> "userAgent";
        };
    }

    private static String apiBranch(IndicatorType t) {
        return switch (t) {
            case ADDRESS -> "addresses";
            case EMAIL_ADDRESS -> "emailAddresses";
            case FILE -> "files";
            case HOST -> "hosts";
            case URL -> "urls";
            case ASN -> "asns";
            case CIDR -> "cidrBlocks";
            case EMAIL_SUBJECT -> "emailSubjects";
            case HASHTAG -> "hashtags";
            case MUTEX -> "mutexes";
            case REGISTRY_KEY -> "registryKeys";
            case USER_AGENT -> "userAgents";
        };
    }

    /** The first value of a query parameter, decoded ({@code +} and {@code %20} both mean space). */
    static String param(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String key = decode(eq < 0 ? pair : pair.substring(0, eq));
            if (key.equals(name)) {
                return eq < 0 ? "" : decode(pair.substring(eq + 1));
            }
        }
        return null;
    }

    /** A malformed escape is taken literally rather than failing the request. */
    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** Reads what the client sent, so that keep-alive connections stay usable after an early reply. */
    private static void drain(HttpExchange ex) {
        try (InputStream in = ex.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // The reply is what matters; a broken request body changes nothing.
        }
    }
}
