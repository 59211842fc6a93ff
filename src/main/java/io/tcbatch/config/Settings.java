package io.tcbatch.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;

/**
 * The effective settings of one tcbatch process. Built once at start-up by {@link #load} and
 * passed down by constructor; there is no static instance.
 *
 * <p>Layers, nearest wins: {@code <install>/config/tcbatch.properties} &lt;
 * {@code TCBATCH_HOME/config.properties} &lt; environment variables. Profiles are keys
 * {@code profile.<name>.apiPath|accessId|secretKey|token|owner|proxy|caBundle}; {@code local} always exists.
 * The environment variables {@code TC_API_PATH}, {@code TC_API_ACCESS_ID} + {@code TC_API_SECRET_KEY}
 * (or {@code TC_API_TOKEN}) and {@code TC_OWNER} define a profile named {@code env}, chosen by
 * default when {@code TC_API_PATH} is set.
 */
public final class Settings {
    private final Path home;
    private final Path installDir;
    private final Properties props;
    private final Map<String, String> env;

    private Settings(Path home, Path installDir, Properties props, Map<String, String> env) {
        this.home = home;
        this.installDir = installDir;
        this.props = props;
        this.env = env;
    }

    /**
     * @param env        the process environment (injected so tests use their own)
     * @param installDir where {@code config/} of the install lives; may be null
     */
    public static Settings load(Map<String, String> env, Path installDir) {
        String homeVar = env.get("TCBATCH_HOME");
        Path home = homeVar != null && !homeVar.isBlank()
                ? Path.of(homeVar).toAbsolutePath()
                : Path.of(System.getProperty("user.home"), ".tcbatch");
        Properties props = new Properties();
        if (installDir != null) {
            read(installDir.resolve("config").resolve("tcbatch.properties"), props);
        }
        read(home.resolve("config.properties"), props);
        return new Settings(home, installDir, props, env);
    }

    private static void read(Path file, Properties into) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            Properties p = new Properties();
            p.load(in);
            into.putAll(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read settings file " + file, e);
        }
    }

    /** The state directory: journal of runs, sandbox data, history. */
    public Path home() {
        return home;
    }

    public Path installDir() {
        return installDir;
    }

    /** A file under the install's {@code config/} folder (may not exist). */
    public Path configFile(String name) {
        Path base = installDir != null ? installDir : Path.of(".");
        return base.resolve("config").resolve(name);
    }

    public String get(String key, String fallback) {
        String envKey = "TCBATCH_" + key.toUpperCase().replace('.', '_').replace('-', '_');
        String v = env.get(envKey);
        if (v != null && !v.isBlank()) {
            return v;
        }
        return props.getProperty(key, fallback);
    }

    public int getInt(String key, int fallback) {
        String v = get(key, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new ConfigException("setting " + key + " must be a whole number, not '" + v + "'");
        }
    }

    /**
     * A yes/no setting: {@code true}, {@code 1}, {@code yes}, {@code on} or their opposites, in any
     * case (so {@code TCBATCH_DEBUG_HTTP=1} works as people write it).
     */
    public boolean getBoolean(String key, boolean fallback) {
        String v = get(key, null);
        if (v == null) {
            return fallback;
        }
        switch (v.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true", "1", "yes", "on":
                return true;
            case "false", "0", "no", "off":
                return false;
            default:
                throw new ConfigException("setting " + key + " must be true or false, not '" + v + "'");
        }
    }

    /**
     * The process environment this was loaded with, for the parts that read standard variables
     * themselves (proxies: {@code HTTPS_PROXY}, {@code NO_PROXY}, …). Never {@code System.getenv}.
     */
    public Map<String, String> environment() {
        return env;
    }

    /** Name of the profile used when none is given on the command line. */
    public String defaultProfileName() {
        if (env.get("TC_API_PATH") != null) {
            return "env";
        }
        return get("profile", "local");
    }

    /** Resolves a profile by name; {@code null} means the default profile. */
    public Profile profile(String name) {
        String n = name == null ? defaultProfileName() : name;
        if (n.equals("env")) {
            String path = env.get("TC_API_PATH");
            if (path == null) {
                throw new ConfigException("profile 'env' needs TC_API_PATH (and TC_API_ACCESS_ID + TC_API_SECRET_KEY, or TC_API_TOKEN)");
            }
            // No proxy of its own: HTTPS_PROXY and friends of the same environment apply.
            return remote("env", path, env.get("TC_API_ACCESS_ID"), env.get("TC_API_SECRET_KEY"),
                    env.get("TC_API_TOKEN"), env.get("TC_OWNER"), null, null);
        }
        String owner = env.getOrDefault("TC_OWNER", props.getProperty("profile." + n + ".owner"));
        if (n.equals("local")) {
            return Profile.local(owner != null ? owner : "Example Org");
        }
        String path = props.getProperty("profile." + n + ".apiPath");
        if (path == null) {
            throw new ConfigException("unknown profile '" + n + "' (define profile." + n
                    + ".apiPath in " + home.resolve("config.properties") + ")");
        }
        return remote(n, path, props.getProperty("profile." + n + ".accessId"),
                props.getProperty("profile." + n + ".secretKey"), props.getProperty("profile." + n + ".token"), owner,
                blankToNull(props.getProperty("profile." + n + ".proxy")),
                blankToNull(props.getProperty("profile." + n + ".caBundle")));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static Profile remote(String name, String path, String accessId, String secret, String token, String owner,
                                  String proxy, String caBundle) {
        boolean hmac = accessId != null && secret != null;
        if (!hmac && token == null) {
            throw new ConfigException("profile '" + name + "' has no credentials: give an access id and secret key, or a token");
        }
        URI uri;
        try {
            uri = URI.create(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("profile '" + name + "': API path is not a URL: " + path);
        }
        return new Profile(name, false, uri, accessId, secret, token, owner, proxy, caBundle);
    }
}
