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
 */
public record ImportSpec(String owner, Action action, AttributeWriteType attributeWriteType, boolean haltOnError,
                         List<Path> files, String version) {

    public ImportSpec {
        files = List.copyOf(files);
        version = version == null ? "V2" : version;
    }

    public ImportSpec(String owner, Action action, AttributeWriteType attributeWriteType, boolean haltOnError,
                      List<Path> files) {
        this(owner, action, attributeWriteType, haltOnError, files, "V2");
    }
}
