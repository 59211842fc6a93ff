package io.tcbatch.api;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Named places in the import flow where the crash test stops the process dead, as {@code kill -9}
 * would, to prove that the journal on disk is true at every step and a resume picks up from it.
 *
 * <p>Inert unless the system property {@code tcbatch.crashAt} is set (only the crash test sets it,
 * on a child process): {@code after-create} halts the first time that point is reached,
 * {@code after-create#3} the third time. {@link Runtime#halt} runs no shutdown hook and flushes
 * nothing, which is what a killed process leaves behind. The check is one property read per
 * remote step, nothing per item.
 *
 * <p>The points, in the order one chunk meets them: {@code before-create} (the journal says
 * Creating, nothing sent), {@code after-create} (the job exists on the server, the journal still
 * says Creating), {@code before-upload} (Created recorded), {@code during-upload} (part of the
 * body sent), {@code after-upload} (the server has the file, the journal still says Created),
 * {@code after-poll} (a status read, not yet recorded), {@code after-error-download} (an error
 * file fetched, not yet saved or recorded).
 */
public final class CrashPoints {
    /** The system property naming the point (and optionally the occurrence) to halt at. */
    public static final String PROPERTY = "tcbatch.crashAt";
    /** The exit status of a halted process: what a shell reports for SIGKILL (128 + 9). */
    public static final int EXIT = 137;

    private static final ConcurrentHashMap<String, AtomicInteger> SEEN = new ConcurrentHashMap<>();

    private CrashPoints() {
    }

    /** True when the crash test asked for {@code point} (any occurrence): lets a call site arm a slower path only then. */
    public static boolean armed(String point) {
        String at = System.getProperty(PROPERTY);
        return at != null && (at.equals(point) || at.startsWith(point + "#"));
    }

    /** Halts the JVM if {@code point} is the one asked for and this is the asked-for time it is reached. */
    public static void reach(String point) {
        String at = System.getProperty(PROPERTY);
        if (at == null || at.isEmpty()) {
            return;
        }
        int hash = at.indexOf('#');
        String name = hash < 0 ? at : at.substring(0, hash);
        if (!name.equals(point)) {
            return;
        }
        int nth = 1;
        if (hash >= 0) {
            try {
                nth = Integer.parseInt(at.substring(hash + 1));
            } catch (NumberFormatException e) {
                nth = 1;
            }
        }
        if (SEEN.computeIfAbsent(point, k -> new AtomicInteger()).incrementAndGet() == nth) {
            System.err.println("tcbatch: crash test: halting at " + point + (nth > 1 ? " #" + nth : ""));
            System.err.flush();
            Runtime.getRuntime().halt(EXIT);
        }
    }
}
