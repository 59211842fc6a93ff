package io.tcbatch.api;

import java.util.Map;

/**
 * One reading of a job's status (E4, or the E2 upload answer). Counters the server did not send
 * are null, never invented as 0.
 *
 * @param id             batch id
 * @param state          parsed state; UNKNOWN when the server said something undocumented
 * @param rawStatus      the status text as sent
 * @param errorCount     items that failed
 * @param successCount   items saved
 * @param unprocessCount items never processed (halt on error)
 * @param additional     per-kind counters sent with includeAdditional=true
 *                       (successIndicatorCount, errorGroupCount, …)
 */
public record BatchStatus(long id, JobState state, String rawStatus, Integer errorCount, Integer successCount,
                          Integer unprocessCount, Map<String, Integer> additional) {
}
