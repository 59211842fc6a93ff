package io.tcbatch.sandbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.zip.GZIPInputStream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A test client that signs requests the way the SDKs do, with its own HMAC code (not the
 * sandbox's), over real HTTP with {@link HttpClient}.
 */
final class SignedClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String accessId;
    private final String secret;
    private final Clock clock;
    /** Seconds added to the clock when signing: a client with a skewed clock. */
    long skewSeconds;

    SignedClient(Sandbox sandbox, String accessId, String secret, Clock clock) {
        this(sandbox.port(), accessId, secret, clock);
    }

    /** A client of any server on 127.0.0.1 (a handler a test set up without a whole sandbox). */
    SignedClient(int port, String accessId, String secret, Clock clock) {
        this.base = URI.create("http://127.0.0.1:" + port);
        this.accessId = accessId;
        this.secret = secret;
        this.clock = clock;
    }

    static String hmac(String secret, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A request to {@code target} (raw path and query, as on the wire), signed. */
    HttpRequest.Builder signed(String method, String target) {
        String ts = Long.toString(clock.instant().getEpochSecond() + skewSeconds);
        return HttpRequest.newBuilder(base.resolve(target))
                .timeout(Duration.ofSeconds(20))
                .header("Timestamp", ts)
                .header("Authorization", "TC " + accessId + ":" + hmac(secret, target + ":" + method + ":" + ts));
    }

    HttpResponse<byte[]> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpResponse<byte[]> get(String target) throws IOException, InterruptedException {
        return send(signed("GET", target).GET().build());
    }

    HttpResponse<byte[]> postJson(String target, String json) throws IOException, InterruptedException {
        return send(signed("POST", target).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    HttpResponse<byte[]> upload(long id, byte[] file) throws IOException, InterruptedException {
        return send(signed("POST", "/api/v2/batch/" + id).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(file)).build());
    }

    static JsonNode json(HttpResponse<byte[]> r) throws IOException {
        return JSON.readTree(r.body());
    }

    /** Creates a job and returns its id; fails the test unless the reply is 201. */
    long createJob(String config) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = postJson("/api/v2/batch", config);
        if (r.statusCode() != 201) {
            throw new AssertionError("create job: " + r.statusCode() + " " + new String(r.body(), StandardCharsets.UTF_8));
        }
        return json(r).path("data").path("batchId").asLong();
    }

    /**
     * Polls E4 until Completed. The limit is only a guard against a job that never finishes: a
     * loaded build machine can be slow, and speed is measured by the benchmarks, not asserted here.
     */
    JsonNode awaitCompleted(long id) throws IOException, InterruptedException {
        return awaitCompleted(id, Duration.ofSeconds(120));
    }

    JsonNode awaitCompleted(long id, Duration limit) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (true) {
            JsonNode status = json(get("/api/v2/batch/" + id + "?includeAdditional=true")).path("data").path("batchStatus");
            if (status.path("status").asText().equals("Completed")) {
                return status;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("job " + id + " not Completed within " + limit.toSeconds() + " s: " + status);
            }
            Thread.sleep(20);
        }
    }

    /** Runs create, upload and poll; returns the final status (with the additional counts). */
    JsonNode run(String config, String file) throws IOException, InterruptedException {
        long id = createJob(config);
        HttpResponse<byte[]> up = upload(id, file.getBytes(StandardCharsets.UTF_8));
        if (up.statusCode() != 202) {
            throw new AssertionError("upload: " + up.statusCode() + " " + new String(up.body(), StandardCharsets.UTF_8));
        }
        return awaitCompleted(id);
    }

    /** The gunzipped error file of a job. */
    JsonNode errors(long id) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = get("/api/v2/batch/" + id + "/errors");
        if (r.statusCode() != 200) {
            throw new AssertionError("errors: " + r.statusCode());
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
            return JSON.readTree(in);
        }
    }

    static String config(String owner, String action, String writeType, boolean halt) {
        return "{\"version\":\"V2\",\"owner\":\"" + owner + "\",\"haltOnError\":" + halt + ",\"action\":\"" + action
                + "\",\"attributeWriteType\":\"" + writeType + "\"}";
    }
}
