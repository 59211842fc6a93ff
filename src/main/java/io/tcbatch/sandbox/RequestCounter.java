package io.tcbatch.sandbox;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts the Batch API requests a sandbox receives (thread-safe), so that what a client costs a
 * server can be measured where the server sees it: per kind of request, and for each job its
 * E4 status requests, when it was created and when a status answer first said Completed. The
 * polling benchmark reads it; a test can too. Admin requests are not counted, faulted ones are
 * (a client sent them all the same). Kept in memory only, from the sandbox's start: it is a
 * measuring aid, not part of the stored state.
 */
public final class RequestCounter {

    /** What one job cost in status requests, and how long it took as its status answers told. */
    public record JobRequests(long statusRequests, Instant createdAt, Instant completedAnsweredAt) {
    }

    /** A copy of the counts at one moment. */
    public record Snapshot(Map<String, Long> byKind, Map<Long, JobRequests> jobs) {
        /** Requests of one kind: create (E1 and E3), upload, status, errors, results, read. */
        public long count(String kind) {
            return byKind.getOrDefault(kind, 0L);
        }
    }

    private final Map<String, Long> byKind = new TreeMap<>();
    private final Map<Long, JobRequests> jobs = new HashMap<>();

    /** One request of these targets (as the fault routing names them); {@code statusOf} is the job of an E4, or -1. */
    synchronized void request(FaultSpec.Target[] targets, long statusOf) {
        // E3 hits CREATE and UPLOAD for faults but is one request: counted once, as CREATE.
        if (targets.length > 0) {
            byKind.merge(targets[0].text(), 1L, Long::sum);
        }
        if (statusOf >= 0) {
            jobs.merge(statusOf, new JobRequests(1, null, null),
                    (a, b) -> new JobRequests(a.statusRequests() + 1, a.createdAt(), a.completedAnsweredAt()));
        }
    }

    /** An E4 answer was sent for this job, showing {@code shown}. */
    synchronized void answered(long id, Instant createdAt, JobState shown, Instant now) {
        JobRequests j = jobs.getOrDefault(id, new JobRequests(0, null, null));
        Instant completed = j.completedAnsweredAt() == null && shown == JobState.Completed ? now : j.completedAnsweredAt();
        jobs.put(id, new JobRequests(j.statusRequests(), createdAt, completed));
    }

    public synchronized Snapshot snapshot() {
        return new Snapshot(new TreeMap<>(byKind), Map.copyOf(jobs));
    }
}
