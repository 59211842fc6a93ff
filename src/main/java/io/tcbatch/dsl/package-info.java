/**
 * The Groovy DSL host: compiles a script with {@link io.tcbatch.dsl.TcbatchScript} as its base
 * class, so {@code batch { … }}, {@code watch()}, {@code file(…)} and the bare words
 * {@code Create}, {@code Delete}, {@code Replace}, {@code Append}, {@code Singleton}, {@code Static}
 * are there without imports. Verbs call the same {@code batch} services as the shell.
 *
 * <p>Uses Groovy, {@code batch}, {@code input} and {@code config}; no Spring, so a script run
 * starts without a Spring context.
 */
package io.tcbatch.dsl;
