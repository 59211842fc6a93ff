/**
 * The Groovy DSL host: compiles a script with {@link io.tcbatch.dsl.TcbatchScript} as its base
 * class, so {@code batch { … }}, {@code watch()}, {@code file(…)} and the bare words
 * {@code Create}, {@code Delete}, {@code Replace}, {@code Append}, {@code Singleton}, {@code Static},
 * {@code V1}, {@code V2}, the file merge and hash collision modes ({@code Merge}, {@code Split} …)
 * are there without imports ({@code ScriptHost.compilerConfiguration}). Verbs call the same
 * {@code batch} services as the shell. {@code ScriptCache} keeps a compiled script's class files
 * under {@code TCBATCH_HOME/cache/scripts/} so a script run again skips the compiler.
 *
 * <p>Uses Groovy, Jackson (the items a script builds or changes), {@code batch}, {@code input},
 * {@code journal} (the job records of a planned run) and {@code api} (only to tell its errors by
 * their type); no Spring, so a script run starts without a Spring context.
 */
package io.tcbatch.dsl;
