package io.tcbatch.shell;

import java.util.List;
import java.util.Map;

/**
 * The enumerated values of job options, spelled as the Batch API spells them (API doc §2.1). One
 * list for the commands that check a value, the completion that offers it and the help that
 * names it, so the three cannot drift apart.
 */
public final class Vocab {
    private Vocab() {
    }

    public static final List<String> ACTIONS = List.of("Create", "Delete");
    public static final List<String> VERSIONS = List.of("V1", "V2");
    /** V1 jobs have Append, Replace and Static; Singleton is V2 only. */
    public static final List<String> ATTRIBUTE_WRITE_TYPES = List.of("Replace", "Append", "Singleton", "Static");
    public static final List<String> TAG_WRITE_TYPES = io.tcbatch.batch.JobValues.TAG_WRITE_TYPES;
    public static final List<String> SECURITY_LABEL_WRITE_TYPES = io.tcbatch.batch.JobValues.SECURITY_LABEL_WRITE_TYPES;
    public static final List<String> FILE_MERGE_MODES = io.tcbatch.batch.JobValues.FILE_MERGE_MODES;
    public static final List<String> HASH_COLLISION_MODES = io.tcbatch.batch.JobValues.HASH_COLLISION_MODES;
    public static final List<String> BOOLEANS = List.of("true", "false");
    /** Input formats of {@code --format} (import, validate, convert): auto, json, ioc, csv, stix, misp, jsonl. */
    public static final List<String> FORMATS = io.tcbatch.input.Format.words();
    /** Job states as the server reports them. */
    public static final List<String> JOB_STATES = List.of("Created", "Queued", "Running", "Completed");
    public static final List<String> OUTPUTS = List.of("text", "json");
    /** How a profile signs its requests: HMAC (access id + secret key) or an API token. */
    public static final List<String> AUTH_MODES = List.of("hmac", "token");
    /** Run states as the journal records them, plus pending (neither done nor failed), for {@code jobs --status}. */
    public static final List<String> RUN_STATES = List.of("done", "failed", "watching", "submitting", "pending");

    /**
     * The values each enumerated option takes, by its long option name (without dashes); the same
     * names are used by every command, so completion can go by the name alone.
     */
    public static final Map<String, List<String>> BY_OPTION = Map.ofEntries(
            Map.entry("action", ACTIONS),
            Map.entry("version", VERSIONS),
            Map.entry("attribute-write-type", ATTRIBUTE_WRITE_TYPES),
            Map.entry("tag-write-type", TAG_WRITE_TYPES),
            Map.entry("security-label-write-type", SECURITY_LABEL_WRITE_TYPES),
            Map.entry("file-merge-mode", FILE_MERGE_MODES),
            Map.entry("hash-collision-mode", HASH_COLLISION_MODES),
            Map.entry("halt-on-error", BOOLEANS),
            Map.entry("status", RUN_STATES),
            Map.entry("output", OUTPUTS),
            Map.entry("format", FORMATS),
            Map.entry("auth", AUTH_MODES),
            Map.entry("production", BOOLEANS));

    /**
     * The value of {@code values} that {@code given} names, ignoring case.
     *
     * @throws io.tcbatch.batch.UsageException listing the allowed ones: "--action must be one of Create, Delete (did you mean Create?)"
     */
    public static String pick(List<String> values, String given, String option) {
        return io.tcbatch.batch.JobValues.pick(values, given, option);
    }
}
