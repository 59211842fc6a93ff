package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tcbatch.sandbox.Sandbox;
import io.tcbatch.sandbox.SandboxConfig;

/** What bad input gets: the documented exit code, a one-line message naming the place, nothing sent. */
class BadInputTest {
    @TempDir
    Path home;

    private Path write(String name, String body) throws IOException {
        return Files.writeString(home.resolve(name), body);
    }

    private static String script(String upload) {
        return "batch {\n    owner 'Example Org'\n    upload file('" + upload + "')\n}\nwatch()\n";
    }

    @Test
    void malformedJsonAnywhereExits2WithFileLineColumnAndSendsNothing() throws IOException {
        StringBuilder b = new StringBuilder("[\n");
        for (int i = 1; i <= 50; i++) {
            b.append("{\"type\":\"Address\",\"summary\":\"192.0.2.").append(i).append("\"},\n");
        }
        b.append("{\"type\":\"Host\" \"summary\":\"late.example.com\"}\n]\n");
        Path bad = write("bad.json", b.toString());
        Path s = write("s.groovy", script(bad.toString()));
        Cli.Result r = new Cli(home).run(s.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(bad + ":52:"), r.err());
        assertEquals(1, r.err().strip().lines().filter(l -> l.startsWith("tcbatch:")).count());
        Cli.Result jobs = new Cli(home).run("--output", "json", "jobs");
        assertEquals("[ ]", jobs.out().strip(), "no run was recorded, so nothing was sent");
    }

    @Test
    void missingInputFileExits2NamingThePath() throws IOException {
        Path s = write("s.groovy", script("no/such/feed.json"));
        Cli.Result r = new Cli(home).run(s.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("no/such/feed.json"), r.err());
    }

    @Test
    void missingScriptExits2NamingIt() {
        Cli.Result r = new Cli(home).run("run", "nowhere/missing.groovy");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("nowhere/missing.groovy"), r.err());
    }

    @Test
    void unknownVerbExits2WithScriptLineAndASuggestion() throws IOException {
        Path s = write("typo.groovy", "batch {\n    owner 'Example Org'\n    uplod file('x.json')\n}\n");
        Cli.Result r = new Cli(home).run(s.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(s + ":3:5: unknown option 'uplod' in batch { } (did you mean 'upload'?)"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace without --stacktrace");
    }

    @Test
    void syntaxErrorExits2WithScriptLine() throws IOException {
        Path s = write("broken.groovy", "batch {\n    owner 'Example Org'\n\n");
        Cli.Result r = new Cli(home).run(s.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("broken.groovy:1:7: the block opened here with '{' is never closed (a '}' is missing)"), r.err());
    }

    @Test
    void wrongEnumeratedValueListsTheAllowedOnes() throws IOException {
        Path s = write("crate.groovy", "batch {\n    owner 'Example Org'\n    action 'Crate'\n}\n");
        Cli.Result r = new Cli(home).run(s.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(s + ":3:5: action must be one of Create, Delete (did you mean Create?)"), r.err());
    }

    @Test
    void stackTraceOnlyWithTheFlag() throws IOException {
        Path s = write("typo.groovy", "batch {\n    uplod 1\n}\n");
        Cli.Result r = new Cli(home).run("--stacktrace", s.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("\tat "), r.err());
    }

    @Test
    void unknownOwnerExits3WithTheServersMessage() throws IOException {
        Path s = write("s.groovy", "batch {\n    owner 'Nobody Inc'\n    upload file('dsl-examples/samples/quickstart.json')\n}\nwatch()\n");
        Cli.Result r = new Cli(home).run(s.toString());
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("Nobody Inc"), r.err());
        assertTrue(r.err().contains("403"), r.err());
    }

    @Test
    void rejectedSignatureExits3WithTheServersMessageAndNoSecret() throws IOException {
        SandboxConfig cfg = SandboxConfig.defaults(home.resolve("remote"), "remote-id", "right-secret").withClock(Clock.systemUTC());
        try (Sandbox remote = Sandbox.start(cfg)) {
            Path s = write("s.groovy", script("dsl-examples/samples/quickstart.json"));
            Cli.Result r = new Cli(home.resolve("client"))
                    .env("TC_API_PATH", remote.apiBase().toString())
                    .env("TC_API_ACCESS_ID", "remote-id")
                    .env("TC_API_SECRET_KEY", "wrong-secret-value")
                    .run(s.toString());
            assertEquals(3, r.code(), r.err());
            assertTrue(r.err().contains("Signature data did not match expected result"), r.err());
            assertFalse((r.err() + r.out()).contains("wrong-secret-value"));
        }
    }

    @Test
    void aSecondProcessOnTheSameDataDirectoryGetsAClearMessage() throws IOException {
        Path dir = Files.createDirectories(home.resolve("sandbox"));
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(dir.resolve("lock"),
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
             java.nio.channels.FileLock held = ch.lock()) {
            // Another owner of the lock: here this test itself, as a second process would be.
            Path s = write("s.groovy", script("dsl-examples/samples/quickstart.json"));
            Cli.Result r = new Cli(home).run(s.toString());
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("in use by another tcbatch process"), r.err());
        }
    }
}
