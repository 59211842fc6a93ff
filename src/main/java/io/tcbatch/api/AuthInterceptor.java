package io.tcbatch.api;

import java.io.IOException;
import java.time.Clock;
import java.util.Objects;

import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Adds ThreatConnect authentication to every request (API doc §1.1).
 *
 * <p>It is an interceptor rather than a step in request building so that each attempt, including
 * every retry the client makes, is signed afresh with the current timestamp: a retried request
 * carrying the first attempt's timestamp would eventually fall outside the server's five-minute
 * window (§1.3).
 */
public final class AuthInterceptor implements Interceptor {
    static final String AUTHORIZATION = "Authorization";
    static final String TIMESTAMP = "Timestamp";

    private final Credentials credentials;
    private final Clock clock;

    public AuthInterceptor(Credentials credentials, Clock clock) {
        this.credentials = Objects.requireNonNull(credentials, "credentials");
        this.clock = Objects.requireNonNull(clock, "clock");
        // Checked here, once, so a bad profile fails at start-up with a clear message instead of
        // inside OkHttp on the first request. The messages name the field, never its value.
        if (credentials instanceof Credentials.Hmac hmac) {
            requireText(hmac.accessId(), "HMAC credentials need an access id");
            requireText(hmac.secretKey(), "HMAC credentials need a secret key");
        } else if (credentials instanceof Credentials.Token token) {
            requireText(token.token(), "token credentials need a token");
        }
    }

    private static void requireText(String value, String message) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(message);
        }
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        Request.Builder signed = request.newBuilder();
        if (credentials instanceof Credentials.Hmac hmac) {
            long timestamp = clock.instant().getEpochSecond();
            signed.header(TIMESTAMP, Long.toString(timestamp));
            signed.header(AUTHORIZATION, HmacSigner.authorization(hmac.accessId(), hmac.secretKey(),
                    pathAndQuery(request.url()), request.method(), timestamp));
        } else if (credentials instanceof Credentials.Token token) {
            // Token auth needs no timestamp; drop one a caller may have set so nothing stale is sent.
            signed.removeHeader(TIMESTAMP);
            signed.header(AUTHORIZATION, "TC-Token " + token.token());
        }
        return chain.proceed(signed.build());
    }

    /**
     * The request target as it goes on the wire: the encoded path, plus {@code ?} and the encoded
     * query only when there is one. Taken from OkHttp's encoded forms, never decoded and
     * re-encoded, because the server signs the raw target it received.
     */
    static String pathAndQuery(HttpUrl url) {
        String query = url.encodedQuery();
        return query == null ? url.encodedPath() : url.encodedPath() + "?" + query;
    }
}
