package io.tcbatch.batch;

import io.tcbatch.api.ApiException;

/**
 * A remote failure stopped a run after it existed (after preflight): the original failure, with
 * its HTTP status and message, plus the summary of what was known when it stopped, so the jobs
 * that did complete are not lost from the report. Still a remote failure (exit code 3).
 */
public class RunFailedException extends ApiException {
    private final transient RunSummary partial;

    public RunFailedException(String message, ApiException cause, RunSummary partial) {
        super(cause.httpStatus(), cause.serverMessage(), message, cause);
        this.partial = partial;
    }

    /** The summary so far, with {@code error} set and exit code 3. */
    public RunSummary partial() {
        return partial;
    }

    /** The failure that stopped the run (for example an {@link io.tcbatch.api.AmbiguousSubmitException}). */
    public ApiException original() {
        return (ApiException) getCause();
    }
}
