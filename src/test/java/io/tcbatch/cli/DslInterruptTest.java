package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tcbatch.journal.RunRecord;

/**
 * Ctrl-C (a thread interrupt, as the shell's signal handler delivers it) stops a running script
 * cleanly wherever it is: in its watch, in its own code, before it sent anything. Jobs sent stay
 * in the journal, the message says how to go on, exit code 130 as for an interrupted watch.
 */
class DslInterruptTest {
    @TempDir
    Path home;

    private Path script(String name, String body) throws IOException {
        Path dir = Files.createDirectories(home.resolve("scripts"));
        return Files.writeString(dir.resolve(name), body);
    }

    /** Runs the script on a thread, waits for {@code ready}, interrupts it, returns what it printed. */
    private Cli.Result interrupted(Path script, BooleanSupplier ready) throws Exception {
        Cli cli = new Cli(home).env("TCBATCH_POLL_FIRST_MS", "20");
        AtomicReference<Cli.Result> result = new AtomicReference<>();
        Thread t = new Thread(() -> result.set(cli.run(script.toString(), "dsl-examples/samples/quickstart.json")));
        t.start();
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!ready.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "the script did not get there");
            assertTrue(t.isAlive(), "the script ended early: " + result.get());
            Thread.sleep(20);
        }
        Thread.sleep(200);
        t.interrupt();
        t.join(30_000);
        assertTrue(!t.isAlive(), "the script stopped");
        return result.get();
    }

    private RunRecord latest() {
        var recent = CommandsTestSupport.journal(home).recent(1);
        return recent.isEmpty() ? null : recent.get(0);
    }

    @Test
    void inItsWatchTheRunStaysRecordedAndTheMessageNamesIt() throws Exception {
        // A job in flight to be interrupted in: the synchronous mode (on for small jobs) is turned off.
        Files.writeString(home.resolve("sandbox.properties"), "fault.1=hold-running for=600s\nsynchronousBatchSaveLimit=0\n");
        Path s = script("watching.groovy", """
                batch {
                    owner 'Example Org'
                    upload file(args[0])
                }
                watch(timeout: '10m', interval: '1s')
                println 'not reached'
                """);
        Cli.Result r = interrupted(s, () -> latest() != null && "watching".equals(latest().state()));
        RunRecord run = latest();
        assertEquals(130, r.code(), r.err());
        assertTrue(r.err().contains("Resume the run with: bin/tcbatch resume " + run.run()), r.err());
        assertTrue(!r.out().contains("not reached"));
        assertEquals("watching", run.state(), "still pending, to be watched again");
        assertTrue(run.jobs().get(0).batchId() != null, "the job sent is recorded: " + run.jobs());
    }

    @Test
    void inTheScriptsOwnCodeAfterABatchTheRunIsNamed() throws Exception {
        Files.writeString(home.resolve("sandbox.properties"), "fault.1=hold-running for=600s\nsynchronousBatchSaveLimit=0\n");
        Path flag = home.resolve("sent.flag");
        Path s = script("looping.groovy", """
                def r = batch {
                    owner 'Example Org'
                    upload file(args[0])
                }
                new File('%s').text = r.runId
                while (true) { }
                """.formatted(flag.toString().replace("\\", "\\\\")));
        Cli.Result r = interrupted(s, () -> Files.exists(flag));
        RunRecord run = latest();
        assertEquals(130, r.code(), r.err());
        assertTrue(r.err().contains("tcbatch: stopped the script; the run(s) it sent (" + run.run() + ") stay recorded and"
                + " their jobs keep running on the server. Resume them with: bin/tcbatch resume " + run.run()),
                r.err());
        assertTrue(run.jobs().get(0).batchId() != null, run.jobs().toString());
    }

    @Test
    void beforeAnythingWasSentItSaysSo() throws Exception {
        Path flag = home.resolve("started.flag");
        Path s = script("early.groovy", """
                new File('%s').text = 'x'
                while (true) { }
                """.formatted(flag.toString().replace("\\", "\\\\")));
        Cli.Result r = interrupted(s, () -> Files.exists(flag));
        assertEquals(130, r.code(), r.err());
        assertTrue(r.err().contains("tcbatch: stopped the script; nothing was sent"), r.err());
        assertTrue(CommandsTestSupport.journal(home).recent(10).isEmpty());
    }
}
