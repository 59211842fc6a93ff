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
     * @throws UsageException listing the allowed ones: "--action must be one of Create, Delete, not 'Crate'"
     */
    public static String pick(List<String> values, String given, String option) {
        for (String v : values) {
            if (v.equalsIgnoreCase(given == null ? "" : given.trim())) {
                return v;
            }
        }
        throw new UsageException(option + " must be one of " + String.join(", ", values) + ", not '" + given + "'");
    }
}
