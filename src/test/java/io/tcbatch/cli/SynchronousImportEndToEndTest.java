package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A small import against the built-in sandbox (profile local, synchronous mode set to 100)
 * ends with the upload answer: no status request is made. The first status request is armed to
 * fail (503, with the client's retries off), which the watch reports as "cannot read the status";
 * the control run with the mode off shows that a poll does meet it.
 */
class SynchronousImportEndToEndTest {

    private static final String STATUS_REFUSED = "fault.1=error count=1 status=503 on=status\n";
    private static final String UNREADABLE = "cannot read the status of job";

    @TempDir
    Path dir;

    @Test
    void aOneIndicatorImportIsCompletedByItsUploadAnswerWithoutAPoll() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve("sandbox.properties"), STATUS_REFUSED + "synchronousBatchSaveLimit=100\n");
        Files.writeString(home.resolve("config.properties"), "http.retry.maxAttempts=1\n");
        Cli.Result r = new Cli(home).run("--output", "json", "import", feed().toString(), "--owner", "Example Org");
        assertEquals(0, r.code(), r.toString());
        JsonNode summary = new ObjectMapper().readTree(r.out());
        assertEquals("Completed", summary.at("/jobs/0/status").asText(), r.out());
        assertEquals(1, summary.at("/totals/succeeded").asInt(), r.out());
        assertEquals(1, summary.at("/totals/read").asInt(), r.out());
        assertFalse(r.err().contains(UNREADABLE), r.err());
    }

    @Test
    void withTheModeOffTheSameImportPollsAndMeetsTheFault() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve("sandbox.properties"), STATUS_REFUSED + "synchronousBatchSaveLimit=0\n");
        Files.writeString(home.resolve("config.properties"), "http.retry.maxAttempts=1\n");
        Cli.Result r = new Cli(home).run("--output", "json", "import", feed().toString(), "--owner", "Example Org");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().contains(UNREADABLE), r.err());
    }

    private Path feed() throws Exception {
        return Files.writeString(dir.resolve("one.json"), "{\"indicator\":[{\"type\":\"Address\",\"summary\":\"192.0.2.1\"}]}");
    }
}
