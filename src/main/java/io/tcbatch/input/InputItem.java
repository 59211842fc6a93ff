package io.tcbatch.input;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One item read from an input file, with where it came from.
 *
 * @param kind         indicator, group or association
 * @param node         the item as Batch JSON (for text lists: a built {@code {type, summary}});
 *                     null when the reader could not build one (see {@code rejectReason})
 * @param line         1-based line in the input file where the item starts
 * @param column       1-based column where the item starts
 * @param raw          the original text for line-based inputs (IOC lists), else null
 * @param rejectReason why the reader itself could not make an item of this entry (for example
 *                     "not a recognised indicator"), else null
 * @param stixType     for an entry of a STIX bundle, its STIX type ({@code observed-data},
 *                     {@code indicator}, {@code relationship}): what it was, where {@code kind}
 *                     says what it would have become; else null
 * @param json         the item's bytes as read, when they are exactly what writing {@code node}
 *                     compactly with a default ObjectMapper gives (Batch JSON read from a file in
 *                     that form); else null. Lets preflight send an item it did not change without
 *                     serialising it again. Not to be modified.
 */
public record InputItem(ItemKind kind, ObjectNode node, long line, long column, String raw, String rejectReason,
                        String stixType, byte[] json) {

    public InputItem(ItemKind kind, ObjectNode node, long line, long column, String raw, String rejectReason,
                     String stixType) {
        this(kind, node, line, column, raw, rejectReason, stixType, null);
    }

    public InputItem(ItemKind kind, ObjectNode node, long line, long column, String raw, String rejectReason) {
        this(kind, node, line, column, raw, rejectReason, null, null);
    }

    public static InputItem of(ItemKind kind, ObjectNode node, long line, long column) {
        return new InputItem(kind, node, line, column, null, null);
    }

    public static InputItem rejected(long line, String raw, String reason) {
        return new InputItem(ItemKind.INDICATOR, null, line, 1, raw, reason);
    }

    public static InputItem rejected(long line, long column, String raw, String reason) {
        return new InputItem(ItemKind.INDICATOR, null, line, column, raw, reason);
    }

    public boolean isRejected() {
        return rejectReason != null;
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper DEFAULT = new com.fasterxml.jackson.databind.ObjectMapper();

    /**
     * Whether {@code mapper} writes a tree exactly as a default ObjectMapper does, so that
     * {@link #json} may stand for what it would write: same factory class, no character escapes,
     * and every generator, serialisation and tree feature as by default. Any other configuration
     * (indenting, escaping non-ASCII, dropping nulls, sorting properties, …) serialises as before.
     */
    public static boolean writtenAsRead(com.fasterxml.jackson.databind.ObjectMapper mapper) {
        com.fasterxml.jackson.core.JsonFactory f = mapper.getFactory();
        com.fasterxml.jackson.core.JsonFactory d = DEFAULT.getFactory();
        if (f.getClass() != d.getClass() || f.getCharacterEscapes() != null) {
            return false;
        }
        for (com.fasterxml.jackson.core.JsonGenerator.Feature g : com.fasterxml.jackson.core.JsonGenerator.Feature.values()) {
            if (f.isEnabled(g) != d.isEnabled(g)) {
                return false;
            }
        }
        // JSON-only write features (JsonWriteFeature: escaping of non-ASCII, of forward slashes, …).
        if (f.getFormatGeneratorFeatures() != d.getFormatGeneratorFeatures()) {
            return false;
        }
        com.fasterxml.jackson.databind.SerializationConfig c = mapper.getSerializationConfig();
        com.fasterxml.jackson.databind.SerializationConfig dc = DEFAULT.getSerializationConfig();
        for (com.fasterxml.jackson.databind.SerializationFeature s : com.fasterxml.jackson.databind.SerializationFeature.values()) {
            if (c.isEnabled(s) != dc.isEnabled(s)) {
                return false;
            }
        }
        for (com.fasterxml.jackson.databind.cfg.JsonNodeFeature n : com.fasterxml.jackson.databind.cfg.JsonNodeFeature.values()) {
            if (c.isEnabled(n) != dc.isEnabled(n)) {
                return false;
            }
        }
        return c.getDefaultPrettyPrinter() == null == (dc.getDefaultPrettyPrinter() == null);
    }
}
