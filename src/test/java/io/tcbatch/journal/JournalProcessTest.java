package io.tcbatch.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The journal across processes: a process halted right after {@code save} returned (as by
 * {@code kill -9}) left every step on disk; a second process works while a first holds the
 * database; after the holder is killed, the others go on within a second or two.
 */
class JournalProcessTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    private Process child(String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new java.util.ArrayList<>(List.of(java.toString(), "-Xmx128m", "-cp",
                System.getProperty("java.class.path"), JournalChild.class.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectErrorStream(true).start();
    }

    private static String firstLine(Process p) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        return r.readLine();
    }

    @Test
    void aProcessHaltedRightAfterSaveLeftEveryStepOnDisk() throws Exception {
        String id = "20261204-100000-1a2b";
        Process p = child("halt", home.toString(), id, "20");
        assertEquals("saved 20", firstLine(p));
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        try (Journal j = new Journal(home, JSON, Clock.systemUTC())) {
            RunRecord r = j.load(id).orElseThrow();
            System.out.printf("journal: opened after a halted writer in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertEquals(19, r.jobs().get(0).successCount(), "the 20th step, the last save before the halt");
            assertEquals(20, j.history(id, 1).size());
        }
    }

    @Test
    void aSecondProcessWorksWhileTheFirstHoldsItAndGoesOnAfterAKill() throws Exception {
        Process holder = child("hold", home.toString(), "20261204-100000-aaaa");
        try {
            assertEquals("ready", firstLine(holder));
            try (Journal j = new Journal(home, JSON, Clock.systemUTC())) {
                j.save(JournalDbTest.run("20261204-100001-bbbb", "2026-12-04T10:00:01Z", "watching", 1));
                assertEquals(List.of("20261204-100001-bbbb", "20261204-100000-aaaa"),
                        j.recent(10).stream().map(RunRecord::run).toList());
                // a third process writes and closes meanwhile
                Process writer = child("write", home.toString(), "20261204-100002-cccc", "3");
                assertEquals("saved 3", firstLine(writer));
                assertTrue(writer.waitFor(30, TimeUnit.SECONDS));
                assertEquals(0, writer.exitValue());
                assertEquals(3, j.recent(10).size());

                holder.destroyForcibly(); // SIGKILL: no hooks, the lock file stays behind
                assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
                long t0 = System.nanoTime();
                j.save(JournalDbTest.run("20261204-100001-bbbb", "2026-12-04T10:00:01Z", "watching", 2));
                long reconnect = (System.nanoTime() - t0) / 1_000_000;
                assertEquals(1, j.load("20261204-100001-bbbb").orElseThrow().jobs().get(0).successCount());
                t0 = System.nanoTime();
                try (Journal fresh = new Journal(home, JSON, Clock.systemUTC())) {
                    assertEquals(3, fresh.recent(10).size());
                }
                long reopen = (System.nanoTime() - t0) / 1_000_000;
                System.out.printf("journal: after kill -9 of the holder: next save %d ms, a new open %d ms%n", reconnect,
                        reopen);
                assertTrue(reconnect < 5_000 && reopen < 5_000, reconnect + " ms, " + reopen + " ms");
            }
        } finally {
            holder.destroyForcibly();
        }
    }

    @Test
    void aNewProcessOpensTheJournalSoonAfterTheHolderWasKilled() throws Exception {
        Process holder = child("hold", home.toString(), "20261204-100000-aaaa");
        try {
            assertEquals("ready", firstLine(holder));
            holder.destroyForcibly();
            assertTrue(holder.waitFor(30, TimeUnit.SECONDS));
            long t0 = System.nanoTime();
            try (Journal j = new Journal(home, JSON, Clock.systemUTC())) {
                assertEquals(1, j.recent(10).size());
            }
            long open = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("journal: first open after kill -9 of the only holder: %d ms%n", open);
            assertTrue(open < 5_000, open + " ms");
        } finally {
            holder.destroyForcibly();
        }
    }
}
