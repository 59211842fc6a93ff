package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.journal.JobRecord;
import io.tcbatch.journal.RunRecord;

/** {@code jobs}: the journal as a table, with its filters, on real runs of the sandbox. */
class JobsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void listsRealRunsNewestFirstAsATableWithLocalTimesAndCounts() throws Exception {
        Cli cli = new Cli(home);
        assertEquals(0, cli.run("import", "dsl-examples/samples/quickstart.json", "--owner", "Example Org").code());
        String first = CommandsTestSupport.latest(home).run();
        // One item is rejected before sending (exit 1).
        assertEquals(1, cli.run("import", "dsl-examples/samples/iocs.txt", "--owner", "Example Org").code());
        String second = CommandsTestSupport.latest(home).run();
        pendingRun("20000101-000000-aaaa", "Archive Org");

        Cli.Result table = cli.run("jobs");
        assertEquals(0, table.code(), table.err());
        List<String> lines = table.out().lines().toList();
        assertTrue(lines.get(0).startsWith("RUN "), table.out());
        assertTrue(lines.get(0).contains("OK/FAILED/UNPROC") && lines.get(0).endsWith("EXIT"), lines.get(0));
        assertTrue(lines.get(1).startsWith(second), "newest first: " + table.out());
        assertTrue(lines.get(2).startsWith(first), table.out());
        assertTrue(lines.get(1).matches(".*\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d \\(\\d+s ago\\).*"), "local time and age: " + lines.get(1));
        assertTrue(lines.get(1).matches(".*Example Org\\s+Create\\s+1\\s+14\\s+14/0/0\\s+done\\s+1$"), lines.get(1));
        assertTrue(lines.get(2).matches(".*Example Org\\s+Create\\s+1\\s+10\\s+10/0/0\\s+done\\s+0$"), lines.get(2));
        assertTrue(lines.get(3).matches("20000101-000000-aaaa\\s+2000-01-01 \\d\\d:\\d\\d \\(\\d+d ago\\).*0/0/0\\s+watching\\s+-$"),
                lines.get(3));

        // The same filters as a single command with JSON, over the real runs.
        assertEquals(List.of(second, first), runs(cli.run("--output", "json", "jobs", "--status", "done", "--since", "1h")));

        Cli.Result one = cli.run("jobs", "--run", second.substring(0, second.length() - 2));
        assertEquals(0, one.code(), one.err());
        assertTrue(one.out().startsWith("run " + second + "\n"), one.out());
        assertTrue(one.out().contains("read 16, duplicates 1, rejected 1"), one.out());
        assertTrue(one.out().matches("(?s).*BATCH ID\\s+CHUNK\\s+ITEMS\\s+STATUS\\s+SUCCEEDED\\s+FAILED\\s+UNPROCESSED\\n"
                + "\\s+\\d+\\s+1\\s+14\\s+Completed\\s+14\\s+0\\s+0\\n.*"), one.out());
    }

    @Test
    void filtersByStatusOwnerAgeAndLimit() {
        io.tcbatch.journal.Journal journal = CommandsTestSupport.journal(home);
        journal.save(new RunRecord("20261201-100000-aaaa", "2026-12-01T10:00:00Z", "local", null, "Example Org", "Create",
                List.of("a.json"), List.of(new JobRecord(1L, 1, 5, "Completed", 5, 0, 0)), "done", 0, null));
        journal.save(new RunRecord("20261203-100000-bbbb", "2026-12-03T10:00:00Z", "local", null, "Example Org", "Create",
                List.of("b.json"), List.of(new JobRecord(2L, 1, 5, "Completed", 4, 1, 0)), "failed", 3, null));
        journal.save(new RunRecord("20261204-090000-cccc", "2026-12-04T09:00:00Z", "local", null, "Archive Org", "Delete",
                List.of("c.json"), List.of(new JobRecord(3L, 1, 5, "Running", null, null, null)), "watching", null, null));
        journal.save(new RunRecord("20261204-093000-dddd", "2026-12-04T09:30:00Z", "local", null, "Example Org", "Create",
                List.of("d.json"), List.of(new JobRecord(null, 1, 5, "Planned", null, null, null)), "submitting", null, null));
        java.time.Instant now = java.time.Instant.parse("2026-12-04T10:00:00Z");
        assertEquals(List.of("20261204-093000-dddd", "20261204-090000-cccc"), ids(journal, "pending", null, null, 20, now));
        assertEquals(List.of("20261204-090000-cccc"), ids(journal, "watching", null, null, 20, now));
        assertEquals(List.of("20261204-093000-dddd"), ids(journal, "SUBMITTING", null, null, 20, now));
        assertEquals(List.of("20261203-100000-bbbb"), ids(journal, "failed", null, null, 20, now));
        assertEquals(List.of("20261204-090000-cccc"), ids(journal, null, "archive org", null, 20, now));
        assertEquals(List.of("20261204-093000-dddd", "20261204-090000-cccc"), ids(journal, null, null, "2h", 20, now));
        assertEquals(List.of("20261204-093000-dddd", "20261204-090000-cccc", "20261203-100000-bbbb"),
                ids(journal, null, null, "2d", 20, now));
        assertEquals(List.of("20261204-093000-dddd"), ids(journal, null, null, null, 1, now));
        assertEquals("20261203-100000-bbbb", io.tcbatch.shell.Runs.byId(journal, "20261203").run());
        io.tcbatch.batch.UsageException ambiguous = org.junit.jupiter.api.Assertions.assertThrows(
                io.tcbatch.batch.UsageException.class, () -> io.tcbatch.shell.Runs.byId(journal, "20261204"));
        assertEquals("run id '20261204' matches 2 runs (20261204-093000-dddd, 20261204-090000-cccc); give more of it",
                ambiguous.getMessage());
    }

    private static List<String> ids(io.tcbatch.journal.Journal j, String status, String owner, String since, int limit,
                                    java.time.Instant now) {
        return io.tcbatch.shell.Runs.find(j, new io.tcbatch.shell.Runs.Filter(status, owner, io.tcbatch.shell.Runs.age(since),
                limit), now).stream().map(RunRecord::run).toList();
    }

    private void pendingRun(String id, String owner) {
        CommandsTestSupport.journal(home).save(new RunRecord(id, "2000-01-01T00:00:00Z", "local", null, owner, "Create",
                List.of("old.json"), List.of(new JobRecord(77L, 1, 3, "Running", null, null, null)), "watching", null,
                new RunRecord.Preflight(3, 0, 0, null)));
    }

    @Test
    void badFiltersAreUsageErrorsThatSayWhatIsAllowed() {
        Cli cli = new Cli(home);
        Cli.Result status = cli.run("jobs", "--status", "finished");
        assertEquals(2, status.code());
        assertTrue(status.err().contains("--status must be one of done, failed, watching, submitting, pending, not 'finished'"),
                status.err());
        Cli.Result since = cli.run("jobs", "--since", "yesterday");
        assertEquals(2, since.code());
        assertTrue(since.err().contains("--since takes an age such as 30m, 2h or 7d, not 'yesterday'"), since.err());
        Cli.Result run = cli.run("jobs", "--run", "2099");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("no run '2099' in this data directory; see the recorded runs with: jobs"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    @Test
    void anEmptyJournalSaysHowToGetARun() throws Exception {
        Cli.Result r = new Cli(home).run("jobs");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("No runs yet in this data directory; import a file to make one"), r.out());
        assertFalse(Files.exists(home.resolve("sandbox")), "jobs reads the journal only; no sandbox was started");
    }

    private static List<String> runs(Cli.Result r) throws Exception {
        assertEquals(0, r.code(), r.err());
        List<String> ids = new java.util.ArrayList<>();
        JSON.readTree(r.out()).forEach(n -> ids.add(n.get("run").asText()));
        return ids;
    }
}
