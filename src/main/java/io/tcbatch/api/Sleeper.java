package io.tcbatch.api;

import java.time.Duration;

/**
 * Waits between retries. Injectable so retry tests run instantly and can assert the backoff.
 */
@FunctionalInterface
public interface Sleeper {

    /** Really sleeps, on the calling thread. */
    Sleeper SYSTEM = duration -> Thread.sleep(duration.toMillis());

    void sleep(Duration duration) throws InterruptedException;
}
