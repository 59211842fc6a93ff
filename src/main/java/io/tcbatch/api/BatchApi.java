package io.tcbatch.api;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The Batch API endpoints the import flow uses (API doc §2). {@link ThreatConnectClient} is the
 * real one; tests may supply small fakes.
 *
 * <p>Every method either returns what the server said or throws: {@link ApiException} for an
 * answer that is a failure (after the retries the call may make), {@link UnsupportedEndpointException}
 * when the instance does not serve an optional endpoint, and {@link AmbiguousSubmitException} when a
 * create could not be confirmed either way.
 */
public interface BatchApi {

    /** E1 {@code POST /v2/batch}: creates a job and returns its batch id. Never retried blindly. */
    long createJob(JobConfig config) throws IOException;

    /**
     * E2 {@code POST /v2/batch/{id}} with {@code application/octet-stream}: uploads and starts the
     * job. When the answer is lost (connection dropped after sending), the job's status is asked
     * first: Queued, Running or Completed means the upload landed and that status is returned; only
     * a job still Created is uploaded again.
     */
    BatchStatus upload(long batchId, Path file) throws IOException;

    /**
     * E3 {@code POST /v2/batch/createAndUpload?includeAdditional=true}, multipart {@code config} +
     * {@code content}. The answer may carry no id when the instance processed the job inline
     * (synchronous mode): then it is the final status.
     *
     * @throws UnsupportedEndpointException when the instance answers 404/405 (remembered: later
     *                                      calls throw at once without a request)
     */
    BatchStatus createAndUpload(JobConfig config, Path file) throws IOException;

    /** E4 {@code GET /v2/batch/{id}?includeAdditional=true}. */
    BatchStatus status(long batchId) throws IOException;

    /** E5 {@code GET /v2/batch/{id}/errors}, gunzipped and parsed; not available on 404 or 400-while-running. */
    ErrorFile errors(long batchId) throws IOException;

    /** E6 {@code GET /v2/batch/{id}/results}: JSON error details; not available on 404 or when not served. */
    ErrorFile results(long batchId) throws IOException;
}
