package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.SharedData;
import io.tcbatch.batch.Converter;

/** The shared IOC lists imported into the sandbox, and a large list of the new shapes converted in bounded memory. */
class IocFeedsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path home;

    private JsonNode importJson(Path feed) throws Exception {
        // Jobs are polled from 20 ms on, so the test waits for the sandbox, not for a schedule.
        Cli.Result r = new Cli(home).env("TCBATCH_POLL_FIRST_MS", "20")
                .run("--output", "json", "import", feed.toString(), "--owner", "Example Org");
        assertEquals(1, r.code(), "some lines of both lists are rejected, so the run is partial: " + r.err());
        return JSON.readTree(r.out());
    }

    private static Map<Long, String> rejects(JsonNode summary) throws Exception {
        Map<Long, String> byLine = new TreeMap<>();
        for (JsonNode r : Totals.rejects(summary)) {
            assertTrue(r.get("file").asText().endsWith(".txt"), r.toString());
            assertTrue(r.hasNonNull("value"), r.toString());
            byLine.put(r.get("line").asLong(), r.get("reason").asText());
        }
        return byLine;
    }

    @Test
    void maltrailListImportsWithTheCountsOfTheReader() throws Exception {
        JsonNode s = importJson(SharedData.file("iocs/maltrail_mass_scanner.txt"));
        JsonNode t = s.get("totals");
        // 17,234 IPv4 + 1,981 IPv6 + 5 junk lines; 380 repeats sent once.
        assertEquals(19_220, t.get("read").asLong());
        assertEquals(380, t.get("duplicates").asLong());
        assertEquals(5, t.get("rejected").asLong());
        assertEquals(18_835, t.get("submitted").asLong());
        assertEquals(18_835, t.get("succeeded").asLong(), "the descriptions from the comments are accepted too");
        assertEquals(0, t.get("failed").asLong());
        Totals.assertBalanced(t);
        Map<Long, String> rejects = rejects(s);
        assertEquals(List.of(16343L, 16347L, 17474L, 17484L, 18235L), List.copyOf(rejects.keySet()));
        assertTrue(rejects.get(17474L).contains("91.196.152.28 with a stray 'C'"), rejects.get(17474L));
    }

    @Test
    void unit42NoteImportsWithTheCountsOfTheReader() throws Exception {
        JsonNode s = importJson(SharedData.file("iocs/unit42_TA551_2020-10-20_IcedID.txt"));
        JsonNode t = s.get("totals");
        // 68 values (32 File, 16 Host, 16 Address, 4 URL) + 33 rejected lines; repeats: one
        // hash (two names of one doc) and five of the addresses (159.65.114.23 five times,
        // 46.101.0.125 twice): 62 distinct indicators sent.
        assertEquals(101, t.get("read").asLong());
        assertEquals(33, t.get("rejected").asLong());
        assertEquals(6, t.get("duplicates").asLong());
        assertEquals(62, t.get("submitted").asLong());
        assertEquals(62, t.get("succeeded").asLong());
        Totals.assertBalanced(t);
        Map<Long, String> rejects = rejects(s);
        assertEquals("not a recognised indicator (unknown URL scheme 'htxxp'; a mistyped defang?)", rejects.get(59L));
        assertTrue(rejects.keySet().containsAll(List.of(90L, 91L, 92L, 93L, 94L)), "the legitimate domains' lines");
    }

    @Test
    void aLargeListOfPortsCommentsAndDefangsConvertsInBoundedMemory() throws Exception {
        Path list = home.resolve("big.txt");
        try (BufferedWriter w = Files.newBufferedWriter(list, StandardCharsets.UTF_8)) {
            for (int i = 0; i < 200_000; i++) {
                String ip = "10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255);
                switch (i % 4) {
                    case 0 -> w.write(ip + ":8080 # scanner " + i + "\n");
                    case 1 -> w.write(ip.replace(".", "[.]") + ",seen in campaign " + (i % 97) + "\n");
                    case 2 -> w.write("host" + i + ".example.com/gate.php\n");
                    default -> w.write("- hxxp://host" + i + "[.]example[.]net/x\n");
                }
            }
        }
        List<Long> used = new ArrayList<>();
        long started = System.nanoTime();
        Converter.Result r = new Converter(JSON, "V2").progress(n -> {
            if (n == 20_000 || n == 100_000 || n == 180_000) {
                used.add(usedAfterGc());
            }
        }).convert(List.of(list), OutputStream.nullOutputStream(), home.resolve("work"), home.resolve("rejects.jsonl"));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertEquals(200_000, r.read());
        assertEquals(200_000, r.written());
        assertEquals(0, r.rejected());
        assertEquals(3, used.size());
        long growth = used.get(2) - used.get(0);
        System.out.printf("IocFeedsEndToEndTest: 200,000 lines converted in %d ms; heap growth"
                + " between item 20,000 and 180,000: %d KiB%n", millis, growth / 1024);
        // Holding every item read would take well over 50 MB here; the duplicate set keeps a few MB.
        assertTrue(growth < 24L * 1024 * 1024, "heap grew by " + growth / 1024 + " KiB between item 20,000 and 180,000");
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
