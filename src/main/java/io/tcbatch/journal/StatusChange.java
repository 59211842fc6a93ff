package io.tcbatch.journal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One step in a job's status history: recorded each time the status or a counter changes (never
 * per unchanged poll), so the history of a long job stays short.
 *
 * @param at             ISO-8601 instant it was recorded
 * @param batchId        the job's id at that step (null before the create was confirmed)
 * @param status         the status ("Planned", "Creating", "Created", "Uploaded", then the server's)
 * @param successCount   counters as read, or null
 * @param errorCount     counters as read, or null
 * @param unprocessCount counters as read, or null
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StatusChange(String at, Long batchId, String status, Integer successCount, Integer errorCount,
                           Integer unprocessCount) {
}
