package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real shell in a real pseudo-terminal: {@code java … io.tcbatch.cli.Main} in a detached
 * tmux session of a fixed size, typed at with {@code send-keys} and read back with
 * {@code capture-pane}, as a person would see it. An import of a sample on the built-in sandbox
 * is watched to the end, then TAB completes a command name, then {@code exit} ends the shell.
 *
 * <p>Without tmux the test is skipped, saying why; under {@code CI=true} it fails instead, since
 * CI installs tmux ({@code .ci/run}) and a skip there would hide that this was never checked.
 */
class ShellEndToEndTest {
    private static final int WIDTH = 160;
    private static final int HEIGHT = 50;
    private static final String PROMPT = "tcbatch [local · Example Org]>";

    @TempDir
    Path dir;
    private String session;

    @BeforeEach
    void needsTmux() {
        boolean present;
        try {
            present = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            present = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("tmux is needed for the end-to-end shell test under CI=true (.ci/run installs it); it was not found");
        }
        Assumptions.assumeTrue(present, "tmux is not installed: the end-to-end test in a real terminal is skipped");
    }

    @AfterEach
    void killSession() throws Exception {
        if (session != null) {
            tmux(false, "kill-session", "-t", session);
        }
    }

    @Test
    void importsASampleWatchesItToTheEndCompletesAndExits() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path config = Files.createDirectories(dir.resolve("config"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // The test's own class path: the classes under test and every dependency, as built.
        String command = "env TCBATCH_HOME=" + sh(home.toString()) + " XDG_CONFIG_HOME=" + sh(config.toString())
                + " TERM=xterm-256color " + sh(java) + " -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp "
                + sh(System.getProperty("java.class.path")) + " io.tcbatch.cli.Main";
        session = "tcbatch-e2e-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        tmux(true, "new-session", "-d", "-s", session, "-x", String.valueOf(WIDTH), "-y", String.valueOf(HEIGHT),
                "-c", Path.of("").toAbsolutePath().toString(), command);

        String screen = awaitScreen(Duration.ofSeconds(90), s -> s.contains(PROMPT), "the prompt");
        assertTrue(screen.strip().startsWith(PROMPT), screen);

        keys("import dsl-examples/samples/quickstart.json --owner \"Example Org\"");
        tmux(true, "send-keys", "-t", session, "Enter");
        // Done when the summary's last line is followed by a new prompt.
        screen = awaitScreen(Duration.ofSeconds(90), s -> s.contains("Result:") && s.indexOf(PROMPT, s.indexOf("Result:")) > 0,
                "the end of the watch and a new prompt");
        assertTrue(screen.contains(PROMPT + " import dsl-examples/samples/quickstart.json --owner \"Example Org\""), screen);
        // The live block: a header, the job's row (id, status, bar, done/items, ok, failed, unprocessed), the totals.
        assertTrue(screen.lines().anyMatch(l -> l.matches("job\\s+status\\s+progress\\s+done/items\\s+ok\\s+failed\\s+unproc.*")),
                screen);
        assertTrue(screen.lines().anyMatch(l -> l.matches("1\\s+Completed\\s+\\[#+\\]\\s+10/10\\s+10\\s+0\\s+0\\s.*")), screen);
        assertTrue(screen.contains("total 1/1 jobs done · 10/10 items"), screen);
        assertTrue(screen.contains("Totals: read 10, duplicates 0, rejected 0, submitted 10, succeeded 10, failed 0,"
                + " unprocessed 0"), screen);
        assertTrue(screen.contains("owner Example Org  action Create"), screen);
        // The live block was redrawn in place: one job row, not one per poll.
        assertEquals(1, screen.lines().filter(l -> l.matches("1\\s+Completed\\s+\\[.*")).count(), screen);

        keys("imp");
        tmux(true, "send-keys", "-t", session, "Tab");
        awaitScreen(Duration.ofSeconds(10), s -> lastLine(s).equals(PROMPT + " import"), "imp completed to import");

        tmux(true, "send-keys", "-t", session, "C-u");
        // Ctrl-C at an empty prompt clears the line and says how to leave; the shell stays.
        tmux(true, "send-keys", "-t", session, "C-c");
        awaitScreen(Duration.ofSeconds(10), s -> s.contains("(Ctrl-C does not leave the shell: type exit, or press Ctrl-D)")
                && lastLine(s).equals(PROMPT), "Ctrl-C to leave the shell running");
        keys("exit");
        tmux(true, "send-keys", "-t", session, "Enter");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (tmux(false, "has-session", "-t", session).code() == 0) {
            if (System.nanoTime() > deadline) {
                fail("the shell did not end after exit:\n" + capture());
            }
            Thread.sleep(100);
        }
        session = null;
    }

    private static String lastLine(String screen) {
        List<String> lines = screen.lines().filter(l -> !l.isBlank()).toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1).stripTrailing();
    }

    /** Types {@code text} literally (no key names). */
    private void keys(String text) throws Exception {
        tmux(true, "send-keys", "-t", session, "-l", text);
    }

    private String capture() throws Exception {
        return tmux(true, "capture-pane", "-p", "-t", session).out();
    }

    /** Polls the screen every 100 ms until {@code done} holds; fails with the last screen at the deadline. */
    private String awaitScreen(Duration within, Predicate<String> done, String what) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        String screen = "";
        while (System.nanoTime() < deadline) {
            Result r = tmux(false, "capture-pane", "-p", "-t", session);
            if (r.code() != 0) {
                fail("the tmux session ended while waiting for " + what + ": " + r.out());
            }
            screen = r.out();
            if (done.test(screen)) {
                return screen;
            }
            Thread.sleep(100);
        }
        fail("waited " + within.toSeconds() + " s for " + what + "; the screen:\n" + screen);
        return screen;
    }

    private record Result(int code, String out) {
    }

    private static Result tmux(boolean mustWork, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("tmux");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        if (mustWork && code != 0) {
            fail("tmux " + String.join(" ", args) + " failed (" + code + "): " + out);
        }
        return new Result(code, out);
    }

    /** One word for sh, whatever it holds. */
    private static String sh(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
