package io.tcbatch.input;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Checks of the metadata indicators and groups carry besides their value (API doc §3.3, §3.5,
 * §3.7): rating, confidence, booleans, sizes, tags, attributes, security labels, dates, file
 * occurrences and group links. A value of the wrong JSON shape or syntax (a word where a number
 * belongs, a date that is not ISO-8601, an object where an array belongs) is what ThreatConnect
 * reports as 0x1003 JsonSyntax, so those problems are marked {@code syntax}; the caller uses its
 * own kind's code (0x1005, 0x1006) for the rest (a well-formed value the item cannot have).
 *
 * <p>The item's fields are walked once, dispatching on the name, so the cost does not grow with
 * the number of fields the rules know; unknown fields are left alone (the server ignores them).
 * The first problem in field order is reported.
 */
final class CommonFields {
    private CommonFields() {
    }

    static final String SYNTAX_CODE = "0x1003";
    static final int MAX_TAG_LENGTH = 128;

    /** Which item the fields belong to: some fields mean something only on one of them. */
    enum Owner {
        INDICATOR, GROUP
    }

    record Problem(boolean syntax, String reason) {
        static Problem syntax(String reason) {
            return new Problem(true, reason);
        }

        static Problem invalid(String reason) {
            return new Problem(false, reason);
        }
    }

    /** The first problem found, or null. */
    static Problem check(JsonNode item, Owner owner) {
        boolean indicator = owner == Owner.INDICATOR;
        Iterator<Map.Entry<String, JsonNode>> fields = item.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode v = f.getValue();
            if (v.isNull()) {
                continue;
            }
            String name = f.getKey();
            Problem p = switch (name) {
                case "rating" -> number(name, v, 5, false);
                case "confidence" -> number(name, v, 100, true);
                case "tag" -> tags(v);
                case "attribute" -> attributes(v);
                case "securityLabel" -> securityLabels(name, v);
                // Dates of both kinds; eventDate, publishDate and aiLastRetrievalDate are group fields.
                case "firstSeen", "lastSeen", "externalDateAdded", "externalDateExpires", "externalLastModified",
                        "externalDateCreated", "externalDateLastModified", "dateAdded", "lastModified" -> date(name, v);
                case "eventDate", "publishDate", "aiLastRetrievalDate" -> indicator ? null : date(name, v);
                // flag1/flag2 are the tcex batch writer's names for dnsActive/whoisActive (§3.3 aliases).
                case "active", "activeLocked", "privateFlag", "dnsActive", "whoisActive", "flag1", "flag2" ->
                        indicator ? bool(name, v) : null;
                case "malware" -> indicator ? null : bool(name, v);
                // intValue1 is the SDKs' name for the File size (§3.3 aliases).
                case "size", "intValue1" -> indicator ? count(name, v) : null;
                case "fileOccurrence" -> indicator ? fileOccurrences(name, v) : null;
                case "fileAction" -> indicator ? fileAction(v) : null;
                case "associatedGroups" -> indicator ? associatedGroups(v) : null;
                case "associatedGroup" -> indicator ? legacyGroupIds(v) : null;
                case "associatedGroupXid" -> indicator ? null : xidList(name, v);
                case "associatedIndicators" -> associatedIndicators(v);
                case "description", "source" -> v.isContainerNode()
                        ? Problem.syntax(name + " must be text, not " + (v.isArray() ? "an array" : "an object")) : null;
                default -> null;
            };
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    /**
     * Numbers may arrive as strings ("4") or doubles (60.0): the Java SDK and its samples send
     * them so, and ThreatConnect accepts them, so both are coerced before the range check. The
     * rating may be fractional (v3 keeps it as a decimal, tcex sends floats); the confidence is an
     * integer, and 60.5 is refused as a type error (0x1003) because the server could not read it
     * as one, not silently rounded.
     */
    private static Problem number(String field, JsonNode v, int max, boolean integer) {
        double d = number(v);
        if (Double.isNaN(d)) {
            return Problem.syntax(field + " " + v + " is not a number");
        }
        if (integer && d != Math.rint(d)) {
            return Problem.syntax(field + " " + v + " is not a whole number");
        }
        if (d < 0 || d > max) {
            return Problem.invalid(field + " " + v.asText() + " is out of range (0 to " + max + ")");
        }
        return null;
    }

    /** The numeric value of a number or numeric string, NaN when it is neither. */
    static double number(JsonNode v) {
        if (v.isNumber()) {
            return v.doubleValue();
        }
        if (v.isTextual()) {
            String s = v.textValue().strip();
            if (s.isEmpty() || !isDecimal(s)) {
                return Double.NaN;
            }
            return Double.parseDouble(s);
        }
        return Double.NaN;
    }

    /*
     * Checked before parseDouble so that an invalid number is not an exception, and so that the
     * forms Java would also take ("0x1p3", "NaN", "Infinity", "4d") are refused: ThreatConnect
     * reads JSON numbers, and a JSON number is sign, digits, fraction, exponent.
     */
    private static boolean isDecimal(String s) {
        int i = 0;
        int n = s.length();
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            i++;
        }
        int digits = 0;
        while (i < n && Character.isDigit(s.charAt(i)) && s.charAt(i) < 0x80) {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) | 0x20) == 'e') {
            i++;
            if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                i++;
            }
            int exp = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return i == n;
    }

    /**
     * JSON booleans, or the strings "true"/"false" in any case (the Java SDK's samples send
     * {@code "privateFlag":"true"}). Anything else — 1, "yes", "" — is refused rather than
     * guessed, because guessing wrong flips a flag such as active on thousands of indicators.
     */
    private static Problem bool(String field, JsonNode v) {
        if (v.isBoolean() || v.isTextual() && (v.textValue().equalsIgnoreCase("true")
                || v.textValue().equalsIgnoreCase("false"))) {
            return null;
        }
        return Problem.syntax(field + " " + abbreviate(v.toString()) + " is not true or false");
    }

    /** True for JSON true or the string "true" in any case; callers have validated the value. */
    static boolean isTrue(JsonNode v) {
        return v != null && (v.isBoolean() ? v.booleanValue() : v.isTextual() && v.textValue().equalsIgnoreCase("true"));
    }

    /** A non-negative integer such as the File size; numeric strings and 10.0 are coerced. */
    private static Problem count(String field, JsonNode v) {
        double d = number(v);
        if (Double.isNaN(d) || d != Math.rint(d)) {
            return Problem.syntax(field + " " + abbreviate(v.toString()) + " is not a whole number");
        }
        if (d < 0) {
            return Problem.invalid(field + " " + v.asText() + " must not be negative");
        }
        return null;
    }

    private static Problem tags(JsonNode tags) {
        if (!tags.isArray()) {
            return Problem.syntax("tag must be an array of {\"name\": …}");
        }
        for (JsonNode tag : tags) {
            JsonNode name = tag.isObject() ? tag.get("name") : null;
            if (name == null || !name.isTextual() || name.textValue().isBlank()) {
                return Problem.invalid("tag entry " + abbreviate(tag.toString()) + " has no name");
            }
            if (name.textValue().length() > MAX_TAG_LENGTH) {
                return Problem.invalid("tag '" + abbreviate(name.textValue()) + "' is longer than "
                        + MAX_TAG_LENGTH + " characters");
            }
        }
        return null;
    }

    private static Problem attributes(JsonNode attributes) {
        if (!attributes.isArray()) {
            return Problem.syntax("attribute must be an array of {\"type\": …, \"value\": …}");
        }
        for (JsonNode a : attributes) {
            if (!a.isObject()) {
                return Problem.syntax("attribute entry " + abbreviate(a.toString()) + " is not an object");
            }
            JsonNode type = a.get("type");
            JsonNode value = a.get("value");
            if (type == null || !type.isTextual() || type.textValue().isBlank()) {
                return Problem.invalid("attribute entry has no type");
            }
            if (value == null || value.isNull()) {
                return Problem.invalid("attribute '" + type.textValue() + "' has no value");
            }
            if (value.isContainerNode()) {
                return Problem.syntax("attribute '" + type.textValue() + "' value must be text, not "
                        + (value.isArray() ? "an array" : "an object"));
            }
            for (String flag : ATTRIBUTE_FLAGS) {
                JsonNode f = a.get(flag);
                Problem p = f == null || f.isNull() ? null : bool("attribute '" + type.textValue() + "' " + flag, f);
                if (p != null) {
                    return p;
                }
            }
            JsonNode labels = a.get("securityLabel");
            if (labels != null && !labels.isNull()) {
                Problem p = securityLabels("attribute '" + type.textValue() + "' securityLabel", labels);
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    private static final String[] ATTRIBUTE_FLAGS = {"displayed", "pinned"};

    /**
     * {name, color, description}: the name is required; the color, when given, is six hex digits
     * as ThreatConnect writes it ({@code FF0000}; a leading "#" is refused, the server stores the
     * digits only).
     */
    private static Problem securityLabels(String what, JsonNode labels) {
        if (!labels.isArray()) {
            return Problem.syntax(what + " must be an array of {\"name\": …}");
        }
        for (JsonNode l : labels) {
            if (!l.isObject()) {
                return Problem.syntax(what + " entry " + abbreviate(l.toString()) + " is not an object");
            }
            JsonNode name = l.get("name");
            if (name == null || !name.isTextual() || name.textValue().isBlank()) {
                return Problem.invalid(what + " entry " + abbreviate(l.toString()) + " has no name");
            }
            JsonNode color = l.get("color");
            if (color != null && !color.isNull()
                    && !(color.isTextual() && color.textValue().length() == 6 && Values.isHex(color.textValue()))) {
                return Problem.invalid(what + " '" + name.textValue() + "' color " + abbreviate(color.toString())
                        + " is not six hex digits such as FF0000");
            }
        }
        return null;
    }

    private static Problem date(String field, JsonNode v) {
        if (v.isTextual() && Values.isDateTime(v.textValue())) {
            return null;
        }
        return Problem.syntax(field + " " + abbreviate(v.toString()) + " is not an ISO-8601 date-time with Z or a"
                + " ±hh:mm offset (for example 2024-05-01T00:00:00Z)");
    }

    /**
     * The docs type fileOccurrence as an object, tcex sends an array of them; both are accepted.
     * Each needs at least one of fileName, path and date (the docs' rule), and the date must be a
     * date-time like every other.
     */
    private static Problem fileOccurrences(String what, JsonNode v) {
        if (v.isObject()) {
            return fileOccurrence(what, v);
        }
        if (!v.isArray()) {
            return Problem.syntax(what + " must be an object or an array of {fileName, path, date}");
        }
        for (JsonNode o : v) {
            Problem p = o.isObject() ? fileOccurrence(what, o)
                    : Problem.syntax(what + " entry " + abbreviate(o.toString()) + " is not an object");
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private static Problem fileOccurrence(String what, JsonNode o) {
        boolean any = false;
        for (String f : OCCURRENCE_FIELDS) {
            JsonNode v = o.get(f);
            if (v == null || v.isNull()) {
                continue;
            }
            if (!v.isValueNode()) {
                return Problem.syntax(what + " " + f + " must be text");
            }
            if (f.equals("date")) {
                Problem p = date(what + " date", v);
                if (p != null) {
                    return p;
                }
            }
            any |= !v.asText().isBlank();
        }
        return any ? null : Problem.invalid(what + " " + abbreviate(o.toString())
                + " needs at least one of fileName, path and date");
    }

    private static final String[] OCCURRENCE_FIELDS = {"fileName", "path", "date"};

    /** The Java SDK nests occurrences as {@code fileAction: {fileOccurrence: [...]}}. */
    private static Problem fileAction(JsonNode v) {
        if (!v.isObject()) {
            return Problem.syntax("fileAction must be an object holding fileOccurrence");
        }
        JsonNode occurrences = v.get("fileOccurrence");
        return occurrences == null || occurrences.isNull() ? null
                : fileOccurrences("fileAction.fileOccurrence", occurrences);
    }

    /**
     * {@code [{"groupXid": …}]} as documented, plain xid strings as the 2019 docs wrote them, or a
     * mix of both (the Java SDK); an object may also carry dateAdded.
     */
    private static Problem associatedGroups(JsonNode v) {
        if (!v.isArray()) {
            return Problem.syntax("associatedGroups must be an array of {\"groupXid\": …}");
        }
        for (JsonNode g : v) {
            if (g.isTextual()) {
                if (g.textValue().isBlank()) {
                    return Problem.invalid("associatedGroups has an empty xid");
                }
                continue;
            }
            if (!g.isObject()) {
                return Problem.syntax("associatedGroups entry " + abbreviate(g.toString())
                        + " is neither {\"groupXid\": …} nor an xid");
            }
            JsonNode xid = g.get("groupXid");
            if (xid == null || !xid.isTextual() || xid.textValue().isBlank()) {
                return Problem.invalid("associatedGroups entry " + abbreviate(g.toString()) + " has no groupXid");
            }
            JsonNode added = g.get("dateAdded");
            if (added != null && !added.isNull()) {
                Problem p = date("associatedGroups dateAdded", added);
                if (p != null) {
                    return p;
                }
            }
        }
        return null;
    }

    /**
     * {@code [{"summary": …, "indicatorType": …}]} (§3.3, §3.5): each names an indicator by a
     * summary that must be valid for its type, since that is what the server looks it up by.
     */
    private static Problem associatedIndicators(JsonNode v) {
        if (!v.isArray()) {
            return Problem.syntax("associatedIndicators must be an array of {\"summary\": …, \"indicatorType\": …}");
        }
        for (JsonNode a : v) {
            if (!a.isObject()) {
                return Problem.syntax("associatedIndicators entry " + abbreviate(a.toString()) + " is not an object");
            }
            JsonNode t = a.get("indicatorType");
            IndicatorType type = t != null && t.isTextual() ? IndicatorType.byApiName(t.textValue()) : null;
            if (type == null) {
                return Problem.invalid("associatedIndicators entry " + abbreviate(a.toString())
                        + " has no indicatorType among " + IndicatorType.API_NAMES);
            }
            String summary = text(a.get("summary"));
            if (IndicatorRules.normalised(type, summary) == null) {
                return Problem.invalid("associatedIndicators entry " + abbreviate(a.toString())
                        + " has no valid " + type.apiName() + " summary");
            }
        }
        return null;
    }

    /** V1's associatedGroup: numeric ids of existing groups, as numbers or digit strings. */
    private static Problem legacyGroupIds(JsonNode v) {
        if (!v.isArray()) {
            return Problem.syntax("associatedGroup must be an array of group ids");
        }
        for (JsonNode id : v) {
            if (!isId(id)) {
                return Problem.syntax("associatedGroup entry " + abbreviate(id.toString()) + " is not a numeric group id");
            }
        }
        return null;
    }

    /** A group's associatedGroupXid: an array of xid strings (§3.5). */
    private static Problem xidList(String field, JsonNode v) {
        if (!v.isArray()) {
            return Problem.syntax(field + " must be an array of xid strings");
        }
        for (JsonNode x : v) {
            if (!x.isTextual()) {
                return Problem.syntax(field + " entry " + abbreviate(x.toString()) + " is not an xid string");
            }
            if (x.textValue().isBlank()) {
                return Problem.invalid(field + " has an empty xid");
            }
        }
        return null;
    }

    /** A numeric id: an integral JSON number, or 1–19 digits as a string. */
    static boolean isId(JsonNode id) {
        if (id.isIntegralNumber()) {
            return id.canConvertToLong() && id.longValue() >= 0;
        }
        if (!id.isTextual()) {
            return false;
        }
        String s = id.textValue();
        if (s.isEmpty() || s.length() > 19) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    static String text(JsonNode v) {
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        return v.isTextual() ? v.textValue() : v.asText();
    }

    static String abbreviate(String s) {
        return shown(s, 60);
    }

    /**
     * A value as quoted in a reason: at most {@code max} characters, and control characters
     * (a newline in a summary) written as escapes, so every reason stays one line in a log or a
     * rejects file however long or odd the input was.
     */
    static String shown(String s, int max) {
        boolean control = false;
        for (int i = 0; i < s.length() && !control; i++) {
            control = s.charAt(i) < ' ' || s.charAt(i) == 127;
        }
        String r = s.length() <= max ? s : s.substring(0, max - 3) + "...";
        if (!control) {
            return r;
        }
        StringBuilder b = new StringBuilder(r.length() + 16);
        for (int i = 0; i < r.length(); i++) {
            char c = r.charAt(i);
            switch (c) {
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < ' ' || c == 127) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
