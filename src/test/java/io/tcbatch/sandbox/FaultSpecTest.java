package io.tcbatch.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import io.tcbatch.TestClock;

/** The text and JSON forms of faults, and the registry's counting. */
class FaultSpecTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "rate-limit|rate-limit count=1 retry-after=1",
        "rate-limit count=3 retry-after=5|rate-limit count=3 retry-after=5",
        "RATE-LIMIT   date retry-after=120 on=status|rate-limit count=1 retry-after=120 date on=status",
        "error|error count=1 status=503",
        "error html status=502 count=4 on=any|error count=4 status=502 html",
        "slow|slow count=1 delay=2s",
        "slow delay=500ms on=upload|slow count=1 delay=500ms on=upload",
        "slow delay=120|slow count=1 delay=2m",
        "drop count=2 on=errors|drop count=2 on=errors",
        "hold-running for=90s|hold-running for=90s count=1",
        "errors-lag count=2 for=5|errors-lag for=5s count=2",
        "flat-status|flat-status count=1",
        "flat-status count=ALL|flat-status count=all",
        "clock-offset by=-10m|clock-offset by=-10m",
        "clock-offset by=30|clock-offset by=+30s",
        "clock-offset by=+1500ms|clock-offset by=+1500ms",
    })
    void givesTheCanonicalTextFormBack(String text, String canonical) {
        assertEquals(canonical, FaultSpec.parse(text).toString());
        assertEquals(canonical, FaultSpec.parse(canonical).toString(), "stable");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "''|empty fault spec; kinds: rate-limit, error, slow, drop, hold-running, errors-lag, flat-status, clock-offset",
        "explode|unknown fault kind 'explode'; kinds: rate-limit, error, slow, drop, hold-running, errors-lag, flat-status, clock-offset",
        "rate-limit delay=2s|rate-limit: unknown key 'delay'; keys: count, retry-after, date, on",
        "rate-limit count=0|rate-limit: count must be between 1 and 1000000, not 0",
        "rate-limit count=all|rate-limit: count='all' is not a whole number",
        "rate-limit count=2 count=3|rate-limit: key 'count' given twice",
        "rate-limit retry-after|rate-limit: 'retry-after' needs a value (retry-after=…)",
        "rate-limit date=soon|rate-limit: 'date' is a flag and takes no value",
        "error status=404|error: status must be 500, 502 or 503, not 404",
        "error on=everything|error: on='everything' is not one of create, upload, status, errors, results, read, any",
        "slow delay=-1s|slow: delay='-1s' is not a duration like 500ms, 5s, 2m or a number of seconds",
        "slow delay=2h|slow: delay='2h' is not a duration like 500ms, 5s, 2m or a number of seconds",
        "hold-running|hold-running: 'for=DURATION' is required (e.g. for=30s)",
        "hold-running for=2000m|hold-running: for must be at most one day",
        "errors-lag on=errors for=1s|errors-lag: unknown key 'on'; keys: count, for",
        "clock-offset|clock-offset: 'by=±DURATION' is required (e.g. by=-10m)",
        "clock-offset by=soon|clock-offset: by='soon' is not a duration like -10m, +30s, 500ms",
    })
    void namesTheProblemAndWhatIsAllowedInOneLine(String text, String message) {
        FaultSpec.Invalid e = assertThrows(FaultSpec.Invalid.class, () -> FaultSpec.parse(text));
        assertEquals(message, e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void readsTheJsonForm() throws Exception {
        assertEquals("rate-limit count=3 retry-after=5", FaultSpec.parse(
                SignedClient.JSON.readTree("{\"kind\":\"rate-limit\",\"count\":3,\"retry-after\":5}")).toString());
        assertEquals("error count=1 status=502 html on=create", FaultSpec.parse(
                SignedClient.JSON.readTree("{\"kind\":\"error\",\"status\":\"502\",\"html\":true,\"on\":\"create\"}")).toString());
        assertEquals("error count=1 status=503", FaultSpec.parse(
                SignedClient.JSON.readTree("{\"kind\":\"error\",\"html\":false}")).toString());
        assertEquals("slow count=1 delay=500ms", FaultSpec.parse(
                SignedClient.JSON.readTree("{\"spec\":\"slow delay=500ms\"}")).toString());
        assertEquals("a fault needs \"spec\" or \"kind\"; kinds: rate-limit, error, slow, drop, hold-running, errors-lag, "
                + "flat-status, clock-offset", assertThrows(FaultSpec.Invalid.class,
                () -> FaultSpec.parse(SignedClient.JSON.readTree("{\"count\":3}"))).getMessage());
        assertEquals("fault key 'count' must be a string, number or boolean", assertThrows(FaultSpec.Invalid.class,
                () -> FaultSpec.parse(SignedClient.JSON.readTree("{\"kind\":\"drop\",\"count\":[1]}"))).getMessage());
        assertEquals("\"spec\" must be the only field and a string, e.g. {\"spec\":\"rate-limit count=3\"}",
                assertThrows(FaultSpec.Invalid.class, () -> FaultSpec.parse(
                        SignedClient.JSON.readTree("{\"spec\":\"drop\",\"count\":2}"))).getMessage());
        assertTrue(assertThrows(FaultSpec.Invalid.class, () -> FaultSpec.parse(SignedClient.JSON.readTree("[1]")))
                .getMessage().startsWith("a fault is a JSON object"));
    }

    @Test
    void takesRequestFaultsInOrderAndCountsThem() {
        Faults faults = new Faults(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        faults.add(FaultSpec.parse("error count=1 on=upload"));
        faults.add(FaultSpec.parse("rate-limit count=2"));
        assertEquals(FaultSpec.Kind.RATE_LIMIT, faults.takeRequestFault(FaultSpec.Target.STATUS).kind());
        assertEquals(FaultSpec.Kind.ERROR, faults.takeRequestFault(FaultSpec.Target.UPLOAD).kind());
        assertEquals(FaultSpec.Kind.RATE_LIMIT, faults.takeRequestFault(FaultSpec.Target.UPLOAD).kind());
        assertNull(faults.takeRequestFault(FaultSpec.Target.UPLOAD));
        assertEquals("[View[spec=error count=1 status=503 on=upload, remaining=0, triggered=1], "
                + "View[spec=rate-limit count=2 retry-after=1, remaining=0, triggered=2]]", faults.views().toString());
        assertEquals(2, faults.triggered().get(FaultSpec.Kind.RATE_LIMIT));
        assertEquals(2, faults.clear());
        assertEquals(0, faults.views().size());
        assertEquals(1, faults.triggered().get(FaultSpec.Kind.ERROR), "counters are kept");
    }

    @Test
    void holdsOnlyTheNextJobsSeenStartedAndReleasesThemWhenCleared() {
        TestClock clock = new TestClock(Instant.ofEpochSecond(1000));
        Faults faults = new Faults(clock);
        assertEquals(JobState.Running, faults.reportedState(1, JobState.Running, 0), "seen before the fault");
        faults.add(FaultSpec.parse("hold-running for=10s count=1"));
        assertEquals(JobState.Completed, faults.reportedState(1, JobState.Completed, 0), "job 1 started earlier");
        assertEquals(JobState.Queued, faults.reportedState(2, JobState.Queued, 0));
        assertEquals(JobState.Running, faults.reportedState(2, JobState.Completed, 0));
        assertEquals(JobState.Completed, faults.reportedState(3, JobState.Completed, 0), "one job only");
        clock.set(Instant.ofEpochSecond(1009));
        assertEquals(JobState.Running, faults.reportedState(2, JobState.Completed, 0));
        faults.clear();
        assertEquals(JobState.Completed, faults.reportedState(2, JobState.Completed, 0));
    }

    @Test
    void lagsOnlyJobsWithErrors() {
        TestClock clock = new TestClock(Instant.ofEpochSecond(1000));
        Faults faults = new Faults(clock);
        faults.add(FaultSpec.parse("errors-lag for=500ms count=2"));
        faults.reportedState(1, JobState.Completed, 0);
        assertFalse(faults.errorsLagging(1));
        faults.reportedState(2, JobState.Completed, 3);
        assertTrue(faults.errorsLagging(2));
        clock.set(Instant.ofEpochSecond(1000).plusMillis(499));
        assertTrue(faults.errorsLagging(2));
        clock.set(Instant.ofEpochSecond(1000).plusMillis(500));
        assertFalse(faults.errorsLagging(2));
        assertEquals("[View[spec=errors-lag for=500ms count=2, remaining=1, triggered=2]]", faults.views().toString());
    }

    @Test
    void shiftsOnlyTheAuthClock() {
        TestClock base = new TestClock(Instant.ofEpochSecond(1000));
        Faults faults = new Faults(base);
        Clock auth = faults.authClock(base);
        assertEquals(Instant.ofEpochSecond(1000), auth.instant());
        faults.add(FaultSpec.parse("clock-offset by=-1m"));
        faults.add(FaultSpec.parse("clock-offset by=+2s"));
        assertEquals(Instant.ofEpochSecond(1002), auth.instant(), "the last one counts");
        assertEquals(Duration.ofSeconds(2), faults.clockOffset());
        assertEquals(1, faults.triggered().get(FaultSpec.Kind.CLOCK_OFFSET));
    }
}
