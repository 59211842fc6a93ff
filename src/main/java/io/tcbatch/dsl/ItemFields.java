package io.tcbatch.dsl;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tcbatch.batch.UsageException;
import io.tcbatch.input.IndicatorType;

/**
 * The named arguments an item written in the script may carry (API doc §3.3 and §3.5) and how
 * each becomes Batch JSON V2. Names are those of the API; the few the API spells with spaces
 * ({@code Key Name}) also have a camelCase form ({@code keyName}). The lists here are for the
 * script's "did you mean"; the values are judged by the input rules, as for any file.
 */
final class ItemFields {
    private ItemFields() {
    }

    /** Fields every indicator may have. */
    static final Set<String> INDICATOR = Set.of("summary", "rating", "confidence", "description", "source", "xid",
            "active", "activeLocked", "privateFlag", "firstSeen", "lastSeen", "externalDateAdded", "externalDateExpires",
            "externalLastModified", "dateAdded", "lastModified", "tag", "tags", "attribute", "attributes",
            "securityLabel", "securityLabels", "associatedGroups", "associatedIndicators");

    /** Fields of one indicator type only. */
    static final Map<IndicatorType, Set<String>> BY_TYPE = Map.of(
            IndicatorType.FILE, Set.of("size", "fileOccurrence"),
            IndicatorType.HOST, Set.of("dnsActive", "whoisActive"));

    /** Fields every group may have (type-specific ones are judged by the rules). */
    static final Set<String> GROUP = Set.of("name", "xid", "description", "source", "firstSeen", "lastSeen",
            "externalDateAdded", "externalDateExpires", "externalLastModified", "dateAdded", "tag", "tags", "attribute",
            "attributes", "securityLabel", "securityLabels", "associatedGroupXid", "associatedGroups",
            "associatedIndicators", "eventDate", "status", "eventType", "fileName", "fileType", "fileText", "subject",
            "header", "body", "from", "to", "score", "malware", "password", "publishDate", "insights", "aiProvider",
            "aiLastRetrievalDate", "publishRootItem");

    static final Set<String> DATES = Set.of("firstSeen", "lastSeen", "externalDateAdded", "externalDateExpires",
            "externalLastModified", "dateAdded", "lastModified", "eventDate", "publishDate", "aiLastRetrievalDate");

    /** An API value field's camelCase name ({@code Key Name} → {@code keyName}, {@code AS Number} → {@code asNumber}). */
    static String camel(String apiName) {
        String[] words = apiName.split(" ");
        StringBuilder b = new StringBuilder();
        for (String w : words) {
            if (b.length() == 0) {
                b.append(w.equals(w.toUpperCase()) ? w.toLowerCase() : Character.toLowerCase(w.charAt(0)) + w.substring(1));
            } else {
                b.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1).toLowerCase());
            }
        }
        return b.toString();
    }

    /** The value fields of {@code type} by the names a script may use (camelCase and the API's own). */
    static Map<String, String> valueFields(IndicatorType type) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String f : type.valueFields()) {
            m.put(camel(f), f);
            m.put(f, f);
        }
        return m;
    }

    /** Sets the named argument {@code name} on {@code node}, or says it is not one this item takes. */
    static void set(ObjectNode node, boolean group, String name, Object value, Set<String> allowed, String what) {
        if (!allowed.contains(name)) {
            String near = Suggest.closest(name, allowed);
            throw new UsageException("'" + name + "' is not a field of " + what
                    + (near != null ? " (did you mean '" + near + "'?)" : " (fields: " + String.join(", ", new TreeSet<>(allowed)) + ")"));
        }
        switch (name) {
            case "tag", "tags" -> {
                for (Object t : values(value)) {
                    addTag(node, String.valueOf(t));
                }
            }
            case "attribute", "attributes" -> {
                if (value instanceof Map<?, ?> m && !m.containsKey("type")) {
                    // attributes: [Description: '…', Source: '…']
                    m.forEach((k, v) -> addAttribute(node, attribute(null, k, v)));
                } else {
                    for (Object a : values(value)) {
                        addAttribute(node, (ObjectNode) ItemJson.toJson(a));
                    }
                }
            }
            case "securityLabel", "securityLabels" -> {
                for (Object l : values(value)) {
                    addLabel(node, l instanceof Map<?, ?> ? (ObjectNode) ItemJson.toJson(l) : label(null, l));
                }
            }
            case "associatedGroups" -> {
                // On an indicator, associatedGroups: ['incident-42'] (xids); on a group it means associatedGroupXid.
                if (group) {
                    ArrayNode a = node.withArray("associatedGroupXid");
                    values(value).forEach(x -> a.add(String.valueOf(x)));
                } else {
                    ArrayNode a = node.withArray("associatedGroups");
                    values(value).forEach(x -> a.add(x instanceof Map<?, ?> ? ItemJson.toJson(x)
                            : ItemJson.NODES.objectNode().put("groupXid", String.valueOf(x))));
                }
            }
            case "associatedGroupXid" -> {
                ArrayNode a = node.withArray("associatedGroupXid");
                values(value).forEach(x -> a.add(String.valueOf(x)));
            }
            default -> node.set(name, DATES.contains(name) && value != null
                    ? ItemJson.NODES.textNode(ItemJson.date(value)) : ItemJson.toJson(value));
        }
    }

    private static List<?> values(Object v) {
        if (v instanceof Iterable<?> it) {
            List<Object> l = new java.util.ArrayList<>();
            it.forEach(l::add);
            return l;
        }
        if (v instanceof Object[] a) {
            return List.of(a);
        }
        return List.of(v);
    }

    /** {@code attribute 'Description', 'seen in …'} (options: displayed, pinned, source, securityLabel). */
    static ObjectNode attribute(Map<?, ?> options, Object type, Object value) {
        if (type == null || value == null) {
            throw new UsageException("attribute takes a type and a value, e.g. attribute 'Description', 'seen in the feed'");
        }
        ObjectNode a = ItemJson.NODES.objectNode().put("type", String.valueOf(type));
        a.set("value", ItemJson.toJson(value instanceof CharSequence ? value.toString() : String.valueOf(value)));
        if (options != null) {
            options.forEach((k, v) -> a.set(String.valueOf(k), ItemJson.toJson(v)));
        }
        return a;
    }

    /** {@code securityLabel 'TLP:AMBER'} (options: color, description). */
    static ObjectNode label(Map<?, ?> options, Object name) {
        if (name == null) {
            throw new UsageException("securityLabel takes a name, e.g. securityLabel 'TLP:AMBER'");
        }
        ObjectNode l = ItemJson.NODES.objectNode().put("name", String.valueOf(name));
        if (options != null) {
            options.forEach((k, v) -> l.set(String.valueOf(k), ItemJson.toJson(v)));
        }
        return l;
    }

    /** Adds tag {@code name} unless the item has it; leaves a malformed {@code tag} for the rules to report. */
    static void addTag(ObjectNode node, String name) {
        JsonNode t = node.get("tag");
        if (t != null && !t.isArray() && !t.isNull()) {
            return;
        }
        ArrayNode tags = t instanceof ArrayNode a ? a : node.putArray("tag");
        for (JsonNode e : tags) {
            if (name.equals(e.path("name").asText(null))) {
                return;
            }
        }
        tags.addObject().put("name", name);
    }

    /** Adds {@code attribute} unless the item has the same type and value. */
    static void addAttribute(ObjectNode node, ObjectNode attribute) {
        JsonNode t = node.get("attribute");
        if (t != null && !t.isArray() && !t.isNull()) {
            return;
        }
        ArrayNode all = t instanceof ArrayNode a ? a : node.putArray("attribute");
        for (JsonNode e : all) {
            if (e.path("type").equals(attribute.path("type")) && e.path("value").equals(attribute.path("value"))) {
                return;
            }
        }
        all.add(attribute);
    }

    /** Adds {@code label} unless the item has one of that name. */
    static void addLabel(ObjectNode node, ObjectNode label) {
        JsonNode t = node.get("securityLabel");
        if (t != null && !t.isArray() && !t.isNull()) {
            return;
        }
        ArrayNode all = t instanceof ArrayNode a ? a : node.putArray("securityLabel");
        for (JsonNode e : all) {
            if (e.path("name").equals(label.path("name"))) {
                return;
            }
        }
        all.add(label);
    }

    /** The delegate of an item's trailing closure: {@code { tag 'C2'; attribute 'Description', '…' }}. */
    public static final class Extras {
        private final ObjectNode node;

        Extras(ObjectNode node) {
            this.node = node;
        }

        public void tag(Object... names) {
            for (Object n : names) {
                addTag(node, String.valueOf(n));
            }
        }

        public void attribute(Object type, Object value) {
            addAttribute(node, ItemFields.attribute(null, type, value));
        }

        public void attribute(Map<String, ?> options, Object type, Object value) {
            addAttribute(node, ItemFields.attribute(options, type, value));
        }

        public void securityLabel(Object name) {
            addLabel(node, label(null, name));
        }

        public void securityLabel(Map<String, ?> options, Object name) {
            addLabel(node, label(options, name));
        }
    }
}
