package io.tcbatch.input;

import com.fasterxml.jackson.databind.JsonNode;

/** Required fields and enumerations of V2 groups (API doc §3.5); key is the xid. */
public final class GroupRules {
    private GroupRules() {
    }

    /** Checks one group object; invalid groups get code {@code 0x1006}. */
    public static RuleResult check(JsonNode group) {
        throw new UnsupportedOperationException("TODO group rules");
    }
}
