package io.tcbatch.batch;

/** The watch deadline passed with jobs still pending; exit code 4. The summary so far is kept. */
public class WatchTimeoutException extends RuntimeException {
    private final transient RunSummary partial;

    public WatchTimeoutException(String message, RunSummary partial) {
        super(message);
        this.partial = partial;
    }

    public RunSummary partial() {
        return partial;
    }
}
