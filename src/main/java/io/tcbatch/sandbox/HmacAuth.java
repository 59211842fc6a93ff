package io.tcbatch.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the two authentication schemes of API doc §1: {@code TC-Token <token>} and
 * {@code TC <accessId>:<signature>} with a {@code Timestamp} header.
 *
 * <p>The HTTP status of auth failures is undocumented (API doc §5.4); chosen: 401 for all of
 * them, a missing Authorization included (D-QS suggests 403 there, but 401 is what makes tcex
 * and the Java SDK report an authentication problem rather than a permission problem).
 *
 * <p>The signature is verified against the raw request target exactly as received, because
 * clients encode the same query differently ({@code +} vs {@code %20}) and each signs what it
 * sends. Comparisons are constant-time so that a caller cannot learn a secret byte by byte.
 */
final class HmacAuth {

    static final String SIGNATURE_MISMATCH = "Signature data did not match expected result";
    static final String TIMESTAMP_OUT_OF_RANGE = "Timestamp out of acceptable time range";
    static final String INVALID_TIMESTAMP = "Invalid timestamp";
    static final String ACCESS_DENIED = "Access Denied";
    static final String UNAUTHORIZED = "Unauthorized";

    private final String accessId;
    private final byte[] secret;
    private final byte[] token;
    private final Duration window;
    private final Clock clock;

    HmacAuth(String accessId, String secretKey, String token, Duration window, Clock clock) {
        this.accessId = Objects.requireNonNull(accessId);
        this.secret = secretKey.getBytes(StandardCharsets.UTF_8);
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.window = window;
        this.clock = clock;
    }

    /** The same credentials checked against another clock (admin requests ignore clock-offset faults). */
    HmacAuth withClock(Clock other) {
        return new HmacAuth(accessId, new String(secret, StandardCharsets.UTF_8),
                token == null ? null : new String(token, StandardCharsets.UTF_8), window, other);
    }

    /** {@code <raw path><?raw query if any>:<METHOD>:<timestamp>} (API doc §1.2). */
    static String stringToSign(String rawPath, String rawQuery, String method, String timestamp) {
        String target = rawQuery == null ? rawPath : rawPath + "?" + rawQuery;
        return target + ":" + method + ":" + timestamp;
    }

    /** Base64 (standard, padded) of HMAC-SHA256 over the UTF-8 message. */
    static String sign(byte[] secretKey, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secretKey, "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            // HmacSHA256 is a mandatory JDK algorithm; this cannot happen on a conforming JDK.
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    /**
     * Checks one request.
     *
     * @param authorization the {@code Authorization} header, or null
     * @param timestamp     the {@code Timestamp} header, or null
     * @return null when the request is authenticated, else the failure message for the 401
     */
    String check(String authorization, String timestamp, String method, String rawPath, String rawQuery) {
        if (authorization == null || authorization.isBlank()) {
            return ACCESS_DENIED;
        }
        if (authorization.startsWith("TC-Token ")) {
            // tcex also sends a Timestamp with tokens (API doc §1.2); it is ignored here.
            byte[] given = authorization.substring("TC-Token ".length()).trim().getBytes(StandardCharsets.UTF_8);
            return token != null && MessageDigest.isEqual(given, token) ? null : UNAUTHORIZED;
        }
        if (!authorization.startsWith("TC ")) {
            return ACCESS_DENIED;
        }
        String credentials = authorization.substring(3).trim();
        // The access id never contains ':'; the Base64 signature never does either.
        int colon = credentials.lastIndexOf(':');
        if (colon <= 0) {
            return ACCESS_DENIED;
        }
        byte[] givenId = credentials.substring(0, colon).getBytes(StandardCharsets.UTF_8);
        if (!MessageDigest.isEqual(givenId, accessId.getBytes(StandardCharsets.UTF_8))) {
            return ACCESS_DENIED;
        }
        if (timestamp == null || !timestamp.matches("\\d{1,12}")) {
            return INVALID_TIMESTAMP;
        }
        long skew = Math.abs(clock.instant().getEpochSecond() - Long.parseLong(timestamp));
        // Exactly 300 s is still accepted: the docs say "within five minutes".
        if (skew > window.toSeconds()) {
            return TIMESTAMP_OUT_OF_RANGE;
        }
        String expected = sign(secret, stringToSign(rawPath, rawQuery, method, timestamp));
        byte[] given = credentials.substring(colon + 1).getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, expected.getBytes(StandardCharsets.UTF_8)) ? null : SIGNATURE_MISMATCH;
    }

    @Override
    public String toString() {
        return "HmacAuth[accessId=" + accessId + ", secretKey=****, window=" + window + "]";
    }
}
