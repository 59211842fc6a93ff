package io.tcbatch.input;

import com.fasterxml.jackson.databind.JsonNode;

/** Required fields of entries of the V2 {@code association} array (API doc §3.6). */
public final class AssociationRules {
    private AssociationRules() {
    }

    static final String CODE = "0x1009";

    /**
     * Checks one association object; invalid ones get code {@code 0x1009}. The key of a valid
     * one reads "side 1 -> side 2", each side its ref (summary or xid) or {@code #id}, so a person
     * can find it in the input. {@code association_type} (tcex's input spelling) is accepted as
     * an alias of {@code associationType}.
     */
    public static RuleResult check(JsonNode association) {
        if (association == null || !association.isObject()) {
            return RuleResult.invalid(ItemKind.ASSOCIATION, null, null, CommonFields.SYNTAX_CODE,
                    "an association must be a JSON object");
        }
        String side1 = side(association, 1);
        String side2 = side(association, 2);
        String key = (side1 == null ? "?" : side1) + " -> " + (side2 == null ? "?" : side2);
        String type = CommonFields.text(association.get("associationType"));
        if (type == null) {
            type = CommonFields.text(association.get("association_type"));
        }
        if (side1 == null || side2 == null) {
            return RuleResult.invalid(ItemKind.ASSOCIATION, type, key, CODE, "association " + key
                    + " needs ref_" + (side1 == null ? 1 : 2) + " or id_" + (side1 == null ? 1 : 2));
        }
        for (int i = 1; i <= 2; i++) {
            JsonNode id = association.get("id_" + i);
            if (id != null && !id.isNull() && !isId(id)) {
                return RuleResult.invalid(ItemKind.ASSOCIATION, type, key, CODE, "association " + key
                        + ": id_" + i + " " + id + " is not a numeric id");
            }
            JsonNode t = association.get("type_" + i);
            if (t != null && !t.isNull()
                    && (!t.isTextual() || IndicatorType.fromApiName(t.asText()).isEmpty())) {
                return RuleResult.invalid(ItemKind.ASSOCIATION, type, key, CODE, "association " + key
                        + ": type_" + i + " " + t + " is not an indicator type");
            }
        }
        return RuleResult.valid(ItemKind.ASSOCIATION, type, key);
    }

    private static boolean isId(JsonNode id) {
        return id.isIntegralNumber() || (id.isTextual() && id.asText().matches("[0-9]{1,19}"));
    }

    /** id wins over ref when both are given (D-BATCH), so the key names what the server will use. */
    private static String side(JsonNode a, int n) {
        JsonNode id = a.get("id_" + n);
        if (id != null && isId(id)) {
            return "#" + id.asText();
        }
        String ref = CommonFields.text(a.get("ref_" + n));
        return ref == null || ref.isBlank() ? null : ref;
    }
}
