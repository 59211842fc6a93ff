package io.tcbatch.batch;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The run summary of DESIGN.md: printed as JSON with {@code --output json}, returned by the
 * DSL's {@code watch()}, and the source of the exit code.
 *
 * @param run      run id
 * @param profile  profile name
 * @param owner    owner name
 * @param action   Create or Delete
 * @param jobs     per-job outcome
 * @param totals   counts over the run
 * @param errors   server errors grouped by code and reason
 * @param rejects  path of the rejects file, or null
 * @param exitCode 0 all accepted, 1 partial, 4 timed out (see DESIGN.md)
 */
@JsonPropertyOrder({"run", "profile", "owner", "action", "jobs", "totals", "errors", "rejects", "exitCode"})
public record RunSummary(String run, String profile, String owner, String action, List<Job> jobs, Totals totals,
                         List<ErrorGroup> errors, String rejects, int exitCode) {

    /** One job's last status. Counters the server did not send are null. */
    @JsonPropertyOrder({"batchId", "status", "items", "successCount", "errorCount", "unprocessCount"})
    public record Job(long batchId, String status, int items, Integer successCount, Integer errorCount,
                      Integer unprocessCount) {
    }

    @JsonPropertyOrder({"read", "duplicates", "rejected", "submitted", "succeeded", "failed", "unprocessed"})
    public record Totals(long read, long duplicates, long rejected, long submitted, long succeeded, long failed,
                         long unprocessed) {

        /** Every item read is accounted for exactly once. */
        public boolean balanced() {
            return succeeded + failed + unprocessed + rejected + duplicates == read;
        }
    }

    /**
     * Errors with the same code and reason (the item itself replaced by {@code {item}}).
     *
     * @param code     {@code 0x1005}, or "unknown"
     * @param reason   the reason text
     * @param count    how many errors
     * @param examples up to three error sources
     */
    @JsonPropertyOrder({"code", "reason", "count", "examples"})
    public record ErrorGroup(String code, String reason, long count, List<String> examples) {
    }

    /** True when every item read was accepted by the server. */
    public boolean ok() {
        return exitCode == 0;
    }

    /** True when some items were rejected, failed or left unprocessed. */
    public boolean partial() {
        return exitCode == 1;
    }

    /** Exit code for these totals: 0 when every item read was accepted, else 1 (DESIGN.md). */
    static int exitCodeFor(Totals t) {
        boolean all = t.rejected() == 0 && t.failed() == 0 && t.unprocessed() == 0 && t.succeeded() == t.submitted();
        return all ? 0 : 1;
    }
}
