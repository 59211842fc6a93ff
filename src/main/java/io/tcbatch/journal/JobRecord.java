package io.tcbatch.journal;

import java.util.Map;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One job of a run as last seen.
 *
 * @param batchId        the server's id, or null before the job was created (or when the server
 *                       answered inline without one)
 * @param chunk          1-based chunk index in the run
 * @param items          items in the chunk
 * @param status         last status seen ("Planned", "Creating", "Created", "Uploading", "Uploaded",
 *                       then the server's)
 * @param successCount   last successCount seen, or null
 * @param errorCount     last errorCount seen, or null
 * @param unprocessCount last unprocessCount seen, or null
 * @param additional     last per-kind counters seen, or null
 * @param file           the chunk file, so a run stopped before all its chunks were sent can continue
 * @param afterPrevious  the chunk may be sent only after every earlier chunk is Completed
 * @param firstItem      0-based position of the chunk's first item among the items the run sends
 *                       (its items are {@code firstItem .. firstItem + items - 1}); 0 in older records
 * @param bytes          size of the chunk file, 0 when not known (older records)
 * @param sha256         lower-case hex SHA-256 of the chunk file as written, so a resume never sends a
 *                       file that changed since; null when not known (older records)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobRecord(Long batchId, int chunk, int items, String status, Integer successCount, Integer errorCount,
                        Integer unprocessCount, Map<String, Integer> additional, String file, boolean afterPrevious,
                        long firstItem, long bytes, String sha256) {

    public JobRecord(Long batchId, int chunk, int items, String status, Integer successCount, Integer errorCount,
                     Integer unprocessCount) {
        this(batchId, chunk, items, status, successCount, errorCount, unprocessCount, null, null, false);
    }

    public JobRecord(Long batchId, int chunk, int items, String status, Integer successCount, Integer errorCount,
                     Integer unprocessCount, Map<String, Integer> additional, String file, boolean afterPrevious) {
        this(batchId, chunk, items, status, successCount, errorCount, unprocessCount, additional, file, afterPrevious,
                0, 0, null);
    }

    /** The same job at a new step, counters unchanged. */
    public JobRecord withStatus(Long id, String newStatus) {
        return new JobRecord(id, chunk, items, newStatus, successCount, errorCount, unprocessCount, additional, file,
                afterPrevious, firstItem, bytes, sha256);
    }

    /** The same job with a new reading of the server. */
    public JobRecord withReading(Long id, String newStatus, Integer success, Integer errors, Integer unprocessed,
                                 Map<String, Integer> add) {
        return new JobRecord(id, chunk, items, newStatus, success, errors, unprocessed, add, file, afterPrevious,
                firstItem, bytes, sha256);
    }

    /**
     * For people (a script's {@code log "${run.jobs}"}): {@code job 6 (chunk 1, 2 items, Submitted)},
     * {@code chunk 2 (3 items, Planned)} before it has an id. Not the journal's form: that is
     * written by Jackson from the components, never from this text.
     */
    @Override
    public String toString() {
        String what = items + (items == 1 ? " item, " : " items, ") + status;
        return batchId == null ? "chunk " + chunk + " (" + what + ")" : "job " + batchId + " (chunk " + chunk + ", " + what + ")";
    }
}
