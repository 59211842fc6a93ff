package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tcbatch.journal.RunRecord;

/**
 * Ctrl-C of a real tcbatch process running a script that has sent a run: {@code java … Main
 * script.groovy} as a child process, SIGINT once the run is in the journal, then the note naming
 * the run on standard error and exit code 130. Once with standard error on a pipe (the JVM's own
 * SIGINT handling and the shutdown hook), once in a pseudo-terminal (tmux), where the live view's
 * JLine terminal used to put SIGINT back to the system default: the process died with no word.
 */
class DslInterruptEndToEndTest {
    private static final String SCRIPT = """
            def r = batch { owner 'Example Org'; upload text('192.0.2.201\\n192.0.2.202') }
            log "sent ${r.runId}"
            Thread.sleep(60000)
            println 'not reached'
            """;

    @TempDir
    Path dir;
    private String session;
    private Process child;

    @AfterEach
    void cleanUp() throws Exception {
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
        }
        if (session != null) {
            new ProcessBuilder("tmux", "kill-session", "-t", session).redirectErrorStream(true).start().waitFor();
        }
    }

    private List<String> javaCommand(Path home, Path script) {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                "io.tcbatch.cli.Main", script.toString());
    }

    private RunRecord awaitRun(Path home, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            if (Files.exists(home.resolve("journal")) || Files.exists(home)) {
                try {
                    var recent = CommandsTestSupport.journal(home).recent(1);
                    if (!recent.isEmpty() && recent.get(0).jobs().stream().anyMatch(j -> j.batchId() != null)) {
                        return recent.get(0);
                    }
                } catch (RuntimeException notYet) {
                    // The journal is being written by the child: read it again.
                }
            }
            Thread.sleep(100);
        }
        fail("no run was recorded within " + seconds + " s");
        return null;
    }

    @Test
    void onAPipeTheNoteNamesTheRunAndTheCodeIs130() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path script = Files.writeString(dir.resolve("nap.groovy"), SCRIPT);
        ProcessBuilder pb = new ProcessBuilder(javaCommand(home, script)).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        pb.environment().put("TCBATCH_HOME", home.toString());
        pb.environment().put("XDG_CONFIG_HOME", dir.resolve("config").toString());
        child = pb.start();
        RunRecord run = awaitRun(home, 90);
        Thread.sleep(300);
        assertEquals(0, new ProcessBuilder("kill", "-INT", String.valueOf(child.pid())).start().waitFor());
        assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the process ended after SIGINT");
        String err = Files.readString(dir.resolve("err"));
        assertEquals(130, child.exitValue(), err);
        assertTrue(err.contains("tcbatch: stopped the script; the run(s) it sent (" + run.run() + ") stay recorded"), err);
        assertTrue(err.contains("Resume them with: bin/tcbatch resume " + run.run()), err);
        assertTrue(!Files.readString(dir.resolve("out")).contains("not reached"));
    }

    @Test
    void inATerminalCtrlCStillNamesTheRunAndTheCodeIs130() throws Exception {
        boolean tmux;
        try {
            tmux = new ProcessBuilder("tmux", "-V").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            tmux = false;
        }
        if (!tmux && "true".equals(System.getenv("CI"))) {
            fail("tmux is needed for this end-to-end test under CI=true; it was not found");
        }
        Assumptions.assumeTrue(tmux, "tmux is not installed: Ctrl-C in a real terminal is not checked");
        Path home = Files.createDirectories(dir.resolve("home"));
        Path script = Files.writeString(dir.resolve("nap.groovy"), SCRIPT);
        Path err = dir.resolve("err");
        Path code = dir.resolve("code");
        // The shell catches SIGINT with a handler (not by ignoring it, which the JVM would inherit and
        // then install no handler of its own), waits for java and writes its exit code to a file:
        // tmux's own pane status arrives late or not at all on a loaded machine.
        StringBuilder cmd = new StringBuilder("trap true INT; env TCBATCH_HOME=" + sh(home.toString()) + " XDG_CONFIG_HOME="
                + sh(dir.resolve("config").toString()) + " TERM=xterm-256color");
        for (String w : javaCommand(home, script)) {
            cmd.append(' ').append(sh(w));
        }
        cmd.append(" 2>").append(sh(err.toString())).append("; echo $? >").append(sh(code.toString()));
        session = "tcbatch-int-" + ProcessHandle.current().pid() + "-" + System.nanoTime();
        tmux("new-session", "-d", "-s", session, "-x", "150", "-y", "40", "sh -c " + sh(cmd.toString()), ";",
                "set-option", "-t", session, "remain-on-exit", "on");
        RunRecord run = awaitRun(home, 90);
        Thread.sleep(300);
        // Ctrl-C as typed: the terminal sends SIGINT to the process.
        tmux("send-keys", "-t", session, "C-c");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        String status = "";
        while (System.nanoTime() < deadline && (status = Files.exists(code) ? Files.readString(code).strip() : "").isEmpty()) {
            Thread.sleep(100);
        }
        String text = Files.readString(err);
        // Killed by the signal itself would read 130 too from the shell, so the note below is what
        // tells the handled stop from a killed process.
        assertEquals("130", status, text);
        assertTrue(text.contains("tcbatch: stopped the script; the run(s) it sent (" + run.run() + ") stay recorded"), text);
    }

    private static String tmux(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("tmux");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), "tmux " + String.join(" ", args) + ": " + out);
        return out;
    }

    private static String sh(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
