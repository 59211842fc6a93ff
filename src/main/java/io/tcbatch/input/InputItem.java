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
 */
public record InputItem(ItemKind kind, ObjectNode node, long line, long column, String raw, String rejectReason,
                        String stixType) {

    public InputItem(ItemKind kind, ObjectNode node, long line, long column, String raw, String rejectReason) {
        this(kind, node, line, column, raw, rejectReason, null);
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
}
