package io.tcbatch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Turns what one end-to-end import left behind into figures: the run summary (standard output
 * of {@code --output json}), the unified GC log ({@code -Xlog:gc:file=…}) and, when present, the
 * report of {@code /usr/bin/time -v}. Parsing lives here rather than in the shell script so that
 * it does not depend on which awk or sed the machine has.
 *
 * <p>Usage: {@code ImportFigures EXPECTED_ITEMS SUMMARY.json GC.log [TIME.txt]}. Prints
 * {@code key=value} lines; exits 1 when the import did not succeed for every item.
 */
public final class ImportFigures {

    // "… Pause Young (Normal) (G1 Evacuation Pause) 213M->76M(256M) 26.535ms"
    private static final Pattern PAUSE = Pattern.compile("Pause.* (\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    private ImportFigures() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: ImportFigures EXPECTED_ITEMS SUMMARY.json GC.log [TIME.txt]");
            System.exit(2);
        }
        long expected = Long.parseLong(args[0]);
        Heap heap = heap(Files.readAllLines(Path.of(args[2])));
        print("gc_pauses", heap.pauses);
        print("heap_peak_used_mb", heap.maxBefore);
        print("heap_max_after_gc_mb", heap.maxAfter);
        print("heap_max_committed_mb", heap.maxCommitted);
        if (args.length > 3 && Files.isRegularFile(Path.of(args[3]))) {
            for (String line : Files.readAllLines(Path.of(args[3]))) {
                String l = line.strip();
                if (l.startsWith("Maximum resident set size (kbytes):")) {
                    print("rss_peak_mb", Long.parseLong(l.substring(l.indexOf(':') + 1).strip()) / 1024);
                }
            }
        }
        boolean ok = false;
        String summary = Files.readString(Path.of(args[1]));
        if (summary.isBlank()) {
            print("summary", "missing");
        } else {
            JsonNode s = new ObjectMapper().readTree(summary);
            JsonNode t = s.path("totals");
            for (String k : List.of("read", "duplicates", "rejected", "submitted", "succeeded", "failed", "unprocessed")) {
                print("totals_" + k, t.path(k).asText("missing"));
            }
            print("jobs", s.path("jobs").size());
            print("summary_exit_code", s.path("exitCode").asText("missing"));
            ok = s.path("exitCode").asInt(-1) == 0 && t.path("read").asLong(-1) == expected
                    && t.path("succeeded").asLong(-1) == expected;
        }
        print("all_succeeded", ok);
        System.exit(ok ? 0 : 1);
    }

    record Heap(int pauses, long maxBefore, long maxAfter, long maxCommitted) {
    }

    /**
     * The largest heap in use at any collection (before it: the peak the collector saw), the
     * largest left after one (the live set, which is what a smaller -Xmx must hold), and the
     * largest committed size, all in MiB.
     */
    static Heap heap(List<String> lines) {
        int pauses = 0;
        long before = 0;
        long after = 0;
        long committed = 0;
        for (String line : lines) {
            Matcher m = PAUSE.matcher(line);
            if (m.find()) {
                pauses++;
                before = Math.max(before, mib(m.group(1), m.group(2)));
                after = Math.max(after, mib(m.group(3), m.group(4)));
                committed = Math.max(committed, mib(m.group(5), m.group(6)));
            }
        }
        return new Heap(pauses, before, after, committed);
    }

    private static long mib(String n, String unit) {
        long v = Long.parseLong(n);
        return switch (unit) {
            case "K" -> v / 1024;
            case "G" -> v * 1024;
            default -> v;
        };
    }

    private static void print(String key, Object value) {
        System.out.println(key + "=" + value);
    }
}
