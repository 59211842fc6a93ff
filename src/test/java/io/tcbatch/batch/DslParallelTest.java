package io.tcbatch.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.TestClock;
import io.tcbatch.journal.Journal;

/**
 * The DSL's {@code parallel n} and {@code watch(timeout:, interval:)} in the core, against
 * {@link FakeBatchApi}: a batch's own cap on jobs in flight holds under the service's
 * {@code jobs.inFlight}, which stays the cap over every run; the watch's own deadline and polling.
 */
class DslParallelTest {
    @TempDir
    Path home;

    private final ObjectMapper json = new ObjectMapper();
    private final FakeBatchApi api = new FakeBatchApi();
    private final TestClock clock = new TestClock();

    private ImportService service(int inFlight) {
        ImportOptions o = new ImportOptions(2, 2_000_000L, inFlight, Duration.ofSeconds(1), Duration.ofSeconds(20),
                Duration.ofMinutes(60), Duration.ofSeconds(10), Duration.ofSeconds(120));
        return new ImportService(api, null, "test", new Journal(home, json, clock), o, clock, clock, json, new Random(42));
    }

    private ImportSpec spec(Path f) {
        return new ImportSpec("Example Org", Action.Create, AttributeWriteType.Replace, false, List.of(f));
    }

    private Path list(String name, int count, int third) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add("203.0." + third + "." + (i + 1));
        }
        return Files.write(home.resolve(name), lines);
    }

    @Test
    void aBatchsParallelCapHoldsBelowTheServicesInFlight() throws Exception {
        api.clock = clock;
        api.defaultSecondsToFinish = 30;
        ImportService s = service(4);
        // 10 items in chunks of 2: five jobs, at most two of them in flight although four slots are free.
        SubmittedRun run = s.submit(spec(list("a.txt", 10, 1)), 2, 2_000_000L, 2);
        assertEquals(2, api.created.size(), "the first two only: the batch's own cap");
        RunSummary sum = s.watch(List.of(run), WatchListener.NONE);
        assertEquals(5, api.created.size(), "every chunk sent in the end");
        assertEquals(2, api.maxInFlight, "never more than two jobs of the batch in flight");
        assertEquals(10, sum.totals().succeeded());
        assertEquals(0, sum.exitCode());
    }

    @Test
    void theServicesInFlightStaysTheCapOverRunsWithALargerParallel() throws Exception {
        api.clock = clock;
        api.defaultSecondsToFinish = 30;
        ImportService s = service(3);
        SubmittedRun a = s.submit(spec(list("a.txt", 8, 1)), 2, 2_000_000L, 10);
        SubmittedRun b = s.submit(spec(list("b.txt", 8, 2)), 2, 2_000_000L, 1);
        assertEquals(3, api.created.size(), "run a takes the three slots of jobs.inFlight, its parallel 10 notwithstanding");
        RunSummary sum = s.watch(List.of(a, b), WatchListener.NONE);
        assertEquals(8, api.created.size());
        assertEquals(3, api.maxInFlight, "jobs.inFlight bounds both runs together");
        assertEquals(16, sum.totals().succeeded());
    }

    @Test
    void anInterruptDuringThePreflightStopsItBeforeAnythingIsSentAndLeavesNoRun() throws Exception {
        ImportService s = service(2);
        Path feed = list("a.txt", 10, 1);
        Thread.currentThread().interrupt();
        try {
            java.io.UncheckedIOException e = assertThrows(java.io.UncheckedIOException.class,
                    () -> s.submit(spec(feed), 2, 2_000_000L, null));
            assertTrue(e.getCause() instanceof java.io.InterruptedIOException, e.toString());
            assertEquals("interrupted while reading the inputs; nothing was sent", e.getCause().getMessage());
            assertTrue(Thread.currentThread().isInterrupted(), "the flag stays set for the caller");
        } finally {
            Thread.interrupted();
        }
        assertTrue(api.calls.isEmpty(), "nothing sent: " + api.calls);
        assertTrue(new Journal(home, json, clock).recent(10).isEmpty(), "no run left behind");
    }

    @Test
    void theWatchsTimeoutEndsItWithTheSummarySoFarAndItsIntervalCapsThePolling() throws Exception {
        api.clock = clock;
        api.defaultSecondsToFinish = 3600;
        ImportService s = service(2);
        SubmittedRun run = s.submit(spec(list("a.txt", 2, 1)), 2, 2_000_000L, null);
        WatchTimeoutException e = assertThrows(WatchTimeoutException.class,
                () -> s.watch(List.of(run), WatchListener.NONE, Duration.ofMinutes(2), Duration.ofSeconds(5)));
        assertTrue(e.getMessage().startsWith("gave up waiting after 2 min; jobs still pending: [100]"), e.getMessage());
        assertEquals(4, e.partial().exitCode());
        // Polled about every 5 s (the scheduler's jitter is 20% either way), never the configured 20 s.
        assertTrue(clock.sleeps.stream().allMatch(d -> d.compareTo(Duration.ofSeconds(6)) <= 0), clock.sleeps.toString());
        assertTrue(clock.sleeps.size() >= 20, "about one poll in 5 s over two minutes: " + clock.sleeps.size());
    }
}
