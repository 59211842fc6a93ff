package io.tcbatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tcbatch.batch.ImportOptions;

/** The layers of settings, nearest wins, and where each value came from. */
class SettingsLayersTest {
    @TempDir
    Path dir;

    private Path install() {
        return dir.resolve("install");
    }

    private Path installFile() {
        return install().resolve("config").resolve("tcbatch.properties");
    }

    private Path userFile() {
        return dir.resolve("xdg").resolve("tcbatch").resolve("config.properties");
    }

    private Path homeFile() {
        return dir.resolve("home").resolve("config.properties");
    }

    private Path projectFile() {
        return dir.resolve("project").resolve("tcbatch.properties");
    }

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("TCBATCH_HOME", dir.resolve("home").toString());
        env.put("XDG_CONFIG_HOME", dir.resolve("xdg").toString());
        return env;
    }

    private static void write(Path file, String text) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    @Test
    void aKeySetInEveryLayerIsTakenFromTheNearestAndSaysWhere() throws Exception {
        write(installFile(), "chunk.size=1\n");
        write(userFile(), "chunk.size=2\n");
        write(homeFile(), "chunk.size=3\n");
        write(projectFile(), "chunk.size=4\n");
        Map<String, String> env = env();
        env.put("TCBATCH_CHUNK_SIZE", "5");

        Settings s = Settings.load(env, install(), projectFile().getParent()).withOption("chunk.size", "6", "--chunk-size");
        assertValue(s, "6", "option --chunk-size");
        s = Settings.load(env, install(), projectFile().getParent());
        assertValue(s, "5", "environment TCBATCH_CHUNK_SIZE");
        env.remove("TCBATCH_CHUNK_SIZE");
        assertValue(Settings.load(env, install(), projectFile().getParent()), "4", projectFile().toString());
        Files.delete(projectFile());
        assertValue(Settings.load(env, install(), projectFile().getParent()), "3", homeFile().toString());
        Files.delete(homeFile());
        assertValue(Settings.load(env, install(), projectFile().getParent()), "2", userFile().toString());
        Files.delete(userFile());
        assertValue(Settings.load(env, install(), projectFile().getParent()), "1", installFile().toString());
        Files.delete(installFile());
        Settings none = Settings.load(env, install(), projectFile().getParent());
        assertValue(none, "5000", "built-in default");
        assertNull(none.lookup("chunk.size"));
        assertEquals(5000, ImportOptions.from(none).chunkSize());
    }

    private static void assertValue(Settings s, String value, String source) {
        Settings.Value v = s.effective("chunk.size");
        assertEquals(value, v.value());
        assertEquals(source, v.source());
        assertEquals(Integer.parseInt(value), s.getInt("chunk.size", 5000));
    }

    @Test
    void withoutXdgConfigHomeTheUserFileIsUnderHome() throws Exception {
        Map<String, String> env = env();
        env.remove("XDG_CONFIG_HOME");
        env.put("HOME", dir.resolve("userhome").toString());
        write(dir.resolve("userhome").resolve(".config").resolve("tcbatch").resolve("config.properties"), "jobs.inFlight=9\n");
        Settings s = Settings.load(env, null);
        assertEquals(dir.resolve("userhome/.config/tcbatch/config.properties"), s.userFile());
        assertEquals(9, s.getInt("jobs.inFlight", 2));
        // The two-argument load (older callers and tests) reads no project file.
        assertNull(s.projectFile());
    }

    @Test
    void aProfilesOwnPollAndChunkSettingsWinWhileItIsInUse() throws Exception {
        write(userFile(), String.join("\n", "profile.slow.apiPath=https://slow.example.com/api", "profile.slow.token=t",
                "profile.slow.poll.first.ms=5000", "profile.slow.poll.cap.seconds=90", "profile.slow.chunk.size=500",
                "profile.slow.chunk.maxBytes=400000", ""));
        // Global values in a nearer layer still lose to the profile's own.
        write(homeFile(), "chunk.size=3000\npoll.cap.seconds=30\n");
        Settings s = Settings.load(env(), null);
        ImportOptions slow = ImportOptions.from(s.forProfile("slow"));
        assertEquals(500, slow.chunkSize());
        assertEquals(400_000L, slow.chunkMaxBytes());
        assertEquals(Duration.ofMillis(5000), slow.pollFirst());
        assertEquals(Duration.ofSeconds(90), slow.pollCap());
        assertEquals(userFile().toString(), s.forProfile("slow").effective("chunk.size").source());

        ImportOptions local = ImportOptions.from(s.forProfile("local"));
        assertEquals(3000, local.chunkSize());
        assertEquals(Duration.ofSeconds(30), local.pollCap());
        assertEquals(Duration.ofSeconds(1), local.pollFirst());
        assertEquals(3000, ImportOptions.from(s).chunkSize());
    }

    @Test
    void productionIsTheDefaultForEveryProfileButLocal() throws Exception {
        write(userFile(), String.join("\n", "profile.prod.apiPath=https://p.example.com/api", "profile.prod.token=t",
                "profile.stg.apiPath=https://s.example.com/api", "profile.stg.accessId=a", "profile.stg.secretKey=k",
                "profile.stg.production=false", "profile.odd.apiPath=https://o.example.com/api", "profile.odd.token=t",
                "profile.odd.accessId=a", "profile.odd.secretKey=k", "profile.odd.auth=token", ""));
        Settings s = Settings.load(env(), null);
        assertTrue(s.profile("prod").production());
        assertEquals("token", s.profile("prod").auth());
        assertFalse(s.profile("stg").production());
        assertEquals("hmac", s.profile("stg").auth());
        assertFalse(s.profile("local").production());
        assertEquals("token", s.profile("odd").auth(), "an explicit auth wins over what the credentials suggest");
        assertEquals(List.of("local", "odd", "prod", "stg"), s.profileNames());
        ConfigException e = assertThrows(ConfigException.class, () -> s.profile("none"));
        assertTrue(e.getMessage().startsWith("unknown profile 'none' (profiles: local, odd, prod, stg)"), e.getMessage());
    }

    @Test
    void theDefaultProfileComesFromTheNearestLayerAndOptionsWin() throws Exception {
        write(userFile(), "profile=stg\nprofile.stg.apiPath=https://s.example.com/api\nprofile.stg.token=t\n");
        Map<String, String> env = env();
        Settings s = Settings.load(env, null);
        assertEquals("stg", s.defaultProfileName());
        assertEquals(userFile().toString(), s.effective("profile").source());
        env.put("TC_API_PATH", "https://env.example.com/api");
        env.put("TC_API_TOKEN", "x");
        assertEquals("env", Settings.load(env, null).defaultProfileName());
        assertEquals("environment TC_API_PATH", Settings.load(env, null).effective("profile").source());
        Settings opt = Settings.load(env, null).withOption("profile", "local", "--profile");
        assertEquals("local", opt.defaultProfileName());
        assertEquals("option --profile", opt.effective("profile").source());
    }

    @Test
    void secretsAreNeverShownAndValuesSayNothingOfThem() throws Exception {
        write(userFile(), "profile.p.apiPath=https://p.example.com/api\nprofile.p.token=tok-123\n"
                + "profile.p.proxy=http://u:pw-456@proxy:3128\n");
        Settings s = Settings.load(env(), null);
        for (Settings.Value v : s.all()) {
            String shown = Keys.shown(v.key(), v.value());
            assertFalse(String.valueOf(shown).contains("tok-123") || String.valueOf(shown).contains("pw-456"), v.toString());
            assertFalse(v.toString().contains("tok-123") || v.toString().contains("pw-456"), v.toString());
        }
        assertEquals("****", Keys.shown("profile.p.token", "tok-123"));
        assertEquals("http://u:****@proxy:3128", Keys.shown("profile.p.proxy", "http://u:pw-456@proxy:3128"));
        assertFalse(s.toString().contains("tok-123"));
    }

    @Test
    void aFileWithASecretReadableByOthersIsWarnedAbout() throws Exception {
        write(userFile(), "profile.p.apiPath=https://p.example.com/api\nprofile.p.secretKey=k\nprofile.p.accessId=a\n");
        write(homeFile(), "chunk.size=10\n");
        Files.setPosixFilePermissions(userFile(), PosixFilePermissions.fromString("rw-r-----"));
        Files.setPosixFilePermissions(homeFile(), PosixFilePermissions.fromString("rw-r--r--"));
        Settings s = Settings.load(env(), null);
        assertEquals(List.of("tcbatch: warning: " + userFile() + " holds secrets and is readable by others (mode 0640); run: chmod 600 "
                + userFile()), s.secretFileWarnings(), "a readable file without secrets is no concern");
        Files.setPosixFilePermissions(userFile(), PosixFilePermissions.fromString("rw-------"));
        assertEquals(List.of(), Settings.load(env(), null).secretFileWarnings());
        assertEquals("0600", FileModes.mode(userFile()));
    }
}
