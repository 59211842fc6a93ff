package io.tcbatch.dsl;

import java.util.List;

/** "did you mean …" for mistyped verbs, options and bare words. */
public final class Suggest {
    static final List<String> WORDS = List.of("batch", "watch", "file", "args", "owner", "action", "attributeWriteType",
            "haltOnError", "upload", "Create", "Delete", "Replace", "Append", "Singleton", "Static", "version",
            "tagWriteType", "securityLabelWriteType", "fileMergeMode", "hashCollisionMode", "chunkSize", "maxBytes",
            "Distribute", "Merge", "FavorExisting", "FavorIncoming", "IgnoreExisting", "IgnoreIncoming", "Split");

    private Suggest() {
    }

    static String hint(String word) {
        String best = null;
        int bestDist = Integer.MAX_VALUE;
        for (String w : WORDS) {
            int d = distance(word.toLowerCase(), w.toLowerCase());
            if (d < bestDist) {
                bestDist = d;
                best = w;
            }
        }
        return best != null && bestDist <= Math.max(2, word.length() / 3) ? " (did you mean '" + best + "'?)" : "";
    }

    /** The word of {@code words} closest to {@code word}, or null when none is close (for "did you mean"). */
    public static String closest(String word, java.util.Collection<String> words) {
        String best = null;
        int bestDist = Integer.MAX_VALUE;
        for (String w : words) {
            int d = distance(word.toLowerCase(), w.toLowerCase());
            if (d < bestDist) {
                bestDist = d;
                best = w;
            }
        }
        return best != null && bestDist <= Math.max(2, word.length() / 3) ? best : null;
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
