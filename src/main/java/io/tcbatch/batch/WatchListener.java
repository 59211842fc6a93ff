package io.tcbatch.batch;

import java.util.List;

/** Told about job progress while a run is watched; the render package draws it. */
public interface WatchListener {

    /** A job's status or counts changed; {@code all} is every watched job, in order. */
    void changed(JobView job, List<JobView> all);

    /** Every job is Completed (or the watch gave up). */
    default void finished(List<JobView> all) {
    }

    /** A note for the user, e.g. a retry of an error file. */
    default void note(String message) {
    }

    /**
     * The watch was stopped (Ctrl-C) before the jobs were done: end the view cleanly (the jobs
     * keep running on the server; the caller says how to watch them again).
     */
    default void stopped(List<JobView> all) {
    }

    /**
     * The client is waiting before it tries a request again (a 429 with Retry-After, a long
     * backoff): a passing state rather than news, e.g. "rate limited by the server: next try in 5 s".
     */
    default void waiting(String message) {
        note(message);
    }

    WatchListener NONE = (job, all) -> { };
}
