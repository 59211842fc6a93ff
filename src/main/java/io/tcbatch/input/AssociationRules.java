package io.tcbatch.input;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Entries of the V2 {@code association} array (API doc §3.6).
 *
 * <p>A side is an indicator when its {@code type_n} is given and a group otherwise: that is the
 * only thing in the entry that tells a summary from an xid (the docs make {@code type_n}
 * required for indicators and optional for groups, so a side without it can only be taken as a
 * group). Consequences checked here: {@code type_n} must be one of the indicator types; an
 * indicator ref must be a valid value of that type (it is matched against the normalised
 * summary, so it is normalised in the key too); and when both sides are indicators the entry
 * needs {@code associationType} (or tcex's input spelling {@code association_type}), without
 * which the server cannot link two indicators.
 */
public final class AssociationRules {
    private AssociationRules() {
    }

    static final String CODE = "0x1009";

    /**
     * Checks one association object; invalid ones get code {@code 0x1009} ({@code 0x1003} when
     * it is not an object). The key of a valid one reads "side 1 -> side 2", each side its ref
     * (normalised summary or xid) or {@code #id}, so a person can find it in the input; the
     * result's type is the association type, null when none is given.
     */
    public static RuleResult check(JsonNode association) {
        if (association == null || !association.isObject()) {
            return RuleResult.invalid(ItemKind.ASSOCIATION, null, null, CommonFields.SYNTAX_CODE,
                    "an association must be a JSON object");
        }
        JsonNode typeNode = association.get("associationType");
        if (typeNode == null || typeNode.isNull()) {
            typeNode = association.get("association_type");
        }
        String type = CommonFields.text(typeNode);
        if (type != null && type.isBlank()) {
            type = null;
        }
        String side1 = side(association, 1);
        String side2 = side(association, 2);
        String key = (side1 == null ? "?" : side1) + " -> " + (side2 == null ? "?" : side2);
        if (typeNode != null && !typeNode.isNull() && !typeNode.isTextual()) {
            return invalid(type, key, "associationType " + CommonFields.abbreviate(typeNode.toString())
                    + " is not a name");
        }
        if (side1 == null || side2 == null) {
            int missing = side1 == null ? 1 : 2;
            return RuleResult.invalid(ItemKind.ASSOCIATION, type, key, CODE, "association " + key
                    + " needs ref_" + missing + " or id_" + missing);
        }
        IndicatorType[] types = new IndicatorType[3];
        for (int i = 1; i <= 2; i++) {
            JsonNode id = association.get("id_" + i);
            if (id != null && !id.isNull() && !CommonFields.isId(id)) {
                return invalid(type, key, "id_" + i + " " + id + " is not a numeric id");
            }
            JsonNode t = association.get("type_" + i);
            if (t != null && !t.isNull()) {
                types[i] = t.isTextual() ? IndicatorType.byApiName(t.textValue()) : null;
                if (types[i] == null) {
                    return invalid(type, key, "type_" + i + " " + t + " is not an indicator type");
                }
                if (!isId(association, i)) {
                    String ref = CommonFields.text(association.get("ref_" + i));
                    if (IndicatorRules.normalised(types[i], ref) == null) {
                        return invalid(type, key, "ref_" + i + " '" + CommonFields.abbreviate(ref)
                                + "' is not a valid " + types[i].apiName());
                    }
                }
            }
        }
        if (types[1] != null && types[2] != null && type == null) {
            return invalid(null, key, "two indicators (type_1 and type_2 given) can only be associated"
                    + " with an associationType such as 'URL Host'");
        }
        return RuleResult.valid(ItemKind.ASSOCIATION, type, key);
    }

    private static RuleResult invalid(String type, String key, String why) {
        return RuleResult.invalid(ItemKind.ASSOCIATION, type, key, CODE, "association " + key + ": " + why);
    }

    private static boolean isId(JsonNode a, int n) {
        JsonNode id = a.get("id_" + n);
        return id != null && CommonFields.isId(id);
    }

    /**
     * id wins over ref when both are given (D-BATCH), so the key names what the server will use.
     * An indicator ref is shown normalised, since that is what it will be matched against.
     */
    private static String side(JsonNode a, int n) {
        JsonNode id = a.get("id_" + n);
        if (id != null && CommonFields.isId(id)) {
            return "#" + id.asText();
        }
        String ref = CommonFields.text(a.get("ref_" + n));
        if (ref == null || ref.isBlank()) {
            return null;
        }
        JsonNode t = a.get("type_" + n);
        IndicatorType type = t != null && t.isTextual() ? IndicatorType.byApiName(t.textValue()) : null;
        String normalised = type == null ? null : IndicatorRules.normalised(type, ref);
        return normalised != null ? normalised : ref;
    }
}
