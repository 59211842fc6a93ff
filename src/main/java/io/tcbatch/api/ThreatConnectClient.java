package io.tcbatch.api;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;

/** The OkHttp-based client of the Batch API. */
public final class ThreatConnectClient implements BatchApi, AutoCloseable {

    /**
     * @param apiBase     base URL including {@code /api}, e.g. {@code http://127.0.0.1:8443/api}
     * @param credentials how to authenticate
     * @param clock       source of the HMAC timestamp (injectable for tests)
     */
    public ThreatConnectClient(URI apiBase, Credentials credentials, Clock clock) {
        throw new UnsupportedOperationException("TODO api client");
    }

    @Override
    public long createJob(JobConfig config) throws IOException {
        throw new UnsupportedOperationException();
    }

    @Override
    public BatchStatus upload(long batchId, Path file) throws IOException {
        throw new UnsupportedOperationException();
    }

    @Override
    public BatchStatus status(long batchId) throws IOException {
        throw new UnsupportedOperationException();
    }

    @Override
    public ErrorFile errors(long batchId) throws IOException {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() {
    }
}
