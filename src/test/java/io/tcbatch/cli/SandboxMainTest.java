package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tcbatch.config.Settings;
import io.tcbatch.render.Output;

/**
 * {@code bin/tcbatch sandbox}: its options and their one-line errors, what it prints (never the
 * secret), its settings files, the run file through which other processes use it, and a clean stop.
 */
class SandboxMainTest {
    private static final String USAGE = "(usage: sandbox [--port N] [--data DIR] [--access-id ID --secret-file FILE]"
            + " [--workers N] | sandbox status | sandbox fault <spec…>|clear"
            + " | sandbox indicators [--owner O] [--type T] [--limit N] | sandbox reset [--yes])";

    @TempDir
    Path dir;
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @AfterEach
    void tearDown() {
        pool.shutdownNow();
    }

    private Cli.Result cli(String... args) {
        return new Cli(dir.resolve("home")).run(args);
    }

    @Test
    void badOptionsAreOneLineAndExit2() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "  \n");
        Map<List<String>, String> cases = new java.util.LinkedHashMap<>();
        cases.put(List.of("--verbose"), "sandbox: unknown option '--verbose' " + USAGE);
        cases.put(List.of("--port"), "sandbox: --port needs a value " + USAGE);
        cases.put(List.of("--port", "http"), "sandbox: --port must be a number from 0 to 65535, not 'http'");
        cases.put(List.of("--port=70000"), "sandbox: --port must be a number from 0 to 65535, not '70000'");
        cases.put(List.of("--workers", "0"), "sandbox: --workers must be a number from 1 to 64, not '0'");
        cases.put(List.of("--access-id", "me"), "sandbox: --access-id and --secret-file go together (the secret key is"
                + " read from the file, never given on the command line)");
        cases.put(List.of("--access-id", "me", "--secret-file", dir.resolve("nope.txt").toString()),
                "sandbox: secret file " + dir.resolve("nope.txt") + " does not exist");
        cases.put(List.of("--access-id", "me", "--secret-file", empty.toString()),
                "sandbox: secret file " + empty + " is empty");
        for (Map.Entry<List<String>, String> c : cases.entrySet()) {
            List<String> args = new java.util.ArrayList<>(List.of("sandbox"));
            args.addAll(c.getKey());
            Cli.Result r = cli(args.toArray(new String[0]));
            assertEquals(2, r.code(), c.getKey() + ": " + r.err());
            assertEquals("tcbatch: " + c.getValue() + "\n", r.err(), c.getKey().toString());
            assertEquals("", r.out());
        }
        assertFalse(Files.exists(dir.resolve("home").resolve("sandbox").resolve("sandbox.mv.db")), "nothing started");
    }

    @Test
    void aBadSettingIsOneLineNamingTheFileAndExit2() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve("sandbox.properties"), "workers=many\n");
        Cli.Result r = cli("sandbox");
        assertEquals(2, r.code(), r.err());
        assertEquals("tcbatch: " + home.toAbsolutePath().resolve("sandbox.properties")
                + ": workers must be a whole number from 1 to 64, not 'many'\n", r.err());
    }

    /** A standalone sandbox on a thread of this JVM, stopped by counting down the latch. */
    private final class Serving {
        final CountDownLatch stop = new CountDownLatch(1);
        final CountDownLatch stopped = new CountDownLatch(1);
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final Future<Integer> result;

        Serving(Path home, SandboxMain.Options options) throws Exception {
            Settings settings = Settings.load(Map.of("TCBATCH_HOME", home.toString()), Path.of("."));
            PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
            Output output = new Output(Output.Mode.TEXT, false, o, e, false);
            result = pool.submit(() -> SandboxMain.serve(settings, output, options, stop, stopped));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!out().contains("Press Ctrl-C to stop.") && System.nanoTime() < deadline && !result.isDone()) {
                Thread.sleep(20);
            }
            assertTrue(out().contains("Press Ctrl-C to stop."), out() + err());
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }

        int stop() throws Exception {
            stop.countDown();
            int code = result.get(20, TimeUnit.SECONDS);
            assertEquals(0, stopped.getCount());
            return code;
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void servesWithGivenCredentialsAndOptionsThatWinOverTheSettingsFile() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Files.writeString(home.resolve("sandbox.properties"), "port=1\nworkers=3\nfault.1=rate-limit count=2\n");
        Path secret = Files.writeString(dir.resolve("secret.txt"), "the-given-secret-value\n");
        Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-r--r--"));
        Path data = dir.resolve("elsewhere");
        int port = freePort();
        Serving s = new Serving(home, SandboxMain.Options.parse(List.of("--port", String.valueOf(port), "--data",
                data.toString(), "--access-id", "given-id", "--secret-file", secret.toString())));
        assertEquals("tcbatch sandbox serving http://127.0.0.1:" + port + "/api\n"
                + "  access id:  given-id\n"
                + "  secret key: kept in " + secret.toAbsolutePath() + "\n"
                + "  data:       " + data.toAbsolutePath() + "\n"
                + "  workers:    3\n"
                + "  owners:     Example Org, Example Community, Example Source\n"
                + "  faults:     rate-limit count=2\n"
                + "Press Ctrl-C to stop.\n", s.out());
        assertEquals("tcbatch: warning: the secret file " + secret.toAbsolutePath() + " can be read by other users;"
                + " make it private: chmod 600 " + secret.toAbsolutePath() + "\n", s.err());
        Properties run = new Properties();
        try (var in = Files.newInputStream(data.resolve("sandbox.running"))) {
            run.load(in);
        }
        assertEquals(Map.of("url", "http://127.0.0.1:" + port + "/api", "pid", String.valueOf(ProcessHandle.current().pid()),
                "accessId", "given-id", "secretFile", secret.toAbsolutePath().toString()), Map.copyOf(run));
        assertEquals(0, s.stop());
        assertFalse(Files.exists(data.resolve("sandbox.running")), "the run file goes with the sandbox");
        assertTrue(s.out().endsWith("tcbatch sandbox stopped; its data stays in " + data.toAbsolutePath() + "\n"), s.out());
        assertFalse(s.out().contains("the-given-secret-value") || s.err().contains("the-given-secret-value"));
    }

    @Test
    void anotherProcessOnTheLocalProfileUsesTheRunningSandboxInsteadOfFailing() throws Exception {
        Path home = dir.resolve("home");
        Serving s = new Serving(home, SandboxMain.Options.parse(List.of()));
        Path data = home.toAbsolutePath().resolve("sandbox");
        String url = s.out().lines().findFirst().orElseThrow().substring("tcbatch sandbox serving ".length());
        String secret = new String(Files.readAllBytes(data.resolve("credentials.properties")), StandardCharsets.UTF_8)
                .lines().filter(l -> l.startsWith("secretKey=")).findFirst().orElseThrow().substring(10);
        assertTrue(s.out().contains("  secret key: kept in " + data.resolve("credentials.properties") + "\n"), s.out());
        assertTrue(s.out().contains("tcbatch commands on the local profile of this TCBATCH_HOME use it while it runs.\n"));
        assertFalse(s.out().contains(secret), "the generated secret is never printed");

        // Today's in-process start would fail on the locked directory; it attaches instead.
        Cli.Result r = new Cli(home).run("--output", "json", "import", "dsl-examples/samples/iocs.txt", "--owner",
                "Example Org");
        assertEquals(1, r.code(), r.err());
        assertTrue(r.err().startsWith("Using the running sandbox at " + url + " (bin/tcbatch sandbox, pid "
                + ProcessHandle.current().pid() + ", data in " + data + ")\n"), r.err());
        JsonNode summary = new ObjectMapper().readTree(r.out());
        assertEquals(14, summary.at("/totals/succeeded").asInt());
        assertFalse(r.err().contains(secret));

        assertEquals(0, s.stop());
        // Stopped: the next process starts its own sandbox on the same data, which kept the import.
        Cli.Result again = new Cli(home).run("--output", "json", "import", "dsl-examples/samples/iocs.txt", "--owner",
                "Example Org");
        assertTrue(again.err().startsWith("Using the built-in sandbox at http://127.0.0.1:"), again.err());
        assertEquals(14, new ObjectMapper().readTree(again.out()).at("/totals/succeeded").asInt());
    }

    @Test
    void aSecondStandaloneOnTheSameDataSaysWhereTheFirstServes() throws Exception {
        Path home = dir.resolve("home");
        Serving s = new Serving(home, SandboxMain.Options.parse(List.of()));
        String url = s.out().lines().findFirst().orElseThrow().substring("tcbatch sandbox serving ".length());
        Cli.Result second = new Cli(home).run("sandbox");
        assertEquals(2, second.code(), second.err());
        assertEquals("tcbatch: the sandbox data in " + home.toAbsolutePath().resolve("sandbox")
                + " is already served by bin/tcbatch sandbox at " + url + " (pid " + ProcessHandle.current().pid() + ")\n",
                second.err());
        assertEquals(0, s.stop());
    }

    @Test
    void aPortInUseIsAUsageError() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Cli.Result r = cli("sandbox", "--port", String.valueOf(taken.getLocalPort()));
            assertEquals(2, r.code(), r.err());
            assertEquals("tcbatch: sandbox: port " + taken.getLocalPort() + " of 127.0.0.1 is in use; choose another"
                    + " with --port, or --port 0 for a free one\n", r.err());
        }
    }
}
