package io.tcbatch.batch;

import java.time.Duration;

import io.tcbatch.config.Settings;

/**
 * Tuning of the import flow.
 *
 * @param chunkSize        items per job (at most 25,000 indicators regardless)
 * @param pollFirst        first poll interval
 * @param pollCap          longest poll interval
 * @param watchTimeout     give up watching after this long (exit 4)
 * @param errorFileRetries how often to ask again for an error file that is not there yet
 */
public record ImportOptions(int chunkSize, Duration pollFirst, Duration pollCap, Duration watchTimeout,
                            int errorFileRetries) {

    public static ImportOptions defaults() {
        return new ImportOptions(5000, Duration.ofMillis(500), Duration.ofSeconds(10), Duration.ofMinutes(60), 3);
    }

    public static ImportOptions from(Settings s) {
        ImportOptions d = defaults();
        return new ImportOptions(s.getInt("chunk.size", d.chunkSize()), d.pollFirst(), d.pollCap(),
                Duration.ofMinutes(s.getInt("watch.timeout.minutes", 60)), d.errorFileRetries());
    }

    public ImportOptions withChunkSize(int n) {
        return new ImportOptions(n, pollFirst, pollCap, watchTimeout, errorFileRetries);
    }
}
