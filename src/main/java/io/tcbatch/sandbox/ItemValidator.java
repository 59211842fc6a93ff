package io.tcbatch.sandbox;

import com.fasterxml.jackson.databind.JsonNode;

import io.tcbatch.input.AssociationRules;
import io.tcbatch.input.GroupRules;
import io.tcbatch.input.IndicatorRules;
import io.tcbatch.input.RuleResult;

/**
 * Judges one item of an uploaded file. The sandbox uses the same rules as the client's
 * preflight ({@link #inputRules()}); tests pass small fakes so that they exercise the job
 * processing and not the rules.
 *
 * <p>For a valid indicator, {@link RuleResult#type()} and {@link RuleResult#key()} (the
 * normalised summary) are the identity under which it is stored; for a group the key is the
 * xid. An implementation may throw: the processor records that item as an internal error
 * (0x1004) and goes on.
 */
public interface ItemValidator {

    RuleResult checkIndicator(JsonNode indicator);

    RuleResult checkGroup(JsonNode group);

    RuleResult checkAssociation(JsonNode association);

    /** The validation rules of the {@code io.tcbatch.input} package. */
    static ItemValidator inputRules() {
        return new ItemValidator() {
            @Override
            public RuleResult checkIndicator(JsonNode indicator) {
                return IndicatorRules.check(indicator);
            }

            @Override
            public RuleResult checkGroup(JsonNode group) {
                return GroupRules.check(group);
            }

            @Override
            public RuleResult checkAssociation(JsonNode association) {
                return AssociationRules.check(association);
            }

            @Override
            public String toString() {
                return "ItemValidator[input rules]";
            }
        };
    }
}
