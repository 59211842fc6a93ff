package io.tcbatch.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

import io.tcbatch.api.ApiException;
import io.tcbatch.api.BatchApi;
import io.tcbatch.api.BatchStatus;
import io.tcbatch.api.Durations;
import io.tcbatch.api.JobState;
import io.tcbatch.api.Sleeper;

/**
 * The one scheduler of a run: submits chunks and polls jobs from a single loop (no thread per
 * job). At most {@code inFlight} jobs are submitted and not yet Completed; the next chunk goes
 * when a slot frees, and a chunk marked {@link Chunk#afterPrevious()} waits until every earlier
 * chunk of its run is Completed. Each job has its own next-check time: the first about a second
 * after its upload (small jobs finish that fast), then the interval grows to a cap with jitter, so
 * a long job costs few requests and many jobs do not poll in lockstep. The loop sleeps until the
 * earliest due job. Only Completed ends a job; a job whose status stays unknown is given up on
 * after {@value #UNKNOWN_LIMIT} readings, and the others continue. A status request that fails
 * for want of an answer (no response, 429, 5xx) is a missed reading: the job stays pending and is asked again at its next
 * interval, so a short outage does not end the watch before its deadline.
 */
final class JobWatcher {
    static final int UNKNOWN_LIMIT = 5;
    private static final double GROWTH = 1.7;
    private static final double JITTER = 0.2;

    /** Sends one chunk (recording each step in the journal) and returns the server's answer. */
    @FunctionalInterface
    interface Submitter {
        BatchStatus submit(Task task) throws IOException;
    }

    /** One chunk of a run, or one job watched by id, and what the scheduler knows of it. */
    static final class Task {
        final String run;
        final int chunk;
        final int items;
        final Path file;
        final boolean afterPrevious;
        Long batchId;
        boolean sent;
        JobView view;
        Instant uploadedAt;
        Instant nextCheck;
        Duration interval;
        int unknowns;
        boolean gaveUp;
        String lastBody;
        /** Why the job is not followed any further (given up on, or its create never confirmed); null while it is. */
        String abandoned;
        boolean warned;
        /** The last status request failed (the API could not be reached or answered an error); noted once per outage. */
        boolean unreachable;
        /**
         * At most this many jobs of this task's run in flight at once (the DSL's {@code parallel n});
         * the scheduler's own {@code inFlight} still bounds all runs together.
         */
        int runCap = Integer.MAX_VALUE;

        Task(String run, int chunk, int items, Path file, boolean afterPrevious) {
            this.run = run;
            this.chunk = chunk;
            this.items = items;
            this.file = file;
            this.afterPrevious = afterPrevious;
            this.view = new JobView(null, chunk, items, JobState.CREATED, "Planned", null, null, null, Duration.ZERO);
        }

        boolean completed() {
            return sent && view.state().isTerminal();
        }

        boolean done() {
            return completed() || gaveUp;
        }

        void abandon(String why) {
            gaveUp = true;
            abandoned = why;
        }

        boolean inFlight() {
            return sent && !done();
        }
    }

    record Result(List<Task> tasks, boolean timedOut) {
        List<JobView> views() {
            return tasks.stream().map(t -> t.view).toList();
        }
    }

    private final BatchApi api;
    private final Clock clock;
    private final Sleeper sleeper;
    private final ImportOptions options;
    private final RandomGenerator random;
    private final Submitter submitter;
    private final Consumer<Task> recorder;
    private Instant start;

    JobWatcher(BatchApi api, Clock clock, Sleeper sleeper, ImportOptions options, RandomGenerator random,
               Submitter submitter, Consumer<Task> recorder) {
        this.api = api;
        this.clock = clock;
        this.sleeper = sleeper;
        this.options = options;
        this.random = random;
        this.submitter = submitter;
        this.recorder = recorder;
    }

    /** Submits chunks while slots are free and their turn has come; returns without waiting. */
    void submitReady(List<Task> tasks, WatchListener listener) throws IOException {
        if (start == null) {
            start = clock.instant();
        }
        int slots = Math.max(1, options.inFlight());
        while (true) {
            long inFlight = tasks.stream().filter(Task::inFlight).count();
            // The first chunk not sent whose run is below its own cap: a run at its cap waits, others may go.
            Task next = tasks.stream().filter(t -> !t.sent && !t.gaveUp && belowRunCap(t, tasks)).findFirst().orElse(null);
            if (next == null || inFlight >= slots || !turnCame(next, tasks)) {
                return;
            }
            BatchStatus s = submitter.submit(next);
            Instant now = clock.instant();
            next.sent = true;
            next.batchId = s.id();
            next.uploadedAt = now;
            next.interval = options.pollFirst();
            next.nextCheck = now.plus(options.pollFirst());
            // An inline answer (no id) is the final status; so is a Completed upload answer.
            JobState state = s.id() == null && s.state() != JobState.COMPLETED ? JobState.UNKNOWN : s.state();
            if (s.id() == null && state != JobState.COMPLETED) {
                // No id to poll and no final status: nothing more can be learnt of this job.
                next.lastBody = s.rawBody() != null ? s.rawBody() : s.rawStatus();
                next.abandon("the server answered the upload without a job id and without a final status: "
                        + shortened(next.lastBody));
                listener.note("chunk " + next.chunk + ": " + next.abandoned);
            }
            update(next, s, state, tasks, listener);
        }
    }

    private static boolean belowRunCap(Task t, List<Task> tasks) {
        if (t.runCap == Integer.MAX_VALUE) {
            return true;
        }
        long ofRun = tasks.stream().filter(o -> o.inFlight() && Objects.equals(o.run, t.run)).count();
        return ofRun < t.runCap;
    }

    /** Chunks go in order; one that needs its predecessors waits until all of them are Completed. */
    private static boolean turnCame(Task next, List<Task> tasks) {
        if (!next.afterPrevious) {
            return true;
        }
        for (Task t : tasks) {
            if (t == next) {
                return true;
            }
            if (Objects.equals(t.run, next.run) && !t.completed()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Submits and polls until every task is Completed (or given up on, or can never be sent) or
     * the deadline passes.
     */
    Result watch(List<Task> tasks, WatchListener listener) throws IOException, InterruptedException {
        try {
            return watchUntilDone(tasks, listener);
        } catch (InterruptedException | IOException | RuntimeException e) {
            // Ctrl-C, or a failure that ends the watch: the view ends cleanly with what is known
            // (the jobs go on on the server), so what is printed next starts below it.
            listener.stopped(views(tasks));
            throw e;
        }
    }

    private Result watchUntilDone(List<Task> tasks, WatchListener listener) throws IOException, InterruptedException {
        start = clock.instant();
        Instant deadline = start.plus(options.watchTimeout());
        for (Task t : tasks) {
            if (t.sent && !t.done() && t.nextCheck == null) {
                t.nextCheck = start;
                t.interval = options.pollFirst();
            }
        }
        while (true) {
            if (Thread.interrupted()) {
                // Ctrl-C: stop between requests rather than inside one.
                throw new InterruptedException();
            }
            Instant now = clock.instant();
            boolean last = !now.isBefore(deadline);
            for (Task t : tasks) {
                if (t.inFlight() && (last || !t.nextCheck.isAfter(now))) {
                    poll(t, tasks, listener);
                }
            }
            if (!last) {
                submitReady(tasks, listener);
            }
            boolean inFlight = tasks.stream().anyMatch(Task::inFlight);
            if (!inFlight) {
                // Nothing in flight and nothing could be sent: either all is done, or the next
                // chunk waits for a job that will never complete (given up on).
                // Chunks given up on before sending (a changed chunk file) were named when they were.
                List<String> unsent = tasks.stream().filter(t -> !t.sent && !t.gaveUp).map(t -> String.valueOf(t.chunk))
                        .toList();
                if (!unsent.isEmpty()) {
                    listener.note("chunk " + String.join(", ", unsent) + " not sent: a chunk that needs every earlier chunk"
                            + " Completed cannot go after a job that was given up on");
                }
                listener.finished(views(tasks));
                return new Result(tasks, false);
            }
            if (last) {
                listener.finished(views(tasks));
                return new Result(tasks, true);
            }
            Instant wake = tasks.stream().filter(Task::inFlight).map(t -> t.nextCheck).min(Instant::compareTo).orElseThrow();
            if (wake.isAfter(deadline)) {
                wake = deadline;
            }
            Duration sleep = Duration.between(clock.instant(), wake);
            if (!sleep.isNegative() && !sleep.isZero()) {
                sleeper.sleep(sleep);
            }
        }
    }

    private void poll(Task t, List<Task> tasks, WatchListener listener) throws IOException {
        BatchStatus s;
        try {
            s = api.status(t.batchId);
            io.tcbatch.api.CrashPoints.reach("after-poll");
        } catch (ApiException e) {
            int code = e.httpStatus();
            if (code >= 400 && code < 500 && code != 429) {
                // A definite answer, not an outage: credentials (401/403) do not come back by
                // waiting, and a job the server does not know (404, e.g. a mistyped id) never
                // will; stop now rather than at the deadline.
                throw e;
            }
            // The client's own retries are spent, but a status read is harmless to repeat: a short
            // outage is a missed reading, and only the deadline ends the watch.
            if (!t.unreachable) {
                t.unreachable = true;
                listener.note("cannot read the status of job " + t.batchId + ": " + e.getMessage() + "; trying again");
            }
            schedule(t, clock.instant());
            return;
        }
        if (t.unreachable) {
            t.unreachable = false;
            listener.note("the status of job " + t.batchId + " can be read again");
        }
        Instant now = clock.instant();
        if (s.state() == JobState.UNKNOWN) {
            t.unknowns++;
            t.lastBody = s.rawBody() != null ? s.rawBody() : s.rawStatus();
            if (t.unknowns >= UNKNOWN_LIMIT) {
                t.abandon("gave up after " + UNKNOWN_LIMIT + " status answers that are none of Created, Queued, Running, "
                        + "Completed; the server said: " + shortened(t.lastBody));
                listener.note("gave up on job " + t.batchId + " after " + UNKNOWN_LIMIT
                        + " status answers that are none of Created, Queued, Running, Completed; the server said: "
                        + shortened(t.lastBody));
            }
        } else {
            t.unknowns = 0;
        }
        if (s.state() == JobState.CREATED && !t.warned && t.uploadedAt != null
                && Duration.between(t.uploadedAt, now).compareTo(options.stuckCreatedAfter()) > 0) {
            t.warned = true;
            listener.note("job " + t.batchId + " is still Created " + Durations.human(Duration.between(t.uploadedAt, now))
                    + " after its upload: the server has not started it (is its batch queue stopped or full?)");
        }
        schedule(t, now);
        update(t, s, s.state(), tasks, listener);
    }

    /** The next reading: the interval grows to the cap, with jitter so jobs do not poll in lockstep. */
    private void schedule(Task t, Instant now) {
        long grown = Math.min(options.pollCap().toMillis(), Math.round(t.interval.toMillis() * GROWTH));
        t.interval = Duration.ofMillis(Math.max(1, grown));
        double factor = 1 + JITTER * (2 * random.nextDouble() - 1);
        t.nextCheck = now.plusMillis(Math.max(1, Math.round(t.interval.toMillis() * factor)));
    }

    private void update(Task t, BatchStatus s, JobState state, List<Task> tasks, WatchListener listener) {
        JobView old = t.view;
        String raw = s.rawStatus() != null ? s.rawStatus() : state.wire();
        JobView now = new JobView(t.batchId, t.chunk, t.items, state, raw, s.successCount(), s.errorCount(),
                s.unprocessCount(), Duration.between(start, clock.instant()), s.additional());
        t.view = now;
        if (changed(old, now) || t.gaveUp) {
            recorder.accept(t);
            listener.changed(now, views(tasks));
        }
    }

    private static List<JobView> views(List<Task> tasks) {
        return tasks.stream().map(t -> t.view).toList();
    }

    static String shortened(String s) {
        if (s == null) {
            return "(no body)";
        }
        String one = s.strip().replaceAll("\\s+", " ");
        return one.length() > 300 ? one.substring(0, 300) + "…" : one;
    }

    private static boolean changed(JobView a, JobView b) {
        return a.state() != b.state() || !Objects.equals(a.rawStatus(), b.rawStatus())
                || !Objects.equals(a.batchId(), b.batchId())
                || !Objects.equals(a.successCount(), b.successCount()) || !Objects.equals(a.errorCount(), b.errorCount())
                || !Objects.equals(a.unprocessCount(), b.unprocessCount())
                || !Objects.equals(a.additional(), b.additional());
    }
}
