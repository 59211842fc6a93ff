package io.tcbatch.dsl;

import java.nio.file.Path;

import io.tcbatch.batch.ImportService;
import io.tcbatch.batch.RunSummary;
import io.tcbatch.batch.WatchListener;

/** What a running script needs from the program that runs it. */
public interface DslContext {

    /** The import service the verbs call. */
    ImportService service();

    /** Draws the progress of {@code watch()}. */
    WatchListener watchListener();

    /** Told each summary {@code watch()} produces (to print it, and for the exit code). */
    void summary(RunSummary summary);

    /** The owner when a {@code batch} block names none (from the profile), or null. */
    String defaultOwner();

    /**
     * Where the script's own {@code println} goes: standard output, or standard error when
     * standard output is reserved for the JSON summary.
     */
    java.io.PrintStream console();

    /** Where relative paths are looked up when they are not found in the working directory. */
    Path scriptDir();

    /**
     * The preflight and job plan of a {@code dryRun true} batch, printed as {@code validate} prints
     * it; nothing is sent and nothing is recorded as pending.
     *
     * @param chunkSize items per job, or null for the configured {@code chunk.size}
     * @param maxBytes  bytes per chunk file, or null for the configured {@code chunk.maxBytes}
     */
    default io.tcbatch.batch.Plan dryRun(io.tcbatch.batch.ImportSpec spec, Integer chunkSize, Long maxBytes) {
        throw new UnsupportedOperationException("dry runs are not supported here");
    }

    /**
     * Asked before a batch is sent (never for a dry run): refuses, by throwing, a destructive job
     * (a Delete; a Replace on a shared instance) that is not confirmed.
     */
    default void confirm(io.tcbatch.batch.ImportSpec spec) {
    }

    /** Told each run a script sends, as soon as it exists (so Ctrl-C can name it). */
    default void submitted(io.tcbatch.batch.SubmittedRun run) {
    }

    /** A {@code log} line of the script: with tcbatch's progress lines (standard error), silent with --quiet. */
    default void log(String line) {
        console().println(line);
    }

    /** The profile the script runs against (for the summary of a dry run, which reaches no server). */
    default String profileName() {
        return null;
    }
}
