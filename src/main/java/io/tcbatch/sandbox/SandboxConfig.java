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
 * @param synchronousBatchSaveLimit uploads (E2, E3) of at most this many items are processed
 *                              inline and answered with their final status (API doc §2.3); 0 turns
 *                              the synchronous mode off (the default of {@link #defaults}; the
 *                              built-in sandbox uses {@value #DEFAULT_SYNCHRONOUS_BATCH_SAVE_LIMIT})
 */
public record SandboxConfig(Path dataDir, int port, String accessId, String secretKey, String token,
                            List<Owner> owners, Duration timestampWindow, int maxIndicatorsPerJob, Clock clock,
                            int workers, long maxUploadBytes, List<String> faults, int synchronousBatchSaveLimit) {

    /** ThreatConnect's documented window for the HMAC {@code Timestamp} (API doc §1.3). */
    public static final Duration DEFAULT_TIMESTAMP_WINDOW = Duration.ofSeconds(300);

    /** ThreatConnect's documented per-job indicator limit (API doc §3.7). */
    public static final int DEFAULT_MAX_INDICATORS_PER_JOB = 25_000;

    /** The limit in the documented 400 "File size greater than allowable limit of 2000000" (API doc §2.2). */
    public static final long DEFAULT_MAX_UPLOAD_BYTES = 2_000_000;

    /** Jobs processed at once unless configured otherwise. */
    public static final int DEFAULT_WORKERS = 2;

    /**
     * The sandbox's synchronous save limit unless configured otherwise. ThreatConnect's own
     * default is not documented (API doc §2.3); chosen: 100 items, processed inline in a few
     * milliseconds here, so a small import (a script adding a handful of indicators, the common
     * automation case) gets its final status in the upload answer instead of after a poll
     * interval, while any real feed (thousands of items per chunk) still runs asynchronously
     * and the upload request stays short. The built-in sandbox of the product (the local
     * profile's and {@code tcbatch sandbox}) starts with it; {@link #defaults} keeps the mode off,
     * so a sandbox made in code answers every upload with 202 and goes through Queued and Running
     * as the API doc describes a job, unless asked otherwise.
     */
    public static final int DEFAULT_SYNCHRONOUS_BATCH_SAVE_LIMIT = 100;

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
        if (synchronousBatchSaveLimit < 0) {
            throw new IllegalArgumentException("synchronousBatchSaveLimit must not be negative: " + synchronousBatchSaveLimit);
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
     * A free port, no token, the default owners, window and limit, the system clock, and no
     * synchronous mode.
     * Vary it with the {@code with…} methods.
     */
    public static SandboxConfig defaults(Path dataDir, String accessId, String secretKey) {
        return new SandboxConfig(dataDir, 0, accessId, secretKey, null, defaultOwners(),
                DEFAULT_TIMESTAMP_WINDOW, DEFAULT_MAX_INDICATORS_PER_JOB, Clock.systemUTC(),
                DEFAULT_WORKERS, DEFAULT_MAX_UPLOAD_BYTES, List.of(), 0);
    }

    /** Defaults with the access id and secret kept in {@code dataDir/credentials.properties}. */
    public static SandboxConfig defaults(Path dataDir, SandboxCredentials credentials) {
        return defaults(dataDir, credentials.accessId(), credentials.secretKey());
    }

    public SandboxConfig withPort(int v) {
        return new SandboxConfig(dataDir, v, accessId, secretKey, token, owners, timestampWindow, maxIndicatorsPerJob, clock, workers, maxUploadBytes, faults, synchronousBatchSaveLimit);
    }

    public SandboxConfig withToken(String v) {
        return new SandboxConfig(dataDir, port, accessId, secretKey, v, owners, timestampWindow, maxIndicatorsPerJob, clock, workers, maxUploadBytes, faults, synchronousBatchSaveLimit);
    }

    public SandboxConfig withOwners(List<Owner> v) {
        return new SandboxConfig(dataDir, port, accessId, secretKey, token, v, timestampWindow, maxIndicatorsPerJob, clock, workers, maxUploadBytes, faults, synchronousBatchSaveLimit);
    }

    public SandboxConfig withTimestampWindow(Duration v) {
        return new SandboxConfig(dataDir, port, accessId, secretKey, token, owners, v, maxIndicatorsPerJob, clock, workers, maxUploadBytes, faults, synchronousBatchSaveLimit);
    }

    public SandboxConfig withMaxIndicatorsPerJob(int v) {
        return new SandboxConfig(dataDir, port, accessId, secretKey, token, owners, timestampWindow, v, clock, workers, maxUploadBytes, faults, synchronousBatchSaveLimit);
    }

    public SandboxConfig withClock(Clock v) {
        return new SandboxConfig(dataDir, port, accessId, secretKey, token, owners, timestampWindow, maxIndicatorsPerJob, v, workers, maxUploadBytes, faults, synchronousBatchSaveLimit);
    }

    public SandboxConfig withSynchronousBatchSaveLimit(int v) {
        return new SandboxConfig(dataDir, port, accessId, secretKey, token, owners, timestampWindow, maxIndicatorsPerJob, clock, workers, maxUploadBytes, faults, v);
    }

    public SandboxConfig withWorkers(int v) {
        return new SandboxConfig(dataDir, port, accessId, secretKey, token, owners, timestampWindow, maxIndicatorsPerJob, clock, v, maxUploadBytes, faults, synchronousBatchSaveLimit);
    }

    public SandboxConfig withMaxUploadBytes(long v) {
        return new SandboxConfig(dataDir, port, accessId, secretKey, token, owners, timestampWindow, maxIndicatorsPerJob, clock, workers, v, faults, synchronousBatchSaveLimit);
    }

    public SandboxConfig withFaults(List<String> v) {
        return new SandboxConfig(dataDir, port, accessId, secretKey, token, owners, timestampWindow, maxIndicatorsPerJob, clock, workers, maxUploadBytes, v, synchronousBatchSaveLimit);
    }

    public SandboxConfig withDataDir(Path v) {
        return new SandboxConfig(v, port, accessId, secretKey, token, owners, timestampWindow, maxIndicatorsPerJob, clock, workers, maxUploadBytes, faults, synchronousBatchSaveLimit);
    }

    public SandboxConfig withCredentials(String newAccessId, String newSecretKey) {
        return new SandboxConfig(dataDir, port, newAccessId, newSecretKey, token, owners, timestampWindow, maxIndicatorsPerJob, clock, workers, maxUploadBytes, faults, synchronousBatchSaveLimit);
    }

    @Override
    public String toString() {
        return "SandboxConfig[dataDir=" + dataDir + ", port=" + port + ", accessId=" + accessId
                + ", secretKey=****, token=" + (token == null ? "none" : "****") + ", owners=" + owners
                + ", workers=" + workers + ", maxUploadBytes=" + maxUploadBytes + ", faults=" + faults + "]";
    }
}
