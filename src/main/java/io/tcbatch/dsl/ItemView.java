package io.tcbatch.dsl;

import java.util.AbstractList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tcbatch.input.IndicatorType;
import io.tcbatch.input.ItemKind;

/**
 * What {@code each { item -> … }} sees: the item's Batch JSON as a live Map ({@code item.type},
 * {@code item.rating = 4}, {@code item.remove('source')}), plus {@code item.kind} ('indicator',
 * 'group', 'association'), {@code item.line} (where it is in its input), {@code item.summary} also
 * for an indicator given by its value fields, and {@code item.tags}, the tag names as a list one
 * can add to ({@code item.tags << 'x'}). One view per item, over the item's own node.
 */
public final class ItemView extends ItemJson.NodeMap {
    private final ItemKind kind;
    private final long line;

    ItemView(ItemKind kind, ObjectNode node, long line) {
        super(node);
        this.kind = kind;
        this.line = line;
    }

    @Override
    public Object get(Object key) {
        String k = String.valueOf(key);
        switch (k) {
            case "kind":
                return node.has("kind") ? super.get(k) : kind.arrayName();
            case "line":
                return node.has("line") ? super.get(k) : line;
            case "tags":
                return new TagNames(node);
            case "summary":
                return node.hasNonNull("summary") ? super.get(k) : summary(node);
            default:
                return super.get(k);
        }
    }

    @Override
    public Object put(String key, Object value) {
        if (key.equals("tags")) {
            // item.tags = ['a', 'b'] replaces the tags.
            ArrayNode tags = node.putArray("tag");
            for (Object v : value instanceof Iterable<?> it ? it : java.util.List.of(value)) {
                tags.addObject().put("name", String.valueOf(v));
            }
            return null;
        }
        return super.put(key, value);
    }

    /** {@code item.tag 'x', 'y'}: adds tags the item does not have yet. */
    public void tag(Object... names) {
        TagNames tags = new TagNames(node);
        for (Object n : names) {
            if (!tags.contains(String.valueOf(n))) {
                tags.add(String.valueOf(n));
            }
        }
    }

    /** {@code item.attribute 'Source', 'feed X'}: adds an attribute. */
    public void attribute(Object type, Object value) {
        ItemFields.addAttribute(node, ItemFields.attribute(null, type, value));
    }

    /** {@code item.securityLabel 'TLP:AMBER'}: adds a security label. */
    public void securityLabel(Object name) {
        ItemFields.addLabel(node, ItemFields.label(null, name));
    }

    /** The summary of an indicator given by its value fields (File hashes, Registry Key parts), or null. */
    private static String summary(ObjectNode node) {
        JsonNode type = node.get("type");
        IndicatorType t = type == null ? null : IndicatorType.fromApiName(type.asText()).orElse(null);
        if (t == null) {
            return null;
        }
        StringBuilder b = new StringBuilder();
        for (String f : t.valueFields()) {
            JsonNode v = node.get(f);
            if (v != null && !v.isNull()) {
                b.append(b.length() == 0 ? "" : " : ").append(v.asText());
            }
        }
        return b.length() == 0 ? null : b.toString();
    }

    /** The names of the item's {@code tag} array, live: adding a name adds {@code {"name": …}}. */
    static final class TagNames extends AbstractList<Object> {
        private final ObjectNode item;

        TagNames(ObjectNode item) {
            this.item = item;
        }

        private ArrayNode array(boolean create) {
            JsonNode t = item.get("tag");
            if (t instanceof ArrayNode a) {
                return a;
            }
            return create ? item.putArray("tag") : null;
        }

        @Override
        public Object get(int index) {
            JsonNode t = array(false).get(index);
            return t.isObject() ? t.path("name").asText(null) : t.asText();
        }

        @Override
        public int size() {
            ArrayNode a = array(false);
            return a == null ? 0 : a.size();
        }

        @Override
        public void add(int index, Object name) {
            array(true).insert(index, ItemJson.NODES.objectNode().put("name", String.valueOf(name)));
        }

        @Override
        public Object remove(int index) {
            Object old = get(index);
            array(false).remove(index);
            return old;
        }
    }
}
