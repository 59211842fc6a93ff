package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.batch.Converter;

/** {@code convert}: the same checks and counts as an import's preflight, in bounded memory. */
class ConvertCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path home;

    @Test
    void convertedSamplesValidateWithTheSameCounts() throws Exception {
        Cli cli = new Cli(home);
        Path out = home.resolve("converted.json");
        Cli.Result r = cli.run("--output", "json", "convert", "dsl-examples/samples/quickstart.json",
                "dsl-examples/samples/iocs.txt", "--out", out.toString());
        assertEquals(1, r.code(), "iocs.txt holds one item the checks reject: " + r.err());
        JsonNode counts = JSON.readTree(r.out());
        Cli.Result before = cli.run("--output", "json", "validate", "dsl-examples/samples/quickstart.json",
                "dsl-examples/samples/iocs.txt");
        JsonNode original = JSON.readTree(before.out());
        assertEquals(original.get("read"), counts.get("read"));
        assertEquals(original.get("duplicates"), counts.get("duplicates"));
        assertEquals(original.get("rejected"), counts.get("rejected"));
        assertEquals(original.get("submitted").asLong(), counts.get("written").asLong());
        assertEquals(out.toAbsolutePath().toString(), counts.get("out").asText());
        Path rejects = Path.of(counts.get("rejectsFile").asText());
        assertEquals(home.resolve("converted.rejects.jsonl"), rejects);
        JsonNode reject = JSON.readTree(Files.readAllLines(rejects).get(0));
        assertTrue(reject.get("file").asText().endsWith("iocs.txt") && reject.get("line").asLong() > 0, reject.toString());

        Cli.Result after = cli.run("--output", "json", "validate", out.toString());
        assertEquals(0, after.code(), after.err());
        JsonNode converted = JSON.readTree(after.out());
        assertEquals(counts.get("written"), converted.get("read"));
        assertEquals(0, converted.get("duplicates").asLong());
        assertEquals(0, converted.get("rejected").asLong());
        assertEquals(original.get("submitted"), converted.get("submitted"));
        assertEquals(original.at("/jobs/0/indicators"), converted.at("/jobs/0/indicators"));
        assertEquals(original.at("/jobs/0/groups"), converted.at("/jobs/0/groups"));
        assertEquals(original.at("/jobs/0/associations"), converted.at("/jobs/0/associations"));
        JsonNode doc = JSON.readTree(out.toFile());
        // Defanged values come out restored, as the preflight sends them.
        assertTrue(doc.toString().contains("\"phish-login.example.net\""), doc.toString());
    }

    @Test
    void toStandardOutputTheCountsGoToStandardErrorAndJsonNeedsOut() throws Exception {
        Cli cli = new Cli(home).env("TCBATCH_PROFILE", "no-such-profile");
        Cli.Result r = cli.run("convert", "dsl-examples/samples/iocs.txt", "--version", "v1");
        assertEquals(1, r.code(), r.err());
        JsonNode doc = JSON.readTree(r.out());
        assertTrue(doc.isArray(), "V1: an array of indicators");
        assertEquals(14, doc.size());
        assertTrue(r.err().startsWith("read 16, written 14, duplicates 1, rejected 1 (see "), r.err());

        Cli.Result json = cli.run("--output", "json", "convert", "dsl-examples/samples/iocs.txt");
        assertEquals(2, json.code());
        assertTrue(json.err().contains("convert --output json needs --out FILE"), json.err());
    }

    @Test
    void aSyntaxErrorWritesNothing() throws Exception {
        Path bad = home.resolve("bad.json");
        Files.writeString(bad, "{\"indicator\": [{\"type\": \"Host\", \"summary\": \"a.example.com\"},]}");
        Path out = home.resolve("out.json");
        Cli.Result r = new Cli(home).run("convert", bad.toString(), "--out", out.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().startsWith("tcbatch: " + bad + ":1:"), r.err());
        assertFalse(Files.exists(out));
        try (var left = Files.list(home)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith(".part")), "no half document left");
        }
        Cli.Result noFolder = new Cli(home).run("convert", "dsl-examples/samples/iocs.txt", "--out",
                home.resolve("no-such-folder/out.json").toString());
        assertEquals(2, noFolder.code(), noFolder.err());
        assertTrue(noFolder.err().contains("its folder does not exist"), noFolder.err());
    }

    @Test
    void aLargeListConvertsInBoundedMemory() throws Exception {
        Path list = home.resolve("big.txt");
        try (BufferedWriter w = Files.newBufferedWriter(list, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 200_000; i++) {
                w.write("10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255) + "\n");
            }
        }
        List<Long> used = new ArrayList<>();
        Converter.Result r = new Converter(JSON, "V2").progress(n -> {
            if (n == 20_000 || n == 100_000 || n == 180_000) {
                used.add(usedAfterGc());
            }
        }).convert(List.of(list), OutputStream.nullOutputStream(), home.resolve("work"), home.resolve("rejects.jsonl"));
        assertEquals(200_000, r.read());
        assertEquals(200_000, r.written());
        assertEquals(3, used.size());
        // A list of every item read would hold 160,000 JSON trees here (well over 50 MB); the
        // duplicate set keeps 16 bytes an item, a few MB.
        long growth = used.get(2) - used.get(0);
        assertTrue(growth < 24L * 1024 * 1024, "heap grew by " + growth / 1024 + " KiB between item 20,000 and 180,000");
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
