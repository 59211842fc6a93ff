package io.tcbatch.batch;

/**
 * A watched import was interrupted (Ctrl-C): the jobs sent so far keep running on the server and
 * stay recorded. Exit code 130, as for any command stopped by Ctrl-C.
 */
public class WatchInterruptedException extends RuntimeException {
    public WatchInterruptedException() {
        super("interrupted; the jobs sent so far keep running on the server and stay recorded"
                + " (see them with: bin/tcbatch runs; pick them up with: bin/tcbatch resume, which takes the most recent"
                + " unfinished run)");
    }
}
