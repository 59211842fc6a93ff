package io.tcbatch.api;

import java.util.Map;

/**
 * One reading of a job's status (E4, or the E2/E3 upload answer). Counters the server did not send
 * are null, never invented as 0.
 *
 * @param id             batch id; null when the server answered inline without one (synchronous mode, §2.3)
 * @param state          parsed state; UNKNOWN when the server said something undocumented
 * @param rawStatus      the status text as sent
 * @param errorCount     items that failed
 * @param successCount   items saved
 * @param unprocessCount items never processed (halt on error); also read from {@code unprocessedCount}
 * @param additional     per-kind counters sent with includeAdditional=true
 *                       (successIndicatorCount, errorGroupCount, …)
 * @param rawBody        the response body (shortened) when the state is UNKNOWN, so it can be reported; else null
 */
public record BatchStatus(Long id, JobState state, String rawStatus, Integer errorCount, Integer successCount,
                          Integer unprocessCount, Map<String, Integer> additional, String rawBody) {

    public BatchStatus(long id, JobState state, String rawStatus, Integer errorCount, Integer successCount,
                       Integer unprocessCount, Map<String, Integer> additional) {
        this(Long.valueOf(id), state, rawStatus, errorCount, successCount, unprocessCount, additional, null);
    }

    /** A final answer given inline: no job id to poll, the job is already Completed. */
    public boolean synchronous() {
        return id == null && state == JobState.COMPLETED;
    }

    /** True when any error counter (total or per kind) is above 0: the errors must be fetched. */
    public boolean hasErrors() {
        if (errorCount != null && errorCount > 0) {
            return true;
        }
        return additional != null && additional.entrySet().stream()
                .anyMatch(e -> e.getKey().startsWith("error") && e.getValue() != null && e.getValue() > 0);
    }
}
