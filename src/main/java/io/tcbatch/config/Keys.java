package io.tcbatch.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every global setting tcbatch reads, with its built-in default (the value the code falls back to
 * when no layer sets it), so {@code config show} can list a setting nobody ever wrote down. Keep
 * in step with the callers' fallbacks ({@code ImportOptions.defaults}, {@code RetryPolicy.DEFAULT},
 * the client's timeouts) and with {@code config/tcbatch.properties}.
 */
public final class Keys {
    private Keys() {
    }

    /** Key → built-in default; null means "not set" (e.g. no CA bundle). */
    public static final Map<String, String> DEFAULTS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("profile", "local");
        d.put("chunk.size", "5000");
        d.put("chunk.maxBytes", "2000000");
        d.put("jobs.inFlight", "2");
        d.put("poll.first.ms", "1000");
        d.put("poll.cap.seconds", "20");
        d.put("errors.wait.seconds", "60");
        d.put("warn.created.seconds", "120");
        d.put("watch.timeout.minutes", "60");
        d.put("http.connect.timeout.seconds", "10");
        d.put("http.read.timeout.seconds", "60");
        d.put("http.write.timeout.seconds", "60");
        d.put("http.retry.maxAttempts", "6");
        d.put("http.retry.base.millis", "500");
        d.put("http.retry.cap.seconds", "30");
        d.put("http.retry.budget.seconds", "120");
        d.put("http.caBundle", null);
        d.put("debug.http", "false");
        DEFAULTS = java.util.Collections.unmodifiableMap(d);
    }

    /** Global keys a profile may set for itself as {@code profile.<name>.<key>}; the profile's value wins while it is in use. */
    public static final Set<String> PER_PROFILE = Set.of("poll.first.ms", "poll.cap.seconds", "chunk.size", "chunk.maxBytes");

    /** The fields of a profile, {@code profile.<name>.<field>}, in the order they are shown. */
    public static final List<String> PROFILE_FIELDS = List.of("apiPath", "auth", "accessId", "secretKey", "token", "owner",
            "proxy", "caBundle", "production", "poll.first.ms", "poll.cap.seconds", "chunk.size", "chunk.maxBytes");

    /** True for a key whose value is a secret: never shown, only whether it is set. */
    public static boolean isSecret(String key) {
        return key.endsWith(".secretKey") || key.endsWith(".token") || key.equals("secretKey") || key.equals("token");
    }

    /** True for a key whose value may hold a secret (a proxy URL with a password). */
    public static boolean mayHoldSecret(String key, String value) {
        return isSecret(key) || (key.endsWith("proxy") && value != null && !value.equals(Profile.maskedProxy(value)));
    }

    /** The value as it may be shown: secrets as {@code ****} (or null when unset), proxy passwords masked. */
    public static String shown(String key, String value) {
        if (value == null) {
            return null;
        }
        if (isSecret(key)) {
            return "****";
        }
        if (key.endsWith("proxy")) {
            return Profile.maskedProxy(value);
        }
        return value;
    }
}
