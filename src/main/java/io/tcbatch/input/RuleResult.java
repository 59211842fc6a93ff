package io.tcbatch.input;

/**
 * The outcome of checking one item against the Batch API rules: either valid, with its
 * identity key (type and normalised value, or xid for groups), or invalid with the batch
 * error code ({@code 0x1005}, {@code 0x1006}, …) and a reason a person can act on.
 *
 * @param kind    what was checked
 * @param type    indicator type name or group type name as on the wire (may be null when invalid)
 * @param key     normalised identity: indicator summary, group xid, or association description
 * @param code    batch error code such as {@code 0x1005}; null when valid
 * @param reason  human-readable reason; null when valid
 */
public record RuleResult(ItemKind kind, String type, String key, String code, String reason) {

    public static RuleResult valid(ItemKind kind, String type, String key) {
        return new RuleResult(kind, type, key, null, null);
    }

    public static RuleResult invalid(ItemKind kind, String type, String key, String code, String reason) {
        return new RuleResult(kind, type, key, code, reason);
    }

    public boolean isValid() {
        return code == null;
    }
}
