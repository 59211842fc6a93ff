package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tcbatch.api.CrashPoints;
import io.tcbatch.input.ItemKind;
import io.tcbatch.input.RuleResult;
import io.tcbatch.journal.JobRecord;
import io.tcbatch.journal.RunRecord;
import io.tcbatch.sandbox.ItemValidator;
import io.tcbatch.sandbox.Sandbox;
import io.tcbatch.sandbox.SandboxConfig;
import io.tcbatch.sandbox.SandboxStore;

/**
 * Issue 7's crash test: a real tcbatch process imports {@value #N} indicators in chunks of
 * {@value #CHUNK} into a sandbox that lives in this JVM (so it outlives the client), is halted at
 * a named crash point ({@code -Dtcbatch.crashAt}, {@link CrashPoints}) or killed with SIGKILL at a
 * timed moment, and is then resumed; afterwards the sandbox must hold exactly the items that do
 * not fail, every chunk must have been uploaded exactly once (the sandbox's upload ledger), and
 * the resumed run's summary must match the sandbox. Run it alone with {@code -Dtest=CrashResumeTest}.
 *
 * <p>The client sends every chunk as create (E1) then upload (E2), so that a lost answer can be
 * settled on the server. Some scenarios also go through {@link NoE3Proxy} (createAndUpload answered
 * 404, as instances that do not serve it do), which counts the creates a timed kill waits for and
 * shows that the flow does not depend on E3 being served.
 */
class CrashResumeTest {
    static final int N = 600;
    static final int CHUNK = 50;
    static final int CHUNKS = N / CHUNK;
    /** Every 100th item fails on the server (not in the client's preflight), so there are error files. */
    static final int FAILING = N / 100;
    private static final String OWNER = "Example Org";
    private static final String ID = "crash-id";
    private static final String SECRET = "crash-secret-value-never-shown";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private final List<AutoCloseable> open = new ArrayList<>();
    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : children) {
            p.destroyForcibly();
        }
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
    }

    // ------------------------------------------------------------------ the scenarios

    @Test
    void haltedBeforeTheFirstCreate() throws Exception {
        crashOnceThenResume("e3-before-create", false, "before-create");
    }

    @Test
    void haltedBeforeTheFifthCreate() throws Exception {
        crashOnceThenResume("e3-before-create-5", false, "before-create#5");
    }

    @Test
    void haltedBetweenCreateAndUpload() throws Exception {
        crashOnceThenResume("after-create", true, "after-create");
    }

    @Test
    void haltedBeforeTheFifthUpload() throws Exception {
        crashOnceThenResume("before-upload-5", true, "before-upload#5");
    }

    @Test
    void haltedHalfWayThroughTheSecondUpload() throws Exception {
        crashOnceThenResume("during-upload-2", true, "during-upload#2");
    }

    @Test
    void haltedAfterAnUploadWasTakenButBeforeItWasRecorded() throws Exception {
        crashOnceThenResume("after-upload", true, "after-upload");
    }

    @Test
    void haltedWhilePolling() throws Exception {
        crashOnceThenResume("e3-after-poll-3", false, "after-poll#3");
    }

    @Test
    void haltedAfterAnErrorFileWasFetchedButBeforeItWasSaved() throws Exception {
        crashOnceThenResume("e3-after-error-download", false, "after-error-download");
    }

    @Test
    void crashedTwiceResumedTwice() throws Exception {
        World w = world("twice", true);
        Path feed = feed(w);
        Child first = w.child("after-upload#3", importArgs(feed));
        assertHalted(first);
        String run = latestRun(w.home);
        // The first resume crashes too, at another point; the second finishes the run.
        Child second = w.child("after-poll#2", resumeArgs(run));
        assertHalted(second);
        assertExact(w, run, resume(w, run));
    }

    @Test
    void killedWithSigkillRightAfterTheFirstJobWasCreated() throws Exception {
        World w = world("kill-created", true);
        Child c = w.child(null, importArgs(feed(w)));
        killWhen(c, () -> w.proxy.creates.get() >= 1);
        assertExact(w, latestRun(w.home), resume(w, latestRun(w.home)));
    }

    /**
     * Killed the moment the sandbox has accepted the sixth upload, usually before its answer
     * reaches the client: the journal says Created with an id while the job has its file. The
     * resume must ask the job's status before it uploads anything again (the ledger would show a
     * second upload).
     */
    @Test
    void killedWithSigkillWhenHalfTheChunksWereUploaded() throws Exception {
        World w = world("kill-half", false);
        Child c = w.child(null, importArgs(feed(w)));
        killWhen(c, () -> w.sandbox.store().uploads().size() >= CHUNKS / 2);
        assertExact(w, latestRun(w.home), resume(w, latestRun(w.home)));
    }

    private void crashOnceThenResume(String name, boolean e1e2, String point) throws Exception {
        World w = world(name, e1e2);
        Child c = w.child(point, importArgs(feed(w)));
        assertHalted(c);
        String run = latestRun(w.home);
        assertExact(w, run, resume(w, run));
    }

    // ------------------------------------------------------------------ the commands

    private static List<String> importArgs(Path feed) {
        return List.of("import", feed.toString(), "--owner", OWNER, "--chunk-size", String.valueOf(CHUNK), "--yes");
    }

    /** The one place that says how a crashed run is resumed: issue 7's {@code resume RUN}. */
    static List<String> resumeArgs(String run) {
        return List.of("resume", run);
    }

    /** Resumes in this JVM (cheaper than a child); returns the exit code and the run summary. */
    private Cli.Result resume(World w, String run) {
        List<String> args = new ArrayList<>(List.of("--profile", "crash", "--output", "json"));
        args.addAll(resumeArgs(run));
        Cli.Result r = new Cli(w.home).run(args.toArray(String[]::new));
        assertTrue(!r.out().contains(SECRET) && !r.err().contains(SECRET), "the secret key was shown");
        return r;
    }

    // ------------------------------------------------------------------ the assertions

    private void assertExact(World w, String run, Cli.Result resumed) throws Exception {
        JsonNode summary;
        try {
            summary = JSON.readTree(resumed.out());
        } catch (IOException e) {
            throw new AssertionError("the resume printed no JSON summary (exit " + resumed.code() + "): "
                    + resumed.out() + "\n" + resumed.err(), e);
        }
        String context = "\nsummary: " + summary + "\nstderr: " + resumed.err();
        SandboxStore store = w.sandbox.store();

        // The sandbox holds exactly the items that do not fail, each once.
        Set<String> stored = new HashSet<>();
        for (SandboxStore.StoredIndicator i : store.indicators(OWNER)) {
            assertTrue(stored.add(i.summary()), "stored twice: " + i.summary());
        }
        assertEquals(w.expected, stored, "what the sandbox holds" + context);

        // Every chunk's content was uploaded exactly once, across all jobs (an orphan job without
        // an upload, left by a lost create answer, is allowed).
        RunRecord rec = CommandsTestSupport.journal(w.home).load(run).orElseThrow();
        assertEquals(CHUNKS, rec.jobs().size(), "chunks in the journal");
        Map<String, Integer> chunkOf = new HashMap<>();
        for (JobRecord j : rec.jobs()) {
            Path file = Path.of(j.file());
            if (!file.isAbsolute()) {
                file = CommandsTestSupport.journal(w.home).runDir(run).resolve(file);
            }
            assertEquals(null, chunkOf.put(sha256(file), j.chunk()), "two chunks with the same content");
        }
        Map<String, Long> uploadsOf = new HashMap<>();
        for (SandboxStore.Upload u : store.uploads()) {
            assertTrue(chunkOf.containsKey(u.sha256()), "job " + u.jobId() + " got a file that is no chunk" + context);
            uploadsOf.merge(u.sha256(), 1L, Long::sum);
        }
        for (Map.Entry<String, Integer> c : chunkOf.entrySet()) {
            assertEquals(1L, uploadsOf.getOrDefault(c.getKey(), 0L),
                    "uploads of chunk " + c.getValue() + " (ledger " + store.uploads() + ")" + context);
        }

        // The journal's totals, as the resume reports them, match the sandbox.
        JsonNode t = summary.path("totals");
        assertEquals(N - FAILING, t.path("succeeded").asLong(), "succeeded" + context);
        assertEquals(store.countIndicators(OWNER), t.path("succeeded").asLong(), "succeeded vs the sandbox" + context);
        assertEquals(FAILING, t.path("failed").asLong(), "failed" + context);
        assertEquals(0, t.path("unprocessed").asLong(), "unprocessed" + context);
        assertEquals(N, t.path("submitted").asLong(), "submitted" + context);
        assertEquals(1, resumed.code(), "exit code (partial: some items failed on the server)" + context);
        assertEquals(resumed.code(), summary.path("exitCode").asInt(), "exit code as the summary says" + context);

        // The failed items are in the failed-items file, each once.
        String failedItems = summary.path("failedItems").asText(null);
        assertTrue(failedItems != null && Files.isRegularFile(Path.of(failedItems)), "failed-items file" + context);
        List<String> failed = new ArrayList<>();
        for (JsonNode i : JSON.readTree(Path.of(failedItems).toFile()).path("indicator")) {
            failed.add(i.path("summary").asText());
        }
        assertEquals(w.failing, Set.copyOf(failed), "failed items" + context);
        assertEquals(FAILING, failed.size(), "failed items, each once: " + failed + context);
    }

    private static void assertHalted(Child c) throws Exception {
        if (!c.process.waitFor(180, TimeUnit.SECONDS)) {
            fail("the child did not end within 180 s\n" + c.err());
        }
        assertEquals(CrashPoints.EXIT, c.process.exitValue(),
                "the child was to halt at " + c.crashAt + " (a point never reached fails the test)\n" + c.err());
        assertTrue(c.err().contains("crash test: halting at"), c.err());
    }

    private static void killWhen(Child c, BooleanSupplier moment) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (!moment.getAsBoolean()) {
            if (!c.process.isAlive()) {
                fail("the child ended (exit " + c.process.exitValue() + ") before the moment to kill it\n" + c.err());
            }
            if (System.nanoTime() > deadline) {
                fail("the moment to kill the child did not come within 180 s\n" + c.err());
            }
            Thread.sleep(5);
        }
        c.process.destroyForcibly();
        assertTrue(c.process.waitFor(30, TimeUnit.SECONDS));
        assertEquals(CrashPoints.EXIT, c.process.exitValue(), "killed by SIGKILL\n" + c.err());
    }

    // ------------------------------------------------------------------ the world of one scenario

    /** One scenario's sandbox (own data dir), the optional proxy, and a TCBATCH_HOME with profile {@code crash}. */
    private final class World {
        final Path base;
        final Path home;
        final Sandbox sandbox;
        final NoE3Proxy proxy;
        final Set<String> expected = new HashSet<>();
        final Set<String> failing = new HashSet<>();
        int children;

        World(Path base, boolean e1e2) throws Exception {
            this.base = base;
            home = Files.createDirectories(base.resolve("home"));
            // Jobs stay Running a few hundred ms, so the client really polls; the server fails
            // the items named fail-…, which the client's own checks let through.
            sandbox = Sandbox.start(SandboxConfig.defaults(base.resolve("data"), ID, SECRET)
                    .withFaults(List.of("hold-running for=300ms count=1000")), failingHosts());
            open.add(sandbox);
            URI api = sandbox.apiBase();
            if (e1e2) {
                proxy = new NoE3Proxy(URI.create("http://127.0.0.1:" + sandbox.port()));
                open.add(proxy);
                api = proxy.apiBase();
            } else {
                proxy = null;
            }
            Path config = home.resolve("config.properties");
            // A resume that cannot finish (a job left Created that it does not upload) gives up
            // after a minute with exit 4, and the test fails saying so, instead of waiting an hour.
            Files.writeString(config, "jobs.inFlight=3\nwatch.timeout.minutes=1\n"
                    + "profile.crash.apiPath=" + api + "\n"
                    + "profile.crash.accessId=" + ID + "\n"
                    + "profile.crash.secretKey=" + SECRET + "\n"
                    + "profile.crash.owner=" + OWNER + "\n"
                    + "profile.crash.poll.first.ms=100\n"
                    + "profile.crash.poll.cap.seconds=1\n");
            Files.setPosixFilePermissions(config, PosixFilePermissions.fromString("rw-------"));
        }

        /** Starts {@code java … Main --profile crash --output json ARGS}, halting at {@code crashAt} when given. */
        Child child(String crashAt, List<String> args) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
            if (crashAt != null) {
                cmd.add("-D" + CrashPoints.PROPERTY + "=" + crashAt);
            }
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.tcbatch.cli.Main",
                    "--profile", "crash", "--output", "json"));
            cmd.addAll(args);
            int n = ++children;
            Path out = base.resolve("child-" + n + ".out");
            Path err = base.resolve("child-" + n + ".err");
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile())
                    .redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("TCBATCH_HOME", home.toString());
            pb.environment().put("XDG_CONFIG_HOME", home.resolve("user-config").toString());
            Process p = pb.start();
            CrashResumeTest.this.children.add(p);
            return new Child(p, crashAt, err);
        }
    }

    private record Child(Process process, String crashAt, Path errFile) {
        String err() {
            try {
                return Files.readString(errFile);
            } catch (IOException e) {
                return "(no standard error: " + e + ")";
            }
        }
    }

    private World world(String name, boolean e1e2) throws Exception {
        return new World(Files.createDirectories(dir.resolve(name)), e1e2);
    }

    /** N Host indicators, one per line; every 100th is named fail-… and fails on the server. */
    private static Path feed(World w) throws IOException {
        StringBuilder s = new StringBuilder("{\"indicator\":[\n");
        for (int i = 0; i < N; i++) {
            String host = (i % 100 == 99 ? "fail-" : "h") + i + ".example.com";
            (i % 100 == 99 ? w.failing : w.expected).add(host);
            s.append(i == 0 ? "" : ",\n").append("{\"type\":\"Host\",\"summary\":\"").append(host)
                    .append("\",\"rating\":3,\"confidence\":50}");
        }
        s.append("\n]}\n");
        return Files.writeString(w.base.resolve("feed.json"), s);
    }

    /** The sandbox's real rules, plus: a Host named fail-… is refused as the server would (0x1005). */
    private static ItemValidator failingHosts() {
        ItemValidator rules = ItemValidator.inputRules();
        return new ItemValidator() {
            @Override
            public RuleResult checkIndicator(JsonNode indicator) {
                String summary = indicator.path("summary").asText("");
                if (summary.startsWith("fail-")) {
                    return RuleResult.invalid(ItemKind.INDICATOR, "Host", summary, "0x1005",
                            summary + " is not valid. The indicator could not be processed as a valid Host.");
                }
                return rules.checkIndicator(indicator);
            }

            @Override
            public RuleResult checkGroup(JsonNode group) {
                return rules.checkGroup(group);
            }

            @Override
            public RuleResult checkAssociation(JsonNode association) {
                return rules.checkAssociation(association);
            }
        };
    }

    private static String latestRun(Path home) {
        List<RunRecord> recent = CommandsTestSupport.journal(home).recent(1);
        assertTrue(!recent.isEmpty(), "the crashed child recorded no run");
        return recent.get(0).run();
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
