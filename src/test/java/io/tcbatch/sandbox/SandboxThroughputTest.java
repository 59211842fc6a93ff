package io.tcbatch.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcbatch.TestClock;

/** 20,000 indicators must process in seconds, not minutes (batched inserts, chunked commits). */
class SandboxThroughputTest {

    @TempDir
    Path dir;

    @Test
    void processesTwentyThousandAddressesInAFewSeconds() throws Exception {
        TestClock clock = new TestClock(Instant.ofEpochSecond(1_700_000_000L));
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults(dir, "id", "secret").withClock(clock),
                new FakeValidator())) {
            SignedClient client = new SignedClient(sandbox, "id", "secret", clock);
            StringBuilder file = new StringBuilder("{\"indicator\":[");
            for (int i = 0; i < 20_000; i++) {
                if (i > 0) {
                    file.append(',');
                }
                // 2001:db8::/32, the IPv6 documentation range, has room for all of them.
                file.append("{\"type\":\"Address\",\"summary\":\"2001:db8::").append(Integer.toHexString(i))
                        .append("\",\"rating\":3,\"confidence\":50,\"tag\":[{\"name\":\"bulk\"}],")
                        .append("\"attribute\":[{\"type\":\"Source\",\"value\":\"throughput test\"}]}");
            }
            file.append("]}");
            long id = client.createJob(SignedClient.config("Example Org", "Create", "Replace", false));
            long t0 = System.nanoTime();
            client.upload(id, file.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            // Waits as long as the bound asserted below: on a busy shared machine 20,000 items can
            // take more than the helper's usual 10 s without anything being wrong.
            JsonNode status = client.awaitCompleted(id, Duration.ofSeconds(30));
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("sandbox throughput: 20000 Address indicators in %.2f s = %.0f indicators/s%n",
                    seconds, 20_000 / seconds);
            assertEquals(20_000, status.path("successCount").asInt());
            assertEquals(20_000, sandbox.store().countIndicators("Example Org"));
            // Generous: build machines are shared; a regression to row-by-row commits takes minutes.
            assertTrue(seconds < 30, "took " + seconds + " s");
        }
    }
}
