package io.tcbatch.batch;

import java.nio.file.Path;
import java.util.List;

import io.tcbatch.input.Input;
import io.tcbatch.input.Inputs;
import io.tcbatch.input.ItemTransform;

/**
 * One import as the user asked for it: the job options of the DSL core and the files to send.
 *
 * @param owner              owner name (required)
 * @param action             Create or Delete
 * @param attributeWriteType how attributes are written
 * @param haltOnError        stop each job at its first error
 * @param inputs             what to read: files (Batch JSON V1/V2, IOC lists, CSV, STIX), text and items
 *                           given in a script
 * @param version            "V2" (default) or "V1"; a V1 job takes indicators only and fewer write types
 * @param extras             the V2-only E1 options (tag and security-label write types, file merge and hash
 *                           collision modes); {@link JobExtras#NONE} leaves all four to the server
 * @param transform          the DSL's defaults and each hook, applied to every item read ({@link ItemTransform#NONE})
 */
public record ImportSpec(String owner, Action action, AttributeWriteType attributeWriteType, boolean haltOnError,
                         List<Input> inputs, String version, JobExtras extras, ItemTransform transform) {

    public ImportSpec {
        inputs = List.copyOf(inputs);
        version = version == null ? "V2" : version;
        extras = extras == null ? JobExtras.NONE : extras;
        transform = transform == null ? ItemTransform.NONE : transform;
    }

    /** Files only, each in the format its name and content say. */
    public ImportSpec(String owner, Action action, AttributeWriteType attributeWriteType, boolean haltOnError,
                      List<Path> files, String version, JobExtras extras) {
        this(owner, action, attributeWriteType, haltOnError, fileInputs(files), version, extras, ItemTransform.NONE);
    }

    public ImportSpec(String owner, Action action, AttributeWriteType attributeWriteType, boolean haltOnError,
                      List<Path> files, String version) {
        this(owner, action, attributeWriteType, haltOnError, files, version, JobExtras.NONE);
    }

    private static List<Input> fileInputs(List<Path> files) {
        return files.stream().map(Inputs::file).toList();
    }

    /** The files among the inputs (text and items built in a script have none). */
    public List<Path> files() {
        return inputs.stream().map(Input::path).filter(java.util.Objects::nonNull).toList();
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

    /**
     * A copy with other files (a resubmit of the failed items, a staged job's uploads) and no
     * transform: the failed-items file holds items as they were sent, already changed by it.
     */
    public ImportSpec withFiles(List<Path> newFiles) {
        return new ImportSpec(owner, action, attributeWriteType, haltOnError, newFiles, version, extras);
    }

    /** A copy with other inputs, keeping the transform. */
    public ImportSpec withInputs(List<Input> newInputs) {
        return new ImportSpec(owner, action, attributeWriteType, haltOnError, newInputs, version, extras, transform);
    }

    public ImportSpec(String owner, Action action, AttributeWriteType attributeWriteType, boolean haltOnError,
                      List<Path> files) {
        this(owner, action, attributeWriteType, haltOnError, files, "V2");
    }
}
