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

    WatchListener NONE = (job, all) -> { };
}
