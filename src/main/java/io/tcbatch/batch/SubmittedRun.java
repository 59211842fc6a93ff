package io.tcbatch.batch;

import java.util.List;

import io.tcbatch.journal.JobRecord;

/**
 * A run whose jobs have been created and uploaded: what {@code batch { }} returns in the DSL.
 *
 * @param plan the preflight result
 * @param spec what was asked for
 * @param jobs the created jobs, in chunk order
 */
public record SubmittedRun(Plan plan, ImportSpec spec, List<JobRecord> jobs) {

    public String runId() {
        return plan.runId();
    }

    /** The batch ids of the jobs. */
    public List<Long> batchIds() {
        return jobs.stream().map(JobRecord::batchId).toList();
    }
}
