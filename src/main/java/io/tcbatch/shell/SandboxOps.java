package io.tcbatch.shell;

import java.util.List;

/**
 * What the {@code sandbox …} shell commands call: the sandbox's admin routes for the current
 * profile. The cli package provides it (next to {@link Engine}); the same calls serve the single
 * commands {@code bin/tcbatch sandbox status} and {@code bin/tcbatch sandbox fault …}.
 */
public interface SandboxOps {

    /** Shows faults, triggered counters, jobs by state and owners; returns the exit code. */
    int sandboxStatus();

    /**
     * Adds the fault whose text form is {@code words} joined by spaces (e.g. {@code rate-limit
     * count=3}), or clears every fault when {@code words} is {@code [clear]}; returns the exit code.
     */
    int sandboxFault(List<String> words);

    /**
     * Lists the indicators the sandbox holds, newest first: of {@code owner} (null: every owner),
     * of {@code type} (null: every type), at most {@code limit}; returns the exit code.
     */
    int sandboxIndicators(String owner, String type, int limit);

    /** Empties the sandbox's store after a confirmation ({@code yes} skips it); returns the exit code. */
    int sandboxReset(boolean yes);
}
