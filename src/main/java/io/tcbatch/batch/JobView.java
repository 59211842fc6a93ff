package io.tcbatch.batch;

import java.time.Duration;

import io.tcbatch.api.JobState;

/**
 * What a watcher shows of one job at one moment.
 *
 * @param batchId        server id
 * @param chunk          1-based chunk index (0 when watching a job not from this run)
 * @param items          items sent in the job (0 when unknown)
 * @param state          last state
 * @param rawStatus      last status text as the server sent it
 * @param successCount   or null
 * @param errorCount     or null
 * @param unprocessCount or null
 * @param elapsed        time since the watch began
 */
public record JobView(long batchId, int chunk, int items, JobState state, String rawStatus, Integer successCount,
                      Integer errorCount, Integer unprocessCount, Duration elapsed) {

    /** Items the server has finished with (saved, failed or skipped). */
    public long processed() {
        return n(successCount) + n(errorCount) + n(unprocessCount);
    }

    private static long n(Integer i) {
        return i == null ? 0 : i;
    }
}
