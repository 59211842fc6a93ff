package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.journal.JobRecord;
import io.tcbatch.journal.RunRecord;

/** {@code resubmit RUN}: the fixed failed items of a run sent again as a new run, and what it refuses. */
class ResubmitCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void sendsTheFixedFailedItemsAsANewRunWithTheRunsOptions() throws Exception {
        Cli cli = new Cli(home).env("TCBATCH_POLL_FIRST_MS", "20");
        Path feed = Files.writeString(home.resolve("feed.json"), ErrorsCommandTest.FEED);
        assertEquals(1, cli.run("import", feed.toString(), "--owner", "Example Org", "--attribute-write-type", "Append").code());
        RunRecord run = CommandsTestSupport.latest(home);
        Path failed = home.resolve("runs").resolve(run.run()).resolve("failed-items.json");
        JsonNode before = JSON.readTree(failed.toFile());
        assertEquals(1, before.get("association").size(), before.toString());
        // The user's fix: the association goes, a second host is added.
        Files.writeString(failed, "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"bad.example.com\"},"
                + "{\"type\":\"Host\",\"summary\":\"fixed.example.com\"}],\"group\":[],\"association\":[]}");

        Cli.Result r = cli.run("--output", "json", "resubmit", run.run());
        assertEquals(0, r.code(), r.err());
        JsonNode s = JSON.readTree(r.out());
        assertNotEquals(run.run(), s.get("run").asText(), "a new run");
        assertEquals("Example Org", s.get("owner").asText());
        assertEquals(2, s.at("/totals/read").asLong(), s.toString());
        assertEquals(2, s.at("/totals/succeeded").asLong());
        assertEquals(0, s.at("/totals/failed").asLong());
        RunRecord again = CommandsTestSupport.latest(home);
        assertEquals(s.get("run").asText(), again.run());
        assertEquals("Append", again.options().attributeWriteType(), "the first run's options");
        assertEquals(java.util.List.of(failed.toString()), again.files());

        // The new run failed nothing.
        Cli.Result none = cli.run("resubmit", again.run());
        assertEquals(0, none.code(), none.err());
        assertEquals("run " + again.run() + " has no failed items\n", none.out());
    }

    @Test
    void aMissingEmptyOrBrokenFileIsOneLineNamingIt() throws Exception {
        Cli cli = new Cli(home);
        String id = "20261204-100000-abcd";
        CommandsTestSupport.journal(home).save(new RunRecord(id, "2026-12-04T10:00:00Z", "local", null, "Example Org",
                "Create", java.util.List.of("f.json"), java.util.List.of(new JobRecord(5L, 1, 3, "Completed", 2, 1, 0)),
                "done", 1, new RunRecord.Preflight(3, 0, 0, null)));
        Path failed = home.resolve("runs").resolve(id).resolve("failed-items.json");

        Cli.Result missing = cli.run("resubmit", id);
        assertEquals(2, missing.code());
        assertTrue(missing.err().startsWith("tcbatch: " + failed + " is missing, though run " + id + " counted 1 failed"),
                missing.err());

        Files.writeString(failed, "");
        Cli.Result empty = cli.run("resubmit", id);
        assertEquals(2, empty.code());
        assertTrue(empty.err().startsWith("tcbatch: " + failed + " is empty;"), empty.err());

        Files.writeString(failed, "{\"indicator\":[\n");
        Cli.Result broken = cli.run("resubmit", id);
        assertEquals(2, broken.code());
        assertTrue(broken.err().startsWith("tcbatch: " + failed + ":2:1: not valid JSON"), broken.err());
        assertEquals(1, broken.err().lines().count(), broken.err());
    }

    @Test
    void aRunOfAnotherProfileIsNotSentHere() throws Exception {
        String id = "20261204-100000-beef";
        CommandsTestSupport.journal(home).save(new RunRecord(id, "2026-12-04T10:00:00Z", "prod", null, "Example Org",
                "Create", java.util.List.of("f.json"), java.util.List.of(new JobRecord(5L, 1, 3, "Completed", 2, 1, 0)),
                "done", 1, null));
        Files.writeString(home.resolve("runs").resolve(id).resolve("failed-items.json"),
                "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"x.example.com\"}]}");
        Cli.Result r = new Cli(home).run("resubmit", id);
        assertEquals(2, r.code());
        assertTrue(r.err().contains("run " + id + " was sent with profile 'prod', this is profile 'local'"), r.err());
    }
}
