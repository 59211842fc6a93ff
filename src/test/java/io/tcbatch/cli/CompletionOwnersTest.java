package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tcbatch.TestClock;
import io.tcbatch.config.Settings;
import io.tcbatch.render.Output;

/**
 * Owner names for {@code --owner} TAB: {@code GET /api/v2/owners} of the current profile through
 * {@code ThreatConnectClient.owners()}, kept for a few minutes, and nothing (no error, no output)
 * when the instance cannot be reached.
 */
class CompletionOwnersTest {
    @TempDir
    Path dir;

    @Test
    void ownersComeFromTheProfilesInstanceAndAreCached() throws Exception {
        try (SandboxFixture sb = new SandboxFixture(dir)) {
            // The sandbox checks request timestamps on its real clock (a window of minutes): start
            // half the cache's lifetime early so that the lookup after it has expired is in the window too.
            TestClock clock = new TestClock(Instant.now().minus(Session.OWNERS_FRESH.dividedBy(2)));
            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            try (Session s = session(sb.home, "sb", clock, printed)) {
                List<String> first = untilSome(s);
                assertEquals(List.of("Example Org", "Example Community", "Example Source"), first);
                assertSame(first, s.ownerNames(), "the next TAB is answered from the cache");
                clock.set(clock.instant().plus(Session.OWNERS_FRESH).plusSeconds(1));
                List<String> again = untilSome(s);
                assertEquals(first, again);
                org.junit.jupiter.api.Assertions.assertNotSame(first, again, "asked again once stale");
            }
            assertEquals("", printed.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void anUnreachableInstanceProposesNothingAndSaysNothing() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        // A port nothing listens on (the discard port of localhost, closed on test machines).
        Files.writeString(home.resolve("config.properties"), "profile.gone.apiPath=http://127.0.0.1:9/api\n"
                + "profile.gone.token=never-shown\nhttp.retry.maxAttempts=1\n");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TestClock clock = new TestClock(Instant.now());
        try (Session s = session(home, "gone", clock, printed)) {
            long start = System.nanoTime();
            assertEquals(List.of(), s.ownerNames());
            assertEquals(List.of(), s.ownerNames(), "the failure is remembered for a while");
            assertTrue(Duration.ofNanos(System.nanoTime() - start).compareTo(Session.OWNERS_WAIT.multipliedBy(2)) <= 0);
        }
        assertEquals("", printed.toString(StandardCharsets.UTF_8).replaceAll("(?m)^tcbatch: warning: .*\\n", ""));
    }

    @Test
    void theLocalProfileProposesTheSandboxsOwnersWithoutStartingIt() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (Session s = session(home, null, new TestClock(Instant.now()), printed)) {
            assertEquals(List.of("Example Org", "Example Community", "Example Source"), s.ownerNames());
        }
        assertEquals("", printed.toString(StandardCharsets.UTF_8), "no sandbox start-up line over the prompt");
        assertEquals(false, Files.exists(home.resolve("sandbox")), "no sandbox was started");
    }

    /**
     * TABs until names come: a TAB waits at most {@link Session#OWNERS_WAIT} and a slower answer
     * (a loaded test machine starting the client) serves a later TAB.
     */
    private static List<String> untilSome(Session s) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> names = s.ownerNames();
        while (names.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
            names = s.ownerNames();
        }
        return names;
    }

    private static void assertTrue(boolean condition) {
        org.junit.jupiter.api.Assertions.assertTrue(condition);
    }

    private static Session session(Path home, String profile, TestClock clock, ByteArrayOutputStream printed) {
        PrintStream p = new PrintStream(printed, true, StandardCharsets.UTF_8);
        return new Session(Settings.load(Map.of("TCBATCH_HOME", home.toString()), null),
                new Output(Output.Mode.TEXT, false, p, p, false), profile, clock, clock, false);
    }
}
