/**
 * The import use cases: preflight (read, validate, de-duplicate, chunk), submit, watch, collect
 * errors, trace them to the items sent, summarise. Every front end — shell, DSL, single command —
 * ends in {@link io.tcbatch.batch.ImportService}.
 *
 * <p>Submission and polling are one single-threaded scheduler ({@code JobWatcher}): a bounded
 * number of jobs in flight, chunks sent as slots free up, one adaptive next-check time per job.
 * The items the server failed are written, as Batch JSON, to {@code failed-items.json} in the run
 * folder ({@code FailedItems}), streaming the chunk files.
 *
 * <p>Preflight reads in two passes with memory bounded by one item and a few numbers per group:
 * accepted items are spooled per kind under the run directory, then cut into chunk files by item
 * count, indicator count and UTF-8 bytes (groups with their {@code associatedGroupXid} closure,
 * then indicators, then associations). A {@link io.tcbatch.batch.Chunk#afterPrevious()} chunk
 * must wait until every earlier chunk is Completed.
 *
 * <p>Uses {@code api} (through the {@link io.tcbatch.api.BatchApi} seam), {@code input},
 * {@code journal} and {@code config}. Plain Java: no Spring. Time, sleeping and the poll jitter's
 * randomness come in through {@link java.time.Clock}, {@link io.tcbatch.api.Sleeper} and
 * {@link java.util.random.RandomGenerator} so polling is testable without waiting.
 */
package io.tcbatch.batch;
