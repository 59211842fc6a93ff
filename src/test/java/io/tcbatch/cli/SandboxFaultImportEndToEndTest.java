package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tcbatch.TestClock;
import io.tcbatch.api.Sleeper;
import io.tcbatch.config.Settings;
import io.tcbatch.render.Output;

/**
 * A real import through the {@code bin/tcbatch run} code path (script, session, client, built-in
 * sandbox) while the sandbox misbehaves from start-up as its settings file says: two HTML 502
 * pages on status checks, a job held Running, and an error file that lags Completed. The client
 * and the sandbox share one test clock, and the client's waits advance it, so the seconds of
 * the faults pass without being slept.
 */
class SandboxFaultImportEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void anImportRidesOutStartUpFaultsAndEndsWithTheRightSummaryAndExitCode() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve("sandbox.properties"), """
                fault.1=error count=2 status=502 html on=status
                fault.2=errors-lag for=2s
                fault.3=hold-running for=1s
                """);
        Path script = Files.writeString(dir.resolve("import.groovy"), "batch {\n    upload file(args[0])\n}\n");
        // The association names a group that exists nowhere: only the server can know, so the job
        // completes with one error, which is what errors-lag delays.
        Path feed = Files.writeString(dir.resolve("feed.json"), """
                {"indicator":[{"type":"Host","summary":"bad.example.com"},{"type":"Address","summary":"192.0.2.1"}],
                 "association":[{"ref_1":"bad.example.com","type_1":"Host","ref_2":"no-such-group"}]}
                """);

        TestClock clock = new TestClock(Instant.parse("2026-03-01T12:00:00Z"));
        // The clock moves by what the client waits; the short real pause lets the sandbox's
        // workers (real threads) get on with the job between polls.
        Sleeper sleeper = d -> {
            clock.sleep(d);
            Thread.sleep(Math.min(20, Math.max(1, d.toMillis() / 50)));
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        JsonNode status;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
             Session session = new Session(Settings.load(Map.of("TCBATCH_HOME", home.toString()), null),
                     new Output(Output.Mode.JSON, false, o, e, false), null, clock, sleeper, false)) {
            code = session.runScript(script, List.of(feed.toString()));
            SandboxAdmin.Target t = session.sandboxTarget(true, false);
            status = session.sandboxAdmin(t).status();
        }
        String errText = err.toString(StandardCharsets.UTF_8);
        assertEquals(1, code, errText);
        JsonNode summary = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals(JSON.readTree("""
                {"read":3,"duplicates":0,"rejected":0,"submitted":3,"succeeded":2,"failed":1,"unprocessed":0,
                 "unconfirmed":0}"""), summary.path("totals"));
        assertEquals(1, summary.path("exitCode").asInt());
        JsonNode job = summary.path("jobs").get(0);
        assertEquals("Completed 2 1 0", job.path("status").asText() + " " + job.path("successCount").asInt() + " "
                + job.path("errorCount").asInt() + " " + job.path("unprocessCount").asInt());
        // The lagging error file was waited for, not given up on: its one error is in the summary.
        assertEquals(1, summary.path("errors").size(), summary.toString());
        assertEquals("0x1009", summary.path("errors").get(0).path("code").asText());
        assertEquals("Association between Host 'bad.example.com' and group 'no-such-group' at $.association[0] could"
                + " not be made: group 'no-such-group' was not found in the owner",
                summary.path("errors").get(0).path("reason").asText());
        assertTrue(errText.contains("note: error details of job 1 not served yet; asking again in 1 s\n"), errText);

        // Every start-up fault fired and is used up; the 502s exactly twice.
        List<String> faults = new ArrayList<>();
        for (JsonNode f : status.path("faults")) {
            faults.add(f.path("spec").asText() + " remaining " + f.path("remaining").asInt());
        }
        assertEquals(List.of("error count=2 status=502 html on=status remaining 0", "errors-lag for=2s count=1 remaining 0",
                "hold-running for=1s count=1 remaining 0"), faults);
        assertEquals(2, status.path("triggered").path("error").asInt());
        assertEquals(1, status.path("triggered").path("hold-running").asInt());
        // errors-lag counts each E5/E6 answer it turned into a 404; how many depends on when
        // the client asked, so only that it fired.
        assertTrue(status.path("triggered").path("errors-lag").asInt() >= 1, status.toString());
        assertEquals(JSON.readTree("{\"Created\":0,\"Queued\":0,\"Running\":0,\"Completed\":1}"), status.path("jobs"));
        // The faults' seconds passed on the test clock, not the wall clock.
        Duration waited = clock.sleeps.stream().reduce(Duration.ZERO, Duration::plus);
        assertTrue(waited.compareTo(Duration.ofSeconds(3)) >= 0, clock.sleeps.toString());
    }
}
