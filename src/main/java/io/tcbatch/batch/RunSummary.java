package io.tcbatch.batch;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The run summary of DESIGN.md: printed as JSON with {@code --output json}, returned by the
 * DSL's {@code watch()}, and the source of the exit code.
 *
 * @param run            run id
 * @param profile        profile name
 * @param owner          owner name
 * @param action         Create or Delete
 * @param jobs           per-job outcome
 * @param totals         counts over the run
 * @param errors         server errors grouped by code and reason
 * @param rejects        path of the rejects file, or null
 * @param failedItems    path of the Batch JSON file holding the items the server failed (fix and import
 *                       it again), or null when no error could be traced to an item
 * @param untracedErrors server errors that could not be traced to an item of the input
 * @param error          the one-line message when the run stopped on a remote failure; absent from the JSON
 *                       otherwise, so a script can test for the key
 * @param exitCode       0 all accepted, 1 partial, 3 a remote failure or a job that could not be followed,
 *                       4 timed out (see DESIGN.md)
 */
@JsonPropertyOrder({"run", "profile", "owner", "action", "jobs", "totals", "errors", "rejects", "failedItems",
        "untracedErrors", "error", "exitCode"})
public record RunSummary(String run, String profile, String owner, String action, List<Job> jobs, Totals totals,
                         List<ErrorGroup> errors, String rejects, String failedItems, long untracedErrors,
                         @JsonInclude(JsonInclude.Include.NON_NULL) String error, int exitCode) {

    public RunSummary(String run, String profile, String owner, String action, List<Job> jobs, Totals totals,
                      List<ErrorGroup> errors, String rejects, String failedItems, long untracedErrors, int exitCode) {
        this(run, profile, owner, action, jobs, totals, errors, rejects, failedItems, untracedErrors, null, exitCode);
    }

    public RunSummary(String run, String profile, String owner, String action, List<Job> jobs, Totals totals,
                      List<ErrorGroup> errors, String rejects, int exitCode) {
        this(run, profile, owner, action, jobs, totals, errors, rejects, null, 0, exitCode);
    }

    /**
     * One job's last status. Counters the server did not send are null.
     *
     * @param batchId      server id, null for a job answered inline (or never sent)
     * @param status       last status text; for a job given up on, what was last seen
     * @param halted       the job stopped early: unprocessCount above 0 (haltOnError)
     * @param fatal        why the whole job failed (internal error, indicator limit, halted, …), or null
     * @param indicators   per-kind counts, null when the server sent none
     * @param groups       per-kind counts, null when the server sent none
     * @param associations per-kind counts, null when the server sent none
     * @param other        the total minus the kinds, only when every part was sent
     */
    @JsonPropertyOrder({"batchId", "chunk", "status", "items", "successCount", "errorCount", "unprocessCount", "halted",
            "fatal", "indicators", "groups", "associations", "other"})
    public record Job(Long batchId, int chunk, String status, int items, Integer successCount, Integer errorCount,
                      Integer unprocessCount, boolean halted, String fatal, Kind indicators, Kind groups,
                      Kind associations, Kind other) {

        public Job(long batchId, String status, int items, Integer successCount, Integer errorCount,
                   Integer unprocessCount) {
            this(batchId, 0, status, items, successCount, errorCount, unprocessCount,
                    unprocessCount != null && unprocessCount > 0, null, null, null, null, null);
        }

        /** Completed with nothing failed and nothing left unprocessed. */
        public boolean succeeded() {
            return "Completed".equals(status) && errorCount != null && errorCount == 0
                    && (unprocessCount == null || unprocessCount == 0);
        }
    }

    /** Counts of one kind of item: either may be null when the server did not send it. */
    @JsonPropertyOrder({"succeeded", "failed"})
    public record Kind(Integer succeeded, Integer failed) {

        static Kind of(Map<String, Integer> additional, String name) {
            if (additional == null) {
                return null;
            }
            Integer s = additional.get("success" + name + "Count");
            Integer f = additional.get("error" + name + "Count");
            return s == null && f == null ? null : new Kind(s, f);
        }

        /** The total minus the kinds, side by side; null unless the total and every kind were sent. */
        static Kind other(Integer success, Integer errors, Kind... kinds) {
            Integer s = rest(success, kinds, true);
            Integer f = rest(errors, kinds, false);
            return s == null && f == null ? null : new Kind(s, f);
        }

        private static Integer rest(Integer total, Kind[] kinds, boolean success) {
            if (total == null) {
                return null;
            }
            long left = total;
            for (Kind k : kinds) {
                Integer v = k == null ? null : success ? k.succeeded() : k.failed();
                if (v == null) {
                    return null;
                }
                left -= v;
            }
            // Whether groups and associations count in the totals is undocumented (API doc §5.23):
            // when they do not, the difference goes negative, which is no count of anything.
            return left < 0 ? null : (int) left;
        }
    }

    /**
     * Counts over the run.
     *
     * @param unconfirmed items sent or planned whose outcome the server did not report: jobs given up on,
     *                    creates never confirmed, chunks never sent, jobs still pending when the watch
     *                    stopped, and the items a job's counters (missing or partial) do not cover
     * @param dropped     items a script's {@code each { }} hook dropped on purpose: read, not sent, no error
     * @param planned     items a dry run ({@code dryRun true}) would have sent: checked and in a planned job,
     *                    never sent; 0 (and absent from the JSON) for every run that sends
     */
    @JsonPropertyOrder({"read", "duplicates", "rejected", "dropped", "planned", "submitted", "succeeded", "failed",
            "unprocessed", "unconfirmed"})
    public record Totals(long read, long duplicates, long rejected, long submitted, long succeeded, long failed,
                         long unprocessed, long unconfirmed,
                         @JsonInclude(JsonInclude.Include.NON_DEFAULT) long dropped,
                         @JsonInclude(JsonInclude.Include.NON_DEFAULT) long planned) {

        /** Every item of a run that was sent (nothing is only planned). */
        public Totals(long read, long duplicates, long rejected, long submitted, long succeeded, long failed,
                      long unprocessed, long unconfirmed, long dropped) {
            this(read, duplicates, rejected, submitted, succeeded, failed, unprocessed, unconfirmed, dropped, 0);
        }

        public Totals(long read, long duplicates, long rejected, long submitted, long succeeded, long failed,
                      long unprocessed, long unconfirmed) {
            this(read, duplicates, rejected, submitted, succeeded, failed, unprocessed, unconfirmed, 0);
        }

        /** With every outcome reported by the server. */
        public Totals(long read, long duplicates, long rejected, long submitted, long succeeded, long failed,
                      long unprocessed) {
            this(read, duplicates, rejected, submitted, succeeded, failed, unprocessed, 0);
        }

        /** Every item read is accounted for exactly once. */
        public boolean balanced() {
            return succeeded + failed + unprocessed + unconfirmed + rejected + duplicates + dropped + planned == read;
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
        /** The code of items whose create was sent and never confirmed: no server error, an unknown outcome. */
        public static final String UNCONFIRMED = "unconfirmed";

        /** Items whose create was never confirmed, rather than errors the server reported. */
        public boolean unconfirmed() {
            return UNCONFIRMED.equals(code);
        }
    }

    /** True when every item read was accepted by the server. */
    public boolean ok() {
        return exitCode == 0;
    }

    /** True when some items were rejected, failed or left unprocessed. */
    public boolean partial() {
        return exitCode == 1;
    }

    // The getters below are for scripts: Groovy reads summary.ok, summary.partial and
    // summary.failedItemsFile through them. They are not part of the JSON document (DESIGN.md),
    // so Jackson is told to leave them out.

    /** {@code summary.ok} in a script: {@link #ok()}. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isOk() {
        return ok();
    }

    /** {@code summary.partial} in a script: {@link #partial()}. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isPartial() {
        return partial();
    }

    /** {@code summary.failedItemsFile} in a script: the failed items to fix and send again, or null. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public String getFailedItemsFile() {
        return failedItems;
    }

    /** The same summary with another exit code (a script's {@code exit n}). */
    public RunSummary withExitCode(int code) {
        return new RunSummary(run, profile, owner, action, jobs, totals, errors, rejects, failedItems, untracedErrors,
                error, code);
    }

    /**
     * Exit code for these totals: 0 when every item read was accepted, else 1 (DESIGN.md); an item
     * whose outcome is not known is not counted as accepted.
     */
    static int exitCodeFor(Totals t) {
        boolean all = t.rejected() == 0 && t.failed() == 0 && t.unprocessed() == 0 && t.unconfirmed() == 0
                && t.succeeded() == t.submitted();
        return all ? 0 : 1;
    }

    /** This summary for a run that stopped on a remote failure: the message, and exit code 3. */
    RunSummary failedWith(String message) {
        return new RunSummary(run, profile, owner, action, jobs, totals, errors, rejects, failedItems, untracedErrors,
                message, 3);
    }
}
