package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** A run summary as the end-to-end tests check it: totals that balance, and the rejects file it names. */
final class Totals {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where every item read ends up (DESIGN.md, the run summary); a missing one counts as 0. */
    private static final List<String> PARTS =
            List.of("succeeded", "failed", "unprocessed", "unconfirmed", "rejected", "duplicates", "dropped");

    private Totals() {
    }

    /** read = succeeded+failed+unprocessed+unconfirmed+rejected+duplicates+dropped. */
    static void assertBalanced(JsonNode totals) {
        long accounted = 0;
        for (String k : PARTS) {
            accounted += totals.path(k).asLong(0);
        }
        assertEquals(totals.path("read").asLong(), accounted, "read = " + String.join("+", PARTS) + ": " + totals);
    }

    /** The lines of the summary's rejects file, in order, each a JSON object (file, line, value, reason). */
    static List<JsonNode> rejects(JsonNode summary) throws IOException {
        List<JsonNode> rejects = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(summary.path("rejects").asText()))) {
            rejects.add(JSON.readTree(line));
        }
        return rejects;
    }
}
