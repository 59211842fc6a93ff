package io.tcbatch.api;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

import javax.net.ssl.SSLException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import okhttp3.Call;
import okhttp3.EventListener;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/**
 * The OkHttp-based client of the Batch API.
 *
 * <p>Retries follow one rule: a request is sent again only when doing so cannot create a second
 * job or import the same data twice. GETs are retried on 429, 5xx, timeouts and broken connections;
 * the creating POSTs (E1, E3) only on 429/503 and on failures before the request left this process;
 * an upload (E2) whose answer was lost is settled by asking the job's status. Every attempt passes
 * through {@link AuthInterceptor} again and is therefore signed with a fresh timestamp.
 */
public final class ThreatConnectClient implements BatchApi, AutoCloseable {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Generous: the server may read a whole upload before it answers. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration WRITE_TIMEOUT = Duration.ofSeconds(60);

    /**
     * {@code tcbatch/<version>}. The version is read from this package's jar manifest rather than
     * from the CLI, which {@code api} must not depend on; both come from the same jar, so they agree.
     * "dev" when run from classes without a manifest (tests, the IDE).
     */
    static final String USER_AGENT = "tcbatch/" + version();

    private static final int MAX_SERVER_MESSAGE = 300;
    private static final int MAX_RAW_BODY = 500;

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");

    private final HttpUrl base;
    private final Credentials credentials;
    private final Clock clock;
    private final OkHttpClient http;
    private final Sleeper sleeper;
    private final RetryPolicy retry;
    private final DoubleSupplier random;
    private final boolean ownsHttpClient;
    /** The status E3 was refused with (404/405), or 0 while it is believed to be served. */
    private volatile int createAndUploadRefused;

    /**
     * @param apiBase     base URL including {@code /api}, e.g. {@code http://127.0.0.1:8443/api}
     * @param credentials how to authenticate
     * @param clock       source of the HMAC timestamp (injectable for tests)
     */
    public ThreatConnectClient(URI apiBase, Credentials credentials, Clock clock) {
        this(apiBase, credentials, clock, defaultHttpClient(), Sleeper.SYSTEM, RetryPolicy.DEFAULT,
                () -> ThreadLocalRandom.current().nextDouble(), true);
    }

    /**
     * For callers that tune OkHttp themselves (see {@link Transport}). The given client is not
     * shut down by {@link #close()}: it belongs to the caller. Default retry policy, random jitter.
     *
     * @param httpClient base client; authentication is added on top of it
     * @param sleeper    waits between retries
     */
    public ThreatConnectClient(URI apiBase, Credentials credentials, Clock clock, OkHttpClient httpClient,
                               Sleeper sleeper) {
        this(apiBase, credentials, clock, httpClient, sleeper, RetryPolicy.DEFAULT,
                () -> ThreadLocalRandom.current().nextDouble(), false);
    }

    /**
     * Fully injectable: retry limits, and the source of jitter (values in [0, 1)) so tests are
     * deterministic.
     */
    public ThreatConnectClient(URI apiBase, Credentials credentials, Clock clock, OkHttpClient httpClient,
                               Sleeper sleeper, RetryPolicy retryPolicy, DoubleSupplier random) {
        this(apiBase, credentials, clock, httpClient, sleeper, retryPolicy, random, false);
    }

    private ThreatConnectClient(URI apiBase, Credentials credentials, Clock clock, OkHttpClient httpClient,
                                Sleeper sleeper, RetryPolicy retryPolicy, DoubleSupplier random,
                                boolean ownsHttpClient) {
        Objects.requireNonNull(apiBase, "apiBase");
        this.base = HttpUrl.get(apiBase.toString());
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.retry = Objects.requireNonNull(retryPolicy, "retryPolicy");
        this.random = Objects.requireNonNull(random, "random");
        this.ownsHttpClient = ownsHttpClient;
        this.http = httpClient.newBuilder()
                // Lets an instance's operators tell this tool's traffic (and its version) apart from
                // OkHttp's default "okhttp/x.y", e.g. when they read their access log about a failed job.
                .addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                        .header("User-Agent", USER_AGENT).build()))
                .addInterceptor(new AuthInterceptor(credentials, clock))
                // Tells the retry logic whether a failed request had left this process: only one
                // that never did may be re-sent when it creates something.
                .eventListenerFactory(call -> new SendTracker(call.request().tag(SendState.class)))
                // The API never redirects; following one would send the credentials to wherever it
                // points and sign a path the server did not ask for. A 3xx is reported instead.
                .followRedirects(false)
                .followSslRedirects(false)
                .build();
    }

    private static String version() {
        String v = ThreatConnectClient.class.getPackage().getImplementationVersion();
        return v == null || v.isBlank() ? "dev" : v;
    }

    /** The client used by the 3-argument constructor: the shared transport's defaults, no proxy from the environment. */
    public static OkHttpClient defaultHttpClient() {
        return Transport.create(HttpOptions.defaults(java.util.Map.of()), null).client();
    }

    // ---------------------------------------------------------------- endpoints

    @Override
    public long createJob(JobConfig config) throws IOException {
        Request request = new Request.Builder()
                .url(url("v2", "batch"))
                .post(oneShot(RequestBody.create(WireFormat.json(configJson(config)), JSON)))
                .build();
        return execute(request, Kind.CREATE, new Attempts(), (response, body) -> {
            requireSuccess(request, response, body);
            Long id = WireFormat.batchId(WireFormat.tryParse(body));
            if (id == null) {
                throw unexpected(request, response, body, "no batchId in the answer");
            }
            return id;
        });
    }

    @Override
    public BatchStatus upload(long batchId, Path file) throws IOException {
        requireFile(file);
        Attempts tries = new Attempts();
        while (true) {
            Request request = new Request.Builder()
                    .url(url("v2", "batch", Long.toString(batchId)))
                    // Streamed from disk: upload files can be tens of megabytes.
                    .post(oneShot(CrashPoints.armed("during-upload") ? crashingMidway(file)
                            : RequestBody.create(file.toFile(), OCTET_STREAM)))
                    .build();
            LostUpload lost;
            try {
                return execute(request, Kind.UPLOAD, tries, (response, body) -> {
                    requireSuccess(request, response, body);
                    // A 2xx without a readable status (null here) still means the data was taken;
                    // the job's state is then asked rather than invented.
                    return readStatus(response, body, batchId);
                }, () -> status(batchId));
            } catch (LostUpload e) {
                lost = e;
            }
            // The answer was lost after the data was sent (5xx, timeout, dropped connection). The
            // job's state tells whether the upload landed: past Created means the server has the
            // data, and sending it again would be refused or import the items twice. Only a job
            // still Created is uploaded again, and that attempt counts against the call's budget.
            BatchStatus st;
            try {
                st = status(batchId);
            } catch (ApiException e) {
                throw new AmbiguousSubmitException(describe(request) + ": " + lost.what
                        + "; the upload may or may not have reached job " + batchId + " (its status could not be read: "
                        + e.getMessage() + "); nothing was sent again", safeCause(lost.getCause() != null ? lost.getCause() : e));
            }
            switch (st.state()) {
                case QUEUED, RUNNING, COMPLETED -> {
                    return st;
                }
                case CREATED -> pauseBeforeRetry(request, tries, null, () -> lost.failure);
                default -> throw new AmbiguousSubmitException(describe(request) + ": " + lost.what
                        + "; job " + batchId + " then reported the undocumented status '" + st.rawStatus()
                        + "', so whether the upload landed is unknown; nothing was sent again",
                        lost.getCause() == null ? null : safeCause(lost.getCause()));
            }
        }
    }

    @Override
    public BatchStatus createAndUpload(JobConfig config, Path file) throws IOException {
        int refused = createAndUploadRefused;
        if (refused != 0) {
            throw unsupportedE3(refused);
        }
        byte[] configBytes = WireFormat.json(configJson(config));
        requireFile(file);
        // Each part carries a filename, as tcex sends them: instances are known to accept that form.
        MultipartBody multipart = new MultipartBody.Builder()
                .setType(MultipartBody.FORM)
                .addFormDataPart("config", "config", RequestBody.create(configBytes, JSON))
                // A file body streams from disk while the request is written.
                .addFormDataPart("content", "content", RequestBody.create(file.toFile(), JSON))
                .build();
        HttpUrl url = url("v2", "batch", "createAndUpload").newBuilder()
                .addQueryParameter("includeAdditional", "true")
                .build();
        Request request = new Request.Builder().url(url).post(oneShot(multipart)).build();
        return execute(request, Kind.CREATE, new Attempts(), (response, body) -> {
            if (response.code() == 404 || response.code() == 405) {
                // Remembered for the process: the instance will not start serving it mid-run, and
                // asking again for every chunk would only add a failing round trip.
                createAndUploadRefused = response.code();
                throw unsupportedE3(response.code());
            }
            requireSuccess(request, response, body);
            // No id means the instance processed the job inline (synchronous mode, §2.3): the
            // status is final and there is nothing to poll.
            BatchStatus st = readStatus(response, body, null);
            if (st == null) {
                Long id = WireFormat.acceptedBatchId(WireFormat.tryParse(body));
                if (id != null) {
                    // Some instances answer E3 the way they answer E1: {"status":"Success","data":
                    // {"batchId":7}}. The upload was part of this very request and the envelope says
                    // Success, so a job exists with our data; refusing it would report a failure for
                    // a job that runs anyway, and a re-run would import the data twice. Queued is the
                    // state a just-uploaded job is documented to be in; rawStatus and the counters stay
                    // null because the server did not send them, and the job's first poll tells the truth.
                    return new BatchStatus(id, JobState.QUEUED, null, null, null, null, Map.of(), null);
                }
                throw unexpected(request, response, body, "no batch status in the answer");
            }
            return st;
        });
    }

    @Override
    public BatchStatus status(long batchId) throws IOException {
        HttpUrl url = url("v2", "batch", Long.toString(batchId)).newBuilder()
                .addQueryParameter("includeAdditional", "true")
                .build();
        Request request = new Request.Builder().url(url).get().build();
        return execute(request, Kind.READ, new Attempts(), (response, body) -> {
            requireSuccess(request, response, body);
            BatchStatus st = readStatus(response, body, batchId);
            if (st == null) {
                // An HTML page from a proxy, an empty body or JSON without a status: most often a
                // gateway hiccup, so it is retried like a 5xx before it is reported.
                throw new Unparseable(unexpected(request, response, body, "no batch status in the answer"));
            }
            return st;
        });
    }

    @Override
    public ErrorFile errors(long batchId) throws IOException {
        Request request = new Request.Builder().url(url("v2", "batch", Long.toString(batchId), "errors")).get().build();
        return execute(request, Kind.READ, new Attempts(), (response, body) -> {
            if (response.code() == 404) {
                // No errors, or the file is not written yet (it can lag Completed, §5.21).
                return ErrorFile.notAvailable();
            }
            if (response.code() == 400 && isStillRunning(body)) {
                return ErrorFile.notAvailable();
            }
            requireSuccess(request, response, body);
            return WireFormat.errorFile(decoded(request, response, body));
        });
    }

    @Override
    public ErrorFile results(long batchId) throws IOException {
        Request request = new Request.Builder().url(url("v2", "batch", Long.toString(batchId), "results")).get().build();
        return execute(request, Kind.READ, new Attempts(), (response, body) -> {
            int code = response.code();
            // 404: no errors (or not ready); 400: still running; 405/501: an instance older than the
            // 2023 docs that does not serve E6. In every case the caller falls back to E5.
            if (code == 404 || code == 400 || code == 405 || code == 501) {
                return ErrorFile.notAvailable();
            }
            requireSuccess(request, response, body);
            ErrorFile file = WireFormat.resultsFile(decoded(request, response, body));
            // Not the documented array (an HTML page, an envelope): E5 is the reliable source then.
            return file != null ? file : ErrorFile.notAvailable();
        });
    }

    /**
     * The names of the owners the credentials can see, from {@code GET /api/v2/owners}
     * ({@code data.owner[].name}), in the server's order. Read like the other GETs (retried).
     */
    public List<String> owners() throws IOException {
        Request request = new Request.Builder().url(url("v2", "owners")).get().build();
        return execute(request, Kind.READ, new Attempts(), (response, body) -> {
            requireSuccess(request, response, body);
            JsonNode root = WireFormat.tryParse(body);
            JsonNode list = root == null ? null : root.path("data").path("owner");
            if (list == null || !list.isArray()) {
                throw unexpected(request, response, body, "no owner list in the answer");
            }
            List<String> names = new java.util.ArrayList<>();
            for (JsonNode o : list) {
                if (o.path("name").isTextual()) {
                    names.add(o.path("name").asText());
                }
            }
            return List.copyOf(names);
        });
    }

    @Override
    public void close() {
        if (ownsHttpClient) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    // ---------------------------------------------------------------- request building

    /**
     * E1 body; also the {@code config} part of E3. Optional fields only when set. Public so
     * {@code batch show} prints exactly what is sent, without spelling the field names again.
     */
    public static ObjectNode configJson(JobConfig config) {
        Objects.requireNonNull(config, "config");
        ObjectNode json = WireFormat.MAPPER.createObjectNode();
        // version omitted means V1 on the server (§2.1); only send what was set.
        putIfSet(json, "version", config.version());
        json.put("owner", config.owner());
        json.put("haltOnError", config.haltOnError());
        json.put("action", config.action());
        json.put("attributeWriteType", config.attributeWriteType());
        putIfSet(json, "tagWriteType", config.tagWriteType());
        putIfSet(json, "securityLabelWriteType", config.securityLabelWriteType());
        putIfSet(json, "fileMergeMode", config.fileMergeMode());
        putIfSet(json, "hashCollisionMode", config.hashCollisionMode());
        return json;
    }

    private static void putIfSet(ObjectNode json, String field, String value) {
        if (value != null) {
            json.put(field, value);
        }
    }

    private static void requireFile(Path file) throws NoSuchFileException {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
    }

    private UnsupportedEndpointException unsupportedE3(int code) {
        return new UnsupportedEndpointException(code, "POST " + base.encodedPath().replaceAll("/$", "")
                + "/v2/batch/createAndUpload: " + code + " this instance does not serve createAndUpload");
    }

    private static RequestBody oneShot(RequestBody delegate) {
        // One-shot tells OkHttp not to replay the body on its own connection-failure retry once
        // sending has started, which keeps the "never re-POST blindly" promise below OkHttp too.
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return delegate.contentType();
            }

            @Override
            public long contentLength() throws IOException {
                return delegate.contentLength();
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                delegate.writeTo(sink);
            }

            @Override
            public boolean isOneShot() {
                return true;
            }
        };
    }

    /**
     * The crash test's upload body: the first half of the file is sent and flushed, then
     * {@link CrashPoints#reach} may halt the process with the request half on the wire.
     */
    private static RequestBody crashingMidway(Path file) {
        RequestBody whole = RequestBody.create(file.toFile(), OCTET_STREAM);
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return OCTET_STREAM;
            }

            @Override
            public long contentLength() throws IOException {
                return whole.contentLength();
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                byte[] all = java.nio.file.Files.readAllBytes(file);
                int half = all.length / 2;
                sink.write(all, 0, half);
                sink.flush();
                CrashPoints.reach("during-upload");
                sink.write(all, half, all.length - half);
            }
        };
    }

    private HttpUrl url(String... segments) {
        HttpUrl.Builder b = base.newBuilder();
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b.build();
    }

    // ---------------------------------------------------------------- the retry loop

    private enum Kind {
        /** Idempotent GET: retried on 429, 5xx, timeouts, broken connections, unreadable 2xx. */
        READ,
        /** E1/E3: creates a job, so retried only when the server certainly did not act. */
        CREATE,
        /** E2: a lost answer is settled by asking the job's status (see {@link #upload}). */
        UPLOAD
    }

    /** Turns a received response (status and fully read body) into a result or an ApiException. */
    @FunctionalInterface
    private interface Handler<T> {
        T handle(Response response, byte[] body);
    }

    /** What a null handler result of an upload is replaced by. */
    @FunctionalInterface
    private interface Fallback<T> {
        T get() throws IOException;
    }

    /** Attempts made and time waited so far by one call (an upload and its re-uploads share one). */
    private static final class Attempts {
        int made;
        Duration waited = Duration.ZERO;
    }

    /** Set by {@link SendTracker} once the request headers start going out. */
    static final class SendState {
        volatile boolean sent;
    }

    private static final class SendTracker extends EventListener {
        private final SendState state;

        SendTracker(SendState state) {
            this.state = state;
        }

        @Override
        public void requestHeadersStart(Call call) {
            if (state != null) {
                state.sent = true;
            }
        }
    }

    /** A 2xx GET answer that could not be read: retried like a 5xx. */
    private static final class Unparseable extends RuntimeException {
        final ApiException failure;

        Unparseable(ApiException failure) {
            super(failure.getMessage(), null, false, false);
            this.failure = failure;
        }
    }

    /** An upload sent whose answer was lost; {@link #upload} settles it. */
    private static final class LostUpload extends IOException {
        final String what;
        final ApiException failure;

        LostUpload(String what, ApiException failure, Throwable cause) {
            super(what, cause);
            this.what = what;
            this.failure = failure;
        }
    }

    @FunctionalInterface
    private interface FailureSupplier {
        ApiException get();
    }

    private <T> T execute(Request request, Kind kind, Attempts tries, Handler<T> handler) throws IOException {
        return execute(request, kind, tries, handler, null);
    }

    private <T> T execute(Request request, Kind kind, Attempts tries, Handler<T> handler, Fallback<T> onNull)
            throws IOException {
        boolean resigned = false;
        while (true) {
            tries.made++;
            SendState state = new SendState();
            Request tagged = request.newBuilder().tag(SendState.class, state).build();
            FailureSupplier failure;
            Duration retryAfter = null;
            try (Response response = http.newCall(tagged).execute()) {
                byte[] body = response.body().bytes();
                int code = response.code();
                if (code == 401 || code == 403) {
                    if (!resigned) {
                        // Once, at once, with a fresh timestamp: a token may just have been renewed
                        // or a timestamp may have crossed the window's edge. A second refusal is final.
                        resigned = true;
                        tries.made--;
                        continue;
                    }
                    throw authFailure(request, response, body);
                }
                if (code == 429 || code == 503) {
                    // Throttled or unavailable: the server did not act on the request, so even a
                    // create may be sent again.
                    retryAfter = retryAfter(response);
                    failure = () -> httpFailure(request, response, body);
                } else if (code == 500 || code == 502 || code == 504) {
                    if (kind == Kind.CREATE) {
                        throw ambiguous(request, code + " " + statusText(response, body), null);
                    }
                    if (kind == Kind.UPLOAD) {
                        throw new LostUpload("answered " + code + " " + statusText(response, body),
                                httpFailure(request, response, body), null);
                    }
                    failure = () -> httpFailure(request, response, body);
                } else {
                    try {
                        T result = handler.handle(response, body);
                        if (result == null && onNull != null) {
                            return onNull.get();
                        }
                        return result;
                    } catch (Unparseable u) {
                        if (kind != Kind.READ) {
                            throw u.failure;
                        }
                        failure = () -> u.failure;
                    }
                }
            } catch (LostUpload e) {
                throw e;
            } catch (IOException e) {
                if (isInterrupt(e)) {
                    throw e;
                }
                if (e instanceof SSLException || e instanceof UnknownHostException) {
                    // A certificate or name problem does not fix itself within a retry budget.
                    // A TLS failure after a create was sent is still a lost answer: the caller
                    // must not take "unreachable" (never sent) for it and send the chunk again.
                    if (state.sent && kind == Kind.CREATE) {
                        throw ambiguous(request, describeIo(e), e);
                    }
                    throw unreachable(e);
                }
                if (state.sent && kind == Kind.CREATE) {
                    throw ambiguous(request, describeIo(e), e);
                }
                if (state.sent && kind == Kind.UPLOAD) {
                    throw new LostUpload(describeIo(e), unreachable(e), e);
                }
                // Never sent (refused, connect timeout), or a GET: safe to send again.
                failure = () -> unreachable(e);
            }
            pauseBeforeRetry(request, tries, retryAfter, failure);
        }
    }

    /**
     * Waits before the next attempt, or throws the last failure when the attempts or the time
     * budget are used up. A Retry-After is used as the wait itself: the server said when it will
     * take the request, and coming back earlier would only be refused again.
     */
    private void pauseBeforeRetry(Request request, Attempts tries, Duration retryAfter, FailureSupplier failure)
            throws InterruptedIOException {
        if (tries.made >= retry.maxAttempts()) {
            throw failure.get();
        }
        Duration remaining = retry.budget().minus(tries.waited);
        Duration wait;
        if (retryAfter != null) {
            if (retryAfter.compareTo(remaining) > 0) {
                ApiException last = failure.get();
                throw new ApiException(last.httpStatus(), last.serverMessage(), last.getMessage()
                        + " (the server asked to wait " + seconds(retryAfter) + " s before retrying, more than the "
                        + seconds(remaining) + " s left of this call's retry budget)", last.getCause());
            }
            wait = retryAfter;
        } else {
            wait = retry.jittered(tries.made - 1, random);
            if (wait.compareTo(remaining) > 0) {
                if (remaining.isZero() || remaining.isNegative()) {
                    throw failure.get();
                }
                wait = remaining;
            }
        }
        try {
            retryWait.waiting(describe(request), failure.get().httpStatus(), wait);
            sleeper.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry " + describe(request));
        }
        tries.waited = tries.waited.plus(wait);
    }

    private static long seconds(Duration d) {
        return (d.toMillis() + 999) / 1000;
    }

    /**
     * Retry-After as delta-seconds or as an HTTP date. A date is measured against the response's
     * own Date header when there is one, so a skewed local clock does not stretch or cut the wait.
     */
    Duration retryAfter(Response response) {
        String value = response.header("Retry-After");
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        if (v.matches("\\d{1,9}")) {
            return Duration.ofSeconds(Long.parseLong(v));
        }
        Instant at = httpDate(v);
        if (at == null) {
            return null;
        }
        Instant now = httpDate(response.header("Date"));
        if (now == null) {
            now = clock.instant();
        }
        Duration d = Duration.between(now, at);
        return d.isNegative() ? Duration.ZERO : d;
    }

    private static Instant httpDate(String value) {
        if (value == null) {
            return null;
        }
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /**
     * A real Ctrl-C, as opposed to a timeout: OkHttp reports both as InterruptedIOException, and
     * only the thread's interrupt flag (or a closed-by-interrupt channel) tells them apart.
     */
    private static boolean isInterrupt(IOException e) {
        return Thread.currentThread().isInterrupted() || e instanceof ClosedByInterruptException;
    }

    // ---------------------------------------------------------------- answers and failures

    /** The status in a body; null when there is none (no status field at all). */
    private BatchStatus readStatus(Response response, byte[] body, Long requestedId) {
        BatchStatus st = WireFormat.batchStatus(WireFormat.tryParse(body), requestedId);
        if (st == null || st.rawStatus() == null) {
            return null;
        }
        if (st.state() == JobState.UNKNOWN) {
            // Kept so the user sees exactly what the server said; an unknown state is never final.
            return new BatchStatus(st.id(), st.state(), st.rawStatus(), st.errorCount(), st.successCount(),
                    st.unprocessCount(), st.additional(), rawExcerpt(body));
        }
        return st;
    }

    private byte[] decoded(Request request, Response response, byte[] body) {
        // OkHttp un-gzips only when it asked for gzip itself and the server labelled the body;
        // a server sending gzip bytes as plain octet-stream or text is caught by the magic bytes.
        if (!WireFormat.isGzip(body)) {
            return body;
        }
        try {
            return WireFormat.gunzip(body);
        } catch (IOException e) {
            throw new ApiException(response.code(), null,
                    describe(request) + ": " + response.code() + " error file is not valid gzip: " + e.getMessage(), e);
        }
    }

    private void requireSuccess(Request request, Response response, byte[] body) {
        if (response.code() >= 200 && response.code() < 300) {
            return;
        }
        throw httpFailure(request, response, body);
    }

    private ApiException httpFailure(Request request, Response response, byte[] body) {
        String server = serverMessage(body);
        String detail = server != null ? server : scrub(oneLine(response.message()));
        return new ApiException(response.code(), server,
                describe(request) + ": " + response.code() + (detail.isEmpty() ? "" : " " + detail), null);
    }

    private String statusText(Response response, byte[] body) {
        String server = serverMessage(body);
        return server != null ? server : scrub(oneLine(response.message()));
    }

    private ApiException authFailure(Request request, Response response, byte[] body) {
        ApiException plain = httpFailure(request, response, body);
        String server = plain.serverMessage();
        String m = server == null ? "" : server.toLowerCase(Locale.ROOT);
        if (!(m.contains("timestamp") && (m.contains("range") || m.contains("window") || m.contains("skew")))) {
            return plain;
        }
        String dateHeader = response.header("Date");
        Instant serverNow = httpDate(dateHeader);
        String note;
        if (serverNow == null) {
            note = "the local clock may be wrong; the server sent no Date header to compare it with";
        } else {
            Duration offset = Duration.between(clock.instant(), serverNow);
            String amount = Durations.human(offset.abs());
            note = offset.isZero() ? "the local clock agrees with the server's Date (" + dateHeader + ")"
                    : "the local clock is " + amount + (offset.isNegative() ? " ahead of" : " behind")
                    + " the server (server Date: " + dateHeader + ")";
        }
        return new ApiException(plain.httpStatus(), server, plain.getMessage() + "; " + note, null);
    }

    private AmbiguousSubmitException ambiguous(Request request, String what, Throwable cause) {
        return new AmbiguousSubmitException(describe(request) + ": " + what
                + "; the request had been sent, so a job may or may not exist on the server; nothing was sent again",
                cause == null ? null : safeCause(cause));
    }

    private ApiException unexpected(Request request, Response response, byte[] body, String what) {
        return new ApiException(response.code(), serverMessage(body), describe(request) + ": " + response.code()
                + " " + what + ": " + rawExcerpt(body), null);
    }

    private ApiException unreachable(IOException e) {
        return new ApiException(0, null, "cannot reach " + hostPort() + ": " + describeIo(e), safeCause(e));
    }

    private String describeIo(IOException e) {
        String reason = e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage() : e.getClass().getSimpleName();
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
            reason = "timed out (" + reason + ")";
        } else if (e instanceof ConnectException || e instanceof NoRouteToHostException) {
            reason = "connection refused or unreachable (" + reason + ")";
        }
        return scrub(oneLine(reason));
    }

    /**
     * A timeout that OkHttp reports as a bare InterruptedIOException would read as a Ctrl-C to
     * whoever walks the cause chain (the exit-code mapping does); it is handed on as what it is.
     */
    private static Throwable safeCause(Throwable e) {
        if (e instanceof InterruptedIOException && !(e instanceof SocketTimeoutException)) {
            SocketTimeoutException t = new SocketTimeoutException(e.getMessage());
            t.setStackTrace(e.getStackTrace());
            return t;
        }
        return e;
    }

    /**
     * The server's own words: {@code message} or {@code description} of a JSON envelope, else the
     * first line of the body text, shortened; null for an empty body.
     */
    private String serverMessage(byte[] body) {
        String text = WireFormat.envelopeMessage(WireFormat.tryParse(body));
        if (text == null) {
            if (body == null || body.length == 0 || WireFormat.isGzip(body)) {
                return null;
            }
            text = new String(body, StandardCharsets.UTF_8).strip();
            int nl = text.indexOf('\n');
            if (nl >= 0) {
                text = text.substring(0, nl);
            }
        }
        text = shorten(scrub(oneLine(text)), MAX_SERVER_MESSAGE);
        return text.isEmpty() ? null : text;
    }

    /** The whole body on one line, secrets masked, about 500 characters at most. */
    private String rawExcerpt(byte[] body) {
        if (body == null || body.length == 0) {
            return "(empty body)";
        }
        if (WireFormat.isGzip(body)) {
            return "(" + body.length + " bytes of gzip data)";
        }
        return shorten(scrub(oneLine(new String(body, StandardCharsets.UTF_8)).replaceAll("\\s+", " ")), MAX_RAW_BODY);
    }

    private static String shorten(String s, int max) {
        return s.length() > max ? s.substring(0, max) + "…" : s;
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("[\\p{Cntrl}]+", " ").strip();
    }

    /** Masks our own secret if a server or proxy echoes it back into an error body. */
    private String scrub(String s) {
        String secret = credentials instanceof Credentials.Hmac h ? h.secretKey()
                : credentials instanceof Credentials.Token t ? t.token() : null;
        if (secret != null && secret.length() >= 4 && s.contains(secret)) {
            return s.replace(secret, "****");
        }
        return s;
    }

    private static boolean isStillRunning(byte[] body) {
        String msg = WireFormat.envelopeMessage(WireFormat.tryParse(body));
        if (msg == null && body != null) {
            msg = new String(body, StandardCharsets.UTF_8);
        }
        String m = msg == null ? "" : msg.toLowerCase(Locale.ROOT);
        // Documented: 400 {status:"Invalid", description:"Batch still in Running state"}.
        return List.of("still", "running", "queued").stream().anyMatch(m::contains);
    }

    private static String describe(Request request) {
        return request.method() + " " + request.url().encodedPath();
    }

    private String hostPort() {
        String host = base.host().contains(":") ? "[" + base.host() + "]" : base.host();
        return host + ":" + base.port();
    }

    /** Told each time the client is about to wait before trying a request again. */
    @FunctionalInterface
    public interface RetryWait {
        /**
         * @param request    what is being retried, e.g. "GET /v2/batch/17"
         * @param httpStatus the status of the failed attempt (429 when rate limited), 0 when there was no answer
         * @param wait       how long the client waits now (a Retry-After, or the backoff)
         */
        void waiting(String request, int httpStatus, Duration wait);
    }

    private volatile RetryWait retryWait = (request, status, wait) -> { };

    /** Whom to tell about waits before retries (e.g. the watch view: "rate limited by the server"); none by default. */
    public void onRetryWait(RetryWait r) {
        this.retryWait = r == null ? (request, status, wait) -> { } : r;
    }
}
