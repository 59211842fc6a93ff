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
 * @param workers               jobs processed at once (default 2)
 * @param maxUploadBytes        the upload byte limit answered with the documented 400 (default 2,000,000)
 * @param faults                faults active from the start, in the text form of {@code FaultSpec}
 *                              (e.g. {@code rate-limit count=3 retry-after=5})
 */
public record SandboxConfig(Path dataDir, int port, String accessId, String secretKey, String token,
                            List<Owner> owners, Duration timestampWindow, int maxIndicatorsPerJob, Clock clock,
                            int workers, long maxUploadBytes, List<String> faults) {

    /** ThreatConnect's documented window for the HMAC {@code Timestamp} (API doc §1.3). */
    public static final Duration DEFAULT_TIMESTAMP_WINDOW = Duration.ofSeconds(300);

    /** ThreatConnect's documented per-job indicator limit (API doc §3.7). */
    public static final int DEFAULT_MAX_INDICATORS_PER_JOB = 25_000;

    /** The limit in the documented 400 "File size greater than allowable limit of 2000000" (API doc §2.2). */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 2_000_000;

    /** Jobs processed at once unless configured otherwise. */
    public static final int DEFAULT_WORKERS = 2;

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
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be positive: " + workers);
        }
        if (maxUploadBytes < 1) {
            throw new IllegalArgumentException("maxUploadBytes must be positive: " + maxUploadBytes);
        }
        faults = List.copyOf(Objects.requireNonNull(faults, "faults"));
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
                DEFAULT_TIMESTAMP_WINDOW, DEFAULT_MAX_INDICATORS_PER_JOB, Clock.systemUTC(),
                DEFAULT_WORKERS, DEFAULT_MAX_UPLOAD_BYTES, List.of());
    }

    /** Defaults with the access id and secret kept in {@code dataDir/credentials.properties}. */
    public static SandboxConfig defaults(Path dataDir, SandboxCredentials credentials) {
        return defaults(dataDir, credentials.accessId(), credentials.secretKey());
    }

    public SandboxConfig withPort(int v) {
        return new SandboxConfig(dataDir, v, accessId, secretKey, token, owners, timestampWindow, maxIndicatorsPerJob, clock, workers, maxUploadBytes, faults);
    }

    public SandboxConfig withToken(String v) {
        return new SandboxConfig(dataDir, port, accessId, secretKey, v, owners, timestampWindow, maxIndicatorsPerJob, clock, workers, maxUploadBytes, faults);
    }

    public SandboxConfig withOwners(List<Owner> v) {
        return new SandboxConfig(dataDir, port, accessId, secretKey, token, v, timestampWindow, maxIndicatorsPerJob, clock, workers, maxUploadBytes, faults);
    }

    public SandboxConfig withTimestampWindow(Duration v) {
        return new SandboxConfig(dataDir, port, accessId, secretKey, token, owners, v, maxIndicatorsPerJob, clock, workers, maxUploadBytes, faults);
    }

    public SandboxConfig withMaxIndicatorsPerJob(int v) {
        return new SandboxConfig(dataDir, port, accessId, secretKey, token, owners, timestampWindow, v, clock, workers, maxUploadBytes, faults);
    }

    public SandboxConfig withClock(Clock v) {
        return new SandboxConfig(dataDir, port, accessId, secretKey, token, owners, timestampWindow, maxIndicatorsPerJob, v, workers, maxUploadBytes, faults);
    }

    public SandboxConfig withWorkers(int v) {
        return new SandboxConfig(dataDir, port, accessId, secretKey, token, owners, timestampWindow, maxIndicatorsPerJob, clock, v, maxUploadBytes, faults);
    }

    public SandboxConfig withMaxUploadBytes(long v) {
        return new SandboxConfig(dataDir, port, accessId, secretKey, token, owners, timestampWindow, maxIndicatorsPerJob, clock, workers, v, faults);
    }

    public SandboxConfig withFaults(List<String> v) {
        return new SandboxConfig(dataDir, port, accessId, secretKey, token, owners, timestampWindow, maxIndicatorsPerJob, clock, workers, maxUploadBytes, v);
    }

    public SandboxConfig withDataDir(Path v) {
        return new SandboxConfig(v, port, accessId, secretKey, token, owners, timestampWindow, maxIndicatorsPerJob, clock, workers, maxUploadBytes, faults);
    }

    public SandboxConfig withCredentials(String newAccessId, String newSecretKey) {
        return new SandboxConfig(dataDir, port, newAccessId, newSecretKey, token, owners, timestampWindow, maxIndicatorsPerJob, clock, workers, maxUploadBytes, faults);
    }

    @Override
    public String toString() {
        return "SandboxConfig[dataDir=" + dataDir + ", port=" + port + ", accessId=" + accessId
                + ", secretKey=****, token=" + (token == null ? "none" : "****") + ", owners=" + owners
                + ", workers=" + workers + ", maxUploadBytes=" + maxUploadBytes + ", faults=" + faults + "]";
    }
}
