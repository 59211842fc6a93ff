package io.tcbatch.input;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A change every item goes through after it is read and before it is checked: the DSL's
 * {@code defaults { }} and {@code each { }}. It sees the item as Batch JSON and returns the item
 * to keep (the same node changed, or another one), or null to drop it on purpose; dropped items
 * are counted ({@code totals.dropped}), not rejected. Items the reader already rejected do not
 * reach it.
 */
@FunctionalInterface
public interface ItemTransform {
    ItemTransform NONE = (kind, node, line) -> node;

    /**
     * @param kind indicator, group or association
     * @param node the item; may be changed in place
     * @param line where the item starts in its input (for messages)
     * @return the item to keep, or null to drop it
     */
    ObjectNode apply(ItemKind kind, ObjectNode node, long line);

    default boolean isNone() {
        return this == NONE;
    }
}
