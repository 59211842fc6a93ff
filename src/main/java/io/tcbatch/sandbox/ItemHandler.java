package io.tcbatch.sandbox;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tcbatch.input.ItemKind;
import io.tcbatch.input.RuleResult;

/**
 * Turns one item of a file into writes, or into an error entry. Validation is the
 * {@link ItemValidator}'s; this class reads the fields it stores with the leniency of API doc
 * §3.3 and §5 (numbers and booleans as strings, doubles like {@code 60.0}, the aliases
 * {@code intValue1}, {@code flag1}/{@code flag2}, {@code externalDateCreated},
 * {@code externalDateLastModified}, {@code fileOccurrence} as object, array or under
 * {@code fileAction}, dates with {@code Z} or an offset).
 *
 * <p>Associations are not written here: an item may name a group that comes later in the file,
 * so each link is collected as a {@link Link} and resolved by {@link #resolve} after all items
 * of the job are written.
 */
final class ItemHandler {

    /**
     * One end of an association: an item already resolved ({@code id} with {@code kind}), an
     * indicator by type and summary, a group by xid, or a numeric id whose kind follows from
     * {@code type} (an indicator type, or none/a group type for a group; API doc §3.6).
     */
    record End(String kind, Long id, String type, String ref) {
        /** An item written by this job: found by its id, described by its type and key. */
        static End resolved(String kind, long id, String type, String ref) {
            return new End(kind, id, type, ref);
        }

        String describe() {
            boolean indicator = ItemWriter.INDICATOR.equals(kind);
            if (ref != null) {
                return (indicator ? type : "group") + " '" + ref + "'";
            }
            return (indicator ? (type == null ? "indicator" : type) : "group") + " id " + id;
        }
    }

    /**
     * An association to make once the job's items are written.
     *
     * @param itemKind the kind of the item that carries it: an {@code association} array element
     *                 is an item of its own; links inside an indicator or group belong to that item
     * @param source   the errorSource of a failure: the carrying item's key, or the association item
     * @param path     the JSON path of the carrying item
     */
    record Link(ItemKind itemKind, String source, String path, End one, End two, String associationType,
                boolean delete) {
    }

    // Group type names (API doc §3.5): a type_* naming one of them means a group end.
    private static final Set<String> GROUP_TYPES = Set.of("Adversary", "Attack Pattern", "Campaign",
            "Course of Action", "Document", "Email", "Event", "Incident", "Intrusion Set", "Malware", "Report",
            "Signature", "Tactic", "Threat", "Tool", "Vulnerability", "Task");

    private final ItemValidator validator;
    private final ItemWriter writer;
    private final boolean delete;

    ItemHandler(ItemValidator validator, ItemWriter writer, boolean delete) {
        this.validator = validator;
        this.writer = writer;
        this.delete = delete;
    }

    /**
     * Writes the item; returns null on success, else its error entry.
     *
     * @param notes receives warnings about a saved item (file hash merges)
     * @param links receives the associations the item names, to resolve later
     */
    JobRepository.ErrorEntry handle(BatchFileReader.Item item, List<JobRepository.ErrorEntry> notes, List<Link> links)
            throws SQLException {
        JsonNode node = item.node();
        if (node == null || !node.isObject()) {
            return new JobRepository.ErrorEntry("0x1003", "Expected a JSON object at " + item.path(),
                    node == null ? item.path() : node.toString());
        }
        try {
            return switch (item.kind()) {
                case INDICATOR -> indicator(node, item.path(), notes, links);
                case GROUP -> group(node, item.path(), links);
                case ASSOCIATION -> association(node, item.path(), links);
            };
        } catch (BadField e) {
            // A field that cannot be read is the JsonSyntax error of API doc §2.7 ("bad ISO
            // date"), with the item's path as the real server gives it.
            return new JobRepository.ErrorEntry("0x1003", e.getMessage() + " at " + item.path(), e.source);
        }
    }

    private JobRepository.ErrorEntry indicator(JsonNode node, String path, List<JobRepository.ErrorEntry> notes,
                                               List<Link> links) throws SQLException {
        RuleResult r = check(ItemKind.INDICATOR, node);
        if (!r.isValid()) {
            return error(r, node, "summary");
        }
        String type = r.type() != null ? r.type() : JobProcessor.text(node, "type");
        String summary = r.key();
        FileMerge.Hashes hashes = "File".equals(type) ? hashes(summary) : null;
        if ("File".equals(type) && hashes == null) {
            return new JobRepository.ErrorEntry("0x1005", summary
                    + " is not valid. The indicator could not be processed as a valid File.", summary);
        }
        if (delete) {
            if (writer.touchesIndicator(type, summary)) {
                writer.flush();
            }
            writer.deleteIndicator(type, summary, hashes);
            return null;
        }
        ItemWriter.IndicatorFields fields = fields(node, summary);
        ItemWriter.Metadata meta = metadata(node, summary);
        if (writer.touchesIndicator(type, summary)) {
            writer.flush();
        }
        List<Long> ids = writer.upsertIndicator(type, summary, hashes, fields, meta, notes);
        if (ids.isEmpty()) {
            return null;
        }
        End self = End.resolved(ItemWriter.INDICATOR, ids.get(0), type, summary);
        for (JsonNode g : array(node, "associatedGroups")) {
            // {groupXid} objects and plain xid strings, mixed (API doc §5.14).
            String xid = g.isObject() ? JobProcessor.text(g, "groupXid") : g.isValueNode() ? g.asText() : null;
            if (xid != null && !xid.isBlank()) {
                links.add(new Link(ItemKind.INDICATOR, summary, path, self,
                        new End(ItemWriter.GROUP, null, null, xid), "", false));
            }
        }
        // V1's associatedGroup: numeric group ids (API doc §3.1, undocumented today).
        for (JsonNode g : array(node, "associatedGroup")) {
            Long id = g.canConvertToLong() ? Long.valueOf(g.asLong()) : parseLong(g.asText());
            if (id != null) {
                links.add(new Link(ItemKind.INDICATOR, summary, path, self,
                        new End(ItemWriter.GROUP, id, null, null), "", false));
            }
        }
        return null;
    }

    private JobRepository.ErrorEntry group(JsonNode node, String path, List<Link> links) throws SQLException {
        RuleResult r = check(ItemKind.GROUP, node);
        if (!r.isValid()) {
            return error(r, node, "xid");
        }
        String xid = r.key() != null ? r.key() : JobProcessor.text(node, "xid");
        if (writer.touchesGroup(xid)) {
            writer.flush();
        }
        if (delete) {
            writer.deleteGroup(xid);
            return null;
        }
        String type = r.type() != null ? r.type() : JobProcessor.text(node, "type");
        ItemWriter.Metadata meta = metadata(node, xid);
        long id = writer.upsertGroup(xid, type, JobProcessor.text(node, "name"), node.toString(), meta);
        End self = End.resolved(ItemWriter.GROUP, id, type, xid);
        for (JsonNode other : array(node, "associatedGroupXid")) {
            String otherXid = other.isObject() ? JobProcessor.text(other, "groupXid")
                    : other.isValueNode() ? other.asText() : null;
            if (otherXid != null && !otherXid.isBlank()) {
                links.add(new Link(ItemKind.GROUP, xid, path, self, new End(ItemWriter.GROUP, null, null, otherXid),
                        "", false));
            }
        }
        for (JsonNode ind : array(node, "associatedIndicators")) {
            String summary = JobProcessor.text(ind, "summary");
            String itype = JobProcessor.text(ind, "indicatorType");
            if (summary != null && itype != null) {
                links.add(new Link(ItemKind.GROUP, xid, path, self,
                        new End(ItemWriter.INDICATOR, null, itype, summary), "", false));
            }
        }
        return null;
    }

    /** An {@code association} element: an {@code id_*} wins over its {@code ref_*} (API doc §3.6). */
    private JobRepository.ErrorEntry association(JsonNode node, String path, List<Link> links) {
        RuleResult r = check(ItemKind.ASSOCIATION, node);
        if (!r.isValid()) {
            return error(r, node, null);
        }
        End one = end(node, "1");
        End two = end(node, "2");
        if (one == null || two == null) {
            return new JobRepository.ErrorEntry("0x1009", "Association at " + path
                    + " needs ref_1 or id_1 and ref_2 or id_2", node.toString());
        }
        String assocType = JobProcessor.text(node, "associationType");
        if (assocType == null) {
            assocType = JobProcessor.text(node, "association_type");
        }
        links.add(new Link(ItemKind.ASSOCIATION, node.toString(), path, one, two, assocType == null ? "" : assocType,
                delete));
        return null;
    }

    private static End end(JsonNode node, String n) {
        String type = JobProcessor.text(node, "type_" + n);
        boolean group = type == null || GROUP_TYPES.contains(type);
        String kind = group ? ItemWriter.GROUP : ItemWriter.INDICATOR;
        String idText = JobProcessor.text(node, "id_" + n);
        if (idText != null && !idText.isBlank()) {
            Long id = parseLong(idText);
            // A non-numeric id cannot name anything: kept as a ref so the failure names it.
            return id != null ? new End(kind, id, group ? null : type, null)
                    : new End(kind, null, type, idText);
        }
        String ref = JobProcessor.text(node, "ref_" + n);
        if (ref == null || ref.isBlank()) {
            return null;
        }
        return new End(kind, null, group ? null : type, ref);
    }

    /**
     * Resolves and writes one association; returns null on success, else its 0x1009 entry
     * naming both ends. Both ends must be in the job's owner (cross-owner associations are not
     * supported, API doc §3.2); since this runs after the job's items are written, "in the file"
     * is included. Undocumented; chosen: indicator to indicator needs no association type here
     * (the rules, not the store, decide what to refuse), and deleting an association whose end is
     * missing is a success, like every delete of what is not there.
     */
    JobRepository.ErrorEntry resolve(Link link) throws SQLException {
        List<Long> one = ids(link.one());
        List<Long> two = ids(link.two());
        if (one.isEmpty() || two.isEmpty()) {
            if (link.delete()) {
                return null;
            }
            String missing = one.isEmpty() && two.isEmpty() ? "neither end was found"
                    : (one.isEmpty() ? link.one() : link.two()).describe() + " was not found";
            return new JobRepository.ErrorEntry("0x1009", "Association between " + link.one().describe() + " and "
                    + link.two().describe() + " at " + link.path() + " could not be made: " + missing
                    + " in the owner", link.source());
        }
        for (long a : one) {
            for (long b : two) {
                writer.associate(link.delete(), link.one().kind(), a, link.two().kind(), b, link.associationType());
            }
        }
        return null;
    }

    private List<Long> ids(End end) throws SQLException {
        if (end.id() != null) {
            return writer.exists(end.kind(), end.id()) ? List.of(end.id()) : List.of();
        }
        if (ItemWriter.GROUP.equals(end.kind())) {
            Long id = writer.groupId(end.ref());
            return id == null ? List.of() : List.of(id);
        }
        // An indicator named by its value: normalised by the same rules as an item, so
        // "Bad.Example" finds the Host stored as "bad.example".
        ObjectNode probe = Wire.JSON.createObjectNode().put("type", end.type()).put("summary", end.ref());
        RuleResult r = check(ItemKind.INDICATOR, probe);
        String summary = r.isValid() && r.key() != null ? r.key() : end.ref();
        if ("File".equals(end.type())) {
            FileMerge.Hashes h = hashes(summary);
            return h == null ? List.of() : writer.fileIds(h);
        }
        Long id = writer.indicatorId(end.type(), summary);
        return id == null ? List.of() : List.of(id);
    }

    private RuleResult check(ItemKind kind, JsonNode node) {
        try {
            RuleResult r = switch (kind) {
                case INDICATOR -> validator.checkIndicator(node);
                case GROUP -> validator.checkGroup(node);
                case ASSOCIATION -> validator.checkAssociation(node);
            };
            if (r == null) {
                throw new IllegalStateException("validator returned no result");
            }
            if (r.isValid() && r.key() == null && kind != ItemKind.ASSOCIATION) {
                throw new IllegalStateException("validator gave a valid " + kind + " no key");
            }
            return r;
        } catch (RuntimeException e) {
            return JobProcessor.internalError(kind, e);
        }
    }

    /** errorSource: the item's key when the rules found one, else its summary/xid, else the item. */
    private static JobRepository.ErrorEntry error(RuleResult r, JsonNode node, String keyField) {
        String source = r.key();
        if (source == null && keyField != null) {
            source = JobProcessor.text(node, keyField);
        }
        if (source == null) {
            source = node.toString();
        }
        String reason = r.reason() == null ? "The item could not be processed" : r.reason();
        return new JobRepository.ErrorEntry(r.code(), reason, source);
    }

    /** The hashes of a File summary ({@code md5 : sha1 : sha256}, any subset), or null. */
    static FileMerge.Hashes hashes(String summary) {
        String md5 = null;
        String sha1 = null;
        String sha256 = null;
        for (String part : summary.split("\\s*:\\s*")) {
            String h = part.trim().toLowerCase(Locale.ROOT);
            if (h.isEmpty()) {
                continue; // tcex writes an absent hash as an empty place: "md5 :  : "
            }
            if (!h.matches("[0-9a-f]+")) {
                return null;
            }
            switch (h.length()) {
                case 32 -> md5 = md5 == null ? h : md5;
                case 40 -> sha1 = sha1 == null ? h : sha1;
                case 64 -> sha256 = sha256 == null ? h : sha256;
                default -> {
                    return null;
                }
            }
        }
        return md5 == null && sha1 == null && sha256 == null ? null : new FileMerge.Hashes(md5, sha1, sha256);
    }

    private static ItemWriter.IndicatorFields fields(JsonNode node, String source) {
        BigDecimal conf = decimal(node, "confidence", 0, 100, source);
        if (conf != null && conf.stripTrailingZeros().scale() > 0) {
            throw new BadField("confidence " + conf.toPlainString() + " is not a whole number", source);
        }
        BigDecimal size = decimal(node, node.has("size") ? "size" : "intValue1", 0, Long.MAX_VALUE, source);
        List<ItemWriter.Occurrence> occurrences = new ArrayList<>();
        JsonNode occ = node.get("fileOccurrence");
        if (occ == null && node.path("fileAction").isObject()) {
            occ = node.path("fileAction").get("fileOccurrence");
        }
        if (occ != null && !occ.isNull()) {
            for (JsonNode o : occ.isArray() ? occ : List.of(occ)) {
                if (!o.isObject()) {
                    throw new BadField("fileOccurrence must be an object or an array of objects", source);
                }
                ItemWriter.Occurrence one = new ItemWriter.Occurrence(JobProcessor.text(o, "fileName"),
                        JobProcessor.text(o, "path"), date(o, "date", source));
                if (one.fileName() != null || one.path() != null || one.date() != null) {
                    occurrences.add(one);
                }
            }
        }
        return new ItemWriter.IndicatorFields(
                decimalToDouble(decimal(node, "rating", 0, 5, source)),
                conf == null ? null : conf.intValue(),
                bool(node, "active", source), bool(node, "activeLocked", source), bool(node, "privateFlag", source),
                bool(node, node.has("dnsActive") ? "dnsActive" : "flag1", source),
                bool(node, node.has("whoisActive") ? "whoisActive" : "flag2", source),
                size == null ? null : size.longValue(),
                date(node, "firstSeen", source), date(node, "lastSeen", source),
                date(node, node.has("externalDateAdded") ? "externalDateAdded" : "externalDateCreated", source),
                date(node, "externalDateExpires", source),
                date(node, node.has("externalLastModified") ? "externalLastModified" : "externalDateLastModified",
                        source),
                JobProcessor.text(node, "xid"), occurrences);
    }

    private static ItemWriter.Metadata metadata(JsonNode node, String source) {
        List<String> tags = null;
        if (node.has("tag")) {
            tags = new ArrayList<>();
            for (JsonNode t : array(node, "tag")) {
                String name = t.isObject() ? JobProcessor.text(t, "name") : t.isValueNode() ? t.asText() : null;
                if (name != null && !name.isBlank()) {
                    tags.add(name);
                }
            }
        }
        List<ItemWriter.Label> labels = null;
        if (node.has("securityLabel")) {
            labels = new ArrayList<>();
            for (JsonNode l : array(node, "securityLabel")) {
                String name = l.isObject() ? JobProcessor.text(l, "name") : l.isValueNode() ? l.asText() : null;
                if (name != null && !name.isBlank()) {
                    labels.add(new ItemWriter.Label(name, l.isObject() ? color(JobProcessor.text(l, "color")) : null,
                            l.isObject() ? JobProcessor.text(l, "description") : null));
                }
            }
        }
        List<ItemWriter.Attribute> attributes = null;
        if (node.has("attribute") || node.hasNonNull("description") || node.hasNonNull("source")) {
            attributes = new ArrayList<>();
            // description and source are shortcuts for the default attributes (API doc §3.1):
            // displayed, as the bulk report the batch format mimics shows them
            // (bulk_report_json_response.json: Source and Description with "displayed": true,
            // the description also as the item's own field).
            String description = JobProcessor.text(node, "description");
            if (description != null) {
                attributes.add(new ItemWriter.Attribute("Description", description, true, false, null));
            }
            String src = JobProcessor.text(node, "source");
            if (src != null) {
                attributes.add(new ItemWriter.Attribute("Source", src, true, false, null));
            }
            for (JsonNode a : array(node, "attribute")) {
                String type = JobProcessor.text(a, "type");
                String value = JobProcessor.text(a, "value");
                // Failed attributes do not fail the item (API doc §4.2); incomplete ones are
                // dropped, and an unreadable displayed/pinned counts as false. An attribute's own
                // securityLabel is accepted and not stored (the schema has no place for it).
                if (type != null && value != null) {
                    attributes.add(new ItemWriter.Attribute(type, value, lenientFlag(a, "displayed"),
                            lenientFlag(a, "pinned"), JobProcessor.text(a, "source")));
                }
            }
        }
        return new ItemWriter.Metadata(tags, attributes, labels);
    }

    /**
     * A label color as six hex digits ({@code FF0000}); a leading {@code #} is dropped. Any other
     * value is ignored (the label is still applied, without a color): undocumented; chosen
     * because a failed detail must not fail the item (API doc §4.2).
     */
    private static String color(String c) {
        if (c == null) {
            return null;
        }
        String hex = c.trim().startsWith("#") ? c.trim().substring(1) : c.trim();
        return hex.matches("[0-9A-Fa-f]{6}") ? hex.toUpperCase(Locale.ROOT) : null;
    }

    /** A field that cannot be read as its type; the item fails with 0x1003. */
    private static final class BadField extends RuntimeException {
        final String source;

        BadField(String message, String source) {
            super(message, null, false, false);
            this.source = source;
        }
    }

    private static Iterable<JsonNode> array(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isArray() ? v : List.of();
    }

    private static Double decimalToDouble(BigDecimal d) {
        return d == null ? null : d.doubleValue();
    }

    /** A number, a numeric string, or absent/null/"" (then null). */
    private static BigDecimal decimal(JsonNode node, String field, long min, long max, String source) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            return null;
        }
        BigDecimal d;
        try {
            d = v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText().trim());
        } catch (NumberFormatException e) {
            throw new BadField(field + " '" + v.asText() + "' is not a number", source);
        }
        if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new BadField(field + " " + d.toPlainString() + " is out of range " + min + "-" + max, source);
        }
        return d;
    }

    /** true/false, or the strings "true"/"false" in any case (API doc §3.3); absent or null is null. */
    private static Boolean bool(JsonNode node, String field, String source) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        String s = v.asText().trim().toLowerCase(Locale.ROOT);
        if (v.isValueNode() && (s.equals("true") || s.equals("false"))) {
            return s.equals("true");
        }
        throw new BadField(field + " must be true or false, not " + v, source);
    }

    private static boolean lenientFlag(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && (v.isBoolean() ? v.booleanValue() : "true".equalsIgnoreCase(v.asText().trim()));
    }

    /**
     * An ISO-8601 date-time with {@code Z} or an offset (API doc §3: the stand-in must accept
     * both). Undocumented and accepted as well: fractional seconds, a date-time without offset
     * (taken as UTC) and a bare date (midnight UTC), which exports and hand-written files use.
     */
    static OffsetDateTime date(JsonNode node, String field, String source) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            return null;
        }
        String s = v.asText().trim();
        try {
            return OffsetDateTime.parse(s, DateTimeFormatter.ISO_OFFSET_DATE_TIME).withOffsetSameInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notOffset) {
            try {
                return LocalDateTime.parse(s, DateTimeFormatter.ISO_LOCAL_DATE_TIME).atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(s, DateTimeFormatter.ISO_LOCAL_DATE).atStartOfDay().atOffset(ZoneOffset.UTC);
                } catch (DateTimeParseException notDate) {
                    throw new BadField(field + " '" + s + "' is not an ISO-8601 date-time", source);
                }
            }
        }
    }

    private static Long parseLong(String s) {
        try {
            return Long.valueOf(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
