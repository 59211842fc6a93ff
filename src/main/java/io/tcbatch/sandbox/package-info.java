/**
 * The sandbox: a local stand-in for ThreatConnect's Batch API (API doc §6.5), so that a new
 * user can run a real import without credentials and every test runs offline.
 *
 * <p>It is a real HTTP server ({@code com.sun.net.httpserver}) on 127.0.0.1 that checks HMAC
 * and token authentication against the raw request target, keeps jobs, items and error files in
 * an embedded H2 database under its data directory, and processes uploaded files asynchronously
 * on a worker thread by streaming them. Entry points: {@link io.tcbatch.sandbox.Sandbox#start},
 * {@link io.tcbatch.sandbox.SandboxConfig}, {@link io.tcbatch.sandbox.SandboxCredentials},
 * {@link io.tcbatch.sandbox.SandboxSettings} and {@link io.tcbatch.sandbox.SandboxStore}.
 *
 * <p>Allowed dependencies: the JDK, Jackson, H2 and the validation rules of
 * {@code io.tcbatch.input}. Never Spring, never {@code api}, {@code batch}, {@code shell} or
 * {@code dsl}: the wire format is built here from JSON trees ({@code Wire}) so that a wrong
 * field name cannot hide by being wrong in the client and the server alike.
 *
 * <p>Where the API doc marks behaviour undocumented, the choice made is written at the place
 * that implements it (search for "undocumented" and "chosen").
 */
package io.tcbatch.sandbox;
