package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.journal.RunRecord;

/**
 * What a script gets back and what it can do with it (issue 6, item 3): the run {@code batch}
 * returns, the summary {@code watch} returns read with Groovy property access, the JSON document
 * that does not grow keys, {@code dryRun}, {@code parallel}, several uploads, {@code resubmit},
 * {@code exit} and {@code log}; against the sandbox.
 */
class DslResultsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Five hosts, one of them twice, and one value that is no host: read 6, duplicates 1, rejected 1. */
    private static final String FEED = "{\"indicator\":["
            + "{\"type\":\"Host\",\"summary\":\"a.example.com\"},"
            + "{\"type\":\"Host\",\"summary\":\"b.example.com\"},"
            + "{\"type\":\"Host\",\"summary\":\"c.example.com\"},"
            + "{\"type\":\"Host\",\"summary\":\"a.example.com\"},"
            + "{\"type\":\"Host\",\"summary\":\"not a host!\"},"
            + "{\"type\":\"Host\",\"summary\":\"d.example.com\"}],\"group\":[]}";

    @TempDir
    Path home;

    private Cli cli() {
        return new Cli(home).env("TCBATCH_POLL_FIRST_MS", "20");
    }

    private Path script(String name, String body) throws IOException {
        Path dir = Files.createDirectories(home.resolve("scripts"));
        return Files.writeString(dir.resolve(name), body);
    }

    private Path feed(String name, String body) throws IOException {
        return Files.writeString(home.resolve(name), body);
    }

    /** The lines the script printed that start with {@code key=}. */
    private static String line(String out, String key) {
        return out.lines().filter(l -> l.startsWith(key + " ")).findFirst().orElseThrow(() -> new AssertionError(
                "no line '" + key + " …' in:\n" + out));
    }

    @Test
    void batchReturnsItsJobsAndWatchTheSummaryAsPropertiesAsWrittenInTheIssue() throws IOException {
        Path s = script("results.groovy", """
                def jobs = batch {
                    owner 'Example Org'
                    chunkSize 2
                    upload file(args[0])
                }
                println "run ${jobs.runId} jobs ${jobs.jobs.size()} sent ${jobs.batchIds.size()} read ${jobs.plan.read} duplicates ${jobs.plan.duplicates} rejected ${jobs.plan.rejected}"
                def summary = watch(jobs, timeout: '5m', interval: '1s')
                println "summary ok ${summary.ok} partial ${summary.partial} read ${summary.totals.read} jobs ${summary.jobs.size()} errors ${summary.errors.size()} failed ${summary.failedItemsFile} exit ${summary.exitCode}"
                """);
        Cli.Result r = cli().run(s.toString(), feed("feed.json", FEED).toString());
        assertEquals(1, r.code(), "one item rejected: partial\n" + r.err() + r.out());
        RunRecord rec = CommandsTestSupport.latest(home);
        // Four distinct good hosts in chunks of two: two jobs, both sent at once (jobs.inFlight 2).
        assertEquals("run " + rec.run() + " jobs 2 sent 2 read 6 duplicates 1 rejected 1", line(r.out(), "run"));
        assertEquals("summary ok false partial true read 6 jobs 2 errors 0 failed null exit 1", line(r.out(), "summary"));
    }

    @Test
    void theJsonSummaryHasExactlyTheKeysOfDesignMdNotTheScriptsGetters() throws IOException {
        Path s = script("keys.groovy", """
                batch {
                    owner 'Example Org'
                    upload file(args[0])
                }
                def s = watch()
                log "ok ${s.ok} partial ${s.partial} failedItemsFile ${s.failedItemsFile}"
                """);
        Cli.Result r = cli().run("--output", "json", s.toString(), feed("feed.json", FEED).toString());
        assertEquals(1, r.code(), r.err());
        JsonNode doc = JSON.readTree(r.out());
        assertEquals(new TreeSet<>(List.of("run", "profile", "owner", "action", "jobs", "totals", "errors", "rejects",
                "failedItems", "untracedErrors", "exitCode")), keys(doc), doc.toString());
        assertEquals(new TreeSet<>(List.of("read", "duplicates", "rejected", "submitted", "succeeded", "failed",
                "unprocessed", "unconfirmed")), keys(doc.get("totals")), "dropped and planned only when not 0");
        assertTrue(r.err().contains("ok false partial true failedItemsFile null"), "log goes to standard error: " + r.err());
    }

    private static Set<String> keys(JsonNode n) {
        Set<String> k = new TreeSet<>();
        n.fieldNames().forEachRemaining(k::add);
        return k;
    }

    @Test
    void aWatchTimeoutStopsTheScriptWithExit4AndTheJobsStayRecorded() throws IOException {
        Files.writeString(home.resolve("sandbox.properties"), "fault.1=hold-running for=600s\n");
        Path s = script("timeout.groovy", """
                def r = batch {
                    owner 'Example Org'
                    upload file(args[0])
                }
                watch(r, timeout: '2s', interval: '200ms')
                println 'not reached'
                """);
        Cli.Result r = cli().run(s.toString(), feed("feed.json", FEED).toString());
        assertEquals(4, r.code(), r.err() + r.out());
        assertTrue(r.err().contains("gave up waiting after 2 s; jobs still pending: ["), r.err());
        assertFalse(r.out().contains("not reached"));
        RunRecord rec = CommandsTestSupport.latest(home);
        assertEquals("watching", rec.state(), "still pending: bin/tcbatch watch picks it up");
    }

    @Test
    void aDryRunPrintsThePlanSendsNothingAndItsWatchSaysSubmittedZero() throws IOException {
        Path s = script("dry.groovy", """
                def r = batch {
                    owner 'Example Org'
                    action Delete
                    chunkSize 2
                    dryRun true
                    upload file(args[0])
                }
                println "ids ${r.batchIds} jobs ${r.jobs.size()} status ${r.jobs*.status.unique()}"
                def s = watch(r)
                println "totals submitted ${s.totals.submitted} planned ${s.totals.planned} read ${s.totals.read} exit ${s.exitCode}"
                """);
        Cli.Result r = cli().run(s.toString(), feed("feed.json", FEED).toString());
        assertEquals(1, r.code(), "an item was rejected: 1, as validate says\n" + r.err() + r.out());
        assertTrue(r.out().contains("read 6, duplicates 1, rejected 1"), "the plan as validate prints it:\n" + r.out());
        assertTrue(r.out().contains("2 Batch V2 jobs, nothing sent:"), r.out());
        assertEquals("ids [] jobs 2 status [Planned]", line(r.out(), "ids"));
        assertEquals("totals submitted 0 planned 4 read 6 exit 1", line(r.out(), "totals"));
        assertTrue(CommandsTestSupport.journal(home).recent(10).isEmpty(), "nothing recorded as pending (or at all)");

        // All good: exit 0.
        Cli.Result clean = cli().run(s.toString(), feed("clean.json",
                "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"a.example.com\"}]}").toString());
        assertEquals(0, clean.code(), clean.err() + clean.out());
        assertEquals("totals submitted 0 planned 1 read 1 exit 0", line(clean.out(), "totals"));
        assertTrue(CommandsTestSupport.journal(home).recent(10).isEmpty());
    }

    @Test
    void parallelLimitsTheJobsSentAtOnceAndSeveralUploadsMakeOneRun() throws IOException {
        // Jobs must stay in flight for the limit to show: small uploads are not processed inline here.
        Files.writeString(home.resolve("sandbox.properties"), "synchronousBatchSaveLimit=0\n");
        Path s = script("parallel.groovy", """
                def r = batch {
                    owner 'Example Org'
                    chunkSize 1
                    parallel 1
                    upload file(args[0])
                    upload file(args[1]), file(args[2])
                }
                println "sent ${r.batchIds.size()} of ${r.jobs.size()}"
                def s = watch(r)
                println "read ${s.totals.read} succeeded ${s.totals.succeeded} exit ${s.exitCode}"
                """);
        List<String> files = new ArrayList<>();
        for (String h : new String[] {"a", "b", "c"}) {
            files.add(feed(h + ".json", "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"" + h + ".example.com\"}]}").toString());
        }
        Cli.Result r = cli().run(s.toString(), files.get(0), files.get(1), files.get(2));
        assertEquals(0, r.code(), r.err() + r.out());
        assertEquals("sent 1 of 3", line(r.out(), "sent"), "parallel 1: one job at a time, though jobs.inFlight is 2");
        assertEquals("read 3 succeeded 3 exit 0", line(r.out(), "read"));
        RunRecord rec = CommandsTestSupport.latest(home);
        assertEquals(3, rec.files().size(), "three uploads, one run: " + rec.files());
        assertEquals(1, CommandsTestSupport.journal(home).recent(10).size());
    }

    @Test
    void watchOfTwoRunsGivesOneSummaryOfBoth() throws IOException {
        Path s = script("two.groovy", """
                def a = batch {
                    owner 'Example Org'
                    upload file(args[0])
                }
                def b = batch {
                    owner 'Example Org'
                    action Create
                    upload file(args[1])
                }
                def s = watch(a, b)
                println "both runs ${s.run.split(',').size()} read ${s.totals.read} succeeded ${s.totals.succeeded} exit ${s.exitCode}"
                """);
        Path one = feed("one.json", "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"one.example.com\"}]}");
        Path two = feed("two.txt", "192.0.2.10\n192.0.2.11\n");
        Cli.Result r = cli().run(s.toString(), one.toString(), two.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertEquals("both runs 2 read 3 succeeded 3 exit 0", line(r.out(), "both"));
    }

    @Test
    void resubmitSendsTheFailedItemsAgainWithTheRunsOptionsAndNothingFailedReturnsNull() throws IOException {
        Path s = script("again.groovy", """
                batch {
                    owner 'Example Org'
                    attributeWriteType Append
                    upload file(args[0])
                }
                def first = watch()
                println "first failed ${first.totals.failed} file ${first.failedItemsFile != null}"
                def again = resubmit(first)
                def second = watch(again)
                println "second run ${again.runId} read ${second.totals.read} failed ${second.totals.failed}"
                batch {
                    owner 'Example Org'
                    upload file(args[1])
                }
                def clean = watch()
                println "none ${resubmit(clean)}"
                exit 0
                """);
        Path good = feed("good.json", "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"good.example.com\"}]}");
        Cli.Result r = cli().run(s.toString(), feed("feed.json", ErrorsCommandTest.FEED).toString(), good.toString());
        assertEquals(0, r.code(), "exit 0 wins over the summaries\n" + r.err() + r.out());
        assertEquals("first failed 1 file true", line(r.out(), "first"));
        List<RunRecord> runs = CommandsTestSupport.journal(home).recent(10);
        assertEquals(3, runs.size(), runs.toString());
        RunRecord resent = runs.stream().filter(x -> line(r.out(), "second").contains(x.run())).findFirst().orElseThrow();
        assertEquals("Append", resent.options().attributeWriteType(), "the first run's options");
        assertTrue(resent.files().get(0).endsWith("failed-items.json"), resent.files().toString());
        assertTrue(line(r.out(), "second").endsWith("failed 1"), "the unchanged association fails again: " + r.out());
        assertEquals("none null", line(r.out(), "none"));
        assertTrue(r.err().contains("resubmit: nothing to send again, no item of run"), r.err());
    }

    @Test
    void exitSetsTheExitCodeAndStopsTheScriptAlsoInTheJsonDocument() throws IOException {
        Path s = script("exit.groovy", """
                batch {
                    owner 'Example Org'
                    upload file(args[0])
                }
                def s = watch()
                if (s.ok) { exit 7 }
                println 'not reached'
                """);
        Path good = feed("good.json", "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"good.example.com\"}]}");
        Cli.Result r = cli().run("--output", "json", s.toString(), good.toString());
        assertEquals(7, r.code(), r.err());
        assertEquals(7, JSON.readTree(r.out()).get("exitCode").asInt(), "the JSON says the code the process exits with");
        assertFalse(r.err().contains("not reached") || r.out().contains("not reached"));

        Cli.Result bad = cli().run(script("exit300.groovy", "log 'starting'\nexit 300\n").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("exit300.groovy:2:1: exit takes a whole number from 0 to 255, not 300"), bad.err());
        assertTrue(bad.err().contains("starting"), bad.err());
        Cli.Result quiet = cli().run("--quiet", script("quiet.groovy", "log 'starting'\nprintln 'output'\nexit 3\n").toString());
        assertEquals(3, quiet.code());
        assertEquals("output\n", quiet.out());
        assertFalse(quiet.err().contains("starting"), "--quiet silences log, not println: " + quiet.err());
    }
}
