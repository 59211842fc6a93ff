package io.tcbatch.api;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The Batch API endpoints the import flow uses. {@link ThreatConnectClient} is the real one;
 * tests may supply small fakes.
 */
public interface BatchApi {

    /** E1 {@code POST /v2/batch}: creates a job and returns its batch id. */
    long createJob(JobConfig config) throws IOException;

    /** E2 {@code POST /v2/batch/{id}} with {@code application/octet-stream}: uploads and starts the job. */
    BatchStatus upload(long batchId, Path file) throws IOException;

    /** E4 {@code GET /v2/batch/{id}?includeAdditional=true}. */
    BatchStatus status(long batchId) throws IOException;

    /** E5 {@code GET /v2/batch/{id}/errors}, gunzipped and parsed. */
    ErrorFile errors(long batchId) throws IOException;
}
