package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A secret typed at the shell's masked prompt reaches the user file only: not the history file,
 * not the shell's output, not any other file under TCBATCH_HOME. The shell runs for real, on a
 * terminal that reads the typed lines.
 */
class ShellHistorySecretTest {
    private static final String SECRET = "S3cr3t-History-Check-42";

    @TempDir
    Path home;

    @Test
    void theSecretOfProfileAddIsInTheUserFileAndNowhereElse() throws IOException {
        CommandsTestSupport.Shell s = CommandsTestSupport.shell(home,
                "profile add staging --api-path https://staging.example.com/api --access-id abc --production false",
                SECRET,
                "profile show staging",
                "config show",
                "jobs");
        assertTrue(s.out().contains("Secret key for staging: ****"), s.out() + s.err());
        // Standard output is not checked for the secret here: this test terminal echoes everything
        // it is fed the moment it reads it, before any prompt (a real terminal is in raw mode
        // while JLine reads, and the masked prompt echoes '*'); ProfileSecretsTest checks the output.
        assertFalse(s.err().contains(SECRET), s.err());

        Path userFile = home.resolve("user-config").resolve("tcbatch").resolve("config.properties");
        List<String> lines = Files.readAllLines(userFile, StandardCharsets.UTF_8);
        assertTrue(lines.contains("profile.staging.secretKey=" + SECRET), lines.toString());
        assertTrue(lines.stream().filter(l -> l.contains(SECRET)).count() == 1, lines.toString());

        Path history = home.resolve("history.log");
        assertTrue(Files.isRegularFile(history), "the shell kept a history");
        String typed = Files.readString(history, StandardCharsets.UTF_8);
        assertTrue(typed.contains("profile add staging"), typed);
        try (Stream<Path> files = Files.walk(home)) {
            for (Path f : files.filter(Files::isRegularFile).filter(f -> !f.equals(userFile)).toList()) {
                String text = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                assertFalse(text.contains(SECRET), "the secret is in " + home.relativize(f));
            }
        }
    }
}
