package io.tcbatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared client: trust, proxies, the plain-HTTP warning and the redacted debug log. */
class TransportTest extends MockServerSupport {
    private static final String RUNNING =
            "{\"status\":\"Success\",\"data\":{\"batchStatus\":{\"id\":5,\"status\":\"Running\"}}}";

    private static HttpOptions options(Path ca, String proxy, Map<String, String> env, boolean debug) {
        return new HttpOptions(Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(5), ca, proxy, env, debug);
    }

    private ThreatConnectClient clientOver(Transport t, URI base) {
        return new ThreatConnectClient(base, new Credentials.Hmac(ACCESS_ID, SECRET), Clock.fixed(T0, ZoneOffset.UTC),
                t.client(), recordingSleeper, RetryPolicy.DEFAULT, () -> 1.0);
    }

    // ------------------------------------------------------------ plain http

    @Test
    void plainHttpIsWarnedAboutUnlessTheHostIsLoopback() {
        assertEquals("warning: http://tc.example.com:8080 is plain HTTP: requests, signatures and imported data travel"
                        + " unencrypted; use https:// unless this network is trusted",
                Transport.plainHttpWarning(URI.create("http://tc.example.com:8080/api")));
        assertNotNull(Transport.plainHttpWarning(URI.create("http://10.0.0.5/api")));
        assertNull(Transport.plainHttpWarning(URI.create("http://127.0.0.1:8443/api")));
        assertNull(Transport.plainHttpWarning(URI.create("http://localhost/api")));
        assertNull(Transport.plainHttpWarning(URI.create("http://[::1]:9000/api")));
        assertNull(Transport.plainHttpWarning(URI.create("https://tc.example.com/api")));
    }

    // ------------------------------------------------------------ TLS

    @Test
    void aCustomCaBundleIsTrustedAndTheDefaultTrustRefusesTheSameServer() throws Exception {
        server.useHttps(serverTls().getSocketFactory());
        enqueueJson(200, RUNNING);
        URI base = URI.create(server.url("/api").toString());
        assertEquals("https", base.getScheme());
        Path pem = resource("tls/localhost-ca.pem");
        try (Transport t = Transport.create(options(pem, null, Map.of(), false), null);
             ThreatConnectClient c = clientOver(t, base)) {
            assertEquals(JobState.RUNNING, c.status(5).state());
        }
        try (Transport t = Transport.create(options(null, null, Map.of(), false), null);
             ThreatConnectClient c = clientOver(t, base)) {
            ApiException e = assertThrows(ApiException.class, () -> c.status(5));
            assertEquals(0, e.httpStatus());
            assertTrue(e.getMessage().startsWith("cannot reach localhost:" + server.getPort() + ": "), e.getMessage());
        }
        assertEquals(List.of(), sleeps, "a certificate failure is not retried");
    }

    @Test
    void aCaBundleThatIsNotPemIsAClearErrorNamingTheFile(@TempDir Path dir) throws Exception {
        Path bad = Files.writeString(dir.resolve("bundle.pem"), "-----BEGIN CERTIFICATE-----\nnot base64 at all\n");
        TransportConfigException e = assertThrows(TransportConfigException.class,
                () -> Transport.create(options(bad, null, Map.of(), false), null));
        assertTrue(e.getMessage().startsWith("CA bundle " + bad + " is not a PEM file of certificates"), e.getMessage());
        Path missing = dir.resolve("nope.pem");
        assertEquals("CA bundle " + missing + " does not exist or is not a file", assertThrows(TransportConfigException.class,
                () -> Transport.create(options(missing, null, Map.of(), false), null)).getMessage());
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        assertEquals("CA bundle " + empty + " holds no certificate", assertThrows(TransportConfigException.class,
                () -> Transport.create(options(empty, null, Map.of(), false), null)).getMessage());
    }

    @Test
    void aBundleWithTwoCertificatesTrustsBoth(@TempDir Path dir) throws Exception {
        String one = Files.readString(resource("tls/localhost-ca.pem"));
        Path two = Files.writeString(dir.resolve("two.pem"), one + one);
        assertEquals(1, Transport.trustManager(resource("tls/localhost-ca.pem")).getAcceptedIssuers().length);
        // The same certificate twice is one trust anchor; what matters is that a multi-entry file is read.
        assertTrue(Transport.trustManager(two).getAcceptedIssuers().length >= 1);
    }

    // ------------------------------------------------------------ proxies

    @Test
    void aProfileProxyWithCredentialsIsUsedAndAnswersTheChallengeWithBasicAuth() throws Exception {
        server.enqueue(new MockResponse.Builder().code(407).setHeader("Proxy-Authenticate", "Basic realm=\"corp\"").build());
        enqueueJson(200, RUNNING);
        String proxy = "http://proxyuser:pr%40xy-pass@127.0.0.1:" + server.getPort();
        List<String> log = new ArrayList<>();
        try (Transport t = Transport.create(options(null, proxy, Map.of(), true), log::add);
             ThreatConnectClient c = clientOver(t, URI.create("http://tc.example.test/api"))) {
            assertEquals(JobState.RUNNING, c.status(5).state());
        }
        RecordedRequest challenged = take();
        RecordedRequest answered = take();
        assertEquals("http://tc.example.test/api/v2/batch/5?includeAdditional=true", challenged.getTarget());
        assertNull(challenged.getHeaders().get("Proxy-Authorization"));
        assertEquals("Basic " + Base64.getEncoder().encodeToString("proxyuser:pr@xy-pass".getBytes(StandardCharsets.UTF_8)),
                answered.getHeaders().get("Proxy-Authorization"));
        String all = String.join("\n", log);
        assertFalse(all.contains("pr@xy-pass") || all.contains("pr%40xy-pass"), all);
        assertFalse(all.contains(Base64.getEncoder().encodeToString("proxyuser:pr@xy-pass".getBytes(StandardCharsets.UTF_8))), all);
    }

    @Test
    void environmentProxiesFollowTheSchemeAndNoProxy() {
        ProxySettings p = ProxySettings.of(null, Map.of("HTTPS_PROXY", "http://secure-proxy:3128",
                "http_proxy", "plain-proxy:8080", "HTTP_PROXY", "http://ignored:1", "NO_PROXY", "internal.example, .corp.test,*.x"));
        assertEquals("secure-proxy", p.proxyFor("https", "tc.example.com").host());
        assertEquals(3128, p.proxyFor("https", "tc.example.com").port());
        assertEquals("plain-proxy", p.proxyFor("http", "tc.example.com").host(), "lower case wins");
        assertNull(p.proxyFor("https", "internal.example"));
        assertNull(p.proxyFor("https", "tc.internal.example"));
        assertNull(p.proxyFor("https", "a.corp.test"));
        assertNull(p.proxyFor("https", "corp.test"));
        assertNotNull(p.proxyFor("https", "notinternal.example"));
        assertNull(p.proxyFor("http", "127.0.0.1"), "loopback never goes through a proxy");
        assertNull(ProxySettings.of(null, Map.of("HTTPS_PROXY", "http://p:1", "no_proxy", "*")).proxyFor("https", "x.y"));
        assertNull(ProxySettings.of(null, Map.of()).proxyFor("https", "x.y"));
        assertFalse(ProxySettings.of(null, Map.of()).any());
    }

    @Test
    void aProfileProxyOverridesTheEnvironment() {
        ProxySettings p = ProxySettings.of("http://u:pw@corp-proxy:8000", Map.of("HTTPS_PROXY", "http://other:1",
                "NO_PROXY", "tc.example.com"));
        ProxySettings.ProxyUrl url = p.proxyFor("https", "tc.example.com");
        assertEquals("corp-proxy", url.host());
        assertEquals("u", url.user());
        assertEquals("pw", url.password());
        assertEquals("http://u:****@corp-proxy:8000", url.toString());
    }

    @Test
    void aBadProxyUrlIsAClearErrorWithoutThePassword() {
        TransportConfigException e = assertThrows(TransportConfigException.class,
                () -> Transport.create(options(null, "socks5://u:hunter22@h:1080", Map.of(), false), null));
        assertEquals("the profile's proxy must be an http:// proxy URL (HTTPS to the instance is tunnelled through it),"
                + " not: socks5://u:****@h:1080", e.getMessage());
        TransportConfigException env = assertThrows(TransportConfigException.class,
                () -> Transport.create(options(null, null, Map.of("HTTPS_PROXY", "http://u:hunter22@:99"), false), null));
        assertFalse(env.getMessage().contains("hunter22"), env.getMessage());
        assertTrue(env.getMessage().startsWith("HTTPS_PROXY"), env.getMessage());
    }

    @Test
    void optionsNeverShowAProxyPassword() {
        HttpOptions o = options(null, "http://u:hunter22@h:3128", Map.of(), false);
        assertFalse(o.toString().contains("hunter22"), o.toString());
        assertTrue(o.toString().contains("proxy=http://u:****@h:3128"), o.toString());
    }

    // ------------------------------------------------------------ debug log

    @Test
    void theDebugLogShowsEachAttemptAndNeverTheSecretOrSignature() throws Exception {
        enqueueJson(503, "{}");
        enqueueJson(200, RUNNING);
        List<String> log = new ArrayList<>();
        URI base = apiBase();
        try (Transport t = Transport.create(options(null, null, Map.of(), true), log::add);
             ThreatConnectClient c = clientOver(t, base)) {
            assertEquals(JobState.RUNNING, c.status(5).state());
        }
        String url = base + "/v2/batch/5?includeAdditional=true";
        assertEquals(2, log.stream().filter(l -> l.equals("http --> GET " + url)).count(), String.join("\n", log));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("http <-- 503 Server Error GET " + url + " (")), String.join("\n", log));
        assertTrue(log.stream().anyMatch(l -> l.startsWith("http <-- 200 OK GET " + url + " (") && l.endsWith(" ms)")));
        assertTrue(log.contains("http     Authorization: ██ (redacted)"));
        assertTrue(log.contains("http     Timestamp: ██ (redacted)"));
        assertTrue(log.contains("http     Content-Type: application/json"));
        String all = String.join("\n", log);
        String signature = HmacSigner.signature(SECRET, "/api/v2/batch/5?includeAdditional=true", "GET", T0.getEpochSecond());
        assertFalse(all.contains(SECRET));
        assertFalse(all.contains(signature));
        assertFalse(all.contains(ACCESS_ID));
        assertFalse(all.contains(Long.toString(T0.getEpochSecond())));
    }

    @Test
    void theDebugLogIsOffByDefault() throws Exception {
        enqueueJson(200, RUNNING);
        List<String> log = new ArrayList<>();
        try (Transport t = Transport.create(HttpOptions.defaults(Map.of()), log::add);
             ThreatConnectClient c = clientOver(t, apiBase())) {
            c.status(5);
        }
        assertEquals(List.of(), log);
    }

    // ------------------------------------------------------------ helpers

    private static Path resource(String name) throws Exception {
        return Path.of(TransportTest.class.getClassLoader().getResource(name).toURI());
    }

    private static SSLContext serverTls() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(resource("tls/localhost.p12"))) {
            ks.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, "changeit".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }
}
