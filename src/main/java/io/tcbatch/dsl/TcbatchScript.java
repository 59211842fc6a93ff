package io.tcbatch.dsl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;
import groovy.lang.Script;

import io.tcbatch.batch.ImportOptions;
import io.tcbatch.batch.RunSummary;
import io.tcbatch.batch.SubmittedRun;
import io.tcbatch.input.Input;

/**
 * The base class of every tcbatch script: its public methods are the DSL's top-level verbs.
 */
public abstract class TcbatchScript extends Script {
    private DslContext context;
    private final List<SubmittedRun> submitted = new ArrayList<>();
    private final List<SubmittedRun> unwatched = new ArrayList<>();

    private String scriptName = "script";

    void context(DslContext ctx, String scriptName) {
        this.context = ctx;
        this.scriptName = scriptName;
    }

    /**
     * Describes one job and commits it when the block ends: preflight of every upload, then one
     * job per chunk, the first ones sent at once (as many as may be in flight) and the rest while
     * watching. Returns the submitted run (its jobs; those not sent yet have no batch id).
     */
    public SubmittedRun batch(@DelegatesTo(value = BatchSpec.class, strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        BatchSpec spec = new BatchSpec(context.defaultOwner());
        Closure<?> c = (Closure<?>) body.clone();
        c.setResolveStrategy(Closure.DELEGATE_FIRST);
        c.setDelegate(spec);
        EachToDelegate.apply(c); // each { } is BatchSpec.each, not Groovy's iteration over the block
        c.call();
        try {
            ImportOptions o = context.service().options();
            SubmittedRun run = context.service().submit(spec.toSpec(scriptName()),
                    spec.chunkSize() != null ? spec.chunkSize() : o.chunkSize(),
                    spec.maxBytes() != null ? spec.maxBytes() : o.chunkMaxBytes());
            submitted.add(run);
            unwatched.add(run);
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
    }

    /** Waits for the jobs of every {@code batch} not yet watched; returns the run summary. */
    public RunSummary watch() {
        List<SubmittedRun> runs = List.copyOf(unwatched.isEmpty() ? submitted : unwatched);
        unwatched.clear();
        return watchRuns(runs);
    }

    /**
     * Called by the host when the script ends: jobs submitted but never watched are watched now,
     * so the script's exit code says what happened to them rather than claiming success unseen.
     */
    /** Batch ids of every job this script has submitted so far. */
    List<Long> submittedIds() {
        return submitted.stream().flatMap(r -> r.batchIds().stream()).toList();
    }

    boolean watchRemaining() {
        if (unwatched.isEmpty()) {
            return false;
        }
        watch();
        return true;
    }

    /** Waits for the jobs of one submitted run. */
    public RunSummary watch(SubmittedRun run) {
        unwatched.remove(run);
        return watchRuns(List.of(run));
    }

    private RunSummary watchRuns(List<SubmittedRun> runs) {
        try {
            RunSummary s = context.service().watch(runs, context.watchListener());
            context.summary(s);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new io.tcbatch.batch.WatchInterruptedException();
        }
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

    /** {@code file('feed.dat', format: 'csv')}: the format given (auto, json, ioc, csv, stix). */
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
