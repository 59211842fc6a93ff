/**
 * The import use cases: preflight (read, validate, de-duplicate, chunk), submit, watch, collect
 * errors, summarise. Every front end — shell, DSL, single command — ends in
 * {@link io.tcbatch.batch.ImportService}.
 *
 * <p>Uses {@code api} (through the {@link io.tcbatch.api.BatchApi} seam), {@code input},
 * {@code journal} and {@code config}. Plain Java: no Spring. Time and sleeping come in through
 * {@link java.time.Clock} and {@link io.tcbatch.api.Sleeper} so polling is testable without waiting.
 */
package io.tcbatch.batch;
