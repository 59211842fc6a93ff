package io.tcbatch.api;

/**
 * The documented job states (API doc §2.4) plus UNKNOWN for anything else a server answers;
 * an unknown state is never taken as finished.
 */
public enum JobState {
    CREATED("Created"), QUEUED("Queued"), RUNNING("Running"), COMPLETED("Completed"), UNKNOWN("Unknown");

    private final String wire;

    JobState(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public boolean isTerminal() {
        return this == COMPLETED;
    }

    public static JobState fromWire(String s) {
        for (JobState st : values()) {
            if (st != UNKNOWN && st.wire.equals(s)) {
                return st;
            }
        }
        return UNKNOWN;
    }
}
