package io.tcbatch.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.api.BatchApi;
import io.tcbatch.api.Credentials;
import io.tcbatch.api.HttpOptions;
import io.tcbatch.api.RetryPolicy;
import io.tcbatch.api.Sleeper;
import io.tcbatch.api.ThreatConnectClient;
import io.tcbatch.api.Transport;
import io.tcbatch.api.TransportConfigException;
import io.tcbatch.config.ConfigException;
import io.tcbatch.batch.ImportOptions;
import io.tcbatch.batch.ImportService;
import io.tcbatch.batch.ImportSpec;
import io.tcbatch.batch.RunSummary;
import io.tcbatch.batch.WatchListener;
import io.tcbatch.config.Profile;
import io.tcbatch.config.Settings;
import io.tcbatch.dsl.DslContext;
import io.tcbatch.dsl.ScriptHost;
import io.tcbatch.journal.Journal;
import io.tcbatch.render.Output;
import io.tcbatch.shell.Engine;

/**
 * One process's wiring: settings, the journal, and — on first use — the target (the embedded
 * sandbox for the local profile) with its client and the import service. Nothing remote is
 * touched until a command needs it, so {@code help} or a script with a syntax error never
 * starts a server.
 */
final class Session implements Engine, io.tcbatch.shell.SandboxOps, AutoCloseable {
    private final Settings settings;
    private final Output output;
    private final String profileName;
    private final Clock clock;
    /** Every wait of the client (retries, Retry-After, polling); injectable so tests need not really wait. */
    private final Sleeper sleeper;
    private final ObjectMapper json = new ObjectMapper();
    private final Journal journal;
    private Profile profile;
    private LocalSandbox sandbox;
    private ThreatConnectClient client;
    private URI apiBase;
    private Credentials credentials;
    private Transport transport;
    private final boolean debugHttp;
    private ImportService service;
    private int exitCode;
    private RunSummary lastSummary;
    private Prompts prompts = new Prompts(() -> output().terminal(), System.in);

    Session(Settings settings, Output output, String profileName, Clock clock) {
        this(settings, output, profileName, clock, false);
    }

    Session(Settings settings, Output output, String profileName, Clock clock, boolean debugHttp) {
        this(settings, output, profileName, clock, Sleeper.SYSTEM, debugHttp);
    }

    /**
     * With the clock and sleeper of every wait: the client's, and the built-in sandbox's clock
     * (its HMAC check, job times and timed faults), so one test clock drives both ends.
     */
    Session(Settings settings, Output output, String profileName, Clock clock, Sleeper sleeper, boolean debugHttp) {
        this.settings = settings;
        this.sleeper = sleeper;
        this.debugHttp = debugHttp;
        this.output = output;
        this.profileName = profileName;
        this.clock = clock;
        this.journal = new Journal(settings.home(), json, clock);
    }

    static Session create(GlobalOptions opts, Map<String, String> env, Output output) {
        String install = System.getProperty("tcbatch.install");
        Settings settings = Settings.load(env, install == null ? null : Path.of(install));
        // --debug-http, or TCBATCH_DEBUG_HTTP=1 (the setting debug.http) for scripts run by other tools.
        boolean debug = opts.debugHttp() || settings.getBoolean("debug.http", false);
        return new Session(settings, output, opts.profile(), Clock.systemUTC(), debug);
    }

    Settings settings() {
        return settings;
    }

    Profile profile() {
        if (profile == null) {
            profile = settings.profile(profileName);
        }
        return profile;
    }

    /** For the prompt: profile and default owner. */
    String profileLabel() {
        Profile p = profile();
        return p.name() + (p.defaultOwner() == null ? "" : " · " + p.defaultOwner());
    }

    @Override
    public String version() {
        return Main.version();
    }

    @Override
    public Prompts prompter() {
        return prompts;
    }

    /** Tests answer questions from a string instead of the process's standard input. */
    void prompter(Prompts p) {
        this.prompts = p;
    }

    @Override
    public String defaultOwner() {
        return profile().defaultOwner();
    }

    @Override
    public synchronized ImportService service() {
        if (service == null) {
            Profile p = profile();
            URI base;
            Credentials creds;
            if (p.local()) {
                sandbox = LocalSandbox.start(settings, output, clock);
                base = sandbox.apiBase();
                creds = sandbox.credentials();
            } else {
                base = p.apiPath();
                creds = p.accessId() != null ? new Credentials.Hmac(p.accessId(), p.secretKey()) : new Credentials.Token(p.token());
            }
            apiBase = base;
            credentials = creds;
            client = new ThreatConnectClient(base, creds, clock, transport(p).client(), sleeper,
                    retryPolicy(), () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
            String warning = Transport.plainHttpWarning(base);
            if (warning != null) {
                output.err().println("tcbatch: " + warning);
            }
            service = new ImportService(client, base, p.name(), journal, ImportOptions.from(settings), clock,
                    sleeper, json);
        }
        return service;
    }

    /** The process's one HTTP client; a bad CA bundle or proxy is a configuration error (exit 2). */
    private Transport transport(Profile p) {
        if (transport == null) {
            String ca = p.caBundle() != null ? p.caBundle() : settings.get("http.caBundle", null);
            HttpOptions options = new HttpOptions(
                    seconds("http.connect.timeout.seconds", ThreatConnectClient.CONNECT_TIMEOUT),
                    seconds("http.read.timeout.seconds", ThreatConnectClient.READ_TIMEOUT),
                    seconds("http.write.timeout.seconds", ThreatConnectClient.WRITE_TIMEOUT),
                    ca == null || ca.isBlank() ? null : Path.of(ca.trim()), p.proxy(), settings.environment(), debugHttp);
            try {
                transport = Transport.create(options, line -> output.err().println(line));
            } catch (TransportConfigException e) {
                throw new ConfigException("profile '" + p.name() + "': " + e.getMessage());
            }
        }
        return transport;
    }

    private RetryPolicy retryPolicy() {
        RetryPolicy d = RetryPolicy.DEFAULT;
        int attempts = settings.getInt("http.retry.maxAttempts", d.maxAttempts());
        if (attempts < 1) {
            throw new ConfigException("setting http.retry.maxAttempts must be at least 1, not " + attempts);
        }
        return new RetryPolicy(java.time.Duration.ofMillis(nonNegative("http.retry.base.millis", d.base().toMillis())),
                java.time.Duration.ofSeconds(nonNegative("http.retry.cap.seconds", d.cap().toSeconds())), attempts,
                java.time.Duration.ofSeconds(nonNegative("http.retry.budget.seconds", d.budget().toSeconds())));
    }

    private java.time.Duration seconds(String key, java.time.Duration fallback) {
        return java.time.Duration.ofSeconds(nonNegative(key, fallback.toSeconds()));
    }

    private long nonNegative(String key, long fallback) {
        int v = settings.getInt(key, (int) fallback);
        if (v < 0) {
            throw new ConfigException("setting " + key + " must not be negative, not " + v);
        }
        return v;
    }

    /**
     * Where the sandbox commands go: the profile's instance, or for the local profile the
     * running {@code bin/tcbatch sandbox} of this installation, or else one started here.
     *
     * @param longLived true in the interactive shell, where a sandbox started here lives on
     * @param lasting   true when the command changes the sandbox (a fault): a sandbox started for
     *                  one command would take the change with it when the command ends, so that
     *                  is refused with how to start one that stays
     */
    synchronized SandboxAdmin.Target sandboxTarget(boolean longLived, boolean lasting) {
        Profile p = profile();
        if (p.local() && service == null && !longLived && lasting
                && LocalSandbox.Running.find(LocalSandbox.dataDir(settings)) == null) {
            throw new io.tcbatch.batch.UsageException("no sandbox is running for this TCBATCH_HOME: a fault set on one"
                    + " started for this command alone would vanish when it exits; start one with: bin/tcbatch sandbox"
                    + " (and leave it running), then run this command again");
        }
        service();
        return new SandboxAdmin.Target(apiBase, credentials, !longLived && sandbox != null && sandbox.inProcess());
    }

    /** The admin client of the sandbox commands, over this process's HTTP client. */
    SandboxAdmin sandboxAdmin(SandboxAdmin.Target target) {
        return new SandboxAdmin(target.apiBase(), target.credentials(), clock, transport(profile()).client());
    }

    @Override
    public int sandboxStatus() {
        SandboxAdmin.Target t = sandboxTarget(true, false);
        int code = SandboxAdmin.printStatus(sandboxAdmin(t), t, output);
        exitCode(code);
        return code;
    }

    @Override
    public int sandboxFault(List<String> words) {
        SandboxAdmin.Target t = sandboxTarget(true, true);
        int code = SandboxAdmin.fault(sandboxAdmin(t), words, output);
        exitCode(code);
        return code;
    }

    BatchApi api() {
        service();
        return client;
    }

    @Override
    public Journal journal() {
        return journal;
    }

    @Override
    public Output output() {
        return output;
    }

    @Override
    public int runScript(Path script, List<String> args) {
        lastSummary = null;
        new ScriptHost().run(script, args, new DslContext() {
            @Override
            public ImportService service() {
                return Session.this.service();
            }

            @Override
            public WatchListener watchListener() {
                return trackingListener();
            }

            @Override
            public void summary(RunSummary summary) {
                lastSummary = summary;
                if (!output.json()) {
                    output.summary(summary);
                }
            }

            @Override
            public String defaultOwner() {
                return Session.this.defaultOwner();
            }

            @Override
            public java.io.PrintStream console() {
                return output.json() ? output.err() : output.out();
            }

            @Override
            public Path scriptDir() {
                Path parent = script.toAbsolutePath().getParent();
                return parent;
            }
        });
        int code = lastSummary == null ? 0 : lastSummary.exitCode();
        if (output.json()) {
            // Exactly one JSON document on standard output, whatever the script did.
            output.printJson(lastSummary != null ? lastSummary : Map.of("exitCode", code));
        }
        exitCode(code);
        return code;
    }

    @Override
    public int importFiles(ImportSpec spec) {
        watchingRuns = List.of();
        return finish(() -> service().watch(List.of(submitted(service().submit(spec))), trackingListener()));
    }

    @Override
    public int validate(ImportSpec spec, Integer chunkSize, Long maxBytes) {
        ImportOptions o = ImportOptions.from(settings);
        ImportOptions limits = new ImportOptions(chunkSize != null ? chunkSize : o.chunkSize(),
                maxBytes != null ? maxBytes : o.chunkMaxBytes(), o.inFlight(), o.pollFirst(), o.pollCap(),
                o.watchTimeout(), o.errorFileWait(), o.stuckCreatedAfter());
        // A journal of its own, so a dry run never shows up in `jobs` or becomes the run `watch`
        // picks; the rejects file stays there for the user to read. No BatchApi: prepare sends nothing.
        Journal dry = new Journal(settings.home().resolve("validate"), json, clock);
        ImportService preflight = new ImportService(null, null, profileName == null ? "-" : profileName, dry, limits,
                clock, sleeper, json);
        io.tcbatch.batch.Plan plan;
        try {
            plan = preflight.prepare(spec, limits.chunkSize());
            deleteChunks(plan);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        int code = plan.rejected() > 0 ? 1 : 0;
        if (output.json()) {
            Map<String, Object> doc = new java.util.LinkedHashMap<>();
            doc.put("version", spec.version());
            doc.put("files", spec.files().stream().map(Path::toString).toList());
            doc.put("chunkSize", limits.chunkSize());
            doc.put("chunkMaxBytes", limits.chunkMaxBytes());
            doc.put("read", plan.read());
            doc.put("duplicates", plan.duplicates());
            doc.put("rejected", plan.rejected());
            doc.put("rejectsFile", plan.rejectsFile() == null ? null : plan.rejectsFile().toString());
            doc.put("emptyFiles", plan.emptyFiles().stream().map(Path::toString).toList());
            doc.put("submitted", plan.submitted());
            doc.put("jobs", plan.chunks().stream().map(c -> {
                Map<String, Object> j = new java.util.LinkedHashMap<>();
                j.put("chunk", c.index());
                j.put("items", c.items());
                j.put("indicators", c.indicators());
                j.put("groups", c.groups());
                j.put("associations", c.associations());
                j.put("bytes", c.bytes());
                j.put("afterPrevious", c.afterPrevious());
                return j;
            }).toList());
            doc.put("exitCode", code);
            output.printJson(doc);
        } else {
            output.text(planText(spec, plan));
        }
        exitCode(code);
        return code;
    }

    private static String planText(ImportSpec spec, io.tcbatch.batch.Plan plan) {
        StringBuilder b = new StringBuilder();
        b.append(String.format("read %d, duplicates %d, rejected %d%s%n", plan.read(), plan.duplicates(), plan.rejected(),
                plan.rejectsFile() == null ? "" : " (see " + plan.rejectsFile() + ")"));
        for (Path empty : plan.emptyFiles()) {
            b.append(empty).append(" holds no indicators, groups or associations\n");
        }
        if (plan.chunks().isEmpty()) {
            b.append("nothing to send: no Batch ").append(spec.version()).append(" job would be created\n");
            return b.toString();
        }
        b.append(String.format("%d Batch %s job%s, nothing sent:%n", plan.chunks().size(), spec.version(),
                plan.chunks().size() == 1 ? "" : "s"));
        b.append(String.format("  %-5s %8s %10s %7s %12s %10s%n", "job", "items", "indicators", "groups", "associations",
                "bytes"));
        for (io.tcbatch.batch.Chunk c : plan.chunks()) {
            b.append(String.format("  %-5d %8d %10d %7d %12d %10d%s%n", c.index(), c.items(), c.indicators(), c.groups(),
                    c.associations(), c.bytes(), c.afterPrevious() ? "  after the jobs before it" : ""));
        }
        return b.toString();
    }

    /** The chunk files of a dry run are of no further use and can be large. */
    private static void deleteChunks(io.tcbatch.batch.Plan plan) throws IOException {
        for (io.tcbatch.batch.Chunk c : plan.chunks()) {
            java.nio.file.Files.deleteIfExists(c.file());
        }
        Path dir = plan.runDir().resolve("chunks");
        try (var left = java.nio.file.Files.list(dir)) {
            if (left.findAny().isEmpty()) {
                java.nio.file.Files.delete(dir);
            }
        } catch (java.nio.file.NoSuchFileException gone) {
            // nothing was written
        }
    }

    @Override
    public int watch(List<Long> ids) {
        watchingRuns = List.of();
        return finish(() -> service().watchIds(ids, trackingListener()));
    }

    @Override
    public int watchRun(io.tcbatch.journal.RunRecord run) {
        return watchRuns(List.of(run));
    }

    private interface Watched {
        RunSummary get() throws IOException, InterruptedException;
    }

    /** Prints a finished watch's summary and records its exit code. */
    private int finish(Watched watched) {
        try {
            RunSummary s = watched.get();
            output.summary(s);
            exitCode(s.exitCode());
            return s.exitCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.tcbatch.batch.WatchInterruptedException();
        }
    }

    /** Jobs being watched right now, for the message printed if the process is stopped mid-watch. */
    private volatile List<Long> watching = List.of();

    private WatchListener trackingListener() {
        WatchListener view = output.watchListener();
        return new WatchListener() {
            @Override
            public void changed(io.tcbatch.batch.JobView job, List<io.tcbatch.batch.JobView> all) {
                watching = all.stream().filter(v -> !v.state().isTerminal() && v.batchId() != null)
                        .map(io.tcbatch.batch.JobView::batchId).toList();
                view.changed(job, all);
            }

            @Override
            public void finished(List<io.tcbatch.batch.JobView> all) {
                watching = List.of();
                view.finished(all);
            }

            @Override
            public void note(String message) {
                view.note(message);
            }
        };
    }

    /**
     * Said when the process is stopped (Ctrl-C) while jobs are still being watched: the jobs keep
     * running on the server, and this is how to pick them up again.
     */
    String interruptedNote() {
        List<Long> ids = watching;
        if (ids.isEmpty()) {
            return null;
        }
        List<String> runs = watchingRuns;
        if (runs.size() == 1) {
            return "tcbatch: stopped watching; the jobs keep running on the server. Watch them again with: bin/tcbatch watch --run "
                    + runs.get(0);
        }
        if (runs.size() > 1) {
            return "tcbatch: stopped watching; the jobs keep running on the server. Watch them again with: bin/tcbatch watch"
                    + " (everything still pending), or one run with: bin/tcbatch watch --run " + runs.get(0);
        }
        return "tcbatch: stopped watching; the jobs keep running on the server. Watch them again with: bin/tcbatch watch "
                + String.join(" ", ids.stream().map(String::valueOf).toList());
    }

    @Override
    public void exitCode(int code) {
        this.exitCode = code;
    }

    int exitCode() {
        return exitCode;
    }

    @Override
    public void close() {
        if (client != null) {
            client.close();
        }
        if (transport != null) {
            transport.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
    }
    // The everyday commands (jobs, watch, errors, resubmit, history, stacktrace).

    /** The runs being watched right now, so an interrupted watch can say {@code watch --run RUN}. */
    private volatile List<String> watchingRuns = List.of();
    private volatile Throwable lastFailure;

    @Override
    public int watchRuns(List<io.tcbatch.journal.RunRecord> runs) {
        watchingRuns = runs.stream().map(io.tcbatch.journal.RunRecord::run).toList();
        try {
            return finish(() -> service().watchRecords(runs, trackingListener()));
        } finally {
            if (watching.isEmpty()) {
                watchingRuns = List.of();
            }
        }
    }

    @Override
    public int resubmit(io.tcbatch.journal.RunRecord run, Path failedItems, boolean yes) {
        // Its jobs went to another instance: sending the fixes here would put them in the wrong place.
        io.tcbatch.shell.Runs.requireProfile(run, profile().name(), "resubmit");
        ImportSpec spec = io.tcbatch.batch.ImportService.specOf(run).withFiles(List.of(failedItems));
        String what = Destructive.describe(spec, profile());
        if (what != null) {
            prompter().confirm(what, yes);
        }
        return importFiles(spec);
    }

    @Override
    public Throwable lastFailure() {
        return lastFailure;
    }

    /** Kept by the shell's exception resolver, for {@code stacktrace} typed right after the error. */
    void lastFailure(Throwable e) {
        lastFailure = e;
    }

    @Override
    public Path historyFile() {
        return settings.home().resolve("history.log");
    }
    /** Once a run exists, Ctrl-C during its watch names it ({@code watch --run RUN}). */
    private io.tcbatch.batch.SubmittedRun submitted(io.tcbatch.batch.SubmittedRun run) {
        watchingRuns = List.of(run.runId());
        return run;
    }
    @Override
    public String profileName() {
        return profile().name();
    }
}
