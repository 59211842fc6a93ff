package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tcbatch.journal.RunRecord;

/** Ctrl-C (an interrupt) during a watch stops the watch, not the job, and says how to watch the run again. */
class WatchInterruptedTest {
    @TempDir
    Path home;

    @Test
    void anInterruptedWatchNamesTheRunToWatchAgain() throws Exception {
        // The job stays Running on the sandbox far longer than the test waits.
        Files.writeString(home.resolve("sandbox.properties"), "fault.1=hold-running for=600s\n");
        Cli cli = new Cli(home).env("TCBATCH_POLL_FIRST_MS", "20");
        AtomicReference<Cli.Result> result = new AtomicReference<>();
        Thread t = new Thread(() -> result.set(cli.run("import", "dsl-examples/samples/quickstart.json", "--owner", "Example Org")));
        t.start();
        RunRecord run = null;
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            var recent = CommandsTestSupport.journal(home).recent(1);
            if (!recent.isEmpty() && "watching".equals(recent.get(0).state())) {
                run = recent.get(0);
                break;
            }
            Thread.sleep(50);
        }
        assertTrue(run != null, "the import reached its watch");
        Thread.sleep(300); // a poll or two, so the watch has seen the job
        t.interrupt();
        t.join(30_000);
        Cli.Result r = result.get();
        assertEquals(130, r.code(), r.err());
        assertTrue(r.err().contains("stopped watching; the jobs already sent keep running on the server, and chunks not"
                + " sent yet wait. Resume the run with: bin/tcbatch resume " + run.run()), r.err());
        assertEquals("watching", CommandsTestSupport.journal(home).load(run.run()).orElseThrow().state(),
                "the run stays pending, to be watched again");
    }
}
