package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.journal.JobRecord;
import io.tcbatch.journal.Journal;
import io.tcbatch.journal.RunRecord;

/** {@code runs} and {@code runs prune} as single commands, on a real run of the sandbox and two old ones. */
class RunsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private void oldRun(String id, String state) throws Exception {
        try (Journal j = new Journal(home, JSON, Clock.systemUTC())) {
            j.save(new RunRecord(id, "2000-01-01T00:00:00Z", "local", null, "Archive Org", "Create", List.of("old.json"),
                    List.of(new JobRecord(7L, 1, 4, "Completed", 4, 0, 0), new JobRecord(null, 2, 3, "Planned", null, null, null)),
                    state, null, null, null, null, Map.of("origin", "script old.groovy")));
            Files.createDirectories(j.runDir(id));
            Files.writeString(j.runDir(id).resolve("chunk-0002.json"), "x".repeat(100));
        }
    }

    @Test
    void runsListsAndPruneRemovesOnlyWhatItSaysAfterAskingForYes() throws Exception {
        Cli cli = new Cli(home);
        assertEquals(0, cli.run("import", "dsl-examples/samples/quickstart.json", "--owner", "Example Org").code());
        String recent = CommandsTestSupport.latest(home).run();
        oldRun("20000101-000000-aaaa", "done");
        oldRun("20000101-000001-bbbb", "watching");

        Cli.Result table = cli.run("runs");
        assertEquals(0, table.code(), table.err());
        List<String> lines = table.out().lines().toList();
        assertTrue(lines.get(0).matches("RUN\\s+STARTED\\s+ORIGIN\\s+OWNER\\s+ACTION\\s+STATE\\s+CHUNKS SENT\\s+ITEMS"), lines.get(0));
        assertTrue(lines.get(1).startsWith(recent) && lines.get(1).matches(".*Example Org\\s+Create\\s+done \\(exit 0\\)\\s+1/1\\s+10$"),
                table.out());
        assertTrue(lines.get(2).matches("20000101-000001-bbbb\\s+.*script old.groovy\\s+Archive Org\\s+Create\\s+watching\\s+1/2\\s+7$"),
                lines.get(2));
        assertEquals(4, lines.size(), table.out());
        assertEquals(3, cli.run("runs", "--limit", "2").out().lines().count(), "a header and two runs");

        JsonNode all = JSON.readTree(cli.run("--output", "json", "runs", "--all").out());
        assertEquals(3, all.size());
        assertEquals("20000101-000000-aaaa", all.get(2).get("run").asText());
        assertEquals(1, all.get(2).get("chunksSent").asInt());
        assertEquals(2, all.get(2).get("chunks").asInt());

        // No terminal and no --yes: one line, exit 2, nothing removed.
        Cli.Result asked = cli.run("runs", "prune", "--older-than", "30d");
        assertEquals(2, asked.code(), asked.out() + asked.err());
        assertTrue(asked.err().contains("--yes"), asked.err());
        assertEquals(1, asked.err().lines().count(), asked.err());
        assertEquals(3, JSON.readTree(cli.run("--output", "json", "runs", "--all").out()).size());

        Cli.Result pruned = cli.run("runs", "prune", "--older-than", "30d", "--yes");
        assertEquals(0, pruned.code(), pruned.err());
        assertEquals("removed 1 run (20000101-000000-aaaa), freed 100 bytes\n", pruned.out());
        assertFalse(Files.exists(home.resolve("runs/20000101-000000-aaaa")));
        assertTrue(Files.exists(home.resolve("runs/20000101-000001-bbbb")), "unfinished: kept");

        Cli.Result json = cli.run("--output", "json", "runs", "prune", "--older-than", "30d", "--unfinished", "--yes");
        assertEquals(0, json.code(), json.err());
        JsonNode doc = JSON.readTree(json.out());
        assertEquals(List.of("20000101-000001-bbbb"), List.of(doc.get("removed").get(0).asText()));
        assertEquals(100, doc.get("bytesFreed").asLong());
        assertEquals(List.of(recent), JSON.readTree(cli.run("--output", "json", "runs").out()).findValuesAsText("run"));

        Cli.Result nothing = cli.run("runs", "prune", "--older-than", "30d");
        assertEquals(0, nothing.code(), nothing.err());
        assertTrue(nothing.out().startsWith("nothing to prune"), nothing.out());
        Cli.Result bad = cli.run("runs", "prune", "--older-than", "soon");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--older-than takes an age"), bad.err());
    }

    @Test
    void aDamagedJournalIsOneLineAndExit2() throws Exception {
        Files.createDirectories(home);
        Files.writeString(home.resolve("journal.mv.db"), "not a database\n".repeat(300));
        Cli.Result r = new Cli(home).run("jobs");
        assertEquals(2, r.code(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("tcbatch: the journal " + home.resolve("journal.mv.db")), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
    }
}
