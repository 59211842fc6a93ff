package io.tcbatch.journal;

/**
 * The journal database cannot be opened or read: damaged, written by a newer tcbatch, or not a
 * database at all. The message names the file and what to do; it is a local failure the user
 * must act on (exit 2, like a configuration error), not a bug, and it is printed without a trace.
 */
public final class JournalException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public JournalException(String message, Throwable cause) {
        super(message, cause);
    }
}
