package io.tcbatch.api;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import okhttp3.Authenticator;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;

/**
 * HTTP(S) proxies: one given by the profile, or the usual environment variables
 * ({@code https_proxy}/{@code HTTPS_PROXY} for https URLs, {@code http_proxy}/{@code HTTP_PROXY} for
 * http URLs, {@code no_proxy}/{@code NO_PROXY} for exceptions), with Basic authentication from the
 * proxy URL's user info. Passwords never leave this class except in the Proxy-Authorization header.
 */
final class ProxySettings {
    /** A parsed proxy URL; {@code toString} masks the password. */
    record ProxyUrl(String host, int port, String user, String password) {
        InetSocketAddress address() {
            return InetSocketAddress.createUnresolved(host, port);
        }

        @Override
        public String toString() {
            return "http://" + (user == null ? "" : user + ":****@") + host + ":" + port;
        }
    }

    private final ProxyUrl fixed;
    private final ProxyUrl httpsProxy;
    private final ProxyUrl httpProxy;
    private final List<String> noProxy;
    private final Map<String, ProxyUrl> byAddress = new ConcurrentHashMap<>();

    private ProxySettings(ProxyUrl fixed, ProxyUrl httpsProxy, ProxyUrl httpProxy, List<String> noProxy) {
        this.fixed = fixed;
        this.httpsProxy = httpsProxy;
        this.httpProxy = httpProxy;
        this.noProxy = noProxy;
        for (ProxyUrl p : new ProxyUrl[] {fixed, httpsProxy, httpProxy}) {
            if (p != null) {
                byAddress.put(key(p.host(), p.port()), p);
            }
        }
    }

    /**
     * @param profileProxy the profile's proxy URL, or null to use the environment
     * @param env          the process environment
     */
    static ProxySettings of(String profileProxy, Map<String, String> env) {
        if (profileProxy != null && !profileProxy.isBlank()) {
            return new ProxySettings(parse(profileProxy, "the profile's proxy"), null, null, List.of());
        }
        String https = first(env, "https_proxy", "HTTPS_PROXY");
        // Lower case first, as curl does: it is the spelling every tool agrees on.
        String http = first(env, "http_proxy", "HTTP_PROXY");
        String no = first(env, "no_proxy", "NO_PROXY");
        List<String> exceptions = new ArrayList<>();
        if (no != null) {
            for (String entry : no.split("[,\\s]+")) {
                String e = entry.trim().toLowerCase(Locale.ROOT);
                if (!e.isEmpty()) {
                    exceptions.add(e);
                }
            }
        }
        return new ProxySettings(null, https == null ? null : parse(https, "HTTPS_PROXY"),
                http == null ? null : parse(http, "HTTP_PROXY"), List.copyOf(exceptions));
    }

    boolean any() {
        return fixed != null || httpsProxy != null || httpProxy != null;
    }

    /** The proxy for a target URL, or null to connect directly. */
    ProxyUrl proxyFor(String scheme, String host) {
        // A proxy elsewhere cannot reach this machine's loopback (the local sandbox lives there).
        if (Transport.isLoopback(host)) {
            return null;
        }
        if (fixed != null) {
            return fixed;
        }
        if (bypassed(host)) {
            return null;
        }
        return "https".equalsIgnoreCase(scheme) ? httpsProxy : httpProxy;
    }

    /**
     * NO_PROXY as most tools read it: {@code *} for all hosts; otherwise each entry matches the
     * host itself and its subdomains, with or without a leading dot. A port in an entry is ignored
     * (one client talks to one instance, so the distinction never matters here).
     */
    private boolean bypassed(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        for (String e : noProxy) {
            if (e.equals("*")) {
                return true;
            }
            String entry = e.startsWith(".") ? e.substring(1) : e;
            if (!entry.startsWith("[")) {
                int colon = entry.lastIndexOf(':');
                if (colon > 0 && entry.indexOf(':') == colon) {
                    entry = entry.substring(0, colon);
                }
            } else if (entry.contains("]")) {
                entry = entry.substring(1, entry.indexOf(']'));
            }
            if (h.equals(entry) || h.endsWith("." + entry)) {
                return true;
            }
        }
        return false;
    }

    ProxySelector selector() {
        return new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                ProxyUrl p = proxyFor(uri.getScheme(), uri.getHost() == null ? "" : uri.getHost());
                return List.of(p == null ? Proxy.NO_PROXY : new Proxy(Proxy.Type.HTTP, p.address()));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
                // Nothing to learn: the retry policy of the client decides what happens next.
            }
        };
    }

    /** Answers a proxy's 407 (and OkHttp's pre-emptive CONNECT challenge) with Basic credentials. */
    Authenticator authenticator() {
        return (Route route, Response response) -> {
            if (response.request().header("Proxy-Authorization") != null) {
                // Our credentials were refused; asking again would loop. The 407 is reported.
                return null;
            }
            ProxyUrl p = route == null ? null : addressOf(route.proxy());
            if (p == null || p.user() == null) {
                return null;
            }
            Request.Builder b = response.request().newBuilder();
            b.header("Proxy-Authorization", okhttp3.Credentials.basic(p.user(), p.password() == null ? "" : p.password()));
            return b.build();
        };
    }

    private ProxyUrl addressOf(Proxy proxy) {
        if (proxy == null || !(proxy.address() instanceof InetSocketAddress a)) {
            return null;
        }
        return byAddress.get(key(a.getHostString(), a.getPort()));
    }

    private static String key(String host, int port) {
        return host.toLowerCase(Locale.ROOT) + ":" + port;
    }

    private static String first(Map<String, String> env, String... names) {
        for (String n : names) {
            String v = env.get(n);
            if (v != null && !v.isBlank()) {
                return v.trim();
            }
        }
        return null;
    }

    /**
     * {@code http://[user:pass@]host:port}; a bare {@code host:port} is read as http, as curl does.
     * The message of a bad value shows it with the password masked.
     */
    static ProxyUrl parse(String value, String what) {
        String v = value.trim();
        if (!v.contains("://")) {
            v = "http://" + v;
        }
        URI uri;
        try {
            uri = new URI(v);
        } catch (URISyntaxException e) {
            throw new TransportConfigException(what + " is not a proxy URL (http://[user:pass@]host:port): " + masked(value), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new TransportConfigException(what + " must be an http:// proxy URL (HTTPS to the instance is tunnelled"
                    + " through it), not: " + masked(value), null);
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new TransportConfigException(what + " has no host: " + masked(value), null);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 80;
        String user = null;
        String password = null;
        String info = uri.getUserInfo();
        if (info != null && !info.isEmpty()) {
            int colon = info.indexOf(':');
            user = colon < 0 ? info : info.substring(0, colon);
            password = colon < 0 ? null : info.substring(colon + 1);
        }
        return new ProxyUrl(uri.getHost(), port, user, password);
    }

    /** A proxy URL fit for messages and logs: any password replaced by {@code ****}. */
    static String masked(String proxy) {
        if (proxy == null) {
            return null;
        }
        return proxy.replaceAll("(://[^:/@]*:)[^@/]*@", "$1****@").replaceAll("^([^:/@]+:)[^@/]*@", "$1****@");
    }
}
