package io.tcbatch.batch;

import java.util.List;

import io.tcbatch.journal.JobRecord;

/**
 * A submitted run: what {@code batch { }} returns in the DSL. Only the first chunks may have been
 * sent yet (as many as may be in flight); the others are "Planned", without a batch id, and are
 * sent while the run is watched.
 *
 * @param plan the preflight result
 * @param spec what was asked for
 * @param jobs the jobs as recorded when submission returned, in chunk order
 */
public record SubmittedRun(Plan plan, ImportSpec spec, List<JobRecord> jobs) {

    public String runId() {
        return plan.runId();
    }

    /** The batch ids of the jobs sent so far. */
    public List<Long> batchIds() {
        return jobs.stream().map(JobRecord::batchId).filter(java.util.Objects::nonNull).toList();
    }

    // For scripts: Groovy reads run.runId and run.batchIds through getters (record accessors of
    // components only are properties to it). Not part of any JSON document.

    /** {@code run.runId} in a script. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public String getRunId() {
        return runId();
    }

    /** {@code run.batchIds} in a script. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public List<Long> getBatchIds() {
        return batchIds();
    }

    /** As a script's {@code log "${run}"} shows it: {@code run 2026…-ab12 (2 jobs: job 6 (chunk 1, 2 items, Submitted), …)}. */
    @Override
    public String toString() {
        return "run " + runId() + " (" + jobs.size() + (jobs.size() == 1 ? " job: " : " jobs: ")
                + String.join(", ", jobs.stream().map(JobRecord::toString).toList()) + ")";
    }
}
