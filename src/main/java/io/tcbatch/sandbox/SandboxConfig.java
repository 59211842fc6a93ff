package io.tcbatch.sandbox;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

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

    /** ThreatConnect's documented window for the HMAC {@code Timestamp} (API doc §1.3). */
    public static final Duration DEFAULT_TIMESTAMP_WINDOW = Duration.ofSeconds(300);

    /** ThreatConnect's documented per-job indicator limit (API doc §3.7). */
    public static final int DEFAULT_MAX_INDICATORS_PER_JOB = 25_000;

    public SandboxConfig {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(accessId, "accessId");
        Objects.requireNonNull(secretKey, "secretKey");
        owners = List.copyOf(Objects.requireNonNull(owners, "owners"));
        Objects.requireNonNull(timestampWindow, "timestampWindow");
        Objects.requireNonNull(clock, "clock");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        if (maxIndicatorsPerJob < 1) {
            throw new IllegalArgumentException("maxIndicatorsPerJob must be positive: " + maxIndicatorsPerJob);
        }
    }

    /** An owner of data: an Organization, a Community or a Source. */
    public record Owner(String name, String type) {
    }

    /** The shipped default owners. */
    public static List<Owner> defaultOwners() {
        return List.of(new Owner("Example Org", "Organization"),
                new Owner("Example Community", "Community"),
                new Owner("Example Source", "Source"));
    }

    /**
     * A free port, no token, the default owners, window and limit, and the system clock.
     * Vary it with the {@code with…} methods.
     */
    public static SandboxConfig defaults(Path dataDir, String accessId, String secretKey) {
        return new SandboxConfig(dataDir, 0, accessId, secretKey, null, defaultOwners(),
                DEFAULT_TIMESTAMP_WINDOW, DEFAULT_MAX_INDICATORS_PER_JOB, Clock.systemUTC());
    }

    /** Defaults with the access id and secret kept in {@code dataDir/credentials.properties}. */
    public static SandboxConfig defaults(Path dataDir, SandboxCredentials credentials) {
        return defaults(dataDir, credentials.accessId(), credentials.secretKey());
    }

    public SandboxConfig withPort(int newPort) {
        return new SandboxConfig(dataDir, newPort, accessId, secretKey, token, owners, timestampWindow,
                maxIndicatorsPerJob, clock);
    }

    public SandboxConfig withToken(String newToken) {
        return new SandboxConfig(dataDir, port, accessId, secretKey, newToken, owners, timestampWindow,
                maxIndicatorsPerJob, clock);
    }

    public SandboxConfig withOwners(List<Owner> newOwners) {
        return new SandboxConfig(dataDir, port, accessId, secretKey, token, newOwners, timestampWindow,
                maxIndicatorsPerJob, clock);
    }

    public SandboxConfig withTimestampWindow(Duration newWindow) {
        return new SandboxConfig(dataDir, port, accessId, secretKey, token, owners, newWindow,
                maxIndicatorsPerJob, clock);
    }

    public SandboxConfig withMaxIndicatorsPerJob(int newMax) {
        return new SandboxConfig(dataDir, port, accessId, secretKey, token, owners, timestampWindow,
                newMax, clock);
    }

    public SandboxConfig withClock(Clock newClock) {
        return new SandboxConfig(dataDir, port, accessId, secretKey, token, owners, timestampWindow,
                maxIndicatorsPerJob, newClock);
    }

    @Override
    public String toString() {
        return "SandboxConfig[dataDir=" + dataDir + ", port=" + port + ", accessId=" + accessId
                + ", secretKey=****, token=" + (token == null ? "none" : "****") + ", owners=" + owners + "]";
    }
}
