package io.tcbatch.api;

import java.time.Duration;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * How often and how long one API call may be retried: exponential backoff with full jitter
 * (a wait drawn uniformly from {@code [0, min(cap, base·2^attempt)]}), bounded both by a number of
 * attempts and by the total time spent waiting. Full jitter rather than a fixed schedule because
 * several tcbatch processes (or jobs of one run) hitting a throttled instance would otherwise retry
 * in lockstep and keep it throttled.
 *
 * @param base        the first backoff ceiling
 * @param cap         no single jittered wait is longer
 * @param maxAttempts attempts in all, the first one included (at least 1)
 * @param budget      total waiting allowed for one call, Retry-After waits included
 */
public record RetryPolicy(Duration base, Duration cap, int maxAttempts, Duration budget) {
    public static final RetryPolicy DEFAULT =
            new RetryPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), 6, Duration.ofMinutes(2));

    public RetryPolicy {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        Objects.requireNonNull(budget, "budget");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
        if (base.isNegative() || cap.isNegative() || budget.isNegative()) {
            throw new IllegalArgumentException("retry durations must not be negative");
        }
    }

    /** The ceiling of the wait before retry number {@code attempt + 1} (attempt counts from 0). */
    public Duration ceiling(int attempt) {
        long baseMs = base.toMillis();
        long capMs = cap.toMillis();
        // Shift only as far as cannot overflow; beyond that the cap has long been reached.
        int shift = Math.min(Math.max(attempt, 0), 30);
        long ms = baseMs > (Long.MAX_VALUE >> shift) ? capMs : Math.min(capMs, baseMs << shift);
        return Duration.ofMillis(ms);
    }

    /**
     * The full-jitter wait for {@code attempt}, using {@code random} (values in [0, 1)). Rounded to
     * milliseconds so a recorded wait is easy to assert.
     */
    public Duration jittered(int attempt, DoubleSupplier random) {
        double r = random.getAsDouble();
        if (!(r >= 0)) {
            r = 0;
        }
        r = Math.min(r, 1.0);
        return Duration.ofMillis(Math.round(ceiling(attempt).toMillis() * r));
    }
}
