package io.tcbatch.batch;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import io.tcbatch.api.BatchApi;
import io.tcbatch.api.BatchStatus;
import io.tcbatch.api.Sleeper;
import io.tcbatch.api.JobState;

/**
 * Polls all jobs of a run from one loop (no thread per job) until each is Completed or the
 * deadline passes. The interval starts short, because the sandbox and small jobs finish in
 * about a second, and grows by half each round to a cap, so a long job costs few requests.
 * Only Completed ends a job: an unknown status is shown but never taken as finished.
 */
final class JobWatcher {
    /** What is watched: a job id and what we know of it from the run. */
    record Target(long batchId, int chunk, int items) {
    }

    private final BatchApi api;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration first;
    private final Duration cap;
    private final Duration timeout;

    JobWatcher(BatchApi api, Clock clock, Sleeper sleeper, Duration first, Duration cap, Duration timeout) {
        this.api = api;
        this.clock = clock;
        this.sleeper = sleeper;
        this.first = first;
        this.cap = cap;
        this.timeout = timeout;
    }

    /**
     * Watches until every target is Completed.
     *
     * @return the last view of each target, in order; {@code timedOut} tells whether all completed
     */
    Result watch(List<Target> targets, WatchListener listener) throws IOException, InterruptedException {
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        List<JobView> views = new ArrayList<>();
        for (Target t : targets) {
            views.add(new JobView(t.batchId(), t.chunk(), t.items(), JobState.QUEUED, "Queued", null, null, null, Duration.ZERO));
        }
        Duration interval = first;
        while (true) {
            boolean pending = false;
            for (int i = 0; i < views.size(); i++) {
                if (Thread.interrupted()) {
                    // Ctrl-C: stop between requests rather than inside one.
                    throw new InterruptedException();
                }
                JobView old = views.get(i);
                if (old.state().isTerminal()) {
                    continue;
                }
                BatchStatus s = api.status(old.batchId());
                JobView now = new JobView(old.batchId(), old.chunk(), old.items(), s.state(), s.rawStatus(),
                        s.successCount(), s.errorCount(), s.unprocessCount(), Duration.between(start, clock.instant()));
                views.set(i, now);
                if (changed(old, now)) {
                    listener.changed(now, List.copyOf(views));
                }
                pending |= !now.state().isTerminal();
            }
            if (!pending) {
                listener.finished(List.copyOf(views));
                return new Result(List.copyOf(views), false);
            }
            if (!clock.instant().plus(interval).isBefore(deadline)) {
                listener.finished(List.copyOf(views));
                return new Result(List.copyOf(views), true);
            }
            sleeper.sleep(interval);
            long next = Math.min(cap.toMillis(), interval.toMillis() * 3 / 2);
            interval = Duration.ofMillis(next);
        }
    }

    private static boolean changed(JobView a, JobView b) {
        return a.state() != b.state() || !Objects.equals(a.rawStatus(), b.rawStatus())
                || !Objects.equals(a.successCount(), b.successCount()) || !Objects.equals(a.errorCount(), b.errorCount())
                || !Objects.equals(a.unprocessCount(), b.unprocessCount());
    }

    record Result(List<JobView> views, boolean timedOut) {
    }
}
