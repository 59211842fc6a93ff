package io.tcbatch.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Preflight of ~200,000 generated indicators against a bare Jackson token scan of the same
 * file. Not timed: the machine's load decides the numbers, so it only prints the ratio (the
 * goal is at least 0.4) and checks that every item came through.
 */
class PreflightThroughputTest {
    private static final int N = 200_000;

    @TempDir
    Path dir;

    @Test
    void printsPreflightSpeedRelativeToABareTokenScan() throws IOException {
        Path file = dir.resolve("big.json");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("{\"indicator\":[\n");
            for (int i = 0; i < N; i++) {
                if (i > 0) {
                    w.write(",\n");
                }
                if (i % 2 == 0) {
                    w.write("{\"type\":\"Host\",\"summary\":\"h" + i + ".example.com\",\"rating\":3,\"confidence\":50,"
                            + "\"tag\":[{\"name\":\"feed\"}]}");
                } else {
                    w.write("{\"type\":\"Address\",\"summary\":\"10." + (i >> 16 & 255) + "." + (i >> 8 & 255) + "."
                            + (i & 255) + "\",\"attribute\":[{\"type\":\"Source\",\"value\":\"generated\"}]}");
                }
            }
            w.write("]}");
        }
        ObjectMapper json = new ObjectMapper();
        // Best of three for each, after a warm-up: on a shared machine the slowest run says more
        // about the neighbours than about the code.
        long tokens = scan(file);
        long scanNanos = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            scan(file);
            scanNanos = Math.min(scanNanos, System.nanoTime() - t0);
        }
        Plan warm = preflight(json, file, "warm");
        Plan plan = null;
        long preflightNanos = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t1 = System.nanoTime();
            plan = preflight(json, file, "timed" + i);
            preflightNanos = Math.min(preflightNanos, System.nanoTime() - t1);
        }

        assertEquals(N, warm.read());
        assertEquals(N, plan.read());
        assertEquals(0, plan.rejected());
        assertEquals(N, plan.submitted());
        assertEquals(N / 5000, plan.chunks().size());
        System.out.printf("preflight of %,d indicators (%,d bytes, %,d tokens): scan %d ms, preflight %d ms,"
                        + " ratio %.2f (goal >= 0.4)%n", N, Files.size(file), tokens, scanNanos / 1_000_000,
                preflightNanos / 1_000_000, (double) scanNanos / preflightNanos);
    }

    private Plan preflight(ObjectMapper json, Path file, String name) throws IOException {
        Path runDir = Files.createDirectories(dir.resolve(name));
        return new Preflight(json, 5000, 2_000_000, "V2").run(name, runDir, List.of(io.tcbatch.input.Inputs.file(file)));
    }

    private static long scan(Path file) throws IOException {
        long n = 0;
        try (InputStream in = Files.newInputStream(file); JsonParser p = new JsonFactory().createParser(in)) {
            while (p.nextToken() != null) {
                n++;
            }
        }
        return n;
    }
}
