package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tcbatch.render.Output;

/**
 * {@code sandbox status} and {@code sandbox fault …} as single commands and as shell commands,
 * against a fake that follows the admin contract: exact text, exactly one JSON document, the
 * exit codes, and which sandbox the local profile reaches.
 */
class SandboxCommandsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private Path home;
    private FakeSandboxAdmin fake;

    @BeforeEach
    void setUp() throws Exception {
        fake = new FakeSandboxAdmin();
        home = dir.resolve("home");
        Files.createDirectories(home);
        Files.writeString(home.resolve("config.properties"), "profile.fake.apiPath=" + fake.apiBase() + "\n"
                + "profile.fake.accessId=" + FakeSandboxAdmin.ACCESS_ID + "\n"
                + "profile.fake.secretKey=" + FakeSandboxAdmin.SECRET + "\n"
                + "profile.fake.owner=Example Org\n");
        // Private, as tcbatch asks of a file holding a secret (else it warns on standard error).
        java.nio.file.Files.setPosixFilePermissions(home.resolve("config.properties"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    @AfterEach
    void tearDown() {
        fake.close();
    }

    private Cli.Result run(String... args) {
        Cli.Result r = new Cli(home).run(args);
        assertFalse(r.out().contains(FakeSandboxAdmin.SECRET) || r.err().contains(FakeSandboxAdmin.SECRET),
                "the secret is never shown");
        return r;
    }

    private String statusText(String extra) {
        return "Sandbox at " + fake.apiBase() + "\n"
                + "  workers 2, upload limit 2000000 bytes\n"
                + extra
                + "Triggered: rate-limit 1, error 0, slow 0, drop 0, hold-running 0, errors-lag 0, flat-status 0, clock-offset 0\n"
                + "Jobs: Created 0, Queued 0, Running 1, Completed 5\n"
                + "Owners:\n"
                + "  Example Org        indicators 10, groups 1\n"
                + "  Example Community  indicators 0, groups 0\n";
    }

    @Test
    void statusShowsFaultsCountersJobsAndOwners() {
        Cli.Result r = run("--profile", "fake", "sandbox", "status");
        assertEquals(0, r.code(), r.err());
        assertEquals(statusText("Faults: none\n"), r.out());
        assertEquals(List.of("GET /api/sandbox/status"), fake.requests);
    }

    @Test
    void aFaultIsAddedShownWithItsCountersAndCleared() {
        Cli.Result add = run("--profile", "fake", "sandbox", "fault", "rate-limit", "count=3", "retry-after=5");
        assertEquals(0, add.code(), add.err());
        assertEquals("Fault added: rate-limit count=3 retry-after=5 (remaining 3)\n", add.out());
        assertEquals(0, run("--profile", "fake", "sandbox", "fault", "error", "status=502", "html").code());

        Cli.Result status = run("--profile", "fake", "sandbox", "status");
        assertEquals(statusText("Faults:\n"
                + "  rate-limit count=3 retry-after=5  remaining 3, triggered 0\n"
                + "  error status=502 html             remaining 1, triggered 0\n"), status.out());

        Cli.Result clear = run("--profile", "fake", "sandbox", "fault", "clear");
        assertEquals(0, clear.code(), clear.err());
        assertEquals("Cleared 2 faults.\n", clear.out());
        assertTrue(fake.faults.isEmpty());
        assertEquals(List.of("POST /api/sandbox/faults", "POST /api/sandbox/faults", "GET /api/sandbox/status",
                "DELETE /api/sandbox/faults"), fake.requests);
    }

    @Test
    void withOutputJsonEachCommandPrintsExactlyOneDocument() throws Exception {
        Cli.Result add = run("--profile", "fake", "--output", "json", "sandbox", "fault", "slow", "count=2", "delay=500ms");
        assertEquals(0, add.code(), add.err());
        assertEquals(JSON.readTree("{\"fault\":{\"spec\":\"slow count=2 delay=500ms\",\"remaining\":2,\"triggered\":0}}"),
                JSON.readTree(add.out()));

        Cli.Result status = run("--profile", "fake", "--output", "json", "sandbox", "status");
        assertEquals(0, status.code(), status.err());
        JsonNode doc = JSON.readTree(status.out());
        assertEquals(JSON.readTree("{\"url\":\"" + fake.apiBase() + "\",\"throwAway\":false,"
                + "\"faults\":[{\"spec\":\"slow count=2 delay=500ms\",\"remaining\":2,\"triggered\":0}],"
                + "\"triggered\":{\"rate-limit\":1,\"error\":0,\"slow\":0,\"drop\":0,\"hold-running\":0,"
                + "\"errors-lag\":0,\"flat-status\":0,\"clock-offset\":0},"
                + "\"jobs\":{\"Created\":0,\"Queued\":0,\"Running\":1,\"Completed\":5},"
                + "\"workers\":2,\"maxUploadBytes\":2000000,"
                + "\"owners\":[{\"name\":\"Example Org\",\"indicators\":10,\"groups\":1},"
                + "{\"name\":\"Example Community\",\"indicators\":0,\"groups\":0}]}"), doc);
        // One document: parsing it consumed the whole of standard output.
        assertEquals(1, JSON.readerFor(JsonNode.class).readValues(status.out()).readAll().size());

        Cli.Result clear = run("--profile", "fake", "--output", "json", "sandbox", "fault", "clear");
        assertEquals(JSON.readTree("{\"cleared\":1}"), JSON.readTree(clear.out()));
    }

    @Test
    void aSpecTheSandboxRefusesIsItsOneLineMessageAndExit2() throws Exception {
        Cli.Result r = run("--profile", "fake", "sandbox", "fault", "frobnicate", "count=1");
        assertEquals(2, r.code(), r.err());
        assertEquals("tcbatch: unknown fault kind 'frobnicate'; kinds: rate-limit, error, slow, drop, hold-running,"
                + " errors-lag, flat-status, clock-offset\n", r.err());
        assertEquals("", r.out());

        Cli.Result json = run("--profile", "fake", "--output", "json", "sandbox", "fault", "frobnicate");
        assertEquals(2, json.code());
        assertEquals(2, JSON.readTree(json.out()).path("exitCode").asInt());

        Cli.Result none = run("--profile", "fake", "sandbox", "fault");
        assertEquals(2, none.code());
        assertEquals("tcbatch: sandbox fault needs a fault, e.g. sandbox fault rate-limit count=3 retry-after=5,"
                + " or: sandbox fault clear\n", none.err());
        Cli.Result extra = run("--profile", "fake", "sandbox", "status", "now");
        assertEquals(2, extra.code());
        assertEquals("tcbatch: sandbox status takes no arguments, not 'now'\n", extra.err());
        assertEquals(List.of("POST /api/sandbox/faults", "POST /api/sandbox/faults"), fake.requests);
    }

    @Test
    void aProfileThatIsNotASandboxIsSaidInOneLineWithExit2() {
        fake.notASandbox = true;
        Cli.Result r = run("--profile", "fake", "sandbox", "status");
        assertEquals(2, r.code(), r.err());
        assertEquals("tcbatch: " + fake.apiBase() + " is not a tcbatch sandbox (it answered 404 to GET /api/sandbox/status);"
                + " the sandbox commands work only with a sandbox profile\n", r.err());
        Cli.Result f = run("--profile", "fake", "sandbox", "fault", "drop");
        assertEquals(2, f.code(), f.err());
        assertTrue(f.err().contains("answered 404 to POST /api/sandbox/faults"), f.err());
    }

    @Test
    void wrongCredentialsAreARemoteFailure() throws Exception {
        Files.writeString(home.resolve("config.properties"), "profile.fake.apiPath=" + fake.apiBase() + "\n"
                + "profile.fake.accessId=" + FakeSandboxAdmin.ACCESS_ID + "\nprofile.fake.secretKey=not-the-secret\n");
        // Private, as tcbatch asks of a file holding a secret (else it warns on standard error).
        java.nio.file.Files.setPosixFilePermissions(home.resolve("config.properties"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Cli.Result r = new Cli(home).run("--profile", "fake", "sandbox", "status");
        assertEquals(3, r.code(), r.err());
        assertEquals("tcbatch: the sandbox at " + fake.apiBase() + " answered 401 to GET /api/sandbox/status:"
                + " Access denied: bad signature\n", r.err());
        assertFalse(r.err().contains("not-the-secret"));
    }

    @Test
    void aFaultOnTheLocalProfileWithoutARunningSandboxIsRefusedWithHowToStartOne() {
        Cli.Result r = run("sandbox", "fault", "rate-limit", "count=3");
        assertEquals(2, r.code(), r.err());
        assertEquals("tcbatch: no sandbox is running for this TCBATCH_HOME: a fault set on one started for this command"
                + " alone would vanish when it exits; start one with: bin/tcbatch sandbox (and leave it running),"
                + " then run this command again\n", r.err());
        assertFalse(Files.exists(home.resolve("sandbox").resolve("sandbox.mv.db")), "no sandbox was started");
    }

    /** A run file as {@code bin/tcbatch sandbox} writes it, pointing at the fake, with a private secret file. */
    private void runFile(long pid, URI url) throws Exception {
        Path data = Files.createDirectories(home.resolve("sandbox"));
        Path secret = Files.writeString(dir.resolve("secret.txt"), FakeSandboxAdmin.SECRET + "\n");
        new LocalSandbox.Running(url, pid, FakeSandboxAdmin.ACCESS_ID, secret).write(data);
    }

    @Test
    void theLocalProfileUsesTheRunningStandaloneSandboxAndSaysSo() throws Exception {
        runFile(ProcessHandle.current().pid(), fake.apiBase());
        Cli.Result add = run("sandbox", "fault", "hold-running", "for=30s");
        assertEquals(0, add.code(), add.err());
        assertEquals("Using the running sandbox at " + fake.apiBase() + " (bin/tcbatch sandbox, pid "
                + ProcessHandle.current().pid() + ", data in " + home.resolve("sandbox").toAbsolutePath() + ")\n", add.err());
        assertEquals("Fault added: hold-running for=30s (remaining 1)\n", add.out());
        Cli.Result status = run("sandbox", "status");
        assertEquals(0, status.code(), status.err());
        assertTrue(status.out().startsWith("Sandbox at " + fake.apiBase() + "\n"), status.out());
        assertTrue(status.out().contains("  hold-running for=30s  remaining 1, triggered 0\n"), status.out());
    }

    @Test
    void aStaleRunFileIsIgnored() throws Exception {
        Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
                .redirectErrorStream(true).start();
        gone.getInputStream().readAllBytes();
        gone.waitFor();
        runFile(gone.pid(), fake.apiBase());
        Cli.Result deadPid = run("sandbox", "fault", "drop");
        assertEquals(2, deadPid.code(), deadPid.err());
        assertTrue(deadPid.err().startsWith("tcbatch: no sandbox is running for this TCBATCH_HOME"), deadPid.err());

        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        runFile(ProcessHandle.current().pid(), URI.create("http://127.0.0.1:" + closedPort + "/api"));
        Cli.Result refused = run("sandbox", "fault", "drop");
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().startsWith("tcbatch: no sandbox is running for this TCBATCH_HOME"), refused.err());
        assertEquals(List.of(), fake.requests);
    }

    @Test
    void theShellRegistersSandboxStatusAndSandboxFault() throws Exception {
        for (List<String> command : List.of(List.of("sandbox", "fault", "clock-offset", "by=-5m"),
                List.of("sandbox", "status"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            String[] args = {"--profile", "fake"};
            GlobalOptions opts = GlobalOptions.parse(args);
            int code;
            try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                 PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
                 Session session = Session.create(opts, Map.of("TCBATCH_HOME", home.toString()),
                         new Output(Output.Mode.TEXT, false, o, e, false))) {
                code = ShellLauncher.run(session, opts, command);
            }
            assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
            String text = out.toString(StandardCharsets.UTF_8);
            if (command.get(1).equals("fault")) {
                assertEquals("Fault added: clock-offset by=-5m (remaining: until cleared)\n", text);
            } else {
                assertTrue(text.contains("\n  clock-offset by=-5m  remaining: until cleared, triggered 0\n"), text);
            }
        }
        assertEquals(List.of("POST /api/sandbox/faults", "GET /api/sandbox/status"), fake.requests);
    }
}
