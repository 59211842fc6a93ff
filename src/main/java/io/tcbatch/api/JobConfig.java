package io.tcbatch.api;

/**
 * The E1 job configuration (API doc §2.1), also the {@code config} part of E3. Booleans are sent as
 * real JSON booleans; optional fields are sent only when set (null leaves the server's default).
 *
 * @param version                "V1" or "V2"
 * @param owner                  owner name
 * @param haltOnError            stop at the first error
 * @param action                 "Create" or "Delete"
 * @param attributeWriteType     "Replace", "Append", "Singleton" or "Static"
 * @param tagWriteType           V2 only: "Append" or "Replace", or null
 * @param securityLabelWriteType V2 only: "Append" or "Replace", or null
 * @param fileMergeMode          V2 only: "Distribute" or "Merge", or null
 * @param hashCollisionMode      V2 only: "FavorExisting", "FavorIncoming", "IgnoreExisting", "IgnoreIncoming", "Split", or null
 */
public record JobConfig(String version, String owner, boolean haltOnError, String action, String attributeWriteType,
                        String tagWriteType, String securityLabelWriteType, String fileMergeMode,
                        String hashCollisionMode) {

    public JobConfig(String version, String owner, boolean haltOnError, String action, String attributeWriteType) {
        this(version, owner, haltOnError, action, attributeWriteType, null, null, null, null);
    }
}
