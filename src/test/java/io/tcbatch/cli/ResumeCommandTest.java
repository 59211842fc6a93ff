package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.journal.JobRecord;
import io.tcbatch.journal.Journal;
import io.tcbatch.journal.RunRecord;

/**
 * {@code resume [RUN]} and {@code watch --resume} against the built-in sandbox: a run whose journal
 * was left as a crash leaves it is finished with nothing sent twice; nothing to resume is one line
 * and exit 0.
 */
class ResumeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private Cli cli() {
        return new Cli(home).env("TCBATCH_POLL_FIRST_MS", "20");
    }

    /** A three-chunk import that finished, then its journal put back to how a crash would have left it. */
    private RunRecord crashed(int chunk3Of, String chunk1Status) throws Exception {
        Path feed = Files.writeString(home.resolve("hosts-" + chunk3Of + ".txt"),
                "resume-" + chunk3Of + "-a.example.com\nresume-" + chunk3Of + "-b.example.com\nresume-" + chunk3Of
                        + "-c.example.com\n");
        Cli.Result done = cli().run("import", feed.toString(), "--owner", "Example Org", "--chunk-size", "1");
        assertEquals(0, done.code(), done.err());
        Journal journal = CommandsTestSupport.journal(home);
        RunRecord r = CommandsTestSupport.latest(home);
        List<JobRecord> jobs = new ArrayList<>();
        for (JobRecord j : r.jobs()) {
            if (j.chunk() == 1 && chunk1Status != null) {
                // The create was sent, its answer lost: no id recorded.
                jobs.add(new JobRecord(null, 1, j.items(), chunk1Status, null, null, null, null, j.file(), false,
                        j.firstItem(), j.bytes(), j.sha256()));
            } else if (j.chunk() == 2) {
                // Uploaded, the answer not recorded: the journal still says Created.
                jobs.add(new JobRecord(j.batchId(), 2, j.items(), "Created", null, null, null, null, j.file(), false,
                        j.firstItem(), j.bytes(), j.sha256()));
            } else if (j.chunk() == 3) {
                jobs.add(new JobRecord(null, 3, j.items(), "Planned", null, null, null, null, j.file(), false,
                        j.firstItem(), j.bytes(), j.sha256()));
            } else {
                jobs.add(j);
            }
        }
        RunRecord back = new RunRecord(r.run(), r.createdAt(), r.profile(), r.apiBase(), r.owner(), r.action(), r.files(),
                jobs, "watching", null, r.preflight(), r.options(), r.inputs(), r.settings());
        journal.save(back);
        return back;
    }

    @Test
    void withNoUnfinishedRunItSaysSoAndExits0() throws Exception {
        Cli.Result none = cli().run("resume");
        assertEquals(0, none.code(), none.err());
        assertEquals("nothing to resume: no unfinished run in this data directory (see the recorded runs with: jobs)\n",
                none.out());
        assertEquals(0, cli().run("import", "dsl-examples/samples/quickstart.json", "--owner", "Example Org").code());
        String run = CommandsTestSupport.latest(home).run();
        assertEquals(none.out(), cli().run("resume").out(), "a finished run is not unfinished");
        Cli.Result finished = cli().run("resume", run.substring(0, run.length() - 2));
        assertEquals(0, finished.code(), finished.err());
        assertEquals("run " + run + " is finished (exit 0); nothing to resume\n", finished.out());
        Cli.Result json = cli().run("--output", "json", "watch", "--resume", "--run", run);
        assertEquals(0, json.code(), json.err());
        JsonNode doc = JSON.readTree(json.out());
        assertEquals(run, doc.path("run").asText());
        assertEquals("run " + run + " is finished (exit 0); nothing to resume", doc.path("message").asText());
        assertEquals(0, doc.path("exitCode").asInt());
    }

    @Test
    void resumeWithNoRunFinishesTheMostRecentUnfinishedRunSendingOnlyWhatWasNotSent() throws Exception {
        RunRecord before = crashed(1, null);
        Cli.Result r = cli().run("--output", "json", "resume");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = JSON.readTree(r.out());
        assertEquals(before.run(), doc.path("run").asText());
        assertEquals(3, doc.path("totals").path("read").asInt());
        assertEquals(3, doc.path("totals").path("submitted").asInt());
        assertEquals(3, doc.path("totals").path("succeeded").asInt(), doc.toString());
        assertEquals(3, doc.path("jobs").size());
        // Job of chunk 2 already had its file: watched, not uploaded again; chunk 3 got a new job.
        assertEquals(before.jobs().get(1).batchId().longValue(), doc.path("jobs").get(1).path("batchId").asLong());
        assertTrue(!r.err().contains("uploading it again"), r.err());
        RunRecord after = CommandsTestSupport.journal(home).load(before.run()).orElseThrow();
        assertEquals("done", after.state());
        assertEquals(0, after.exitCode());
        assertTrue(after.jobs().stream().allMatch(j -> "Completed".equals(j.status()) && j.batchId() != null), after.jobs()
                .toString());
        assertNotEquals(before.jobs().get(0).batchId(), after.jobs().get(2).batchId());
        Cli.Result again = cli().run("resume", before.run());
        assertEquals("run " + before.run() + " is finished (exit 0); nothing to resume\n", again.out());
    }

    @Test
    void watchResumeIsTheSameAndCreatesAnewAChunkWhoseCreateAnswerWasLost() throws Exception {
        RunRecord before = crashed(2, "Creating");
        Cli.Result r = cli().run("watch", "--resume");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.err().contains("chunk 1 of run " + before.run() + ": the answer to its create was lost when the run"
                + " stopped; creating it anew"), r.err());
        RunRecord after = CommandsTestSupport.journal(home).load(before.run()).orElseThrow();
        assertEquals("done", after.state());
        assertEquals(List.of("Completed", "Completed", "Completed"), after.jobs().stream().map(JobRecord::status).toList());
    }
}
