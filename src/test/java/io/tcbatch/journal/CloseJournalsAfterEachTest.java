package io.tcbatch.journal;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Registered for every test (META-INF/services, autodetection in junit-platform.properties):
 * after each test, the journals it left open are closed before JUnit deletes its temporary homes.
 * Many tests make a {@link Journal} and never close it; H2 keeps its database open meanwhile, and
 * its lock-file watchdog would re-create the lock file in a home being deleted.
 */
public final class CloseJournalsAfterEachTest implements AfterEachCallback {
    @Override
    public void afterEach(ExtensionContext context) {
        Journal.closeEveryOpen();
    }
}
