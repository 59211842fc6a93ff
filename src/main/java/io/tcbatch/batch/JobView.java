package io.tcbatch.batch;

import java.time.Duration;
import java.util.Map;

import io.tcbatch.api.JobState;

/**
 * What a watcher shows of one job at one moment.
 *
 * @param batchId        server id; null while the chunk is not sent yet ("Planned") or when the server
 *                       answered inline without an id
 * @param chunk          1-based chunk index (0 when watching a job not from this run)
 * @param items          items sent in the job (0 when unknown)
 * @param state          last state
 * @param rawStatus      last status text as the server sent it ("Planned" before sending)
 * @param successCount   or null
 * @param errorCount     or null
 * @param unprocessCount or null
 * @param elapsed        time since the watch began
 * @param additional     per-kind counters the server sent, or null
 */
public record JobView(Long batchId, int chunk, int items, JobState state, String rawStatus, Integer successCount,
                      Integer errorCount, Integer unprocessCount, Duration elapsed, Map<String, Integer> additional) {

    public JobView(Long batchId, int chunk, int items, JobState state, String rawStatus, Integer successCount,
                   Integer errorCount, Integer unprocessCount, Duration elapsed) {
        this(batchId, chunk, items, state, rawStatus, successCount, errorCount, unprocessCount, elapsed, null);
    }

    /** Items the server has finished with (saved, failed or skipped). */
    public long processed() {
        return n(successCount) + n(errorCount) + n(unprocessCount);
    }

    /** How to name the job to a person: its id, "inline" for an answer without one, "-" before it is sent. */
    public String label() {
        if (batchId != null) {
            return String.valueOf(batchId);
        }
        return state == JobState.COMPLETED ? "inline" : "-";
    }

    private static long n(Integer i) {
        return i == null ? 0 : i;
    }
}
