package io.tcbatch.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import io.tcbatch.input.ItemKind;
import io.tcbatch.input.RuleResult;

/**
 * A tiny stand-in for the input rules, so these tests exercise job processing and not the
 * rules: an indicator needs a type and a summary (or {@code ip}/{@code hostName}); a Host must
 * not contain '_'; a group needs xid, name and type; an association needs both ends.
 */
class FakeValidator implements ItemValidator {

    @Override
    public RuleResult checkIndicator(JsonNode n) {
        String type = text(n, "type");
        String summary = text(n, "summary");
        if (summary == null) {
            summary = text(n, "ip") != null ? text(n, "ip") : text(n, "hostName");
        }
        if (type == null || summary == null) {
            return RuleResult.invalid(ItemKind.INDICATOR, type, summary, "0x1005", "type and summary are required");
        }
        if (type.equals("Host") && summary.contains("_")) {
            return RuleResult.invalid(ItemKind.INDICATOR, type, summary, "0x1005", summary
                    + " is not valid. The indicator could not be processed as a valid Host.");
        }
        return RuleResult.valid(ItemKind.INDICATOR, type, type.equals("Host") ? summary.toLowerCase() : summary);
    }

    @Override
    public RuleResult checkGroup(JsonNode n) {
        String xid = text(n, "xid");
        if (xid == null || text(n, "name") == null || text(n, "type") == null) {
            return RuleResult.invalid(ItemKind.GROUP, text(n, "type"), xid, "0x1006", "name, type and xid are required");
        }
        return RuleResult.valid(ItemKind.GROUP, text(n, "type"), xid);
    }

    @Override
    public RuleResult checkAssociation(JsonNode n) {
        boolean one = text(n, "ref_1") != null || text(n, "id_1") != null;
        boolean two = text(n, "ref_2") != null || text(n, "id_2") != null;
        if (!one || !two) {
            return RuleResult.invalid(ItemKind.ASSOCIATION, null, null, "0x1009", "both ends are required");
        }
        return RuleResult.valid(ItemKind.ASSOCIATION, null, text(n, "ref_1") + "-" + text(n, "ref_2"));
    }

    private static String text(JsonNode n, String f) {
        JsonNode v = n.get(f);
        return v == null || v.isNull() ? null : v.asText();
    }
}
