/**
 * Settings and profiles, layered (nearest wins): built-in defaults, {@code config/} of the install,
 * the user file ({@code $XDG_CONFIG_HOME/tcbatch/config.properties}), {@code TCBATCH_HOME/config.properties},
 * a project file {@code tcbatch.properties} in the working directory, {@code TC_*}/{@code TCBATCH_*}
 * environment variables, then command options; each value knows where it came from. Secret values
 * are held here but never printed: every type that carries one masks it in {@code toString}.
 * {@link io.tcbatch.config.PropertiesEditor} changes the user file line by line, keeping comments.
 *
 * <p>Uses the JDK only; every other package may use it.
 */
package io.tcbatch.config;
