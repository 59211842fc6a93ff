package io.tcbatch.journal;

/**
 * One job of a run as last seen.
 *
 * @param batchId        the server's id, or null before the job was created
 * @param chunk          1-based chunk index in the run
 * @param items          items in the chunk
 * @param status         last status seen ("Planned", "Created", "Uploaded", then the server's)
 * @param successCount   last successCount seen, or null
 * @param errorCount     last errorCount seen, or null
 * @param unprocessCount last unprocessCount seen, or null
 */
public record JobRecord(Long batchId, int chunk, int items, String status, Integer successCount, Integer errorCount,
                        Integer unprocessCount) {
}
