package io.tcbatch.batch;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.api.BatchApi;
import io.tcbatch.api.BatchError;
import io.tcbatch.api.BatchStatus;
import io.tcbatch.api.Sleeper;
import io.tcbatch.api.ErrorFile;
import io.tcbatch.api.JobConfig;
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

    public ImportService(BatchApi api, URI apiBase, String profile, Journal journal, ImportOptions options, Clock clock,
                         Sleeper sleeper, ObjectMapper json) {
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

    public ImportOptions options() {
        return options;
    }

    /** Preflight + submit: reads and checks every input, then creates and uploads one job per chunk. */
    public SubmittedRun submit(ImportSpec spec) throws IOException {
        return submit(spec, options.chunkSize());
    }

    public SubmittedRun submit(ImportSpec spec, int chunkSize) throws IOException {
        Plan plan = prepare(spec, chunkSize);
        return upload(spec, plan);
    }

    /**
     * Reads every input to the end and writes the chunks; sends nothing. On malformed input the
     * run leaves no trace and the {@link InputException} propagates.
     */
    public Plan prepare(ImportSpec spec, int chunkSize) throws IOException {
        if (spec.owner() == null || spec.owner().isBlank()) {
            throw new UsageException("no owner given: say which owner the data goes to (owner 'Example Org' / --owner NAME)");
        }
        if (spec.files().isEmpty()) {
            throw new UsageException("nothing to import: give at least one input file");
        }
        if (!spec.version().equals("V1") && !spec.version().equals("V2")) {
            throw new UsageException("unknown Batch version '" + spec.version() + "' (expected V1 or V2)");
        }
        if (spec.version().equals("V1")) {
            Preflight.requireV1Compatible(new JobConfig("V1", spec.owner(), spec.haltOnError(), spec.action().name(),
                    spec.attributeWriteType().name()));
        }
        // Every file is looked at before the first is read, so a typo in the second name fails
        // at once rather than after minutes of preflight of the first.
        for (Path f : spec.files()) {
            if (!Files.isRegularFile(f)) {
                throw InputException.unreadable(f, Files.exists(f) ? "not a regular file" : "no such file");
            }
            if (!Files.isReadable(f)) {
                throw InputException.unreadable(f, "file is not readable");
            }
        }
        String runId = journal.newRunId();
        Path runDir = journal.runDir(runId);
        List<String> files = spec.files().stream().map(Path::toString).toList();
        RunRecord rec = new RunRecord(runId, clock.instant().toString(), profile, String.valueOf(apiBase), spec.owner(),
                spec.action().name(), files, List.of(), "preflight", null, null);
        journal.save(rec);
        Plan plan;
        try {
            plan = new Preflight(json, chunkSize, options.chunkMaxBytes(), spec.version()).run(runId, runDir, spec.files());
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
        journal.save(rec.withPreflight(new RunRecord.Preflight(plan.read(), plan.duplicates(), plan.rejected(),
                plan.rejectsFile() == null ? null : plan.rejectsFile().toString())));
        return plan;
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

    /** Creates and uploads one job per chunk of the plan. */
    public SubmittedRun upload(ImportSpec spec, Plan plan) throws IOException {
        RunRecord rec = journal.load(plan.runId()).orElseThrow();
        List<JobRecord> jobs = new ArrayList<>();
        for (Chunk c : plan.chunks()) {
            jobs.add(new JobRecord(null, c.index(), c.items(), "Planned", null, null, null));
        }
        rec = rec.withJobs(jobs, "submitting");
        journal.save(rec);
        JobConfig config = new JobConfig("V2", spec.owner(), spec.haltOnError(), spec.action().name(),
                spec.attributeWriteType().name());
        for (int i = 0; i < plan.chunks().size(); i++) {
            Chunk c = plan.chunks().get(i);
            try {
                long id = api.createJob(config);
                jobs.set(i, new JobRecord(id, c.index(), c.items(), "Created", null, null, null));
                journal.save(rec = rec.withJobs(jobs, "submitting"));
                BatchStatus s = api.upload(id, c.file());
                jobs.set(i, new JobRecord(id, c.index(), c.items(), s.rawStatus() == null ? "Uploaded" : s.rawStatus(),
                        s.successCount(), s.errorCount(), s.unprocessCount()));
                journal.save(rec = rec.withJobs(jobs, "submitting"));
            } catch (IOException | RuntimeException e) {
                // What was created stays recorded; the run is marked failed so it is not shown as in progress.
                journal.save(rec.withJobs(jobs, "failed"));
                throw e;
            }
        }
        journal.save(rec.withJobs(jobs, "watching"));
        return new SubmittedRun(plan, spec, List.copyOf(jobs));
    }

    /**
     * Watches the jobs of the given runs to the end, fetches their errors and returns one summary.
     *
     * @throws WatchTimeoutException when the deadline passes first (exit code 4)
     */
    public RunSummary watch(List<SubmittedRun> runs, WatchListener listener) throws IOException, InterruptedException {
        List<JobWatcher.Target> targets = new ArrayList<>();
        for (SubmittedRun r : runs) {
            for (JobRecord j : r.jobs()) {
                targets.add(new JobWatcher.Target(j.batchId(), j.chunk(), j.items()));
            }
        }
        return watch(targets, runs, listener);
    }

    private RunSummary watch(List<JobWatcher.Target> targets, List<SubmittedRun> runs, WatchListener listener)
            throws IOException, InterruptedException {
        for (SubmittedRun r : runs) {
            for (Path empty : r.plan().emptyFiles()) {
                listener.note(empty + " holds no indicators, groups or associations: nothing was read from it");
            }
        }
        JobWatcher watcher = new JobWatcher(api, clock, sleeper, options.pollFirst(), options.pollCap(), options.watchTimeout());
        JobWatcher.Result result = watcher.watch(targets, recording(runs, listener));

        ErrorSummary errors = new ErrorSummary();
        List<RunSummary.Job> jobs = new ArrayList<>();
        long succeeded = 0;
        long failed = 0;
        long unprocessed = 0;
        for (JobView v : result.views()) {
            jobs.add(new RunSummary.Job(v.batchId(), v.rawStatus(), v.items(), v.successCount(), v.errorCount(), v.unprocessCount()));
            succeeded += n(v.successCount());
            failed += n(v.errorCount());
            unprocessed += n(v.unprocessCount());
            if (v.state().isTerminal() && n(v.errorCount()) > 0) {
                collectErrors(v, errors, listener, runDirOf(runs, v.batchId()));
            }
        }
        long read = 0;
        long duplicates = 0;
        long rejected = 0;
        long submitted = 0;
        String rejects = null;
        Set<String> owners = new LinkedHashSet<>();
        Set<String> actions = new LinkedHashSet<>();
        for (SubmittedRun r : runs) {
            read += r.plan().read();
            duplicates += r.plan().duplicates();
            rejected += r.plan().rejected();
            submitted += r.plan().submitted();
            if (rejects == null && r.plan().rejectsFile() != null) {
                rejects = r.plan().rejectsFile().toString();
            }
            owners.add(r.spec().owner());
            actions.add(r.spec().action().name());
        }
        if (runs.isEmpty()) {
            // Bare job ids: there was no preflight here, so the server's counts are all we know.
            read = submitted = succeeded + failed + unprocessed;
        }
        RunSummary.Totals totals = new RunSummary.Totals(read, duplicates, rejected, submitted, succeeded, failed, unprocessed);
        int exit = result.timedOut() ? 4 : RunSummary.exitCodeFor(totals);
        String runId = runs.isEmpty() ? null : String.join(",", runs.stream().map(SubmittedRun::runId).toList());
        RunSummary summary = new RunSummary(runId, profile, owners.isEmpty() ? null : String.join(", ", owners),
                actions.isEmpty() ? null : String.join(", ", actions), jobs,
                totals, errors.groups(), rejects, exit);
        for (SubmittedRun r : runs) {
            record(r, result.views(), exit);
        }
        if (result.timedOut()) {
            List<Long> pending = result.views().stream().filter(v -> !v.state().isTerminal()).map(JobView::batchId).toList();
            throw new WatchTimeoutException("gave up waiting after " + human(options.watchTimeout()) + "; jobs still pending: "
                    + pending + " (they stay recorded; watch them later with: watch " + joined(pending) + ")", summary);
        }
        return summary;
    }

    /** Watches bare job ids (for example from an earlier run) without preflight figures. */
    public RunSummary watchIds(List<Long> ids, WatchListener listener) throws IOException, InterruptedException {
        return watch(ids.stream().map(id -> new JobWatcher.Target(id, 0, 0)).toList(), List.of(), listener);
    }

    /**
     * Watches every job of a recorded run again, with the run's own preflight figures, so the
     * totals and exit code are those of the whole run, not just of what the server counted.
     */
    public RunSummary watchRun(RunRecord rec, WatchListener listener) throws IOException, InterruptedException {
        RunRecord.Preflight pf = rec.preflight();
        List<JobRecord> jobs = rec.jobs().stream().filter(j -> j.batchId() != null).toList();
        if (jobs.size() != rec.jobs().size()) {
            // Watching only what was sent would report the unsent chunks as if they never existed.
            int unsent = rec.jobs().stream().filter(j -> j.batchId() == null).mapToInt(JobRecord::items).sum();
            throw new UsageException("run " + rec.run() + " stopped before all its jobs were sent: "
                    + (rec.jobs().size() - jobs.size()) + " of " + rec.jobs().size() + " chunks (" + unsent
                    + " items) were never submitted; resuming a run is not supported yet, so import the input again"
                    + (jobs.isEmpty() ? "" : " (jobs sent: " + jobs.stream().map(JobRecord::batchId).toList() + ")"));
        }
        if (pf == null) {
            return watchIds(jobs.stream().map(JobRecord::batchId).toList(), listener);
        }
        List<Chunk> chunks = rec.jobs().stream().map(j -> new Chunk(j.chunk(), null, j.items(), 0, 0, 0, 0)).toList();
        Plan plan = new Plan(rec.run(), journal.runDir(rec.run()), pf.read(), pf.duplicates(), pf.rejected(),
                pf.rejectsFile() == null ? null : Path.of(pf.rejectsFile()), chunks, List.of());
        ImportSpec spec = new ImportSpec(rec.owner(), Action.valueOf(rec.action()), AttributeWriteType.Replace, false, List.of());
        return watch(List.of(new SubmittedRun(plan, spec, jobs)), listener);
    }

    /** Fetches and groups the errors of one job (the {@code errors ID} command). */
    public List<RunSummary.ErrorGroup> errors(long batchId) throws IOException {
        // A 404 from the error file means "no errors" only for a job that exists: ask for it first.
        api.status(batchId);
        ErrorFile f = api.errors(batchId);
        ErrorSummary s = new ErrorSummary();
        if (!f.available()) {
            return List.of();
        }
        if (f.rawText() != null) {
            s.add("unknown", "error file is not JSON: " + firstLine(f.rawText()), null);
        }
        for (BatchError e : f.errors()) {
            s.add(e);
        }
        return s.groups();
    }

    private void collectErrors(JobView v, ErrorSummary errors, WatchListener listener, Path runDir)
            throws IOException, InterruptedException {
        ErrorFile f = api.errors(v.batchId());
        Duration wait = Duration.ofSeconds(1);
        // The error file can lag the Completed status (API doc §5.21): ask again a few times
        // before saying it is not available. Never report "no errors" when errorCount > 0.
        for (int attempt = 0; !f.available() && attempt < 3 && !options.errorFileWait().isZero(); attempt++) {
            listener.note("error file of job " + v.batchId() + " not ready; asking again in " + human(wait));
            sleeper.sleep(wait);
            wait = wait.multipliedBy(2);
            f = api.errors(v.batchId());
        }
        if (!f.available()) {
            errors.addUnavailable(v.batchId(), n(v.errorCount()));
            return;
        }
        if (runDir != null) {
            Path dir = Files.createDirectories(runDir.resolve("errors"));
            json.writerWithDefaultPrettyPrinter().writeValue(dir.resolve(v.batchId() + ".json").toFile(), f);
        }
        if (f.rawText() != null) {
            errors.add("unknown", "error file is not JSON: " + firstLine(f.rawText()), null);
        }
        for (BatchError e : f.errors()) {
            errors.add(e);
        }
    }

    /** Keeps the journal's job states current while watching, so a crash mid-watch leaves them true. */
    private WatchListener recording(List<SubmittedRun> runs, WatchListener view) {
        if (runs.isEmpty()) {
            return view;
        }
        return new WatchListener() {
            @Override
            public void changed(JobView job, List<JobView> all) {
                for (SubmittedRun r : runs) {
                    if (r.batchIds().contains(job.batchId())) {
                        record(r, all, null);
                    }
                }
                view.changed(job, all);
            }

            @Override
            public void finished(List<JobView> all) {
                view.finished(all);
            }

            @Override
            public void note(String message) {
                view.note(message);
            }
        };
    }

    /** Writes the jobs' last views into the run's record; with an exit code, the run is done. */
    private void record(SubmittedRun r, List<JobView> views, Integer exit) {
        journal.load(r.runId()).ifPresent(rec -> {
            List<JobRecord> jobs = new ArrayList<>();
            for (JobRecord j : rec.jobs()) {
                JobRecord updated = j;
                for (JobView v : views) {
                    if (j.batchId() != null && v.batchId() == j.batchId()) {
                        updated = new JobRecord(j.batchId(), j.chunk(), j.items(), v.rawStatus(), v.successCount(),
                                v.errorCount(), v.unprocessCount());
                    }
                }
                jobs.add(updated);
            }
            RunRecord next = rec.withJobs(jobs, "watching");
            journal.save(exit == null || exit == 4 ? next : next.done(exit));
        });
    }

    private static Path runDirOf(List<SubmittedRun> runs, long batchId) {
        for (SubmittedRun r : runs) {
            if (r.batchIds().contains(batchId)) {
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

    static String human(Duration d) {
        long s = d.toSeconds();
        if (s < 60) {
            return s + " s";
        }
        return (s / 60) + " min" + (s % 60 == 0 ? "" : " " + (s % 60) + " s");
    }
}
