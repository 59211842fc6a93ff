package io.tcbatch.journal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An error file downloaded for a job of a run (E6 or E5), kept in the run folder.
 *
 * @param batchId   the job
 * @param chunk     the chunk the job carried
 * @param path      where the file was saved
 * @param bytes     its size
 * @param sha256    lower-case hex SHA-256 of the saved file
 * @param errors    error entries it holds
 * @param fetchedAt ISO-8601 instant of the download
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ErrorFileRecord(long batchId, int chunk, String path, long bytes, String sha256, int errors,
                              String fetchedAt) {
}
