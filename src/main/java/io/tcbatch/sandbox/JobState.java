package io.tcbatch.sandbox;

/**
 * The four job states of the Batch API (API doc §2.4). The Java SDK fails on any other value,
 * so a job that hit errors, even a fatal one, still ends {@code Completed} (API doc §4.1).
 */
enum JobState {
    Created, Queued, Running, Completed
}
