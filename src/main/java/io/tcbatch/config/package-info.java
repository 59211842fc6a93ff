/**
 * Settings and profiles, layered: shipped defaults in {@code config/} of the install, then the
 * user's file under {@code TCBATCH_HOME}, then {@code TC_*}/{@code TCBATCH_*} environment
 * variables, then command options. Secret values are held here but never printed: every type
 * that carries one masks it in {@code toString}.
 *
 * <p>Uses the JDK only; every other package may use it.
 */
package io.tcbatch.config;
