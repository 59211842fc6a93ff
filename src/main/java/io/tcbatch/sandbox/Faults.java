package io.tcbatch.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The faults armed in a running sandbox (thread-safe): each with the uses it has left and the
 * answers it changed, plus a counter per kind that clearing does not reset, so that
 * {@code sandbox status} shows what a client went through.
 *
 * <p>Request faults ({@code rate-limit}, {@code error}, {@code slow}, {@code drop}) are taken by
 * {@link ApiHandler} before routing. The job faults act where a job's state is reported, never
 * in the processor: {@code hold-running} and {@code errors-lag} remember, in memory, the instant
 * a job was first seen started or completed by a status, errors or results request, and change
 * the answers until their duration has passed from then. A job is judged once: one already seen
 * started (or completed) before a fault was armed is not "a next job" for it.
 */
final class Faults {

    /** One armed fault as shown by {@code GET /api/sandbox/status}. */
    record View(String spec, Integer remaining, long triggered) {
    }

    private static final class Armed {
        final FaultSpec spec;
        int remaining;
        long triggered;

        Armed(FaultSpec spec) {
            this.spec = spec;
            this.remaining = spec.count();
        }

        boolean available() {
            return spec.unlimited() || remaining > 0;
        }

        void use() {
            if (!spec.unlimited()) {
                remaining--;
            }
        }

        View view() {
            return new View(spec.toString(), spec.unlimited() ? null : remaining, triggered);
        }
    }

    /** A job a job fault has taken: until {@code since + duration}. */
    private record Taken(Armed by, Instant since) {
        boolean active(Instant now) {
            return now.isBefore(since.plus(by.spec.duration()));
        }
    }

    private final Clock clock;
    private final List<Armed> armed = new ArrayList<>();
    private final Map<FaultSpec.Kind, Long> triggered = new EnumMap<>(FaultSpec.Kind.class);
    private final Set<Long> seenStarted = new HashSet<>();
    private final Set<Long> seenCompleted = new HashSet<>();
    private final Map<Long, Taken> held = new HashMap<>();
    private final Map<Long, Taken> lagging = new HashMap<>();

    /** @param clock the sandbox's clock, which the job faults measure their durations by */
    Faults(Clock clock) {
        this.clock = clock;
        for (FaultSpec.Kind k : FaultSpec.Kind.values()) {
            triggered.put(k, 0L);
        }
    }

    synchronized View add(FaultSpec spec) {
        Armed a = new Armed(spec);
        armed.add(a);
        return a.view();
    }

    /** Disarms every fault and releases the jobs they hold; returns how many there were. */
    synchronized int clear() {
        int n = armed.size();
        armed.clear();
        held.clear();
        lagging.clear();
        return n;
    }

    /** Armed faults in the order they were added; used-up ones stay listed until cleared. */
    synchronized List<View> views() {
        return armed.stream().map(Armed::view).toList();
    }

    /** Answers changed, per kind, since the sandbox started. */
    synchronized Map<FaultSpec.Kind, Long> triggered() {
        return new EnumMap<>(triggered);
    }

    /**
     * Takes one use of the first armed request fault that hits a request of these targets, and
     * counts it; null when none does.
     */
    synchronized FaultSpec takeRequestFault(FaultSpec.Target... targets) {
        for (Armed a : armed) {
            if (!a.spec.kind().request || !a.available()) {
                continue;
            }
            for (FaultSpec.Target t : targets) {
                if (a.spec.hits(t)) {
                    a.use();
                    count(a);
                    return a.spec;
                }
            }
        }
        return null;
    }

    /** True (and one use taken) when the next E4 answer is to be the flat batchStatus object. */
    synchronized boolean takeFlatStatus() {
        Armed a = first(FaultSpec.Kind.FLAT_STATUS);
        if (a == null) {
            return false;
        }
        a.use();
        count(a);
        return true;
    }

    /**
     * The state to report for a job: Running while a {@code hold-running} fault holds it, else
     * the stored state. Also notes the job as started or completed, which arms the job faults
     * for it when they have uses left.
     */
    synchronized JobState reportedState(long id, JobState stored, int errorCount) {
        Instant now = clock.instant();
        if ((stored == JobState.Running || stored == JobState.Completed) && seenStarted.add(id)) {
            Armed a = first(FaultSpec.Kind.HOLD_RUNNING);
            if (a != null) {
                a.use();
                held.put(id, new Taken(a, now));
            }
        }
        Taken hold = held.get(id);
        if (hold != null) {
            if (hold.active(now)) {
                if (stored == JobState.Completed) {
                    count(hold.by);
                }
                return JobState.Running;
            }
            held.remove(id);
        }
        if (stored == JobState.Completed && errorCount > 0 && seenCompleted.add(id)) {
            Armed a = first(FaultSpec.Kind.ERRORS_LAG);
            if (a != null) {
                a.use();
                lagging.put(id, new Taken(a, now));
            }
        }
        return stored;
    }

    /** True (and counted) while an {@code errors-lag} fault makes E5/E6 of this job answer 404. */
    synchronized boolean errorsLagging(long id) {
        Taken lag = lagging.get(id);
        if (lag == null) {
            return false;
        }
        if (!lag.active(clock.instant())) {
            lagging.remove(id);
            return false;
        }
        count(lag.by);
        return true;
    }

    /** The shift of the last armed {@code clock-offset}, or zero. */
    synchronized Duration clockOffset() {
        for (int i = armed.size() - 1; i >= 0; i--) {
            if (armed.get(i).spec.kind() == FaultSpec.Kind.CLOCK_OFFSET) {
                return armed.get(i).spec.duration();
            }
        }
        return Duration.ZERO;
    }

    /**
     * The clock the HMAC timestamp check uses: {@code base} shifted by the armed
     * {@code clock-offset}. Each reading with a shift counts as one use of that fault.
     */
    Clock authClock(Clock base) {
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return base.getZone();
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                synchronized (Faults.this) {
                    Armed a = null;
                    for (int i = armed.size() - 1; i >= 0 && a == null; i--) {
                        if (armed.get(i).spec.kind() == FaultSpec.Kind.CLOCK_OFFSET) {
                            a = armed.get(i);
                        }
                    }
                    if (a == null) {
                        return base.instant();
                    }
                    count(a);
                    return base.instant().plus(a.spec.duration());
                }
            }
        };
    }

    private Armed first(FaultSpec.Kind kind) {
        for (Armed a : armed) {
            if (a.spec.kind() == kind && a.available()) {
                return a;
            }
        }
        return null;
    }

    private void count(Armed a) {
        a.triggered++;
        triggered.merge(a.spec.kind(), 1L, Long::sum);
    }
}
