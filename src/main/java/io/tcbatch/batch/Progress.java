package io.tcbatch.batch;

/**
 * Told how far a long step has come (reading a large file, uploading chunks, downloading error
 * files), so a front end can show a progress bar. Plain Java: the render package draws it, and
 * {@link #NONE} is used wherever nothing is shown (no terminal, JSON output, tests).
 *
 * <p>One step at a time: {@link #start}, any number of {@link #advance}/{@link #at}/{@link #detail},
 * then {@link #done}. Calls come from the thread doing the work and must be cheap.
 */
public interface Progress {

    /**
     * A new step begins.
     *
     * @param label what is being done, e.g. "reading feed.json"
     * @param total how much there is to do, in {@code unit}; 0 or less when not known
     * @param unit  "bytes" (shown as sizes), or a plural noun such as "chunks" or "files"
     */
    void start(String label, long total, String unit);

    /** {@code n} more units are done. */
    void advance(long n);

    /** {@code done} units are done in all (for a position, such as bytes read of a file). */
    void at(long done);

    /** A second count shown next to the bar, e.g. "12345 items"; null for none. */
    default void detail(String text) {
    }

    /** The step is over: the bar is finished (or cleared). */
    void done();

    /** The step failed: the bar is cleared, so the error printed next is not drawn after a half bar. */
    default void failed() {
        done();
    }

    /** A byte count for people: 512 B, 3.4 KB, 12.0 MB, 1.25 GB. */
    static String size(long n) {
        if (n < 1024) {
            return n + " B";
        }
        if (n < 1024 * 1024) {
            return String.format("%.1f KB", n / 1024.0);
        }
        if (n < 1024L * 1024 * 1024) {
            return String.format("%.1f MB", n / (1024.0 * 1024));
        }
        return String.format("%.2f GB", n / (1024.0 * 1024 * 1024));
    }

    Progress NONE = new Progress() {
        @Override
        public void start(String label, long total, String unit) {
        }

        @Override
        public void advance(long n) {
        }

        @Override
        public void at(long done) {
        }

        @Override
        public void done() {
        }
    };
}
