package io.tcbatch.sandbox;

import static io.tcbatch.sandbox.FileMergeStore.OWNER;
import static io.tcbatch.sandbox.FileMergeStore.at;
import static io.tcbatch.sandbox.FileMergeStore.md5;
import static io.tcbatch.sandbox.FileMergeStore.row;
import static io.tcbatch.sandbox.FileMergeStore.sha1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

import io.tcbatch.sandbox.FileMerge.Hashes;
import io.tcbatch.sandbox.FileMerge.Outcome;

/** Two jobs upserting the same File at once end with one row, not a failed item. */
class FileMergeConcurrencyTest {

    private static final String A = md5('a');
    private static final String B = sha1('b');
    private static final String T1 = "2026-01-01T00:00:00Z";
    private static final String T2 = "2026-01-01T00:00:05Z";

    @Test
    void aConcurrentCreateOfTheSameFileIsRetriedAsAnUpdate() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (FileMergeStore store = new FileMergeStore();
             Connection first = store.connect();
             Connection second = store.connect()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            try (var st = second.createStatement()) {
                st.execute("SET LOCK_TIMEOUT 10000");
            }
            Outcome won = FileMerge.upsert(first, OWNER, new Hashes(A, null, null), null, null, at(T1), "job 1");

            AtomicReference<Thread> worker = new AtomicReference<>();
            CompletableFuture<Outcome> lost = CompletableFuture.supplyAsync(() -> {
                worker.set(Thread.currentThread());
                try {
                    Outcome out = FileMerge.upsert(second, OWNER, new Hashes(A, B, null), null, null, at(T2), "job 2");
                    second.commit();
                    return out;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, pool);
            // The second job does not see the first one's uncommitted row, so it inserts a File
            // with the same md5; the unique index makes that insert wait for the first job's
            // transaction. Wait until it is inside that insert, then commit the first:
            // the insert fails as a duplicate and FileMerge starts over, finding the row.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            boolean waited = false;
            while (!waited && System.nanoTime() < deadline) {
                waited = waiting(worker.get());
                Thread.sleep(5);
            }
            assertTrue(waited, "the second job never waited for the first one's row");
            first.commit();

            Outcome out = lost.get(10, TimeUnit.SECONDS);
            long id = won.ids().get(0);
            assertEquals(List.of(id), out.ids());
            assertEquals(List.of(), out.notes());
            assertEquals(List.of(row(id, A, B, null, T1, T2)), store.files());
        } finally {
            pool.shutdownNow();
        }
    }

    private static boolean waiting(Thread t) {
        if (t == null) {
            return false;
        }
        for (StackTraceElement frame : t.getStackTrace()) {
            if ("org.h2.command.dml.Insert".equals(frame.getClassName())) {
                return true;
            }
        }
        return false;
    }
}
