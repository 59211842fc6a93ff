package io.tcbatch.input;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Validation and normalisation of indicators by the rules of API doc §3.3/§3.4, shared by the
 * client's preflight and the sandbox so that both sides judge an item the same way.
 */
public final class IndicatorRules {
    private IndicatorRules() {
    }

    /**
     * Checks one indicator object (V1 or V2 form, with the aliases of §3.3). When valid, the
     * result's {@code key} is the normalised summary (e.g. lower-case host, canonical IPv6,
     * {@code md5 : sha1 : sha256} for files) and {@code type} the wire type name. When invalid,
     * {@code code} is {@code 0x1005} (or {@code 0x1003} for wrongly typed fields) and the reason
     * reads like ThreatConnect's: "bad_host.example is not valid. The indicator could not be
     * processed as a valid Host."
     */
    public static RuleResult check(JsonNode indicator) {
        throw new UnsupportedOperationException("TODO indicator rules");
    }
}
