package io.tcbatch.api;

/**
 * How requests are authenticated (API doc §1.1). {@code toString} never shows a secret, so a
 * credentials object can appear in logs and exception messages safely.
 */
public sealed interface Credentials {

    /** Access id + secret key, signed per request with HMAC-SHA256 (§1.2). */
    record Hmac(String accessId, String secretKey) implements Credentials {
        @Override
        public String toString() {
            return "Hmac[accessId=" + accessId + ", secretKey=****]";
        }
    }

    /** An API token sent as {@code Authorization: TC-Token <token>}. */
    record Token(String token) implements Credentials {
        @Override
        public String toString() {
            return "Token[****]";
        }
    }
}
