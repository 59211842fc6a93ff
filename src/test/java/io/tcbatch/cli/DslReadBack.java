package io.tcbatch.cli;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * What a {@link SandboxFixture} sandbox stored, read back through its v2 read API with signed
 * GETs (the DSL input tests' view of the server: tags, attributes, groups, associations).
 */
final class DslReadBack {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final SandboxFixture sb;

    DslReadBack(SandboxFixture sb) {
        this.sb = sb;
    }

    /** {@code GET /api/v2/...} → the {@code data} object of a Success answer; fails the test otherwise. */
    JsonNode data(String target) throws Exception {
        String ts = Long.toString(System.currentTimeMillis() / 1000);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SandboxFixture.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String sig = Base64.getEncoder().encodeToString(
                mac.doFinal((target + ":GET:" + ts).getBytes(StandardCharsets.UTF_8)));
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + sb.sandbox.port()).resolve(target))
                .timeout(Duration.ofSeconds(20)).header("Timestamp", ts)
                .header("Authorization", "TC " + SandboxFixture.ID + ":" + sig).GET().build();
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        JsonNode body = SandboxFixture.JSON.readTree(r.body());
        if (r.statusCode() != 200 || !"Success".equals(body.path("status").asText())) {
            throw new AssertionError("GET " + target + ": " + r.statusCode() + " " + r.body());
        }
        return body.path("data");
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
