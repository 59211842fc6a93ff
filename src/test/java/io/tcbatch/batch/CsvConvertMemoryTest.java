package io.tcbatch.batch;

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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.input.Inputs;
import io.tcbatch.input.ItemTransform;

/** A large CSV converts row by row: the heap does not grow with the rows read. */
class CsvConvertMemoryTest {
    @TempDir
    Path dir;

    @Test
    void aLargeCsvConvertsInBoundedMemory() throws Exception {
        Path csv = dir.resolve("big.csv");
        try (BufferedWriter w = Files.newBufferedWriter(csv, StandardCharsets.UTF_8)) {
            w.write("# generated\r\n\"first_seen_utc\",\"dst_ip\",\"dst_port\",\"malware\"\r\n");
            for (int i = 0; i < 100_000; i++) {
                w.write("\"2024-05-01 00:00:00\",\"10." + (i >> 16) + "." + ((i >> 8) & 255) + "." + (i & 255)
                        + "\",\"443\",\"Example, a family\"\r\n");
            }
        }
        List<Long> used = new ArrayList<>();
        long start = System.nanoTime();
        Converter.Result r = new Converter(new ObjectMapper(), "V2").progress(n -> {
            if (n == 10_000 || n == 50_000 || n == 90_000) {
                used.add(usedAfterGc());
            }
        }).convertInputs(List.of(Inputs.file(csv)), OutputStream.nullOutputStream(), dir, dir.resolve("rejects.jsonl"),
                ItemTransform.NONE);
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertEquals(100_000, r.read());
        assertEquals(100_000, r.written());
        assertEquals(0, r.rejected());
        assertEquals(3, used.size());
        long growth = used.get(2) - used.get(0);
        System.out.println("CSV convert: 100,000 rows, " + Files.size(csv) / 1024 + " KiB, " + ms + " ms, heap growth "
                + growth / 1024 + " KiB between rows 10,000 and 90,000");
        // Every item kept would be 80,000 JSON trees here (well over 50 MB); the duplicate set is 16 bytes an item.
        assertTrue(growth < 24L * 1024 * 1024, "heap grew by " + growth / 1024 + " KiB between row 10,000 and 90,000");
    }

    private static long usedAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
