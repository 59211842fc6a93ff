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
        return c;
    }

    int processed() {
        return successIndicators + errorIndicators + successGroups + errorGroups
                + successAssociations + errorAssociations;
    }
}
