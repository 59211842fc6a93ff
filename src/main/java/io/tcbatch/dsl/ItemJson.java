package io.tcbatch.dsl;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Date;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Groovy values to Batch JSON and back: what the inline builder writes, and the live Map and List
 * views {@code each { item -> … }} works on. The views read and write the item's own node, so a
 * change in the hook is the change the rules then check; nothing is copied per item.
 */
final class ItemJson {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern BARE_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

    private ItemJson() {
    }

    /** {@code value} as JSON: text, numbers, booleans, maps, lists (and the views themselves). */
    static JsonNode toJson(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof JsonNode n) {
            return n;
        }
        if (value instanceof NodeMap m) {
            return m.node;
        }
        if (value instanceof NodeList l) {
            return l.node;
        }
        if (value instanceof CharSequence s) {
            return NODES.textNode(s.toString());
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer || value instanceof Short || value instanceof Byte) {
            return NODES.numberNode(((Number) value).intValue());
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof BigInteger b) {
            return NODES.numberNode(b);
        }
        if (value instanceof BigDecimal d) {
            // Groovy writes 2.5 as a BigDecimal; 3.0 stays 3.0 rather than becoming 3.
            return NODES.numberNode(d);
        }
        if (value instanceof Number n) {
            return NODES.numberNode(n.doubleValue());
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode o = NODES.objectNode();
            map.forEach((k, v) -> o.set(String.valueOf(k), toJson(v)));
            return o;
        }
        if (value instanceof Iterable<?> it) {
            ArrayNode a = NODES.arrayNode();
            it.forEach(v -> a.add(toJson(v)));
            return a;
        }
        if (value instanceof Object[] arr) {
            ArrayNode a = NODES.arrayNode();
            for (Object v : arr) {
                a.add(toJson(v));
            }
            return a;
        }
        if (value instanceof Date || value instanceof TemporalAccessor) {
            return NODES.textNode(date(value));
        }
        if (value instanceof Enum<?> e) {
            return NODES.textNode(e.name());
        }
        return NODES.textNode(String.valueOf(value));
    }

    /**
     * A date field's value as the API writes it. A bare {@code 2024-05-01} (as the issue writes
     * {@code eventDate}) is taken as midnight UTC: in a script the author wrote a day, and the Batch
     * API needs an instant; files keep the stricter rule (a bare date there is refused). Anything
     * else that is text is passed on for the rules to judge.
     */
    static String date(Object value) {
        if (value instanceof Date d) {
            return DateTimeFormatter.ISO_INSTANT.format(d.toInstant());
        }
        if (value instanceof Instant i) {
            return DateTimeFormatter.ISO_INSTANT.format(i);
        }
        if (value instanceof OffsetDateTime o) {
            return o.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        if (value instanceof ZonedDateTime z) {
            return z.toOffsetDateTime().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
        }
        if (value instanceof LocalDate l) {
            return l.atStartOfDay(ZoneOffset.UTC).format(DateTimeFormatter.ISO_INSTANT);
        }
        if (value instanceof LocalDateTime l) {
            return l.atOffset(ZoneOffset.UTC).format(DateTimeFormatter.ISO_INSTANT);
        }
        String s = String.valueOf(value).strip();
        return BARE_DATE.matcher(s).matches() ? s + "T00:00:00Z" : s;
    }

    /** {@code node} as a Groovy value: text, numbers, booleans, and live views of objects and arrays. */
    static Object toGroovy(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isIntegralNumber()) {
            return node.canConvertToInt() ? (Object) node.intValue() : (Object) node.bigIntegerValue();
        }
        if (node.isNumber()) {
            return node.decimalValue();
        }
        if (node.isObject()) {
            return new NodeMap((ObjectNode) node);
        }
        if (node.isArray()) {
            return new NodeList((ArrayNode) node);
        }
        return node.asText();
    }

    /** A live Map over a JSON object: reads convert on the way out, writes on the way in. */
    static class NodeMap extends AbstractMap<String, Object> {
        final ObjectNode node;

        NodeMap(ObjectNode node) {
            this.node = node;
        }

        @Override
        public Object get(Object key) {
            return toGroovy(node.get(String.valueOf(key)));
        }

        @Override
        public boolean containsKey(Object key) {
            return node.has(String.valueOf(key));
        }

        @Override
        public Object put(String key, Object value) {
            Object old = get(key);
            node.set(key, toJson(value));
            return old;
        }

        @Override
        public Object remove(Object key) {
            Object old = get(key);
            node.remove(String.valueOf(key));
            return old;
        }

        @Override
        public int size() {
            return node.size();
        }

        @Override
        public Set<Entry<String, Object>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Entry<String, Object>> iterator() {
                    Iterator<Map.Entry<String, JsonNode>> it = node.fields();
                    return new Iterator<>() {
                        @Override
                        public boolean hasNext() {
                            return it.hasNext();
                        }

                        @Override
                        public Entry<String, Object> next() {
                            Map.Entry<String, JsonNode> e = it.next();
                            return new SimpleEntry<>(e.getKey(), toGroovy(e.getValue()));
                        }

                        @Override
                        public void remove() {
                            it.remove();
                        }
                    };
                }

                @Override
                public int size() {
                    return node.size();
                }
            };
        }

        @Override
        public String toString() {
            return node.toString();
        }
    }

    /** A live List over a JSON array. */
    static final class NodeList extends AbstractList<Object> {
        final ArrayNode node;

        NodeList(ArrayNode node) {
            this.node = node;
        }

        @Override
        public Object get(int index) {
            return toGroovy(node.get(index));
        }

        @Override
        public int size() {
            return node.size();
        }

        @Override
        public Object set(int index, Object value) {
            Object old = get(index);
            node.set(index, toJson(value));
            return old;
        }

        @Override
        public void add(int index, Object value) {
            node.insert(index, toJson(value));
        }

        @Override
        public Object remove(int index) {
            Object old = get(index);
            node.remove(index);
            return old;
        }
    }
}
