package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret entered once through {@code profile add} is found nowhere but on its own line of the
 * user file: not in any output of the profile commands, {@code config show} or a failing
 * command against the profile, nor in any file under TCBATCH_HOME (journal, history, logs).
 */
class ProfileSecretsTest {
    private static final String SECRET = "S3cr3t-Known-Value-9f27";
    private static final String PROXY_PASSWORD = "Pr0xy-Pw-41c";

    @TempDir
    Path home;
    @TempDir
    Path xdg;

    @Test
    void theSecretIsOnlyOnItsOwnLineOfThePrivateUserFile() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        // One attempt, so the failing import fails at once instead of retrying for minutes.
        Cli cli = new Cli(home).env("XDG_CONFIG_HOME", xdg.toString()).env("TCBATCH_HTTP_RETRY_MAXATTEMPTS", "1");
        List<Cli.Result> results = new ArrayList<>();
        Cli.Result add = cli.stdin(SECRET + "\n" + PROXY_PASSWORD + "\n").run("profile", "add", "sec", "--api-path",
                "http://127.0.0.1:" + closedPort + "/api", "--access-id", "id-1", "--owner", "Example Org",
                "--production", "false", "--proxy", "http://puser@127.0.0.1:" + closedPort);
        assertEquals(0, add.code(), add.err());
        results.add(add);
        cli.stdin("");
        Cli.Result use = cli.run("profile", "use", "sec");
        assertEquals(0, use.code(), use.err());
        results.add(use);
        // The current profile is now sec: list, show and config show as text and as JSON.
        for (String[] args : List.of(new String[] {"profile", "list"}, new String[] {"profile", "show"},
                new String[] {"config", "show"})) {
            Cli.Result text = cli.run(args);
            assertEquals(0, text.code(), String.join(" ", args) + ": " + text.err());
            results.add(text);
            String[] json = Stream.concat(Stream.of("--output", "json"), Stream.of(args)).toArray(String[]::new);
            Cli.Result j = cli.run(json);
            assertEquals(0, j.code(), String.join(" ", json) + ": " + j.err());
            results.add(j);
        }
        boolean masked = false;
        for (var row : new com.fasterxml.jackson.databind.ObjectMapper().readTree(results.get(results.size() - 1).out())) {
            if (row.get("key").asText().equals("profile.sec.secretKey")) {
                masked = row.get("value").asText().equals("****");
            }
        }
        assertTrue(masked, "config show lists the secret key as set, masked: " + results.get(results.size() - 1).out());
        // A failing command against the profile: the proxy refuses the connection (exit 3), with
        // --stacktrace and --debug-http (which logs every request line and header).
        Cli.Result failed = cli.run("--stacktrace", "--debug-http", "--output", "json", "import", "dsl-examples/samples/iocs.txt",
                "--attribute-write-type", "Append");
        assertEquals(3, failed.code(), failed.out() + failed.err());
        assertTrue(failed.err().contains("tcbatch: "), failed.err());
        results.add(failed);
        for (Cli.Result r : results) {
            assertFalse(r.out().contains(SECRET) || r.err().contains(SECRET), r.out() + r.err());
            assertFalse(r.out().contains(PROXY_PASSWORD) || r.err().contains(PROXY_PASSWORD), r.out() + r.err());
        }

        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(content.contains(SECRET) || content.contains(PROXY_PASSWORD), "secret in " + f);
            }
        }
        Path user = xdg.resolve("tcbatch").resolve("config.properties");
        List<String> withSecret = Files.readAllLines(user).stream().filter(l -> l.contains(SECRET)).toList();
        assertEquals(List.of("profile.sec.secretKey=" + SECRET), withSecret);
        List<String> withProxyPassword = Files.readAllLines(user).stream().filter(l -> l.contains(PROXY_PASSWORD)).toList();
        assertEquals(1, withProxyPassword.size());
        assertTrue(withProxyPassword.get(0).startsWith("profile.sec.proxy="), withProxyPassword.get(0));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(user)));
    }
}
