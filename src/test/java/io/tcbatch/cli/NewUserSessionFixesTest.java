package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.batch.Action;
import io.tcbatch.batch.AttributeWriteType;
import io.tcbatch.batch.ImportSpec;
import io.tcbatch.journal.RunRecord;
import io.tcbatch.render.Output;

/** What a new user ran into with the session and the command line (issue 5, follow-up). */
class NewUserSessionFixesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String IOCS = "dsl-examples/samples/iocs.txt";

    @TempDir
    Path home;

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("TCBATCH_HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve("user-config").toString());
        return env;
    }

    /** A session of this TCBATCH_HOME on the local profile, as Main would make it; its output is captured. */
    private Session session(ByteArrayOutputStream err) {
        GlobalOptions opts = GlobalOptions.parse(new String[0]);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        return Session.create(opts, env(), new Output(opts.output(), opts.quiet(), e, e, false), home);
    }

    // S1 (a): the shell's sandbox serves the single commands of another terminal.
    @Test
    void aSandboxStartedByTheShellServesSingleCommandsAndGoesWithIt() throws Exception {
        Path runFile = home.resolve("sandbox").resolve(LocalSandbox.RUN_FILE);
        ByteArrayOutputStream shellErr = new ByteArrayOutputStream();
        Session shell = session(shellErr);
        shell.longLived(true);
        try {
            shell.service(); // the first command that needs it starts the sandbox
            assertTrue(Files.isRegularFile(runFile), "published like bin/tcbatch sandbox");
            LocalSandbox.Running running = LocalSandbox.Running.find(home.resolve("sandbox"));
            assertEquals(LocalSandbox.Running.SHELL, running.by());
            assertFalse(Files.readString(runFile).contains(
                    io.tcbatch.sandbox.SandboxCredentials.loadOrCreate(home.resolve("sandbox")).secretKey()),
                    "the secret stays in its own file");

            Cli cli = new Cli(home);
            Cli.Result imp = cli.run("--output", "json", "import", IOCS, "--owner", "Example Org");
            assertEquals(1, imp.code(), imp.err());
            assertTrue(imp.err().startsWith("Using the running sandbox at " + running.apiBase() + " (the tcbatch shell, pid "
                    + ProcessHandle.current().pid()), imp.err());
            JsonNode s = JSON.readTree(imp.out());
            assertEquals(14, s.at("/totals/succeeded").asLong());
            long job = s.at("/jobs/0/batchId").asLong();

            Cli.Result errors = cli.run("errors", String.valueOf(job));
            assertEquals(0, errors.code(), errors.err());
            Cli.Result byRun = cli.run("errors", s.get("run").asText());
            assertEquals(0, byRun.code(), byRun.err());
            assertFalse(byRun.err().contains("in use by another tcbatch process"), byRun.err());
        } finally {
            shell.close();
        }
        assertFalse(Files.exists(runFile), "the run file goes with the shell");
        // With no shell, a single command starts its own again (and publishes nothing).
        Cli.Result after = new Cli(home).run("jobs");
        assertEquals(0, after.code(), after.err());
        Cli.Result watch = new Cli(home).run("errors", "1");
        assertTrue(watch.err().contains("Using the built-in sandbox at"), watch.err());
        assertFalse(Files.exists(runFile));
    }

    // S1 (b): a wrong file name fails at once, even while another process holds the sandbox's lock.
    @Test
    void importChecksItsFilesBeforeTheSandboxIsStarted() throws Exception {
        Path dir = Files.createDirectories(home.resolve("a-directory"));
        try (Session holder = session(new ByteArrayOutputStream())) {
            holder.service(); // short-lived: holds the lock, publishes nothing
            Cli cli = new Cli(home);
            Cli.Result missing = cli.run("import", "/nonexistent.json", "--owner", "Example Org");
            assertEquals(2, missing.code(), missing.err());
            assertEquals("tcbatch: /nonexistent.json: no such file\n", missing.err());
            Cli.Result directory = cli.run("import", dir.toString(), "--owner", "Example Org");
            assertEquals(2, directory.code(), directory.err());
            assertEquals("tcbatch: " + dir + ": not a regular file\n", directory.err());
        }
    }

    // S2: global options after the command word.
    @Test
    void globalOptionsAreTakenAfterTheCommandWordToo() throws Exception {
        Cli cli = new Cli(home);
        Cli.Result imp = cli.run("import", IOCS, "--owner", "Example Org", "--output", "json");
        assertEquals(1, imp.code(), imp.err());
        assertEquals("Example Org", JSON.readTree(imp.out()).get("owner").asText());

        Cli.Result jobs = cli.run("jobs", "--output", "json");
        assertEquals(0, jobs.code(), jobs.err());
        JsonNode runs = JSON.readTree(jobs.out());
        assertEquals(1, runs.size(), jobs.out());

        Cli.Result quiet = cli.run("jobs", "--output=json", "--quiet", "--profile", "local");
        assertEquals(0, quiet.code(), quiet.err());
        assertEquals(1, JSON.readTree(quiet.out()).size());

        GlobalOptions script = GlobalOptions.parse(new String[] {"--quiet", "x.groovy", "--output", "x", "--profile"});
        assertEquals(List.of("x.groovy", "--output", "x", "--profile"), script.rest(), "a script's arguments are its own");
        assertTrue(script.quiet());
        assertEquals(Output.Mode.TEXT, script.output());
        GlobalOptions run = GlobalOptions.parse(new String[] {"run", "x.groovy", "--stacktrace"});
        assertEquals(List.of("run", "x.groovy", "--stacktrace"), run.rest());
        assertFalse(run.stacktrace());
        GlobalOptions bad = GlobalOptions.parse(new String[] {"jobs", "--debug-http", "--status", "done"});
        assertTrue(bad.debugHttp());
        assertEquals(List.of("jobs", "--status", "done"), bad.rest());
    }

    /** A profile of a shared instance without a default owner (no TC_OWNER), on a host that is never reached. */
    private Cli noOwnerProfile() {
        return new Cli(home).env("TC_API_PATH", "https://nonexistent.invalid/api").env("TC_API_ACCESS_ID", "id")
                .env("TC_API_SECRET_KEY", "not-a-real-secret").env("TCBATCH_HTTP_RETRY_MAXATTEMPTS", "1");
    }

    // S3: the owner and the files are checked before a confirmation is asked.
    @Test
    void aMissingOwnerOrFileIsSaidBeforeAnyConfirmation() {
        Cli cli = noOwnerProfile().stdin("yes\n");
        Cli.Result r = cli.run("import", IOCS, "--attribute-write-type", "Replace");
        assertEquals(2, r.code(), r.err());
        assertEquals("tcbatch: no owner given: say which owner the data goes to (owner 'Example Org' / --owner NAME)\n",
                r.err());
        Cli.Result typo = cli.run("import", "/nonexistent.json", "--owner", "Example Org", "--attribute-write-type", "Replace");
        assertEquals(2, typo.code(), typo.err());
        assertEquals("tcbatch: /nonexistent.json: no such file\n", typo.err());

        // resubmit and batch commit ask through the same Session method.
        try (Session s = session(new ByteArrayOutputStream())) {
            ImportSpec noOwner = new ImportSpec(null, Action.Delete, AttributeWriteType.Append, false,
                    List.of(Path.of(IOCS)), "V2", ImportSpec.JobExtras.NONE);
            io.tcbatch.batch.UsageException e = assertThrows(io.tcbatch.batch.UsageException.class,
                    () -> s.destructive(noOwner));
            assertTrue(e.getMessage().startsWith("no owner given"), e.getMessage());
        }
    }

    // S4: nothing was created on an instance that cannot be reached: one line, no summary.
    @Test
    void anUnreachableInstanceIsOneLineAndTheRunIsMarkedFailed() {
        Cli cli = noOwnerProfile();
        Cli.Result r = cli.run("import", IOCS, "--owner", "Example Org", "--attribute-write-type", "Append");
        assertEquals(3, r.code(), r.err());
        assertEquals("", r.out(), "no summary when nothing was created");
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("tcbatch: cannot reach nonexistent.invalid:443 ("), r.err());
        assertTrue(lines.get(0).endsWith("); nothing was sent. Check the profile's URL and network (profile show env)"),
                r.err());
        RunRecord run = CommandsTestSupport.journal(home).recent(1).get(0);
        assertEquals("failed", run.state());
        assertEquals(3, run.exitCode());

        Cli.Result json = cli.run("--output", "json", "import", IOCS, "--owner", "Example Org",
                "--attribute-write-type", "Append");
        assertEquals(3, json.code(), json.err());
        assertEquals(3, readJson(json.out()).get("exitCode").asInt(), json.out());
    }

    // S5: an unknown job id is one line, like errors.
    @Test
    void watchingAJobTheServerDoesNotKnowIsOneLineAndExit3() {
        Cli.Result r = new Cli(home).run("watch", "99999");
        assertEquals(3, r.code(), r.err());
        List<String> lines = r.err().lines().filter(l -> l.startsWith("tcbatch:")).toList();
        assertEquals(List.of("tcbatch: job 99999 is not known to profile local (GET /api/v2/batch/99999 answered 404);"
                + " see the recorded jobs with: jobs"), lines, r.err());
        assertEquals("", r.out());
        assertTrue(CommandsTestSupport.journal(home).recent(1).isEmpty(), "nothing is recorded");
    }

    // S6: Ctrl-C before any job was created says so.
    @Test
    void aStopBeforeAnythingWasSentSaysNothingWasSent() throws Exception {
        try (Session s = session(new ByteArrayOutputStream())) {
            assertEquals(null, s.interruptedNote(), "nothing was being done");
            // Ctrl-C in the shell interrupts the command's thread; in preflight it surfaces from the
            // progress drawn on the terminal, as an interrupted write.
            s.service().progress(new io.tcbatch.batch.Progress() {
                @Override
                public void start(String label, long total, String unit) {
                    throw new java.io.UncheckedIOException(new java.io.InterruptedIOException("interrupted"));
                }

                @Override
                public void advance(long n) {
                }

                @Override
                public void at(long done) {
                }

                @Override
                public void done() {
                }
            });
            ImportSpec spec = new ImportSpec("Example Org", Action.Create, AttributeWriteType.Append, false,
                    List.of(Path.of(IOCS)), "V2", ImportSpec.JobExtras.NONE);
            Throwable stop = assertThrows(Throwable.class, () -> s.importFiles(spec));
            assertTrue(Exits.interrupted(stop), String.valueOf(stop));
            assertEquals("tcbatch: stopped; nothing was sent", s.interruptedNote());
            assertTrue(CommandsTestSupport.journal(home).recent(1).isEmpty(), "no run was recorded");
        }
    }

    private static JsonNode readJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(text, e);
        }
    }
}
