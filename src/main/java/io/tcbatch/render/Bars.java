package io.tcbatch.render;

import java.time.Duration;

/** Small text helpers shared by the watch views. */
final class Bars {
    private Bars() {
    }

    /** A progress bar of {@code width} cells, e.g. {@code [######----]}. */
    static String bar(long done, long total, int width) {
        int filled = total <= 0 ? 0 : (int) Math.min(width, done * width / total);
        return "[" + "#".repeat(filled) + "-".repeat(width - filled) + "]";
    }

    static String clock(Duration d) {
        long s = d.toSeconds();
        return String.format("%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }
}
