package io.tcbatch.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.api.BatchApi;
import io.tcbatch.api.BatchError;
import io.tcbatch.api.BatchStatus;
import io.tcbatch.api.ErrorFile;
import io.tcbatch.api.JobConfig;
import io.tcbatch.api.JobState;
import io.tcbatch.api.UnsupportedEndpointException;

/**
 * A hand-written stand-in for the Batch API: records what was sent and answers each job's
 * status from a short script (Queued, Running, then Completed with every uploaded item saved,
 * unless told otherwise). With a clock, a job can instead take a given time to finish.
 */
final class FakeBatchApi implements BatchApi {
    final List<JobConfig> created = new ArrayList<>();
    final Map<Long, JsonNode> uploads = new HashMap<>();
    final List<Long> statusCalls = new ArrayList<>();
    /**
     * Every call in order: "create", "upload 100", "createAndUpload", "status 100", "errors 100", "results 100".
     * The import flow sends every chunk as "create" + "upload ID"; "createAndUpload" is for the client's own tests.
     */
    final List<String> calls = new ArrayList<>();
    /** How many polls each job answers before it is Completed. */
    int pollsUntilDone = 2;
    /** Per job: how many polls before Completed, instead of {@link #pollsUntilDone}. */
    final Map<Long, Integer> pollsUntilDoneFor = new HashMap<>();
    /** With a clock: each job is Completed this many seconds after its upload (polls do not matter then). */
    Clock clock;
    final Map<Long, Long> secondsToFinish = new HashMap<>();
    long defaultSecondsToFinish = -1;
    /** Errors to report for every job: each becomes one failed item. */
    List<BatchError> errorsPerJob = List.of();
    /** Errors per job id, instead of {@link #errorsPerJob}. */
    final Map<Long, List<BatchError>> errorsFor = new HashMap<>();
    /** Error-file answers that are "not available" before the real one. */
    int errorFileMisses;
    /** E6 is served: errors come from results; otherwise results is "not available". */
    boolean resultsServed;
    /** The error file body is this text, not JSON. */
    String errorFileText;
    String finalStatus = "Completed";
    /** The body sent with an unknown status. */
    String unknownBody = "{\"status\":\"Success\",\"data\":{\"batchStatus\":{\"status\":\"Exploded\"}}}";
    int finalUnprocess;
    /** Per-kind counters sent with the final status; null sends none. */
    Map<String, Integer> finalAdditional;
    /** createAndUpload is served (else 404, as for an instance without E3). */
    boolean createAndUploadServed;
    /** createAndUpload answers inline (no id, Completed); an upload answers Completed with its id. */
    boolean inline;
    /** Jobs answer Created (not Queued/Running) until they finish: an upload the server never started. */
    boolean stayCreated;
    /** The n-th create (1-based) fails with this exception; 0 for none. */
    int failCreateAt;
    RuntimeException createFailure;
    /** Per job: thrown by its next status polls, in order, before it is answered normally. */
    final Map<Long, java.util.Deque<RuntimeException>> statusFailuresFor = new HashMap<>();
    /** Thrown by every error-file request (E5 and E6), when set. */
    RuntimeException errorFileFailure;
    /** The final Completed status leaves out every counter ("all"), or all but successCount, one short ("partial"). */
    String countsLeftOut;
    /** A job answered Completed may be asked again (watching a recorded run again); else that fails the test. */
    boolean repollAllowed;
    /** Jobs uploaded and not yet answered Completed; the most at one time. */
    int inFlight;
    int maxInFlight;
    /**
     * Stops the client dead, as {@code kill -9} would, at the n-th call of a kind: "create#2" after
     * the second create made its job (its answer never arrives), "upload#1" after the first upload
     * landed, "status#1" after the first status was read, "errors#1" before the first error-file
     * request. The {@link Crash} is an Error, so no catch of the import flow records anything after it.
     */
    String crashAfter;
    /** As {@link #crashAfter}, but before the call reaches the server ("upload#1": the file never arrives). */
    String crashBefore;
    private final Map<String, Integer> seen = new HashMap<>();

    /** What a killed process leaves behind: nothing runs after it. */
    static final class Crash extends Error {
        Crash(String at) {
            super("crashed at " + at);
        }
    }

    private void crash(String spec, String kind) {
        if (spec == null || !spec.startsWith(kind + "#")) {
            return;
        }
        if (seen.merge(spec, 1, Integer::sum) == Integer.parseInt(spec.substring(kind.length() + 1))) {
            throw new Crash(spec);
        }
    }

    private void before(String kind) {
        if (crashBefore != null && crashBefore.startsWith(kind + "#")) {
            crash(crashBefore, kind);
        }
    }

    private void after(String kind) {
        if (crashAfter != null && crashAfter.startsWith(kind + "#")) {
            crash(crashAfter, kind);
        }
    }

    /** Ids of the jobs created (E1), whether or not their creator heard the answer. */
    final List<Long> jobsCreated = new ArrayList<>();
    private final Set<Long> completed = new HashSet<>();
    private final Map<Long, Long> uploadedAt = new HashMap<>();
    private final Map<Long, Integer> polls = new HashMap<>();
    private final ObjectMapper json = new ObjectMapper();
    private long nextId = 100;

    @Override
    public long createJob(JobConfig config) {
        before("create");
        calls.add("create");
        if (failCreateAt > 0 && calls.stream().filter("create"::equals).count() == failCreateAt) {
            throw createFailure;
        }
        created.add(config);
        jobsCreated.add(nextId);
        long id = nextId++;
        after("create");
        return id;
    }

    @Override
    public BatchStatus upload(long batchId, Path file) throws IOException {
        before("upload");
        calls.add("upload " + batchId);
        if (uploads.containsKey(batchId)) {
            throw new AssertionError("job " + batchId + " uploaded twice");
        }
        accept(batchId, file);
        after("upload");
        if (inline) {
            // Synchronous mode: the upload's answer is the final status, with the job's id.
            completed.add(batchId);
            calls.add("completed " + batchId);
            inFlight--;
            return finalStatus(batchId, batchId);
        }
        return new BatchStatus(batchId, JobState.QUEUED, "Queued", 0, 0, 0, Map.of());
    }

    private void accept(long batchId, Path file) throws IOException {
        uploads.put(batchId, json.readTree(Files.readAllBytes(file)));
        if (clock != null) {
            uploadedAt.put(batchId, clock.millis());
        }
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
    }

    @Override
    public BatchStatus status(long batchId) {
        before("status");
        calls.add("status " + batchId);
        statusCalls.add(batchId);
        if (jobsCreated.contains(batchId) && !uploads.containsKey(batchId)) {
            // Created and never uploaded: the server has nothing to start.
            return new BatchStatus(batchId, JobState.CREATED, "Created", 0, 0, 0, Map.of());
        }
        if (completed.contains(batchId) && !repollAllowed) {
            throw new AssertionError("job " + batchId + " polled after it was Completed");
        }
        java.util.Deque<RuntimeException> failures = statusFailuresFor.get(batchId);
        if (failures != null && !failures.isEmpty()) {
            throw failures.poll();
        }
        int n = polls.merge(batchId, 1, Integer::sum);
        after("status");
        boolean done;
        long secs = secondsToFinish.getOrDefault(batchId, defaultSecondsToFinish);
        if (clock != null && secs >= 0) {
            done = clock.millis() - uploadedAt.get(batchId) >= secs * 1000;
        } else {
            done = n > pollsUntilDoneFor.getOrDefault(batchId, pollsUntilDone);
        }
        if (!done) {
            if (stayCreated) {
                return new BatchStatus(batchId, JobState.CREATED, "Created", 0, 0, 0, Map.of());
            }
            return new BatchStatus(batchId, n == 1 ? JobState.QUEUED : JobState.RUNNING, n == 1 ? "Queued" : "Running",
                    0, 0, 0, Map.of());
        }
        JobState state = JobState.fromWire(finalStatus);
        if (state == JobState.UNKNOWN) {
            return new BatchStatus(batchId, state, finalStatus, null, null, null, null, unknownBody);
        }
        if (completed.add(batchId)) {
            calls.add("completed " + batchId);
            inFlight--;
        }
        return finalStatus(batchId, batchId);
    }

    private BatchStatus finalStatus(Long id, long key) {
        int items = items(uploads.get(key));
        int unprocessed = Math.min(items, finalUnprocess);
        int failed = Math.min(items - unprocessed, errorsOf(key).size());
        if ("all".equals(countsLeftOut)) {
            return new BatchStatus(id, JobState.COMPLETED, "Completed", null, null, null, finalAdditional, null);
        }
        if ("partial".equals(countsLeftOut)) {
            return new BatchStatus(id, JobState.COMPLETED, "Completed", null, items - 1, null, finalAdditional, null);
        }
        return new BatchStatus(id, JobState.COMPLETED, "Completed", failed, items - failed - unprocessed, unprocessed,
                finalAdditional, null);
    }

    private List<BatchError> errorsOf(long id) {
        return errorsFor.getOrDefault(id, errorsPerJob);
    }

    @Override
    public ErrorFile errors(long batchId) {
        before("errors");
        calls.add("errors " + batchId);
        if (errorFileFailure != null) {
            throw errorFileFailure;
        }
        if (errorFileMisses > 0) {
            errorFileMisses--;
            return ErrorFile.notAvailable();
        }
        if (errorFileText != null) {
            return new ErrorFile(true, List.of(), errorFileText);
        }
        List<BatchError> errs = errorsOf(batchId);
        return errs.isEmpty() ? ErrorFile.notAvailable() : new ErrorFile(true, errs, null);
    }

    @Override
    public BatchStatus createAndUpload(JobConfig config, Path file) throws IOException {
        calls.add("createAndUpload");
        if (!createAndUploadServed) {
            throw new UnsupportedEndpointException(404, "createAndUpload not served by this fake");
        }
        created.add(config);
        long id = nextId++;
        accept(id, file);
        if (inline) {
            completed.add(id);
            inFlight--;
            return finalStatus(null, id);
        }
        return new BatchStatus(id, JobState.QUEUED, "Queued", 0, 0, 0, Map.of());
    }

    @Override
    public ErrorFile results(long batchId) {
        calls.add("results " + batchId);
        if (errorFileFailure != null) {
            throw errorFileFailure;
        }
        List<BatchError> errs = errorsOf(batchId);
        if (!resultsServed || errs.isEmpty() || errorFileMisses > 0) {
            return ErrorFile.notAvailable();
        }
        return new ErrorFile(true, errs, null, "results");
    }

    long count(String prefix) {
        return calls.stream().filter(c -> c.startsWith(prefix)).count();
    }

    static int items(JsonNode file) {
        if (file.isArray()) {
            return file.size();
        }
        int n = 0;
        for (String k : List.of("indicator", "group", "association")) {
            n += file.path(k).size();
        }
        return n;
    }
}
