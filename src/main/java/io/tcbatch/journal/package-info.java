/**
 * The local record of runs and their jobs under {@code TCBATCH_HOME/runs/<run>/run.json}, written
 * before and after each remote step (atomically: write a temp file, then move), so that
 * {@code jobs} and {@code watch} can find the jobs of earlier runs, and {@code watch} can send the
 * chunks a run had not sent yet (each job keeps its chunk file and the run its job options).
 *
 * <p>This version keeps one JSON document per run; an embedded-database journal is later work.
 * Uses Jackson and the JDK only.
 */
package io.tcbatch.journal;
