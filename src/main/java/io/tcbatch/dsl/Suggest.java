package io.tcbatch.dsl;

import java.util.List;

/** "did you mean …" for mistyped verbs, options and bare words. */
public final class Suggest {
    /** The verbs of a script's top level. */
    static final List<String> TOP = List.of("batch", "watch", "resubmit", "exit", "log", "file", "text", "csv", "stix",
            "args", "println", "print");
    /** The words of a {@code batch { }} block: its options, and the input verbs {@code upload} takes. */
    static final List<String> BATCH = List.of("owner", "action", "version", "attributeWriteType", "tagWriteType",
            "securityLabelWriteType", "haltOnError", "fileMergeMode", "hashCollisionMode", "chunkSize", "maxBytes",
            "parallel", "dryRun", "upload", "indicators", "groups", "associate", "defaults", "each", "file", "text",
            "csv", "stix", "log", "args", "println");
    /** The bare words of the enumerated option values. */
    static final List<String> VALUES = List.of("Create", "Delete", "Replace", "Append", "Singleton", "Static", "V1",
            "V2", "Distribute", "Merge", "FavorExisting", "FavorIncoming", "IgnoreExisting", "IgnoreIncoming", "Split",
            "true", "false");
    /** The named arguments of {@code watch(…)}. */
    static final List<String> WATCH = List.of("timeout", "interval");
    /** Every word, for a name whose place is not known. */
    static final List<String> WORDS = java.util.stream.Stream.of(TOP, BATCH, VALUES).flatMap(List::stream).distinct().toList();

    private Suggest() {
    }

    static String hint(String word) {
        return hint(word, WORDS);
    }

    /** " (did you mean 'x'?)" with the closest of {@code words}, or "" when none is close. */
    static String hint(String word, java.util.Collection<String> words) {
        String best = closest(word, words);
        return best == null ? "" : " (did you mean '" + best + "'?)";
    }

    /** The word of {@code words} closest to {@code word}, or null when none is close (for "did you mean"). */
    public static String closest(String word, java.util.Collection<String> words) {
        return io.tcbatch.input.EditDistance.closest(word, words);
    }
}
