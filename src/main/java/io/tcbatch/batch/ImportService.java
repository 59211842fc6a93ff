package io.tcbatch.batch;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.api.ApiException;
import io.tcbatch.api.AmbiguousSubmitException;
import io.tcbatch.api.BatchApi;
import io.tcbatch.api.BatchError;
import io.tcbatch.api.BatchStatus;
import io.tcbatch.api.Durations;
import io.tcbatch.api.Sleeper;
import io.tcbatch.api.CrashPoints;
import io.tcbatch.api.ErrorFile;
import io.tcbatch.api.JobConfig;
import io.tcbatch.api.JobState;
import io.tcbatch.input.InputException;
import io.tcbatch.journal.JobRecord;
import io.tcbatch.journal.Journal;
import io.tcbatch.journal.RunRecord;

/**
 * The one entry point every front end uses: prepare (preflight), submit, watch. Each step
 * records its outcome in the journal before the next remote call, so what is on disk is
 * always true.
 */
public final class ImportService {
    private final BatchApi api;
    private final URI apiBase;
    private final String profile;
    private final Journal journal;
    private final ImportOptions options;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ObjectMapper json;
    private final RandomGenerator random;
    /** Runs submitted by this service and not watched to the end, with the scheduler's state of each chunk. */
    private final Map<String, Run> live = java.util.Collections.synchronizedMap(new LinkedHashMap<>());
    /** Creates sent by this service, confirmed or not: whether a stopped import left anything on the server. */
    private final java.util.concurrent.atomic.AtomicLong createsSent = new java.util.concurrent.atomic.AtomicLong();
    /** The status of a chunk whose create was sent and never answered (a job may exist on the server). */
    public static final String CREATE_NOT_CONFIRMED = "Create not confirmed";
    /** The run's {@code send} setting: every chunk goes E1 then E2, so a lost answer can be settled on resume. */
    static final String SEND_E1_E2 = "create+upload";
    /** How the runs this service prepares were started ("import", "script NAME", "resubmit RUN"); null: not said. */
    private volatile String origin;
    /** The status of a chunk no create was sent for. */
    public static final String NOT_SENT = "Not sent";
    /** Shows how far preflight, the first uploads and the error downloads have come (a bar on a terminal). */
    private volatile Progress progress = Progress.NONE;
    /** The bar of the chunks {@link #upload} sends; none while the watch sends them (the live view shows those). */
    private volatile Progress sending = Progress.NONE;
    private long sentBytes;

    public ImportService(BatchApi api, URI apiBase, String profile, Journal journal, ImportOptions options, Clock clock,
                         Sleeper sleeper, ObjectMapper json) {
        this(api, apiBase, profile, journal, options, clock, sleeper, json, new java.util.Random());
    }

    /** With the randomness of the poll jitter given, so tests are deterministic. */
    public ImportService(BatchApi api, URI apiBase, String profile, Journal journal, ImportOptions options, Clock clock,
                         Sleeper sleeper, ObjectMapper json, RandomGenerator random) {
        this.random = random;
        this.api = api;
        this.apiBase = apiBase;
        this.profile = profile;
        this.journal = journal;
        this.options = options;
        this.clock = clock;
        this.sleeper = sleeper;
        this.json = json;
    }

    public String profile() {
        return profile;
    }

    /** Where to show how far long steps have come (preflight, first uploads, error downloads); {@link Progress#NONE} by default. */
    public ImportService progress(Progress p) {
        this.progress = p == null ? Progress.NONE : p;
        return this;
    }

    /** How many job creates this service has sent so far (each may have made a job on the server). */
    public long createsSent() {
        return createsSent.get();
    }

    /** Says how the runs prepared from now on were started, for their record ("import", "script NAME", "resubmit RUN"). */
    public ImportService origin(String how) {
        this.origin = how;
        return this;
    }

    public ImportOptions options() {
        return options;
    }

    /** Preflight + submit: reads and checks every input, then creates and uploads one job per chunk. */
    public SubmittedRun submit(ImportSpec spec) throws IOException {
        return submit(spec, options.chunkSize());
    }

    public SubmittedRun submit(ImportSpec spec, int chunkSize) throws IOException {
        return submit(spec, chunkSize, options.chunkMaxBytes());
    }

    /** With the bytes per chunk file given too ({@code import --max-bytes}), not the configured ones. */
    public SubmittedRun submit(ImportSpec spec, int chunkSize, long maxBytes) throws IOException {
        return submit(spec, chunkSize, maxBytes, null);
    }

    /**
     * With at most {@code parallel} jobs of this run in flight at once (the DSL's {@code parallel n});
     * {@code jobs.inFlight} still bounds every run of this service together, so the smaller one holds.
     * Null: only {@code jobs.inFlight}.
     */
    public SubmittedRun submit(ImportSpec spec, int chunkSize, long maxBytes, Integer parallel) throws IOException {
        Plan plan = prepare(spec, chunkSize, maxBytes);
        return upload(spec, plan, parallel);
    }

    /**
     * What can be told about an import without reading its inputs or reaching any server: an
     * owner, known options, and files that exist and can be read. Checked before a confirmation
     * is asked and before the target is started, so a typo never waits for a server, and again
     * by {@link #prepare}.
     */
    public static void check(ImportSpec spec) {
        if (spec.owner() == null || spec.owner().isBlank()) {
            throw new UsageException("no owner given: say which owner the data goes to (owner 'Example Org' / --owner NAME)");
        }
        if (spec.inputs().isEmpty()) {
            throw new UsageException("nothing to import: give at least one input file");
        }
        if (!spec.version().equals("V1") && !spec.version().equals("V2")) {
            throw new UsageException("unknown Batch version '" + spec.version() + "' (expected V1 or V2)");
        }
        if (spec.version().equals("V1")) {
            Preflight.requireV1Compatible(jobConfig(spec));
        }
        // Every file is looked at before the first is read, so a typo in the second name fails
        // at once rather than after minutes of preflight of the first.
        spec.inputs().forEach(io.tcbatch.input.Input::check);
    }

    /**
     * Reads every input to the end and writes the chunks; sends nothing. On malformed input the
     * run leaves no trace and the {@link InputException} propagates.
     */
    public Plan prepare(ImportSpec spec, int chunkSize) throws IOException {
        return prepare(spec, chunkSize, options.chunkMaxBytes());
    }

    /** {@link #prepare(ImportSpec, int)} with the bytes per chunk file given. */
    public Plan prepare(ImportSpec spec, int chunkSize, long maxBytes) throws IOException {
        check(spec);
        String runId = journal.newRunId();
        Path runDir = journal.runDir(runId);
        List<String> files = spec.inputs().stream().map(io.tcbatch.input.Input::name).toList();
        RunRecord rec = new RunRecord(runId, clock.instant().toString(), profile, String.valueOf(apiBase), spec.owner(),
                spec.action().name(), files, List.of(), "preflight", null, null);
        journal.save(rec);
        Plan plan;
        Preflight preflight = new Preflight(json, chunkSize, maxBytes, spec.version()).progress(interruptible(progress));
        try {
            plan = preflight.run(runId, runDir, spec.inputs(), spec.transform());
        } catch (IOException | RuntimeException e) {
            journal.discard(runId);
            throw e;
        }
        if (spec.haltOnError() && plan.rejected() > 0) {
            // haltOnError asks to stop at the first error; an item that fails before sending is
            // one, so nothing is sent at all rather than the rest of the file.
            String first = firstReject(plan);
            journal.discard(runId);
            throw new UsageException("haltOnError is set and " + plan.rejected() + " item(s) failed the checks before sending"
                    + first + "; nothing was sent");
        }
        Map<String, String> settings = new LinkedHashMap<>();
        if (origin != null) {
            settings.put("origin", origin);
        }
        settings.put("chunkSize", String.valueOf(chunkSize));
        settings.put("maxBytes", String.valueOf(maxBytes));
        settings.put("version", spec.version());
        settings.put("inFlight", String.valueOf(options.inFlight()));
        // How its chunks are sent: a resume trusts a "Creating" chunk to be an E1 (create anew)
        // only in runs that say so; older runs may have sent it as E3, whose fate is unknowable.
        settings.put("send", SEND_E1_E2);
        journal.save(rec.withPreflight(new RunRecord.Preflight(plan.read(), plan.duplicates(), plan.rejected(),
                plan.rejectsFile() == null ? null : plan.rejectsFile().toString(), plan.dropped()))
                .withInputs(preflight.inputRecords()).withSettings(settings));
        return plan;
    }

    /**
     * {@code p}, checking for Ctrl-C each time the preflight reports (every few hundred items): the
     * read pass is plain Java and would otherwise not notice an interrupt until its end. The run
     * leaves no trace then, as for malformed input; the interrupt flag stays set.
     */
    private static Progress interruptible(Progress p) {
        return new Progress() {
            private void check() {
                if (Thread.currentThread().isInterrupted()) {
                    throw new java.io.UncheckedIOException(
                            new java.io.InterruptedIOException("interrupted while reading the inputs; nothing was sent"));
                }
            }

            @Override
            public void start(String label, long total, String unit) {
                check();
                p.start(label, total, unit);
            }

            @Override
            public void advance(long n) {
                check();
                p.advance(n);
            }

            @Override
            public void at(long done) {
                check();
                p.at(done);
            }

            @Override
            public void detail(String text) {
                p.detail(text);
            }

            @Override
            public void done() {
                p.done();
            }

            @Override
            public void failed() {
                p.failed();
            }
        };
    }

    private String firstReject(Plan plan) {
        if (plan.rejectsFile() == null) {
            return "";
        }
        try (var lines = Files.lines(plan.rejectsFile())) {
            var first = json.readTree(lines.findFirst().orElse("{}"));
            return " (first: " + first.path("file").asText() + ":" + first.path("line").asText() + ": "
                    + first.path("reason").asText() + ")";
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * Sends the first chunks of the plan, as many as {@code inFlight} allows, and returns; the
     * rest are sent by {@link #watch} as slots free up (they are "Planned", without a batch id, in
     * the returned run). Every step is in the journal before and after its remote call.
     */
    public SubmittedRun upload(ImportSpec spec, Plan plan) throws IOException {
        return upload(spec, plan, null);
    }

    /** {@link #upload(ImportSpec, Plan)} with at most {@code parallel} jobs of this run in flight (null: no cap of its own). */
    public SubmittedRun upload(ImportSpec spec, Plan plan, Integer parallel) throws IOException {
        if (parallel != null && parallel < 1) {
            throw new UsageException("parallel must be a positive number of jobs, not " + parallel);
        }
        RunRecord rec = journal.load(plan.runId()).orElseThrow();
        List<JobRecord> jobs = new ArrayList<>();
        List<JobWatcher.Task> tasks = new ArrayList<>();
        long firstItem = 0;
        for (Chunk c : plan.chunks()) {
            jobs.add(new JobRecord(null, c.index(), c.items(), "Planned", null, null, null, null,
                    c.file() == null ? null : c.file().toString(), c.afterPrevious(), firstItem, c.bytes(), c.sha256()));
            firstItem += c.items();
            JobWatcher.Task task = new JobWatcher.Task(plan.runId(), c.index(), c.items(), c.file(), c.afterPrevious());
            if (parallel != null) {
                task.runCap = parallel;
            }
            tasks.add(task);
        }
        if (parallel != null) {
            Map<String, String> settings = new LinkedHashMap<>(rec.settings());
            settings.put("parallel", String.valueOf(parallel));
            rec = rec.withSettings(settings);
        }
        journal.save(rec.withJobs(jobs, "submitting").withOptions(
                new RunRecord.JobOptions(spec.version(), spec.haltOnError(), spec.attributeWriteType().name(),
                        spec.extras().tagWriteType(), spec.extras().securityLabelWriteType(),
                        spec.extras().fileMergeMode(), spec.extras().hashCollisionMode())));
        Run run = new Run(plan.runId(), spec, plan, tasks);
        List<Run> all;
        synchronized (live) {
            live.put(plan.runId(), run);
            all = List.copyOf(live.values());
        }
        // Runs submitted and not watched yet share the slots: inFlight bounds the jobs of all of them.
        List<JobWatcher.Task> every = new ArrayList<>();
        all.forEach(r -> every.addAll(r.tasks()));
        try {
            sending = plan.chunks().isEmpty() ? Progress.NONE : progress;
            sentBytes = 0;
            long first = Math.min(plan.chunks().size(), Math.min(parallel == null ? Integer.MAX_VALUE : parallel,
                    Math.max(1, options.inFlight())));
            sending.start("uploading " + first + " of " + plan.chunks().size() + " chunk(s)", first, "chunks");
            watcher(all).submitReady(every, WatchListener.NONE);
        } catch (ApiException e) {
            sending.done();
            sending = Progress.NONE;
            // A create must not be repeated blindly, so the run stops here; what was sent is reported.
            live.remove(plan.runId());
            try {
                summarize(List.of(run), new JobWatcher.Result(tasks, false), e, WatchListener.NONE);
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
            }
            throw e;
        }
        sending.done();
        sending = Progress.NONE;
        RunRecord now = journal.load(plan.runId()).orElseThrow();
        journal.save(now.withState(tasks.stream().allMatch(t -> t.sent) ? "watching" : "submitting"));
        return new SubmittedRun(plan, spec, now.jobs());
    }

    /** A run being submitted and watched: its spec and the scheduler's view of each chunk. */
    private record Run(String id, ImportSpec spec, Plan plan, List<JobWatcher.Task> tasks) {
    }

    private JobWatcher watcher(List<Run> runs) {
        return watcher(runs, options);
    }

    private JobWatcher watcher(List<Run> runs, ImportOptions options) {
        Map<String, Run> byId = new HashMap<>();
        for (Run r : runs) {
            if (r.id() != null) {
                byId.put(r.id(), r);
            }
        }
        return new JobWatcher(api, clock, sleeper, options, random, t -> submit(byId.get(t.run), t), this::record);
    }

    /**
     * Creates and uploads one chunk, always as E1 (create) then E2 (upload), never E3
     * (createAndUpload), though the client keeps it: each of the two steps is recorded before it is
     * sent, and the fate of each can be checked after a crash. A lost E1 answer leaves at worst an
     * empty job on the server (never processed, harmless), so the chunk is created anew; a lost E2
     * answer is settled by asking the job's status (E4) before anything is sent again. A lost E3
     * answer cannot be settled at all: the job it may have made has an id nobody was told, and
     * there is no list endpoint to find it (API doc §2), so resending could import the chunk
     * twice and not resending could lose it.
     *
     * <p>A task that already has a batch id (a resumed chunk whose job is still Created on the
     * server) is only uploaded.
     */
    private BatchStatus submit(Run run, JobWatcher.Task t) throws IOException {
        BatchStatus answer = send(run, t);
        Progress bar = sending;
        // Only the first uploads have a bar; chunks the watch sends do not stat their file for none.
        if (bar != Progress.NONE) {
            sentBytes += Files.size(t.file);
            bar.detail(Progress.size(sentBytes) + " sent");
            bar.advance(1);
        }
        return answer;
    }

    private BatchStatus send(Run run, JobWatcher.Task t) throws IOException {
        ImportSpec spec = run.spec();
        if (t.file == null || !Files.isRegularFile(t.file)) {
            throw new UsageException("chunk " + t.chunk + " of run " + run.id() + " cannot be sent: its chunk file "
                    + (t.file == null ? "was not recorded" : t.file + " is gone") + "; import the input again");
        }
        JobConfig config = jobConfig(spec);
        Long createdId = t.batchId;
        try {
            if (createdId == null) {
                setJob(run.id(), t.chunk, j -> j.withStatus(null, "Creating"));
                CrashPoints.reach("before-create");
                createsSent.incrementAndGet();
                long id = api.createJob(config);
                CrashPoints.reach("after-create");
                createdId = id;
                setJob(run.id(), t.chunk, j -> j.withStatus(id, "Created"));
            }
            long id = createdId;
            CrashPoints.reach("before-upload");
            BatchStatus s = api.upload(id, t.file);
            CrashPoints.reach("after-upload");
            setJob(run.id(), t.chunk, j -> j.withReading(id, uploadedStatus(s.rawStatus()),
                    s.successCount(), s.errorCount(), s.unprocessCount(), s.additional()));
            return s.id() != null ? s
                    : new BatchStatus(id, s.state(), s.rawStatus(), s.errorCount(), s.successCount(), s.unprocessCount(),
                    s.additional(), s.rawBody());
        } catch (IOException | RuntimeException e) {
            if (createdId == null && e instanceof ApiException a && !(a instanceof AmbiguousSubmitException)) {
                // The server answered the create with a refusal (401, 403, 400, 503…), or the
                // request never left this machine (status 0: connection refused, unknown host,
                // TLS handshake; the client says "ambiguous" whenever it had been sent): no job
                // exists, so the chunk is still to be sent, by this run's watch or a later one.
                // A lost answer leaves it "Creating": a resume creates it anew (at worst an
                // empty job is left on the server).
                setJob(run.id(), t.chunk, j -> j.withStatus(null, "Planned"));
            }
            // What was created stays recorded; the run is marked failed so it is not shown as in progress.
            journal.load(run.id()).ifPresent(rec -> journal.save(rec.withState("failed")));
            throw e;
        }
    }

    /**
     * The journal's status of a job whose upload was answered: the server's, except that "Created"
     * becomes "Uploaded". In the journal "Created" (with an id) means exactly "the upload may not
     * have been sent", which a resume settles by asking the server; a job the server still shows
     * Created after our upload was answered must not look like that, or a resume could send its
     * file a second time.
     */
    static String uploadedStatus(String raw) {
        return raw == null || "Created".equals(raw) ? "Uploaded" : raw;
    }

    /** Keeps the journal's job states current while watching, so a crash mid-watch leaves them true. */
    private void record(JobWatcher.Task t) {
        if (t.run == null) {
            return;
        }
        JobView v = t.view;
        setJob(t.run, t.chunk, j -> j.withReading(t.batchId, t.abandoned != null ? "Abandoned: " + v.rawStatus()
                        : uploadedStatus(v.rawStatus()),
                v.successCount(), v.errorCount(), v.unprocessCount(), v.additional()));
    }

    private void setJob(String runId, int chunk, UnaryOperator<JobRecord> change) {
        journal.load(runId).ifPresent(rec -> {
            List<JobRecord> jobs = new ArrayList<>();
            for (JobRecord j : rec.jobs()) {
                jobs.add(j.chunk() == chunk ? change.apply(j) : j);
            }
            journal.save(rec.withJobs(jobs, rec.state()));
        });
    }

    /**
     * Sends the chunks not sent yet and watches every job of the given runs to the end, fetches
     * their errors and returns one summary.
     *
     * @throws WatchTimeoutException when the deadline passes first (exit code 4)
     */
    public RunSummary watch(List<SubmittedRun> runs, WatchListener listener) throws IOException, InterruptedException {
        return watch(runs, listener, null, null);
    }

    /**
     * {@link #watch(List, WatchListener)} with its own deadline and polling (the DSL's
     * {@code watch(timeout: '30m', interval: '5s')}); null keeps the configured one.
     *
     * @param timeout  give up after this long (exit code 4; the jobs stay recorded) instead of {@code watch.timeout.minutes}
     * @param interval the longest pause between two status checks of a job (give or take the scheduler's 20% jitter),
     *                 instead of {@code poll.cap.seconds};
     *                 the first check after an upload comes no later than it either
     */
    public RunSummary watch(List<SubmittedRun> runs, WatchListener listener, Duration timeout, Duration interval)
            throws IOException, InterruptedException {
        ImportOptions o = options;
        if (timeout != null || interval != null) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new UsageException("a watch timeout must be longer than 0, not " + timeout);
            }
            if (interval != null && (interval.isNegative() || interval.isZero())) {
                throw new UsageException("a watch interval must be longer than 0, not " + interval);
            }
            Duration cap = interval != null ? interval : o.pollCap();
            Duration first = o.pollFirst().compareTo(cap) > 0 ? cap : o.pollFirst();
            o = new ImportOptions(o.chunkSize(), o.chunkMaxBytes(), o.inFlight(), first, cap,
                    timeout != null ? timeout : o.watchTimeout(), o.errorFileWait(), o.stuckCreatedAfter());
        }
        List<Run> rs = new ArrayList<>();
        for (SubmittedRun r : runs) {
            Run known = live.get(r.runId());
            rs.add(known != null ? known : fromJournal(r, false, listener));
        }
        return watchRuns(rs, listener, o);
    }

    /**
     * The scheduler's tasks of a run as the journal (or, without one, the submitted run) has them.
     * With {@code recheck} (a run picked up again: resume, {@code watch --run}) every step whose
     * fate the journal cannot know is settled first, before anything is sent:
     * <ul>
     * <li>"Creating" without an id: the E1 answer was lost. At worst an empty job exists on the
     * server, which is never processed, so the chunk is created anew (said once per run). In runs
     * recorded before every chunk went E1 + E2 the create may have been an E3, which may have
     * imported the chunk: such chunks are not sent again.</li>
     * <li>"Created" with an id: the upload may or may not have arrived. The job's status (E4)
     * says: still Created, it did not, and the file is uploaded to the same job; anything else, it
     * did, and the job is watched.</li>
     * <li>a chunk to be sent whose file is gone or no longer has the recorded SHA-256: not sent
     * (one line naming chunk and file), the rest of the run goes on, and the run ends with exit 3.</li>
     * </ul>
     */
    private Run fromJournal(SubmittedRun r, boolean recheck, WatchListener listener) throws IOException {
        RunRecord rec = journal.load(r.runId()).orElse(null);
        List<JobRecord> jobs = rec != null ? rec.jobs() : r.jobs();
        boolean createUpload = rec != null && SEND_E1_E2.equals(rec.settings().get("send"));
        Map<Integer, Path> files = new HashMap<>();
        for (Chunk c : r.plan().chunks()) {
            if (c.file() != null) {
                files.put(c.index(), c.file());
            }
        }
        List<JobWatcher.Task> tasks = new ArrayList<>();
        List<String> createdAnew = new ArrayList<>();
        for (JobRecord j : jobs) {
            Path file = j.file() != null ? Path.of(j.file()) : files.get(j.chunk());
            JobWatcher.Task t = new JobWatcher.Task(r.runId(), j.chunk(), j.items(), file, j.afterPrevious());
            boolean completed = "Completed".equals(j.status());
            if (recheck && createUpload && j.batchId() != null && "Created".equals(j.status())) {
                long id = j.batchId();
                BatchStatus st;
                try {
                    st = api.status(id);
                } catch (ApiException e) {
                    throw unknownJob(id, e);
                }
                if (st.state() == JobState.CREATED) {
                    // The upload never arrived: the same job gets the file (no new create).
                    t.batchId = id;
                    listener.note("chunk " + j.chunk() + " of run " + r.runId() + ": job " + id
                            + " is still Created on the server (its upload never arrived); uploading it again");
                } else {
                    t.sent = true;
                    t.batchId = id;
                    t.view = new JobView(id, j.chunk(), j.items(), st.state() == JobState.COMPLETED ? JobState.QUEUED
                            : st.state(), st.rawStatus(), st.successCount(), st.errorCount(), st.unprocessCount(),
                            Duration.ZERO, st.additional());
                    setJob(r.runId(), j.chunk(), x -> x.withReading(id, uploadedStatus(st.rawStatus()), st.successCount(),
                            st.errorCount(), st.unprocessCount(), st.additional()));
                }
            } else if (j.batchId() != null) {
                t.sent = true;
                t.batchId = j.batchId();
                JobState state = completed && !recheck ? JobState.COMPLETED : JobState.QUEUED;
                t.view = new JobView(j.batchId(), j.chunk(), j.items(), state, j.status(), j.successCount(),
                        j.errorCount(), j.unprocessCount(), Duration.ZERO, j.additional());
            } else if (completed) {
                // Answered inline: there is no id to ask again, the recorded answer is final.
                t.sent = true;
                t.view = new JobView(null, j.chunk(), j.items(), JobState.COMPLETED, j.status(), j.successCount(),
                        j.errorCount(), j.unprocessCount(), Duration.ZERO, j.additional());
            } else if ("Creating".equals(j.status()) && createUpload) {
                // Its E1 answer was lost: nothing was uploaded, so creating it anew cannot import it twice.
                createdAnew.add(String.valueOf(j.chunk()));
                setJob(r.runId(), j.chunk(), x -> x.withStatus(null, "Planned"));
            } else if ("Creating".equals(j.status())) {
                // The create was sent but never confirmed: a job may exist on the server, so sending the
                // chunk again could import it twice.
                t.sent = true;
                t.view = new JobView(null, j.chunk(), j.items(), JobState.UNKNOWN, CREATE_NOT_CONFIRMED, null, null, null,
                        Duration.ZERO, j.additional());
                t.abandon("its create was sent but never confirmed when the run stopped (a job may exist on the server); "
                        + "not sent again");
                listener.note("chunk " + j.chunk() + " of run " + r.runId() + ": " + t.abandoned);
            }
            if (recheck && !t.sent && t.abandoned == null) {
                String changed = changedChunk(j, file);
                if (changed != null) {
                    t.abandon(changed);
                    t.view = new JobView(t.batchId, j.chunk(), j.items(), JobState.UNKNOWN, NOT_SENT, null, null, null,
                            Duration.ZERO, null);
                    listener.note("chunk " + j.chunk() + " of run " + r.runId() + ": " + changed);
                }
            }
            tasks.add(t);
        }
        if (!createdAnew.isEmpty()) {
            listener.note("chunk " + String.join(", ", createdAnew) + " of run " + r.runId() + ": the answer to "
                    + (createdAnew.size() == 1 ? "its create was" : "their creates was") + " lost when the run stopped;"
                    + " creating " + (createdAnew.size() == 1 ? "it" : "them") + " anew (at worst an empty job was left"
                    + " on the server, which is never processed)");
        }
        return new Run(r.runId(), r.spec(), r.plan(), tasks);
    }

    /**
     * Why a chunk about to be sent on resume must not be: its file is gone, or it is not the file
     * preflight wrote (size or SHA-256 differ). Null when it may be sent, or when the record has no
     * hash to check (older runs).
     */
    private static String changedChunk(JobRecord j, Path file) throws IOException {
        if (file == null || !Files.isRegularFile(file)) {
            return "its chunk file " + (file == null ? "was not recorded" : file + " is gone") + "; not sent";
        }
        if (j.sha256() == null) {
            return null;
        }
        String now = sha256(file);
        if ((j.bytes() > 0 && Files.size(file) != j.bytes()) || !j.sha256().equals(now)) {
            return "its chunk file " + file + " changed since preflight wrote it (SHA-256 " + now + ", recorded "
                    + j.sha256() + "); not sent";
        }
        return null;
    }

    static String sha256(Path file) throws IOException {
        java.security.MessageDigest md = ChunkWriter.sha256();
        try (var in = Files.newInputStream(file)) {
            byte[] buf = new byte[64 * 1024];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        return java.util.HexFormat.of().formatHex(md.digest());
    }

    private RunSummary watchRuns(List<Run> runs, WatchListener listener) throws IOException, InterruptedException {
        return watchRuns(runs, listener, options);
    }

    private RunSummary watchRuns(List<Run> runs, WatchListener listener, ImportOptions options)
            throws IOException, InterruptedException {
        for (Run r : runs) {
            if (r.plan() != null) {
                for (String empty : r.plan().emptyFiles()) {
                    listener.note(empty + " holds no indicators, groups or associations: nothing was read from it");
                }
            }
        }
        List<JobWatcher.Task> tasks = new ArrayList<>();
        runs.forEach(r -> tasks.addAll(r.tasks()));
        for (Run r : runs) {
            if (r.id() != null) {
                journal.load(r.id()).ifPresent(rec -> journal.save(rec.withState("watching")));
            }
        }
        JobWatcher.Result result;
        ApiException failure = null;
        try {
            result = watcher(runs, options).watch(tasks, listener);
        } catch (ApiException e) {
            // The run exists and some jobs may have finished: report what is known rather than
            // only the message, and leave the journal saying the run stopped.
            failure = e;
            result = new JobWatcher.Result(tasks, false);
        } finally {
            // Watched runs are followed from the journal from now on, so a timed-out run does not
            // hold slots of later imports in this process.
            runs.forEach(r -> {
                if (r.id() != null) {
                    live.remove(r.id());
                }
            });
        }
        return summarize(runs, result, failure, listener, options.watchTimeout());
    }

    /**
     * The summary of the given runs from what the scheduler knows. Returns it when the watch ended;
     * throws {@link WatchTimeoutException} (exit 4) when the deadline passed and
     * {@link RunFailedException} (exit 3) when {@code failure}, or a failure while fetching errors,
     * stopped the run, each carrying the summary.
     */
    private RunSummary summarize(List<Run> runs, JobWatcher.Result result, ApiException failure, WatchListener listener)
            throws IOException, InterruptedException {
        return summarize(runs, result, failure, listener, options.watchTimeout());
    }

    private RunSummary summarize(List<Run> runs, JobWatcher.Result result, ApiException failure, WatchListener listener,
                                 Duration watchTimeout) throws IOException, InterruptedException {
        ErrorSummary errors = new ErrorSummary();
        List<RunSummary.Job> jobs = new ArrayList<>();
        Map<String, List<FailedItems.Source>> sources = new LinkedHashMap<>();
        Map<String, RunRecord> records = new HashMap<>();
        for (Run r : runs) {
            if (r.id() != null) {
                journal.load(r.id()).ifPresent(rec -> records.put(r.id(), rec));
            }
        }
        long succeeded = 0;
        long failed = 0;
        long unprocessed = 0;
        long unconfirmed = 0;
        // Items of chunks that went to the server (or may have): "submitted" means sent, not planned.
        long sentItems = 0;
        Set<JobWatcher.Task> notConfirmed = new java.util.HashSet<>();
        List<Long> unfetched = new ArrayList<>();
        boolean lost = false;
        ApiException stoppedBy = failure;
        long downloads = result.tasks().stream().filter(t -> stoppedBy == null && t.completed() && t.abandoned == null
                && t.batchId != null && hasErrors(t.view)).count();
        // Only worth a bar when there are several: one file comes in a moment.
        Progress fetching = downloads > 1 ? progress : Progress.NONE;
        fetching.start("downloading error files", downloads, "files");
        for (JobWatcher.Task t : result.tasks()) {
            JobView v = t.view;
            String status = v.rawStatus();
            String fatal = null;
            if (t.abandoned != null && !t.sent) {
                // Not sent on purpose (its chunk file changed or is gone): its items are not submitted.
                lost = true;
                status = NOT_SENT;
                errors.addUnavailable("not sent " + t.run + "/" + t.chunk, Math.max(1, t.items), "chunk " + t.chunk
                        + ": " + t.abandoned);
            } else if (t.abandoned != null) {
                lost = true;
                status = "Abandoned: " + v.rawStatus();
                String why = (t.batchId == null ? "chunk " + t.chunk : "job " + t.batchId) + ": " + t.abandoned;
                if (t.batchId == null && CREATE_NOT_CONFIRMED.equals(v.rawStatus())) {
                    errors.addUnconfirmed("abandoned " + t.run + "/" + t.chunk, Math.max(1, t.items), why);
                } else {
                    errors.addUnavailable("abandoned " + t.run + "/" + t.chunk, Math.max(1, t.items), why);
                }
            } else if (!t.sent && creating(records.get(t.run), t.chunk)) {
                // The submitter stopped inside this chunk's create: the journal has it as Creating.
                lost = true;
                notConfirmed.add(t);
                status = CREATE_NOT_CONFIRMED;
                errors.addUnconfirmed("unconfirmed " + t.run + "/" + t.chunk, Math.max(1, t.items), "chunk " + t.chunk
                        + ": its create was sent but never confirmed (a job may exist on the server); not sent again");
            } else if (!t.sent) {
                status = NOT_SENT;
            }
            if (t.sent || notConfirmed.contains(t)) {
                sentItems += t.items;
            }
            long covered = 0;
            if (t.sent) {
                succeeded += n(v.successCount());
                failed += n(v.errorCount());
                unprocessed += n(v.unprocessCount());
                covered = n(v.successCount()) + n(v.errorCount()) + n(v.unprocessCount());
            }
            // What the server did not report of this chunk: it is not counted as anything it was not.
            long unknown = Math.max(0, t.items - covered);
            unconfirmed += unknown;
            if (unknown > 0 && t.completed() && t.abandoned == null
                    && (v.successCount() == null || v.errorCount() == null || v.unprocessCount() == null)) {
                listener.note((t.batchId == null ? "chunk " + t.chunk : "job " + t.batchId) + ": the server reported "
                        + v.rawStatus() + " without " + missing(v) + "; " + unknown + " of its " + t.items
                        + " item(s) are counted as unconfirmed");
            }
            if (t.completed() && t.abandoned == null) {
                List<BatchError> list = List.of();
                if (hasErrors(v)) {
                    if (t.batchId == null) {
                        errors.addUnavailable("inline " + t.run + "/" + t.chunk, errorTotal(v),
                                "errors not available: the server answered inline without a job id");
                    } else if (failure != null) {
                        unfetched.add(t.batchId);
                        errors.addUnavailable("unfetched " + t.batchId, errorTotal(v), "errors of job " + t.batchId
                                + " not fetched: the run stopped on a remote failure (see them with: errors " + t.batchId + ")");
                    } else {
                        try {
                            list = collectErrors(t, errors, listener, t.run == null ? null : runDirOf(runs, t.run));
                            fetching.advance(1);
                        } catch (ApiException e) {
                            // No further remote call: the rest of the summary is built from what is known.
                            failure = e;
                            unfetched.add(t.batchId);
                            errors.addUnavailable("unfetched " + t.batchId, errorTotal(v), "errors of job " + t.batchId
                                    + " not fetched: the run stopped on a remote failure (see them with: errors "
                                    + t.batchId + ")");
                        }
                        if (t.run != null) {
                            sources.computeIfAbsent(t.run, k -> new ArrayList<>()).add(new FailedItems.Source(t.file, list));
                        }
                    }
                }
                fatal = fatal(list, v);
                if (fatal != null) {
                    listener.note((t.batchId == null ? "chunk " + t.chunk : "job " + t.batchId) + ": " + fatal);
                }
            }
            RunSummary.Kind ind = RunSummary.Kind.of(v.additional(), "Indicator");
            RunSummary.Kind grp = RunSummary.Kind.of(v.additional(), "Group");
            RunSummary.Kind asc = RunSummary.Kind.of(v.additional(), "Association");
            RunSummary.Kind other = ind == null && grp == null && asc == null ? null
                    : RunSummary.Kind.other(v.successCount(), v.errorCount(), ind, grp, asc);
            jobs.add(new RunSummary.Job(t.batchId, t.chunk, status, t.items, v.successCount(), v.errorCount(),
                    v.unprocessCount(), n(v.unprocessCount()) > 0, fatal, ind, grp, asc, other));
        }
        fetching.done();
        String failedItems = null;
        long untraced = 0;
        for (Map.Entry<String, List<FailedItems.Source>> e : sources.entrySet()) {
            FailedItems.Result fr = new FailedItems(json).write(runDirOf(runs, e.getKey()), e.getValue());
            untraced += fr.untraced();
            if (failedItems == null && fr.file() != null) {
                failedItems = fr.file().toString();
            }
        }
        if (untraced > 0) {
            listener.note(untraced + " server error(s) could not be traced to an item of the input");
        }
        long read = 0;
        long duplicates = 0;
        long rejected = 0;
        long dropped = 0;
        long submitted = 0;
        String rejects = null;
        Set<String> owners = new LinkedHashSet<>();
        Set<String> actions = new LinkedHashSet<>();
        List<Run> withPlan = runs.stream().filter(r -> r.plan() != null).toList();
        for (Run r : withPlan) {
            read += r.plan().read();
            duplicates += r.plan().duplicates();
            rejected += r.plan().rejected();
            dropped += r.plan().dropped();
            submitted += r.plan().submitted();
            if (rejects == null && r.plan().rejectsFile() != null) {
                rejects = r.plan().rejectsFile().toString();
            }
            owners.add(r.spec().owner());
            actions.add(r.spec().action().name());
        }
        if (withPlan.isEmpty()) {
            // Bare job ids: there was no preflight here, so the server's counts are all we know.
            read = submitted = succeeded + failed + unprocessed;
            unconfirmed = 0;
        } else {
            submitted = Math.min(submitted, sentItems);
        }
        RunSummary.Totals totals = new RunSummary.Totals(read, duplicates, rejected, submitted, succeeded, failed, unprocessed,
                unconfirmed, dropped);
        // A job that could not be followed to the end is a remote failure, not a partial success.
        int exit = result.timedOut() ? 4 : failure != null || lost ? 3 : RunSummary.exitCodeFor(totals);
        String runId = withPlan.isEmpty() ? null : String.join(",", withPlan.stream().map(Run::id).toList());
        RunSummary summary = new RunSummary(runId, profile, owners.isEmpty() ? null : String.join(", ", owners),
                actions.isEmpty() ? null : String.join(", ", actions), jobs,
                totals, errors.groups(), rejects, failedItems, untraced, exit);
        // A chunk held back because its file is gone or changed keeps its run resumable: once the
        // file is put back, resume sends it (the run is "failed", not "done", with that chunk Planned).
        boolean unsentOnPurpose = result.tasks().stream().anyMatch(t -> t.abandoned != null && !t.sent);
        boolean stopped = failure != null;
        for (Run r : withPlan) {
            journal.load(r.id()).ifPresent(rec -> journal.save(exit == 4 ? rec.withState("watching")
                    : stopped || unsentOnPurpose ? rec.failed(exit) : rec.done(exit)));
        }
        List<Long> pending = result.tasks().stream().filter(JobWatcher.Task::inFlight).map(t -> t.batchId).toList();
        List<String> unsent = result.tasks().stream().filter(t -> !t.sent && !notConfirmed.contains(t) && t.abandoned == null)
                .map(t -> String.valueOf(t.chunk)).toList();
        // Chunks never sent are sent again only by watching their run; a run stopped by a failure is
        // no longer pending, so a bare "watch" would not pick it.
        String resume = unsent.isEmpty() ? "watch " + joined(pending)
                : withPlan.size() == 1 && failure != null ? "resume " + runId : "watch";
        String later = "(they stay recorded; " + (failure != null ? "continue" : "watch them later") + " with: " + resume + ")";
        boolean nothingCreated = !withPlan.isEmpty() && notConfirmed.isEmpty()
                && result.tasks().stream().noneMatch(t -> t.sent || t.batchId != null);
        if (failure != null && nothingCreated && unfetched.isEmpty()) {
            // No job exists on the server: advice to watch chunks would only hide the one thing to
            // fix. The run is recorded failed (above); the summary still goes with the exception
            // for the JSON document (its run can be sent later with watch --run), not for text.
            String message = nothingSent(failure);
            throw new RunFailedException(message, failure, summary.failedWith(message));
        }
        if (failure != null) {
            String message = failure.getMessage();
            if (!pending.isEmpty() || !unsent.isEmpty()) {
                message += "; run " + (runId == null ? "" : runId + " ") + "stopped with "
                        + (pending.isEmpty() ? "" : "jobs still pending: " + pending + (unsent.isEmpty() ? "" : "; "))
                        + (unsent.isEmpty() ? "" : "chunks never sent: " + unsent.size() + " (chunk "
                        + String.join(", ", unsent) + ")") + " " + later;
            }
            if (!unfetched.isEmpty()) {
                message += "; error details not fetched for job(s) " + unfetched + " (see them later with: errors "
                        + unfetched.get(0) + (unfetched.size() > 1 ? ", and so on" : "") + ")";
            }
            throw new RunFailedException(message, failure, summary.failedWith(message));
        }
        if (result.timedOut()) {
            throw new WatchTimeoutException("gave up waiting after " + Durations.human(watchTimeout) + "; jobs still pending: "
                    + pending + (unsent.isEmpty() ? "" : "; chunks never sent: " + unsent.size() + " (chunk "
                    + String.join(", ", unsent) + ")") + " " + later, summary);
        }
        return summary;
    }

    /**
     * The one line for a run that created no job: an unreachable instance names the profile's
     * URL and the network as what to check.
     */
    private String nothingSent(ApiException failure) {
        String m = failure.getMessage();
        String reach = "cannot reach ";
        int colon = m.startsWith(reach) ? m.indexOf(": ", reach.length()) : -1;
        if (failure.httpStatus() == 0 && colon > 0) {
            return m.substring(0, colon) + " (" + m.substring(colon + 2) + "); nothing was sent. Check the profile's URL"
                    + " and network (profile show " + profile + ")";
        }
        return m + "; nothing was sent";
    }

    /** The journal has this chunk's create sent and not confirmed. */
    private static boolean creating(RunRecord rec, int chunk) {
        if (rec == null) {
            return false;
        }
        return rec.jobs().stream().anyMatch(j -> j.chunk() == chunk && "Creating".equals(j.status()));
    }

    private static String missing(JobView v) {
        List<String> names = new ArrayList<>();
        if (v.successCount() == null) {
            names.add("successCount");
        }
        if (v.errorCount() == null) {
            names.add("errorCount");
        }
        if (v.unprocessCount() == null) {
            names.add("unprocessCount");
        }
        return String.join(", ", names);
    }

    /**
     * Why a whole job failed, if it did: by error code first (0x1004 internal, 0x1008 indicator
     * limit), then by unprocessCount (halted), and only then by the two message texts the SDKs
     * treat as fatal (API doc §2.7), because codes are stable and texts are not.
     */
    static String fatal(List<BatchError> errs, JobView v) {
        for (BatchError e : errs) {
            if ("0x1004".equalsIgnoreCase(e.code())) {
                return "internal error (0x1004): the server failed while processing the job";
            }
        }
        for (BatchError e : errs) {
            if ("0x1008".equalsIgnoreCase(e.code())) {
                return "indicator limit (0x1008): the owner's indicator limit was reached";
            }
        }
        if (n(v.unprocessCount()) > 0) {
            // Not "because of haltOnError": a job watched by id has no recorded options, and a
            // server may stop a job early for its own reasons. Unprocessed items are not failed
            // items, so they are not in the failed-items file; say so.
            return "halted: the job stopped before its end; " + v.unprocessCount()
                    + " item(s) were never processed (they are not in the failed-items file: send the input again)";
        }
        for (BatchError e : errs) {
            String text = (e.reason() == null ? "" : e.reason()) + " " + (e.message() == null ? "" : e.message());
            if (text.contains("Encountered an unexpected Exception while processing batch job")) {
                return "unexpected exception on the server while processing the job";
            }
            if (text.contains("would exceed the number of allowed indicators")) {
                return "indicator limit: the job would exceed the number of allowed indicators";
            }
        }
        return null;
    }

    private static boolean hasErrors(JobView v) {
        return new BatchStatus(v.batchId(), v.state(), v.rawStatus(), v.errorCount(), v.successCount(), v.unprocessCount(),
                v.additional(), null).hasErrors();
    }

    private static long errorTotal(JobView v) {
        if (v.errorCount() != null && v.errorCount() > 0) {
            return v.errorCount();
        }
        long sum = 0;
        if (v.additional() != null) {
            for (Map.Entry<String, Integer> e : v.additional().entrySet()) {
                if (e.getKey().startsWith("error") && e.getValue() != null) {
                    sum += e.getValue();
                }
            }
        }
        return Math.max(1, sum);
    }

    /** Watches bare job ids (for example from an earlier run) without preflight figures. */
    public RunSummary watchIds(List<Long> ids, WatchListener listener) throws IOException, InterruptedException {
        // Each id is asked for once before the watch: a job the server does not know is a mistyped
        // or foreign id (as for errors), not a job that is still queued.
        for (long id : ids) {
            try {
                api.status(id);
            } catch (ApiException e) {
                throw unknownJob(id, e);
            }
        }
        List<JobWatcher.Task> tasks = new ArrayList<>();
        for (long id : ids) {
            JobWatcher.Task t = new JobWatcher.Task(null, 0, 0, null, false);
            t.sent = true;
            t.batchId = id;
            t.view = new JobView(id, 0, 0, JobState.QUEUED, "Queued", null, null, null, Duration.ZERO);
            tasks.add(t);
        }
        return watchRuns(List.of(new Run(null, null, null, tasks)), listener);
    }

    /**
     * Watches every job of a recorded run again, with the run's own preflight figures, so the
     * totals and exit code are those of the whole run; chunks the run had not sent yet are sent now.
     */
    /**
     * The import a recorded run was asked to be, without its files: what its unsent chunks are
     * sent with, and what a resubmit of its failed items starts from.
     */
    public static ImportSpec specOf(RunRecord rec) {
        RunRecord.JobOptions o = rec.options();
        // Records written before the options were kept: the defaults of the DSL core.
        return new ImportSpec(rec.owner(), Action.valueOf(rec.action()),
                o == null ? AttributeWriteType.Replace : AttributeWriteType.valueOf(o.attributeWriteType()),
                o != null && o.haltOnError(), List.of(), o == null ? "V2" : o.version(),
                o == null ? ImportSpec.JobExtras.NONE : new ImportSpec.JobExtras(o.tagWriteType(),
                        o.securityLabelWriteType(), o.fileMergeMode(), o.hashCollisionMode()));
    }

    /**
     * What sends the failed items of a watched run again, as the shell's {@code resubmit RUN} does:
     * the run's own job options with its failed-items file as the one input. Null when the summary
     * names no failed-items file (nothing failed, or nothing could be traced to an item).
     */
    public ImportSpec resubmitSpec(RunSummary summary) {
        if (summary == null || summary.failedItems() == null) {
            return null;
        }
        Path failed = Path.of(summary.failedItems());
        List<String> ids = summary.run() == null ? List.of() : List.of(summary.run().split(","));
        for (String id : ids) {
            Path dir = journal.runDir(id).toAbsolutePath().normalize();
            if (failed.toAbsolutePath().normalize().startsWith(dir)) {
                RunRecord rec = journal.load(id).orElseThrow(() -> new UsageException("run " + id + " is not recorded"));
                return specOf(rec).withFiles(List.of(failed));
            }
        }
        throw new UsageException("the failed items " + failed + " belong to none of the runs of this summary ("
                + summary.run() + ")");
    }

    public RunSummary watchRun(RunRecord rec, WatchListener listener) throws IOException, InterruptedException {
        return watchRecords(List.of(rec), listener);
    }

    /**
     * Watches several recorded runs together (the {@code watch} of everything still pending): one
     * scheduler over all their jobs, their unsent chunks sent as {@link #watchRun} does, one summary.
     */
    public RunSummary watchRecords(List<RunRecord> recs, WatchListener listener) throws IOException, InterruptedException {
        List<Run> rs = new ArrayList<>();
        for (RunRecord rec : recs) {
            rs.add(recordedRun(rec, listener));
        }
        return watchRuns(rs, listener);
    }

    private Run recordedRun(RunRecord rec, WatchListener listener) throws IOException {
        RunRecord.Preflight pf = rec.preflight();
        if (pf == null) {
            // Records without preflight figures: their jobs as bare ids, as watchIds watches them.
            List<JobWatcher.Task> tasks = new ArrayList<>();
            for (long id : rec.jobs().stream().map(JobRecord::batchId).filter(Objects::nonNull).toList()) {
                JobWatcher.Task t = new JobWatcher.Task(null, 0, 0, null, false);
                t.sent = true;
                t.batchId = id;
                t.view = new JobView(id, 0, 0, JobState.QUEUED, "Queued", null, null, null, Duration.ZERO);
                tasks.add(t);
            }
            return new Run(null, null, null, tasks);
        }
        List<Chunk> chunks = rec.jobs().stream().map(j -> new Chunk(j.chunk(), j.file() == null ? null : Path.of(j.file()),
                j.items(), 0, 0, 0, 0, j.afterPrevious())).toList();
        Plan plan = new Plan(rec.run(), journal.runDir(rec.run()), pf.read(), pf.duplicates(), pf.rejected(),
                pf.rejectsFile() == null ? null : Path.of(pf.rejectsFile()), chunks, List.of(), pf.dropped());
        ImportSpec spec = specOf(rec);
        SubmittedRun r = new SubmittedRun(plan, spec, rec.jobs());
        live.remove(rec.run());
        return fromJournal(r, true, listener);
    }

    /** Fetches and groups the errors of one job (the {@code errors ID} command). */
    public List<RunSummary.ErrorGroup> errors(long batchId) throws IOException {
        // A 404 from the error file means "no errors" only for a job that exists and counts none: ask first.
        BatchStatus st = api.status(batchId);
        ErrorFile f = api.results(batchId);
        if (!f.available()) {
            f = api.errors(batchId);
        }
        ErrorSummary s = new ErrorSummary();
        if (!f.available()) {
            if (st.hasErrors()) {
                s.addUnavailable(batchId, st.errorCount() == null ? 1 : st.errorCount());
            }
            return s.groups();
        }
        if (f.rawText() != null) {
            s.add("unknown", "error file is not JSON: " + firstLine(f.rawText()), null);
        }
        for (BatchError e : f.errors()) {
            s.add(e);
        }
        return s.groups();
    }

    /**
     * Fetches one job's errors: E6 first, E5 when E6 is not available. The error file can lag
     * the Completed status (API doc §5.21), so while errors are counted but not served, ask again
     * with growing pauses for up to {@code errorFileWait}, then say "errors not available" — never
     * "no errors" when errors were counted.
     */
    private List<BatchError> collectErrors(JobWatcher.Task t, ErrorSummary errors, WatchListener listener, Path runDir)
            throws IOException, InterruptedException {
        JobView v = t.view;
        long id = t.batchId;
        ErrorFile f = recordedErrorFile(t);
        if (f != null) {
            return addErrors(f, id, v, errors);
        }
        Instant giveUp = clock.instant().plus(options.errorFileWait());
        Duration wait = Duration.ofSeconds(1);
        while (true) {
            f = api.results(id);
            if (!f.available()) {
                f = api.errors(id);
            }
            if (f.available() || clock.instant().plus(wait).isAfter(giveUp)) {
                break;
            }
            listener.note("error details of job " + id + " not served yet; asking again in " + Durations.human(wait));
            sleeper.sleep(wait);
            wait = wait.multipliedBy(2).compareTo(Duration.ofSeconds(15)) > 0 ? Duration.ofSeconds(15) : wait.multipliedBy(2);
        }
        if (!f.available()) {
            errors.addUnavailable(id, errorTotal(v));
            return List.of();
        }
        CrashPoints.reach("after-error-download");
        if (runDir != null) {
            Path dir = Files.createDirectories(runDir.resolve("errors"));
            Path saved = dir.resolve(id + ".json");
            json.writerWithDefaultPrettyPrinter().writeValue(saved.toFile(), f);
            if (t.run != null) {
                // Recorded once saved, so a resume reads it from disk instead of asking the server again.
                journal.addErrorFile(t.run, new io.tcbatch.journal.ErrorFileRecord(id, t.chunk, saved.toString(),
                        Files.size(saved), sha256(saved), f.errors().size(), clock.instant().toString()));
            }
        }
        return addErrors(f, id, v, errors);
    }

    /**
     * The error file of this task's job as an earlier watch of its run saved and recorded it, or
     * null when none is (or the saved file is gone or differs from its record: then it is fetched).
     */
    private ErrorFile recordedErrorFile(JobWatcher.Task t) {
        if (t.run == null || t.batchId == null) {
            return null;
        }
        for (io.tcbatch.journal.ErrorFileRecord r : journal.errorFiles(t.run)) {
            if (r.batchId() != t.batchId || r.path() == null) {
                continue;
            }
            try {
                Path saved = Path.of(r.path());
                if (!Files.isRegularFile(saved) || (r.sha256() != null && !r.sha256().equals(sha256(saved)))) {
                    return null;
                }
                return json.readerFor(ErrorFile.class)
                        .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                        .readValue(saved.toFile());
            } catch (IOException | RuntimeException unreadable) {
                return null;
            }
        }
        return null;
    }

    private List<BatchError> addErrors(ErrorFile f, long id, JobView v, ErrorSummary errors) {
        if (f.rawText() != null) {
            errors.add("unknown", "error file of job " + id + " is not JSON: " + firstLine(f.rawText()), null);
        } else if (f.errors().isEmpty()) {
            errors.addUnavailable("empty " + id, errorTotal(v), "errors not available for job " + id
                    + ": the server counted errors but its error details list none");
        }
        for (BatchError e : f.errors()) {
            errors.add(e);
        }
        return f.errors();
    }

    private static Path runDirOf(List<Run> runs, String runId) {
        for (Run r : runs) {
            if (runId.equals(r.id()) && r.plan() != null) {
                return r.plan().runDir();
            }
        }
        return null;
    }
    private static long n(Integer i) {
        return i == null ? 0 : i;
    }

    private static String firstLine(String s) {
        String line = s.strip().lines().findFirst().orElse("");
        return line.length() > 200 ? line.substring(0, 200) + "…" : line;
    }

    private static String joined(List<Long> ids) {
        return String.join(" ", ids.stream().map(String::valueOf).toList());
    }

    /** The E1 job configuration every job of {@code spec} is created with (also what {@code batch show} prints). */
    public static JobConfig jobConfig(ImportSpec spec) {
        ImportSpec.JobExtras x = spec.extras();
        return new JobConfig(spec.version(), spec.owner(), spec.haltOnError(), spec.action().name(),
                spec.attributeWriteType().name(), x.tagWriteType(), x.securityLabelWriteType(), x.fileMergeMode(),
                x.hashCollisionMode());
    }

    /** {@link #jobConfig}, refusing options a V1 job does not have with the words an import uses. */
    public static JobConfig checkedJobConfig(ImportSpec spec) {
        JobConfig c = jobConfig(spec);
        Preflight.requireV1Compatible(c);
        return c;
    }

    /**
     * What {@code errors} shows for some jobs (one job, or every job of a run): the errors grouped
     * as a watch groups them, and the server's entries as they came, for {@code --raw} and {@code --save}.
     *
     * @param raw each entry with the server's field names ({@code errorReason}, {@code errorSource},
     *            {@code errorMessage}, and {@code code}/{@code severity} from /results), or for an error
     *            file that was not JSON its text as {@code {"text": …}}
     */
    public record ErrorReport(List<RunSummary.ErrorGroup> groups, List<Map<String, Object>> raw) {
    }

    /**
     * Fetches and groups the errors of these jobs. A job the server does not know (404 on its status)
     * is a remote failure that says so, not "no errors".
     */
    public ErrorReport errorReport(List<Long> batchIds) throws IOException {
        ErrorSummary s = new ErrorSummary();
        List<Map<String, Object>> raw = new ArrayList<>();
        for (long id : batchIds) {
            BatchStatus st;
            try {
                st = api.status(id);
            } catch (ApiException e) {
                throw unknownJob(id, e);
            }
            ErrorFile f = api.results(id);
            if (!f.available()) {
                f = api.errors(id);
            }
            if (!f.available()) {
                if (st.hasErrors()) {
                    s.addUnavailable(id, st.errorCount() == null ? 1 : st.errorCount());
                }
                continue;
            }
            if (f.rawText() != null) {
                s.add("unknown", "error file of job " + id + " is not JSON: " + firstLine(f.rawText()), null);
                raw.add(Map.of("text", f.rawText()));
            }
            for (BatchError e : f.errors()) {
                s.add(e);
                Map<String, Object> entry = new LinkedHashMap<>();
                putIf(entry, "errorReason", e.reason());
                putIf(entry, "errorSource", e.source());
                putIf(entry, "errorMessage", e.message());
                putIf(entry, "code", e.wireCode());
                putIf(entry, "severity", e.severity());
                raw.add(entry);
            }
        }
        return new ErrorReport(s.groups(), raw);
    }

    /** A 404 on a job's status: the job is not this profile's (one line, exit 3); any other failure as it is. */
    private ApiException unknownJob(long id, ApiException e) {
        if (e.httpStatus() != 404) {
            return e;
        }
        String path = (apiBase == null || apiBase.getPath() == null ? "" : apiBase.getPath().replaceAll("/$", ""))
                + "/v2/batch/" + id;
        return new ApiException(404, e.serverMessage(), "job " + id + " is not known to profile " + profile
                + " (GET " + path + " answered 404); see the recorded jobs with: jobs", null);
    }

    private static void putIf(Map<String, Object> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
