package io.tcbatch.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.api.BatchApi;
import io.tcbatch.api.BatchError;
import io.tcbatch.api.BatchStatus;
import io.tcbatch.api.ErrorFile;
import io.tcbatch.api.JobConfig;
import io.tcbatch.api.JobState;

/**
 * A hand-written stand-in for the Batch API: records what was sent and answers each job's
 * status from a short script (Queued, Running, then Completed with every uploaded item saved,
 * unless told otherwise).
 */
final class FakeBatchApi implements BatchApi {
    final List<JobConfig> created = new ArrayList<>();
    final Map<Long, JsonNode> uploads = new HashMap<>();
    final List<Long> statusCalls = new ArrayList<>();
    /** How many polls each job answers before it is Completed. */
    int pollsUntilDone = 2;
    /** Errors to report for every job: each becomes one failed item. */
    List<BatchError> errorsPerJob = List.of();
    /** Error-file answers that are "not available" before the real one. */
    int errorFileMisses;
    String finalStatus = "Completed";
    private final Map<Long, Integer> polls = new HashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    private long nextId = 100;

    @Override
    public long createJob(JobConfig config) {
        created.add(config);
        return nextId++;
    }

    @Override
    public BatchStatus upload(long batchId, Path file) throws IOException {
        uploads.put(batchId, json.readTree(Files.readAllBytes(file)));
        return new BatchStatus(batchId, JobState.QUEUED, "Queued", 0, 0, 0, Map.of());
    }

    @Override
    public BatchStatus status(long batchId) {
        statusCalls.add(batchId);
        int n = polls.merge(batchId, 1, Integer::sum);
        if (n <= pollsUntilDone) {
            return new BatchStatus(batchId, n == 1 ? JobState.QUEUED : JobState.RUNNING, n == 1 ? "Queued" : "Running",
                    0, 0, 0, Map.of());
        }
        int items = items(uploads.get(batchId));
        int failed = Math.min(items, errorsPerJob.size());
        return new BatchStatus(batchId, JobState.fromWire(finalStatus), finalStatus, failed, items - failed, 0, Map.of());
    }

    @Override
    public ErrorFile errors(long batchId) {
        if (errorFileMisses > 0) {
            errorFileMisses--;
            return ErrorFile.notAvailable();
        }
        return errorsPerJob.isEmpty() ? ErrorFile.notAvailable() : new ErrorFile(true, errorsPerJob, null);
    }

    @Override
    public BatchStatus createAndUpload(JobConfig config, Path file) {
        throw new io.tcbatch.api.UnsupportedEndpointException(404, "createAndUpload not served by this fake");
    }

    @Override
    public ErrorFile results(long batchId) {
        return ErrorFile.notAvailable();
    }

    static int items(JsonNode file) {
        int n = 0;
        for (String k : List.of("indicator", "group", "association")) {
            n += file.path(k).size();
        }
        return n;
    }
}
