/**
 * The entry point and composition root: decides shell, script, single command or sandbox from
 * the arguments, builds the core services by constructor, and maps every failure to its exit
 * code in one place ({@link io.tcbatch.cli.Exits}). Scripts and the sandbox run without a
 * Spring context; only the shell and single shell commands start Spring.
 *
 * <p>May use every other package.
 */
package io.tcbatch.cli;
