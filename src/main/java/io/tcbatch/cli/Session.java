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
final class Session implements Engine, io.tcbatch.shell.SandboxOps, io.tcbatch.shell.Completions.Source, AutoCloseable {
    private Settings settings;
    private final Output output;
    private String profileName;
    private final Clock clock;
    /** Every wait of the client (retries, Retry-After, polling); injectable so tests need not really wait. */
    private final Sleeper sleeper;
    /**
     * One plain mapper for every session of the process, made on first use: a script's session is
     * made on the main thread before anything needs JSON, and the first mapper of a JVM costs it
     * the JDK's calendar and locale data (Jackson's date formats); the sandbox's thread, starting
     * at the same time, usually pays that first.
     */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
    private final Journal journal;
    private Profile profile;
    private LocalSandbox sandbox;
    /** The sandbox a script's session starts while the script compiles (profile local); see {@link #runScript}. */
    private LocalSandbox.Early earlySandbox;
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
        this.journal = new Journal(settings.home(), () -> Json.MAPPER, clock);
    }

    static Session create(GlobalOptions opts, Map<String, String> env, Output output) {
        return create(opts, env, output, null);
    }

    /** @param workDir where the project file {@code tcbatch.properties} is looked for (null: none) */
    static Session create(GlobalOptions opts, Map<String, String> env, Output output, Path workDir) {
        String install = System.getProperty("tcbatch.install");
        Settings settings = Settings.load(env, install == null ? null : Path.of(install), workDir);
        if (opts.profile() != null) {
            settings = settings.withOption("profile", opts.profile(), "--profile");
        }
        // --debug-http, or TCBATCH_DEBUG_HTTP=1 (the setting debug.http) for scripts run by other tools.
        boolean debug = opts.debugHttp() || settings.getBoolean("debug.http", false);
        output.noColor(Prompts.noColor(env));
        Session session = new Session(settings, output, opts.profile(), Clock.systemUTC(), debug);
        session.warnAboutSecretFiles();
        return session;
    }

    Settings settings() {
        return settings;
    }

    /**
     * True for the interactive shell: a built-in sandbox started here is published to other
     * tcbatch processes of this TCBATCH_HOME (single commands typed in another terminal), since
     * it holds the data directory's lock for as long as the shell runs.
     */
    private volatile boolean longLived;

    void longLived(boolean yes) {
        this.longLived = yes;
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
                if (earlySandbox != null) {
                    LocalSandbox.Early early = earlySandbox;
                    earlySandbox = null;
                    sandbox = early.take(output);
                } else {
                    sandbox = LocalSandbox.start(settings, output, clock, longLived);
                }
                base = sandbox.apiBase();
                creds = sandbox.credentials();
            } else {
                base = p.apiPath();
                creds = p.hmac() ? new Credentials.Hmac(p.accessId(), p.secretKey()) : new Credentials.Token(p.token());
            }
            apiBase = base;
            credentials = creds;
            // A script or single command talks to this one base for its whole life; the shell may
            // switch to an https profile later, so it keeps a client that can do both.
            boolean cleartextOnly = !longLived && "http".equalsIgnoreCase(base.getScheme());
            client = new ThreatConnectClient(base, creds, clock, transport(p, cleartextOnly).client(), sleeper,
                    retryPolicy(), () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
            String warning = Transport.plainHttpWarning(base);
            if (warning != null) {
                output.err().println("tcbatch: " + warning);
            }
            // The profile's own poll and chunk settings win over the global ones.
            service = new ImportService(client, base, p.name(), journal, ImportOptions.from(settings.forProfile(p.name())), clock,
                    sleeper, Json.MAPPER);
            service.progress(output.progress());
            client.onRetryWait(this::retryWaiting);
            started = service;
        }
        return service;
    }

    /** The process's one HTTP client; a bad CA bundle or proxy is a configuration error (exit 2). */
    private Transport transport(Profile p) {
        return transport(p, false);
    }

    private Transport transport(Profile p, boolean cleartextOnly) {
        if (transport == null) {
            String ca = p.caBundle() != null ? p.caBundle() : settings.get("http.caBundle", null);
            HttpOptions options = new HttpOptions(
                    seconds("http.connect.timeout.seconds", ThreatConnectClient.CONNECT_TIMEOUT),
                    seconds("http.read.timeout.seconds", ThreatConnectClient.READ_TIMEOUT),
                    seconds("http.write.timeout.seconds", ThreatConnectClient.WRITE_TIMEOUT),
                    ca == null || ca.isBlank() ? null : Path.of(ca.trim()), p.proxy(), settings.environment(), debugHttp);
            try {
                transport = Transport.create(options, line -> output.err().println(line), cleartextOnly);
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

    @Override
    public int sandboxIndicators(String owner, String type, int limit) {
        SandboxAdmin.Target t = sandboxTarget(true, false);
        int code = SandboxAdmin.printIndicators(sandboxAdmin(t), t, output, owner, type, limit);
        exitCode(code);
        return code;
    }

    @Override
    public int sandboxReset(boolean yes) {
        SandboxAdmin.Target t = sandboxTarget(true, false);
        int code = SandboxAdmin.reset(sandboxAdmin(t), t, output, prompter(), yes);
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
        return runScript(script, args, false);
    }

    /** @param yes {@code --yes} was given: a Delete (or a Replace on a shared instance) needs no question */
    public int runScript(Path script, List<String> args, boolean yes) {
        startSandboxEarly();
        journal.openInBackground();
        scriptYes = yes;
        importing = false;
        lastSummary = null;
        scriptRuns = new java.util.concurrent.CopyOnWriteArrayList<>();
        inScript = true;
        org.jline.terminal.Terminal term = output.liveTerminal();
        org.jline.terminal.Terminal.SignalHandler previous = term == null ? null : term.handle(
                org.jline.terminal.Terminal.Signal.INT, ctrlC(Thread.currentThread()));
        try {
            return runScriptBody(script, args);
        } finally {
            if (term != null) {
                term.handle(org.jline.terminal.Terminal.Signal.INT, previous);
            }
        }
    }

    /**
     * Ctrl-C while a script draws on a terminal. The system terminal JLine opens for the live view
     * puts SIGINT back to the operating system's default, which kills the process at once: no
     * shutdown hook runs and nothing says what was sent. So, as the shell does for a command, the
     * first Ctrl-C interrupts the script's thread (its watch, sleep or loop stops and the usual
     * note names its runs); a second one, should the script not stop, exits with 130 (the hook
     * still prints the note).
     */
    private static org.jline.terminal.Terminal.SignalHandler ctrlC(Thread scriptThread) {
        java.util.concurrent.atomic.AtomicBoolean once = new java.util.concurrent.atomic.AtomicBoolean();
        return signal -> {
            if (once.compareAndSet(false, true)) {
                scriptThread.interrupt();
            } else {
                new Thread(() -> System.exit(Exits.INTERRUPTED), "tcbatch-ctrl-c").start();
            }
        };
    }

    /**
     * Start-up: a script on profile local will almost always import, so its built-in sandbox is
     * started on another thread now, while Groovy compiles the script (about a second of each on
     * a cold JVM), and {@link #service()} takes it over; a script that never reaches the server
     * only waits for that start when the session closes.
     */
    private synchronized void startSandboxEarly() {
        if (service != null || sandbox != null || earlySandbox != null) {
            return;
        }
        Profile p;
        try {
            p = profile();
        } catch (RuntimeException e) {
            return; // said when the script reaches the server, as before
        }
        if (p.local()) {
            earlySandbox = LocalSandbox.startEarly(settings, clock, longLived);
        }
    }

    /**
     * Where compiled scripts are kept ({@code TCBATCH_HOME/cache/scripts}), or null when the cache
     * is turned off with {@code -Dtcbatch.scriptCache=off} or the setting {@code script.cache=off}
     * ({@code TCBATCH_SCRIPT_CACHE=off}).
     */
    private Path scriptCacheDir() {
        String v = System.getProperty("tcbatch.scriptCache", settings.get("script.cache", "on"));
        return v.equalsIgnoreCase("off") || v.equalsIgnoreCase("false")
                ? null : settings.home().resolve("cache").resolve("scripts");
    }

    private int runScriptBody(Path script, List<String> args) {
        Integer asked = new ScriptHost(scriptCacheDir()).run(script, args, new DslContext() {
            @Override
            public ImportService service() {
                // Recorded with each run the script sends, for jobs --run and resume.
                return Session.this.service().origin("script " + script.getFileName());
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

            @Override
            public io.tcbatch.batch.Plan dryRun(ImportSpec spec, Integer chunkSize, Long maxBytes) {
                // As validate: its own journal, so nothing is pending afterwards; the plan printed the same way.
                ImportOptions limits = limits(chunkSize, maxBytes);
                io.tcbatch.batch.Plan plan = Session.this.dryRun(spec, limits);
                output.text("dry run of " + String.join(", ", spec.inputs().stream().map(io.tcbatch.input.Input::name).toList())
                        + ":\n" + planText(spec, plan));
                return plan;
            }

            @Override
            public void submitted(io.tcbatch.batch.SubmittedRun run) {
                // Ctrl-C from now on names the script's runs (resume RUN), whatever step it is in.
                scriptRuns.add(run.runId());
                watchingRuns = List.copyOf(scriptRuns);
            }

            @Override
            public void log(String line) {
                output.info(line);
            }

            @Override
            public void confirm(ImportSpec spec) {
                // The rule and the question of import and commit: a Delete anywhere, a Replace off the sandbox.
                String what = destructive(spec);
                if (what != null) {
                    prompter().confirm(what, scriptYes);
                }
            }

            @Override
            public String profileName() {
                return Session.this.profileName();
            }
        });
        int code = asked != null ? asked : lastSummary == null ? 0 : lastSummary.exitCode();
        if (output.json()) {
            // Exactly one JSON document on standard output, whatever the script did; with the code it exits with.
            output.printJson(lastSummary != null ? lastSummary.withExitCode(code) : Map.of("exitCode", code));
        }
        exitCode(code);
        return code;
    }

    @Override
    public int importFiles(ImportSpec spec) {
        return importFiles(spec, null, null);
    }

    /** The last command of this session that can send is an import (for what Ctrl-C says). */
    private volatile boolean importing;
    /** The service's creates when the import began; -1 while its target is still being started. */
    private volatile long createsBefore = -1;
    /** The service once started, readable without the session's lock (by the Ctrl-C hook). */
    private volatile ImportService started;

    /** An import was stopped before it sent any create: there is nothing to watch again. */
    private boolean nothingSentYet() {
        if (!importing) {
            return false;
        }
        ImportService svc = started;
        return createsBefore < 0 || svc == null || svc.createsSent() == createsBefore;
    }

    @Override
    public int importFiles(ImportSpec spec, Integer chunkSize, Long maxBytes) {
        watchingRuns = List.of();
        notInScript();
        // Before the target is started: a missing owner or a typo in a file name needs no server
        // (and must not wait for one, or fail on the built-in sandbox's lock).
        ImportService.check(spec);
        // Left set after the import ends: the shell asks for the note after the command failed.
        importing = true;
        createsBefore = -1;
        ImportService svc = service();
        svc.origin(nextOrigin == null ? "import" : nextOrigin);
        nextOrigin = null;
        createsBefore = svc.createsSent();
        // Limits given (import --chunk-size/--max-bytes) win over the configured ones, as for validate.
        ImportOptions limits = chunkSize == null && maxBytes == null ? null : limits(chunkSize, maxBytes);
        return finish(() -> svc.watch(List.of(submitted(limits == null ? svc.submit(spec)
                : svc.submit(spec, limits.chunkSize(), limits.chunkMaxBytes()))), trackingListener()));
    }

    @Override
    public int validate(ImportSpec spec, Integer chunkSize, Long maxBytes) {
        ImportOptions limits = limits(chunkSize, maxBytes);
        io.tcbatch.batch.Plan plan = dryRun(spec, limits);
        int code = plan.rejected() > 0 ? 1 : 0;
        if (output.json()) {
            Map<String, Object> doc = planDocument(spec, limits, plan);
            doc.put("exitCode", code);
            output.printJson(doc);
        } else {
            output.text(planText(spec, plan));
        }
        exitCode(code);
        return code;
    }

    /** The configured chunk limits, or the ones given. */
    ImportOptions limits(Integer chunkSize, Long maxBytes) {
        ImportOptions o = ImportOptions.from(settings.forProfile(profileName != null ? profileName : settings.defaultProfileName()));
        return new ImportOptions(chunkSize != null ? chunkSize : o.chunkSize(),
                maxBytes != null ? maxBytes : o.chunkMaxBytes(), o.inFlight(), o.pollFirst(), o.pollCap(),
                o.watchTimeout(), o.errorFileWait(), o.stuckCreatedAfter());
    }

    /**
     * The preflight and job plan of {@code spec}, sending nothing (validate, batch show).
     */
    io.tcbatch.batch.Plan dryRun(ImportSpec spec, ImportOptions limits) {
        // A journal of its own, so a dry run never shows up in `jobs` or becomes the run `watch`
        // picks; the rejects file stays there for the user to read. No BatchApi: prepare sends nothing.
        Journal dry = new Journal(settings.home().resolve("validate"), Json.MAPPER, clock);
        ImportService preflight = new ImportService(null, null, profileName == null ? "-" : profileName, dry, limits,
                clock, sleeper, Json.MAPPER);
        preflight.progress(output.progress());
        io.tcbatch.batch.Plan plan;
        try {
            plan = preflight.prepare(spec, limits.chunkSize());
            deleteChunks(plan);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } finally {
            dry.close();
        }
        return plan;
    }

    /** The plan as validate's JSON document (without the exit code). */
    static Map<String, Object> planDocument(ImportSpec spec, ImportOptions limits, io.tcbatch.batch.Plan plan) {
        Map<String, Object> doc = new java.util.LinkedHashMap<>();
        doc.put("version", spec.version());
        doc.put("files", spec.inputs().stream().map(io.tcbatch.input.Input::name).toList());
        // Per input: the format it was read as and, for CSV, the mapping used and the columns left unread.
        doc.put("inputs", plan.inputs().stream().map(i -> {
            Map<String, Object> d = new java.util.LinkedHashMap<>(i);
            d.remove("description");
            return d;
        }).toList());
        doc.put("chunkSize", limits.chunkSize());
        doc.put("chunkMaxBytes", limits.chunkMaxBytes());
        doc.put("read", plan.read());
        doc.put("duplicates", plan.duplicates());
        doc.put("rejected", plan.rejected());
        doc.put("rejectsFile", plan.rejectsFile() == null ? null : plan.rejectsFile().toString());
        doc.put("emptyFiles", plan.emptyFiles());
        doc.put("dropped", plan.dropped());
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
        return doc;
    }

    static String planText(ImportSpec spec, io.tcbatch.batch.Plan plan) {
        StringBuilder b = new StringBuilder();
        b.append(formatLines(plan));
        b.append(String.format("read %d, duplicates %d, rejected %d%s%s%n", plan.read(), plan.duplicates(), plan.rejected(),
                plan.rejectsFile() == null ? "" : " (see " + plan.rejectsFile() + ")",
                plan.dropped() > 0 ? ", dropped by the script " + plan.dropped() : ""));
        for (String empty : plan.emptyFiles()) {
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

    /**
     * One line per input: what it was read as ({@code fw.csv: CSV (columns guessed: value dst_ip;
     * …; ignored: ts)}), so a guessed mapping or a list read in the wrong format shows before the
     * counts it explains.
     */
    static String formatLines(io.tcbatch.batch.Plan plan) {
        StringBuilder b = new StringBuilder();
        for (Map<String, Object> i : plan.inputs()) {
            b.append(i.get("name")).append(": ").append(i.get("description")).append('\n');
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
        notInScript();
        importing = false;
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
        activeView = view;
        return new WatchListener() {
            @Override
            public void changed(io.tcbatch.batch.JobView job, List<io.tcbatch.batch.JobView> all) {
                watching = all.stream().filter(v -> !v.state().isTerminal() && v.batchId() != null)
                        .map(io.tcbatch.batch.JobView::batchId).toList();
                lastViews = all;
                view.changed(job, all);
            }

            @Override
            public void finished(List<io.tcbatch.batch.JobView> all) {
                watching = List.of();
                activeView = null;
                view.finished(all);
            }

            @Override
            public void stopped(List<io.tcbatch.batch.JobView> all) {
                // Ctrl-C: "watching" stays as it is, for the note on how to resume.
                activeView = null;
                view.stopped(all);
            }

            @Override
            public void waiting(String message) {
                view.waiting(message);
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
        // Stopped by a signal (the JVM is going down while the watch thread still runs): finish the
        // live block first, so it is not drawn again over the note.
        WatchListener view = activeView;
        if (view != null) {
            activeView = null;
            view.stopped(lastViews);
        }
        List<Long> ids = watching;
        List<String> sentByScript = scriptRuns;
        if (ids.isEmpty() && !sentByScript.isEmpty()) {
            // A script stopped between its watches (in a preflight, a submission or its own code):
            // what it sent is recorded, each run to be watched (and its unsent chunks sent) by name.
            String cmd = prompter().interactive() ? "" : "bin/tcbatch ";
            return "tcbatch: stopped the script; the run(s) it sent (" + String.join(", ", sentByScript)
                    + ") stay recorded and their jobs keep running on the server. Resume them with: " + cmd
                    + "resume " + sentByScript.get(sentByScript.size() - 1)
                    + (sentByScript.size() > 1 ? " (or everything still pending: " + cmd + "watch)" : "");
        }
        if (ids.isEmpty() && inScript) {
            return "tcbatch: stopped the script; nothing was sent";
        }
        List<String> runs = watchingRuns;
        if (ids.isEmpty() && runs.isEmpty()) {
            // Stopped in preflight or while the target started: no run has jobs to pick up.
            return nothingSentYet() ? "tcbatch: stopped; nothing was sent" : null;
        }
        // A run being watched whose jobs the watch has not reported yet (its first reading said
        // what the upload's answer had said, so nothing changed) is named all the same.
        // In the shell the command is typed as is; elsewhere it is a new bin/tcbatch invocation.
        String cmd = prompter().interactive() ? "" : "bin/tcbatch ";
        if (runs.size() == 1) {
            return "tcbatch: stopped watching; the jobs already sent keep running on the server, and chunks not sent yet"
                    + " wait. Resume the run with: " + cmd + "resume " + runs.get(0);
        }
        if (runs.size() > 1) {
            return "tcbatch: stopped watching; the jobs already sent keep running on the server, and chunks not sent yet"
                    + " wait. Watch (and send) them with: " + cmd + "watch (everything still pending), or resume one run with: "
                    + cmd + "resume " + runs.get(0);
        }
        return "tcbatch: stopped watching; the jobs keep running on the server. Watch them again with: " + cmd + "watch "
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
        LocalSandbox.Early early;
        synchronized (this) {
            early = earlySandbox;
            earlySandbox = null;
        }
        if (early != null) {
            early.close();
        }
        if (client != null) {
            client.close();
        }
        if (transport != null) {
            transport.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        // Last: every step above may still have recorded something in it.
        journal.close();
    }

    /** The jobs as the watch view last showed them. */
    private volatile List<io.tcbatch.batch.JobView> lastViews = List.of();

    /** The watch view being drawn, told when the client waits long before a retry; null outside a watch. */
    private volatile WatchListener activeView;

    /**
     * A retry wait of the client. Short ones pass unseen; from a few seconds on the user is told
     * why nothing moves: on the watch view as a passing row, else as a line on standard error.
     */
    private void retryWaiting(String request, int httpStatus, java.time.Duration wait) {
        if (wait.compareTo(java.time.Duration.ofSeconds(3)) < 0) {
            return;
        }
        long seconds = (wait.toMillis() + 999) / 1000;
        String message = (httpStatus == 429 ? "rate limited by the server"
                : httpStatus == 0 ? "no answer from the server" : "the server answered " + httpStatus)
                + ": next try in " + seconds + " s";
        WatchListener view = activeView;
        if (view != null) {
            view.waiting(message);
        } else {
            output.info("tcbatch: " + message);
        }
    }

    /** Files already warned about in this process: each warning is said once. */
    private final java.util.Set<String> warned = new java.util.HashSet<>();

    /** Warns (standard error) about a settings file that holds a secret and others can read, once per process. */
    void warnAboutSecretFiles() {
        for (String w : settings.secretFileWarnings()) {
            if (warned.add(w)) {
                output.err().println(w);
            }
        }
    }

    /** Reads the settings files again (after {@code profile add/use/remove} changed the user file). */
    synchronized void reloadSettings() {
        settings = settings.reload();
        if (profileName == null) {
            // The default may have changed with the file; resolved again on next use.
            profile = null;
        }
        warnAboutSecretFiles();
    }

    /**
     * Makes {@code name} this session's profile: the current client, transport and sandbox are
     * closed, so the next command connects to the new profile (and the prompt shows it). The
     * profile is resolved first, so an unusable one leaves the session as it was.
     */
    synchronized void switchProfile(String name) {
        // null: back to the default of the files (after the profile in use was removed).
        Settings switched = settings.withOption("profile", name, "profile use (this shell)");
        Profile next = switched.profile(name);
        close();
        client = null;
        transport = null;
        sandbox = null;
        service = null;
        started = null;
        apiBase = null;
        credentials = null;
        profileName = name;
        settings = switched;
        profile = next;
    }

    /** The profile name this session uses, without resolving it (for listings that must work with a broken profile). */
    String currentProfileName() {
        return profileName != null ? profileName : settings.defaultProfileName();
    }

    @Override
    public String destructive(ImportSpec spec) {
        // What would refuse the import anyway is said first, not after the user typed yes
        // (a confirmation naming owner 'null', then "no owner given").
        ImportService.check(spec);
        return Destructive.describe(spec, profile());
    }

    // ---------------------------------------------------------------- completion (TAB in the shell)

    /** How long owner names of a profile are reused before they are asked for again. */
    static final java.time.Duration OWNERS_FRESH = java.time.Duration.ofMinutes(5);
    /** How long a failed owner lookup is remembered, so a dead server does not slow every TAB. */
    static final java.time.Duration OWNERS_FAILED = java.time.Duration.ofSeconds(30);
    /** The longest a TAB waits for owner names; a slower answer serves the next TAB. */
    static final java.time.Duration OWNERS_WAIT = java.time.Duration.ofSeconds(2);

    private record Owners(List<String> names, java.time.Instant until) {
    }

    private final Map<String, Owners> owners = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, java.util.concurrent.CompletableFuture<List<String>>> ownerLookups =
            new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Asks the instance for its owners on a thread of its own, so a TAB can stop waiting; the
     * answer (or, for a while, the failure) goes to the cache before the lookup is forgotten.
     */
    private void startOwnerLookup(String profileName, java.util.concurrent.CompletableFuture<List<String>> lookup) {
        Thread t = new Thread(() -> {
            List<String> names = List.of();
            boolean ok = false;
            try {
                service();
                names = client.owners();
                ok = true;
            } catch (Exception | LinkageError e) {
                // No proposals; nothing on screen (the user is typing a command line).
            } finally {
                owners.put(profileName, new Owners(names, clock.instant().plus(ok ? OWNERS_FRESH : OWNERS_FAILED)));
                ownerLookups.remove(profileName, lookup);
                lookup.complete(names);
            }
        }, "tcbatch-owners");
        t.setDaemon(true);
        t.start();
    }

    /** The profiles that can be chosen, for completion: those of {@link Settings#profileNames()}. */
    @Override
    public List<String> profileNames() {
        // Every layer: install, user file, TCBATCH_HOME, project file.
        return settings.profileNames();
    }

    /**
     * Owner names of the current profile, from {@code GET /api/v2/owners}, kept for
     * {@link #OWNERS_FRESH}. A TAB waits at most {@link #OWNERS_WAIT}; a failure proposes
     * nothing and prints nothing. For the local profile before its sandbox is started, the
     * sandbox's configured owners (what its {@code /v2/owners} serves) are used instead, so a
     * TAB neither starts a server nor prints its start-up line over the prompt.
     */
    @Override
    public List<String> ownerNames() {
        try {
            Profile p = profile();
            Owners known = owners.get(p.name());
            if (known != null && clock.instant().isBefore(known.until())) {
                return known.names();
            }
            boolean started;
            synchronized (this) {
                started = service != null;
            }
            if (p.local() && !started) {
                List<io.tcbatch.sandbox.SandboxConfig.Owner> configured = io.tcbatch.sandbox.SandboxSettings.load(
                        LocalSandbox.settingsFiles(settings)).owners();
                List<String> names = (configured != null ? configured : io.tcbatch.sandbox.SandboxConfig.defaultOwners())
                        .stream().map(io.tcbatch.sandbox.SandboxConfig.Owner::name).toList();
                return names;
            }
            java.util.concurrent.CompletableFuture<List<String>> lookup;
            synchronized (ownerLookups) {
                lookup = ownerLookups.get(p.name());
                if (lookup == null) {
                    lookup = new java.util.concurrent.CompletableFuture<>();
                    ownerLookups.put(p.name(), lookup);
                    startOwnerLookup(p.name(), lookup);
                }
            }
            return lookup.get(OWNERS_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (Exception e) {
            return List.of();
        }
    }

    // The everyday commands (jobs, watch, errors, resubmit, history, stacktrace).

    /** The runs being watched right now, so an interrupted watch can say {@code resume RUN}. */
    private volatile List<String> watchingRuns = List.of();
    /** The runs the running script has sent so far (empty outside a script). */
    private volatile List<String> scriptRuns = List.of();
    private volatile boolean inScript;
    /** The running script was started with --yes. */
    private volatile boolean scriptYes;

    /**
     * A command after a script (in the shell): Ctrl-C notes are about it, not the script. Not reset
     * when the script ends, because the note of a Ctrl-C that ended it is written after that.
     */
    private void notInScript() {
        inScript = false;
        scriptRuns = List.of();
    }
    private volatile Throwable lastFailure;

    @Override
    public int watchRuns(List<io.tcbatch.journal.RunRecord> runs) {
        importing = false;
        notInScript();
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
        String what = destructive(spec);
        if (what != null) {
            prompter().confirm(what, yes);
        }
        nextOrigin = "resubmit " + run.run();
        return importFiles(spec);
    }

    /** How the next import was started, when not by {@code import} itself (a resubmit); recorded with its run. */
    private volatile String nextOrigin;

    /**
     * {@code resume RUN}: with the profile the run was sent with (its batch ids mean nothing to
     * another instance; a {@code local} run's jobs are in this data directory's sandbox), switched
     * to and said when it is not the one in use; then the run is watched as {@code watch --run}
     * watches it, which settles every unconfirmed step on the server before sending anything.
     */
    @Override
    public int resume(io.tcbatch.journal.RunRecord run) {
        if (run.profile() != null && !run.profile().equals(profileName())) {
            output.info("resuming run " + run.run() + " with profile " + run.profile() + ", the one it was sent with");
            switchProfile(run.profile());
        }
        return watchRuns(List.of(run));
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
    /** Once a run exists, Ctrl-C during its watch names it ({@code resume RUN}). */
    private io.tcbatch.batch.SubmittedRun submitted(io.tcbatch.batch.SubmittedRun run) {
        watchingRuns = List.of(run.runId());
        // What each input was read as, once, before the watch (standard error; not with --quiet).
        formatLines(run.plan()).lines().forEach(output::info);
        return run;
    }
    @Override
    public String profileName() {
        return profile().name();
    }
}
