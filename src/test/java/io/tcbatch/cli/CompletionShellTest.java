package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.shell.test.ShellTestClient;
import org.springframework.shell.test.ShellTestClient.InteractiveShellSession;
import org.springframework.shell.test.autoconfigure.ShellTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ContextConfiguration;

import io.tcbatch.api.Sleeper;
import io.tcbatch.config.Settings;
import io.tcbatch.journal.JobRecord;
import io.tcbatch.journal.RunRecord;
import io.tcbatch.render.Output;

/**
 * The shell as {@link ShellLauncher} builds it ({@link ShellLauncher.ShellApp} with the Session
 * registered as the {@code engine} bean), on Spring Shell's virtual terminal: TAB after a prefix
 * and the proposals on the screen, then commands and the exit codes they record.
 */
@ShellTest(terminalWidth = 160, terminalHeight = 40, properties = {
        "spring.shell.history.enabled=false",
        "spring.shell.command.version.enabled=false",
        "spring.shell.command.script.enabled=false",
        // Ours replace these three, as ShellLauncher sets it up.
        "spring.shell.command.stacktrace.enabled=false",
        "spring.shell.command.history.enabled=false",
        "spring.shell.command.help.enabled=false",
        "logging.level.org.jline=ERROR"})
@ContextConfiguration(classes = ShellLauncher.ShellApp.class, initializers = CompletionShellTest.Wiring.class)
@DirtiesContext
class CompletionShellTest {
    static final String RUN_ID = "20260101-120000-abcd";

    /** Registers a Session on a fresh TCBATCH_HOME (a journal with one run, two profiles) as the launcher does. */
    static final class Wiring implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        static Path home;
        static Session session;
        static final ByteArrayOutputStream OUT = new ByteArrayOutputStream();

        @Override
        public void initialize(ConfigurableApplicationContext ctx) {
            try {
                home = Files.createTempDirectory("tcbatch-shell-test");
                Files.writeString(home.resolve("config.properties"), "profile.staging.apiPath=https://staging.example.com/api\n"
                        + "profile.staging.token=never-shown-token\nprofile.prod.apiPath=https://tc.example.com/api\n"
                        + "profile.prod.token=never-shown-token\n");
                Settings settings = Settings.load(Map.of("TCBATCH_HOME", home.toString()), null);
                PrintStream out = new PrintStream(OUT, true, StandardCharsets.UTF_8);
                session = new Session(settings, new Output(Output.Mode.TEXT, false, out, out, false), null,
                        Clock.systemUTC(), Sleeper.SYSTEM, false);
                session.journal().save(new RunRecord(RUN_ID, "2026-01-01T12:00:00Z", "local", null, "Example Org",
                        "Create", List.of("feed.json"), List.of(new JobRecord(4711L, 0, 10, "Completed", 10, 0, 0),
                        new JobRecord(4712L, 1, 10, "Completed", 10, 0, 0)), "done", 0, null));
                // An older run with small ids: as text they would sort 12 4711 4712 5.
                session.journal().save(new RunRecord("20250601-090000-eeee", "2025-06-01T09:00:00Z", "local", null,
                        "Example Org", "Create", List.of("old.json"), List.of(new JobRecord(12L, 0, 10, "Completed", 10, 0, 0),
                        new JobRecord(5L, 1, 10, "Completed", 10, 0, 0)), "done", 0, null));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            session.prompter().interactive(true);
            ctx.getBeanFactory().registerSingleton("engine", session);
            ctx.getBeanFactory().registerSingleton("interactive", new ShellLauncher.Mode(true, false, java.util.List.of()));
            // The other command groups of ShellLauncher.ShellApp, wired as ShellLauncher wires them.
            ctx.getBeanFactory().registerSingleton("profileOps", new Profiles(session));
            ctx.getBeanFactory().registerSingleton("drafts", new Drafts(session));
        }
    }

    @Autowired
    ShellTestClient client;

    @org.junit.jupiter.api.AfterAll
    static void removeHome() throws IOException {
        if (Wiring.session != null) {
            Wiring.session.close();
        }
        if (Wiring.home != null) {
            try (var files = Files.walk(Wiring.home)) {
                for (Path p : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Types {@code text}, presses TAB, and waits until {@code expected} is on the screen. */
    private InteractiveShellSession tab(String text, String... expected) {
        InteractiveShellSession s = fresh();
        s.write(s.writeSequence().text(text).text("\t").build());
        for (String e : expected) {
            awaitScreen(s, e);
        }
        return s;
    }

    /**
     * The shell of this test context with an empty line on a cleared screen (Ctrl-U, Ctrl-L):
     * the one shell serves every test, so what an earlier test typed must not be read again.
     */
    private InteractiveShellSession fresh() {
        InteractiveShellSession s = client.interactive().run();
        s.write(s.writeSequence().ctrl('u').ctrl('l').build());
        eventually(() -> {
            List<String> lines = s.screen().lines();
            assertEquals("tcbatch [local · Example Org]>", lines.get(0).strip(), String.join("\n", lines));
            assertTrue(lines.stream().skip(1).allMatch(String::isBlank), String.join("\n", lines));
        });
        return s;
    }

    private static void awaitScreen(InteractiveShellSession s, String expected) {
        eventually(() -> {
            String screen = String.join("\n", s.screen().lines());
            assertTrue(screen.contains(expected), "expected '" + expected + "' on the screen:\n" + screen);
        });
    }

    /** Retries {@code check} every 50 ms until it passes or 8 seconds have gone, then fails with its last error. */
    static void eventually(Runnable check) {
        long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (true) {
            try {
                check.run();
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void commandNamesComplete() {
        tab("imp", "tcbatch [local · Example Org]> import");
    }

    @Test
    void enumeratedValuesCompleteByOptionName() {
        tab("import x.json --action ", "Create", "Delete");
        tab("import x.json --version V", "V1", "V2");
    }

    @Test
    void batchIdsAndRunIdsComeFromTheJournal() {
        InteractiveShellSession s = tab("watch ", "Batch ids", "4711", "4712");
        eventually(() -> {
            String screen = String.join("\n", s.screen().lines());
            assertTrue(java.util.regex.Pattern.compile("\\b5\\s+12\\s+4711\\s+4712\\b").matcher(screen).find(),
                    "in numeric order:\n" + screen);
        });
    }

    @Test
    void errorsProposesRunIdsTooWithTheirLocalStart() {
        String started = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm")
                .format(java.time.Instant.parse("2026-01-01T12:00:00Z").atZone(java.time.ZoneId.systemDefault()));
        tab("errors ", "Batch ids", "4711", "Runs", RUN_ID, started + " done");
        tab("errors 2026", "errors " + RUN_ID);
    }

    @Test
    void batchSetCompletesTheValuesOfItsOptions() {
        tab("batch set --attribute-write-type ", "Replace", "Append", "Singleton", "Static");
        tab("batch set --action Delete --hash-collision-mode Fa", "FavorExisting", "FavorIncoming");
    }

    @Test
    void ownersWithASpaceCompleteQuoted() {
        // The local profile's sandbox is not started by a TAB: its configured owners are proposed.
        tab("import x.json --owner ", "Example Org", "Example Community", "Example Source");
        InteractiveShellSession s = tab("import x.json --owner \"Example O", "--owner \"Example Org\"");
        assertTrue(String.join("\n", s.screen().lines()).contains("--owner \"Example Org\""));
    }

    @Test
    void filePathsCompleteFromTheWorkingDirectory() {
        tab("validate dsl-examples/sam", "validate dsl-examples/samples/");
        tab("validate dsl-examples/samples/q", "validate dsl-examples/samples/quickstart.json");
    }

    @Test
    void profileNamesAreThoseOfTheSettings() {
        assertEquals(List.of("local", "prod", "staging"), Wiring.session.profileNames());
    }

    @Test
    void aCommandRunsAndRecordsItsExitCode() {
        InteractiveShellSession s = fresh();
        s.write(s.writeSequence().text("validate dsl-examples/samples/quickstart.json").carriageReturn().build());
        eventually(() -> assertTrue(
                Wiring.OUT.toString(StandardCharsets.UTF_8).contains("read 10, duplicates 0, rejected 0"),
                Wiring.OUT.toString(StandardCharsets.UTF_8)));
        assertEquals(0, Wiring.session.exitCode());
        s.write(s.writeSequence().text("validate no-such-file.json").carriageReturn().build());
        eventually(() -> assertEquals(2, Wiring.session.exitCode()));
    }

    @Test
    void sandboxResetAsksInTheShellAndSandboxIndicatorsShowsWhatIsLeft() {
        InteractiveShellSession s = fresh();
        s.write(s.writeSequence().text("sandbox reset").carriageReturn().build());
        awaitScreen(s, "Type yes to go ahead:");
        s.write(s.writeSequence().text("no").carriageReturn().build());
        eventually(() -> assertTrue(Wiring.OUT.toString(StandardCharsets.UTF_8).contains("tcbatch: cancelled"),
                Wiring.OUT.toString(StandardCharsets.UTF_8)));
        assertEquals(2, Wiring.session.exitCode());

        s = fresh();
        s.write(s.writeSequence().text("sandbox reset").carriageReturn().build());
        awaitScreen(s, "Type yes to go ahead:");
        s.write(s.writeSequence().text("yes").carriageReturn().build());
        eventually(() -> assertTrue(Wiring.OUT.toString(StandardCharsets.UTF_8).contains(
                "Sandbox emptied: removed 0 indicators, 0 groups, 0 associations, 0 jobs."),
                Wiring.OUT.toString(StandardCharsets.UTF_8)));
        assertEquals(0, Wiring.session.exitCode());

        s = fresh();
        s.write(s.writeSequence().text("sandbox indicators --limit 5").carriageReturn().build());
        eventually(() -> assertTrue(Wiring.OUT.toString(StandardCharsets.UTF_8).contains("The sandbox holds no indicators"),
                Wiring.OUT.toString(StandardCharsets.UTF_8)));
        assertEquals(0, Wiring.session.exitCode());
    }
}
