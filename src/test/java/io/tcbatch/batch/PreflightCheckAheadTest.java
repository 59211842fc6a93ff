package io.tcbatch.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.input.Input;
import io.tcbatch.input.InputException;
import io.tcbatch.input.Inputs;

/**
 * Checking items ahead on a second thread must change nothing: the same inputs are prepared with
 * checking on the caller's thread only and with checking ahead from the first item, and the
 * counts, chunk files, rejects and duplicates must be identical; a syntax error is reported the
 * same, after the same items.
 */
class PreflightCheckAheadTest {
    @TempDir
    Path dir;

    private Plan prepare(List<Input> inputs, int checkAheadAfter, String name, String version) throws IOException {
        Path runDir = Files.createDirectories(dir.resolve(name));
        Preflight p = new Preflight(new ObjectMapper(), 700, 2_000_000, version);
        p.checkAheadAfter = checkAheadAfter;
        return p.run("r1", runDir, inputs);
    }

    /** Items of every sort: valid, normalised, duplicates (also across files), rejects, groups, associations. */
    private static String batch(int n, int seed) {
        StringBuilder b = new StringBuilder("{\"group\":[{\"type\":\"Incident\",\"name\":\"n\",\"xid\":\"g-" + seed + "\"}],\n\"indicator\":[\n");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",\n");
            switch (i % 7) {
                case 0 -> b.append("{\"type\":\"Host\",\"summary\":\"h").append(i).append(".example.com\",\"rating\":").append(i % 6).append('}');
                case 1 -> b.append("{\"type\":\"Host\",\"summary\":\"H").append(i).append(".Example.com\"}");
                case 2 -> b.append("{\"type\":\"Address\",\"summary\":\"2001:DB8::").append(Integer.toHexString(i)).append("\"}");
                case 3 -> b.append("{\"type\":\"URL\",\"summary\":\"https://example.com/").append(i).append("\", \"confidence\":\"7\"}");
                case 4 -> b.append("{\"type\":\"Host\",\"summary\":\"not a host ").append(i).append("\"}"); // rejected
                case 5 -> b.append("{\"type\":\"Address\",\"summary\":\"192.0.2.").append(i % 256).append("\"}"); // many repeats
                default -> b.append("{\"type\":\"Host\",\"summary\":\"h").append(i - 6).append(".example.com\"}"); // duplicate
            }
        }
        return b.append("],\"association\":[{\"ref_1\":\"g-").append(seed).append("\",\"ref_2\":\"g-").append(seed).append("\"}]}").toString();
    }

    private void same(Plan a, Plan b) throws IOException {
        assertEquals(List.of(b.read(), b.duplicates(), b.rejected(), b.dropped(), (long) b.chunks().size()),
                List.of(a.read(), a.duplicates(), a.rejected(), a.dropped(), (long) a.chunks().size()));
        for (int i = 0; i < a.chunks().size(); i++) {
            assertArrayEquals(Files.readAllBytes(b.chunks().get(i).file()), Files.readAllBytes(a.chunks().get(i).file()),
                    "chunk " + i);
        }
        for (String f : List.of("rejects.jsonl", "duplicates.jsonl")) {
            assertEquals(Files.readString(b.runDir().resolve(f)), Files.readString(a.runDir().resolve(f)), f);
        }
    }

    @Test
    void checkingAheadGivesTheSameRunAsCheckingOnTheCallersThread() throws IOException {
        Path one = Files.writeString(dir.resolve("one.json"), batch(5_000, 1), StandardCharsets.UTF_8);
        Path two = Files.writeString(dir.resolve("two.json"), batch(3_000, 2), StandardCharsets.UTF_8);
        Path list = Files.writeString(dir.resolve("three.txt"), "198.51.100.7\nexample.com\nnot-an-ioc ?\n198.51.100.7\n",
                StandardCharsets.UTF_8);
        List<Input> inputs = List.of(Inputs.file(one), Inputs.file(two), Inputs.file(list));
        Plan serial = prepare(inputs, -1, "serial", "V2");
        for (int after : List.of(0, 1, 130, 4_999)) {
            same(prepare(inputs, after, "ahead-" + after, "V2"), serial);
        }
        assertEquals(5_002 + 3_002 + 4, serial.read()); // indicators, a group and an association each, four lines
        // Real work was done: repeats within and across files, and rejects.
        assertTrue(serial.duplicates() > 2_000, "duplicates " + serial.duplicates());
        assertTrue(serial.rejected() > 1_000, "rejected " + serial.rejected());
    }

    @Test
    void aSyntaxErrorIsTheSameAndComesAfterTheSameItems() throws IOException {
        String good = batch(1_000, 1);
        // Cut inside the indicator array, with a stray character: an error at a known line.
        String bad = good.substring(0, good.lastIndexOf("],\"association\"")) + ",\n{\"type\":\"Host\" \"summary\":\"x.example.com\"}]}";
        Path f = Files.writeString(dir.resolve("bad.json"), bad, StandardCharsets.UTF_8);
        List<String> messages = new ArrayList<>();
        for (int after : List.of(-1, 0, 300)) {
            InputException e = assertThrows(InputException.class,
                    () -> prepare(List.of(Inputs.file(f)), after, "bad" + after, "V2"));
            messages.add(e.getMessage());
        }
        assertEquals(1, messages.stream().distinct().count(), messages.toString());
        assertTrue(messages.get(0).contains(":1003:"), messages.get(0));
    }

    @Test
    void aV1RefusalIsTheSameWithCheckingAhead() throws IOException {
        Path f = Files.writeString(dir.resolve("v2.json"), batch(3_000, 1), StandardCharsets.UTF_8);
        List<String> messages = new ArrayList<>();
        for (int after : List.of(-1, 0)) {
            UsageException e = assertThrows(UsageException.class,
                    () -> prepare(List.of(Inputs.file(f)), after, "v1-" + after, "V1"));
            messages.add(e.getMessage());
        }
        assertEquals(messages.get(0), messages.get(1));
    }
}
