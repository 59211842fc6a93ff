package io.tcbatch.input;

import com.fasterxml.jackson.databind.JsonNode;

/** Required fields of entries of the V2 {@code association} array (API doc §3.6). */
public final class AssociationRules {
    private AssociationRules() {
    }

    /** Checks one association object; invalid ones get code {@code 0x1009}. */
    public static RuleResult check(JsonNode association) {
        throw new UnsupportedOperationException("TODO association rules");
    }
}
