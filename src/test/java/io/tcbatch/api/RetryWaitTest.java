package io.tcbatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import mockwebserver3.MockResponse;

/** The client tells whoever listens when it waits before a retry, so a watch can say why nothing moves. */
class RetryWaitTest extends MockServerSupport {
    private static final String RUNNING = "{\"status\":\"Success\",\"data\":{\"batchStatus\":{\"id\":5,\"status\":\"Running\"}}}";

    @Test
    void aRetryAfterWaitIsToldWithTheStatusAndTheWait() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "5").build());
        enqueueJson(200, RUNNING);
        List<String> told = new ArrayList<>();
        try (ThreatConnectClient c = hmacClient()) {
            c.onRetryWait((request, status, wait) -> told.add(status + " " + wait.toSeconds() + " " + request));
            assertEquals(JobState.RUNNING, c.status(5).state());
        }
        assertEquals(List.of(Duration.ofSeconds(5)), sleeps);
        assertEquals(1, told.size(), told.toString());
        assertEquals("429 5 ", told.get(0).substring(0, 6));
    }

    @Test
    void withoutAListenerNothingChanges() throws Exception {
        server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "2").build());
        enqueueJson(200, RUNNING);
        try (ThreatConnectClient c = hmacClient()) {
            c.onRetryWait(null);
            assertEquals(JobState.RUNNING, c.status(5).state());
        }
        assertEquals(List.of(Duration.ofSeconds(2)), sleeps);
    }
}
