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

    /** A count with its noun: "1 item", "3 items" (plain digits, as everywhere in the output). */
    static String count(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    static String clock(Duration d) {
        long s = d.toSeconds();
        return String.format("%02d:%02d:%02d", s / 3600, (s / 60) % 60, s % 60);
    }

    /** A short duration for a narrow column: 45s, 3m05s, 2h10m. */
    static String brief(Duration d) {
        long s = Math.max(0, d.toSeconds());
        if (s < 60) {
            return s + "s";
        }
        if (s < 3600) {
            return (s / 60) + "m" + String.format("%02ds", s % 60);
        }
        return (s / 3600) + "h" + String.format("%02dm", (s / 60) % 60);
    }

    /** Text with control characters (ESC among them) replaced, so a server's text cannot move the cursor or colour a log. */
    static String plain(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = c < 0x20 && c != '\t' || c == 0x7f || c >= 0x80 && c < 0xa0;
            if (control && b == null) {
                b = new StringBuilder(s.substring(0, i));
            }
            if (b != null) {
                b.append(control ? '?' : c);
            }
        }
        return b == null ? s : b.toString();
    }
}
