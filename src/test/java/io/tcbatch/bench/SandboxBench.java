package io.tcbatch.bench;

import java.io.BufferedWriter;
import java.io.IOException;
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
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.sandbox.Sandbox;
import io.tcbatch.sandbox.SandboxConfig;

/**
 * Sandbox processing throughput (issue 4): one V1 job of N Address indicators, each with a
 * tag and an attribute, into a fresh sandbox with the real validation rules, timed from the
 * upload's 202 to Completed. Prints {@code n_<N>.*} figure lines: the rate over the whole job and
 * over its last tenth (how far the rate drops as the database grows; equal rates mean linear).
 *
 * <p>Usage: {@code SandboxBench WORKDIR [N...]} (default 10000 100000). The per-job indicator
 * limit and the upload limit are lifted for the run, since the point is the store, not the limits.
 */
public final class SandboxBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "bench-id";
    private static final String SECRET = "bench-secret";

    private SandboxBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: SandboxBench WORKDIR [N...]");
            System.exit(2);
        }
        Path work = Path.of(args[0]);
        List<Integer> sizes = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            sizes.add(Integer.parseInt(args[i]));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(10_000, 100_000);
        }
        for (int n : sizes) {
            run(work.resolve("sandbox-" + n), n);
        }
    }

    private static void run(Path dir, int n) throws Exception {
        deleteTree(dir);
        Files.createDirectories(dir);
        Path file = dir.resolve("v1-" + n + ".json");
        write(file, n);
        long bytes = Files.size(file);
        SandboxConfig config = SandboxConfig.defaults(dir.resolve("data"), ID, SECRET)
                .withMaxIndicatorsPerJob(Math.max(n, 1)).withMaxUploadBytes(Math.max(bytes * 2, 1));
        try (Sandbox sandbox = Sandbox.start(config)) {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            URI base = URI.create("http://127.0.0.1:" + sandbox.port());
            HttpResponse<String> created = http.send(signed(base, "POST", "/api/v2/batch")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"version\":\"V1\",\"owner\":\"Example Org\","
                            + "\"haltOnError\":false,\"action\":\"Create\",\"attributeWriteType\":\"Replace\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            long id = JSON.readTree(created.body()).path("data").path("batchId").asLong();
            HttpResponse<String> up = http.send(signed(base, "POST", "/api/v2/batch/" + id)
                    .header("Content-Type", "application/octet-stream")
                    .POST(HttpRequest.BodyPublishers.ofFile(file)).build(), HttpResponse.BodyHandlers.ofString());
            if (up.statusCode() != 202) {
                throw new IllegalStateException("upload answered " + up.statusCode() + ": " + up.body());
            }
            long t0 = System.nanoTime();
            long cpu0 = processCpuNanos();
            long tenthAt = t0;
            int tenthDone = 0;
            JsonNode status;
            while (true) {
                status = JSON.readTree(http.send(signed(base, "GET", "/api/v2/batch/" + id).GET().build(),
                        HttpResponse.BodyHandlers.ofString()).body()).path("data").path("batchStatus");
                if ("Completed".equals(status.path("status").asText())) {
                    break;
                }
                // The last reading short of nine tenths: the rate from there to the end covers
                // (at least) the last tenth of the job.
                int done = status.path("successCount").asInt() + status.path("errorCount").asInt();
                if (done < n * 9L / 10) {
                    tenthAt = System.nanoTime();
                    tenthDone = done;
                }
                Thread.sleep(100);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
            double lastSeconds = (System.nanoTime() - tenthAt) / 1e9;
            int lastItems = n - tenthDone;
            String p = "n_" + n + ".";
            System.out.println(p + "upload_bytes=" + bytes);
            System.out.printf("%sseconds=%.1f%n", p, seconds);
            System.out.printf("%sindicators_per_s=%.0f%n", p, n / seconds);
            System.out.printf("%slast_tenth_indicators_per_s=%.0f%n", p, lastItems / Math.max(lastSeconds, 1e-3));
            // CPU time of the whole process: steadier than wall time on a machine others share.
            System.out.printf("%scpu_seconds=%.1f%n", p, cpuSeconds);
            System.out.printf("%sindicators_per_cpu_s=%.0f%n", p, n / Math.max(cpuSeconds, 1e-3));
            System.out.println(p + "success_count=" + status.path("successCount").asInt());
            System.out.println(p + "error_count=" + status.path("errorCount").asInt());
            System.out.println(p + "stored=" + sandbox.store().countIndicators("Example Org"));
        }
        deleteTree(dir);
    }

    private static long processCpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuTime() : 0;
    }

    /** A V1 array of n IPv6 Address indicators in 2001:db8::/32, each with a tag and an attribute. */
    private static void write(Path file, int n) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write('[');
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    w.write(",\n");
                }
                w.write("{\"type\":\"Address\",\"summary\":\"2001:db8::" + Integer.toHexString(i >>> 16) + ":"
                        + Integer.toHexString(i & 0xffff) + "\",\"rating\":3,\"confidence\":50,"
                        + "\"tag\":[{\"name\":\"bench\"}],\"attribute\":[{\"type\":\"Source\",\"value\":\"bench feed\"}]}");
            }
            w.write(']');
        }
    }

    private static HttpRequest.Builder signed(URI base, String method, String target) {
        String ts = Long.toString(System.currentTimeMillis() / 1000);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String sig = Base64.getEncoder().encodeToString(
                    mac.doFinal((target + ":" + method + ":" + ts).getBytes(StandardCharsets.UTF_8)));
            return HttpRequest.newBuilder(base.resolve(target)).timeout(Duration.ofMinutes(5))
                    .header("Timestamp", ts).header("Authorization", "TC " + ID + ":" + sig);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
