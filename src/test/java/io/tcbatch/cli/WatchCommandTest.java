package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.journal.Journal;
import io.tcbatch.journal.RunRecord;

/** {@code watch} with nothing (everything pending), {@code watch --run RUN}, and the note when nothing is pending. */
class WatchCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void withNothingPendingItSaysSoAndNamesTheLastRun() throws Exception {
        Cli cli = new Cli(home).env("TCBATCH_POLL_FIRST_MS", "20");
        Cli.Result empty = cli.run("watch");
        assertEquals(0, empty.code(), empty.err());
        assertEquals("nothing is pending, and no run is recorded yet (import a file first: import FILE)\n", empty.out());

        assertEquals(0, cli.run("import", "dsl-examples/samples/quickstart.json", "--owner", "Example Org").code());
        String run = CommandsTestSupport.latest(home).run();
        // A run of another profile that stopped while watching: its batch ids belong to another server.
        String prod = "20000101-000000-prod";
        CommandsTestSupport.journal(home).save(new RunRecord(prod, "2000-01-01T00:00:00Z", "prod", null, "Example Org",
                "Create", List.of("f.json"), List.of(new io.tcbatch.journal.JobRecord(1L, 1, 3, "Running", null, null, null)),
                "watching", null, null));
        Cli.Result r = cli.run("watch");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().matches("nothing is pending; the last run " + run + " ended \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d \\(\\d+s ago\\)"
                + " with exit 0 \\(watch --run " + run + " to see it again\\); runs of profile prod are pending"
                + " \\(watch them with: bin/tcbatch --profile prod watch\\)\n"), r.out());
        Cli.Result other = cli.run("watch", "--run", prod);
        assertEquals(2, other.code());
        assertTrue(other.err().contains("run " + prod + " was sent with profile 'prod', this is profile 'local'; watch it with:"
                + " bin/tcbatch --profile prod watch --run " + prod), other.err());
    }

    @Test
    void withNothingGivenItWatchesEveryPendingRunTogetherAndByRunOnlyThatRun() throws Exception {
        Cli cli = new Cli(home).env("TCBATCH_POLL_FIRST_MS", "20");
        assertEquals(0, cli.run("import", "dsl-examples/samples/quickstart.json", "--owner", "Example Org").code());
        assertEquals(1, cli.run("import", "dsl-examples/samples/iocs.txt", "--owner", "Example Org").code());
        // Both runs as if the process had stopped while watching them: their jobs exist on the
        // server, the journal has not seen them end.
        Journal journal = CommandsTestSupport.journal(home);
        List<RunRecord> both = journal.recent(2);
        for (RunRecord r : both) {
            journal.save(new RunRecord(r.run(), r.createdAt(), r.profile(), r.apiBase(), r.owner(), r.action(), r.files(),
                    r.jobs().stream().map(j -> j.withReading(j.batchId(), "Running", null, null, null, null)).toList(),
                    "watching", null, r.preflight(), r.options()));
        }
        Cli.Result pending = cli.run("--output", "json", "jobs", "--status", "pending");
        assertEquals(2, JSON.readTree(pending.out()).size(), pending.out());

        Cli.Result r = cli.run("--output", "json", "watch");
        assertEquals(1, r.code(), "one of the runs rejected an item: " + r.err());
        JsonNode s = JSON.readTree(r.out());
        assertEquals(2, s.get("jobs").size(), s.toString());
        assertEquals(10 + 16, s.at("/totals/read").asLong(), s.toString());
        assertEquals(1, s.at("/totals/rejected").asLong());
        assertEquals(10 + 14, s.at("/totals/succeeded").asLong());
        for (RunRecord rec : both) {
            assertEquals("done", journal.load(rec.run()).orElseThrow().state(), rec.run());
        }
        assertEquals("[ ]", cli.run("--output", "json", "jobs", "--status", "pending").out().strip());

        String older = both.get(1).run();
        // A prefix of the id is enough when it is unique; both runs may share a second and a first letter.
        String newer = both.get(0).run();
        int n = 16;
        while (newer.startsWith(older.substring(0, n))) {
            n++;
        }
        Cli.Result one = cli.run("--output", "json", "watch", "--run", older.substring(0, n));
        assertEquals(0, one.code(), one.err());
        JsonNode o = JSON.readTree(one.out());
        assertEquals(older, o.get("run").asText());
        assertEquals(10, o.at("/totals/succeeded").asLong());

        Cli.Result both2 = cli.run("watch", "1", "--run", older);
        assertEquals(2, both2.code());
        assertTrue(both2.err().contains("watch takes batch ids or --run RUN, not both"), both2.err());
    }
}
