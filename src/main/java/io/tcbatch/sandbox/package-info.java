/**
 * The sandbox: a local stand-in for ThreatConnect's Batch API (API doc §6.5), so that a new
 * user can run a real import without credentials and every test runs offline.
 *
 * <p>It is a real HTTP server ({@code com.sun.net.httpserver}) on 127.0.0.1 that checks HMAC
 * and token authentication against the raw request target, keeps jobs, items and error files in
 * an embedded H2 database under its data directory ({@code Schema}, {@code Database}), and
 * processes uploaded files asynchronously by streaming them. Entry points: {@link io.tcbatch.sandbox.Sandbox#start},
 * {@link io.tcbatch.sandbox.SandboxConfig}, {@link io.tcbatch.sandbox.SandboxCredentials},
 * {@link io.tcbatch.sandbox.SandboxSettings} and {@link io.tcbatch.sandbox.SandboxStore}.
 *
 * <p>Routes ({@code ApiHandler}): E1–E6 and {@code createAndUpload} of the Batch API,
 * {@code GET /api/v2/types/indicatorTypes}, the v2 read API ({@code ReadApi}), and the
 * sandbox's own admin routes ({@code AdminApi}), authenticated like all others so that only
 * the sandbox's credentials reach them: {@code GET /api/sandbox/status} (armed faults, counters
 * per fault kind, jobs per state, workers, the upload limit, indicators and groups per owner),
 * {@code POST /api/sandbox/faults} with {@code {"spec":"<text form>"}} or the JSON form, and
 * {@code DELETE /api/sandbox/faults}.
 *
 * <p>Faults on demand ({@code FaultSpec}, {@code Faults}), armed from
 * {@link io.tcbatch.sandbox.SandboxConfig#faults()} at start or through the admin route:
 * {@code rate-limit} (429 with Retry-After in seconds or as an HTTP date), {@code error}
 * (500/502/503, JSON or a proxy's HTML page), {@code slow}, {@code drop} (the request is read,
 * then the connection closed without an answer; with {@code after}, processed first and only
 * its answer lost), each optionally {@code on=} one kind of
 * request, taken before authentication as a proxy would; {@code hold-running} and
 * {@code errors-lag}, applied where a job's state is reported (E4–E6), never in the processor;
 * {@code flat-status} (the bare batchStatus object) and {@code clock-offset} (the HMAC timestamp
 * check's clock). Admin requests are never faulted.
 *
 * <p>Measuring: {@code RequestCounter} ({@link io.tcbatch.sandbox.Sandbox#requests()}) counts the
 * Batch API requests received, per kind and, for each job, its status requests, in memory only;
 * the polling benchmark reads it.
 *
 * <p>Storage and processing: jobs run on {@link io.tcbatch.sandbox.SandboxConfig#workers()}
 * threads ({@code JobProcessor}), each job in chunks of 2,000 items per transaction, a chunk
 * rolled back and replayed after a lock conflict with another worker, so counts and error
 * entries are never doubled. Items are upserts keyed per owner (indicators by type and
 * normalised summary, groups by xid) written by {@code ItemHandler}/{@code ItemWriter} with the
 * write types of API doc §4.3; associations are resolved after all items of a job, within the
 * owner, and a missing end is 0x1009. File identity by hash (§4.5) is {@code FileMerge}: any
 * shared hash matches; fileMergeMode Merge/Distribute and all five hashCollisionModes; hashes
 * lost and Files skipped or deleted are reported as 0x2003 warnings; no two Files of an owner
 * share a hash (unique indexes). The commits that a 201 or 202 acknowledges are written to the
 * file before the answer ({@code Database.durable}, an H2 CHECKPOINT; the rest follow H2's
 * background writer), so a killed sandbox loses nothing it acknowledged and finishes Queued and
 * Running jobs on its next start. Every accepted upload (E2, or E3's content) is recorded once
 * per job with the SHA-256 and size of the file as stored ({@code UploadLedger},
 * {@link io.tcbatch.sandbox.SandboxStore#uploads()}), so the crash test can prove that no chunk
 * was sent twice, which the idempotent upserts would hide. A database of an older schema is moved aside, kept, and
 * replaced by a fresh one whose job ids continue above the old ones.
 *
 * <p>The v2 read API ({@code ReadApi}, {@code ReadStore}, {@code ReadTypes}, {@code ReadQuery}):
 * {@code GET /api/v2/owners}, {@code /indicators…} and {@code /groups…} in ThreatConnect's v2
 * shapes and envelope, with owner filter and paging, reading the {@code Schema} tables; it
 * never writes.
 *
 * <p>Limits: the upload byte limit ({@link io.tcbatch.sandbox.SandboxConfig#maxUploadBytes()},
 * documented 400), counted while the file streams and after gunzip; job configurations up to
 * 1 MiB (413 beyond); unread bodies are drained up to 16 MiB before an early answer, the
 * connection closed beyond that; a request must arrive within the JDK server's request-time
 * limit ({@code sun.net.httpserver.maxReqTime}, 5 s unless set), so a client that stalls
 * holds one of the 16 handler threads for 5–10 s at most. Signatures and tokens are compared in
 * constant time.
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
