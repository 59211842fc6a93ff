package io.tcbatch.sandbox;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import io.tcbatch.input.ItemKind;
import io.tcbatch.input.RuleResult;

/**
 * Turns one item of a file into writes, or into an error entry. Validation is the
 * {@link ItemValidator}'s; this class only reads the fields it stores, with the leniency of
 * API doc §3.3 (numbers as strings or doubles, tags as objects or strings).
 */
final class ItemHandler {

    private final ItemValidator validator;
    private final ItemWriter writer;
    private final boolean delete;

    ItemHandler(ItemValidator validator, ItemWriter writer, boolean delete) {
        this.validator = validator;
        this.writer = writer;
        this.delete = delete;
    }

    /** Writes the item; returns null on success, else its error entry. */
    JobRepository.ErrorEntry handle(BatchFileReader.Item item) throws SQLException {
        JsonNode node = item.node();
        if (node == null || !node.isObject()) {
            return new JobRepository.ErrorEntry("0x1003", "Expected a JSON object at " + item.path(),
                    node == null ? item.path() : node.toString());
        }
        return switch (item.kind()) {
            case INDICATOR -> indicator(node);
            case GROUP -> group(node);
            case ASSOCIATION -> association(node);
        };
    }

    private JobRepository.ErrorEntry indicator(JsonNode node) throws SQLException {
        RuleResult r = check(ItemKind.INDICATOR, node);
        if (!r.isValid()) {
            return error(r, node, "summary");
        }
        String type = r.type() != null ? r.type() : JobProcessor.text(node, "type");
        String summary = r.key();
        if (delete) {
            if (writer.touchesIndicator(type, summary)) {
                writer.flush();
            }
            writer.deleteIndicator(type, summary);
            return null;
        }
        Double rating;
        Integer confidence;
        try {
            rating = number(node, "rating", 0, 5);
            BigDecimal conf = decimal(node, "confidence", 0, 100);
            confidence = conf == null ? null : conf.intValue();
        } catch (IllegalArgumentException e) {
            return new JobRepository.ErrorEntry("0x1003", e.getMessage(), summary);
        }
        if (writer.touchesIndicator(type, summary)) {
            writer.flush();
        }
        writer.upsertIndicator(type, summary, rating, confidence, metadata(node));
        for (JsonNode g : array(node, "associatedGroups")) {
            String xid = g.isObject() ? JobProcessor.text(g, "groupXid") : g.isValueNode() ? g.asText() : null;
            if (xid != null && !xid.isBlank()) {
                writer.association(false, summary, type, xid, "", "");
            }
        }
        return null;
    }

    private JobRepository.ErrorEntry group(JsonNode node) throws SQLException {
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
        writer.upsertGroup(xid, type, JobProcessor.text(node, "name"), node.toString(), metadata(node));
        for (JsonNode other : array(node, "associatedGroupXid")) {
            if (other.isValueNode() && !other.asText().isBlank()) {
                writer.association(false, xid, "", other.asText(), "", "");
            }
        }
        for (JsonNode ind : array(node, "associatedIndicators")) {
            String summary = JobProcessor.text(ind, "summary");
            if (summary != null) {
                String itype = JobProcessor.text(ind, "indicatorType");
                writer.association(false, xid, "", summary, itype == null ? "" : itype, "");
            }
        }
        return null;
    }

    /**
     * Associations are stored as given: an {@code id_*} wins over its {@code ref_*} (API doc
     * §3.6). Chosen for now: whether both ends exist is not checked (the real server reports
     * 0x1009 for a missing end); the sandbox has no numeric ids to resolve.
     */
    private JobRepository.ErrorEntry association(JsonNode node) throws SQLException {
        RuleResult r = check(ItemKind.ASSOCIATION, node);
        if (!r.isValid()) {
            return error(r, node, null);
        }
        String ref1 = firstOf(node, "id_1", "ref_1");
        String ref2 = firstOf(node, "id_2", "ref_2");
        String assocType = firstOf(node, "associationType", "association_type");
        writer.association(delete, ref1, orEmpty(JobProcessor.text(node, "type_1")), ref2,
                orEmpty(JobProcessor.text(node, "type_2")), assocType);
        return null;
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

    private static ItemWriter.Metadata metadata(JsonNode node) {
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
        List<ItemWriter.Attribute> attributes = null;
        if (node.has("attribute") || node.hasNonNull("description") || node.hasNonNull("source")) {
            attributes = new ArrayList<>();
            // description and source are shortcuts for the default attributes (API doc §3.1).
            String description = JobProcessor.text(node, "description");
            if (description != null) {
                attributes.add(new ItemWriter.Attribute("Description", description));
            }
            String source = JobProcessor.text(node, "source");
            if (source != null) {
                attributes.add(new ItemWriter.Attribute("Source", source));
            }
            for (JsonNode a : array(node, "attribute")) {
                String type = JobProcessor.text(a, "type");
                String value = JobProcessor.text(a, "value");
                // Failed attributes do not fail the item (API doc §4.2); incomplete ones are dropped.
                if (type != null && value != null) {
                    attributes.add(new ItemWriter.Attribute(type, value));
                }
            }
        }
        return new ItemWriter.Metadata(tags, attributes);
    }

    private static Iterable<JsonNode> array(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isArray() ? v : List.of();
    }

    private static Double number(JsonNode node, String field, int min, int max) {
        BigDecimal d = decimal(node, field, min, max);
        return d == null ? null : d.doubleValue();
    }

    /** A number, a numeric string, or absent/null/"" (then null). */
    private static BigDecimal decimal(JsonNode node, String field, int min, int max) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull() || (v.isTextual() && v.asText().isBlank())) {
            return null;
        }
        BigDecimal d;
        try {
            d = v.isNumber() ? v.decimalValue() : new BigDecimal(v.asText().trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(field + " '" + v.asText() + "' is not a number");
        }
        if (d.compareTo(BigDecimal.valueOf(min)) < 0 || d.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw new IllegalArgumentException(field + " " + d.toPlainString() + " is out of range " + min + "-" + max);
        }
        return d;
    }

    private static String firstOf(JsonNode node, String a, String b) {
        String v = JobProcessor.text(node, a);
        return v != null ? v : orEmpty(JobProcessor.text(node, b));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
