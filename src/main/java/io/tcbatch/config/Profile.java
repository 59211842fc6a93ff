package io.tcbatch.config;

import java.net.URI;

/**
 * Where imports go. The {@code local} profile has no URL or credentials of its own: the
 * embedded sandbox supplies them when it starts.
 *
 * @param name         profile name
 * @param local        true for the embedded sandbox
 * @param apiPath      base URL including {@code /api} (null for local)
 * @param accessId     HMAC access id, or null
 * @param secretKey    HMAC secret, or null (never printed)
 * @param token        API token, or null (never printed)
 * @param defaultOwner owner used when a command or script names none, or null
 * @param proxy        {@code http://[user:pass@]host:port} to reach the instance through, or null for the
 *                     environment's proxy variables (the password is never printed)
 * @param caBundle     PEM file of the certificates to trust instead of the JDK's, or null
 * @param auth         {@code hmac} or {@code token}: which credentials are sent
 * @param production   true for an instance whose data matters (marked in the prompt); every
 *                     non-local profile is one unless it says {@code production=false}
 */
public record Profile(String name, boolean local, URI apiPath, String accessId, String secretKey, String token,
                      String defaultOwner, String proxy, String caBundle, String auth, boolean production) {

    public static final String HMAC = "hmac";
    public static final String TOKEN = "token";

    public Profile(String name, boolean local, URI apiPath, String accessId, String secretKey, String token,
                   String defaultOwner, String proxy, String caBundle) {
        this(name, local, apiPath, accessId, secretKey, token, defaultOwner, proxy, caBundle,
                accessId != null && secretKey != null ? HMAC : TOKEN, !local);
    }

    public Profile(String name, boolean local, URI apiPath, String accessId, String secretKey, String token,
                   String defaultOwner) {
        this(name, local, apiPath, accessId, secretKey, token, defaultOwner, null, null);
    }

    public static Profile local(String defaultOwner) {
        return new Profile("local", true, null, null, null, null, defaultOwner, null, null, HMAC, false);
    }

    /** True when the access id and secret key are sent (HMAC signatures), false for a token. */
    public boolean hmac() {
        return HMAC.equals(auth);
    }

    /** A proxy URL with any password replaced by {@code ****}, for messages and listings. */
    public static String maskedProxy(String proxy) {
        return proxy == null ? null : proxy.replaceAll("(://[^:/@]*:)[^@/]*@", "$1****@")
                .replaceAll("^([^:/@]+:)[^@/]*@", "$1****@");
    }

    @Override
    public String toString() {
        return "Profile[name=" + name + ", local=" + local + ", apiPath=" + apiPath + ", auth=" + auth + ", accessId=" + accessId
                + ", secretKey=" + (secretKey == null ? "none" : "****") + ", token=" + (token == null ? "none" : "****")
                + ", defaultOwner=" + defaultOwner + ", proxy=" + (proxy == null ? "none" : maskedProxy(proxy))
                + ", caBundle=" + (caBundle == null ? "none" : caBundle) + ", production=" + production + "]";
    }
}
