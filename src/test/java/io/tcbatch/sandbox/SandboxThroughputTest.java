package io.tcbatch.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import io.tcbatch.TestClock;

/**
 * 20,000 indicators with a tag and an attribute each, all saved; the rate is printed, not asserted
 * (speed targets are checked by the benchmarks in bench/, which print figures).
 */
class SandboxThroughputTest {

    @TempDir
    Path dir;

    @Test
    void processesTwentyThousandAddressesInAFewSeconds() throws Exception {
        TestClock clock = new TestClock(Instant.ofEpochSecond(1_700_000_000L));
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults(dir, "id", "secret").withClock(clock)
                        // The 20,000 indicators are about 2.8 MB, over the documented 2,000,000.
                        .withMaxUploadBytes(10_000_000),
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
            assertEquals(202, client.upload(id, file.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)).statusCode());
            JsonNode status = client.awaitCompleted(id);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("sandbox throughput: 20000 Address indicators in %.2f s = %.0f indicators/s%n",
                    seconds, 20_000 / seconds);
            assertEquals(20_000, status.path("successCount").asInt());
            assertEquals(20_000, sandbox.store().countIndicators("Example Org"));
        }
    }
}
