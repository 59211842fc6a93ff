/**
 * The ThreatConnect Batch API client: endpoints E1 (create job), E2 (upload), E4 (status) and
 * E5 (error file) of {@code api/threatconnect-batch-api.md}, HMAC and token authentication,
 * retries of idempotent reads, and translation of failures into {@link io.tcbatch.api.ApiException}.
 *
 * <p>Entry points: {@link io.tcbatch.api.BatchApi} (what the import flow depends on) and
 * {@link io.tcbatch.api.ThreatConnectClient} (the OkHttp implementation).
 *
 * <p>Rules this package keeps:
 * <ul>
 *   <li>It depends on OkHttp, Jackson and the JDK only, so the sandbox, scripts and tests can use
 *       it without Spring or other tcbatch packages.</li>
 *   <li>Responses are read leniently (documented flat shapes and the real enveloped ones, numbers
 *       sent as strings, unknown fields), because servers and documentation disagree (§5).
 *       Counters the server did not send stay null; an undocumented status becomes
 *       {@link io.tcbatch.api.JobState#UNKNOWN}, never a finished state.</li>
 *   <li>Only GETs are retried. A POST that may have reached the server is never re-sent, since a
 *       second create or upload is not harmless.</li>
 *   <li>No credential, signature or Authorization header ever appears in a message.</li>
 * </ul>
 */
package io.tcbatch.api;
