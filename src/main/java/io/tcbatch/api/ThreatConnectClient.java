package io.tcbatch.api;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/** The OkHttp-based client of the Batch API. */
public final class ThreatConnectClient implements BatchApi, AutoCloseable {
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** Generous: the server may read a whole upload before it answers. */
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration WRITE_TIMEOUT = Duration.ofSeconds(60);

    /** Retries after the first attempt, for GETs only. */
    static final int MAX_RETRIES = 3;
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Set<Integer> RETRYABLE_STATUS = Set.of(500, 502, 503, 504);
    private static final int MAX_SERVER_MESSAGE = 300;

    private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");
    private static final MediaType OCTET_STREAM = MediaType.get("application/octet-stream");

    private final HttpUrl base;
    private final Credentials credentials;
    private final OkHttpClient http;
    private final Sleeper sleeper;
    private final boolean ownsHttpClient;

    /**
     * @param apiBase     base URL including {@code /api}, e.g. {@code http://127.0.0.1:8443/api}
     * @param credentials how to authenticate
     * @param clock       source of the HMAC timestamp (injectable for tests)
     */
    public ThreatConnectClient(URI apiBase, Credentials credentials, Clock clock) {
        this(apiBase, credentials, clock, defaultHttpClient(), Sleeper.SYSTEM, true);
    }

    /**
     * For callers that tune OkHttp themselves (timeouts, proxy, TLS) or tests that must not
     * sleep. The given client is not shut down by {@link #close()}: it belongs to the caller.
     *
     * @param httpClient base client; authentication is added on top of it
     * @param sleeper    waits between GET retries
     */
    public ThreatConnectClient(URI apiBase, Credentials credentials, Clock clock, OkHttpClient httpClient,
                               Sleeper sleeper) {
        this(apiBase, credentials, clock, httpClient, sleeper, false);
    }

    private ThreatConnectClient(URI apiBase, Credentials credentials, Clock clock, OkHttpClient httpClient,
                                Sleeper sleeper, boolean ownsHttpClient) {
        Objects.requireNonNull(apiBase, "apiBase");
        HttpUrl parsed = HttpUrl.get(apiBase.toString());
        this.base = parsed;
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.ownsHttpClient = ownsHttpClient;
        this.http = httpClient.newBuilder()
                .addInterceptor(new AuthInterceptor(credentials, Objects.requireNonNull(clock, "clock")))
                // The API never redirects; following one would send the credentials to wherever it
                // points and sign a path the server did not ask for. A 3xx is reported instead.
                .followRedirects(false)
                .followSslRedirects(false)
                .build();
    }

    /** The client used by the 3-argument constructor: OkHttp defaults plus explicit timeouts. */
    public static OkHttpClient defaultHttpClient() {
        return new OkHttpClient.Builder()
                .connectTimeout(CONNECT_TIMEOUT)
                .readTimeout(READ_TIMEOUT)
                .writeTimeout(WRITE_TIMEOUT)
                .build();
    }

    @Override
    public long createJob(JobConfig config) throws IOException {
        Objects.requireNonNull(config, "config");
        ObjectNode json = WireFormat.MAPPER.createObjectNode();
        // version omitted means V1 on the server (§2.1); only send what was set.
        if (config.version() != null) {
            json.put("version", config.version());
        }
        json.put("owner", config.owner());
        json.put("haltOnError", config.haltOnError());
        json.put("action", config.action());
        json.put("attributeWriteType", config.attributeWriteType());
        Request request = new Request.Builder()
                .url(url("v2", "batch"))
                .post(oneShot(RequestBody.create(WireFormat.json(json), JSON)))
                .build();
        return execute(request, false, (response, body) -> {
            requireSuccess(request, response, body);
            JsonNode root = WireFormat.tryParse(body);
            Long id = WireFormat.batchId(root);
            if (id == null) {
                throw unexpected(request, response, body, "no batchId in the answer");
            }
            return id;
        });
    }

    @Override
    public BatchStatus upload(long batchId, Path file) throws IOException {
        Objects.requireNonNull(file, "file");
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        Request request = new Request.Builder()
                .url(url("v2", "batch", Long.toString(batchId)))
                // Streamed from disk: upload files can be tens of megabytes.
                .post(oneShot(RequestBody.create(file.toFile(), OCTET_STREAM)))
                .build();
        return execute(request, false, (response, body) -> {
            requireSuccess(request, response, body);
            return statusOf(request, response, body, batchId);
        });
    }

    @Override
    public BatchStatus status(long batchId) throws IOException {
        HttpUrl url = url("v2", "batch", Long.toString(batchId)).newBuilder()
                .addQueryParameter("includeAdditional", "true")
                .build();
        Request request = new Request.Builder().url(url).get().build();
        return execute(request, true, (response, body) -> {
            requireSuccess(request, response, body);
            return statusOf(request, response, body, batchId);
        });
    }

    @Override
    public ErrorFile errors(long batchId) throws IOException {
        Request request = new Request.Builder().url(url("v2", "batch", Long.toString(batchId), "errors")).get().build();
        return execute(request, true, (response, body) -> {
            if (response.code() == 404) {
                // No errors, or the file is not written yet (it can lag Completed, §5.21).
                return ErrorFile.notAvailable();
            }
            if (response.code() == 400 && isStillRunning(body)) {
                return ErrorFile.notAvailable();
            }
            requireSuccess(request, response, body);
            byte[] decoded = body;
            // OkHttp un-gzips only when it asked for gzip itself and the server labelled the body;
            // a server sending gzip bytes as plain octet-stream is caught by the magic bytes.
            if (WireFormat.isGzip(body)) {
                try {
                    decoded = WireFormat.gunzip(body);
                } catch (IOException e) {
                    throw new ApiException(response.code(), null,
                            describe(request) + ": " + response.code() + " error file is not valid gzip: " + e.getMessage(), e);
                }
            }
            return WireFormat.errorFile(decoded);
        });
    }

    @Override
    public BatchStatus createAndUpload(JobConfig config, Path file) throws IOException {
        // Not implemented yet: callers fall back to E1 + E2, as for an instance without E3.
        throw new UnsupportedEndpointException(0, "createAndUpload is not used by this client yet");
    }

    @Override
    public ErrorFile results(long batchId) throws IOException {
        // Not implemented yet: callers use E5.
        return ErrorFile.notAvailable();
    }

    @Override
    public void close() {
        if (ownsHttpClient) {
            http.dispatcher().executorService().shutdown();
            http.connectionPool().evictAll();
        }
    }

    // ---------------------------------------------------------------- transport

    /** Turns a received response (status and fully read body) into a result or an ApiException. */
    @FunctionalInterface
    private interface Handler<T> {
        T handle(Response response, byte[] body);
    }

    /**
     * Sends the request, retrying GETs on 500/502/503/504 and IO failures with exponential
     * backoff. POSTs are sent once: a create or upload that may have reached the server must not
     * be repeated blindly (a second job, or a second upload to the same job).
     */
    private <T> T execute(Request request, boolean idempotent, Handler<T> handler) throws IOException {
        for (int attempt = 0; ; attempt++) {
            boolean mayRetry = idempotent && attempt < MAX_RETRIES;
            try (Response response = http.newCall(request).execute()) {
                if (!(mayRetry && RETRYABLE_STATUS.contains(response.code()))) {
                    byte[] body = response.body().bytes();
                    return handler.handle(response, body);
                }
            } catch (IOException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                if (!mayRetry) {
                    throw unreachable(e);
                }
            }
            pause(request, attempt);
        }
    }

    private void pause(Request request, int attempt) throws InterruptedIOException {
        try {
            sleeper.sleep(FIRST_BACKOFF.multipliedBy(1L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry " + describe(request));
        }
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

    private HttpUrl url(String... segments) {
        HttpUrl.Builder b = base.newBuilder();
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b.build();
    }

    // ---------------------------------------------------------------- answers and failures

    private BatchStatus statusOf(Request request, Response response, byte[] body, long batchId) {
        BatchStatus status = WireFormat.batchStatus(WireFormat.tryParse(body), batchId);
        if (status == null) {
            throw unexpected(request, response, body, "no batch status in the answer");
        }
        return status;
    }

    private void requireSuccess(Request request, Response response, byte[] body) {
        if (response.code() >= 200 && response.code() < 300) {
            return;
        }
        String server = serverMessage(body);
        String detail = server != null ? server : scrub(oneLine(response.message()));
        throw new ApiException(response.code(), server,
                describe(request) + ": " + response.code() + (detail.isEmpty() ? "" : " " + detail), null);
    }

    private ApiException unexpected(Request request, Response response, byte[] body, String what) {
        String server = serverMessage(body);
        return new ApiException(response.code(), server, describe(request) + ": " + response.code() + " " + what
                + (server != null ? ": " + server : ""), null);
    }

    private ApiException unreachable(IOException e) {
        String reason = e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage() : e.getClass().getSimpleName();
        return new ApiException(0, null, "cannot reach " + hostPort() + ": " + scrub(oneLine(reason)), e);
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
        text = scrub(oneLine(text));
        if (text.length() > MAX_SERVER_MESSAGE) {
            text = text.substring(0, MAX_SERVER_MESSAGE) + "…";
        }
        return text.isEmpty() ? null : text;
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
}
