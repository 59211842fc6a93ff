package io.tcbatch.input;

/** Lets end-to-end tests in other packages share the list of shared files that are not import files. */
public final class SharedBatchFilesTestAccess {
    private SharedBatchFilesTestAccess() {
    }

    /** True for a file under {@code threatconnect/} that is JSON but not Batch JSON (a job config, a status answer). */
    public static boolean notBatchJson(String relativePath) {
        return SharedBatchFilesTest.NOT_BATCH_JSON.contains(relativePath.replace('\\', '/'));
    }
}
