package io.tcbatch;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.tcbatch.api.Sleeper;

/**
 * A clock the test controls: set it directly, or let the code under test move it by sleeping
 * (each sleep is recorded), so polling, retry and timestamp tests run instantly.
 */
public final class TestClock extends Clock implements Sleeper {
    private volatile Instant now;
    public final List<Duration> sleeps = new CopyOnWriteArrayList<>();

    public TestClock() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public TestClock(Instant now) {
        this.now = now;
    }

    public void set(Instant instant) {
        now = instant;
    }

    @Override
    public void sleep(Duration d) {
        sleeps.add(d);
        now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return now;
    }
}
