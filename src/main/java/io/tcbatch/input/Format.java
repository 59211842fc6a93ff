package io.tcbatch.input;

import java.util.List;
import java.util.Locale;

/**
 * The input formats tcbatch reads. {@link #AUTO} decides from the content and the extension
 * (see {@link Inputs#file(java.nio.file.Path)}); the others force a reader, for a file whose name
 * says nothing ({@code feed.dat}) or says the wrong thing.
 */
public enum Format {
    AUTO("auto"), BATCH_JSON("json"), IOC_LIST("ioc"), CSV("csv"), STIX("stix"), MISP("misp"), JSON_LINES("jsonl");

    private final String word;

    Format(String word) {
        this.word = word;
    }

    /** The word the command line and the DSL use: auto, json, ioc, csv, stix, misp, jsonl. */
    public String word() {
        return word;
    }

    /** Every word, in the order they are listed to a user who wrote a wrong one. */
    public static List<String> words() {
        return java.util.Arrays.stream(values()).map(Format::word).toList();
    }

    /**
     * The format {@code word} names, ignoring case; {@code txt}/{@code list}/{@code text} are also
     * IOC lists and {@code batch} is Batch JSON, as people call them.
     *
     * @throws IllegalArgumentException naming the allowed words
     */
    public static Format parse(String word) {
        String w = word == null ? "" : word.strip().toLowerCase(Locale.ROOT);
        return switch (w) {
            case "auto" -> AUTO;
            case "json", "batch", "batchjson", "batch_json" -> BATCH_JSON;
            case "ioc", "iocs", "txt", "text", "list", "ioc_list" -> IOC_LIST;
            case "csv" -> CSV;
            case "stix", "stix2" -> STIX;
            case "misp" -> MISP;
            // JSON lines, and the other plain JSON feeds the same reader takes (lists of values or objects).
            case "jsonl", "ndjson", "jsonlines", "json_lines", "json-lines" -> JSON_LINES;
            default -> throw new IllegalArgumentException("unknown format '" + word + "' (expected one of: "
                    + String.join(", ", words()) + ")");
        };
    }
}
