package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/tcbatch sandbox} as its own JVM, killed with {@code kill -9} right after it
 * acknowledged an upload, then started again on the same data: what it acknowledged is there and
 * the job it was working on completes with the right counts. Then SIGTERM stops it cleanly.
 */
class SandboxDurabilityTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int INDICATORS = 10_000;

    @TempDir
    Path dir;
    private final List<Process> started = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void tearDown() {
        for (Process p : started) {
            p.destroyForcibly();
        }
    }

    /** A standalone sandbox process; what it prints goes to files the test reads. */
    private final class Standalone {
        final Process process;
        final Path stdout;
        final Path stderr;
        final URI base;

        Standalone(Path home) throws Exception {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            stdout = dir.resolve("stdout-" + started.size() + ".txt");
            stderr = dir.resolve("stderr-" + started.size() + ".txt");
            ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xmx256m",
                    "-Dtcbatch.install=" + Path.of("").toAbsolutePath(),
                    "-cp", System.getProperty("java.class.path"), "io.tcbatch.cli.Main", "sandbox", "--port", "0")
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
            pb.environment().put("TCBATCH_HOME", home.toString());
            process = pb.start();
            started.add(process);
            String first = await(l -> l.startsWith("tcbatch sandbox serving "));
            base = URI.create(first.substring("tcbatch sandbox serving ".length()).replaceFirst("/api$", ""));
            await(l -> l.equals("Press Ctrl-C to stop."));
        }

        String await(java.util.function.Predicate<String> wanted) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            List<String> lines = List.of();
            while (System.nanoTime() < deadline) {
                lines = Files.readAllLines(stdout);
                for (String l : lines) {
                    if (wanted.test(l)) {
                        return l;
                    }
                }
                if (!process.isAlive()) {
                    break;
                }
                Thread.sleep(50);
            }
            throw new AssertionError("the sandbox did not print the line; it printed " + lines + (process.isAlive() ? ""
                    : " and exited " + process.exitValue()) + "; stderr: " + Files.readString(stderr));
        }
    }

    private String accessId;
    private String secret;

    private HttpResponse<String> send(Standalone s, String method, String target, String contentType, String body)
            throws Exception {
        String ts = Long.toString(System.currentTimeMillis() / 1000);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String sig = Base64.getEncoder().encodeToString(mac.doFinal((target + ":" + method + ":" + ts)
                .getBytes(StandardCharsets.UTF_8)));
        HttpRequest.Builder b = HttpRequest.newBuilder(s.base.resolve(target)).timeout(Duration.ofSeconds(30))
                .header("Timestamp", ts).header("Authorization", "TC " + accessId + ":" + sig);
        if (body == null) {
            b.GET();
        } else {
            b.header("Content-Type", contentType).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private long create(Standalone s) throws Exception {
        HttpResponse<String> r = send(s, "POST", "/api/v2/batch", "application/json",
                "{\"version\":\"V2\",\"owner\":\"Example Org\",\"haltOnError\":false,\"action\":\"Create\","
                        + "\"attributeWriteType\":\"Replace\"}");
        assertEquals(201, r.statusCode(), r.body());
        return JSON.readTree(r.body()).at("/data/batchId").asLong();
    }

    private void upload(Standalone s, long id, String file) throws Exception {
        HttpResponse<String> r = send(s, "POST", "/api/v2/batch/" + id, "application/octet-stream", file);
        assertEquals(202, r.statusCode(), r.body());
    }

    private JsonNode status(Standalone s, long id) throws Exception {
        HttpResponse<String> r = send(s, "GET", "/api/v2/batch/" + id + "?includeAdditional=true", null, null);
        assertEquals(200, r.statusCode(), r.body());
        return JSON.readTree(r.body()).at("/data/batchStatus");
    }

    private JsonNode awaitCompleted(Standalone s, long id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        JsonNode st = status(s, id);
        while (!st.path("status").asText().equals("Completed") && System.nanoTime() < deadline) {
            Thread.sleep(50);
            st = status(s, id);
        }
        assertEquals("Completed", st.path("status").asText(), st.toString());
        return st;
    }

    private static String addresses(int n) {
        StringBuilder b = new StringBuilder("{\"indicator\":[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append("{\"type\":\"Address\",\"summary\":\"2001:db8::1:")
                    .append(Integer.toHexString(i)).append("\",\"rating\":3,\"tag\":[{\"name\":\"durable\"}]}");
        }
        return b.append("]}").toString();
    }

    @Test
    void whatWasAcknowledgedSurvivesKillNineAndTheJobCompletesAfterARestart() throws Exception {
        Path home = dir.resolve("home");
        Path data = home.resolve("sandbox");
        // Every upload answered 202 and processed by the workers: the jobs must be in flight at the kill.
        Files.createDirectories(home);
        Files.writeString(home.resolve("sandbox.properties"), "synchronousBatchSaveLimit=0\n");
        Standalone first = new Standalone(home);
        Properties creds = new Properties();
        try (var in = Files.newInputStream(data.resolve("credentials.properties"))) {
            creds.load(in);
        }
        accessId = creds.getProperty("accessId");
        secret = creds.getProperty("secretKey");

        long done = create(first);
        upload(first, done, "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"durable.example.com\"}]}");
        awaitCompleted(first, done);
        long createdOnly = create(first);
        long big = create(first);
        upload(first, big, addresses(INDICATORS));
        // kill -9 the moment the 202 is in: no shutdown hook, no database close.
        first.process.destroyForcibly();
        assertTrue(first.process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(137, first.process.exitValue(), "killed by SIGKILL");
        assertTrue(Files.exists(data.resolve(LocalSandbox.RUN_FILE)), "a killed sandbox leaves its run file");
        assertNull(LocalSandbox.Running.find(data), "which other processes ignore: its process is gone");

        Standalone second = new Standalone(home);
        JsonNode st = awaitCompleted(second, big);
        assertEquals(INDICATORS, st.path("successCount").asInt(), st.toString());
        assertEquals(0, st.path("errorCount").asInt(), st.toString());
        assertEquals(0, st.path("unprocessCount").asInt(), st.toString());
        assertEquals(1, status(second, done).path("successCount").asInt());
        assertEquals("Created", status(second, createdOnly).path("status").asText());

        // SIGTERM: a clean stop that says so, removes the run file, and exits 128 + 15.
        second.process.destroy();
        assertTrue(second.process.waitFor(30, TimeUnit.SECONDS));
        second.await(l -> l.equals("tcbatch sandbox stopped; its data stays in " + data.toAbsolutePath()));
        assertEquals(143, second.process.exitValue());
        assertFalse(Files.exists(data.resolve(LocalSandbox.RUN_FILE)));
    }
}
