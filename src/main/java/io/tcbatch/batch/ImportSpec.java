package io.tcbatch.batch;

import java.nio.file.Path;
import java.util.List;

/**
 * One import as the user asked for it: the job options of the DSL core and the files to send.
 *
 * @param owner              owner name (required)
 * @param action             Create or Delete
 * @param attributeWriteType how attributes are written
 * @param haltOnError        stop each job at its first error
 * @param files              input files (Batch JSON V1/V2, IOC lists)
 * @param version            "V2" (default) or "V1"; a V1 job takes indicators only and fewer write types
 * @param extras             the V2-only E1 options (tag and security-label write types, file merge and hash
 *                           collision modes); {@link JobExtras#NONE} leaves all four to the server
 */
public record ImportSpec(String owner, Action action, AttributeWriteType attributeWriteType, boolean haltOnError,
                         List<Path> files, String version, JobExtras extras) {

    public ImportSpec {
        files = List.copyOf(files);
        version = version == null ? "V2" : version;
        extras = extras == null ? JobExtras.NONE : extras;
    }

    public ImportSpec(String owner, Action action, AttributeWriteType attributeWriteType, boolean haltOnError,
                      List<Path> files, String version) {
        this(owner, action, attributeWriteType, haltOnError, files, version, JobExtras.NONE);
    }

    /**
     * The E1 fields a V2 job may carry besides the common ones, as the API spells their values
     * (null: not sent, the server's default applies). Checked by the front ends against {@link JobValues};
     * the server has the last word.
     */
    public record JobExtras(String tagWriteType, String securityLabelWriteType, String fileMergeMode,
                            String hashCollisionMode) {
        public static final JobExtras NONE = new JobExtras(null, null, null, null);

        public boolean isEmpty() {
            return tagWriteType == null && securityLabelWriteType == null && fileMergeMode == null
                    && hashCollisionMode == null;
        }
    }

    /** A copy with other files (a resubmit of the failed items, a staged job's uploads). */
    public ImportSpec withFiles(List<Path> newFiles) {
        return new ImportSpec(owner, action, attributeWriteType, haltOnError, newFiles, version, extras);
    }

    public ImportSpec(String owner, Action action, AttributeWriteType attributeWriteType, boolean haltOnError,
                      List<Path> files) {
        this(owner, action, attributeWriteType, haltOnError, files, "V2");
    }
}
