package io.tcbatch.batch;

/**
 * Watching was interrupted (Ctrl-C in the shell): the jobs keep running on the server and stay
 * recorded. Exit code 130, as for any command stopped by Ctrl-C.
 */
public class WatchInterruptedException extends RuntimeException {
    public WatchInterruptedException() {
        super("stopped watching; the jobs keep running on the server and stay recorded"
                + " (see them with: bin/tcbatch jobs; pick them up with: bin/tcbatch watch)");
    }
}
