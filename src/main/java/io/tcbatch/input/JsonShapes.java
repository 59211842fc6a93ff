package io.tcbatch.input;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Tells the JSON shapes that are not STIX apart from the start of a file (the 8 KB
 * {@link Inputs} sniffs), without needing the whole first value: MISP by an {@code "Event"} or
 * {@code "response"} key opening the document (or its list's first element), JSON lines by a
 * second top-level value, a list by its first element (strings, or objects keyed like a feed
 * rather than like Batch JSON). Everything else is Batch JSON, whose reader says what is wrong.
 */
final class JsonShapes {
    private JsonShapes() {
    }

    private static final Set<String> BATCH_KEYS = Set.of("summary", "indicator", "group", "association", "xid",
            "ref_1", "ref_2");

    private static final Set<String> CONTAINERS = Set.of("indicator", "group", "association");

    static Format sniff(byte[] head) {
        try {
            return sniffOrFail(head);
        } catch (IOException | RuntimeException e) {
            // Malformed (or cut at 8 KB before a decision): the Batch reader names the line and column.
            return Format.BATCH_JSON;
        }
    }

    private static Format sniffOrFail(byte[] head) throws IOException {
        try (JsonParser p = BatchJsonReader.FACTORY.createParser(head)) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_OBJECT) {
                Map<String, String> fields = fields(p);
                if (fields.containsKey("Event") || fields.containsKey("response")) {
                    return Format.MISP;
                }
                if (batch(fields)) {
                    return Format.BATCH_JSON;
                }
                JsonToken second;
                try {
                    second = p.nextToken();
                } catch (IOException e) {
                    return Format.BATCH_JSON;
                }
                return second == JsonToken.START_OBJECT || second == JsonToken.VALUE_STRING ? Format.JSON_LINES
                        : Format.BATCH_JSON;
            }
            if (t == JsonToken.VALUE_STRING) {
                // A quoted value per line.
                return Format.JSON_LINES;
            }
            if (t != JsonToken.START_ARRAY) {
                return Format.BATCH_JSON;
            }
            JsonToken first = p.nextToken();
            if (first == JsonToken.VALUE_STRING) {
                return Format.JSON_LINES;
            }
            if (first != JsonToken.START_OBJECT) {
                return Format.BATCH_JSON;
            }
            Map<String, String> fields = fields(p);
            if (fields.containsKey("Event")) {
                return Format.MISP;
            }
            if (batch(fields)) {
                return Format.BATCH_JSON;
            }
            for (String k : fields.keySet()) {
                String n = CsvMapping.normal(k);
                if (JsonFeedReader.VALUE_KEYS.contains(n) || n.equals("md5") || n.equals("sha1") || n.equals("sha256")) {
                    return Format.JSON_LINES;
                }
            }
            return Format.BATCH_JSON;
        }
    }

    /**
     * The first-level fields of the object the parser has just opened (scalar values as text,
     * others null), up to its end or as far as the head goes; the parser is left after it.
     */
    private static Map<String, String> fields(JsonParser p) {
        Map<String, String> fields = new LinkedHashMap<>();
        try {
            JsonToken t;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken v = p.nextToken();
                fields.put(name, v != null && v.isScalarValue() ? p.getText() : null);
                p.skipChildren();
            }
        } catch (IOException e) {
            // Cut by the head: what was seen decides.
        }
        return fields;
    }

    /** An object Batch JSON would hold: its own keys, or a built-in type with one of its value fields. */
    private static boolean batch(Map<String, String> fields) {
        for (Map.Entry<String, String> f : fields.entrySet()) {
            // "indicator": "192.0.2.1" is a feed's value; Batch V2's "indicator" is an array.
            if (BATCH_KEYS.contains(f.getKey()) && (f.getValue() == null || !CONTAINERS.contains(f.getKey()))) {
                return true;
            }
        }
        IndicatorType type = IndicatorType.byApiName(fields.get("type"));
        if (type != null) {
            for (String f : type.valueFields()) {
                if (fields.containsKey(f)) {
                    return true;
                }
            }
        }
        return false;
    }
}
