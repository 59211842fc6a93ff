package io.tcbatch.shell;

import java.nio.file.Path;
import java.util.List;

import io.tcbatch.batch.ImportService;
import io.tcbatch.batch.ImportSpec;
import io.tcbatch.journal.Journal;
import io.tcbatch.render.Output;

/**
 * What shell commands call: the same operations the single-command and script paths use. The
 * cli package provides it; commands stay one call each.
 */
public interface Engine {

    ImportService service();

    Journal journal();

    Output output();

    /** Runs a DSL script and prints its summary; returns the exit code. */
    int runScript(Path script, List<String> args);

    /** Imports files as a one-block script would, watches, prints the summary; returns the exit code. */
    int importFiles(ImportSpec spec);

    /**
     * {@link #importFiles(ImportSpec)} with the chunk limits given ({@code import --chunk-size/--max-bytes});
     * null ones take the configured limits, as for {@link #validate}.
     */
    default int importFiles(ImportSpec spec, Integer chunkSize, Long maxBytes) {
        if (chunkSize != null || maxBytes != null) {
            throw new UnsupportedOperationException("chunk limits are not supported by this engine");
        }
        return importFiles(spec);
    }

    /** Watches job ids and prints the summary; returns the exit code. */
    int watch(List<Long> ids);

    /** Watches every job of a recorded run, with the run's own totals; returns the exit code. */
    int watchRun(io.tcbatch.journal.RunRecord run);

    /**
     * Runs the preflight of {@code spec} and prints the plan; sends nothing, starts no server and
     * needs no credentials. Null limits take the configured ones. Returns 0 when every item is
     * fine, 1 when some were rejected locally; a syntax or usage error is thrown (exit 2).
     */
    int validate(ImportSpec spec, Integer chunkSize, Long maxBytes);

    /** Records the exit code of the current command (single-command mode exits with it). */
    void exitCode(int code);

    String defaultOwner();

    /** The tcbatch version, as {@code --version} prints it. */
    String version();

    /** Questions to the person at the keyboard: secrets, confirmations of destructive steps. */
    Prompter prompter();

    /**
     * The line to confirm before {@code spec} is sent (a Delete; a Replace on a shared instance),
     * or null when it destroys nothing. Callers pass it to {@code prompter().confirm(line, yes)}.
     */
    String destructive(ImportSpec spec);

    // The everyday commands (jobs, watch, errors, resubmit, history, stacktrace).

    /**
     * Picks up a recorded run where it stopped (crash, Ctrl-C, kill): settles what its journal
     * cannot know on the server, sends what was not sent, watches the rest, prints the summary of
     * the whole run; with the profile the run was sent with. Returns the exit code.
     */
    default int resume(io.tcbatch.journal.RunRecord run) {
        return watchRun(run);
    }

    /** Watches several recorded runs together, with their unsent chunks sent; returns the exit code. */
    int watchRuns(List<io.tcbatch.journal.RunRecord> runs);

    /**
     * Sends {@code failedItems} (the failed items of {@code run}, fixed by the user) again as a new run
     * with the run's options, after a confirmation when that is destructive; watches it like import.
     */
    int resubmit(io.tcbatch.journal.RunRecord run, Path failedItems, boolean yes);

    /** The failure of the last command that failed in this process, for {@code stacktrace}; null if none. */
    Throwable lastFailure();

    /** The shell's history file (under TCBATCH_HOME). */
    Path historyFile();
    /** The name of the profile in use (without starting anything). */
    String profileName();
}
