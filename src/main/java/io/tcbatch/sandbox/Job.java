package io.tcbatch.sandbox;

/**
 * One batch job as stored.
 *
 * @param otherErrors errors not tied to an item kind: a file that is not valid JSON (0x1003),
 *                    the indicator limit (0x1008), an internal failure (0x1004)
 * @param startedAt   when processing last began (null before); for the hold-running fault
 * @param completedAt when it completed (null before); for the errors-lag fault
 */
record Job(long id, String owner, String version, String action, String attributeWriteType,
           String tagWriteType, String securityLabelWriteType, String fileMergeMode, String hashCollisionMode,
           boolean haltOnError, JobState state,
           int successIndicators, int errorIndicators, int successGroups, int errorGroups,
           int successAssociations, int errorAssociations, int otherErrors, int unprocessed,
           java.time.Instant createdAt, java.time.Instant startedAt, java.time.Instant completedAt) {

    /**
     * Items saved. Undocumented (API doc §5.23); chosen: indicators, groups and associations
     * all count, because counting all of them means successCount + errorCount + unprocessCount adds up to the
     * items in the file, which is what a client reconciling its input expects).
     */
    int successCount() {
        return successIndicators + successGroups + successAssociations;
    }

    int errorCount() {
        return errorIndicators + errorGroups + errorAssociations + otherErrors;
    }
}
