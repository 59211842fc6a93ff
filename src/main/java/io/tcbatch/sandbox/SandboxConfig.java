package io.tcbatch.sandbox;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * Settings of one sandbox instance.
 *
 * @param dataDir               where the database lives (created when missing)
 * @param port                  TCP port on 127.0.0.1; 0 picks a free one
 * @param accessId              the one API user's access id (HMAC)
 * @param secretKey             its secret key
 * @param token                 an accepted API token, or null for none
 * @param owners                the owners that exist
 * @param timestampWindow       allowed clock skew of the HMAC Timestamp (default 300 s)
 * @param maxIndicatorsPerJob   the per-job indicator limit (default 25,000)
 * @param clock                 server time (injectable for tests)
 */
public record SandboxConfig(Path dataDir, int port, String accessId, String secretKey, String token,
                            List<Owner> owners, Duration timestampWindow, int maxIndicatorsPerJob, Clock clock) {

    /** An owner of data: an Organization, a Community or a Source. */
    public record Owner(String name, String type) {
    }

    /** The shipped default owners. */
    public static List<Owner> defaultOwners() {
        return List.of(new Owner("Example Org", "Organization"),
                new Owner("Example Community", "Community"),
                new Owner("Example Source", "Source"));
    }

    @Override
    public String toString() {
        return "SandboxConfig[dataDir=" + dataDir + ", port=" + port + ", accessId=" + accessId
                + ", secretKey=****, token=" + (token == null ? "none" : "****") + ", owners=" + owners + "]";
    }
}
