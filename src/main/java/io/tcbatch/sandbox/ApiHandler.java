package io.tcbatch.sandbox;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
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
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipException;

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
 * path gets 401 before 404, as a real server does not reveal its routes to strangers), after
 * any armed request fault has had its turn (see {@link Faults}); admin routes go to
 * {@link AdminApi}. A body the client breaks off is a 400, any other exception a 500 envelope,
 * and the exchange is always closed, so a client never hangs.
 */
final class ApiHandler implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(ApiHandler.class.getName());

    private static final Pattern JOB = Pattern.compile("/api/v2/batch/(\\d{1,18})");
    private static final Pattern JOB_ERRORS = Pattern.compile("/api/v2/batch/(\\d{1,18})/errors");
    private static final Pattern JOB_RESULTS = Pattern.compile("/api/v2/batch/(\\d{1,18})/results");

    /**
     * The largest job configuration (E1 body, E3 {@code config} part). Undocumented; chosen: 1 MiB,
     * answered 413 with the failure envelope: a real configuration is a few hundred bytes, and
     * 413 (not the file limit's 400 Invalid) tells a client that chunking the file would not help.
     */
    static final int MAX_CONFIG_BYTES = 1 << 20;

    /**
     * How much of a body the sandbox reads and throws away before answering early (an upload
     * over the limit, a fault, a refused request), so that the client, still sending, reads the
     * answer instead of a reset. Beyond it the answer says {@code Connection: close} and the
     * server closes the connection, which is what bounds the work a client can cause.
     */
    static final long DRAIN_BYTES = 16L << 20;

    /** Multipart headers and boundaries of an E3 body, beyond its config and content. */
    private static final long MULTIPART_OVERHEAD = 64 * 1024;

    private static final DateTimeFormatter HTTP_DATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final HmacAuth auth;
    /** The check as given, on the unshifted clock: admin requests are never faulted, clock-offset included. */
    private final HmacAuth adminAuth;
    private final JobRepository jobs;
    private final JobProcessor processor;
    private final Set<String> owners;
    private final Path uploads;
    private final ReadApi readApi;
    private final Faults faults;
    private final AdminApi admin;
    private final long maxUploadBytes;
    private final Clock clock;
    /** Uploads of at most this many items are processed inline (see {@link #queueOrProcess}); 0: never. */
    private final int synchronousBatchSaveLimit;
    /** Jobs whose upload is being received; a second upload meanwhile is refused. */
    private final Set<Long> receiving = ConcurrentHashMap.newKeySet();
    /** What clients asked, for measuring (the polling benchmark); see {@link Sandbox#requests()}. */
    private final RequestCounter requests = new RequestCounter();

    ApiHandler(HmacAuth auth, JobRepository jobs, JobProcessor processor, List<SandboxConfig.Owner> owners,
               Path uploads, ReadApi readApi, Faults faults, AdminApi admin, long maxUploadBytes, Clock clock) {
        this(auth, jobs, processor, owners, uploads, readApi, faults, admin, maxUploadBytes, clock, 0);
    }

    ApiHandler(HmacAuth auth, JobRepository jobs, JobProcessor processor, List<SandboxConfig.Owner> owners,
               Path uploads, ReadApi readApi, Faults faults, AdminApi admin, long maxUploadBytes, Clock clock,
               int synchronousBatchSaveLimit) {
        this.synchronousBatchSaveLimit = synchronousBatchSaveLimit;
        this.readApi = readApi;
        // Batch and read requests are checked on the clock the clock-offset fault shifts.
        this.auth = auth.withClock(faults.authClock(clock));
        this.adminAuth = auth;
        this.jobs = jobs;
        this.processor = processor;
        this.owners = Set.copyOf(owners.stream().map(SandboxConfig.Owner::name).toList());
        this.uploads = uploads;
        this.faults = faults;
        this.admin = admin;
        this.maxUploadBytes = maxUploadBytes;
        this.clock = clock;
    }

    RequestCounter requests() {
        return requests;
    }

    @Override
    public void handle(HttpExchange ex) {
        try (ex) {
            try {
                ex.setStreams(new BodyStream(ex.getRequestBody()), null);
                route(ex);
            } catch (BodyStream.Unreadable e) {
                // The client's fault, not the server's: a body cut short (the connection ended
                // before Content-Length bytes) or chunked encoding the server cannot follow.
                ex.getResponseHeaders().set("Connection", "close");
                Wire.send(ex, 400, Wire.failure("The request body is incomplete or its chunked encoding is invalid"));
            } catch (Exception | Error e) {
                LOG.log(Level.ERROR, "sandbox request " + ex.getRequestMethod() + " "
                        + ex.getRequestURI().getRawPath() + " failed", e);
                Wire.send(ex, 500, Wire.failure("Internal error: " + e.getClass().getSimpleName()));
            }
        } catch (IOException | RuntimeException e) {
            // Headers were already sent or the client went away: nothing more can be said.
            LOG.log(Level.DEBUG, "could not answer a sandbox request", e);
        } finally {
            Wire.DELAY.remove();
            Wire.DROP_ANSWER.remove();
        }
    }

    private void route(HttpExchange ex) throws IOException, SQLException {
        String method = ex.getRequestMethod();
        String path = ex.getRequestURI().getRawPath();
        String query = ex.getRequestURI().getRawQuery();
        if (path == null || !path.startsWith("/api/")) {
            drain(ex);
            Wire.send(ex, 404, Wire.failure(Wire.NOT_FOUND));
            return;
        }
        boolean adminRoute = path.startsWith(AdminApi.PREFIX);
        // Request faults act like a proxy or gateway in front of ThreatConnect: before the
        // credentials are looked at. Admin requests are never faulted, so a test can always
        // see and clear what it armed.
        if (!adminRoute) {
            Matcher status = JOB.matcher(path);
            requests.request(targets(method, path),
                    method.equals("GET") && status.matches() ? Long.parseLong(status.group(1)) : -1);
        }
        if (!adminRoute && applyRequestFault(ex, method, path)) {
            return;
        }
        String denied = (adminRoute ? adminAuth : auth).check(ex.getRequestHeaders().getFirst("Authorization"),
                ex.getRequestHeaders().getFirst("Timestamp"), method, path, query);
        if (denied != null) {
            drain(ex);
            Wire.send(ex, 401, Wire.failure(denied));
            return;
        }
        if (adminRoute) {
            admin.handle(ex, method, path);
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

    /**
     * Applies the first armed request fault that hits this request. Returns true when the
     * request has been answered (or dropped) by it; a {@code slow} fault only waits and lets
     * the request go on.
     */
    private boolean applyRequestFault(HttpExchange ex, String method, String path) throws IOException {
        FaultSpec f = faults.takeRequestFault(targets(method, path));
        if (f == null) {
            return false;
        }
        switch (f.kind()) {
            case SLOW -> {
                // The wait is taken when the answer is sent (Wire.send), after the request has
                // been read: the server's request-time limit (Sandbox) counts until then.
                Wire.DELAY.set(f.duration());
                return false;
            }
            case DROP -> {
                if (f.after()) {
                    // Processed as usual; Wire.send then loses the answer the same way.
                    Wire.DROP_ANSWER.set(Boolean.TRUE);
                    return false;
                }
                // Read the whole request, then close without a status line: the exchange is
                // closed by handle() before any header was sent, so the JDK server closes the
                // socket, and the client sees the connection end (EOF) with no answer.
                drain(ex);
                return true;
            }
            case RATE_LIMIT -> {
                drain(ex);
                String retryAfter = f.httpDate()
                        ? HTTP_DATE.format(clock.instant().plusSeconds(f.retryAfter()))
                        : Long.toString(f.retryAfter());
                ex.getResponseHeaders().set("Retry-After", retryAfter);
                Wire.send(ex, 429, Wire.failure("Too many requests; retry after " + f.retryAfter() + " seconds"));
                return true;
            }
            case ERROR -> {
                drain(ex);
                String reason = reasonPhrase(f.status());
                if (f.html()) {
                    Wire.send(ex, f.status(), "text/html", null, Wire.utf8(proxyPage(f.status(), reason)));
                } else {
                    Wire.send(ex, f.status(), Wire.failure(reason));
                }
                return true;
            }
            default -> throw new IllegalStateException("not a request fault: " + f);
        }
    }

    /** What the {@code on=} of a request fault is matched against; E3 is both a create and an upload. */
    static FaultSpec.Target[] targets(String method, String path) {
        if (method.equals("POST") && path.equals("/api/v2/batch")) {
            return new FaultSpec.Target[] {FaultSpec.Target.CREATE};
        }
        if (method.equals("POST") && path.equals("/api/v2/batch/createAndUpload")) {
            return new FaultSpec.Target[] {FaultSpec.Target.CREATE, FaultSpec.Target.UPLOAD};
        }
        if (method.equals("POST") && JOB.matcher(path).matches()) {
            return new FaultSpec.Target[] {FaultSpec.Target.UPLOAD};
        }
        if (method.equals("GET") && JOB.matcher(path).matches()) {
            return new FaultSpec.Target[] {FaultSpec.Target.STATUS};
        }
        if (method.equals("GET") && JOB_ERRORS.matcher(path).matches()) {
            return new FaultSpec.Target[] {FaultSpec.Target.ERRORS};
        }
        if (method.equals("GET") && JOB_RESULTS.matcher(path).matches()) {
            return new FaultSpec.Target[] {FaultSpec.Target.RESULTS};
        }
        // HEAD too: the read API answers it like GET, so a read fault must meet it as well.
        if (method.equals("GET") || method.equals("HEAD")) {
            return new FaultSpec.Target[] {FaultSpec.Target.READ};
        }
        return new FaultSpec.Target[0];
    }

    static String reasonPhrase(int status) {
        return switch (status) {
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Temporarily Unavailable";
            default -> "Error";
        };
    }

    /** The page a reverse proxy (nginx here) sends when the application behind it fails. */
    static String proxyPage(int status, String reason) {
        return "<html>\r\n<head><title>" + status + " " + reason + "</title></head>\r\n<body>\r\n"
                + "<center><h1>" + status + " " + reason + "</h1></center>\r\n<hr><center>nginx</center>\r\n"
                + "</body>\r\n</html>\r\n";
    }

    /** E1. The query ({@code owner}, {@code createActivityLog}) is ignored: the body's owner counts. */
    private void createJob(HttpExchange ex) throws IOException, SQLException {
        byte[] config = ex.getRequestBody().readNBytes(MAX_CONFIG_BYTES + 1);
        if (config.length > MAX_CONFIG_BYTES) {
            configTooLarge(ex);
            return;
        }
        JobSpec spec = specOrReply(ex, config);
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
     * either order, with or without {@code filename}, any part content type. Answers 201 (a job
     * was created) with the Queued batchStatus envelope, always with an {@code id} (tcex reads a
     * missing id as "processed inline"); a small job in the synchronous mode is answered
     * Completed, id kept (see {@link #queueOrProcess}). Delete is
     * accepted too, although tcex avoids it here because the real server did not support it;
     * refusing it would help no one. The {@code content} part is held to the upload limit like
     * E2, the {@code config} part to {@link #MAX_CONFIG_BYTES}, and the whole body to both plus
     * room for the multipart framing, so parts of other names cannot make it endless.
     */
    private void createAndUpload(HttpExchange ex) throws IOException, SQLException {
        String boundary = Multipart.boundary(ex.getRequestHeaders().getFirst("Content-Type"));
        if (boundary == null) {
            drain(ex);
            Wire.send(ex, 415, Wire.failure("createAndUpload needs Content-Type: multipart/form-data with a boundary"));
            return;
        }
        long bodyLimit = maxUploadBytes + MAX_CONFIG_BYTES + MULTIPART_OVERHEAD;
        if (declaredLength(ex) > bodyLimit) {
            fileTooLarge(ex);
            return;
        }
        Path tmp = Files.createTempFile(uploads, "create-", ".part");
        try {
            byte[][] config = {null};
            boolean[] content = {false};
            UploadLedger.Counting[] counted = {null};
            boolean[] configTooLarge = {false};
            try {
                Multipart.read(new Limited(ex.getRequestBody(), bodyLimit), boundary, (name, part) -> {
                    if ("config".equals(name)) {
                        config[0] = part.readNBytes(MAX_CONFIG_BYTES + 1);
                        configTooLarge[0] = config[0].length > MAX_CONFIG_BYTES;
                    } else if ("content".equals(name)) {
                        counted[0] = new UploadLedger.Counting(new Limited(part, maxUploadBytes));
                        Files.copy(counted[0], tmp, StandardCopyOption.REPLACE_EXISTING);
                        content[0] = true;
                    }
                });
            } catch (Limited.TooLarge e) {
                fileTooLarge(ex);
                return;
            } catch (Multipart.MalformedException e) {
                drain(ex);
                Wire.send(ex, 400, Wire.failure(e.getMessage()));
                return;
            }
            if (configTooLarge[0]) {
                configTooLarge(ex);
                return;
            }
            if (config[0] == null || !content[0]) {
                drain(ex);
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
            jobs.recordUpload(id, counted[0].sha256(), counted[0].bytes());
            Wire.send(ex, 201, queueOrProcess(id));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * E2. Undocumented cases, chosen here: a Content-Type other than {@code application/octet-stream}
     * gets 415 (the SDKs say the server requires it, API doc §5.27; 415 names the problem better
     * than a bare 400), and so does a Content-Encoding other than gzip (the 2017 docs show gzip
     * uploads). Uploading to a job that is not Created (a second upload, or one while the first
     * is still arriving) gets 400 Invalid: the file is never replaced under a job already queued.
     *
     * <p>The byte limit counts the file as stored (after gunzip), while it streams, since chunked
     * uploads declare no length; a declared Content-Length over it is refused before reading.
     * Either way the documented 400 is the answer, nothing is stored and the job stays Created,
     * so a smaller file can still be sent to it.
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
        String encoding = ex.getRequestHeaders().getFirst("Content-Encoding");
        boolean gzip = encoding != null && encoding.trim().equalsIgnoreCase("gzip");
        if (encoding != null && !gzip && !encoding.trim().equalsIgnoreCase("identity")) {
            drain(ex);
            Wire.send(ex, 415, Wire.failure("Content-Encoding '" + shorten(encoding)
                    + "' is not supported; send the file as is or with Content-Encoding: gzip"));
            return;
        }
        if (found.get().state() != JobState.Created || !receiving.add(id)) {
            drain(ex);
            Wire.send(ex, 400, Wire.invalid("Batch job " + id + " already has a file (status "
                    + found.get().state() + "); create a new job to upload another file"));
            return;
        }
        // A refusal below is answered only after its temporary file is gone and the job is let
        // go of: a client that has read the answer may look at once, or send the next upload on
        // another connection, and must find neither the refused file nor the job still
        // "receiving" it.
        ObjectNode refusal = null;
        try {
            if (declaredLength(ex) > maxUploadBytes) {
                drainOrClose(ex);
                refusal = tooLarge();
            } else {
                refusal = receive(ex, id, gzip);
            }
        } finally {
            receiving.remove(id);
        }
        if (refusal != null) {
            Wire.send(ex, 400, refusal);
            return;
        }
        ObjectNode answer = queueOrProcess(id);
        // 200 when the job is already done (synchronous mode): 202 Accepted would promise work
        // still to come.
        boolean done = "Completed".equals(answer.path("data").path("batchStatus").path("status").asText());
        Wire.send(ex, done ? 200 : 202, answer);
    }

    /**
     * Stores the body of an upload as the job's file and moves the job to Queued; the answer of a
     * refusal (over the limit, bad gzip, the job no longer Created) is returned, not sent, so that
     * the caller sends it after letting go of the job. Nothing is left behind when refused.
     */
    private ObjectNode receive(HttpExchange ex, long id, boolean gzip) throws IOException, SQLException {
        Path target = JobProcessor.uploadFile(uploads, id);
        Path tmp = Files.createTempFile(uploads, id + "-", ".part");
        UploadLedger.Counting counted;
        try {
            // The raw body is held to the limit as well, so that a gzip stream that never
            // ends (or a huge one that inflates to little) is cut off too.
            // Not closed before an early answer: closing the exchange's stream would make
            // the server give up on the connection instead of draining it.
            InputStream raw = new Limited(ex.getRequestBody(), maxUploadBytes);
            GZIPInputStream gz = null;
            try {
                InputStream in = raw;
                if (gzip) {
                    in = gz = new GZIPInputStream(raw);
                }
                counted = new UploadLedger.Counting(new Limited(in, maxUploadBytes));
                Files.copy(counted, tmp, StandardCopyOption.REPLACE_EXISTING);
            } catch (Limited.TooLarge e) {
                drainOrClose(ex);
                return tooLarge();
            } catch (ZipException | EOFException e) {
                if (!gzip) {
                    throw e;
                }
                drain(ex);
                return Wire.invalid("The file was sent with Content-Encoding: gzip but is not valid gzip");
            } finally {
                if (gz != null) {
                    gz.close();
                }
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        if (!jobs.transition(id, JobState.Created, JobState.Queued)) {
            return Wire.invalid("Batch job " + id + " is no longer in the Created state");
        }
        jobs.recordUpload(id, counted.sha256(), counted.bytes());
        return null;
    }

    /**
     * The answer to an upload (E2, E3) of a job just moved to Queued. The synchronous mode (API
     * doc §2.3, §5 item 20): a file of at most {@code synchronousBatchSaveLimit} items is
     * processed here, before the answer, and the answer is its final batchStatus envelope —
     * undocumented; chosen: the same envelope as E4 with {@code includeAdditional=true}:
     * {@code status} Completed, the counts and the per-kind counts, and the {@code id} kept (not left out as tcex's "no id" reading would have it), so E4, E5
     * and E6 answer for the job as for any other and its errors file is ready at once; a client
     * that polls anyway learns nothing new. The state shown passes the job faults
     * ({@code hold-running} may show it Running, exactly as E4 would). Larger jobs, or any job
     * with the mode off, are queued for the workers and answered Queued.
     */
    private ObjectNode queueOrProcess(long id) throws SQLException {
        if (processor.processInline(id, synchronousBatchSaveLimit)) {
            Job done = jobs.find(id).orElseThrow();
            // With the per-kind counts (as E4 with includeAdditional=true): the client asks no more of a
            // job answered done, so its summary would lack them otherwise.
            return Wire.batchStatusEnvelope(done, faults.reportedState(id, done.state(), done.errorCount()), true);
        }
        // Read back before handing over, so the reply shows Queued even if the worker is quick.
        Job queued = jobs.find(id).orElseThrow();
        processor.enqueue(id);
        return Wire.batchStatusEnvelope(queued, false);
    }

    /** The documented answer to a file over the limit (API doc §2.2), with the configured number. */
    private void fileTooLarge(HttpExchange ex) throws IOException {
        drainOrClose(ex);
        Wire.send(ex, 400, tooLarge());
    }

    /** {@link #fileTooLarge}'s answer. */
    private ObjectNode tooLarge() {
        return Wire.invalid("File size greater than allowable limit of " + maxUploadBytes);
    }

    private void configTooLarge(HttpExchange ex) throws IOException {
        drainOrClose(ex);
        Wire.send(ex, 413, Wire.failure("The batch job configuration is larger than the limit of "
                + MAX_CONFIG_BYTES + " bytes"));
    }

    /** The declared Content-Length, or -1 when there is none (chunked) or it is not a number. */
    private static long declaredLength(HttpExchange ex) {
        String v = ex.getRequestHeaders().getFirst("Content-Length");
        if (v == null) {
            return -1;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * E4: the envelope in every state; per-kind counts only with includeAdditional=true. The
     * {@code hold-running} and {@code flat-status} faults change the answer here.
     */
    private void status(HttpExchange ex, long id, String query) throws IOException, SQLException {
        Optional<Job> job = jobs.find(id);
        if (job.isEmpty()) {
            Wire.send(ex, 404, Wire.failure(Wire.NOT_FOUND));
            return;
        }
        boolean additional = "true".equalsIgnoreCase(param(query, "includeAdditional"));
        JobState shown = faults.reportedState(id, job.get().state(), job.get().errorCount());
        requests.answered(id, job.get().createdAt(), shown, clock.instant());
        if (faults.takeFlatStatus()) {
            Wire.send(ex, 200, Wire.batchStatus(job.get(), shown, additional));
            return;
        }
        Wire.send(ex, 200, Wire.batchStatusEnvelope(job.get(), shown, additional));
    }

    /**
     * E5: the gzipped JSON array of {@code errorReason} and {@code errorSource} (API doc §2.5,
     * §5.22), as {@code application/octet-stream} with {@code Content-Encoding: gzip}.
     * Undocumented; chosen: no {@code errorMessage} here (it is in E6), because the Java SDK reads
     * this file with a mapper that fails on keys it does not know. Before completion the answer
     * is the documented 400 "Batch still in Running state" whatever the actual state (Created and
     * Queued included), because that is the text clients know to wait on.
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
     * while it is not Completed (or held Running by a fault), 404 while an {@code errors-lag}
     * fault lags its errors. Returns true when the job is Completed and the caller goes on.
     */
    private boolean completed(HttpExchange ex, long id) throws IOException, SQLException {
        Optional<Job> job = jobs.find(id);
        if (job.isEmpty()) {
            Wire.send(ex, 404, Wire.failure(Wire.NOT_FOUND));
            return false;
        }
        if (faults.reportedState(id, job.get().state(), job.get().errorCount()) != JobState.Completed) {
            Wire.send(ex, 400, Wire.invalid("Batch still in Running state"));
            return false;
        }
        if (faults.errorsLagging(id)) {
            Wire.send(ex, 404, Wire.failure(Wire.NOT_FOUND));
            return false;
        }
        return true;
    }

    /**
     * E6: the error details as a JSON array, filtered by {@code code}, {@code contains} and
     * {@code severity} (API doc §2.6). {@code severity} takes {@code err}/{@code error},
     * {@code warn}/{@code warning} and {@code info}, any case, matched against the entry's
     * Error, Warning or Info. Undocumented; chosen: an unknown severity filter matches nothing
     * rather than failing; {@code code} compares case-insensitively; {@code contains} is
     * case-sensitive, as a substring search of the text. 404 when nothing matches, as for a job
     * without errors.
     */
    private void results(HttpExchange ex, long id, String query) throws IOException, SQLException {
        if (!completed(ex, id)) {
            return;
        }
        String code = param(query, "code");
        String contains = param(query, "contains");
        String severity = param(query, "severity");
        // 0X1009 is the same code as 0x1009 (matched without case below).
        if (code != null && !code.toLowerCase(Locale.ROOT).startsWith("0x")) {
            Wire.send(ex, 400, Wire.invalid("code must start with 0x"));
            return;
        }
        String wanted = severity == null ? null : switch (severity.toLowerCase(Locale.ROOT)) {
            case "err", "error" -> "Error";
            case "warn", "warning" -> "Warning";
            case "info" -> "Info";
            default -> "";
        };
        ArrayNode out = Wire.JSON.createArrayNode();
        for (JobRepository.ErrorEntry e : jobs.errors(id)) {
            String message = e.reason() + " (source: " + e.source() + ")";
            if ((wanted != null && !wanted.equalsIgnoreCase(e.severity()))
                    || (code != null && !code.equalsIgnoreCase(e.code()))
                    || (contains != null && !e.errorReason().contains(contains) && !message.contains(contains))) {
                continue;
            }
            ObjectNode o = out.addObject();
            o.put("code", e.code());
            o.put("severity", e.severity());
            o.put("errorReason", e.errorReason());
            o.put("errorMessage", message);
        }
        if (out.isEmpty()) {
            Wire.send(ex, 404, Wire.failure(Wire.NOT_FOUND));
            return;
        }
        Wire.send(ex, 200, out);
    }

    /**
     * tcex builds its indicator classes from this before any batch call (API doc §2.8). Names,
     * branches, entities and the custom flag come from {@link ReadTypes}, the table the read
     * API routes by, so a branch advertised here is always one the read API answers.
     */
    private void indicatorTypes(HttpExchange ex) throws IOException {
        ArrayNode types = Wire.JSON.createArrayNode();
        for (ReadTypes.IndicatorKind k : ReadTypes.INDICATORS) {
            IndicatorType t = k.type();
            ObjectNode o = types.addObject();
            o.put("name", t.apiName());
            // v2 gives the flags as strings ("true"/"false"), as D-TYPES shows.
            o.put("custom", Boolean.toString(k.custom()));
            o.put("parsable", "true");
            o.put("apiBranch", k.branch());
            o.put("apiEntity", k.entity());
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

    /**
     * Reads what the client sent (up to {@link #DRAIN_BYTES}), so that keep-alive connections
     * stay usable after an early reply; true when the body was read to its end.
     */
    private static boolean drain(HttpExchange ex) {
        try (InputStream in = ex.getRequestBody()) {
            byte[] buf = new byte[8192];
            long total = 0;
            int n;
            while ((n = in.read(buf)) != -1) {
                total += n;
                if (total > DRAIN_BYTES) {
                    return false;
                }
            }
            return true;
        } catch (IOException ignored) {
            // The reply is what matters; a broken request body changes nothing.
            return false;
        }
    }

    /** Drains the rest of the body, or, when that is too much, makes the answer close the connection. */
    private static void drainOrClose(HttpExchange ex) {
        if (declaredLength(ex) > DRAIN_BYTES || !drain(ex)) {
            ex.getResponseHeaders().set("Connection", "close");
        }
    }

    private static String shorten(String s) {
        String oneLine = s.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() > 40 ? oneLine.substring(0, 40) + "…" : oneLine;
    }

    /** The request body as received; a failure to read it is told apart from the server's own failures. */
    static final class BodyStream extends FilterInputStream {
        static final class Unreadable extends IOException {
            Unreadable(IOException cause) {
                super("the request body could not be read", cause);
            }
        }

        BodyStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (Unreadable e) {
                throw e;
            } catch (IOException e) {
                throw new Unreadable(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (Unreadable e) {
                throw e;
            } catch (IOException e) {
                throw new Unreadable(e);
            }
        }
    }

    /** Reads at most {@code limit} bytes; one more fails with {@link TooLarge}. */
    static final class Limited extends FilterInputStream {
        /** More than the limit was sent. */
        static final class TooLarge extends IOException {
            TooLarge() {
                super("more than the limit");
            }
        }

        private final long limit;
        private long count;

        Limited(InputStream in, long limit) {
            super(in);
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b != -1 && ++count > limit) {
                throw new TooLarge();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0 && (count += n) > limit) {
                throw new TooLarge();
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(n);
            if ((count += skipped) > limit) {
                throw new TooLarge();
            }
            return skipped;
        }
    }
}
