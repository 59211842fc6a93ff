/**
 * The local record of runs: every run (how it was started, its inputs with size and hash, its
 * settings and job options), every chunk (item range, bytes, hash, chunk file), every job (batch
 * id, counts, and a status history with one row per change) and every downloaded error file, in
 * an embedded H2 database at {@code TCBATCH_HOME/journal.mv.db}. It is written before and after
 * each remote step, each commit on disk before the call returns, so {@code jobs}, {@code watch},
 * {@code runs} and a resume after a crash see the true state. The files of a run (chunks, rejects,
 * failed items, error files) stay in {@code TCBATCH_HOME/runs/<run>/}; the database holds their
 * paths. Homes of older versions ({@code runs/<run>/run.json}) are read in once.
 *
 * <p>{@link io.tcbatch.journal.Journal} is the one entry point; the records are plain immutable
 * values. Uses the JDK, Jackson (for the few JSON columns and the old files) and H2's JDBC driver
 * only; nothing here knows about the API, the shell or Spring.
 */
package io.tcbatch.journal;
