package io.tcbatch.batch;

/** What a job does with its items (API doc §4.4). */
public enum Action {
    /** Create new items and update existing ones (upsert). */
    Create,
    /** Delete the matching items of the owner. */
    Delete
}
