/**
 * The ThreatConnect Batch API client: endpoints E1 (create job), E2 (upload), E3
 * (createAndUpload), E4 (status), E5 (error file) and E6 (error details) of
 * {@code api/threatconnect-batch-api.md}, HMAC and token authentication, retries, the shared HTTP
 * transport, and translation of failures into {@link io.tcbatch.api.ApiException}.
 *
 * <p>Entry points: {@link io.tcbatch.api.BatchApi} (what the import flow depends on),
 * {@link io.tcbatch.api.ThreatConnectClient} (the OkHttp implementation),
 * {@link io.tcbatch.api.Transport} (the one OkHttp client of a process: timeouts, TLS trust,
 * proxies, the redacted debug log) and {@link io.tcbatch.api.RetryPolicy}.
 *
 * <p>Rules this package keeps:
 * <ul>
 *   <li>It depends on OkHttp, Jackson and the JDK only, so the sandbox, scripts and tests can use
 *       it without Spring or other tcbatch packages. Settings reach it as plain values
 *       ({@link io.tcbatch.api.HttpOptions}, {@link io.tcbatch.api.RetryPolicy}); the environment as
 *       an injected map, never {@code System.getenv}.</li>
 *   <li>Responses are read leniently (documented flat shapes and the real enveloped ones, numbers
 *       sent as strings, unknown fields), because servers and documentation disagree (§5).
 *       Counters the server did not send stay null; an undocumented status becomes
 *       {@link io.tcbatch.api.JobState#UNKNOWN} with the raw body kept, never a finished state.</li>
 *   <li>Nothing that could create a second job or upload the same data twice is re-sent blindly:
 *       GETs are retried (429, 5xx, timeouts, broken connections, unreadable 2xx answers) with
 *       full-jitter backoff inside a per-call budget; E1/E3 only on 429/503 or before the request
 *       left the process, else {@link io.tcbatch.api.AmbiguousSubmitException}; a lost E2 answer
 *       is settled by asking the job's status. Time and randomness are injected.</li>
 *   <li>No credential, signature, Authorization or Timestamp value, or proxy password ever
 *       appears in a message or log.</li>
 * </ul>
 */
package io.tcbatch.api;
