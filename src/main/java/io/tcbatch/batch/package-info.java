/**
 * The import use cases: preflight (read, validate, de-duplicate, chunk), submit, watch, collect
 * errors, summarise. Every front end — shell, DSL, single command — ends in
 * {@link io.tcbatch.batch.ImportService}.
 *
 * <p>Preflight reads in two passes with memory bounded by one item and a few numbers per group:
 * accepted items are spooled per kind under the run directory, then cut into chunk files by item
 * count, indicator count and UTF-8 bytes (groups with their {@code associatedGroupXid} closure,
 * then indicators, then associations). A {@link io.tcbatch.batch.Chunk#afterPrevious()} chunk
 * must wait until every earlier chunk is Completed.
 *
 * <p>Uses {@code api} (through the {@link io.tcbatch.api.BatchApi} seam), {@code input},
 * {@code journal} and {@code config}. Plain Java: no Spring. Time and sleeping come in through
 * {@link java.time.Clock} and {@link io.tcbatch.api.Sleeper} so polling is testable without waiting.
 */
package io.tcbatch.batch;
