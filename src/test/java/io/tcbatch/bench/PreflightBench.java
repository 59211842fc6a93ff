package io.tcbatch.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.batch.Action;
import io.tcbatch.batch.AttributeWriteType;
import io.tcbatch.batch.ImportOptions;
import io.tcbatch.batch.ImportService;
import io.tcbatch.batch.ImportSpec;
import io.tcbatch.batch.Plan;
import io.tcbatch.journal.Journal;

/**
 * The preflight ratio of issue 3: in one JVM, (a) a bare Jackson token scan of the file and
 * (b) the project's preflight of the same file (read, validate, normalise, write chunks), each
 * the best of several alternating runs, so that both see the same disk cache, JIT state and
 * machine load.
 * The ratio b/a says how much of the raw parsing speed survives all the checking; it is
 * independent of how fast the machine is, which is why the issue asks for it and not for items/s.
 *
 * <p>Usage: {@code PreflightBench FILE WORKDIR [RUNS]}. Chunks are written under WORKDIR (a
 * temporary TCBATCH_HOME) and deleted after each run, so the disk does not fill up.
 *
 * <p>Prints one {@code key=value} line per figure, for {@code bench/run} to collect.
 */
public final class PreflightBench {

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private PreflightBench() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: PreflightBench FILE WORKDIR [RUNS]");
            System.exit(2);
        }
        Path file = Path.of(args[0]);
        Path work = Path.of(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        long bytes = Files.size(file);

        ObjectMapper json = new ObjectMapper();
        ImportOptions options = ImportOptions.defaults();
        // The warm-up lets the JIT compile Jackson's parser before anything is timed. Scans and
        // preflights then alternate, so that both meet the same load when the machine is shared.
        scan(file);
        long scanBest = Long.MAX_VALUE;
        long preflightBest = Long.MAX_VALUE;
        long scanCpuBest = Long.MAX_VALUE;
        long preflightCpuBest = Long.MAX_VALUE;
        long tokens = 0;
        Plan plan = null;
        StringBuilder scanRuns = new StringBuilder();
        StringBuilder preflightRuns = new StringBuilder();
        for (int i = 0; i < runs; i++) {
            long c0 = CPU.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            tokens = scan(file);
            long dt = System.nanoTime() - t0;
            scanCpuBest = Math.min(scanCpuBest, CPU.getCurrentThreadCpuTime() - c0);
            scanBest = Math.min(scanBest, dt);
            scanRuns.append(scanRuns.isEmpty() ? "" : ",").append(seconds(dt));

            Path home = Files.createDirectories(work.resolve("preflight-" + i));
            // No API: prepare() reads, checks and writes chunks, and never sends anything.
            ImportService service = new ImportService(null, URI.create("http://127.0.0.1:1/api"), "bench",
                    new Journal(home, json, Clock.systemUTC()), options, Clock.systemUTC(), null, json);
            ImportSpec spec = new ImportSpec("Example Org", Action.Create, AttributeWriteType.Append, false, List.of(file));
            c0 = CPU.getCurrentThreadCpuTime();
            t0 = System.nanoTime();
            plan = service.prepare(spec, options.chunkSize());
            dt = System.nanoTime() - t0;
            preflightCpuBest = Math.min(preflightCpuBest, CPU.getCurrentThreadCpuTime() - c0);
            preflightBest = Math.min(preflightBest, dt);
            preflightRuns.append(preflightRuns.isEmpty() ? "" : ",").append(seconds(dt));
            deleteTree(home);
        }

        long items = plan.read();
        print("file", file.getFileName().toString());
        print("file_bytes", bytes);
        print("items_read", items);
        print("items_submitted", plan.submitted());
        print("items_rejected", plan.rejected());
        print("items_duplicate", plan.duplicates());
        print("chunks", plan.chunks().size());
        print("scan_tokens", tokens);
        // Every run's time, so a reader can see how much the machine's load moved them.
        print("scan_runs_seconds", scanRuns);
        print("preflight_runs_seconds", preflightRuns);
        figures("scan", scanBest, items, bytes);
        figures("preflight", preflightBest, items, bytes);
        print("ratio", String.format(Locale.ROOT, "%.3f", (double) scanBest / preflightBest));
        // On a shared machine wall time moves with other processes' load; the CPU time of this
        // thread moves much less. It leaves out GC threads, so it flatters preflight a little.
        print("scan_cpu_seconds", seconds(scanCpuBest));
        print("preflight_cpu_seconds", seconds(preflightCpuBest));
        print("ratio_cpu", String.format(Locale.ROOT, "%.3f", (double) scanCpuBest / preflightCpuBest));
    }

    /** Reads every token and nothing else: the floor of what any streaming reader can do. */
    static long scan(Path file) throws IOException {
        long n = 0;
        try (JsonParser p = new JsonFactory().createParser(file.toFile())) {
            while (p.nextToken() != null) {
                n++;
            }
        }
        return n;
    }

    private static void figures(String name, long nanos, long items, long bytes) {
        double s = nanos / 1e9;
        print(name + "_seconds", String.format(Locale.ROOT, "%.3f", s));
        print(name + "_items_per_s", String.format(Locale.ROOT, "%.0f", items / s));
        print(name + "_mb_per_s", String.format(Locale.ROOT, "%.1f", bytes / s / 1e6));
    }

    private static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    private static void print(String key, Object value) {
        System.out.println(key + "=" + value);
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
