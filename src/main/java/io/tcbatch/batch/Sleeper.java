package io.tcbatch.batch;

import java.time.Duration;

/** Waiting, behind a seam so polling tests run instantly. */
@FunctionalInterface
public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    Sleeper REAL = d -> Thread.sleep(d.toMillis());
}
