package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Errors a person can fix (issue 6, item 5): {@code script.groovy:LINE:COLUMN: what}, "did you
 * mean" from the words valid where the mistake is, no Groovy stack trace unless asked, and
 * nothing sent.
 */
class DslErrorsTest {
    @TempDir
    Path home;

    private Path script(String name, String body) throws IOException {
        Path dir = Files.createDirectories(home.resolve("scripts"));
        return Files.writeString(dir.resolve(name), body);
    }

    private Path feed() throws IOException {
        return Files.writeString(home.resolve("feed.json"), "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"a.example.com\"}]}");
    }

    /** Runs the script, expects exit 2 with nothing sent and no stack trace; returns standard error. */
    private String fails(String name, String body, String... more) throws IOException {
        Path s = script(name, body);
        String[] args = new String[more.length + 2];
        args[0] = s.toString();
        args[1] = feed().toString();
        System.arraycopy(more, 0, args, 2, more.length);
        Cli.Result r = new Cli(home).run(args);
        assertEquals(2, r.code(), r.err() + r.out());
        assertTrue(CommandsTestSupport.journal(home).recent(10).isEmpty(), "nothing sent: " + r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("org.codehaus"), "no stack trace: " + r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("tcbatch: ")).count(), r.err());
        return r.err();
    }

    /** {@link #fails}, and its standard error says {@code expected}. */
    private void failsWith(String name, String body, String expected) throws IOException {
        String err = fails(name, body);
        assertTrue(err.contains(expected), err);
    }

    @Test
    void aSyntaxErrorNamesLineAndColumn() throws IOException {
        // Groovy's parser alone would say 1:7 (the block's brace) for both: the line inside the block is named.
        String err = fails("syntax.groovy", "batch {\n    owner 'Example Org'\n    upload file(args[0]\n}\n");
        assertTrue(err.matches("(?s).*syntax\\.groovy:[34]:\\d+: .*"), err);
        String err2 = fails("syntax2.groovy", "batch {\n    owner 'Example Org'\n    chunkSize 5 +* 2\n}\n");
        assertTrue(err2.matches("(?s).*syntax2\\.groovy:3:\\d+: .*"), err2);
        String top = fails("syntax3.groovy", "def x = (1 + \n");
        assertTrue(top.matches("(?s).*syntax3\\.groovy:\\d+:\\d+: .*"), top);
    }

    @Test
    void anUnknownTopLevelVerbSuggestsATopLevelOne() throws IOException {
        failsWith("verb.groovy", "bach {\n    owner 'Example Org'\n}\n",
                "verb.groovy:1:1: unknown verb 'bach' (did you mean 'batch'?)");
        failsWith("watch.groovy", "def x = 1\n  wacth()\n",
                "watch.groovy:2:3: unknown verb 'wacth' (did you mean 'watch'?)");
    }

    @Test
    void aMisspelledOptionInsideBatchFailsWithTheBatchWords() throws IOException {
        failsWith("option.groovy", "batch {\n    ownr 'Example Org'\n    upload file(args[0])\n}\n",
                "option.groovy:2:5: unknown option 'ownr' in batch { } (did you mean 'owner'?)");
        // "parallel" is a batch word, not a top-level one: suggested only inside batch { }.
        failsWith("par.groovy", "batch {\n    owner 'Example Org'\n    paralel 2\n    upload file(args[0])\n}\n",
                "par.groovy:3:5: unknown option 'paralel' in batch { } (did you mean 'parallel'?)");
        String top = fails("partop.groovy", "paralel 2\n");
        assertTrue(top.contains("partop.groovy:1:1: unknown verb 'paralel'") && !top.contains("parallel"), top);
    }

    @Test
    void topLevelVerbsInsideBatchAreRefusedNotRunEarly() throws IOException {
        failsWith("inner.groovy", "batch {\n    owner 'Example Org'\n    upload file(args[0])\n    watch()\n}\n",
                "inner.groovy:4:5: 'watch' cannot be used inside batch { }");
    }

    @Test
    void theScriptsOwnMethodsAndClosuresStillWorkInsideBatch() throws IOException {
        Path s = script("own.groovy", """
                def org() { 'Example Org' }
                pick = { a -> file(a) }
                batch {
                    owner org()
                    upload pick(args[0])
                }
                """);
        Cli.Result r = new Cli(home).run(s.toString(), feed().toString());
        assertEquals(0, r.code(), r.err() + r.out());
    }

    @Test
    void aWrongEnumeratedValueListsTheAllowedOnes() throws IOException {
        failsWith("crate.groovy", "batch {\n    owner 'Example Org'\n    action 'Crate'\n    upload file(args[0])\n}\n",
                "crate.groovy:3:5: action must be one of Create, Delete (did you mean Create?)");
        failsWith("far.groovy", "batch {\n    owner 'Example Org'\n    attributeWriteType 'Sometimes'\n}\n",
                "far.groovy:3:5: attributeWriteType must be one of Replace, Append, Singleton, Static,"
                + " not 'Sometimes'");
        failsWith("bool.groovy", "batch {\n    owner 'Example Org'\n    dryRun 'yes'\n}\n",
                "bool.groovy:3:5: dryRun takes true or false, not 'yes'");
    }

    @Test
    void misspelledAndBadNamedArgumentsOfWatch() throws IOException {
        failsWith("timout.groovy", "watch(timout: '5m')\n",
                "timout.groovy:1:7: watch has no option 'timout' (did you mean 'timeout'?); it takes timeout and interval");
        failsWith("soon.groovy", "\nwatch(timeout: 'soon')\n",
                "soon.groovy:2:1: watch timeout takes a duration with its unit, such as '30m', '90s',"
                + " '1h30m' or '500ms', not 'soon'");
        failsWith("bare.groovy", "watch(interval: 5)\n", "watch interval takes a duration with its unit");
    }

    @Test
    void anExceptionInAClosureNamesTheClosuresLine() throws IOException {
        failsWith("closure.groovy", """
                def check = { v ->
                    if (v > 1) {
                        throw new IllegalStateException("too many: " + v)
                    }
                }
                [1, 2].each { check(it) }
                """, "closure.groovy:3:9: too many: 2");
    }

    @Test
    void theStackTraceOnlyWithStacktrace() throws IOException {
        Path s = script("trace.groovy", "bach {}\n");
        Cli.Result r = new Cli(home).run("--stacktrace", s.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("\tat "), r.err());
    }
}
