package io.tcbatch.dsl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.Script;

import io.tcbatch.batch.ImportOptions;
import io.tcbatch.batch.ImportService;
import io.tcbatch.batch.ImportSpec;
import io.tcbatch.batch.Plan;
import io.tcbatch.batch.RunSummary;
import io.tcbatch.batch.SubmittedRun;
import io.tcbatch.batch.UsageException;
import io.tcbatch.input.Input;
import io.tcbatch.journal.JobRecord;

/**
 * The base class of every tcbatch script: its public methods are the DSL's top-level verbs
 * ({@code batch}, {@code watch}, {@code resubmit}, {@code exit}, {@code log} and the input verbs
 * {@code file}, {@code text}, {@code csv}, {@code stix}). Scripts are trusted local code: they run
 * with the rights of the user who starts them, as any Groovy program does.
 */
public abstract class TcbatchScript extends Script {
    private DslContext context;
    private final List<SubmittedRun> submitted = new ArrayList<>();
    private final List<SubmittedRun> unwatched = new ArrayList<>();
    /** Runs of {@code dryRun true} batches: planned, never sent (compared by identity). */
    private final Set<SubmittedRun> dry = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    private String scriptName = "script";
    /** The name Groovy gives the script's class file in stack frames, to find the running line. */
    private String classFile;

    void context(DslContext ctx, String scriptName) {
        context(ctx, scriptName, null);
    }

    void context(DslContext ctx, String scriptName, String classFile) {
        this.context = ctx;
        this.scriptName = scriptName;
        this.classFile = classFile;
    }

    /** The script line running now (the innermost frame of the script or one of its closures), or 0. */
    int currentLine() {
        if (classFile == null) {
            return 0;
        }
        for (StackTraceElement e : Thread.currentThread().getStackTrace()) {
            if (classFile.equals(e.getFileName()) && e.getLineNumber() > 0) {
                return e.getLineNumber();
            }
        }
        return 0;
    }

    /**
     * Describes one job and commits it when the block ends: preflight of every upload, then one
     * job per chunk, the first ones sent at once (as many as may be in flight: {@code parallel n},
     * and never more than {@code jobs.inFlight}) and the rest while watching. Returns the submitted
     * run: {@code jobs}, {@code batchIds} (those not sent yet have none), {@code runId} and
     * {@code plan} (its {@code read}, {@code duplicates}, {@code rejected}).
     *
     * <p>With {@code dryRun true} nothing is sent: the plan is printed as {@code validate} prints it
     * and the run returned has its planned jobs and no batch ids; {@code watch} of it returns a
     * summary with {@code submitted} 0 (exit code 0, or 1 when items were rejected) and nothing is
     * recorded as pending.
     */
    public SubmittedRun batch(@DelegatesTo(value = BatchSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        BatchSpec spec = new BatchSpec(context.defaultOwner(), this);
        Closure<?> c = (Closure<?>) body.clone();
        c.setResolveStrategy(Closure.DELEGATE_FIRST);
        c.setDelegate(spec);
        EachToDelegate.apply(c); // each { } is BatchSpec.each, not Groovy's iteration over the block
        c.call();
        ImportSpec job = spec.toSpec(scriptName());
        refuseForV1(spec, job);
        try {
            SubmittedRun run;
            if (spec.dryRun()) {
                Plan plan = context.dryRun(job, spec.chunkSize(), spec.maxBytes());
                List<JobRecord> jobs = plan.chunks().stream().map(ch -> new JobRecord(null, ch.index(), ch.items(),
                        "Planned", null, null, null, null, null, ch.afterPrevious())).toList();
                run = new SubmittedRun(plan, job, jobs);
                dry.add(run);
            } else {
                // Before the preflight reads or sends anything, as import and commit ask: a Delete, or a
                // Replace the script wrote: attributeWriteType Replace is also the block's default, and a
                // question for a default would stop every script against a shared instance.
                if (job.action() == io.tcbatch.batch.Action.Delete || spec.given().contains("attributeWriteType")
                        || spec.given().contains("tagWriteType") || spec.given().contains("securityLabelWriteType")) {
                    context.confirm(job);
                }
                ImportOptions o = context.service().options();
                run = context.service().submit(job,
                        spec.chunkSize() != null ? spec.chunkSize() : o.chunkSize(),
                        spec.maxBytes() != null ? spec.maxBytes() : o.chunkMaxBytes(), spec.parallel());
                context.submitted(run);
            }
            submitted.add(run);
            unwatched.add(run);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** A V1 job with a V2-only option is refused naming the option's own line, not the block's. */
    private static void refuseForV1(BatchSpec spec, ImportSpec job) {
        if (!"V1".equals(job.version())) {
            return;
        }
        try {
            ImportService.checkedJobConfig(job);
        } catch (UsageException e) {
            int line = 0;
            for (String option : spec.given()) {
                if (e.getMessage().contains(option)) {
                    line = spec.lineOf(option);
                    break;
                }
            }
            throw line > 0 ? new AtLine(line, e) : e;
        }
    }

    /**
     * Waits for the jobs of every {@code batch} not yet watched (all of the script's when every one
     * was watched already) and returns the run summary of DESIGN.md: {@code summary.ok},
     * {@code summary.partial}, {@code summary.totals.read}, {@code summary.jobs},
     * {@code summary.errors}, {@code summary.failedItemsFile}, {@code summary.exitCode}.
     */
    public RunSummary watch() {
        return watch(Map.of());
    }

    /**
     * {@code watch(timeout: '30m', interval: '5s')}: the jobs of every {@code batch} not yet watched,
     * with a deadline (when it passes the script stops with exit code 4; the jobs stay recorded and
     * can be watched later with {@code bin/tcbatch watch}) and the longest pause between two status
     * checks of a job. Either may be left out (the configured {@code watch.timeout.minutes} and
     * {@code poll.cap.seconds} then apply).
     */
    public RunSummary watch(Map<String, ?> options) {
        watchOptions(options);
        List<SubmittedRun> runs = List.copyOf(unwatched.isEmpty() ? submitted : unwatched);
        if (runs.isEmpty()) {
            throw new UsageException("nothing to watch: no batch was sent before this watch");
        }
        return watch(options, runs.toArray(new SubmittedRun[0]));
    }

    /** {@code watch(run1, run2)}: the jobs of these runs (what {@code batch} returned), together in one summary. */
    public RunSummary watch(SubmittedRun... runs) {
        return watch(Map.of(), runs);
    }

    /** {@code watch(jobs, timeout: '30m', interval: '5s')}: these runs, with a deadline and polling as {@link #watch(Map)}. */
    public RunSummary watch(Map<String, ?> options, SubmittedRun... runs) {
        Duration[] o = watchOptions(options);
        Duration timeout = o[0];
        Duration interval = o[1];
        if (runs.length == 0) {
            throw new UsageException("watch got no run: give what batch returned, e.g. def jobs = batch { … }; watch(jobs)");
        }
        List<SubmittedRun> list = Arrays.asList(runs);
        if (list.contains(null)) {
            throw new UsageException("watch got null instead of a run (did the batch or resubmit before it send nothing?)");
        }
        unwatched.removeAll(list);
        List<SubmittedRun> sent = list.stream().filter(r -> !dry.contains(r)).toList();
        List<SubmittedRun> planned = list.stream().filter(dry::contains).toList();
        RunSummary s = sent.isEmpty() ? null : watchRuns(sent, timeout, interval);
        for (SubmittedRun p : planned) {
            s = withPlanned(s, p);
        }
        context.summary(s);
        return s;
    }

    /** The timeout and interval of watch's named arguments (null where not given); any other name is refused. */
    private static Duration[] watchOptions(Map<String, ?> options) {
        Duration timeout = null;
        Duration interval = null;
        for (Map.Entry<String, ?> e : options.entrySet()) {
            String key = String.valueOf(e.getKey());
            switch (key) {
                case "timeout" -> timeout = DurationWords.parse(e.getValue(), "watch timeout");
                case "interval" -> interval = DurationWords.parse(e.getValue(), "watch interval");
                default -> throw new UnknownWord(key, "watch has no option '" + key + "'" + Suggest.hint(key, Suggest.WATCH)
                        + "; it takes timeout and interval, e.g. watch(timeout: '30m', interval: '5s')");
            }
        }
        return new Duration[] {timeout, interval};
    }

    private RunSummary watchRuns(List<SubmittedRun> runs, Duration timeout, Duration interval) {
        try {
            return context.service().watch(runs, context.watchListener(), timeout, interval);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.tcbatch.batch.WatchInterruptedException();
        }
    }

    /**
     * {@code s} with the dry run {@code p} added (or, when {@code s} is null, the summary of {@code p}
     * alone): its items are read, duplicates, rejected, dropped or planned, never submitted.
     */
    private RunSummary withPlanned(RunSummary s, SubmittedRun p) {
        Plan plan = p.plan();
        List<RunSummary.Job> jobs = new ArrayList<>(s == null ? List.of() : s.jobs());
        for (JobRecord j : p.jobs()) {
            jobs.add(new RunSummary.Job(null, j.chunk(), "Planned", j.items(), null, null, null, false, null, null, null,
                    null, null));
        }
        RunSummary.Totals t = s == null ? new RunSummary.Totals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0) : s.totals();
        RunSummary.Totals totals = new RunSummary.Totals(t.read() + plan.read(), t.duplicates() + plan.duplicates(),
                t.rejected() + plan.rejected(), t.submitted(), t.succeeded(), t.failed(), t.unprocessed(), t.unconfirmed(),
                t.dropped() + plan.dropped(), t.planned() + plan.submitted());
        int exit = s != null && s.exitCode() != 0 ? s.exitCode() : plan.rejected() > 0 ? 1 : 0;
        String rejects = s != null && s.rejects() != null ? s.rejects()
                : plan.rejectsFile() == null ? null : plan.rejectsFile().toString();
        Set<String> owners = new LinkedHashSet<>();
        Set<String> actions = new LinkedHashSet<>();
        if (s != null) {
            owners.add(s.owner());
            actions.add(s.action());
        }
        owners.add(p.spec().owner());
        actions.add(p.spec().action().name());
        return new RunSummary(s == null ? p.runId() : s.run() + "," + p.runId(),
                s == null ? context.profileName() : s.profile(), String.join(", ", owners), String.join(", ", actions),
                jobs, totals, s == null ? List.of() : s.errors(), rejects, s == null ? null : s.failedItems(),
                s == null ? 0 : s.untracedErrors(), s == null ? null : s.error(), exit);
    }

    /**
     * Called by the host when the script ends: jobs submitted but never watched are watched now,
     * so the script's exit code says what happened to them rather than claiming success unseen.
     */
    boolean watchRemaining() {
        if (unwatched.isEmpty()) {
            return false;
        }
        watch();
        return true;
    }

    /** A line with tcbatch's progress lines (for the host's own notes). */
    void logLine(String line) {
        context.log(line);
    }

    /** Batch ids of every job this script has submitted so far. */
    List<Long> submittedIds() {
        return submitted.stream().flatMap(r -> r.batchIds().stream()).toList();
    }

    /** The runs this script sent (not its dry runs), for what is said when it stops early. */
    List<String> sentRuns() {
        return submitted.stream().filter(r -> !dry.contains(r)).map(SubmittedRun::runId).toList();
    }

    /** Runs submitted and not watched yet. */
    List<String> unwatchedRuns() {
        return unwatched.stream().filter(r -> !dry.contains(r)).map(SubmittedRun::runId).toList();
    }

    /**
     * {@code resubmit(summary)}: sends the failed items of a watched run again, with that run's job
     * options, as the shell's {@code resubmit RUN} does; returns the new run (watch it as any other).
     * When nothing failed (no failed-items file) it says so and returns null.
     */
    public SubmittedRun resubmit(RunSummary summary) {
        if (summary == null) {
            throw new UsageException("resubmit needs the summary a watch returned, e.g. def s = watch(); resubmit(s)");
        }
        ImportService svc = context.service();
        ImportSpec spec = svc.resubmitSpec(summary);
        if (spec == null) {
            context.log("resubmit: nothing to send again, no item of run " + summary.run() + " failed on the server"
                    + (summary.totals().rejected() > 0 ? " (its " + summary.totals().rejected()
                    + " rejected item(s) are in " + summary.rejects() + ": fix them and upload that file)" : ""));
            return null;
        }
        try {
            ImportOptions o = svc.options();
            SubmittedRun run = svc.submit(spec, o.chunkSize(), o.chunkMaxBytes());
            context.submitted(run);
            submitted.add(run);
            unwatched.add(run);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /**
     * {@code exit n}: stops the script here with process exit code {@code n} (0–255) instead of the
     * one the last summary gives. Runs sent and not watched yet are not watched; they stay recorded.
     */
    public void exit(Object code) {
        if (!(code instanceof Integer || code instanceof Long || code instanceof Short || code instanceof Byte)) {
            throw new UsageException("exit takes a whole number from 0 to 255, not '" + code + "'");
        }
        long n = ((Number) code).longValue();
        if (n < 0 || n > 255) {
            throw new UsageException("exit takes a whole number from 0 to 255, not " + n);
        }
        List<String> left = unwatchedRuns();
        if (!left.isEmpty()) {
            context.log("exit " + n + " with run(s) not watched: " + String.join(", ", left)
                    + " (their jobs stay recorded; watch them with: bin/tcbatch watch --run " + left.get(0) + ")");
        }
        throw new ScriptExit((int) n);
    }

    /** {@code exit()}: stops the script with exit code 0. */
    public void exit() {
        exit(0);
    }

    /**
     * {@code log 'text'}: one line through tcbatch's output, on standard error with the other
     * progress lines (so never inside the JSON document of {@code --output json}); silent with
     * {@code --quiet}. The script's own {@code println} is its output and is not silenced.
     */
    public void log(Object text) {
        context.log(String.valueOf(text));
    }

    /** How items written in this script are named in messages and the rejects file: the script as given. */
    String scriptName() {
        return scriptName;
    }

    @Override
    public void println(Object value) {
        context.console().println(value);
    }

    @Override
    public void println() {
        context.console().println();
    }

    @Override
    public void print(Object value) {
        context.console().print(value);
    }

    private InputVerbs inputs() {
        return new InputVerbs(context, scriptName);
    }

    /**
     * An input file, its format from its content and extension. A relative path is taken from the
     * working directory, or, when no such file is there, from the script's own folder — so shipped
     * examples run from anywhere.
     */
    public Input file(Object path) {
        return inputs().file(java.util.Map.of(), path);
    }

    /** {@code file('feed.dat', format: 'csv')}: the format given (auto, json, ioc, csv, stix, misp, jsonl). */
    public Input file(java.util.Map<String, ?> options, Object path) {
        return inputs().file(options, path);
    }

    /** Indicators given as text in the script, one a line as in an IOC list (or JSON). */
    public Input text(Object content) {
        return inputs().text(java.util.Map.of(), content);
    }

    /** {@code text('…', format: 'csv')}. */
    public Input text(java.util.Map<String, ?> options, Object content) {
        return inputs().text(options, content);
    }

    /** A CSV file, its columns mapped from the header row. */
    public Input csv(Object path) {
        return inputs().csv(path, null);
    }

    /** A CSV file with its column mapping: {@code csv('feed.csv') { value 'dst_ip'; type 'Address' }}. */
    public Input csv(Object path, @DelegatesTo(value = io.tcbatch.input.CsvMapping.class,
            strategy = Closure.DELEGATE_FIRST) Closure<?> mapping) {
        return inputs().csv(path, mapping);
    }

    /** A STIX 2.0 or 2.1 bundle: its indicator patterns as indicators, relationships as associations. */
    public Input stix(Object path) {
        return inputs().stix(path);
    }
}
