package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.TestClock;
import io.tcbatch.config.Settings;
import io.tcbatch.render.Output;
import io.tcbatch.sandbox.Sandbox;
import io.tcbatch.sandbox.SandboxConfig;

/**
 * A sandbox in this JVM behind a profile {@code sb} of a temp TCBATCH_HOME, loaded with the quick
 * start sample through the real import path: what the {@code sandbox indicators|reset} tests
 * look at.
 */
final class SandboxFixture implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ID = "fixture-id";
    static final String SECRET = "fixture-secret-value-never-shown";
    static final Path SAMPLE = Path.of("dsl-examples/samples/quickstart.json");

    final Path home;
    final Sandbox sandbox;
    private final Path dir;

    SandboxFixture(Path dir) throws Exception {
        this.dir = dir;
        home = Files.createDirectories(dir.resolve("home"));
        sandbox = Sandbox.start(SandboxConfig.defaults(dir.resolve("data"), ID, SECRET));
        Files.writeString(home.resolve("config.properties"), "profile.sb.apiPath=" + sandbox.apiBase() + "\n"
                + "profile.sb.accessId=" + ID + "\nprofile.sb.secretKey=" + SECRET + "\nprofile.sb.owner=Example Org\n");
        // A file with a secret that others may read gets a warning on standard error; tests compare it.
        Files.setPosixFilePermissions(home.resolve("config.properties"),
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    }

    /** Imports the quick start sample (8 indicators, 1 group, 1 association) with waits on a test clock. */
    void importSample() throws Exception {
        Path script = Files.writeString(dir.resolve("import.groovy"), "batch {\n    upload file(args[0])\n}\n");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TestClock clock = new TestClock(Instant.now());
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
             Session session = new Session(Settings.load(Map.of("TCBATCH_HOME", home.toString()), null),
                     new Output(Output.Mode.JSON, false, o, e, false), "sb", clock, clock, false)) {
            assertEquals(0, session.runScript(script, List.of(SAMPLE.toAbsolutePath().toString())));
        }
        JsonNode summary = JSON.readTree(out.toString(StandardCharsets.UTF_8));
        assertEquals(10, summary.at("/totals/succeeded").asInt(), summary.toString());
    }

    Cli.Result run(String... args) {
        Cli.Result r = new Cli(home).run(args);
        if (r.out().contains(SECRET) || r.err().contains(SECRET)) {
            throw new AssertionError("the secret key was shown: " + r);
        }
        return r;
    }

    @Override
    public void close() {
        sandbox.close();
    }
}
