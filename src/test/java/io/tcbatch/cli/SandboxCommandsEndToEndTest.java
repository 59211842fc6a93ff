package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tcbatch.TestClock;
import io.tcbatch.config.Settings;
import io.tcbatch.render.Output;
import io.tcbatch.sandbox.Sandbox;
import io.tcbatch.sandbox.SandboxConfig;

/**
 * {@code sandbox status} and {@code sandbox fault …} against a real sandbox's admin routes
 * (where {@link SandboxCommandsTest} uses a fake of the contract): in this JVM behind a profile,
 * and a standalone {@code bin/tcbatch sandbox} reached through the local profile. A fault set by
 * the command really changes what the next import meets, and the counters say so.
 */
class SandboxCommandsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ID = "commands-e2e-id";
    private static final String SECRET = "commands-e2e-secret-value";

    @TempDir
    Path dir;
    private Path home;
    private Sandbox sandbox;
    private Path script;
    private Path feed;
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @BeforeEach
    void setUp() throws Exception {
        home = Files.createDirectories(dir.resolve("home"));
        script = Files.writeString(dir.resolve("import.groovy"), "batch {\n    upload file(args[0])\n}\n");
        feed = Files.writeString(dir.resolve("feed.txt"), "192.0.2.1\nbad.example.com\nhttp://x.example.net/a\n");
    }

    @AfterEach
    void tearDown() {
        if (sandbox != null) {
            sandbox.close();
        }
        pool.shutdownNow();
    }

    private void startInProcess() throws Exception {
        sandbox = Sandbox.start(SandboxConfig.defaults(dir.resolve("data"), ID, SECRET));
        Files.writeString(home.resolve("config.properties"), "profile.sb.apiPath=" + sandbox.apiBase() + "\n"
                + "profile.sb.accessId=" + ID + "\nprofile.sb.secretKey=" + SECRET + "\nprofile.sb.owner=Example Org\n");
        // Private, as tcbatch asks of a file holding a secret (else it warns on standard error).
        java.nio.file.Files.setPosixFilePermissions(home.resolve("config.properties"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    private Cli.Result run(String... args) {
        Cli.Result r = new Cli(home).run(args);
        assertFalse(r.out().contains(SECRET) || r.err().contains(SECRET), "the secret is never shown");
        return r;
    }

    /**
     * The import script through a session whose waits advance a test clock: the clock starts at
     * the wall clock's time, since the sandbox checks the request timestamps on its real clock.
     */
    private int importWith(String profile, TestClock clock) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
             Session session = new Session(Settings.load(Map.of("TCBATCH_HOME", home.toString()), null),
                     new Output(Output.Mode.JSON, false, o, e, false), profile, clock, clock, false)) {
            int code = session.runScript(script, List.of(feed.toString()));
            JsonNode summary = JSON.readTree(out.toString(StandardCharsets.UTF_8));
            assertEquals(3, summary.at("/totals/succeeded").asInt(), summary.toString());
            return code;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private String statusText(String base, String faults, String triggered, String jobs, int orgIndicators) {
        return "Sandbox at " + base + "\n"
                + "  workers 2, upload limit 2000000 bytes\n"
                + faults
                + "Triggered: " + triggered + "\n"
                + "Jobs: " + jobs + "\n"
                + "Owners:\n"
                + "  Example Org        indicators " + orgIndicators + ", groups 0\n"
                + "  Example Community  indicators 0, groups 0\n"
                + "  Example Source     indicators 0, groups 0\n";
    }

    private static final String NONE_TRIGGERED = "rate-limit 0, error 0, slow 0, drop 0, hold-running 0, errors-lag 0,"
            + " flat-status 0, clock-offset 0";
    private static final String RATE_LIMITED_ONCE = "rate-limit 1, error 0, slow 0, drop 0, hold-running 0, errors-lag 0,"
            + " flat-status 0, clock-offset 0";

    @Test
    void aFaultSetByTheCommandMeetsTheNextImportAndTheStatusCountsIt() throws Exception {
        startInProcess();
        String base = sandbox.apiBase().toString();
        Cli.Result fresh = run("--profile", "sb", "sandbox", "status");
        assertEquals(0, fresh.code(), fresh.err());
        assertEquals(statusText(base, "Faults: none\n", NONE_TRIGGERED, "Created 0, Queued 0, Running 0, Completed 0", 0),
                fresh.out());

        Cli.Result add = run("--profile", "sb", "sandbox", "fault", "rate-limit", "count=1", "retry-after=1");
        assertEquals(0, add.code(), add.err());
        assertEquals("Fault added: rate-limit count=1 retry-after=1 (remaining 1)\n", add.out());

        // The first request of the import is answered 429 with Retry-After: 1; the client waits
        // the second the server asked for (on the test clock) and the import still succeeds.
        TestClock clock = new TestClock(Instant.now());
        assertEquals(0, importWith("sb", clock));
        assertEquals(Duration.ofSeconds(1), clock.sleeps.get(0), clock.sleeps.toString());

        Cli.Result after = run("--profile", "sb", "sandbox", "status");
        assertEquals(statusText(base, "Faults:\n  rate-limit count=1 retry-after=1  remaining 0, triggered 1\n",
                RATE_LIMITED_ONCE, "Created 0, Queued 0, Running 0, Completed 1", 3), after.out());

        Cli.Result json = run("--profile", "sb", "--output", "json", "sandbox", "status");
        assertEquals(0, json.code(), json.err());
        assertEquals(JSON.readTree("""
                {"url":"BASE","throwAway":false,
                 "faults":[{"spec":"rate-limit count=1 retry-after=1","remaining":0,"triggered":1}],
                 "triggered":{"rate-limit":1,"error":0,"slow":0,"drop":0,"hold-running":0,"errors-lag":0,
                              "flat-status":0,"clock-offset":0},
                 "jobs":{"Created":0,"Queued":0,"Running":0,"Completed":1},
                 "workers":2,"maxUploadBytes":2000000,
                 "owners":[{"name":"Example Org","indicators":3,"groups":0},
                           {"name":"Example Community","indicators":0,"groups":0},
                           {"name":"Example Source","indicators":0,"groups":0}]}""".replace("BASE", base)),
                JSON.readTree(json.out()));
        assertEquals(1, JSON.readerFor(JsonNode.class).readValues(json.out()).readAll().size(), "one document");

        // A value the sandbox's parser refuses: its one-line message, exit 2, nothing added.
        Cli.Result bad = run("--profile", "sb", "sandbox", "fault", "error", "status=404");
        assertEquals(2, bad.code());
        assertEquals("tcbatch: error: status must be 500, 502 or 503, not 404\n", bad.err());

        Cli.Result clear = run("--profile", "sb", "--output", "json", "sandbox", "fault", "clear");
        assertEquals(JSON.readTree("{\"cleared\":1}"), JSON.readTree(clear.out()));
        assertTrue(run("--profile", "sb", "sandbox", "status").out().contains("\nFaults: none\n"));
    }

    @Test
    void aClockOffsetFromTheShellFailsTheNextImportWhileTheAdminRoutesStillAnswer() throws Exception {
        startInProcess();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] args = {"--profile", "sb"};
        GlobalOptions opts = GlobalOptions.parse(args);
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
             Session session = Session.create(opts, Map.of("TCBATCH_HOME", home.toString()),
                     new Output(Output.Mode.TEXT, false, o, e, false))) {
            assertEquals(0, ShellLauncher.run(session, opts, List.of("sandbox", "fault", "clock-offset", "by=-10m")),
                    err.toString(StandardCharsets.UTF_8));
        }
        assertEquals("Fault added: clock-offset by=-10m (remaining: until cleared)\n", out.toString(StandardCharsets.UTF_8));

        // Ten minutes is beyond the five-minute timestamp window: the server refuses the import.
        Cli.Result refused = run("--profile", "sb", "--output", "json", "run", script.toString(), feed.toString());
        assertEquals(3, refused.code(), refused.err());
        assertTrue(refused.err().startsWith("tcbatch: POST /api/v2/batch: 401 Timestamp out of"
                + " acceptable time range; "), refused.err());

        // Admin requests are checked on the unshifted clock, so the fault can be seen and cleared.
        Cli.Result status = run("--profile", "sb", "sandbox", "status");
        assertEquals(0, status.code(), status.err());
        assertTrue(status.out().contains("\n  clock-offset by=-10m  remaining: until cleared, triggered "), status.out());
        assertEquals("Cleared 1 fault.\n", run("--profile", "sb", "sandbox", "fault", "clear").out());
        assertEquals(0, importWith("sb", new TestClock(Instant.now())));
    }

    @Test
    void wrongCredentialsAreTheRealSandboxsRefusalWithExit3AndNoSecret() throws Exception {
        startInProcess();
        Files.writeString(home.resolve("config.properties"), "profile.sb.apiPath=" + sandbox.apiBase() + "\n"
                + "profile.sb.accessId=" + ID + "\nprofile.sb.secretKey=not-the-secret-value\n");
        // Private, as tcbatch asks of a file holding a secret (else it warns on standard error).
        java.nio.file.Files.setPosixFilePermissions(home.resolve("config.properties"), java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        Cli.Result r = new Cli(home).run("--profile", "sb", "sandbox", "status");
        assertEquals(3, r.code(), r.err());
        assertEquals("tcbatch: the sandbox at " + sandbox.apiBase() + " answered 401 to GET /api/sandbox/status:"
                + " Signature data did not match expected result\n", r.err());
        assertFalse(r.err().contains("not-the-secret-value") || r.out().contains("not-the-secret-value"));
    }

    @Test
    void aFaultValueTheSandboxWouldRefuseIsAConfigurationErrorNamingTheFileAndKey() throws Exception {
        // Before the settings check used the sandbox's own parser, only kinds and keys were
        // checked, and this value failed later, inside the sandbox's start, as exit 5 (a bug).
        Files.writeString(home.resolve("sandbox.properties"), "fault.7=error status=404\n");
        Cli.Result r = run("sandbox", "status");
        assertEquals(2, r.code(), r.err());
        assertEquals("tcbatch: " + home.resolve("sandbox.properties") + ": fault.7: error: status must be 500, 502 or 503,"
                + " not 404\n", r.err());
    }

    /** A standalone {@code bin/tcbatch sandbox} on a thread of this JVM, serving the home's data. */
    private Future<Integer> serveStandalone(CountDownLatch stop, CountDownLatch stopped, ByteArrayOutputStream out)
            throws Exception {
        Settings settings = Settings.load(Map.of("TCBATCH_HOME", home.toString()), Path.of("."));
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        Output output = new Output(Output.Mode.TEXT, false, o, o, false);
        Future<Integer> result = pool.submit(() -> SandboxMain.serve(settings, output,
                SandboxMain.Options.parse(List.of()), stop, stopped));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!out.toString(StandardCharsets.UTF_8).contains("Press Ctrl-C to stop.") && System.nanoTime() < deadline
                && !result.isDone()) {
            Thread.sleep(20);
        }
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("Press Ctrl-C to stop."), out.toString(StandardCharsets.UTF_8));
        return result;
    }

    @Test
    void theLocalProfileDrivesARunningStandaloneSandbox() throws Exception {
        CountDownLatch stop = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        ByteArrayOutputStream served = new ByteArrayOutputStream();
        Future<Integer> standalone = serveStandalone(stop, stopped, served);
        String url = served.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow()
                .substring("tcbatch sandbox serving ".length());

        Cli.Result add = run("sandbox", "fault", "rate-limit", "count=1", "retry-after=1");
        assertEquals(0, add.code(), add.err());
        assertEquals("Fault added: rate-limit count=1 retry-after=1 (remaining 1)\n", add.out());
        assertTrue(add.err().startsWith("Using the running sandbox at " + url + " (bin/tcbatch sandbox, pid "), add.err());

        TestClock clock = new TestClock(Instant.now());
        assertEquals(0, importWith(null, clock));
        assertEquals(Duration.ofSeconds(1), clock.sleeps.get(0), clock.sleeps.toString());

        Cli.Result status = run("--output", "json", "sandbox", "status");
        assertEquals(0, status.code(), status.err());
        JsonNode doc = JSON.readTree(status.out());
        assertEquals(url, doc.path("url").asText());
        assertFalse(doc.path("throwAway").asBoolean());
        assertEquals(1, doc.at("/triggered/rate-limit").asInt());
        assertEquals(JSON.readTree("[{\"spec\":\"rate-limit count=1 retry-after=1\",\"remaining\":0,\"triggered\":1}]"),
                doc.path("faults"));
        assertEquals(1, doc.at("/jobs/Completed").asInt());
        assertEquals(3, doc.at("/owners/0/indicators").asInt());
        assertEquals("Cleared 1 fault.\n", run("sandbox", "fault", "clear").out());

        stop.countDown();
        assertEquals(0, standalone.get(20, TimeUnit.SECONDS));
    }

    @Test
    void statusOnTheLocalProfileWithNothingRunningShowsASandboxStartedForTheCommand() {
        Cli.Result r = run("sandbox", "status");
        assertEquals(0, r.code(), r.err());
        String first = r.out().lines().findFirst().orElseThrow();
        assertTrue(first.matches("Sandbox at http://127\\.0\\.0\\.1:\\d+/api \\(started for this command only\\)"), first);
        assertTrue(r.out().contains("\nFaults: none\n"), r.out());
        assertTrue(r.out().contains("\nJobs: Created 0, Queued 0, Running 0, Completed 0\n"), r.out());
    }
}
