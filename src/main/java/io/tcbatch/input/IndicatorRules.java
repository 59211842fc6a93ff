package io.tcbatch.input;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Validation and normalisation of indicators by the rules of API doc §3.3/§3.4, shared by the
 * client's preflight and the sandbox so that both sides judge an item the same way.
 *
 * <p>Choices where the documentation is silent, made once here so both sides agree:
 * <ul>
 * <li>File hashes are normalised to lower case, as hashing tools print them and as the Batch
 *     API examples write them; hashes compare case-insensitively, so either case would do as
 *     long as it is always the same one.</li>
 * <li>IPv6 addresses take the RFC 5952 form (lower case, compressed); IPv6 CIDR blocks the form
 *     §3.4 prescribes (eight groups, no "::", no zero padding). ASNs written "AS 123" or
 *     "asn123" become "ASN123".</li>
 * <li>A non-numeric (or, for confidence, fractional) rating or confidence is a 0x1003 (the server's JSON syntax/type error, as
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

    /** Hex digits of md5, sha1 and sha256, in the order of File's value fields. */
    static final int[] HASH_LENGTHS = {32, 40, 64};

    /**
     * Checks one indicator object (V1 or V2 form, with the aliases of §3.3). When valid, the
     * result's {@code key} is the normalised summary (e.g. lower-case host, canonical IPv6,
     * {@code md5 : sha1 : sha256} for files) and {@code type} the wire type name. When invalid,
     * {@code code} is {@code 0x1005} (or {@code 0x1003} for wrongly typed fields) and the reason
     * reads like ThreatConnect's: "bad_host.example is not valid. The indicator could not be
     * processed as a valid Host."
     *
     * <p>Where the value comes from: for File the hash fields win when any is present and
     * {@code summary} is ignored, as D-BATCH says. For the other types the docs do not say which
     * of {@code summary} and the type's own field(s) wins when both are given; both are taken and
     * must name the same indicator once normalised ({@code "summary":"Bad.Example"} with
     * {@code "hostName":"bad.example"} is fine), otherwise the indicator is refused, because
     * whichever one the server picks, the sender meant something else by the other.
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
        IndicatorType type = typeNode.isTextual() ? IndicatorType.byApiName(typeNode.textValue()) : null;
        if (type == null) {
            return RuleResult.invalid(ItemKind.INDICATOR, null, null, CODE,
                    "unknown indicator type " + CommonFields.abbreviate(typeNode.toString())
                            + " (expected one of " + IndicatorType.API_NAMES + ")");
        }
        String fromFields;
        String summary;
        try {
            if (type == IndicatorType.FILE) {
                RuleResult fromHashes = fileFromHashFields(indicator);
                if (fromHashes != null) {
                    return fromHashes;
                }
            }
            fromFields = type == IndicatorType.FILE ? null : joined(indicator, type);
            summary = nonEmpty(indicator, "summary");
            if (fromFields == null && summary == null) {
                summary = alias(indicator, type);
            }
        } catch (WrongShape e) {
            return RuleResult.invalid(ItemKind.INDICATOR, type.apiName(), null, CommonFields.SYNTAX_CODE,
                    e.getMessage());
        }
        if (fromFields == null && summary == null) {
            return RuleResult.invalid(ItemKind.INDICATOR, type.apiName(), null, CODE,
                    "The indicator could not be processed as a valid " + type.apiName()
                            + ": it has no summary and no " + String.join("/", type.valueFields()) + " field.");
        }
        String value = summary != null ? summary : fromFields;
        String normalised = normalised(type, value);
        if (normalised == null) {
            return notValid(type, value);
        }
        if (summary != null && fromFields != null) {
            String other = normalised(type, fromFields);
            if (other == null) {
                return notValid(type, fromFields);
            }
            if (!other.equals(normalised)) {
                return RuleResult.invalid(ItemKind.INDICATOR, type.apiName(), normalised, CODE,
                        "summary '" + CommonFields.abbreviate(summary) + "' and " + String.join("/", type.valueFields())
                                + " '" + CommonFields.abbreviate(fromFields) + "' name different " + type.apiName()
                                + " indicators; give one of them, or make them agree.");
            }
        }
        return withCommonFields(indicator, type, normalised);
    }

    private static RuleResult withCommonFields(JsonNode indicator, IndicatorType type, String normalised) {
        CommonFields.Problem p = CommonFields.check(indicator, CommonFields.Owner.INDICATOR);
        if (p != null) {
            return RuleResult.invalid(ItemKind.INDICATOR, type.apiName(), normalised,
                    p.syntax() ? CommonFields.SYNTAX_CODE : CODE, CommonFields.shown(normalised, 200) + ": " + p.reason());
        }
        return RuleResult.valid(ItemKind.INDICATOR, type.apiName(), normalised);
    }

    /*
     * A File given by its hash fields: when any of md5/sha1/sha256 is present the summary is
     * ignored (D-BATCH). Each field is checked against its own length and hex, so a sha1 in "md5"
     * is refused although its length would identify it: a field that says md5 and holds
     * something else is not to be trusted. Null when no hash field is given. The summary is
     * built directly from the checked hashes (no second parse), since File is the hot path of
     * hash feeds.
     */
    private static RuleResult fileFromHashFields(JsonNode indicator) {
        String md5 = nonEmpty(indicator, "md5");
        String sha1 = nonEmpty(indicator, "sha1");
        String sha256 = nonEmpty(indicator, "sha256");
        if (md5 == null && sha1 == null && sha256 == null) {
            return null;
        }
        String[] given = {md5, sha1, sha256};
        String joined = null;
        for (int i = 0; i < 3; i++) {
            if (given[i] == null) {
                continue;
            }
            String h = Values.hash(given[i].strip(), HASH_LENGTHS[i]);
            if (h == null) {
                return RuleResult.invalid(ItemKind.INDICATOR, IndicatorType.FILE.apiName(), given[i], CODE,
                        CommonFields.shown(given[i], 200)
                                + " is not valid. The indicator could not be processed as a valid File.");
            }
            joined = joined == null ? h : joined + " : " + h;
        }
        return withCommonFields(indicator, IndicatorType.FILE, joined);
    }

    private static RuleResult notValid(IndicatorType type, String value) {
        return RuleResult.invalid(ItemKind.INDICATOR, type.apiName(), value, CODE, CommonFields.shown(value, 200)
                + " is not valid. The indicator could not be processed as a valid " + type.apiName() + ".");
    }

    /**
     * Fields of an indicator that the V1 format does not document (§3.1), in the order they
     * appear, so that a V1 job carrying V2-only data can be refused before it is sent instead of
     * having the server silently drop that data. V1 documents summary, type, rating, confidence,
     * description, source, attribute ({type, value}) and tag ({name}); also not reported are
     * what V1 files carry in practice without harm: {@code xid} (sent by every SDK),
     * {@code associatedGroup} (V1's numeric group ids) and the read-only fields of a bulk export
     * ({@code id}, {@code ownerName}, {@code webLink}, {@code dateAdded}, {@code lastModified},
     * {@code threatAssess*}). A V2-only field inside an attribute is named
     * {@code attribute[].securityLabel} (or {@code .pinned}, {@code .displayed}).
     *
     * <p>{@code attribute[].source} is allowed although §3.1 lists only type and value for a V1
     * attribute: ThreatConnect's own Java SDK writes it into the V1 files it sends (its V1 test
     * fixtures carry it), so refusing it would refuse the vendor's own V1 files. The worst case is
     * that an instance ignores the attribute's source, which is not the silent loss of data this
     * check exists to prevent for the fields that carry meaning only V2 can keep (security labels,
     * pinning, associations).
     *
     * @return the field names, empty when the indicator is plain V1
     */
    public static List<String> v2OnlyFields(ObjectNode indicator) {
        List<String> found = null;
        Iterator<Map.Entry<String, JsonNode>> fields = indicator.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String name = f.getKey();
            if (!V1_FIELDS.contains(name) && !name.startsWith("threatAssess")) {
                found = add(found, name);
            }
            if (name.equals("attribute") && f.getValue().isArray()) {
                for (JsonNode a : f.getValue()) {
                    for (String extra : V2_ATTRIBUTE_FIELDS) {
                        if (a.has(extra) && (found == null || !found.contains("attribute[]." + extra))) {
                            found = add(found, "attribute[]." + extra);
                        }
                    }
                }
            }
        }
        return found == null ? List.of() : List.copyOf(found);
    }

    private static List<String> add(List<String> list, String name) {
        List<String> l = list == null ? new ArrayList<>() : list;
        l.add(name);
        return l;
    }

    private static final Set<String> V1_FIELDS = Set.of("summary", "type", "rating", "confidence", "description",
            "source", "attribute", "tag", "xid", "associatedGroup", "id", "ownerName", "webLink", "dateAdded",
            "lastModified");

    private static final String[] V2_ATTRIBUTE_FIELDS = {"securityLabel", "pinned", "displayed"};

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
        return Optional.ofNullable(normalised(type, value));
    }

    /**
     * Surrounding white space is dropped for the structured types (feeds pad columns); free text
     * is kept exactly, case and inner spacing included: Mutex and User Agent are case-sensitive
     * on the server, and a subject differing by a space is another subject.
     */
    static String normalised(IndicatorType type, String value) {
        if (value == null) {
            return null;
        }
        return switch (type) {
            case ADDRESS -> Values.address(value.strip());
            case CIDR -> Values.cidr(value.strip());
            case HOST -> Values.host(value.strip());
            case URL -> Values.url(value.strip());
            case EMAIL_ADDRESS -> Values.email(value.strip());
            case ASN -> Values.asn(value.strip());
            case FILE -> fileSummary(value);
            case REGISTRY_KEY -> registryKey(value);
            case EMAIL_SUBJECT, HASHTAG, MUTEX, USER_AGENT -> value.isBlank() ? null : value;
        };
    }

    /*
     * The type's own fields joined in summary order with " : " (null when none is given). All
     * three Registry Key parts keep their places, so a missing one stays empty and fails
     * validation instead of shifting the others. (File hash fields are read by fileFromHashFields.)
     */
    private static String joined(JsonNode node, IndicatorType type) {
        List<String> fields = type.valueFields();
        if (fields.size() == 1) {
            return nonEmpty(node, fields.get(0));
        }
        StringBuilder b = new StringBuilder(128);
        boolean any = false;
        for (int i = 0; i < fields.size(); i++) {
            String v = rawScalar(node, fields.get(i));
            any |= v != null && !v.isEmpty();
            if (i > 0) {
                b.append(" : ");
            }
            b.append(v == null ? "" : v);
        }
        return any ? b.toString() : null;
    }

    /* tcex's value1..value3 (split of the summary), then the Java SDK's value. */
    private static String alias(JsonNode node, IndicatorType type) {
        int n = type.valueFields().size();
        StringBuilder b = null;
        boolean any = false;
        for (int i = 0; i < n; i++) {
            String v = rawScalar(node, ALIASES[i]);
            boolean present = v != null && !v.isEmpty();
            if (!present && type == IndicatorType.FILE) {
                continue;
            }
            any |= present;
            if (b == null) {
                b = new StringBuilder(64);
            } else if (b.length() > 0 || type != IndicatorType.FILE) {
                b.append(" : ");
            }
            b.append(present ? v : "");
        }
        if (any) {
            return b.toString();
        }
        return nonEmpty(node, "value");
    }

    private static final String[] ALIASES = {"value1", "value2", "value3"};

    private static String nonEmpty(JsonNode node, String field) {
        String v = rawScalar(node, field);
        return v == null || v.isEmpty() ? null : v;
    }

    private static String rawScalar(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v != null && v.isContainerNode()) {
            throw new WrongShape(field + " must be a string, not " + (v.isArray() ? "an array" : "an object"));
        }
        return CommonFields.text(v);
    }

    /**
     * Hashes separated by ":" with optional spaces around it (tcex tolerates "a: b" and "a :b"),
     * empty slots allowed ("d41d… :  : "), each hash identified by its length (md5 32, sha1 40,
     * sha256 64 hex digits) and written in lower case, in the order md5 : sha1 : sha256 whatever
     * the order given. Two hashes of one kind are refused: a File has one md5.
     */
    private static String fileSummary(String summary) {
        String md5 = null;
        String sha1 = null;
        String sha256 = null;
        int n = summary.length();
        int start = 0;
        while (start <= n) {
            int end = summary.indexOf(':', start);
            if (end < 0) {
                end = n;
            }
            int a = start;
            int b = end;
            while (a < b && summary.charAt(a) <= ' ') {
                a++;
            }
            while (b > a && summary.charAt(b - 1) <= ' ') {
                b--;
            }
            if (b > a) {
                String part = a == 0 && b == n ? summary : summary.substring(a, b);
                String h = Values.hash(part, part.length());
                if (h == null) {
                    return null;
                }
                switch (h.length()) {
                    case 32 -> {
                        if (md5 != null) {
                            return null;
                        }
                        md5 = h;
                    }
                    case 40 -> {
                        if (sha1 != null) {
                            return null;
                        }
                        sha1 = h;
                    }
                    case 64 -> {
                        if (sha256 != null) {
                            return null;
                        }
                        sha256 = h;
                    }
                    default -> {
                        return null;
                    }
                }
            }
            start = end + 1;
        }
        if (md5 == null && sha1 == null && sha256 == null) {
            return null;
        }
        if ((md5 != null ? 1 : 0) + (sha1 != null ? 1 : 0) + (sha256 != null ? 1 : 0) == 1) {
            return md5 != null ? md5 : sha1 != null ? sha1 : sha256;
        }
        StringBuilder b = new StringBuilder(146);
        for (String h : new String[] {md5, sha1, sha256}) {
            if (h != null) {
                if (b.length() > 0) {
                    b.append(" : ");
                }
                b.append(h);
            }
        }
        return b.toString();
    }

    /**
     * KEY : VALUE NAME : TYPE. Split on the first and the last " : ", because a value name may
     * be a single space (the documented way to name the default value) and trimming would erase
     * it, and a value name may itself contain " : ". The key must be a full hive name (or start
     * with one and a backslash); abbreviations such as HKLM are refused, as the server does. The
     * value type is one of the eleven REG_ names, exactly as written.
     */
    private static String registryKey(String summary) {
        int first = summary.indexOf(" : ");
        int last = summary.lastIndexOf(" : ");
        if (first < 0 || last < first + 3) {
            return null; // fewer than three parts, or no room for a value name
        }
        String key = summary.substring(0, first).strip();
        String valueName = summary.substring(first + 3, last);
        String type = summary.substring(last + 3).strip();
        if (valueName.isEmpty() || !REGISTRY_VALUE_TYPES.contains(type)) {
            return null;
        }
        boolean hive = false;
        for (String h : HIVES) {
            if (key.startsWith(h) && (key.length() == h.length() || key.charAt(h.length()) == '\\')) {
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
