package io.tcbatch.journal;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * One run as recorded on disk.
 *
 * @param run       run id (also the folder name)
 * @param createdAt ISO-8601 instant
 * @param profile   profile name
 * @param apiBase   the API base URL the jobs were sent to (for local runs it changes per start)
 * @param owner     owner name
 * @param action    Create or Delete
 * @param files     input files as given
 * @param jobs      the jobs, in chunk order
 * @param state     "preflight", "submitting", "watching", "done", "failed"
 * @param exitCode  the run's exit code once done, else null
 * @param preflight what preflight counted (read, duplicates, rejected, rejects file), once known
 * @param options   the job options asked for, so unsent chunks can be sent later as first asked; null in
 *                  records written before they were kept
 * @param inputs    every input as preflight read it (name, path, size, hash); empty in older records
 * @param settings  how the run was started and chunked ({@code origin}: "import", "script NAME", "resubmit RUN"…;
 *                  {@code chunkSize}, {@code maxBytes}, {@code parallel}…), as text; empty in older records
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RunRecord(String run, String createdAt, String profile, String apiBase, String owner, String action,
                        List<String> files, List<JobRecord> jobs, String state, Integer exitCode,
                        Preflight preflight, JobOptions options, List<InputRecord> inputs, Map<String, String> settings) {

    public RunRecord {
        inputs = inputs == null ? List.of() : List.copyOf(inputs);
        settings = settings == null ? Map.of() : Map.copyOf(settings);
    }

    public RunRecord(String run, String createdAt, String profile, String apiBase, String owner, String action,
                     List<String> files, List<JobRecord> jobs, String state, Integer exitCode, Preflight preflight) {
        this(run, createdAt, profile, apiBase, owner, action, files, jobs, state, exitCode, preflight, null);
    }

    public RunRecord(String run, String createdAt, String profile, String apiBase, String owner, String action,
                     List<String> files, List<JobRecord> jobs, String state, Integer exitCode, Preflight preflight,
                     JobOptions options) {
        this(run, createdAt, profile, apiBase, owner, action, files, jobs, state, exitCode, preflight, options, null, null);
    }

    /**
     * The E1 options of the run's jobs besides owner and action. The four V2-only fields are null
     * when not asked for (and in records written before they were kept).
     */
    public record JobOptions(String version, boolean haltOnError, String attributeWriteType, String tagWriteType,
                             String securityLabelWriteType, String fileMergeMode, String hashCollisionMode) {
        public JobOptions(String version, boolean haltOnError, String attributeWriteType) {
            this(version, haltOnError, attributeWriteType, null, null, null, null);
        }
    }

    /** Preflight figures, kept so that watching the run again later reports the same honest totals. */
    /** @param dropped items the script's each hook dropped (0 in records written before it existed) */
    public record Preflight(long read, long duplicates, long rejected, String rejectsFile, long dropped) {
        public Preflight(long read, long duplicates, long rejected, String rejectsFile) {
            this(read, duplicates, rejected, rejectsFile, 0);
        }
    }

    public RunRecord withJobs(List<JobRecord> newJobs, String newState) {
        return new RunRecord(run, createdAt, profile, apiBase, owner, action, files, List.copyOf(newJobs), newState, exitCode,
                preflight, options, inputs, settings);
    }

    public RunRecord done(int code) {
        return new RunRecord(run, createdAt, profile, apiBase, owner, action, files, jobs, "done", code, preflight, options,
                inputs, settings);
    }

    /** Stopped on a failure: not shown as in progress, and the exit code it ended with is kept. */
    public RunRecord failed(int code) {
        return new RunRecord(run, createdAt, profile, apiBase, owner, action, files, jobs, "failed", code, preflight, options,
                inputs, settings);
    }

    public RunRecord withState(String newState) {
        return new RunRecord(run, createdAt, profile, apiBase, owner, action, files, jobs, newState, exitCode, preflight, options,
                inputs, settings);
    }

    public RunRecord withOptions(JobOptions o) {
        return new RunRecord(run, createdAt, profile, apiBase, owner, action, files, jobs, state, exitCode, preflight, o,
                inputs, settings);
    }

    public RunRecord withInputs(List<InputRecord> in) {
        return new RunRecord(run, createdAt, profile, apiBase, owner, action, files, jobs, state, exitCode, preflight, options,
                in, settings);
    }

    public RunRecord withSettings(Map<String, String> s) {
        return new RunRecord(run, createdAt, profile, apiBase, owner, action, files, jobs, state, exitCode, preflight, options,
                inputs, s);
    }

    public RunRecord withPreflight(Preflight p) {
        return new RunRecord(run, createdAt, profile, apiBase, owner, action, files, jobs, state, exitCode, p, options,
                inputs, settings);
    }
}
