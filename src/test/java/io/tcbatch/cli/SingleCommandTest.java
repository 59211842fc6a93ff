package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Shell commands run as single commands through Spring Shell, with their exit codes. */
class SingleCommandTest {
    @TempDir
    Path home;

    @Test
    void importAsASingleCommandKeepsAQuotedOwnerWholeAndExitsPartial() throws Exception {
        Cli cli = new Cli(home);
        Cli.Result r = cli.run("--output", "json", "import", "dsl-examples/samples/iocs.txt", "--owner", "Example Org",
                "--attribute-write-type", "Append");
        assertEquals(1, r.code(), r.err());
        JsonNode s = new ObjectMapper().readTree(r.out());
        assertEquals("Example Org", s.get("owner").asText());
        assertEquals(16, s.at("/totals/read").asLong());
        assertEquals(1, s.at("/totals/duplicates").asLong());
        assertEquals(1, s.at("/totals/rejected").asLong());
        assertEquals(14, s.at("/totals/succeeded").asLong());

        Cli.Result jobs = cli.run("--output", "json", "jobs");
        assertEquals(0, jobs.code(), jobs.err());
        JsonNode runs = new ObjectMapper().readTree(jobs.out());
        assertEquals(1, runs.size());
        assertEquals("Completed", runs.get(0).at("/jobs/0/status").asText());

        Cli.Result watch = cli.run("watch", String.valueOf(runs.get(0).at("/jobs/0/batchId").asLong()));
        assertEquals(1, watch.code(), "the ids are the whole recorded run, so its rejected item still counts: " + watch.err());
        assertTrue(watch.out().contains("succeeded 14"), watch.out());
        assertTrue(watch.out().contains("rejected 1"), watch.out());
    }

    @Test
    void importVersionV1SendsAV1Job() throws Exception {
        Path feed = io.tcbatch.SharedData.file("threatconnect/docs/v1_example_host_and_address.json");
        Cli cli = new Cli(home);
        Cli.Result r = cli.run("--output", "json", "import", feed.toString(), "--owner", "Example Org", "--version", "V1");
        assertEquals(0, r.code(), r.err());
        JsonNode s = new ObjectMapper().readTree(r.out());
        assertEquals(2, s.at("/totals/read").asLong());
        assertEquals(2, s.at("/totals/succeeded").asLong());

        // Singleton is V2-only: the refusal shows the option really made the job a V1 job.
        Cli.Result single = cli.run("import", feed.toString(), "--owner", "Example Org", "--version", "v1",
                "--attribute-write-type", "Singleton");
        assertEquals(2, single.code(), single.err());
        assertTrue(single.err().contains("a V1 job cannot use attributeWriteType Singleton"), single.err());

        Cli.Result wrong = cli.run("import", feed.toString(), "--owner", "Example Org", "--version", "V3");
        assertEquals(2, wrong.code(), wrong.err());
        assertTrue(wrong.err().contains("--version is V1 or V2, not 'V3'"), wrong.err());
    }

    @Test
    void unknownCommandAndMissingArgumentAreUsageErrors() {
        Cli cli = new Cli(home);
        Cli.Result r = cli.run("frobnicate");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("unknown command 'frobnicate'"), r.err());
        Cli.Result missing = cli.run("import");
        assertEquals(2, missing.code());
        assertTrue(missing.err().contains("import needs a FILE"), missing.err());
    }

    @Test
    void watchingARecordedRunAgainReportsTheWholeRunsTotals() throws Exception {
        Cli cli = new Cli(home);
        assertEquals(1, cli.run("import", "dsl-examples/samples/iocs.txt", "--owner", "Example Org").code());
        String run = new io.tcbatch.journal.Journal(home, new ObjectMapper(), java.time.Clock.systemUTC()).recent(1).get(0).run();
        Cli.Result again = cli.run("--output", "json", "watch", "--run", run);
        assertEquals(1, again.code(), again.err());
        JsonNode s = new ObjectMapper().readTree(again.out());
        assertEquals(16, s.at("/totals/read").asLong());
        assertEquals(1, s.at("/totals/rejected").asLong());
        assertEquals(14, s.at("/jobs/0/items").asLong());
    }

    @Test
    void haltOnErrorWithAnItemThatFailsTheChecksSendsNothing() throws Exception {
        Cli cli = new Cli(home);
        Cli.Result r = cli.run("import", "dsl-examples/samples/iocs.txt", "--owner", "Example Org", "--halt-on-error");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("nothing was sent"), r.err());
        assertTrue(r.err().contains("iocs.txt:22:"), r.err());
        assertEquals("[ ]", cli.run("--output", "json", "jobs").out().strip());
    }

    @Test
    void errorsOfAnUnknownJobIsARemoteErrorNotNoErrors() {
        Cli.Result r = new Cli(home).run("errors", "999");
        assertEquals(3, r.code(), r.err() + r.out());
        assertTrue(r.err().contains("404"), r.err());
    }

    @Test
    void versionIsACommandToo() {
        Cli.Result r = new Cli(home).run("version");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().startsWith("tcbatch "), r.out());
    }

    @Test
    void anUnknownProfileIsAConfigurationErrorForEveryCommand() {
        Cli.Result r = new Cli(home).run("--profile", "nope", "jobs");
        assertEquals(2, r.code(), r.out());
        assertTrue(r.err().contains("unknown profile 'nope'"), r.err());
    }

    @Test
    void withJsonOutputTheShellsOwnMessagesStayOffStandardOutput() throws Exception {
        Cli.Result r = new Cli(home).run("--output", "json", "frobnicate");
        assertEquals(2, r.code());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(2, doc.get("exitCode").asInt(), "standard output is the one JSON document");
        assertEquals(1, r.err().split("unknown command 'frobnicate'", -1).length - 1, "said once: " + r.err());
        assertFalse(r.err().contains("\u001b"), r.err());
    }

    @Test
    void aFailureWithJsonOutputStillLeavesOneJsonDocument() throws Exception {
        Cli.Result r = new Cli(home).run("--output", "json", "import", "no/such.json", "--owner", "Example Org");
        assertEquals(2, r.code());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(2, doc.get("exitCode").asInt());
        assertTrue(doc.get("error").asText().contains("no/such.json"), doc.toString());
    }

    @Test
    void aFileWithNothingToImportIsSaidSo() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.writeString(home.resolve("empty.json"), "{\"indicator\":[],\"group\":[]}");
        Cli.Result r = new Cli(home).run("import", f.toString(), "--owner", "Example Org");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains(f + " holds no indicators, groups or associations"), r.err());
    }

    @Test
    void jsonThatIsNotBatchJsonIsAnInputErrorNotAnEmptyImport() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.writeString(home.resolve("response.json"), "{\"status\":\"Success\"}");
        Cli.Result r = new Cli(home).run("import", f.toString(), "--owner", "Example Org");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(f + ":1:11: not Batch JSON"), r.err());
    }

    @Test
    void watchingARunThatStoppedBeforeAllJobsWereSentTriesToSendThemAndSaysWhyItCannot() {
        io.tcbatch.journal.Journal journal = new io.tcbatch.journal.Journal(home, new ObjectMapper(), java.time.Clock.systemUTC());
        journal.save(new io.tcbatch.journal.RunRecord("20260101-000000-abcd", "2026-01-01T00:00:00Z", "local", null,
                "Example Org", "Create", java.util.List.of("feed.txt"),
                java.util.List.of(new io.tcbatch.journal.JobRecord(null, 1, 5000, "Planned", null, null, null)),
                "failed", null, new io.tcbatch.journal.RunRecord.Preflight(5000, 0, 0, null)));
        // A failed run is not pending: watch picks it up only when asked by name. A chunk without its
        // file is not sent (one line), and the run is a remote failure rather than a usage error.
        Cli.Result r = new Cli(home).run("watch", "--run", "20260101-000000-abcd");
        assertEquals(3, r.code(), r.out());
        assertTrue(r.err().contains("chunk 1 of run 20260101-000000-abcd: its chunk file was not recorded; not sent"), r.err());
        assertTrue(r.out().contains("  chunk 1    Not sent         5000"), r.out());
    }

    @Test
    void watchingARunThatStoppedBeforeAllJobsWereSentSendsTheRest() throws Exception {
        String run = "20260101-000000-beef";
        java.nio.file.Path chunk = home.resolve("runs").resolve(run).resolve("chunks").resolve("chunk-0001.json");
        java.nio.file.Files.createDirectories(chunk.getParent());
        java.nio.file.Files.writeString(chunk, "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"resume-a.example.com\"},"
                + "{\"type\":\"Host\",\"summary\":\"resume-b.example.com\"}],\"group\":[],\"association\":[]}\n");
        io.tcbatch.journal.Journal journal = new io.tcbatch.journal.Journal(home, new ObjectMapper(), java.time.Clock.systemUTC());
        journal.save(new io.tcbatch.journal.RunRecord(run, "2026-01-01T00:00:00Z", "local", null,
                "Example Org", "Create", java.util.List.of("feed.txt"),
                java.util.List.of(new io.tcbatch.journal.JobRecord(null, 1, 2, "Planned", null, null, null, null,
                        chunk.toString(), false)),
                "submitting", null, new io.tcbatch.journal.RunRecord.Preflight(2, 0, 0, null),
                new io.tcbatch.journal.RunRecord.JobOptions("V2", false, "Replace")));
        Cli.Result r = new Cli(home).run("--output", "json", "watch");
        assertEquals(0, r.code(), r.err() + r.out());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(2, doc.get("totals").get("succeeded").asInt(), doc.toString());
        assertTrue(doc.get("jobs").get(0).get("batchId").isNumber(), doc.toString());
        assertEquals("done", journal.load(run).orElseThrow().state());
    }
}
