/**
 * The local record of runs and their jobs under {@code TCBATCH_HOME/runs/<run>/run.json}, written
 * before and after each remote step (atomically: write a temp file, then move), so that
 * {@code jobs} and {@code watch} can find the jobs of earlier runs.
 *
 * <p>This first version keeps one JSON document per run; the embedded-database journal with
 * resume is later work. Uses Jackson and the JDK only.
 */
package io.tcbatch.journal;
