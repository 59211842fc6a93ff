package io.tcbatch.batch;

import java.util.List;

/**
 * The values the V2-only job options take, spelled as the Batch API spells them (API doc §2.1),
 * and the one check of a value against them. The shell (its option values and completion) and the
 * DSL ({@code tagWriteType Append} in {@code batch { }}) both read them here, so the lists cannot drift apart.
 */
public final class JobValues {
    private JobValues() {
    }

    public static final List<String> TAG_WRITE_TYPES = List.of("Append", "Replace");
    public static final List<String> SECURITY_LABEL_WRITE_TYPES = List.of("Append", "Replace");
    public static final List<String> FILE_MERGE_MODES = List.of("Distribute", "Merge");
    public static final List<String> HASH_COLLISION_MODES = List.of("FavorExisting", "FavorIncoming", "IgnoreExisting",
            "IgnoreIncoming", "Split");

    /**
     * The value of {@code values} that {@code given} names, ignoring case.
     *
     * @throws UsageException listing the allowed ones: "--action must be one of Create, Delete (did you mean Create?)"
     */
    public static String pick(List<String> values, String given, String option) {
        for (String v : values) {
            if (v.equalsIgnoreCase(given == null ? "" : given.trim())) {
                return v;
            }
        }
        throw notOneOf(option, values, String.valueOf(given));
    }

    /**
     * The one wording of every front end (shell options, DSL words): "--action must be one of
     * Create, Delete (did you mean Create?)", or with ", not 'x'" when no allowed value is close.
     */
    public static UsageException notOneOf(String option, List<String> allowed, String given) {
        // A word of one or two letters ('V3') is no typo of another: no guess for it.
        String near = given.length() > 2 ? closest(given, allowed) : null;
        return new UsageException(option + " must be one of " + String.join(", ", allowed)
                + (near != null ? " (did you mean " + near + "?)" : ", not '" + given + "'"));
    }

    /** The value closest to {@code word} by edit distance (ignoring case), or null when none is close. */
    private static String closest(String word, List<String> words) {
        return io.tcbatch.input.EditDistance.closest(word, words);
    }
}
