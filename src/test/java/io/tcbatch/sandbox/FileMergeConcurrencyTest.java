package io.tcbatch.sandbox;

import static io.tcbatch.sandbox.FileMergeStore.OWNER;
import static io.tcbatch.sandbox.FileMergeStore.at;
import static io.tcbatch.sandbox.FileMergeStore.md5;
import static io.tcbatch.sandbox.FileMergeStore.row;
import static io.tcbatch.sandbox.FileMergeStore.sha1;
import static io.tcbatch.sandbox.FileMergeStore.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.tcbatch.sandbox.FileMerge.Hashes;
import io.tcbatch.sandbox.FileMerge.Outcome;

/**
 * Two jobs upserting Files that share a hash at once end with one File, not a failed item nor
 * two Files holding the same hash. The second job does not see the first one's uncommitted row,
 * so it writes a File with the same md5; the schema's unique hash index makes that statement
 * wait for the first job's transaction. Each test waits until the second job is inside that
 * statement, commits the first job, and checks that FileMerge started the item over.
 */
class FileMergeConcurrencyTest {

    private static final String A = md5('a');
    private static final String B = sha1('b');
    private static final String C = sha256('c');
    private static final String T1 = "2026-01-01T00:00:00Z";
    private static final String T2 = "2026-01-01T00:00:01Z";
    private static final String T3 = "2026-01-01T00:00:02Z";
    private static final String T4 = "2026-01-01T00:00:03Z";

    private FileMergeStore store;
    private Connection first;
    private Connection second;
    private final ExecutorService pool = Executors.newSingleThreadExecutor();

    @BeforeEach
    void open() throws SQLException {
        store = new FileMergeStore();
        first = store.connect();
        second = store.connect();
        first.setAutoCommit(false);
        second.setAutoCommit(false);
        try (Statement st = second.createStatement()) {
            st.execute("SET LOCK_TIMEOUT 10000");
        }
    }

    @AfterEach
    void close() throws SQLException {
        pool.shutdownNow();
        first.close();
        second.close();
        store.close();
    }

    @Test
    void aConcurrentCreateOfTheSameFileIsRetriedAsAnUpdate() throws Exception {
        Outcome won = FileMerge.upsert(first, OWNER, new Hashes(A, null, null), null, null, at(T1), "job 1");

        Outcome out = race(new Hashes(A, B, null), T2, "insert");

        long id = won.ids().get(0);
        assertEquals(new Outcome(List.of(id), List.of()), out);
        assertEquals(List.of(row(id, A, B, null, T1, T2)), store.files());
    }

    @Test
    void aMergeInterruptedByAConcurrentCreateStartsOverAndTakesTheNewFileIn() throws Exception {
        long one = store.file(null, B, null, T1);
        long two = store.file(null, null, C, T2);
        store.tag(one, "one");
        store.tag(two, "two");
        long created = FileMerge.upsert(first, OWNER, new Hashes(A, null, null), null, null, at(T3), "job 1").ids().get(0);

        // The first attempt merges "one" into "two" and then waits to give "two" md5 A; the
        // retry, after its savepoint undid that, finds the first job's File too, the most recent.
        Outcome out = race(new Hashes(A, B, C), T4, "rewrite");

        assertEquals(new Outcome(List.of(created), List.of()), out);
        assertEquals(List.of(row(created, A, B, C, T1, T4)), store.files());
        assertEquals(List.of("I " + created + " one", "I " + created + " two"), store.tags());
    }

    /**
     * Runs the upsert on the second connection, waits until it is blocked in {@code step} of
     * FileMerge inside an H2 statement, commits the first connection, and returns the outcome.
     */
    private Outcome race(Hashes hashes, String when, String step) throws Exception {
        AtomicReference<Thread> worker = new AtomicReference<>();
        CompletableFuture<Outcome> result = CompletableFuture.supplyAsync(() -> {
            worker.set(Thread.currentThread());
            try {
                Outcome out = FileMerge.upsert(second, OWNER, hashes, null, null, at(when), "job 2");
                second.commit();
                return out;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }, pool);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        boolean waited = false;
        while (!waited && System.nanoTime() < deadline) {
            waited = blockedIn(worker.get(), step);
            Thread.sleep(5);
        }
        assertTrue(waited, "the second job never waited for the first one's row in " + step);
        first.commit();
        return result.get(10, TimeUnit.SECONDS);
    }

    private static boolean blockedIn(Thread t, String step) {
        if (t == null) {
            return false;
        }
        boolean inH2Statement = false;
        for (StackTraceElement frame : t.getStackTrace()) {
            if (frame.getClassName().startsWith("org.h2.command.dml.")) {
                inH2Statement = true;
            }
            if (inH2Statement && step.equals(frame.getMethodName()) && frame.getClassName().endsWith("FileMerge$Attempt")) {
                return true;
            }
        }
        return false;
    }
}
