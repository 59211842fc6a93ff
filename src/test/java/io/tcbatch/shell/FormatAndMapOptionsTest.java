package io.tcbatch.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tcbatch.batch.UsageException;
import io.tcbatch.input.Input;
import io.tcbatch.input.ItemSource;

/** {@code --format} and {@code --map}: the inputs they make, and the usage errors listing what is allowed. */
class FormatAndMapOptionsTest {
    @TempDir
    Path dir;

    private static String formatOf(Input input) throws IOException {
        try (ItemSource s = input.open(in -> in)) {
            return s.formatName();
        }
    }

    @Test
    void theFormatForcesTheReaderAndTheMapMakesCsv() throws IOException {
        Path dat = dir.resolve("feed.dat");
        Files.writeString(dat, "ip,port\n192.0.2.1,443\n");
        assertEquals("IOC list", formatOf(ShellCommands.inputs(List.of(dat), null, null).get(0)));
        assertEquals("CSV (columns guessed: value ip; type detected; port port)",
                formatOf(ShellCommands.inputs(List.of(dat), "CSV", null).get(0)));
        assertEquals("CSV (value ip; type Address; ignored: port)",
                formatOf(ShellCommands.inputs(List.of(dat), null, "value=ip,type=Address").get(0)));
        assertEquals("CSV (value ip; type Address; ignored: port)",
                formatOf(ShellCommands.inputs(List.of(dat), "csv", "value=ip,type=ip").get(0)));
    }

    @Test
    void wrongValuesAreUsageErrorsListingTheAllowedOnes() {
        Path p = dir.resolve("x.csv");
        assertEquals("--format: unknown format 'xml' (expected one of: auto, json, ioc, csv, stix, misp, jsonl)",
                assertThrows(UsageException.class, () -> ShellCommands.inputs(List.of(p), "xml", null)).getMessage());
        assertEquals("--map: unknown mapping key 'valeu' (keys: value, type, typeColumn, md5, sha1, sha256, rating,"
                        + " confidence, tags, attribute.TYPE, description, source, firstSeen, lastSeen, port, delimiter,"
                        + " header, zone)",
                assertThrows(UsageException.class, () -> ShellCommands.inputs(List.of(p), null, "valeu=ip")).getMessage());
        assertEquals("--map is a CSV column mapping; it does not go with --format stix",
                assertThrows(UsageException.class, () -> ShellCommands.inputs(List.of(p), "stix", "value=ip")).getMessage());
    }

    @Test
    void formatValuesAreOfferedForCompletion() {
        assertEquals(List.of("auto", "json", "ioc", "csv", "stix", "misp", "jsonl"), Vocab.BY_OPTION.get("format"));
    }
}
