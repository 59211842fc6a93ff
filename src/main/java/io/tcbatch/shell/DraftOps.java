package io.tcbatch.shell;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The staged job ({@code batch new|set|upload|show|commit|discard}) and {@code convert}: what their
 * commands call. The cli package provides it; each command is one call, which also records the
 * exit code.
 */
public interface DraftOps {

    /** The keys of {@code batch set}, as the options of {@code import} spell them. */
    List<String> KEYS = List.of("owner", "action", "version", "attribute-write-type", "tag-write-type",
            "security-label-write-type", "file-merge-mode", "hash-collision-mode", "halt-on-error");

    /**
     * Starts a staged job with these settings (keys of {@link #KEYS}; absent ones take the
     * defaults of {@code import}); refused while one exists unless {@code replace}.
     */
    void draftNew(Map<String, String> settings, boolean replace);

    /** Sets one key of the staged job; the value is checked now. */
    void draftSet(String key, String value);

    /** Sets several keys at once, each checked; none is saved when one is wrong. */
    void draftSet(Map<String, String> settings);

    /** Takes staged files out of the staged job (as staged, absolute, or a path naming one). */
    void draftRemove(List<String> files);

    /** The staged files' paths, for completion; empty without a staged job. Never throws. */
    List<String> stagedFiles();

    /** Adds files to the staged job; each must exist and be readable now (the content is checked by show). */
    void draftUpload(List<Path> files);

    /** Prints the job config that will be sent, the files and the job plan; sends nothing. */
    void draftShow();

    /** Confirms when destructive, submits and watches like {@code import}; returns the exit code. */
    int draftCommit(boolean yes);

    /** Removes the staged job. */
    void draftDiscard();

    /** Converts input files to one Batch JSON document ({@code out} null: standard output); returns the exit code. */
    int convert(List<Path> files, Path out, String version);

    /** {@link #convert} of inputs in a format given or with a CSV mapping ({@code convert --format/--map}). */
    int convertInputs(List<io.tcbatch.input.Input> inputs, Path out, String version);
}
