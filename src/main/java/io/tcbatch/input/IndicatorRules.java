package io.tcbatch.input;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Validation and normalisation of indicators by the rules of API doc §3.3/§3.4, shared by the
 * client's preflight and the sandbox so that both sides judge an item the same way.
 *
 * <p>Choices where the documentation is silent, made once here so both sides agree:
 * <ul>
 * <li>File hashes are normalised to upper case, which is how ThreatConnect displays them and how
 *     the tcex fixtures write them; hashes compare case-insensitively, so either case would do
 *     as long as it is always the same one.</li>
 * <li>A non-numeric rating or confidence is a 0x1003 (the server's JSON syntax/type error, as
 *     for a bad date); a number out of range is a 0x1005, because the field is well-formed and
 *     it is the indicator that cannot be accepted.</li>
 * <li>A CIDR block with host bits set ({@code 203.0.113.5/24}) is invalid rather than widened.</li>
 * <li>Unknown (instance-specific custom) types are refused: the preflight cannot know them.</li>
 * </ul>
 */
public final class IndicatorRules {
    private IndicatorRules() {
    }

    static final String CODE = "0x1005";

    private static final List<String> HIVES = List.of("HKEY_CLASSES_ROOT", "HKEY_CURRENT_CONFIG",
            "HKEY_CURRENT_USER", "HKEY_CURRENT_USER_LOCAL_SETTINGS", "HKEY_LOCAL_MACHINE",
            "HKEY_PERFORMANCE_DATA", "HKEY_PERFORMANCE_NLSTEXT", "HKEY_PERFORMANCE_TEXT", "HKEY_USERS");

    private static final Set<String> REGISTRY_VALUE_TYPES = Set.of("REG_NONE", "REG_BINARY", "REG_DWORD",
            "REG_DWORD_LITTLE_ENDIAN", "REG_DWORD_BIG_ENDIAN", "REG_EXPAND_SZ", "REG_LINK", "REG_MULTI_SZ",
            "REG_QWORD", "REG_QWORD_LITTLE_ENDIAN", "REG_SZ");

    private static final List<String> HASH_FIELDS = List.of("md5", "sha1", "sha256");
    private static final int[] HASH_LENGTHS = {32, 40, 64};

    /**
     * Checks one indicator object (V1 or V2 form, with the aliases of §3.3). When valid, the
     * result's {@code key} is the normalised summary (e.g. lower-case host, canonical IPv6,
     * {@code md5 : sha1 : sha256} for files) and {@code type} the wire type name. When invalid,
     * {@code code} is {@code 0x1005} (or {@code 0x1003} for wrongly typed fields) and the reason
     * reads like ThreatConnect's: "bad_host.example is not valid. The indicator could not be
     * processed as a valid Host."
     */
    public static RuleResult check(JsonNode indicator) {
        if (indicator == null || !indicator.isObject()) {
            return RuleResult.invalid(ItemKind.INDICATOR, null, null, CommonFields.SYNTAX_CODE,
                    "an indicator must be a JSON object");
        }
        JsonNode typeNode = indicator.get("type");
        if (typeNode == null || typeNode.isNull()) {
            return RuleResult.invalid(ItemKind.INDICATOR, null, null, CODE, "the indicator has no type");
        }
        Optional<IndicatorType> found = typeNode.isTextual()
                ? IndicatorType.fromApiName(typeNode.asText()) : Optional.empty();
        if (found.isEmpty()) {
            return RuleResult.invalid(ItemKind.INDICATOR, null, null, CODE,
                    "unknown indicator type " + typeNode + " (expected one of Address, EmailAddress, File,"
                            + " Host, URL, ASN, CIDR, Email Subject, Hashtag, Mutex, Registry Key, User Agent)");
        }
        IndicatorType type = found.get();
        String value;
        try {
            value = value(type, indicator);
        } catch (WrongShape e) {
            return RuleResult.invalid(ItemKind.INDICATOR, type.apiName(), null, CommonFields.SYNTAX_CODE,
                    e.getMessage());
        }
        if (value == null) {
            return RuleResult.invalid(ItemKind.INDICATOR, type.apiName(), null, CODE,
                    "The indicator could not be processed as a valid " + type.apiName()
                            + ": it has no summary and no " + String.join("/", type.valueFields()) + " field.");
        }
        String misplaced = type == IndicatorType.FILE ? misplacedHash(indicator) : null;
        if (misplaced != null) {
            return RuleResult.invalid(ItemKind.INDICATOR, type.apiName(), misplaced, CODE,
                    misplaced + " is not valid. The indicator could not be processed as a valid File.");
        }
        String normalised = normalise(type, value).orElse(null);
        if (normalised == null) {
            return RuleResult.invalid(ItemKind.INDICATOR, type.apiName(), value, CODE,
                    value + " is not valid. The indicator could not be processed as a valid " + type.apiName() + ".");
        }
        CommonFields.Problem p = CommonFields.check(indicator, CommonFields.INDICATOR_DATES);
        if (p != null) {
            return RuleResult.invalid(ItemKind.INDICATOR, type.apiName(), normalised,
                    p.syntax() ? CommonFields.SYNTAX_CODE : CODE, normalised + ": " + p.reason());
        }
        return RuleResult.valid(ItemKind.INDICATOR, type.apiName(), normalised);
    }

    /**
     * The identity two indicators share when they are the same object on the server: the type
     * and the normalised summary, joined by NUL (which no summary contains).
     *
     * @throws IllegalArgumentException for an invalid result, which has no identity
     */
    public static String dedupKey(RuleResult valid) {
        if (!valid.isValid() || valid.kind() != ItemKind.INDICATOR) {
            throw new IllegalArgumentException("only a valid indicator result has a dedup key: " + valid);
        }
        return valid.type() + "\u0000" + valid.key();
    }

    /** The normalised summary of {@code value} as {@code type}, or empty when it is not valid. */
    public static Optional<String> normalise(IndicatorType type, String value) {
        if (value == null) {
            return Optional.empty();
        }
        String v = value.strip();
        String result = switch (type) {
            case ADDRESS -> Values.address(v);
            case CIDR -> Values.cidr(v);
            case HOST -> Values.host(v);
            case URL -> Values.url(v);
            case EMAIL_ADDRESS -> Values.email(v);
            case ASN -> Values.asn(v);
            case FILE -> fileSummary(v);
            case REGISTRY_KEY -> registryKey(value);
            // Free text is kept exactly, case and inner spacing included: Mutex and User Agent are
            // case-sensitive on the server, and a subject differing by a space is another subject.
            case EMAIL_SUBJECT, HASHTAG, MUTEX, USER_AGENT -> value.isBlank() ? null : value;
        };
        return Optional.ofNullable(result);
    }

    /*
     * Where the value comes from, in this order: for File the hash fields (when any is present
     * summary is ignored, D-BATCH), else summary; for the others summary, else the type's own
     * fields; then the SDK aliases value1..3 (tcex) and value (Java SDK).
     */
    private static String value(IndicatorType type, JsonNode node) {
        if (type == IndicatorType.FILE) {
            String fromFields = joined(node, HASH_FIELDS, true);
            if (fromFields != null) {
                return fromFields;
            }
        }
        String summary = scalar(node, "summary");
        if (summary != null && !summary.isEmpty()) {
            return summary;
        }
        if (type != IndicatorType.FILE) {
            String fromFields = joined(node, type.valueFields(), false);
            if (fromFields != null) {
                return fromFields;
            }
        }
        String fromAliases = joined(node, List.of("value1", "value2", "value3")
                .subList(0, Math.max(1, type.valueFields().size())), type == IndicatorType.FILE);
        if (fromAliases != null) {
            return fromAliases;
        }
        String alias = scalar(node, "value");
        return alias == null || alias.isEmpty() ? null : alias;
    }

    /**
     * Joins the present fields with " : ". For hashes, absent ones are skipped (any subset is a
     * File); for Registry Key all three parts keep their places, so a missing one stays empty and
     * fails validation instead of shifting the others.
     */
    private static String joined(JsonNode node, List<String> fields, boolean skipMissing) {
        List<String> parts = new ArrayList<>();
        boolean any = false;
        for (String f : fields) {
            String v = scalar(node, f);
            if (v != null && !v.isEmpty()) {
                any = true;
                parts.add(v);
            } else if (!skipMissing) {
                parts.add("");
            }
        }
        if (!any) {
            return null;
        }
        return String.join(" : ", parts);
    }

    /*
     * A hash under the wrong field name (a sha1 in "md5") is refused although its length would
     * identify it: a field that says md5 and holds something else is not to be trusted.
     */
    private static String misplacedHash(JsonNode node) {
        for (int i = 0; i < HASH_FIELDS.size(); i++) {
            String v = scalar(node, HASH_FIELDS.get(i));
            if (v != null && !v.isEmpty() && Values.hash(v.strip(), HASH_LENGTHS[i]) == null) {
                return v;
            }
        }
        return null;
    }

    private static String scalar(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v != null && v.isContainerNode()) {
            throw new WrongShape(field + " must be a string, not " + (v.isArray() ? "an array" : "an object"));
        }
        return CommonFields.text(v);
    }

    /**
     * Hashes joined by ":" with optional spaces around it (tcex tolerates "a: b"), empty slots
     * allowed ("AB56… :  : "), each hash identified by its length.
     */
    private static String fileSummary(String summary) {
        String[] byKind = new String[3];
        boolean any = false;
        for (String part : summary.split(":", -1)) {
            String h = part.strip();
            if (h.isEmpty()) {
                continue;
            }
            int kind = switch (h.length()) {
                case 32 -> 0;
                case 40 -> 1;
                case 64 -> 2;
                default -> -1;
            };
            if (kind < 0 || byKind[kind] != null || !Values.isHex(h)) {
                return null;
            }
            byKind[kind] = Values.hash(h, h.length());
            any = true;
        }
        if (!any) {
            return null;
        }
        List<String> present = new ArrayList<>();
        for (String h : byKind) {
            if (h != null) {
                present.add(h);
            }
        }
        return String.join(" : ", present);
    }

    /**
     * KEY : VALUE NAME : TYPE. Split on " : " exactly, because a value name may be a single space
     * (the documented way to name the default value) and trimming would erase it.
     */
    private static String registryKey(String summary) {
        String[] parts = summary.split(" : ", -1);
        if (parts.length < 3) {
            return null;
        }
        String key = parts[0].strip();
        String type = parts[parts.length - 1].strip();
        String valueName = String.join(" : ", List.of(parts).subList(1, parts.length - 1));
        if (valueName.isEmpty() || !REGISTRY_VALUE_TYPES.contains(type)) {
            return null;
        }
        boolean hive = false;
        for (String h : HIVES) {
            if (key.equals(h) || key.startsWith(h + "\\")) {
                hive = true;
                break;
            }
        }
        return hive ? key + " : " + valueName + " : " + type : null;
    }

    private static final class WrongShape extends RuntimeException {
        WrongShape(String message) {
            super(message, null, false, false);
        }
    }
}
