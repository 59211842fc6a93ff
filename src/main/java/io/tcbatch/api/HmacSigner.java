package io.tcbatch.api;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The ThreatConnect HMAC scheme (API doc §1.2): the string to sign is
 * {@code <path incl. /api><?query if any>:<METHOD>:<timestamp>}, signed with HMAC-SHA256 under the
 * secret key and sent Base64-encoded as {@code Authorization: TC <accessId>:<signature>}.
 *
 * <p>The path and query must be passed exactly as they go on the wire (already percent-encoded):
 * the server verifies against the raw request target, so re-encoding here would break signatures
 * for any query with spaces or reserved characters.
 */
public final class HmacSigner {
    private static final String ALGORITHM = "HmacSHA256";

    private HmacSigner() {
    }

    /** The exact text that is signed; exposed so a mismatch can be diagnosed without the secret. */
    public static String stringToSign(String pathAndQuery, String method, long timestamp) {
        Objects.requireNonNull(pathAndQuery, "pathAndQuery");
        Objects.requireNonNull(method, "method");
        return pathAndQuery + ":" + method.toUpperCase(java.util.Locale.ROOT) + ":" + timestamp;
    }

    /** Base64 (standard alphabet, padded) of HMAC-SHA256(secretKey, stringToSign). */
    public static String signature(String secretKey, String pathAndQuery, String method, long timestamp) {
        Objects.requireNonNull(secretKey, "secretKey");
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(new SecretKeySpec(secretKey.getBytes(StandardCharsets.UTF_8), ALGORITHM));
            byte[] digest = mac.doFinal(stringToSign(pathAndQuery, method, timestamp).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            // HmacSHA256 is mandatory on every Java platform, and any non-empty key is valid for it.
            throw new IllegalStateException("HMAC-SHA256 unavailable", e);
        }
    }

    /** The {@code Authorization} header value: {@code TC <accessId>:<signature>}. */
    public static String authorization(String accessId, String secretKey, String pathAndQuery, String method,
                                       long timestamp) {
        Objects.requireNonNull(accessId, "accessId");
        return "TC " + accessId + ":" + signature(secretKey, pathAndQuery, method, timestamp);
    }
}
