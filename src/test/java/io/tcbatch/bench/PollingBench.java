package io.tcbatch.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.sandbox.RequestCounter;
import io.tcbatch.sandbox.Sandbox;
import io.tcbatch.sandbox.SandboxConfig;

/**
 * Polling cost (issue 7): how many status requests (E4 {@code GET /v2/batch/{id}}) the client
 * makes for a job the server takes a given time over, alone and with many jobs in flight at once.
 *
 * <p>Each case has its own sandbox in this JVM, with the {@code hold-running} fault armed for as
 * many jobs as the case sends: a job is reported Running for HOLD seconds from the first status
 * answer that finds it started, without holding a worker, so a hundred jobs can be "running"
 * together on two workers. The client is tcbatch itself, as a separate process ({@code java -jar
 * JAR --output json import FILE --chunk-size ITEMS}, one job per ITEMS indicators) with its
 * shipped polling settings ({@code poll.first.ms}, {@code poll.cap.seconds}); only
 * {@code jobs.inFlight} is raised to the number of jobs, so all of them are in flight at once. It
 * reaches the sandbox as a remote instance (the {@code env} profile of {@code TC_API_PATH} and
 * HMAC credentials). The requests are counted where the server receives them
 * ({@link Sandbox#requests()}). Both cases run at the same time.
 *
 * <p>Usage: {@code PollingBench JAR WORKDIR [HOLD_SECONDS [JOBS [ITEMS]]]} (defaults 60, 100, 1).
 * Prints {@code one.*} (one job) and {@code concurrent.*} (JOBS jobs) figure lines.
 */
public final class PollingBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "bench-polling-id";
    private static final String SECRET = "bench-polling-secret";
    /** Issue 7: at most 10 status requests for a job that takes 60 s. */
    static final int TARGET_PER_JOB = 10;

    private PollingBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: PollingBench JAR WORKDIR [HOLD_SECONDS [JOBS [ITEMS]]]");
            System.exit(2);
        }
        Path jar = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int hold = args.length > 2 ? Integer.parseInt(args[2]) : 60;
        int jobs = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        int items = args.length > 4 ? Integer.parseInt(args[4]) : 1;
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<String> one = pool.submit(() -> run("one", jar, work.resolve("polling-one"), hold, 1, items));
            Future<String> many = pool.submit(() -> run("concurrent", jar, work.resolve("polling-concurrent"), hold, jobs, items));
            System.out.print(one.get());
            System.out.print(many.get());
        } finally {
            pool.shutdownNow();
        }
    }

    private static String run(String name, Path jar, Path dir, int hold, int jobs, int items) throws Exception {
        deleteTree(dir);
        Files.createDirectories(dir);
        Path file = dir.resolve("indicators.json");
        write(file, jobs * items);
        SandboxConfig config = SandboxConfig.defaults(dir.resolve("sandbox"), ID, SECRET)
                .withSynchronousBatchSaveLimit(0) // every job asynchronous: this measures polling
                .withFaults(List.of("hold-running for=" + hold + "s count=" + jobs));
        try (Sandbox sandbox = Sandbox.start(config)) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ProcessBuilder pb = new ProcessBuilder(java, "-jar", jar.toString(), "--output", "json", "import",
                    file.toString(), "--owner", "Example Org", "--chunk-size", Integer.toString(items), "--yes")
                    .redirectOutput(dir.resolve("summary.json").toFile())
                    .redirectError(dir.resolve("stderr.txt").toFile());
            Map<String, String> env = pb.environment();
            env.put("TCBATCH_HOME", dir.resolve("home").toString());
            env.put("XDG_CONFIG_HOME", dir.resolve("user-config").toString());
            env.put("TC_API_PATH", sandbox.apiBase().toString());
            env.put("TC_API_ACCESS_ID", ID);
            env.put("TC_API_SECRET_KEY", SECRET);
            env.put("TC_OWNER", "Example Org");
            env.put("TCBATCH_JOBS_INFLIGHT", Integer.toString(jobs));
            // Nothing else of the environment may change the client's settings.
            env.keySet().removeIf(k -> k.startsWith("TCBATCH_") && !k.equals("TCBATCH_HOME") && !k.equals("TCBATCH_JOBS_INFLIGHT"));
            env.remove("TC_API_TOKEN");
            long t0 = System.nanoTime();
            Process p = pb.start();
            if (!p.waitFor(hold * 3L + 300, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(name + ": the import did not end; see " + dir.resolve("stderr.txt"));
            }
            double wall = (System.nanoTime() - t0) / 1e9;
            RequestCounter.Snapshot counts = sandbox.requests().snapshot();
            long unpolled = jobs - counts.jobs().size();
            if (unpolled > 0) {
                // A job answered Completed inside its upload (a synchronous small job) is never
                // polled, and then this case does not measure what it is for.
                System.err.println("PollingBench: " + name + ": " + unpolled + " of " + jobs
                        + " jobs got no status request (answered synchronously?); raise ITEMS (BENCH_POLLING_ITEMS)");
            }
            return figures(name, p.exitValue(), wall, hold, dir.resolve("summary.json"), counts);
        }
    }

    /** The figure lines of one case, from the server's counts and the client's run summary. */
    static String figures(String name, int exitCode, double wall, int hold, Path summaryFile, RequestCounter.Snapshot s)
            throws IOException {
        StringBuilder out = new StringBuilder();
        String p = name + ".";
        JsonNode summary = Files.size(summaryFile) > 0 ? JSON.readTree(summaryFile.toFile()) : JSON.createObjectNode();
        List<RequestCounter.JobRequests> jobs = new ArrayList<>(s.jobs().values());
        double[] perJob = jobs.stream().mapToDouble(RequestCounter.JobRequests::statusRequests).toArray();
        // Creation to the first status answer that said Completed: the hold, plus the wait for the
        // first status request (which starts the hold), plus how late the client saw the end.
        double[] seconds = jobs.stream().filter(j -> j.createdAt() != null && j.completedAnsweredAt() != null)
                .mapToDouble(j -> Duration.between(j.createdAt(), j.completedAnsweredAt()).toMillis() / 1000.0).toArray();
        out.append(p).append("exit_code=").append(exitCode).append('\n');
        out.append(p).append("jobs=").append(jobs.size()).append('\n');
        out.append(p).append("jobs_in_summary=").append(summary.path("jobs").size()).append('\n');
        out.append(p).append("succeeded=").append(summary.path("totals").path("succeeded").asLong()).append('\n');
        out.append(String.format(Locale.ROOT, "%swall_seconds=%.1f%n", p, wall));
        out.append(p).append("hold_seconds=").append(hold).append('\n');
        if (seconds.length > 0) {
            out.append(prefixed(p, Stats.lines("completed_seen_seconds", "", seconds)));
        }
        out.append(p).append("jobs_completed_answered=").append(seconds.length).append('\n');
        out.append(p).append("status_requests_total=").append(s.count("status")).append('\n');
        if (perJob.length > 0) {
            out.append(String.format(Locale.ROOT, "%sstatus_requests_per_job_median=%s%n", p, number(Stats.median(perJob))));
            out.append(String.format(Locale.ROOT, "%sstatus_requests_per_job_min=%s%n", p, number(Stats.min(perJob))));
            out.append(String.format(Locale.ROOT, "%sstatus_requests_per_job_max=%s%n", p, number(Stats.max(perJob))));
        }
        out.append(p).append("status_requests_target_per_60s_job=").append(TARGET_PER_JOB).append('\n');
        for (String kind : List.of("create", "upload", "errors", "results", "read")) {
            out.append(p).append("requests_").append(kind).append('=').append(s.count(kind)).append('\n');
        }
        return out.toString();
    }

    private static String prefixed(String prefix, String lines) {
        StringBuilder b = new StringBuilder();
        for (String l : lines.split("\\R")) {
            // Per-job lists of 100 values are kept to the median, minimum and maximum.
            if (!l.isEmpty() && !l.contains("_runs")) {
                b.append(prefix).append(l).append('\n');
            }
        }
        return b.toString();
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }

    /** N distinct IPv6 Address indicators under the documentation prefix 2001:db8::/32, Batch JSON V2. */
    private static void write(Path file, int n) throws IOException {
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("{\"indicator\":[\n");
            for (int i = 0; i < n; i++) {
                w.write((i == 0 ? "" : ",\n") + "{\"type\":\"Address\",\"summary\":\"2001:db8::"
                        + Integer.toHexString(i + 1) + "\",\"rating\":3,\"confidence\":60}");
            }
            w.write("\n]}\n");
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
