package io.tcbatch.input;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
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
 * Streams MISP events as Batch items: {@code {"Event": {…}}} (an event export and a MISP feed's
 * event file), a list of such events, the REST search result {@code {"response": [{"Event": …}]}},
 * an event object without its wrapper, and JSON lines of events. The event's {@code Attribute} array is read one
 * attribute at a time; each entry of {@code Object} (a MISP object: a handful of attributes) is
 * read whole, and its attributes take the object's line.
 *
 * <p>Each event becomes one ThreatConnect Event group (name from {@code info}, xid from the
 * event {@code uuid}, eventDate from {@code date}, the event's tags, its creator org as the Source
 * attribute), written after its attributes, followed by one association from the group to every
 * indicator of it. Only the indicators' association ends are kept until the event ends (type and
 * normalised value, ~100 bytes an indicator); nothing else grows with the file.
 *
 * <p>Attributes: {@code ip-src}/{@code ip-dst} → Address (a block → CIDR), {@code …|port} → Address
 * with "port N" in the description; {@code domain}/{@code hostname} → Host ({@code hostname|port}
 * likewise); {@code domain|ip} → Host and Address; {@code url}/{@code uri} → URL;
 * {@code md5}/{@code sha1}/{@code sha256} → File, {@code filename|md5} … → File with the file name
 * as its occurrence and in the description; {@code email}/{@code email-src}/{@code email-dst}/
 * {@code email-reply-to} → EmailAddress; {@code email-subject} → Email Subject; {@code AS} → ASN;
 * {@code user-agent} → User Agent; {@code mutex} → Mutex; {@code regkey}, {@code regkey|value} →
 * Registry Key. Every other type (text, comment, link, attachment, malware-sample, vulnerability,
 * yara, sha512, ssdeep …) is rejected with its type, as is an attribute MISP marks deleted.
 * Carried over: {@code comment} → description; tags → tags, except {@code tlp:…} which becomes the
 * security label {@code TLP:…}; {@code first_seen}/{@code last_seen} → firstSeen/lastSeen;
 * {@code timestamp} → externalLastModified. {@code to_ids} is not a filter: an attribute without
 * it is still part of the event (context such as a sender address), and ThreatConnect has no field
 * for "use for detection".
 */
final class MispReader implements ItemSource {
    private static final ObjectMapper MAPPER = new ObjectMapper(BatchJsonReader.FACTORY);

    private final String file;
    private final JsonParser parser;
    private final ArrayDeque<InputItem> pending = new ArrayDeque<>();

    private enum Where { START, LIST, EVENT, ATTRIBUTES, OBJECTS, DONE }

    private enum Container { SINGLE, LIST, RESPONSE }

    private Where where = Where.START;
    private Container container;
    /** The event in hand is wrapped as {@code {"Event": …}}: the wrapper's end follows its end. */
    private boolean wrapped;
    /** A bare event's first field, read while looking for the wrapper. */
    private String firstField;
    private ObjectNode header;
    private long eventLine;
    private long eventColumn;
    private List<String[]> ends;
    private Set<String> endKeys;
    private int events;

    MispReader(String file, InputStream in) throws IOException {
        this.file = file;
        this.parser = Encodings.jsonParser(MAPPER, file, in);
    }

    @Override
    public String formatName() {
        return container == Container.SINGLE || container == null ? "MISP event" : "MISP events (" + events + ")";
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    @Override
    public InputItem next() throws IOException {
        while (pending.isEmpty()) {
            if (where == Where.DONE) {
                return null;
            }
            try {
                advance();
            } catch (JsonProcessingException e) {
                throw JsonFeedReader.jsonError(file, parser, e);
            }
        }
        return pending.poll();
    }

    private void advance() throws IOException {
        switch (where) {
            case START -> start();
            case LIST -> listEntry();
            case EVENT -> eventField();
            case ATTRIBUTES -> {
                JsonToken t = parser.nextToken();
                if (t == JsonToken.END_ARRAY) {
                    where = Where.EVENT;
                } else {
                    JsonLocation at = parser.currentTokenLocation();
                    JsonNode a = parser.readValueAsTree();
                    attribute(a, at.getLineNr(), at.getColumnNr(), null);
                }
            }
            case OBJECTS -> {
                JsonToken t = parser.nextToken();
                if (t == JsonToken.END_ARRAY) {
                    where = Where.EVENT;
                } else {
                    JsonLocation at = parser.currentTokenLocation();
                    JsonNode o = parser.readValueAsTree();
                    String name = JsonFeedReader.scalar(o.get("name"));
                    JsonNode attributes = o.path("Attribute");
                    if (!attributes.isArray() || attributes.isEmpty()) {
                        pending.add(InputItem.rejected(at.getLineNr(), at.getColumnNr(), CommonFields.abbreviate(o.toString()),
                                "MISP object " + (name == null ? "" : "'" + name + "' ") + "has no attributes"));
                    }
                    for (JsonNode a : attributes) {
                        attribute(a, at.getLineNr(), at.getColumnNr(), name == null ? "object" : name);
                    }
                }
            }
            case DONE -> {
            }
        }
    }

    private void start() throws IOException {
        JsonToken t = parser.nextToken();
        if (t == null) {
            throw error("empty file: expected a MISP event");
        }
        if (t == JsonToken.START_ARRAY) {
            container = Container.LIST;
            where = Where.LIST;
            return;
        }
        if (t != JsonToken.START_OBJECT) {
            throw error("expected a MISP event (a JSON object), found " + JsonFeedReader.describe(t));
        }
        topObject();
    }

    /** A top-level object, just opened: {"response": […]}, {"Event": {…}} or a bare event. */
    private void topObject() throws IOException {
        JsonToken f = parser.nextToken();
        if (f == JsonToken.END_OBJECT) {
            throw error("an empty object: expected a MISP event");
        }
        String name = parser.currentName();
        JsonToken v = parser.nextToken();
        if (name.equals("response") && v == JsonToken.START_ARRAY) {
            container = Container.RESPONSE;
            where = Where.LIST;
        } else if (name.equals("Event") && v == JsonToken.START_OBJECT) {
            container = Container.SINGLE;
            wrapped = true;
            begin(parser.currentTokenLocation());
        } else {
            container = Container.SINGLE;
            wrapped = false;
            begin(parser.currentTokenLocation());
            firstField = name;
        }
    }

    private void listEntry() throws IOException {
        JsonToken t = parser.nextToken();
        if (t == JsonToken.END_ARRAY) {
            if (container == Container.RESPONSE) {
                skipToEndOfObject();
            }
            finish();
            return;
        }
        if (t != JsonToken.START_OBJECT) {
            throw error("expected a MISP event in the list, found " + (JsonFeedReader.describe(t)));
        }
        JsonLocation at = parser.currentTokenLocation();
        JsonToken f = parser.nextToken();
        if (f == JsonToken.END_OBJECT) {
            pending.add(InputItem.rejected(at.getLineNr(), at.getColumnNr(), "{}", "an empty object: expected a MISP event"));
            return;
        }
        String name = parser.currentName();
        JsonToken v = parser.nextToken();
        wrapped = name.equals("Event") && v == JsonToken.START_OBJECT;
        begin(wrapped ? parser.currentTokenLocation() : at);
        firstField = wrapped ? null : name;
    }

    private void begin(JsonLocation at) {
        header = MAPPER.createObjectNode();
        eventLine = at.getLineNr();
        eventColumn = at.getColumnNr();
        ends = new ArrayList<>();
        endKeys = new HashSet<>();
        where = Where.EVENT;
        events++;
    }

    private void eventField() throws IOException {
        String name;
        if (firstField != null) {
            name = firstField;
            firstField = null;
        } else {
            JsonToken t = parser.nextToken();
            if (t == JsonToken.END_OBJECT) {
                endEvent();
                return;
            }
            if (t != JsonToken.FIELD_NAME) {
                throw error("unexpected " + (t == null ? "end of the file inside a MISP event" : JsonFeedReader.describe(t)));
            }
            name = parser.currentName();
            parser.nextToken();
        }
        JsonToken v = parser.currentToken();
        if (name.equals("Attribute") && v == JsonToken.START_ARRAY) {
            where = Where.ATTRIBUTES;
        } else if (name.equals("Object") && v == JsonToken.START_ARRAY) {
            where = Where.OBJECTS;
        } else {
            header.set(name, (JsonNode) parser.readValueAsTree());
        }
    }

    private void skipToEndOfObject() throws IOException {
        JsonToken t;
        while ((t = parser.nextToken()) != JsonToken.END_OBJECT) {
            if (t == null) {
                throw error("the file ends inside an object");
            }
            parser.nextToken();
            parser.skipChildren();
        }
    }

    private void finish() throws IOException {
        JsonToken after = parser.nextToken();
        if (after != null) {
            throw error("unexpected " + JsonFeedReader.describe(after) + " after the end of the JSON document");
        }
        where = Where.DONE;
    }

    // ---------------------------------------------------------------- the event

    private void endEvent() throws IOException {
        ObjectNode g = MAPPER.createObjectNode();
        g.put("type", "Event");
        String uuid = JsonFeedReader.scalar(header.get("uuid"));
        String id = JsonFeedReader.scalar(header.get("id"));
        String info = JsonFeedReader.scalar(header.get("info"));
        String xid = uuid != null && !uuid.isBlank() ? uuid
                : "misp-event-" + (id != null && !id.isBlank() ? id : "line-" + eventLine);
        g.put("name", info != null && !info.isBlank() ? info.strip() : "MISP event " + xid);
        g.put("xid", xid);
        String date = JsonFeedReader.iso(header.get("date"));
        if (date != null) {
            g.put("eventDate", date);
        }
        String org = JsonFeedReader.scalar(header.path("Orgc").get("name"));
        if (org != null && !org.isBlank()) {
            g.putArray("attribute").addObject().put("type", "Source").put("value", "MISP: " + org.strip())
                    .put("displayed", true);
        }
        tags(header.get("Tag"), g);
        pending.add(new InputItem(ItemKind.GROUP, g, eventLine, eventColumn, xid, null));
        RuleResult r = GroupRules.check(g);
        for (String[] end : ends) {
            if (!r.isValid()) {
                pending.add(new InputItem(ItemKind.ASSOCIATION, null, eventLine, eventColumn, end[1],
                        "cannot link " + end[0] + " " + end[1] + " to its event: the event is not valid (" + r.reason() + ")"));
                continue;
            }
            ObjectNode n = MAPPER.createObjectNode();
            n.put("ref_1", r.key());
            n.put("ref_2", end[1]);
            n.put("type_2", end[0]);
            pending.add(new InputItem(ItemKind.ASSOCIATION, n, eventLine, eventColumn, xid + " " + end[1], null));
        }
        ends = null;
        endKeys = null;
        header = null;
        if (wrapped) {
            skipToEndOfObject();
        }
        if (container == Container.SINGLE) {
            // JSON lines of events ({"Event": …} per line) go on; anything else after the event is an error.
            JsonToken t = parser.nextToken();
            if (t == null) {
                where = Where.DONE;
            } else if (t == JsonToken.START_OBJECT) {
                topObject();
            } else {
                throw error("unexpected " + JsonFeedReader.describe(t) + " after the end of the MISP event");
            }
        } else {
            where = Where.LIST;
        }
    }

    // ---------------------------------------------------------------- attributes

    private void attribute(JsonNode a, long line, long column, String object) {
        String in = object == null ? "" : " (in the MISP object '" + object + "')";
        if (!a.isObject()) {
            pending.add(InputItem.rejected(line, column, CommonFields.abbreviate(a.toString()),
                    "expected a MISP attribute (an object)" + in));
            return;
        }
        String type = JsonFeedReader.scalar(a.get("type"));
        String value = JsonFeedReader.scalar(a.get("value"));
        String raw = (type == null ? "?" : type) + " " + CommonFields.abbreviate(value == null ? "" : value);
        if (type == null || value == null || value.isBlank()) {
            pending.add(InputItem.rejected(line, column, raw, "a MISP attribute without a " + (type == null ? "type" : "value") + in));
            return;
        }
        if (a.path("deleted").asBoolean(false)) {
            pending.add(InputItem.rejected(line, column, raw, "the attribute is marked deleted in MISP" + in));
            return;
        }
        List<ObjectNode> nodes = new ArrayList<>();
        String why = map(type, value.strip(), nodes);
        if (why != null) {
            pending.add(InputItem.rejected(line, column, raw, why + in));
            return;
        }
        for (ObjectNode node : nodes) {
            String comment = JsonFeedReader.scalar(a.get("comment"));
            if (comment != null && !comment.isBlank()) {
                String before = JsonFeedReader.scalar(node.get("description"));
                node.put("description", before == null ? comment.strip() : before + "; " + comment.strip());
            }
            tags(a.get("Tag"), node);
            date(a.get("first_seen"), node, "firstSeen");
            date(a.get("last_seen"), node, "lastSeen");
            date(a.get("timestamp"), node, "externalLastModified");
            RuleResult r = IndicatorRules.check(node);
            if (r.isValid() && endKeys.add(r.type() + "\u0000" + r.key())) {
                ends.add(new String[] {r.type(), r.key()});
            }
            pending.add(new InputItem(ItemKind.INDICATOR, node, line, column, raw, null));
        }
    }

    private static void date(JsonNode v, ObjectNode node, String field) {
        if (v != null && !v.isNull() && !(v.isTextual() && v.textValue().isBlank())) {
            JsonFeedReader.date(v, node, field);
        }
    }

    /** Tags and TLP labels of a MISP {@code Tag} array. */
    private static void tags(JsonNode tagArray, ObjectNode node) {
        if (tagArray == null || !tagArray.isArray()) {
            return;
        }
        Set<String> tags = new LinkedHashSet<>();
        Set<String> labels = new LinkedHashSet<>();
        for (JsonNode t : tagArray) {
            String name = JsonFeedReader.scalar(t.isObject() ? t.get("name") : t);
            if (name == null || name.isBlank()) {
                continue;
            }
            name = name.strip();
            if (name.regionMatches(true, 0, "tlp:", 0, 4)) {
                // ThreatConnect's own labels are TLP:WHITE … TLP:RED: the marking is kept as one.
                labels.add(name.toUpperCase(Locale.ROOT));
            } else {
                tags.add(name);
            }
        }
        if (!tags.isEmpty()) {
            ArrayNode a = node.withArray("tag");
            tags.forEach(n -> a.addObject().put("name", n));
        }
        if (!labels.isEmpty()) {
            ArrayNode a = node.withArray("securityLabel");
            labels.forEach(n -> a.addObject().put("name", n));
        }
    }

    /** The indicators of one attribute into {@code out}; or why there are none. */
    static String map(String type, String value, List<ObjectNode> out) {
        String t = type.toLowerCase(Locale.ROOT);
        int bar = value.lastIndexOf('|');
        switch (t) {
            case "ip-src", "ip-dst" -> {
                return detected(type, value, out, null, IndicatorType.ADDRESS, IndicatorType.CIDR);
            }
            case "ip-src|port", "ip-dst|port" -> {
                if (bar < 0) {
                    return "a MISP '" + type + "' value is 'address|port'; '" + CommonFields.abbreviate(value) + "' has no '|'";
                }
                return detected(type, value.substring(0, bar), out, "port " + value.substring(bar + 1).strip(),
                        IndicatorType.ADDRESS);
            }
            case "domain", "hostname" -> {
                return detected(type, value, out, null, IndicatorType.HOST);
            }
            case "hostname|port" -> {
                if (bar < 0) {
                    return "a MISP '" + type + "' value is 'host|port'; '" + CommonFields.abbreviate(value) + "' has no '|'";
                }
                return detected(type, value.substring(0, bar), out, "port " + value.substring(bar + 1).strip(),
                        IndicatorType.HOST);
            }
            case "domain|ip" -> {
                if (bar < 0) {
                    return "a MISP 'domain|ip' value is 'domain|address'; '" + CommonFields.abbreviate(value) + "' has no '|'";
                }
                String why = detected(type, value.substring(0, bar), out, null, IndicatorType.HOST);
                return why != null ? why : detected(type, value.substring(bar + 1), out, null, IndicatorType.ADDRESS);
            }
            case "url", "uri" -> {
                return detected(type, value, out, null, IndicatorType.URL);
            }
            case "link" -> {
                return "a MISP 'link' points at a report or reference page about the event, not at the threat;"
                        + " it is not imported as a URL indicator";
            }
            case "md5", "sha1", "sha256" -> {
                out.add(MAPPER.createObjectNode().put("type", "File").put(t, value));
                return null;
            }
            case "filename|md5", "filename|sha1", "filename|sha256" -> {
                if (bar < 0) {
                    return "a MISP '" + type + "' value is 'name|hash'; '" + CommonFields.abbreviate(value) + "' has no '|'";
                }
                String name = value.substring(0, bar).strip();
                ObjectNode f = MAPPER.createObjectNode().put("type", "File").put(t.substring(9), value.substring(bar + 1).strip());
                if (!name.isEmpty()) {
                    f.putArray("fileOccurrence").addObject().put("fileName", name);
                    f.put("description", "file name " + name);
                }
                out.add(f);
                return null;
            }
            case "email", "email-src", "email-dst", "email-reply-to" -> {
                return detected(type, value, out, null, IndicatorType.EMAIL_ADDRESS);
            }
            case "email-subject" -> {
                out.add(MAPPER.createObjectNode().put("type", "Email Subject").put("summary", value));
                return null;
            }
            case "as" -> {
                String digits = value.regionMatches(true, 0, "AS", 0, 2) ? value.substring(2).strip() : value;
                if (digits.regionMatches(true, 0, "N", 0, 1)) {
                    digits = digits.substring(1);
                }
                out.add(MAPPER.createObjectNode().put("type", "ASN").put("summary", "ASN" + digits));
                return null;
            }
            case "user-agent" -> {
                out.add(MAPPER.createObjectNode().put("type", "User Agent").put("summary", value));
                return null;
            }
            case "mutex" -> {
                out.add(MAPPER.createObjectNode().put("type", "Mutex").put("summary", value));
                return null;
            }
            case "regkey" -> {
                out.add(MAPPER.createObjectNode().put("type", "Registry Key").put("summary", value));
                return null;
            }
            case "regkey|value" -> {
                ObjectNode k = MAPPER.createObjectNode().put("type", "Registry Key")
                        .put("summary", bar < 0 ? value : value.substring(0, bar).strip());
                if (bar >= 0) {
                    k.put("description", "value data " + value.substring(bar + 1).strip());
                }
                out.add(k);
                return null;
            }
            default -> {
                return "the MISP attribute type '" + CommonFields.abbreviate(type) + "' has no ThreatConnect indicator type"
                        + " (mapped: ip-src, ip-dst, domain, hostname, domain|ip, url, uri, md5, sha1, sha256,"
                        + " filename|hash, email, AS, user-agent, mutex, regkey)";
            }
        }
    }

    /** The value detected as one of {@code allowed}, with {@code note} in its description. */
    private static String detected(String type, String value, List<ObjectNode> out, String note, IndicatorType... allowed) {
        String restored = Defang.restore(value.strip());
        IocDetector.Detected d = restored.isEmpty() ? null : IocDetector.detect(restored);
        for (IndicatorType a : allowed) {
            if (d != null && d.type() == a) {
                ObjectNode n = MAPPER.createObjectNode().put("type", a.apiName()).put("summary", d.summary());
                String notes = note == null ? d.note() : d.note() == null ? note : d.note() + "; " + note;
                if (notes != null) {
                    n.put("description", notes);
                }
                out.add(n);
                return null;
            }
        }
        return "the MISP '" + type + "' value '" + CommonFields.abbreviate(value) + "' is not "
                + (allowed[0] == IndicatorType.ADDRESS ? "an IP address" + (allowed.length > 1 ? " or CIDR block" : "")
                        : allowed[0] == IndicatorType.HOST ? "a host name"
                        : allowed[0] == IndicatorType.URL ? "a URL (" + IocListReader.why(restored) + ")"
                        : "an e-mail address");
    }

    private InputException error(String what) {
        JsonLocation at = parser.currentTokenLocation();
        return new InputException(file, at.getLineNr(), at.getColumnNr(), what, null);
    }
}
