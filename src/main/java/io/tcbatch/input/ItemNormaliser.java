package io.tcbatch.input;

import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Writes what the rules found into the item itself, so that what is sent is what was checked: the
 * normalised indicator value (host and URL host lower case, IDN as punycode, IPv6 compressed, CIDR
 * IPv6 uncompressed, hashes lower case, {@code ASN123}, File summaries in {@code md5 : sha1 : sha256}
 * order), numbers sent as strings as numbers, and {@code "true"}/{@code "false"} as booleans.
 *
 * <p>Why not leave the file as written: the server's own rules are stricter than its leniency (an
 * IDN host or {@code ASN 123} is a 0x1005 there, §3.4), and the sandbox and a real instance may
 * coerce strings differently; sending the checked form makes {@code validate}'s verdict hold on the
 * server. Only valid items are normalised; everything else in the item is left as it came.
 */
public final class ItemNormaliser {
    private ItemNormaliser() {
    }

    /**
     * Normalises a valid item in place.
     *
     * @param result the rules' verdict on this item; must be valid
     * @return true when the item was changed
     */
    public static boolean apply(ItemKind kind, ObjectNode item, RuleResult result) {
        boolean changed = scalars(item, kind);
        if (kind == ItemKind.INDICATOR) {
            changed |= value(item, result);
        }
        return changed;
    }

    private static boolean value(ObjectNode item, RuleResult result) {
        IndicatorType type = IndicatorType.byApiName(result.type());
        String key = result.key();
        if (type == null || key == null) {
            return false;
        }
        boolean changed = false;
        if (type == IndicatorType.FILE) {
            boolean hashFields = false;
            for (int i = 0; i < 3; i++) {
                String field = type.valueFields().get(i);
                JsonNode h = item.get(field);
                if (h != null && h.isTextual() && !h.textValue().isBlank()) {
                    hashFields = true;
                    String norm = Values.hash(h.textValue().strip(), IndicatorRules.HASH_LENGTHS[i]);
                    if (norm != null && !norm.equals(h.textValue())) {
                        item.put(field, norm);
                        changed = true;
                    }
                }
            }
            // With hash fields the server ignores the summary (D-BATCH): leave it as the sender wrote it.
            return hashFields ? changed : replace(item, "summary", key);
        }
        changed |= replace(item, "summary", key);
        if (type.valueFields().size() == 1) {
            changed |= replace(item, type.valueFields().get(0), key);
        }
        return changed;
    }

    /** Puts the normalised value into a field the item already has as text, when it differs. */
    private static boolean replace(ObjectNode item, String field, String normalised) {
        JsonNode v = item.get(field);
        if (v != null && v.isTextual() && !v.textValue().equals(normalised)) {
            item.put(field, normalised);
            return true;
        }
        return false;
    }

    /** Numeric strings and boolean strings the rules accepted, as JSON numbers and booleans. */
    private static boolean scalars(ObjectNode item, ItemKind kind) {
        if (kind == ItemKind.ASSOCIATION) {
            return false;
        }
        boolean changed = false;
        Iterator<Map.Entry<String, JsonNode>> fields = item.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode v = f.getValue();
            if (!v.isTextual()) {
                continue;
            }
            String s = v.textValue().strip();
            switch (f.getKey()) {
                case "rating" -> {
                    JsonNode n = number(s, false);
                    if (n != null) {
                        f.setValue(n);
                        changed = true;
                    }
                }
                case "confidence", "size", "intValue1" -> {
                    JsonNode n = number(s, true);
                    if (n != null) {
                        f.setValue(n);
                        changed = true;
                    }
                }
                case "active", "activeLocked", "privateFlag", "dnsActive", "whoisActive", "flag1", "flag2", "malware" -> {
                    if (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false")) {
                        f.setValue(item.booleanNode(s.equalsIgnoreCase("true")));
                        changed = true;
                    }
                }
                default -> {
                }
            }
        }
        return changed;
    }

    private static JsonNode number(String s, boolean integer) {
        try {
            java.math.BigDecimal d = new java.math.BigDecimal(s);
            if (d.scale() <= 0 || d.stripTrailingZeros().scale() <= 0) {
                return com.fasterxml.jackson.databind.node.LongNode.valueOf(d.longValueExact());
            }
            return integer ? null : com.fasterxml.jackson.databind.node.DoubleNode.valueOf(d.doubleValue());
        } catch (NumberFormatException | ArithmeticException e) {
            // Not a plain number: the rules rejected such an item already; leave it untouched.
            return null;
        }
    }
}
