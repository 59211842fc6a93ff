package io.tcbatch.api;

/**
 * The E1 job configuration (API doc §2.1). Booleans are sent as real JSON booleans.
 *
 * @param version            "V1" or "V2"
 * @param owner              owner name
 * @param haltOnError        stop at the first error
 * @param action             "Create" or "Delete"
 * @param attributeWriteType "Replace", "Append", "Singleton" or "Static"
 */
public record JobConfig(String version, String owner, boolean haltOnError, String action, String attributeWriteType) {
}
