package io.tcbatch.input;

import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Required fields and enumerations of V2 groups (API doc §3.5); key is the xid.
 *
 * <p>Where the sources disagree, the batch documentation wins (it is what the Batch API itself
 * enforces): Document and Report {@code fileName} and Event {@code eventDate} are optional.
 * Dates must carry Z or a ±hh:mm offset; a bare date such as {@code 2024-05-01} is refused,
 * since the instant it names depends on a zone the file does not give. A malformed date is
 * reported as 0x1003 like ThreatConnect does (its JsonSyntax error), everything else as 0x1006.
 */
public final class GroupRules {
    private GroupRules() {
    }

    static final String CODE = "0x1006";

    /** The sixteen group types the Batch API accepts, as spelled on the wire. */
    public static final List<String> TYPES = List.of("Adversary", "Attack Pattern", "Campaign",
            "Course of Action", "Document", "Email", "Event", "Incident", "Intrusion Set", "Malware",
            "Report", "Signature", "Tactic", "Threat", "Tool", "Vulnerability");

    private static final Map<String, List<String>> REQUIRED = Map.of(
            "Email", List.of("subject", "header", "body"),
            "Signature", List.of("fileName", "fileType", "fileText"));

    private static final Set<String> SIGNATURE_FILE_TYPES = Set.of("Bro", "ClamAV", "CybOX",
            "Iris Search Hash", "KQL", "OpenIOC", "Regex", "SPL", "Sigma", "Snort", "Suricata", "TQL Query",
            "YARA");

    // "None" is how ThreatConnect exports an unset status (the docs: "omit or null = None"), and
    // exports are meant to be importable again, so it is accepted for both types.
    private static final Set<String> EVENT_STATUS = Set.of("None", "Completed", "Escalated", "False Positive",
            "In Progress", "Needs Review", "New", "No Further Action", "Reopened");

    private static final Set<String> INCIDENT_STATUS = Set.of("None", "New", "Open", "Stalled", "Containment Achieved",
            "Restoration Achieved", "Incident Reported", "Closed", "Rejected", "Deleted");

    private static final Set<String> EVENT_TYPES = Set.of("Alert", "Alert [flash]", "Alert [hyper-local]",
            "Alert [local]", "Alert [urgent]", "Breach", "Campaign", "Compliance / Regulatory", "Disclosure",
            "Emerging Threat", "Exercise", "Exposure", "Finding [Compliance violations]",
            "Finding [Configuration weaknesses]", "Finding [Missing patches]", "Finding [Security posture gaps]",
            "Investigation", "None", "Operation", "Physical Security", "Response Action",
            "Social Engineering (non-phishing)", "Third Party Reported", "Trend");

    private static final Set<String> AI_TYPES = Set.of("Document", "Event", "Report");

    /** Checks one group object; invalid groups get code {@code 0x1006}. */
    public static RuleResult check(JsonNode group) {
        if (group == null || !group.isObject()) {
            return RuleResult.invalid(ItemKind.GROUP, null, null, CommonFields.SYNTAX_CODE,
                    "a group must be a JSON object");
        }
        String xid = present(group, "xid");
        String type = present(group, "type");
        String name = present(group, "name");
        if (type != null && !TYPES.contains(type)) {
            return invalid(type, xid, "unknown group type '" + type + "' (expected one of "
                    + String.join(", ", TYPES) + ")");
        }
        for (String[] f : new String[][] {{"xid", xid}, {"type", type}, {"name", name}}) {
            if (f[1] == null) {
                return invalid(type, xid, "the group has no " + f[0]);
            }
        }
        String problem = typeSpecific(type, group);
        if (problem != null) {
            return invalid(type, xid, problem);
        }
        CommonFields.Problem p = CommonFields.check(group, CommonFields.Owner.GROUP);
        if (p != null) {
            return RuleResult.invalid(ItemKind.GROUP, type, xid, p.syntax() ? CommonFields.SYNTAX_CODE : CODE,
                    describe(type, xid) + ": " + p.reason());
        }
        return RuleResult.valid(ItemKind.GROUP, type, xid);
    }

    private static String typeSpecific(String type, JsonNode group) {
        for (String field : REQUIRED.getOrDefault(type, List.of())) {
            if (present(group, field) == null) {
                return type + " groups need " + field;
            }
        }
        if (type.equals("Signature") && !SIGNATURE_FILE_TYPES.contains(present(group, "fileType"))) {
            return "fileType '" + present(group, "fileType") + "' is not one of " + sorted(SIGNATURE_FILE_TYPES);
        }
        if (type.equals("Document") && CommonFields.isTrue(group.get("malware")) && present(group, "password") == null) {
            return "a Document with malware=true needs a password";
        }
        String status = present(group, "status");
        if (status != null && type.equals("Event") && !EVENT_STATUS.contains(status)) {
            return "Event status '" + status + "' is not one of " + sorted(EVENT_STATUS);
        }
        if (status != null && type.equals("Incident") && !INCIDENT_STATUS.contains(status)) {
            return "Incident status '" + status + "' is not one of " + sorted(INCIDENT_STATUS);
        }
        String eventType = present(group, "eventType");
        if (eventType != null && type.equals("Event") && !EVENT_TYPES.contains(eventType)) {
            return "Event eventType '" + eventType + "' is not one of " + sorted(EVENT_TYPES);
        }
        if (AI_TYPES.contains(type) && present(group, "insights") != null && present(group, "aiProvider") == null) {
            return "insights need an aiProvider";
        }
        return null;
    }

    private static String present(JsonNode node, String field) {
        String v = CommonFields.text(node.get(field));
        return v == null || v.isBlank() ? null : v;
    }

    private static String sorted(Set<String> values) {
        return String.join(", ", values.stream().sorted().toList());
    }

    private static RuleResult invalid(String type, String xid, String why) {
        return RuleResult.invalid(ItemKind.GROUP, type, xid, CODE, describe(type, xid) + ": " + why);
    }

    private static String describe(String type, String xid) {
        return (type == null ? "group" : type) + (xid == null ? "" : " " + xid);
    }
}
