package io.tcbatch.sandbox;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The E1 job configuration (API doc §2.1), read leniently where the SDKs differ (booleans as
 * the strings {@code "true"}/{@code "false"}, missing {@code version} meaning V1) and strictly
 * where a wrong value would silently change what happens (enumerations are case-sensitive, as
 * the server's are).
 */
record JobSpec(String version, String owner, boolean haltOnError, String action, String attributeWriteType,
               String tagWriteType, String securityLabelWriteType, String fileMergeMode, String hashCollisionMode) {

    /** A configuration the server refuses: 400 with this message. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message);
        }
    }

    private static final List<String> VERSIONS = List.of("V1", "V2");
    private static final List<String> ACTIONS = List.of("Create", "Delete");
    private static final List<String> V2_ATTRIBUTE_WRITE_TYPES = List.of("Append", "Replace", "Singleton", "Static");
    // V1 accepts Append too: the V1 example body and the V1-era SDKs use it (API doc §5.6).
    private static final List<String> V1_ATTRIBUTE_WRITE_TYPES = List.of("Append", "Replace", "Static");
    private static final List<String> WRITE_TYPES = List.of("Append", "Replace");
    private static final List<String> FILE_MERGE_MODES = List.of("Distribute", "Merge");
    private static final List<String> HASH_COLLISION_MODES =
            List.of("FavorExisting", "FavorIncoming", "IgnoreExisting", "IgnoreIncoming", "Split");

    static JobSpec parse(JsonNode body) throws Invalid {
        if (body == null || !body.isObject()) {
            throw new Invalid("The batch job configuration must be a JSON object");
        }
        String version = optionalEnum(body, "version", VERSIONS, "V1");
        String owner = requiredString(body, "owner");
        boolean halt = requiredBoolean(body, "haltOnError");
        String action = requiredEnum(body, "action", ACTIONS);
        String attributeWriteType = requiredEnum(body, "attributeWriteType",
                "V1".equals(version) ? V1_ATTRIBUTE_WRITE_TYPES : V2_ATTRIBUTE_WRITE_TYPES);
        // tagWriteType is V2-only in the docs; a V1 job behaves as the default, Replace.
        String tagWriteType = optionalEnum(body, "tagWriteType", WRITE_TYPES, "Replace");
        String securityLabelWriteType = optionalEnum(body, "securityLabelWriteType", WRITE_TYPES, "Replace");
        String fileMergeMode = optionalEnum(body, "fileMergeMode", FILE_MERGE_MODES, "Merge");
        String hashCollisionMode = optionalEnum(body, "hashCollisionMode", HASH_COLLISION_MODES, "FavorIncoming");
        optionalBoolean(body, "playbookTriggersEnabled");
        optionalBoolean(body, "removeOrphanIndicators");
        return new JobSpec(version, owner, halt, action, attributeWriteType, tagWriteType, securityLabelWriteType,
                fileMergeMode, hashCollisionMode);
    }

    private static String requiredString(JsonNode body, String field) throws Invalid {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            throw new Invalid("Missing required field '" + field + "'");
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new Invalid("Field '" + field + "' must be a non-empty string");
        }
        return v.asText();
    }

    private static String requiredEnum(JsonNode body, String field, List<String> allowed) throws Invalid {
        String v = requiredString(body, field);
        if (!allowed.contains(v)) {
            throw new Invalid("Invalid " + field + " '" + v + "': expected one of " + String.join(", ", allowed));
        }
        return v;
    }

    private static String optionalEnum(JsonNode body, String field, List<String> allowed, String dflt)
            throws Invalid {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return dflt;
        }
        return requiredEnum(body, field, allowed);
    }

    private static boolean requiredBoolean(JsonNode body, String field) throws Invalid {
        Boolean b = optionalBoolean(body, field);
        if (b == null) {
            throw new Invalid("Missing required field '" + field + "'");
        }
        return b;
    }

    private static Boolean optionalBoolean(JsonNode body, String field) throws Invalid {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isTextual()) {
            String s = v.asText().trim().toLowerCase(Locale.ROOT);
            if (s.equals("true") || s.equals("false")) {
                return s.equals("true");
            }
        }
        throw new Invalid("Field '" + field + "' must be true or false, not " + v);
    }
}
