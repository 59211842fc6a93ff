package io.tcbatch.batch;

import java.time.Duration;

import io.tcbatch.config.Settings;

/**
 * Tuning of the import flow. Every value has a setting (in brackets) in the layered configuration.
 *
 * @param chunkSize         items per job, at most 25,000 indicators regardless [chunk.size]
 * @param chunkMaxBytes     UTF-8 bytes per chunk file, the instance's upload limit [chunk.maxBytes]
 * @param inFlight          jobs submitted and not yet Completed at one time [jobs.inFlight]
 * @param pollFirst         first status check after an upload [poll.first.ms]
 * @param pollCap           longest interval between status checks of one job [poll.cap.seconds]
 * @param watchTimeout      give up watching after this long, exit 4 [watch.timeout.minutes]
 * @param errorFileWait     how long to keep asking for an error file the server counts but does
 *                          not serve yet (404), before saying "errors not available" [errors.wait.seconds]
 * @param stuckCreatedAfter warn when a job is still Created this long after its upload [warn.created.seconds]
 */
public record ImportOptions(int chunkSize, long chunkMaxBytes, int inFlight, Duration pollFirst, Duration pollCap,
                            Duration watchTimeout, Duration errorFileWait, Duration stuckCreatedAfter) {

    public static ImportOptions defaults() {
        return new ImportOptions(5000, 2_000_000L, 2, Duration.ofSeconds(1), Duration.ofSeconds(20),
                Duration.ofMinutes(60), Duration.ofSeconds(60), Duration.ofSeconds(120));
    }

    public static ImportOptions from(Settings s) {
        ImportOptions d = defaults();
        return new ImportOptions(
                s.getInt("chunk.size", d.chunkSize()),
                s.getInt("chunk.maxBytes", (int) d.chunkMaxBytes()),
                s.getInt("jobs.inFlight", d.inFlight()),
                Duration.ofMillis(s.getInt("poll.first.ms", (int) d.pollFirst().toMillis())),
                Duration.ofSeconds(s.getInt("poll.cap.seconds", (int) d.pollCap().toSeconds())),
                Duration.ofMinutes(s.getInt("watch.timeout.minutes", (int) d.watchTimeout().toMinutes())),
                Duration.ofSeconds(s.getInt("errors.wait.seconds", (int) d.errorFileWait().toSeconds())),
                Duration.ofSeconds(s.getInt("warn.created.seconds", (int) d.stuckCreatedAfter().toSeconds())));
    }

    public ImportOptions withChunkSize(int n) {
        return new ImportOptions(n, chunkMaxBytes, inFlight, pollFirst, pollCap, watchTimeout, errorFileWait,
                stuckCreatedAfter);
    }
}
