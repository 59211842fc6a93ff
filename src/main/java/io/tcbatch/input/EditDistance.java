package io.tcbatch.input;

import java.util.Collection;
import java.util.Locale;

/**
 * "Did you mean …": the edit distance between two words and the closest word of a list. One
 * implementation for every front end (the DSL's words, the job options' values, the CSV mapping's
 * types); it lives here because {@code input} is the package all of them may use.
 */
public final class EditDistance {
    private EditDistance() {
    }

    /**
     * The word of {@code words} closest to {@code word}, ignoring case, or null when none is close:
     * at most 2 edits, or a third of the word's length for long words.
     */
    public static String closest(String word, Collection<String> words) {
        String best = null;
        int bestDist = Integer.MAX_VALUE;
        String w = word.toLowerCase(Locale.ROOT);
        for (String candidate : words) {
            int d = between(w, candidate.toLowerCase(Locale.ROOT));
            if (d < bestDist) {
                bestDist = d;
                best = candidate;
            }
        }
        return best != null && bestDist <= Math.max(2, word.length() / 3) ? best : null;
    }

    /** The Levenshtein distance between {@code a} and {@code b} (insertions, deletions, substitutions). */
    public static int between(String a, String b) {
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
