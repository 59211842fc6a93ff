package io.tcbatch.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The one OkHttp client of a process: timeouts, TLS trust (the JDK's, or a PEM bundle), proxies
 * and the optional {@code --debug-http} log. Built once by the composition root and shared, so
 * every job of a run reuses the same connection pool. Certificate and host name verification are
 * always on; there is deliberately no switch to turn them off.
 */
public final class Transport implements AutoCloseable {
    /** Header values never written to the debug log. */
    private static final Set<String> REDACTED = Set.of("authorization", "proxy-authorization", "timestamp", "cookie",
            "set-cookie");

    private final OkHttpClient client;

    private Transport(OkHttpClient client) {
        this.client = client;
    }

    /**
     * @param options  timeouts, trust, proxy, debug
     * @param debugLog where debug lines go (standard error in the CLI); used only when
     *                 {@link HttpOptions#debugHttp()} is set
     * @throws TransportConfigException for an unusable CA bundle or proxy URL
     */
    public static Transport create(HttpOptions options, Consumer<String> debugLog) {
        return create(options, debugLog, false);
    }

    /**
     * {@link #create(HttpOptions, Consumer)}, optionally for plain HTTP only: a process that talks
     * to one {@code http://} base (the built-in sandbox of a script or a single command) need not
     * load the JDK's trust store and TLS machinery, which OkHttp sets up when the client is built
     * (about 0.2 s of a script's start on this kind of machine). Such a client refuses
     * {@code https://} URLs, so only a process that cannot switch to another profile may ask for it.
     */
    public static Transport create(HttpOptions options, Consumer<String> debugLog, boolean cleartextOnly) {
        Objects.requireNonNull(options, "options");
        OkHttpClient.Builder b = new OkHttpClient.Builder()
                .connectTimeout(options.connectTimeout())
                .readTimeout(options.readTimeout())
                // OkHttp's own retry on a failed connection is kept: it never replays the one-shot
                // POST bodies of ThreatConnectClient once sending started, and it spares GETs a
                // failure on a stale pooled connection.
                .writeTimeout(options.writeTimeout());
        if (cleartextOnly) {
            b.connectionSpecs(java.util.List.of(okhttp3.ConnectionSpec.CLEARTEXT));
        } else if (options.caBundle() != null) {
            X509TrustManager tm = trustManager(options.caBundle());
            try {
                SSLContext ctx = SSLContext.getInstance("TLS");
                ctx.init(null, new TrustManager[] {tm}, null);
                b.sslSocketFactory(ctx.getSocketFactory(), tm);
            } catch (GeneralSecurityException e) {
                throw new TransportConfigException("CA bundle " + options.caBundle() + ": cannot set up TLS: "
                        + e.getMessage(), e);
            }
        }
        ProxySettings proxies = ProxySettings.of(options.proxy(), options.env());
        if (proxies.any()) {
            b.proxySelector(proxies.selector());
            b.proxyAuthenticator(proxies.authenticator());
        }
        if (options.debugHttp()) {
            Objects.requireNonNull(debugLog, "debugLog");
            // A network interceptor sees each attempt as sent, after signing, so the log shows
            // every retry; the credentials themselves are redacted.
            b.addNetworkInterceptor(new DebugLog(debugLog));
        }
        return new Transport(b.build());
    }

    public OkHttpClient client() {
        return client;
    }

    /**
     * A warning for a plain {@code http://} base URL whose host is not this machine (credentials
     * and data would cross the network unencrypted), else null. Allowed, because test instances
     * and TLS-terminating gateways exist, but said once.
     */
    public static String plainHttpWarning(URI apiBase) {
        if (apiBase == null || !"http".equalsIgnoreCase(apiBase.getScheme())) {
            return null;
        }
        String host = apiBase.getHost();
        if (host != null && isLoopback(host)) {
            return null;
        }
        return "warning: " + apiBase.getScheme() + "://" + host + (apiBase.getPort() > 0 ? ":" + apiBase.getPort() : "")
                + " is plain HTTP: requests, signatures and imported data travel unencrypted; use https:// unless"
                + " this network is trusted";
    }

    /**
     * Loopback by name or literal address only, never by a DNS lookup (a lookup could be slow or
     * be answered by someone else).
     */
    static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.endsWith(".localhost") || h.matches("127(\\.\\d{1,3}){3}")
                || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1");
    }

    /** Trust exactly the certificates of a PEM file (as curl's --cacert does), or fail naming the file. */
    static X509TrustManager trustManager(Path pem) {
        if (!Files.isRegularFile(pem)) {
            throw new TransportConfigException("CA bundle " + pem + " does not exist or is not a file", null);
        }
        Collection<? extends Certificate> certs;
        try (InputStream in = Files.newInputStream(pem)) {
            certs = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (IOException | CertificateException e) {
            throw new TransportConfigException("CA bundle " + pem + " is not a PEM file of certificates: "
                    + oneLine(e.getMessage()), e);
        }
        if (certs.isEmpty()) {
            throw new TransportConfigException("CA bundle " + pem + " holds no certificate", null);
        }
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            int i = 0;
            for (Certificate c : certs) {
                ks.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            for (TrustManager tm : tmf.getTrustManagers()) {
                if (tm instanceof X509TrustManager x) {
                    return x;
                }
            }
            throw new TransportConfigException("CA bundle " + pem + ": no X.509 trust manager available", null);
        } catch (GeneralSecurityException | IOException e) {
            throw new TransportConfigException("CA bundle " + pem + ": " + oneLine(e.getMessage()), e);
        }
    }

    private static String oneLine(String s) {
        return s == null ? "unreadable" : s.replaceAll("\\s+", " ").strip();
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }

    /** One line per request and response, then one per header; bodies are never logged. */
    static final class DebugLog implements Interceptor {
        private final Consumer<String> log;

        DebugLog(Consumer<String> log) {
            this.log = log;
        }

        @Override
        public Response intercept(Chain chain) throws IOException {
            Request request = chain.request();
            String target = request.method() + " " + request.url();
            log.accept("http --> " + target);
            headers(request.headers());
            long start = System.nanoTime();
            Response response;
            try {
                response = chain.proceed(request);
            } catch (IOException e) {
                log.accept("http <-- failed " + target + " (" + elapsed(start) + " ms): " + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : " " + oneLine(e.getMessage())));
                throw e;
            }
            log.accept("http <-- " + response.code() + (response.message().isEmpty() ? "" : " " + response.message())
                    + " " + target + " (" + elapsed(start) + " ms)");
            headers(response.headers());
            return response;
        }

        private void headers(Headers headers) {
            for (int i = 0; i < headers.size(); i++) {
                String name = headers.name(i);
                String value = REDACTED.contains(name.toLowerCase(Locale.ROOT)) ? "██ (redacted)" : headers.value(i);
                log.accept("http     " + name + ": " + value);
            }
        }

        private static long elapsed(long start) {
            return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        }
    }

    /** For tests and callers that want the list of redacted header names. */
    static List<String> redactedHeaders() {
        return List.copyOf(REDACTED);
    }
}
