package io.tcbatch.input;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads the JSON feeds that are neither Batch JSON nor STIX nor MISP, one value at a time:
 * <ul>
 * <li>a top-level array of strings, {@code ["192.0.2.1", "bad[.]example.com"]}: an IOC list,
 *     each value's type detected and its defang restored as in a text list;</li>
 * <li>a top-level array of plain objects, {@code [{"ioc": "192.0.2.5", "type": "ip", "tags": […]}]};</li>
 * <li>JSON lines (NDJSON): one object (or string) per line, or any sequence of top-level values.</li>
 * </ul>
 * An object is mapped as a CSV row with a guessed header is: the value from {@code value},
 * {@code ioc}, {@code indicator}, {@code ip}, {@code domain}, {@code url}, {@code hash} … (or
 * {@code md5}/{@code sha1}/{@code sha256}, which make one File together), {@code type} (the
 * spellings {@link CsvMapping#typeName} knows), {@code rating}, {@code confidence}, {@code tags},
 * {@code description}/{@code comment}, {@code first_seen}/{@code last_seen}. Each entry keeps
 * the line and column where it starts, so a reject names them.
 */
final class JsonFeedReader implements ItemSource {
    private static final ObjectMapper MAPPER = new ObjectMapper(BatchJsonReader.FACTORY);

    /** Keys that hold the indicator's value, in the order they are preferred when several are present. */
    static final List<String> VALUE_KEYS = List.of("value", "ioc", "indicator", "observable", "ip", "ip_address",
            "ipaddress", "ipv4", "ipv6", "dst_ip", "src_ip", "domain", "host", "hostname", "fqdn", "url", "uri", "hash",
            "email", "email_address", "cidr", "asn");
    private static final List<String> HASH_KEYS = List.of("md5", "sha1", "sha256");
    private static final List<String> TYPE_KEYS = List.of("type", "ioc_type", "indicator_type", "type_name");
    private static final List<String> TAG_KEYS = List.of("tags", "tag", "labels", "malware", "malware_family",
            "malware_printable");
    private static final List<String> DESCRIPTION_KEYS = List.of("description", "comment", "comments", "notes", "note");
    /** Types detection cannot tell from the value: the declared type is taken as written. */
    private static final Set<String> UNDETECTABLE = Set.of("User Agent", "Mutex", "Registry Key", "Email Subject",
            "Hashtag");

    private final String file;
    private final JsonParser parser;
    private final ArrayDeque<InputItem> pending = new ArrayDeque<>();
    private boolean array;
    private boolean done;
    private String formatName = "JSON lines";

    JsonFeedReader(String file, InputStream in) throws IOException {
        this.file = file;
        this.parser = Encodings.jsonParser(MAPPER, file, in);
        // The first token says list or lines, so the format is named before the first item.
        try {
            JsonToken t = parser.nextToken();
            if (t == null) {
                done = true;
            } else if (t == JsonToken.START_ARRAY) {
                array = true;
                formatName = "JSON list";
            } else {
                peeked = t;
            }
        } catch (JsonProcessingException e) {
            parser.close();
            throw jsonError(file, parser, e);
        }
    }

    /** The first top-level value's token, read by the constructor (JSON lines only). */
    private JsonToken peeked;

    @Override
    public String formatName() {
        return formatName;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    @Override
    public InputItem next() throws IOException {
        while (pending.isEmpty()) {
            if (done) {
                return null;
            }
            try {
                advance();
            } catch (JsonProcessingException e) {
                throw jsonError(file, parser, e);
            }
        }
        return pending.poll();
    }

    /** The one-line {@code file:line:column: what} of a JSON syntax error (shared with the MISP reader). */
    static InputException jsonError(String file, JsonParser parser, JsonProcessingException e) {
        InputException badByte = Encodings.invalidUtf8(file, e);
        if (badByte != null) {
            return badByte;
        }
        JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
        return new InputException(file, at.getLineNr(), at.getColumnNr(), BatchJsonReader.humane(e.getOriginalMessage()), e);
    }

    private void advance() throws IOException {
        JsonToken t = peeked != null ? peeked : parser.nextToken();
        peeked = null;
        if (array && t == JsonToken.END_ARRAY) {
            JsonToken after = parser.nextToken();
            if (after != null) {
                throw at("unexpected " + describe(after) + " after the end of the JSON list");
            }
            done = true;
            return;
        }
        if (t == null) {
            if (array) {
                throw at("the JSON list is not closed: the file ends before its ']'");
            }
            done = true;
            return;
        }
        JsonLocation start = parser.currentTokenLocation();
        long line = start.getLineNr();
        long column = start.getColumnNr();
        if (t == JsonToken.VALUE_STRING) {
            pending.add(value(parser.getText(), line, column));
        } else if (t == JsonToken.START_OBJECT) {
            ObjectNode o = (ObjectNode) parser.readValueAsTree();
            pending.add(object(o, line, column));
        } else {
            JsonNode v = parser.readValueAsTree();
            pending.add(InputItem.rejected(line, column, CommonFields.abbreviate(v.toString()),
                    "expected an indicator (a string) or an object with its value, found " + v.getNodeType()
                            .name().toLowerCase(Locale.ROOT)));
        }
    }

    /** A token as a message names it: "an array", "a number", "the end of the file". */
    static String describe(JsonToken t) {
        return Encodings.describe(t, o -> switch (o) {
            case END_ARRAY -> "a ']'";
            case END_OBJECT -> "a '}'";
            default -> Encodings.tokenName(o);
        });
    }

    private InputException at(String what) {
        JsonLocation l = parser.currentTokenLocation();
        return new InputException(file, l.getLineNr(), l.getColumnNr(), what, null);
    }

    /** A string of a list: detected as a line of an IOC list is. */
    static InputItem value(String written, long line, long column) {
        String v = written.strip();
        String restored = Defang.restore(v);
        IocDetector.Detected d = restored.isEmpty() ? null : IocDetector.detect(restored);
        if (d == null) {
            String scheme = IocDetector.unknownScheme(restored);
            return InputItem.rejected(line, column, written, "not a recognised indicator ("
                    + (restored.isEmpty() ? "an empty value" : scheme != null ? "unknown URL scheme '"
                            + CommonFields.abbreviate(scheme) + "'; a mistyped defang?" : IocListReader.why(restored)) + ")");
        }
        ObjectNode node = MAPPER.createObjectNode();
        node.put("type", d.type().apiName());
        node.put("summary", d.summary());
        if (d.note() != null) {
            node.put("description", d.note());
        }
        return new InputItem(ItemKind.INDICATOR, node, line, column, written, null);
    }

    /** A plain object, mapped by its keys' names. */
    static InputItem object(ObjectNode o, long line, long column) {
        String raw = CommonFields.abbreviate(o.toString());
        Map<String, JsonNode> fields = new java.util.LinkedHashMap<>();
        o.fields().forEachRemaining(f -> fields.putIfAbsent(CsvMapping.normal(f.getKey()), f.getValue()));
        ObjectNode node = MAPPER.createObjectNode();
        String declared = null;
        for (String k : TYPE_KEYS) {
            String t = scalar(fields.get(k));
            if (t != null && !t.isBlank()) {
                declared = t.strip();
                break;
            }
        }
        String typeName = declared == null ? null : CsvMapping.typeName(declared);
        String note = null;
        ObjectNode hashes = MAPPER.createObjectNode();
        for (String h : HASH_KEYS) {
            String v = scalar(fields.get(h));
            if (v != null && !v.isBlank()) {
                hashes.put(h, v.strip());
            }
        }
        String value = null;
        for (String k : VALUE_KEYS) {
            String v = scalar(fields.get(k));
            if (v != null && !v.isBlank()) {
                value = v.strip();
                break;
            }
        }
        if (value == null && hashes.isEmpty()) {
            return InputItem.rejected(line, column, raw, "no indicator value: expected one of the keys "
                    + String.join(", ", VALUE_KEYS) + ", md5, sha1 or sha256");
        }
        if (value == null) {
            node.put("type", "File");
            node.setAll(hashes);
        } else {
            String restored = Defang.restore(value);
            IocDetector.Detected d = IocDetector.detect(restored);
            if (typeName != null && UNDETECTABLE.contains(typeName)) {
                node.put("type", typeName).put("summary", value);
            } else if (d != null && (typeName == null || typeName.equals(d.type().apiName()))) {
                node.put("type", d.type().apiName()).put("summary", d.summary());
                note = d.note();
            } else if (d != null) {
                return InputItem.rejected(line, column, raw, "the value '" + CommonFields.abbreviate(value)
                        + "' is a " + d.type().apiName() + ", but its type says '" + CommonFields.abbreviate(declared)
                        + "'; correct the type or the value");
            } else if (typeName != null) {
                // The rules judge it and say what is wrong with the value.
                node.put("type", typeName).put("summary", restored);
            } else if (declared != null) {
                return InputItem.rejected(line, column, raw, "the type '" + CommonFields.abbreviate(declared)
                        + "' is no ThreatConnect indicator type (" + IndicatorType.API_NAMES + ") and '"
                        + CommonFields.abbreviate(value) + "' is not a recognised indicator");
            } else {
                return InputItem.rejected(line, column, raw, "not a recognised indicator (" + IocListReader.why(restored) + ")");
            }
            if (node.path("type").asText().equals("File") && !hashes.isEmpty()) {
                // A hash value beside hash keys: one File with all of them.
                hashes.fields().forEachRemaining(h -> {
                    if (!node.has(h.getKey())) {
                        node.set(h.getKey(), h.getValue());
                    }
                });
            }
        }
        number(fields.get("rating"), node, "rating");
        number(fields.containsKey("confidence") ? fields.get("confidence") : fields.get("confidence_level"), node,
                "confidence");
        Set<String> tags = new LinkedHashSet<>();
        for (String k : TAG_KEYS) {
            tagNames(fields.get(k), tags);
        }
        if (!tags.isEmpty()) {
            ArrayNode a = node.putArray("tag");
            tags.forEach(t -> a.addObject().put("name", t));
        }
        String description = null;
        for (String k : DESCRIPTION_KEYS) {
            String v = scalar(fields.get(k));
            if (v != null && !v.isBlank()) {
                description = v.strip();
                break;
            }
        }
        String joined = note == null ? description : description == null ? note : note + "; " + description;
        if (joined != null) {
            node.put("description", joined);
        }
        for (Map.Entry<String, JsonNode> f : fields.entrySet()) {
            String k = f.getKey();
            if (k.startsWith("first_seen") || k.equals("firstseen") || k.equals("date_added")) {
                date(f.getValue(), node, "firstSeen");
            } else if (k.startsWith("last_seen") || k.equals("lastseen") || k.equals("last_online")) {
                date(f.getValue(), node, "lastSeen");
            }
        }
        return new InputItem(ItemKind.INDICATOR, node, line, column, raw, null);
    }

    static String scalar(JsonNode v) {
        if (v == null || v.isNull() || v.isContainerNode()) {
            return null;
        }
        return v.asText();
    }

    private static void number(JsonNode v, ObjectNode node, String field) {
        if (v == null || v.isNull() || node.has(field)) {
            return;
        }
        if (v.isNumber()) {
            node.set(field, v);
        } else if (v.isTextual() && !v.textValue().isBlank()) {
            try {
                node.put(field, new java.math.BigDecimal(v.textValue().strip()));
            } catch (NumberFormatException e) {
                node.set(field, v); // the rules say what is wrong with it
            }
        }
    }

    /** Tags from an array of strings (or of {@code {"name": …}}) or one comma-separated string. */
    static void tagNames(JsonNode v, Set<String> into) {
        if (v == null || v.isNull()) {
            return;
        }
        if (v.isArray()) {
            for (JsonNode t : v) {
                String n = t.isObject() ? scalar(t.get("name")) : scalar(t);
                if (n != null && !n.isBlank()) {
                    into.add(n.strip());
                }
            }
        } else if (v.isTextual()) {
            for (String n : v.textValue().split(",")) {
                if (!n.isBlank()) {
                    into.add(n.strip());
                }
            }
        }
    }

    /**
     * A date as the API writes it (ISO-8601 with a zone). Feeds write {@code 2024-05-01},
     * {@code 2024-05-01 12:00:00 UTC} or Unix seconds; those are read as UTC. Anything else is
     * passed on as written, for the rules to refuse with their reason.
     */
    static void date(JsonNode v, ObjectNode node, String field) {
        String iso = iso(v);
        if (iso != null) {
            node.put(field, iso);
        } else if (v != null && !v.isNull() && !(v.isTextual() && v.textValue().isBlank())) {
            node.set(field, v);
        }
    }

    static String iso(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        String s = v.asText().strip();
        if (s.isEmpty()) {
            return null;
        }
        if (Values.isDateTime(s)) {
            return s;
        }
        if (s.chars().allMatch(Character::isDigit) && s.length() >= 9 && s.length() <= 13) {
            long n = Long.parseLong(s);
            return (s.length() == 13 ? Instant.ofEpochMilli(n) : Instant.ofEpochSecond(n)).toString();
        }
        if (s.length() == 10 && Values.isDateTime(s + "T00:00:00Z")) {
            return s + "T00:00:00Z";
        }
        String t = s.endsWith(" UTC") ? s.substring(0, s.length() - 4) : s;
        if (t.length() == 19 && t.charAt(10) == ' ' && Values.isDateTime(t.replace(' ', 'T') + "Z")) {
            return t.replace(' ', 'T') + "Z";
        }
        return null;
    }
}
