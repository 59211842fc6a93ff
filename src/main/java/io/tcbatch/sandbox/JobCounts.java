package io.tcbatch.sandbox;

/** The running counts of one job while the processor works on it. */
final class JobCounts {
    int successIndicators;
    int errorIndicators;
    int successGroups;
    int errorGroups;
    int successAssociations;
    int errorAssociations;
    int otherErrors;
    int unprocessed;
    /** Paths of items already moved to the error count for a failed link (counted once per item). */
    final java.util.Set<String> failedLinkItems = new java.util.HashSet<>();

    JobCounts copy() {
        JobCounts c = new JobCounts();
        c.successIndicators = successIndicators;
        c.errorIndicators = errorIndicators;
        c.successGroups = successGroups;
        c.errorGroups = errorGroups;
        c.successAssociations = successAssociations;
        c.errorAssociations = errorAssociations;
        c.otherErrors = otherErrors;
        c.unprocessed = unprocessed;
        c.failedLinkItems.addAll(failedLinkItems);
        return c;
    }

    int processed() {
        return successIndicators + errorIndicators + successGroups + errorGroups
                + successAssociations + errorAssociations;
    }
}
