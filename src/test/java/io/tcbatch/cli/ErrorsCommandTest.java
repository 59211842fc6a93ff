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

import io.tcbatch.journal.RunRecord;

/** {@code errors ID}: of a job and of a run, grouped, raw, saved and as JSON; an unknown job. */
class ErrorsCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The association names a group that exists nowhere: only the server can know, so one item fails there. */
    static final String FEED = """
            {"indicator":[{"type":"Host","summary":"bad.example.com"},{"type":"Address","summary":"192.0.2.1"}],
             "association":[{"ref_1":"bad.example.com","type_1":"Host","ref_2":"no-such-group"}]}
            """;
    static final String REASON = "Association between Host 'bad.example.com' and group 'no-such-group' at $.association[0]"
            + " could not be made: group 'no-such-group' was not found in the owner";

    @TempDir
    Path home;

    @Test
    void errorsOfARunAndOfItsJobGroupedRawSavedAndAsJson() throws Exception {
        Cli cli = new Cli(home).env("TCBATCH_POLL_FIRST_MS", "20");
        Path feed = Files.writeString(home.resolve("feed.json"), FEED);
        assertEquals(1, cli.run("import", feed.toString(), "--owner", "Example Org").code());
        RunRecord run = CommandsTestSupport.latest(home);
        long job = run.jobs().get(0).batchId();
        Path failed = home.resolve("runs").resolve(run.run()).resolve("failed-items.json");

        Cli.Result text = cli.run("errors", run.run());
        assertEquals(0, text.code(), text.err());
        assertEquals("run " + run.run() + " (1 job):\n"
                + "Errors reported by the server:\n"
                + "  0x1009  x1      " + REASON + "\n"
                + "failed items: " + failed + " (fix them there, then: resubmit " + run.run() + ")\n", text.out());

        Path saved = home.resolve("out").resolve("errors.json");
        Cli.Result raw = cli.run("errors", String.valueOf(job), "--raw", "--save", saved.toString());
        assertEquals(0, raw.code(), raw.err());
        List<String> lines = raw.out().lines().toList();
        assertEquals(1, lines.size(), raw.out());
        JsonNode entry = JSON.readTree(lines.get(0));
        assertEquals("Error (0x1009): " + REASON, entry.get("errorReason").asText());
        assertEquals("0x1009", entry.get("code").asText());
        JsonNode file = JSON.readTree(saved.toFile());
        assertTrue(file.isArray() && file.size() == 1, file.toString());
        assertEquals(entry, file.get(0));
        assertTrue(raw.err().contains("saved 1 entry to " + saved), raw.err());

        Cli.Result json = cli.run("--output", "json", "errors", run.run().substring(0, 17));
        assertEquals(0, json.code(), json.err());
        JsonNode doc = JSON.readTree(json.out());
        assertEquals(run.run(), doc.get("run").asText());
        assertEquals(job, doc.at("/jobs/0").asLong());
        assertEquals("0x1009", doc.at("/errors/0/code").asText());
        assertEquals(1, doc.at("/errors/0/count").asLong());
        assertEquals(failed.toString(), doc.get("failedItems").asText());
    }

    @Test
    void aJobTheServerDoesNotKnowIsOneLineAndExit3() throws Exception {
        Cli.Result r = new Cli(home).run("errors", "999");
        assertEquals(3, r.code(), r.err());
        List<String> lines = r.err().lines().filter(l -> l.startsWith("tcbatch:")).toList();
        assertEquals(List.of("tcbatch: job 999 is not known to profile local (GET /api/v2/batch/999 answered 404);"
                + " see the recorded jobs with: jobs"), lines, r.err());
        assertFalse(r.err().contains("\tat "), r.err());

        Cli.Result json = new Cli(home).run("--output", "json", "errors", "999");
        assertEquals(3, json.code());
        assertEquals(3, JSON.readTree(json.out()).get("exitCode").asInt(), json.out());

        Cli.Result run = new Cli(home).run("errors", "20990101-000000-ffff");
        assertEquals(2, run.code());
        assertTrue(run.err().contains("no run '20990101-000000-ffff' in this data directory"), run.err());
    }
}
