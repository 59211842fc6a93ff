/**
 * Spring Shell commands: each reads its options, makes one call into the {@link io.tcbatch.shell.Engine}
 * (the same core services the script path uses) and renders the result. The same commands run
 * interactively and as single commands ({@code bin/tcbatch import FILE --owner NAME}). The
 * {@code sandbox status|fault|indicators|reset} commands call {@link io.tcbatch.shell.SandboxOps}
 * instead; as single commands they are dispatched by the cli package without Spring, like
 * {@code bin/tcbatch sandbox} itself. {@link io.tcbatch.shell.Completions} completes option values
 * by option name for every command, whoever registered it.
 *
 * <p>Uses Spring Shell, {@code batch}, {@code dsl}, {@code journal}, {@code config} and {@code render}.
 */
package io.tcbatch.shell;
