package io.tcbatch.input;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks of the metadata indicators and groups share: rating, confidence, tags, attributes and
 * dates. A value of the wrong JSON shape or syntax (a word where a number belongs, a date that
 * is not ISO-8601) is what ThreatConnect reports as 0x1003 JsonSyntax, so those problems are
 * marked {@code syntax}; the caller uses its own kind's code (0x1005, 0x1006) for the rest.
 */
final class CommonFields {
    private CommonFields() {
    }

    static final String SYNTAX_CODE = "0x1003";
    static final int MAX_TAG_LENGTH = 128;

    record Problem(boolean syntax, String reason) {
    }

    static final List<String> INDICATOR_DATES = List.of("firstSeen", "lastSeen", "externalDateAdded",
            "externalDateExpires", "externalLastModified", "externalDateCreated", "externalDateLastModified",
            "dateAdded", "lastModified");

    static final List<String> GROUP_DATES = List.of("firstSeen", "lastSeen", "eventDate", "publishDate",
            "externalDateAdded", "externalDateExpires", "externalLastModified", "externalDateCreated",
            "externalDateLastModified", "dateAdded", "lastModified", "aiLastRetrievalDate");

    private static final Map<String, double[]> RANGES = Map.of("rating", new double[] {0, 5},
            "confidence", new double[] {0, 100});

    /** The first problem found, or null. */
    static Problem check(JsonNode item, List<String> dateFields) {
        for (String field : List.of("rating", "confidence")) {
            Problem p = range(item, field, RANGES.get(field));
            if (p != null) {
                return p;
            }
        }
        Problem p = tags(item.get("tag"));
        if (p == null) {
            p = attributes(item.get("attribute"));
        }
        if (p == null) {
            p = dates(item, dateFields);
        }
        return p;
    }

    /**
     * Numbers may arrive as strings ("4") or doubles (60.0): the Java SDK and its samples send
     * them so, and ThreatConnect accepts them, so both are coerced before the range check.
     */
    private static Problem range(JsonNode item, String field, double[] range) {
        JsonNode v = item.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        Double d = number(v);
        if (d == null) {
            return new Problem(true, field + " " + v + " is not a number");
        }
        if (d < range[0] || d > range[1]) {
            return new Problem(false, field + " " + v.asText() + " is out of range ("
                    + (int) range[0] + " to " + (int) range[1] + ")");
        }
        return null;
    }

    static Double number(JsonNode v) {
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            try {
                double d = Double.parseDouble(v.asText().trim());
                return Double.isFinite(d) ? d : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Problem tags(JsonNode tags) {
        if (tags == null || tags.isNull()) {
            return null;
        }
        if (!tags.isArray()) {
            return new Problem(true, "tag must be an array of {\"name\": …}");
        }
        for (JsonNode tag : tags) {
            JsonNode name = tag.isObject() ? tag.get("name") : null;
            if (name == null || !name.isTextual() || name.asText().isBlank()) {
                return new Problem(false, "tag entry " + tag + " has no name");
            }
            if (name.asText().length() > MAX_TAG_LENGTH) {
                return new Problem(false, "tag '" + abbreviate(name.asText()) + "' is longer than "
                        + MAX_TAG_LENGTH + " characters");
            }
        }
        return null;
    }

    private static Problem attributes(JsonNode attributes) {
        if (attributes == null || attributes.isNull()) {
            return null;
        }
        if (!attributes.isArray()) {
            return new Problem(true, "attribute must be an array of {\"type\": …, \"value\": …}");
        }
        for (JsonNode a : attributes) {
            if (!a.isObject()) {
                return new Problem(true, "attribute entry " + abbreviate(a.toString()) + " is not an object");
            }
            JsonNode type = a.get("type");
            JsonNode value = a.get("value");
            if (type == null || !type.isTextual() || type.asText().isBlank()) {
                return new Problem(false, "attribute entry has no type");
            }
            if (value == null || value.isNull()) {
                return new Problem(false, "attribute '" + type.asText() + "' has no value");
            }
        }
        return null;
    }

    private static Problem dates(JsonNode item, List<String> fields) {
        for (String field : fields) {
            JsonNode v = item.get(field);
            if (v == null || v.isNull()) {
                continue;
            }
            if (!v.isTextual() || !Values.isDateTime(v.asText())) {
                return new Problem(true, field + " " + v + " is not an ISO-8601 date-time with Z or a"
                        + " ±hh:mm offset (for example 2024-05-01T00:00:00Z)");
            }
        }
        return null;
    }

    static String text(JsonNode v) {
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        return v.asText();
    }

    static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
