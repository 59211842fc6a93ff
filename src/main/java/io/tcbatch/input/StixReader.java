package io.tcbatch.input;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
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
 * Streams a STIX 2.0 / 2.1 bundle as Batch items: one top-level object of {@code objects} is read
 * as a tree at a time, the rest of the file never held. Also read: a bare array of STIX objects,
 * and a single STIX object. 2.0 puts {@code spec_version} on the bundle, 2.1 on each object; the
 * mapping does not depend on it (2.0's {@code labels} and 2.1's {@code indicator_types} both
 * become tags; a 2.0 indicator has no {@code pattern_type}, which means STIX patterning).
 *
 * <p>What becomes what:
 * <ul>
 * <li>{@code indicator} with a STIX pattern: one indicator per alternative of the pattern
 *     ({@link StixPattern}): {@code ipv4-addr}/{@code ipv6-addr:value} → Address, or CIDR when the
 *     value is a block or the operator is {@code ISSUBSET}; {@code domain-name} → Host;
 *     {@code url} → URL; {@code email-addr} → EmailAddress; {@code email-message:subject} → Email
 *     Subject ({@code from_ref.value}/{@code sender_ref.value} → EmailAddress);
 *     {@code autonomous-system:number} → ASN; {@code mutex:name} → Mutex;
 *     {@code network-traffic:dst_ref.value}/{@code src_ref.value} → Address (or Host), its ports and
 *     protocols ignored; the {@code file} comparisons of one AND → ONE File with its MD5, SHA-1 and
 *     SHA-256 (other hash algorithms ignored beside them), {@code file:name} as its file occurrence
 *     and {@code file:size} as its size. Any other comparison (LIKE, MATCHES, !=, NOT, EXISTS,
 *     {@code process:…}, {@code windows-registry-key:…}) rejects its alternative with the reason.</li>
 * <li>{@code indicator} with {@code pattern_type} yara, snort, suricata, sigma or pcre: a
 *     Signature group (the rule is the file text).</li>
 * <li>STIX 2.1 SCOs at top level ({@code ipv4-addr}, {@code ipv6-addr}, {@code domain-name},
 *     {@code url}, {@code email-addr}, {@code autonomous-system}, {@code mutex}, {@code file}
 *     with hashes): indicators.</li>
 * <li>{@code report} → Report, {@code campaign} → Campaign, {@code intrusion-set} → Intrusion Set,
 *     {@code threat-actor} → Adversary, {@code malware}, {@code tool}, {@code attack-pattern},
 *     {@code vulnerability}, {@code course-of-action}, {@code incident} → the group of that name;
 *     the xid is the STIX id.</li>
 * <li>{@code relationship} and a report's {@code object_refs} → associations, where both ends
 *     map (an indicator and a group, or two groups).</li>
 * <li>{@code identity}, {@code marking-definition}, {@code extension-definition} and
 *     {@code language-content} describe the bundle, not the threat: skipped, not counted. Every
 *     other object (observed-data, sighting, note, opinion, location, grouping, infrastructure,
 *     other SCOs, custom x- types) is rejected with a reason, so nothing goes unseen.</li>
 * </ul>
 * Carried over: {@code description} (with the {@code name} before it when it says more than the
 * value) → description; {@code confidence} (0–100 in STIX as in ThreatConnect) → confidence;
 * {@code labels}, {@code indicator_types} → tags; {@code valid_from} → firstSeen,
 * {@code valid_until} → externalDateExpires, {@code created} → externalDateAdded, {@code modified}
 * → externalLastModified; the first external reference's URL (or source name) → source;
 * {@code revoked: true} → active false. Groups get description and source as attributes,
 * {@code first_seen}/{@code last_seen}, and a report's {@code published} as publishDate.
 *
 * <p>Memory: associations name objects that may come later in the file, so the reader keeps a
 * map from each STIX id it has read to what it became (the indicators' type and normalised
 * summary, the group's xid, or why it was not imported): about 280 bytes per object (the id
 * string of ~50 characters, the summary, a map entry; measured ~276 bytes an indicator over
 * 200,000 of them), i.e. ~280 MB for a million-object bundle, where everything else stays one
 * object in memory. A second pass would keep nothing, but the reader is handed a stream, not
 * the {@link Input}, and bundles of millions of objects are rare next to lists and CSV. Links whose ends are not read yet wait in a list (~150 bytes each) and are made at the
 * end of the file; links already made are remembered (~100 bytes each) so a report's
 * {@code object_refs} and a relationship saying the same thing give one association.
 */
final class StixReader implements ItemSource {
    private static final ObjectMapper MAPPER = new ObjectMapper(BatchJsonReader.FACTORY);

    /** Object types that describe the bundle itself: not threat data, skipped without a word. */
    private static final Set<String> METADATA = Set.of("identity", "marking-definition", "extension-definition",
            "language-content");

    private static final Map<String, String> GROUP_TYPES = Map.ofEntries(
            Map.entry("report", "Report"), Map.entry("campaign", "Campaign"),
            Map.entry("intrusion-set", "Intrusion Set"), Map.entry("threat-actor", "Adversary"),
            Map.entry("malware", "Malware"), Map.entry("tool", "Tool"), Map.entry("attack-pattern", "Attack Pattern"),
            Map.entry("vulnerability", "Vulnerability"), Map.entry("course-of-action", "Course of Action"),
            Map.entry("incident", "Incident"));

    /** STIX objects that have no ThreatConnect counterpart: rejected with this reason. */
    private static final Set<String> UNMAPPED_SDOS = Set.of("observed-data", "sighting", "note", "opinion", "location",
            "grouping", "infrastructure", "malware-analysis");

    private static final Set<String> UNMAPPED_SCOS = Set.of("artifact", "directory", "email-message", "mac-addr",
            "network-traffic", "process", "software", "user-account", "windows-registry-key", "x509-certificate");

    private static final Map<String, String> SIGNATURE_TYPES = Map.of("yara", "YARA", "snort", "Snort",
            "suricata", "Suricata", "sigma", "Sigma", "pcre", "Regex");

    private final String file;
    private final JsonParser parser;
    private final ArrayDeque<InputItem> pending = new ArrayDeque<>();
    private String formatName = "STIX 2 bundle";
    private String bundleVersion;

    private enum Shape { BUNDLE, ARRAY, SINGLE }

    private Shape shape;
    /** In a bundle: true while the parser is inside {@code objects}. */
    private boolean inObjects;
    private boolean sawObjects;
    /** A top-level object's fields other than objects: the bundle's header, or a single STIX object. */
    private ObjectNode header;
    private JsonLocation headerStart;
    private boolean done;

    /** What each STIX id read so far became: {@link Ends} or a {@link String} saying why it was not imported. */
    private final Map<String, Object> ids = new HashMap<>();
    /** Links waiting for an end that has not been read yet. */
    private final List<Link> waiting = new ArrayList<>();
    /** Links made, order-insensitive, so the same pair is sent once. */
    private final Set<String> linked = new HashSet<>();

    /** One end of an association: an indicator (its type and normalised summary) or a group (xid). */
    private record End(String indicatorType, String ref) {
        boolean indicator() {
            return indicatorType != null;
        }

        String key() {
            return (indicatorType == null ? "group" : indicatorType) + "\u0000" + ref;
        }
    }

    private record Ends(List<End> ends) {
    }

    private record Link(String from, String to, String what, long line, long column) {
    }

    StixReader(String file, InputStream in) throws IOException {
        this.file = file;
        this.parser = Encodings.jsonParser(MAPPER, file, in);
        guard(this::detect);
    }

    @Override
    public String formatName() {
        return formatName;
    }

    @Override
    public InputItem next() throws IOException {
        while (pending.isEmpty()) {
            if (done) {
                return null;
            }
            guard(this::advance);
        }
        return pending.poll();
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }

    private interface Step {
        void run() throws IOException;
    }

    private void guard(Step step) throws IOException {
        try {
            step.run();
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
            InputException badByte = Encodings.invalidUtf8(file, e);
            if (badByte != null) {
                throw badByte;
            }
            String m = e.getOriginalMessage();
            if (m != null && m.startsWith("Duplicate field '")) {
                m = "the field " + m.substring("Duplicate field ".length()) + " appears twice in one object; keep one of them";
            } else {
                m = BatchJsonReader.humane(m);
            }
            throw new InputException(file, at.getLineNr(), at.getColumnNr(), m, e);
        }
    }

    private void detect() throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw error("empty file: expected a STIX bundle");
        }
        if (first == JsonToken.START_ARRAY) {
            shape = Shape.ARRAY;
            formatName = "STIX 2 objects (a list)";
            return;
        }
        if (first != JsonToken.START_OBJECT) {
            throw error("expected a STIX bundle (a JSON object), found " + describe(first));
        }
        shape = Shape.BUNDLE;
        header = MAPPER.createObjectNode();
        headerStart = parser.currentTokenLocation();
    }

    /** Reads on until at least one item is pending or the input ends. */
    private void advance() throws IOException {
        if (shape == Shape.ARRAY) {
            JsonToken t = parser.nextToken();
            if (t == JsonToken.END_ARRAY) {
                finish();
                return;
            }
            object(t);
            return;
        }
        if (inObjects) {
            JsonToken t = parser.nextToken();
            if (t == JsonToken.END_ARRAY) {
                inObjects = false;
                return;
            }
            object(t);
            return;
        }
        JsonToken t = parser.nextToken();
        if (t == JsonToken.END_OBJECT) {
            String type = CommonFields.text(header.get("type"));
            if (!sawObjects && !"bundle".equals(type) && type != null && header.has("id")) {
                // Not a bundle: one STIX object on its own.
                shape = Shape.SINGLE;
                formatName = "STIX 2 object";
                handle(header, headerStart.getLineNr(), headerStart.getColumnNr());
            } else if (!sawObjects && !"bundle".equals(type)) {
                throw new InputException(file, headerStart.getLineNr(), headerStart.getColumnNr(),
                        "not a STIX bundle: its \"type\" is " + (type == null ? "missing" : "'" + type + "'")
                                + ", expected 'bundle'", null);
            } else if (header.has("objects") && !header.get("objects").isNull()) {
                // (A single object may have "objects" of its own: 2.0 observed-data keeps a map there.)
                throw new InputException(file, headerStart.getLineNr(), headerStart.getColumnNr(),
                        "the bundle's \"objects\" must be an array, not " + CommonFields.abbreviate(header.get("objects").toString()),
                        null);
            }
            finish();
            return;
        }
        if (t != JsonToken.FIELD_NAME) {
            throw error("unexpected " + describe(t));
        }
        String name = parser.currentName();
        JsonToken value = parser.nextToken();
        if (name.equals("objects") && value == JsonToken.START_ARRAY) {
            String type = CommonFields.text(header.get("type"));
            if (type != null && !type.equals("bundle")) {
                throw error("not a STIX bundle: its \"type\" is '" + type + "', expected 'bundle'");
            }
            inObjects = true;
            sawObjects = true;
            return;
        }
        header.set(name, (JsonNode) parser.readValueAsTree());
        if (name.equals("spec_version")) {
            bundleVersion = CommonFields.text(header.get(name));
            if (bundleVersion != null) {
                formatName = "STIX " + bundleVersion + " bundle";
            }
        }
    }

    private void object(JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT) {
            throw error("expected a STIX object in the " + (shape == Shape.ARRAY ? "list" : "objects array") + ", found "
                    + describe(t));
        }
        JsonLocation start = parser.currentTokenLocation();
        ObjectNode o = (ObjectNode) parser.readValueAsTree();
        handle(o, start.getLineNr(), start.getColumnNr());
    }

    private void finish() throws IOException {
        JsonToken after = parser.nextToken();
        if (after != null) {
            throw error("unexpected " + describe(after) + " after the end of the JSON document");
        }
        done = true;
        for (Link l : waiting) {
            link(l, true);
        }
        waiting.clear();
    }

    // ---------------------------------------------------------------- objects

    private void handle(ObjectNode o, long line, long column) {
        String type = CommonFields.text(o.get("type"));
        String id = CommonFields.text(o.get("id"));
        String raw = id != null ? id : CommonFields.abbreviate(o.toString());
        current = type == null || type.isBlank() ? null : type;
        if (type == null || type.isBlank()) {
            pending.add(rejected(ItemKind.INDICATOR, line, column, raw, "a STIX object without a \"type\""));
            return;
        }
        if (METADATA.contains(type)) {
            note(id, type + " objects describe the bundle's authors and markings, not the threat");
            return;
        }
        String groupType = GROUP_TYPES.get(type);
        if (groupType != null) {
            group(o, groupType, id, line, column);
            if (type.equals("report")) {
                JsonNode refs = o.get("object_refs");
                if (refs != null && refs.isArray()) {
                    for (JsonNode r : refs) {
                        String ref = CommonFields.text(r);
                        // A report lists its relationships too; they are imported on their own.
                        if (ref != null && !ref.startsWith("relationship--") && !ref.startsWith("sighting--")) {
                            link(new Link(id, ref, "report " + id + " object_refs " + ref, line, column), false);
                        }
                    }
                }
            }
            return;
        }
        switch (type) {
            case "indicator" -> indicator(o, id, line, column);
            case "relationship" -> {
                String from = CommonFields.text(o.get("source_ref"));
                String to = CommonFields.text(o.get("target_ref"));
                String what = "relationship " + raw;
                if (from == null || to == null) {
                    pending.add(rejected(ItemKind.ASSOCIATION, line, column, raw,
                            what + " has no " + (from == null ? "source_ref" : "target_ref")));
                } else {
                    String rel = CommonFields.text(o.get("relationship_type"));
                    link(new Link(from, to, what + " (" + from + (rel == null ? "" : " " + rel) + " " + to + ")", line,
                            column), false);
                }
            }
            case "ipv4-addr", "ipv6-addr", "domain-name", "url", "email-addr", "autonomous-system", "mutex", "file" ->
                    observable(o, type, id, line, column);
            default -> {
                String why;
                if (UNMAPPED_SDOS.contains(type)) {
                    why = type + " objects have no ThreatConnect counterpart and are not imported";
                } else if (UNMAPPED_SCOS.contains(type)) {
                    why = "a " + type + " object has no ThreatConnect indicator type";
                } else if (type.equals("bundle")) {
                    why = "a bundle inside a bundle is not read";
                } else {
                    why = "unknown STIX object type '" + CommonFields.abbreviate(type) + "'";
                }
                note(id, why);
                pending.add(rejected(ItemKind.INDICATOR, line, column, raw, why));
            }
        }
    }

    private void note(String id, String why) {
        if (id != null) {
            ids.putIfAbsent(id, why);
        }
    }

    /** The STIX type of the object being read, for its rejects (see {@link InputItem#stixType}). */
    private String current;

    private InputItem rejected(ItemKind kind, long line, long column, String raw, String reason) {
        return new InputItem(kind, null, line, column, raw, reason, current);
    }

    // ---------------------------------------------------------------- indicators

    private void indicator(ObjectNode o, String id, long line, long column) {
        String pattern = CommonFields.text(o.get("pattern"));
        String patternType = CommonFields.text(o.get("pattern_type"));
        String raw = (id == null ? "indicator" : id) + (pattern == null ? "" : " " + pattern);
        if (patternType != null && !patternType.equalsIgnoreCase("stix")) {
            String fileType = SIGNATURE_TYPES.get(patternType.toLowerCase(Locale.ROOT));
            if (fileType == null || pattern == null) {
                String why = pattern == null ? "indicator " + id + " has no pattern"
                        : "pattern_type '" + CommonFields.abbreviate(patternType) + "' has no ThreatConnect counterpart"
                                + " (stix patterns become indicators; yara, snort, suricata, sigma and pcre Signatures)";
                note(id, why);
                pending.add(rejected(ItemKind.INDICATOR, line, column, raw, why));
                return;
            }
            ObjectNode g = MAPPER.createObjectNode();
            g.put("type", "Signature");
            String name = CommonFields.text(o.get("name"));
            g.put("name", name == null || name.isBlank() ? id : name);
            g.put("xid", id);
            g.put("fileName", (name == null || name.isBlank() ? id : name) + extension(fileType));
            g.put("fileType", fileType);
            g.put("fileText", pattern);
            groupCommon(o, g);
            emitGroup(g, id, line, column);
            return;
        }
        if (pattern == null || pattern.isBlank()) {
            String why = "indicator " + id + " has no pattern";
            note(id, why);
            pending.add(rejected(ItemKind.INDICATOR, line, column, raw, why));
            return;
        }
        List<List<StixPattern.Comparison>> alternatives;
        try {
            alternatives = StixPattern.parse(pattern);
        } catch (StixPattern.PatternException e) {
            String why = "the pattern does not parse at character " + e.position + ": " + e.getMessage();
            note(id, "its pattern does not parse");
            pending.add(rejected(ItemKind.INDICATOR, line, column, raw, why));
            return;
        }
        List<End> ends = new ArrayList<>();
        List<String> refusals = new ArrayList<>();
        for (List<StixPattern.Comparison> alternative : alternatives) {
            for (Mapped m : map(alternative)) {
                if (m.node == null) {
                    refusals.add(m.why);
                    pending.add(rejected(ItemKind.INDICATOR, line, column, raw, m.why));
                    continue;
                }
                indicatorCommon(o, m.node);
                End end = end(m.node);
                if (end != null) {
                    ends.add(end);
                }
                pending.add(new InputItem(ItemKind.INDICATOR, m.node, line, column, raw, null));
            }
        }
        remember(id, ends, refusals.isEmpty() ? "its indicator was not valid" : refusals.get(0));
    }

    private static String extension(String fileType) {
        return switch (fileType) {
            case "YARA" -> ".yar";
            case "Snort", "Suricata" -> ".rules";
            case "Sigma" -> ".yml";
            default -> ".txt";
        };
    }

    /** A STIX 2.1 SCO at top level. */
    private void observable(ObjectNode o, String type, String id, long line, long column) {
        String raw = id == null ? type : id;
        ObjectNode node = MAPPER.createObjectNode();
        String why = null;
        switch (type) {
            case "file" -> {
                JsonNode hashes = o.get("hashes");
                if (hashes != null && hashes.isObject()) {
                    hashes.fields().forEachRemaining(h -> {
                        String field = hashField(h.getKey());
                        if (field != null && h.getValue().isTextual() && !node.has(field)) {
                            node.put(field, h.getValue().textValue());
                        }
                    });
                }
                if (node.isEmpty()) {
                    why = "file " + raw + " has no MD5, SHA-1 or SHA-256 hash, which a ThreatConnect File needs";
                } else {
                    node.put("type", "File");
                    JsonNode size = o.get("size");
                    if (size != null && size.canConvertToLong()) {
                        node.put("size", size.asLong());
                    }
                    String name = CommonFields.text(o.get("name"));
                    if (name != null) {
                        node.putArray("fileOccurrence").addObject().put("fileName", name);
                    }
                }
            }
            case "autonomous-system" -> {
                JsonNode n = o.get("number");
                if (n == null || !n.canConvertToLong()) {
                    why = "autonomous-system " + raw + " has no number";
                } else {
                    node.put("type", "ASN").put("summary", "ASN" + n.asLong());
                }
            }
            default -> {
                String value = CommonFields.text(o.get(type.equals("mutex") ? "name" : "value"));
                if (value == null || value.isBlank()) {
                    why = type + " " + raw + " has no " + (type.equals("mutex") ? "name" : "value");
                } else {
                    Mapped m = simple(type, List.of(type.equals("mutex") ? "name" : "value"), "=", value);
                    if (m.node == null) {
                        why = m.why;
                    } else {
                        node.setAll(m.node);
                    }
                }
            }
        }
        if (why != null) {
            note(id, why);
            pending.add(rejected(ItemKind.INDICATOR, line, column, raw, why));
            return;
        }
        End end = end(node);
        remember(id, end == null ? List.of() : List.of(end), "its indicator was not valid");
        pending.add(new InputItem(ItemKind.INDICATOR, node, line, column, raw, null));
    }

    private void remember(String id, List<End> ends, String otherwise) {
        if (id == null) {
            return;
        }
        if (ends.isEmpty()) {
            ids.putIfAbsent(id, otherwise);
            return;
        }
        Object before = ids.get(id);
        if (before instanceof Ends e) {
            // The same id twice: another version of the object. Links go to both.
            List<End> all = new ArrayList<>(e.ends);
            all.addAll(ends);
            ids.put(id, new Ends(List.copyOf(all)));
        } else {
            ids.put(id, new Ends(List.copyOf(ends)));
        }
    }

    /** The association end of a built indicator, or null when the rules will refuse it anyway. */
    private static End end(ObjectNode node) {
        RuleResult r = IndicatorRules.check(node);
        return r.isValid() ? new End(r.type(), r.key()) : null;
    }

    /** What one alternative of a pattern gives: indicators (node) or refusals (why). */
    private record Mapped(ObjectNode node, String why) {
        static Mapped of(ObjectNode node) {
            return new Mapped(node, null);
        }

        static Mapped no(String why) {
            return new Mapped(null, why);
        }
    }

    /** The indicators of one alternative (a conjunction of comparisons). */
    private List<Mapped> map(List<StixPattern.Comparison> comparisons) {
        List<StixPattern.Comparison> files = new ArrayList<>();
        List<Mapped> out = new ArrayList<>();
        List<StixPattern.Comparison> traffic = new ArrayList<>();
        for (StixPattern.Comparison c : comparisons) {
            String refusal = refusal(c);
            if (refusal != null) {
                // One comparison that cannot be said in ThreatConnect changes what the whole
                // alternative means; importing the rest would claim more than the pattern does.
                return List.of(Mapped.no(refusal));
            }
            if (c.objectType().equals("file")) {
                files.add(c);
            } else if (c.objectType().equals("network-traffic") && !c.property().endsWith("_ref.value")) {
                // Ports, protocols and the ref's type narrow down the traffic to an address; the
                // address is the indicator.
                traffic.add(c);
            } else {
                Mapped m = simple(c.objectType(), c.path(), c.op(), c.value());
                if (m.node == null) {
                    return List.of(Mapped.no(m.why + " (in [" + c.text() + "])"));
                }
                out.add(m);
            }
        }
        if (!files.isEmpty()) {
            Mapped f = file(files);
            if (f.node == null) {
                return List.of(f);
            }
            out.add(f);
        }
        if (out.isEmpty() && !traffic.isEmpty()) {
            return List.of(Mapped.no("[" + traffic.get(0).text() + "] names no address: ports and protocols alone are"
                    + " not an indicator"));
        }
        return out;
    }

    /** Why a comparison cannot become (part of) an indicator, or null when it can. */
    private static String refusal(StixPattern.Comparison c) {
        if (c.negated() || c.op().equals("!=")) {
            return "[" + c.text() + "] is a negation; a ThreatConnect indicator is one value that is present";
        }
        if (!c.op().equals("=") && !c.op().equals("ISSUBSET")) {
            return "[" + c.text() + "] uses " + c.op() + "; a ThreatConnect indicator is one exact value, not a "
                    + (c.op().equals("LIKE") || c.op().equals("MATCHES") ? "match" : "comparison");
        }
        if (c.op().equals("ISSUBSET") && !c.objectType().equals("ipv4-addr") && !c.objectType().equals("ipv6-addr")) {
            return "[" + c.text() + "] uses ISSUBSET, which maps to a CIDR block only for ipv4-addr and ipv6-addr";
        }
        return null;
    }

    /** One comparison of a non-file object, as an indicator. */
    private static Mapped simple(String objectType, List<String> path, String op, Object value) {
        String property = String.join(".", path);
        String text = value instanceof String s ? s : String.valueOf(value);
        ObjectNode node = MAPPER.createObjectNode();
        switch (objectType + ":" + property) {
            case "ipv4-addr:value", "ipv6-addr:value", "network-traffic:dst_ref.value", "network-traffic:src_ref.value" -> {
                String block = text.strip();
                int slash = block.indexOf('/');
                boolean v6 = block.indexOf(':') >= 0;
                if (slash > 0 && block.substring(slash + 1).equals(v6 ? "128" : "32")) {
                    // A block of one address is that address.
                    block = block.substring(0, slash);
                    slash = -1;
                }
                if (op.equals("ISSUBSET") || slash > 0) {
                    node.put("type", "CIDR");
                } else if (objectType.equals("network-traffic") && Values.address(block) == null) {
                    node.put("type", "Host");
                } else {
                    node.put("type", "Address");
                }
                node.put("summary", block);
            }
            case "domain-name:value", "network-traffic:dst_ref.resolves_to_refs[*].value" -> node.put("type", "Host")
                    .put("summary", text);
            case "url:value" -> node.put("type", "URL").put("summary", text);
            case "email-addr:value", "email-message:from_ref.value", "email-message:sender_ref.value",
                    "email-message:to_refs[*].value" -> node.put("type", "EmailAddress").put("summary", text);
            case "email-message:subject" -> node.put("type", "Email Subject").put("summary", text);
            case "autonomous-system:number" -> {
                if (!(value instanceof Long)) {
                    return Mapped.no("autonomous-system:number must be a whole number, not " + text);
                }
                node.put("type", "ASN").put("summary", "ASN" + value);
            }
            case "mutex:name" -> node.put("type", "Mutex").put("summary", text);
            default -> {
                return Mapped.no(objectType + ":" + property + " has no ThreatConnect indicator type");
            }
        }
        if (!(value instanceof String) && !objectType.equals("autonomous-system")) {
            return Mapped.no(objectType + ":" + property + " must be a string, not " + text);
        }
        return Mapped.of(node);
    }

    /** The file comparisons of one conjunction: one File with every hash, its name and size. */
    private static Mapped file(List<StixPattern.Comparison> comparisons) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("type", "File");
        String name = null;
        Long size = null;
        List<String> ignored = new ArrayList<>();
        for (StixPattern.Comparison c : comparisons) {
            List<String> p = c.path();
            String text = c.value() instanceof String s ? s : null;
            if (p.size() == 2 && p.get(0).equals("hashes") && text != null) {
                String field = hashField(p.get(1));
                if (field == null) {
                    ignored.add(c.text());
                    continue;
                }
                JsonNode before = node.get(field);
                if (before != null && !before.textValue().equalsIgnoreCase(text)) {
                    return Mapped.no("[" + c.text() + "] gives the file a second " + p.get(1) + "; one file has one");
                }
                node.put(field, text);
            } else if (p.size() == 1 && p.get(0).equals("name") && text != null) {
                name = text;
            } else if (p.size() == 1 && p.get(0).equals("size") && c.value() instanceof Long l) {
                size = l;
            } else {
                return Mapped.no("[" + c.text() + "] has no counterpart in a ThreatConnect File (its MD5, SHA-1,"
                        + " SHA-256, name and size)");
            }
        }
        if (!node.has("md5") && !node.has("sha1") && !node.has("sha256")) {
            return Mapped.no("[" + comparisons.get(0).text() + "] names no MD5, SHA-1 or SHA-256 hash, which a"
                    + " ThreatConnect File needs" + (ignored.isEmpty() ? "" : " (other hash algorithms are not kept)"));
        }
        if (size != null) {
            node.put("size", size);
        }
        if (name != null) {
            node.putArray("fileOccurrence").addObject().put("fileName", name);
        }
        return Mapped.of(node);
    }

    /** md5, sha1 or sha256 for a STIX hash name ('MD5', 'SHA-1', 'SHA-256', SHA256, sha1 …), else null. */
    private static String hashField(String algorithm) {
        String a = algorithm.toUpperCase(Locale.ROOT).replace("-", "").replace("_", "");
        return switch (a) {
            case "MD5" -> "md5";
            case "SHA1" -> "sha1";
            case "SHA256" -> "sha256";
            default -> null;
        };
    }

    private static void indicatorCommon(ObjectNode o, ObjectNode node) {
        String description = description(o, node);
        if (description != null) {
            node.put("description", description);
        }
        JsonNode confidence = o.get("confidence");
        if (confidence != null && !confidence.isNull()) {
            node.set("confidence", confidence);
        }
        tags(o, node, "labels", "indicator_types");
        date(o, "valid_from", node, "firstSeen");
        date(o, "valid_until", node, "externalDateExpires");
        date(o, "created", node, "externalDateAdded");
        date(o, "modified", node, "externalLastModified");
        String source = source(o);
        if (source != null) {
            node.put("source", source);
        }
        if (o.path("revoked").asBoolean(false)) {
            node.put("active", false);
        }
    }

    /**
     * The description, with the name before it when the name says something the value does not
     * (a file name beside a hash, a campaign's name beside an IP), e.g. "invoice.zip: dropper".
     */
    private static String description(ObjectNode o, ObjectNode node) {
        String name = CommonFields.text(o.get("name"));
        String description = CommonFields.text(o.get("description"));
        if (name != null && (name.isBlank() || name.equalsIgnoreCase(CommonFields.text(node.get("summary")))
                || description != null && description.contains(name))) {
            name = null;
        }
        if (description != null && description.isBlank()) {
            description = null;
        }
        if (name == null) {
            return description;
        }
        return description == null ? name : name + ": " + description;
    }

    private static void tags(ObjectNode o, ObjectNode node, String... fields) {
        Set<String> names = new LinkedHashSet<>();
        for (String f : fields) {
            JsonNode v = o.get(f);
            if (v != null && v.isArray()) {
                for (JsonNode t : v) {
                    if (t.isTextual() && !t.textValue().isBlank()) {
                        names.add(t.textValue());
                    }
                }
            }
        }
        if (!names.isEmpty()) {
            ArrayNode tags = node.putArray("tag");
            names.forEach(n -> tags.addObject().put("name", n));
        }
    }

    private static void date(ObjectNode o, String from, ObjectNode node, String to) {
        JsonNode v = o.get(from);
        if (v != null && !v.isNull()) {
            node.set(to, v);
        }
    }

    /** The first external reference's URL, or its source name when it has none. */
    private static String source(ObjectNode o) {
        JsonNode refs = o.get("external_references");
        if (refs == null || !refs.isArray()) {
            return null;
        }
        for (JsonNode r : refs) {
            String url = CommonFields.text(r.get("url"));
            if (url != null && !url.isBlank()) {
                return url;
            }
            String name = CommonFields.text(r.get("source_name"));
            if (name != null && !name.isBlank()) {
                return name;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- groups

    private void group(ObjectNode o, String groupType, String id, long line, long column) {
        ObjectNode g = MAPPER.createObjectNode();
        g.put("type", groupType);
        JsonNode name = o.get("name");
        if (name != null && !name.isNull()) {
            g.set("name", name);
        }
        if (id != null) {
            g.put("xid", id);
        }
        switch (groupType) {
            case "Report" -> date(o, "published", g, "publishDate");
            case "Incident" -> date(o, "first_seen", g, "eventDate");
            default -> {
            }
        }
        date(o, "first_seen", g, "firstSeen");
        date(o, "last_seen", g, "lastSeen");
        groupCommon(o, g);
        emitGroup(g, id, line, column);
    }

    private static void groupCommon(ObjectNode o, ObjectNode g) {
        ArrayNode attributes = MAPPER.createArrayNode();
        String description = CommonFields.text(o.get("description"));
        if (description != null && !description.isBlank()) {
            attributes.addObject().put("type", "Description").put("value", description).put("displayed", true);
        }
        String source = source(o);
        if (source != null) {
            attributes.addObject().put("type", "Source").put("value", source).put("displayed", true);
        }
        if (!attributes.isEmpty()) {
            g.set("attribute", attributes);
        }
        tags(o, g, "labels");
        date(o, "created", g, "externalDateAdded");
        date(o, "modified", g, "externalLastModified");
    }

    private void emitGroup(ObjectNode g, String id, long line, long column) {
        RuleResult r = GroupRules.check(g);
        if (r.isValid()) {
            remember(id, List.of(new End(null, r.key())), null);
        } else {
            note(id, "its group was not valid (" + r.reason() + ")");
        }
        pending.add(new InputItem(ItemKind.GROUP, g, line, column, id, null));
    }

    // ---------------------------------------------------------------- associations

    /**
     * Makes the associations of one link when both ends are known; otherwise waits for the end
     * of the file ({@code last} false) or rejects it, saying which end is missing and why.
     */
    private void link(Link l, boolean last) {
        String saved = current;
        // A link waits for the end of the file: its rejects name the object that made it ("relationship …", "report …").
        current = l.what.substring(0, Math.max(0, l.what.indexOf(' ')));
        try {
            linkNow(l, last);
        } finally {
            current = saved;
        }
    }

    private void linkNow(Link l, boolean last) {
        Object from = ids.get(l.from);
        Object to = ids.get(l.to);
        if (!last && (from == null || to == null)) {
            waiting.add(l);
            return;
        }
        String problem = problem(l.from, from);
        if (problem == null) {
            problem = problem(l.to, to);
        }
        if (problem != null) {
            pending.add(rejected(ItemKind.ASSOCIATION, l.line, l.column, l.what, "cannot link: " + problem));
            return;
        }
        for (End a : ((Ends) from).ends) {
            for (End b : ((Ends) to).ends) {
                if (a.indicator() && b.indicator()) {
                    pending.add(rejected(ItemKind.ASSOCIATION, l.line, l.column, l.what, "cannot link two indicators ("
                            + a.ref + " and " + b.ref + "): ThreatConnect needs a custom association type for that,"
                            + " which STIX does not name"));
                    continue;
                }
                String key = a.key().compareTo(b.key()) <= 0 ? a.key() + "\u0001" + b.key() : b.key() + "\u0001" + a.key();
                if (!linked.add(key)) {
                    continue;
                }
                ObjectNode n = MAPPER.createObjectNode();
                n.put("ref_1", a.ref);
                if (a.indicator()) {
                    n.put("type_1", a.indicatorType);
                }
                n.put("ref_2", b.ref);
                if (b.indicator()) {
                    n.put("type_2", b.indicatorType);
                }
                pending.add(new InputItem(ItemKind.ASSOCIATION, n, l.line, l.column, l.what, null));
            }
        }
    }

    private static String problem(String id, Object what) {
        if (what == null) {
            return id + " is not in this bundle";
        }
        if (what instanceof String why) {
            return id + " is not imported: " + why;
        }
        return null;
    }

    // ---------------------------------------------------------------- messages

    private InputException error(String what) {
        JsonLocation at = parser.currentTokenLocation();
        return new InputException(file, at.getLineNr(), at.getColumnNr(), what, null);
    }

    private static String describe(JsonToken t) {
        return Encodings.describe(t, Encodings::tokenName);
    }

    /** For tests: how many ids the reader remembers (its one structure that grows with the input). */
    int rememberedIds() {
        return ids.size();
    }
}
