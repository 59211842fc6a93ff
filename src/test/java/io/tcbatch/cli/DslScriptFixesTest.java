package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fixes to running scripts found by a new-user trial (issue 6): each through {@link Cli} on the sandbox. */
class DslScriptFixesTest {
    @TempDir
    Path home;

    private void asynchronous() throws IOException {
        Files.createDirectories(home);
        Files.writeString(home.resolve("sandbox.properties"), "synchronousBatchSaveLimit=0\n");
    }

    private Path script(String name, String body) throws IOException {
        Path dir = Files.createDirectories(home.resolve("scripts"));
        return Files.writeString(dir.resolve(name), body);
    }

    @Test
    void aScriptMayBeNamedAfterAKeywordAPrimitiveOrAClassItSees() throws IOException {
        // long.groovy said "tcbatch: long.groovy: " and int.groovy a VerifyError (exit 5) before.
        // A few through the whole program; dsl.ScriptClassNameTest compiles the long list.
        List<String> names = List.of("long", "int", "String", "TcbatchScript", "1st-try");
        for (String name : names) {
            Path s = script(name + ".groovy", "def n = 2\nprintln \"ran \" + (n + 1)\n");
            Cli.Result r = new Cli(home).run(s.toString());
            assertEquals(0, r.code(), name + ": " + r.err());
            assertEquals("ran 3", r.out().strip(), name + ": " + r.out() + r.err());
        }
    }

    @Test
    void anErrorAfterARunWasSentWatchesItThenExits1NamingIt() throws IOException {
        Path s = script("late.groovy", """
                def r = batch { owner 'Example Org'; upload text('192.0.2.211\\n192.0.2.212') }
                def n = 1
                n.frobnicate()
                """);
        Cli.Result r = new Cli(home).env("TCBATCH_POLL_FIRST_MS", "20").run(s.toString());
        var run = CommandsTestSupport.journal(home).recent(1).get(0);
        assertEquals(1, r.code(), r.err());
        // Watched to its end as at a normal end: the summary, then the script's error naming the run.
        assertTrue(r.out().contains("Totals: read 2, duplicates 0, rejected 0, submitted 2, succeeded 2"), r.out());
        assertTrue(r.err().contains("late.groovy:3:3: 'frobnicate' is not a method of Integer"), r.err());
        assertTrue(r.err().contains("(runs already sent before the error: " + run.run() + ";"), r.err());
        assertEquals("done", run.state(), "watched to its end");
    }

    @Test
    void anErrorBeforeAnythingWasSentStillExits2() throws IOException {
        Path s = script("early.groovy", "def n = 1\nn.frobnicate()\n");
        Cli.Result r = new Cli(home).run(s.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(!r.err().contains("runs already sent"), r.err());
    }

    @Test
    void watchChecksItsOptionsBeforeAnythingElse() throws IOException {
        // No batch before it: still the bad option is what is said, not "nothing to watch".
        Path s = script("opts.groovy", "watch(timeout: '5m', intervall: '2s')\n");
        Cli.Result r = new Cli(home).run(s.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("watch has no option 'intervall'"), r.err());
    }

    private static final String DELETE = """
            batch { owner 'Example Org'; action Delete; upload text('192.0.2.221') }
            """;

    @Test
    void aDeleteWithoutATerminalNeedsYesAndSendsNothing() throws IOException {
        Path s = script("del.groovy", DELETE);
        Cli.Result r = new Cli(home).run(s.toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("tcbatch: ")).count(), r.err());
        assertTrue(r.err().contains("del.groovy:1:1: Delete the items of this job from owner 'Example Org' on profile"
                + " 'local': this needs confirmation; add --yes to go ahead"), r.err());
        assertTrue(CommandsTestSupport.journal(home).recent(10).isEmpty(), "nothing sent");
    }

    @Test
    void yesBeforeTheScriptOrAfterRunConfirmsIt() throws IOException {
        Path s = script("del.groovy", DELETE);
        Cli.Result r = new Cli(home).env("TCBATCH_POLL_FIRST_MS", "20").run("--yes", s.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals("Delete", CommandsTestSupport.journal(home).recent(1).get(0).action());
        Cli.Result r2 = new Cli(home).env("TCBATCH_POLL_FIRST_MS", "20").run("run", "--yes", s.toString());
        assertEquals(0, r2.code(), r2.err());
        assertEquals(2, CommandsTestSupport.journal(home).recent(10).size());
    }

    @Test
    void aDryRunDeleteNeverAsks() throws IOException {
        Path s = script("dry.groovy", "batch { owner 'Example Org'; action Delete; dryRun true; upload text('192.0.2.222') }\n");
        Cli.Result r = new Cli(home).run(s.toString());
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void aRunAndItsJobsReadAsWordsInALogLine() throws IOException {
        // Jobs in flight while the script speaks of them: small uploads are not processed inline here.
        asynchronous();
        Path s = script("show.groovy", """
                def r = batch { owner 'Example Org'; chunkSize 2; parallel 1; upload text('192.0.2.231\\n192.0.2.232\\n192.0.2.233') }
                log "jobs ${r.jobs}"
                log "the ${r}"
                watch()
                """);
        Cli.Result r = new Cli(home).env("TCBATCH_POLL_FIRST_MS", "20").run(s.toString());
        assertEquals(0, r.code(), r.err());
        var run = CommandsTestSupport.journal(home).recent(1).get(0);
        long id = run.jobs().get(0).batchId();
        String jobs = r.err().lines().filter(l -> l.startsWith("jobs ")).findFirst().orElse(r.err());
        // The second chunk waits for a slot (parallel 1): no id yet.
        assertTrue(jobs.matches("jobs \\[job " + id + " \\(chunk 1, 2 items, \\w+\\), chunk 2 \\(1 item, Planned\\)\\]"), jobs);
        assertTrue(r.err().contains("the run " + run.run() + " (2 jobs: job " + id + " (chunk 1, 2 items, "), r.err());
        // The journal is still JSON of the components (read back whole), not of this text.
        assertEquals(2, run.jobs().size());
        assertEquals(1, run.jobs().get(1).items());
        assertTrue(run.jobs().get(1).batchId() != null, "sent while watched: " + run.jobs());
    }

    private String syntaxError(String name, String body) throws IOException {
        Cli.Result r = new Cli(home).run(script(name, body).toString());
        assertEquals(2, r.code(), r.err());
        // The script is named as given (here its full path): keep from its file name on.
        String err = r.err().strip();
        return "tcbatch: " + err.substring(err.indexOf(name));
    }

    @Test
    void theParsersCommonComplaintsAreInWordsAtTheOpeningToken() throws IOException {
        // Groovy alone: "Unexpected input: '('" and "Unexpected character: '\\''".
        assertEquals("tcbatch: e6.groovy:3:16: a '(' opened here is never closed (a ')' is missing)",
                syntaxError("e6.groovy", "batch {\n    owner 'Example Org'\n    upload text('192.0.2.1'\n}\n"));
        assertEquals("tcbatch: e7.groovy:2:11: a string opened here with ' is never closed (a ' is missing at its end)",
                syntaxError("e7.groovy", "batch {\n    owner 'Example Org\n    upload text('192.0.2.1')\n}\n"));
        assertEquals("tcbatch: e11.groovy:1:9: a '[' opened here is never closed (a ']' is missing)",
                syntaxError("e11.groovy", "def m = [a: 1\nprintln m\n"));
        assertEquals("tcbatch: e9.groovy:1:13: unexpected ']'", syntaxError("e9.groovy", "println 'a' ]\n"));
        // A '(' closed later: the mistake is inside it, and Groovy's own words are kept.
        assertEquals("tcbatch: e12.groovy:1:10: Unexpected input: '('", syntaxError("e12.groovy", "chunkSize(5 +* 2)\n"));
    }

    @Test
    void itemsGivenAsTextAreNamedByTheScriptLineThenTheirOwnLine() throws IOException {
        // Was "e8.groovy:3:2:1: e8.groovy:5: each { } failed …": two numbers too many.
        Path s = script("e8.groovy", """
                batch {
                    owner 'Example Org'
                    upload text('''192.0.2.1
                192.0.2.2''')
                    each { if (it.summary == '192.0.2.2') throw new RuntimeException('boom') }
                }
                """);
        Cli.Result r = new Cli(home).run(s.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("e8.groovy:3 (text) line 2: " + s + ":5: each { } failed on this indicator: boom"), r.err());

        Path rej = script("rej.groovy", """
                batch {
                    owner 'Example Org'
                    upload text('''192.0.2.1
                not an ioc at all''')
                }
                """);
        Cli.Result r2 = new Cli(home).env("TCBATCH_POLL_FIRST_MS", "20").run(rej.toString());
        assertEquals(1, r2.code(), r2.err());
        var run = CommandsTestSupport.journal(home).recent(1).get(0);
        String rejects = Files.readString(home.resolve("runs").resolve(run.run()).resolve("rejects.jsonl"));
        assertTrue(rejects.contains("{\"file\":\"" + rej + ":3 (text)\",\"line\":2,\"column\":1,"), rejects);
    }

    @Test
    void aMistypedValueReadsTheSameInTheShellAndInAScript() throws IOException {
        Path feed = Files.writeString(home.resolve("f.txt"), "192.0.2.9\n");
        Cli.Result r = new Cli(home).run("import", feed.toString(), "--owner", "Example Org", "--action", "Crate");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--action must be one of Create, Delete (did you mean Create?)"), r.err());
        Path s = script("act.groovy", "batch { owner 'Example Org'; action 'Crate'; upload text('192.0.2.9') }\n");
        Cli.Result d = new Cli(home).run(s.toString());
        assertTrue(d.err().contains("action must be one of Create, Delete (did you mean Create?)"), d.err());
    }

    @Test
    void aWatchOfTwoRunsNumbersTheirJobsOverTheWatch() throws IOException {
        // Jobs in flight while the script speaks of them: small uploads are not processed inline here.
        asynchronous();
        Path s = script("two.groovy", """
                def a = batch { owner 'Example Org'; upload text('192.0.2.241') }
                def b = batch { owner 'Example Org'; upload text('192.0.2.242') }
                watch(a, b)
                """);
        Cli.Result r = new Cli(home).env("TCBATCH_POLL_FIRST_MS", "20").run(s.toString());
        assertEquals(0, r.code(), r.err());
        // Each run's only job is its chunk 1: over the watch they are the first and the second of two.
        assertTrue(r.err().lines().anyMatch(l -> l.matches("\\[.*\\] job \\d+ \\(1/2\\) .*")), r.err());
        assertTrue(r.err().lines().anyMatch(l -> l.matches("\\[.*\\] job \\d+ \\(2/2\\) .*")), r.err());
    }
}
