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
}
