package io.tcbatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transport keys of profiles and settings: proxy, CA bundle, yes/no values, the environment. */
class SettingsHttpTest {

    private static Settings settings(Path home, String config, Map<String, String> extraEnv) throws Exception {
        Files.writeString(home.resolve("config.properties"), config);
        java.util.HashMap<String, String> env = new java.util.HashMap<>(extraEnv);
        env.put("TCBATCH_HOME", home.toString());
        return Settings.load(env, null);
    }

    @Test
    void aProfileReadsItsProxyAndCaBundleAndNeverPrintsTheProxyPassword(@TempDir Path home) throws Exception {
        Settings s = settings(home, String.join("\n",
                "profile.corp.apiPath=https://tc.corp.example/api",
                "profile.corp.accessId=id1",
                "profile.corp.secretKey=s3cr3t-key",
                "profile.corp.proxy=http://puser:hunter22@proxy.corp.example:3128",
                "profile.corp.caBundle=/etc/corp-ca.pem"), Map.of());
        Profile p = s.profile("corp");
        assertEquals("http://puser:hunter22@proxy.corp.example:3128", p.proxy());
        assertEquals("/etc/corp-ca.pem", p.caBundle());
        assertFalse(p.toString().contains("hunter22"), p.toString());
        assertFalse(p.toString().contains("s3cr3t-key"), p.toString());
        assertTrue(p.toString().contains("proxy=http://puser:****@proxy.corp.example:3128"), p.toString());
    }

    @Test
    void profilesWithoutTransportKeysHaveNone(@TempDir Path home) throws Exception {
        Settings s = settings(home, "profile.plain.apiPath=https://tc.example/api\nprofile.plain.token=tok\n",
                Map.of("TC_API_PATH", "https://env.example/api", "TC_API_TOKEN", "t"));
        assertNull(s.profile("plain").proxy());
        assertNull(s.profile("plain").caBundle());
        assertNull(s.profile("env").proxy());
        assertNull(s.profile("local").proxy());
    }

    @Test
    void debugHttpComesFromTheEnvironmentAsOneOrTrue(@TempDir Path home) throws Exception {
        assertTrue(settings(home, "", Map.of("TCBATCH_DEBUG_HTTP", "1")).getBoolean("debug.http", false));
        assertTrue(settings(home, "debug.http=TRUE\n", Map.of()).getBoolean("debug.http", false));
        assertFalse(settings(home, "", Map.of("TCBATCH_DEBUG_HTTP", "no")).getBoolean("debug.http", true));
        assertFalse(settings(home, "", Map.of()).getBoolean("debug.http", false));
        ConfigException e = assertThrows(ConfigException.class,
                () -> settings(home, "", Map.of("TCBATCH_DEBUG_HTTP", "maybe")).getBoolean("debug.http", false));
        assertEquals("setting debug.http must be true or false, not 'maybe'", e.getMessage());
    }

    @Test
    void theEnvironmentIsHandedOnAsInjected(@TempDir Path home) throws Exception {
        Settings s = settings(home, "", Map.of("HTTPS_PROXY", "http://p:1"));
        assertEquals("http://p:1", s.environment().get("HTTPS_PROXY"));
    }

    @Test
    void retrySettingsAreWholeNumbers(@TempDir Path home) throws Exception {
        Settings s = settings(home, "http.retry.maxAttempts=3\n", Map.of("TCBATCH_HTTP_RETRY_BUDGET_SECONDS", "x"));
        assertEquals(3, s.getInt("http.retry.maxAttempts", 6));
        assertThrows(ConfigException.class, () -> s.getInt("http.retry.budget.seconds", 120));
    }
}
