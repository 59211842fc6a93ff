package io.tcbatch.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The effective settings of one tcbatch process. Built once at start-up by {@link #load} and
 * passed down by constructor; there is no static instance.
 *
 * <p>Layers, nearest wins:
 * <ol>
 *   <li>built-in defaults (in code: {@link Keys#DEFAULTS} and the callers' fallbacks);</li>
 *   <li>{@code <install>/config/tcbatch.properties} (shipped, no secrets);</li>
 *   <li>the user file {@code $XDG_CONFIG_HOME/tcbatch/config.properties}, or
 *       {@code $HOME/.config/tcbatch/config.properties} without XDG_CONFIG_HOME (where
 *       {@code profile add} and {@code profile use} write);</li>
 *   <li>{@code TCBATCH_HOME/config.properties} (kept for existing installations);</li>
 *   <li>a project file {@code tcbatch.properties} in the working directory;</li>
 *   <li>environment variables: {@code TCBATCH_<KEY>} with dots as underscores for any key
 *       ({@code TCBATCH_CHUNK_SIZE}), and {@code TC_API_PATH}, {@code TC_API_ACCESS_ID} +
 *       {@code TC_API_SECRET_KEY} (or {@code TC_API_TOKEN}) and {@code TC_OWNER}, which define a
 *       profile named {@code env}, chosen by default when {@code TC_API_PATH} is set;</li>
 *   <li>command options ({@code --profile}), added with {@link #withOption}.</li>
 * </ol>
 * Every value is looked up with where it came from ({@link #lookup}), so {@code config show} can
 * say it. Profiles are keys {@code profile.<name>.<field>} ({@link Keys#PROFILE_FIELDS}); {@code local}
 * always exists. A profile's own {@code poll.*} and {@code chunk.*} keys win over the global ones in
 * the view {@link #forProfile} gives.
 */
public final class Settings {
    /** An effective value and where it came from: a file path, {@code environment VAR}, {@code option --x}, or {@code built-in default}. */
    public record Value(String key, String value, String source) {
        @Override
        public String toString() {
            return "Value[key=" + key + ", value=" + Keys.shown(key, value) + ", source=" + source + "]";
        }
    }

    public static final String BUILT_IN = "built-in default";

    private record Layer(Path file, Properties props) {
    }

    private final Path home;
    private final Path installDir;
    private final Path workDir;
    private final Path userFile;
    private final Path projectFile;
    /** Files, farthest first. */
    private final List<Layer> layers;
    private final Map<String, String> env;
    /** Command options, nearest of all. */
    private final Map<String, Value> options;
    /** The profile whose own poll/chunk keys win, or null. */
    private final String scope;

    private Settings(Path home, Path installDir, Path workDir, Path userFile, Path projectFile, List<Layer> layers,
                     Map<String, String> env, Map<String, Value> options, String scope) {
        this.home = home;
        this.installDir = installDir;
        this.workDir = workDir;
        this.userFile = userFile;
        this.projectFile = projectFile;
        this.layers = layers;
        this.env = env;
        this.options = options;
        this.scope = scope;
    }

    /**
     * Without a project file (tests, and callers that have no working directory to speak of).
     *
     * @param env        the process environment (injected so tests use their own)
     * @param installDir where {@code config/} of the install lives; may be null
     */
    public static Settings load(Map<String, String> env, Path installDir) {
        return load(env, installDir, null);
    }

    /**
     * @param workDir where a project file {@code tcbatch.properties} is looked for; null for none
     */
    public static Settings load(Map<String, String> env, Path installDir, Path workDir) {
        String homeVar = env.get("TCBATCH_HOME");
        Path home = homeVar != null && !homeVar.isBlank()
                ? Path.of(homeVar).toAbsolutePath()
                : Path.of(System.getProperty("user.home"), ".tcbatch");
        Path user = userFile(env);
        Path project = workDir == null ? null : workDir.toAbsolutePath().resolve("tcbatch.properties");
        List<Layer> layers = new ArrayList<>();
        for (Path f : candidateFiles(installDir, user, home, project)) {
            Properties p = read(f);
            if (p != null) {
                layers.add(new Layer(f, p));
            }
        }
        return new Settings(home, installDir, workDir, user, project, List.copyOf(layers), env, Map.of(), null);
    }

    /** The settings files looked for, farthest first, whether they exist or not. */
    private static List<Path> candidateFiles(Path installDir, Path user, Path home, Path project) {
        List<Path> files = new ArrayList<>();
        if (installDir != null) {
            files.add(installDir.toAbsolutePath().resolve("config").resolve("tcbatch.properties"));
        }
        files.add(user);
        files.add(home.resolve("config.properties"));
        if (project != null) {
            files.add(project);
        }
        return files;
    }

    /** The user file: {@code $XDG_CONFIG_HOME/tcbatch/config.properties}, else under {@code $HOME/.config}. */
    static Path userFile(Map<String, String> env) {
        String xdg = env.get("XDG_CONFIG_HOME");
        Path base;
        if (xdg != null && !xdg.isBlank()) {
            base = Path.of(xdg);
        } else {
            String h = env.get("HOME");
            base = Path.of(h != null && !h.isBlank() ? h : System.getProperty("user.home"), ".config");
        }
        return base.toAbsolutePath().resolve("tcbatch").resolve("config.properties");
    }

    private static Properties read(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            Properties p = new Properties();
            p.load(in);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read settings file " + file, e);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("settings file " + file + " is malformed (" + e.getMessage() + "); fix or remove the line");
        }
    }

    /** The same inputs read again, for after a file was changed (options and view kept). */
    public Settings reload() {
        Settings fresh = load(env, installDir, workDir);
        return new Settings(fresh.home, installDir, workDir, fresh.userFile, fresh.projectFile, fresh.layers, env, options,
                scope);
    }

    /** These settings with a command option on top, e.g. {@code withOption("profile", "prod", "--profile")}. */
    public Settings withOption(String key, String value, String option) {
        Map<String, Value> o = new LinkedHashMap<>(options);
        if (value == null) {
            o.remove(key);
        } else {
            o.put(key, new Value(key, value, option.startsWith("--") ? "option " + option : option));
        }
        return new Settings(home, installDir, workDir, userFile, projectFile, layers, env, Map.copyOf(o), scope);
    }

    /** A view in which the profile's own {@code profile.<name>.<key>} of {@link Keys#PER_PROFILE} wins over the global key. */
    public Settings forProfile(String name) {
        return new Settings(home, installDir, workDir, userFile, projectFile, layers, env, options, name);
    }

    /** The state directory: journal of runs, sandbox data, history. */
    public Path home() {
        return home;
    }

    public Path installDir() {
        return installDir;
    }

    /** Where {@code profile add} and {@code profile use} write (may not exist yet). */
    public Path userFile() {
        return userFile;
    }

    /** The project file in the working directory (may not exist), or null when none is looked for. */
    public Path projectFile() {
        return projectFile;
    }

    /** Every settings file looked for, farthest first, whether it exists or not. */
    public List<Path> candidateFiles() {
        return candidateFiles(installDir, userFile, home, projectFile);
    }

    /** The settings files that exist, farthest first. */
    public List<Path> files() {
        return layers.stream().map(Layer::file).toList();
    }

    /** A file under the install's {@code config/} folder (may not exist). */
    public Path configFile(String name) {
        Path base = installDir != null ? installDir : Path.of(".");
        return base.resolve("config").resolve(name);
    }

    static String envName(String key) {
        return "TCBATCH_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** The nearest layer's value of {@code key} (the profile's own value first in a {@link #forProfile} view), or null. */
    public Value lookup(String key) {
        if (scope != null && Keys.PER_PROFILE.contains(key)) {
            Value own = rawLookup("profile." + scope + "." + key);
            if (own != null) {
                return own;
            }
        }
        return rawLookup(key);
    }

    private Value rawLookup(String key) {
        Value o = options.get(key);
        if (o != null) {
            return o;
        }
        String envKey = envName(key);
        String v = env.get(envKey);
        if (v != null && !v.isBlank()) {
            return new Value(key, v, "environment " + envKey);
        }
        for (int i = layers.size() - 1; i >= 0; i--) {
            String p = layers.get(i).props().getProperty(key);
            if (p != null) {
                return new Value(key, p, layers.get(i).file().toString());
            }
        }
        return null;
    }

    /** The effective value of {@code key}: a layer's, else the built-in default (which may be a null value). */
    public Value effective(String key) {
        Value v = key.equals("profile") ? profileSetting() : lookup(key);
        return v != null ? v : new Value(key, Keys.DEFAULTS.get(key), BUILT_IN);
    }

    public String get(String key, String fallback) {
        Value v = lookup(key);
        return v != null ? v.value() : fallback;
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
        return parseBoolean(key, v);
    }

    static boolean parseBoolean(String key, String v) {
        switch (v.trim().toLowerCase(Locale.ROOT)) {
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
        Value v = profileSetting();
        return v == null ? "local" : v.value();
    }

    /** The {@code profile} setting: an option, then TCBATCH_PROFILE, then TC_API_PATH (profile env), then the files. */
    private Value profileSetting() {
        Value o = options.get("profile");
        if (o != null) {
            return o;
        }
        String named = env.get(envName("profile"));
        if (named != null && !named.isBlank()) {
            return new Value("profile", named, "environment " + envName("profile"));
        }
        if (env.get("TC_API_PATH") != null) {
            return new Value("profile", "env", "environment TC_API_PATH");
        }
        return rawLookup("profile");
    }

    /**
     * Every profile that is defined anywhere: {@code local}, {@code env} when {@code TC_API_PATH}
     * is set, then the others by name.
     */
    public List<String> profileNames() {
        Set<String> names = new LinkedHashSet<>();
        names.add("local");
        if (env.get("TC_API_PATH") != null) {
            names.add("env");
        }
        Set<String> others = new TreeSet<>();
        for (Layer l : layers) {
            for (String key : l.props().stringPropertyNames()) {
                String n = profileOf(key);
                if (n != null && l.props().getProperty(key) != null) {
                    others.add(n);
                }
            }
        }
        names.addAll(others);
        return List.copyOf(names);
    }

    /** True when some layer defines {@code profile.<name>.apiPath} (or the name is local or env). */
    public boolean hasProfile(String name) {
        if (name.equals("local")) {
            return true;
        }
        if (name.equals("env")) {
            return env.get("TC_API_PATH") != null;
        }
        return rawLookup("profile." + name + ".apiPath") != null;
    }

    /** The profile a key {@code profile.<name>.<field>} belongs to, or null for any other key. */
    public static String profileOf(String key) {
        if (!key.startsWith("profile.")) {
            return null;
        }
        String rest = key.substring("profile.".length());
        for (String f : Keys.PROFILE_FIELDS) {
            if (rest.endsWith("." + f) && rest.length() > f.length() + 1) {
                String n = rest.substring(0, rest.length() - f.length() - 1);
                return n.contains(".") ? null : n;
            }
        }
        return null;
    }

    /** One field of a profile, {@code profile.<name>.<field>}, with where it came from; for {@code env}, its TC_* variables. */
    public Value profileField(String name, String field) {
        if (field.equals("owner")) {
            String o = env.get("TC_OWNER");
            if (o != null) {
                return new Value("profile." + name + ".owner", o, "environment TC_OWNER");
            }
        }
        if (name.equals("env")) {
            String var = switch (field) {
                case "apiPath" -> "TC_API_PATH";
                case "accessId" -> "TC_API_ACCESS_ID";
                case "secretKey" -> "TC_API_SECRET_KEY";
                case "token" -> "TC_API_TOKEN";
                default -> null;
            };
            if (var != null) {
                String v = env.get(var);
                return v == null ? null : new Value("profile.env." + field, v, "environment " + var);
            }
        }
        // The profile's own value only: for poll/chunk keys the global value is the caller's to add (and to label).
        Value v = rawLookup("profile." + name + "." + field);
        if (v == null || v.value() == null || v.value().isBlank()) {
            return null;
        }
        return new Value(v.key(), v.value().trim(), v.source());
    }

    /**
     * Every key to show in {@code config show}: the known global keys (with built-in defaults),
     * then every other key any layer sets, sorted. Per-profile keys are shown as the current profile
     * sees them.
     */
    public List<Value> all() {
        List<Value> out = new ArrayList<>();
        for (String key : Keys.DEFAULTS.keySet()) {
            out.add(effective(key));
        }
        Set<String> more = new TreeSet<>();
        for (Layer l : layers) {
            more.addAll(l.props().stringPropertyNames());
        }
        more.removeAll(Keys.DEFAULTS.keySet());
        for (String key : more) {
            out.add(effective(key));
        }
        return out;
    }

    /**
     * Warnings about files that hold a secret: readable by group or others, or a project file in the
     * working directory (which tends to be committed). One line each, in the form {@code tcbatch: warning: …}.
     */
    public List<String> secretFileWarnings() {
        List<String> out = new ArrayList<>();
        for (Layer l : layers) {
            boolean secret = l.props().stringPropertyNames().stream()
                    .anyMatch(k -> Keys.mayHoldSecret(k, l.props().getProperty(k)));
            if (!secret) {
                continue;
            }
            String mode = FileModes.readableByOthers(l.file());
            if (mode != null) {
                out.add("tcbatch: warning: " + l.file() + " holds secrets and is readable by others (mode " + mode
                        + "); run: chmod 600 " + l.file());
            }
            if (l.file().equals(projectFile)) {
                out.add("tcbatch: warning: " + l.file() + " holds secrets and lies in the working directory, where it"
                        + " is easily committed; keep secrets in " + userFile + " (bin/tcbatch profile add)");
            }
        }
        return out;
    }

    /** Resolves a profile by name; {@code null} means the default profile. */
    public Profile profile(String name) {
        String n = name == null ? defaultProfileName() : name;
        String owner = text(profileField(n, "owner"));
        if (n.equals("local")) {
            return Profile.local(owner != null ? owner : "Example Org");
        }
        String path = text(profileField(n, "apiPath"));
        if (path == null) {
            if (n.equals("env")) {
                throw new ConfigException("profile 'env' needs TC_API_PATH (and TC_API_ACCESS_ID + TC_API_SECRET_KEY, or TC_API_TOKEN)");
            }
            throw new ConfigException("unknown profile '" + n + "' (profiles: " + String.join(", ", profileNames())
                    + "); add it with: bin/tcbatch profile add " + n + " --api-path URL");
        }
        String accessId = text(profileField(n, "accessId"));
        String secret = text(profileField(n, "secretKey"));
        String token = text(profileField(n, "token"));
        String auth = text(profileField(n, "auth"));
        if (auth == null) {
            auth = accessId != null && secret != null ? Profile.HMAC : Profile.TOKEN;
            if (accessId == null || secret == null) {
                if (token == null) {
                    throw new ConfigException("profile '" + n + "' has no credentials: give an access id and secret key, or a token"
                            + " (bin/tcbatch profile add " + n + " --replace …)");
                }
            }
        } else {
            auth = auth.toLowerCase(Locale.ROOT);
            if (auth.equals(Profile.HMAC) && (accessId == null || secret == null)) {
                throw new ConfigException("profile '" + n + "' uses hmac but has no " + (accessId == null ? "access id" : "secret key")
                        + "; set profile." + n + (accessId == null ? ".accessId" : ".secretKey") + ", or use auth=token with a token");
            } else if (auth.equals(Profile.TOKEN) && token == null) {
                throw new ConfigException("profile '" + n + "' uses token but has no token; set profile." + n + ".token");
            } else if (!auth.equals(Profile.HMAC) && !auth.equals(Profile.TOKEN)) {
                throw new ConfigException("profile '" + n + "': auth must be hmac or token, not '" + auth + "'");
            }
        }
        Value prod = profileField(n, "production");
        boolean production = prod == null || parseBoolean("profile." + n + ".production", prod.value());
        URI uri;
        try {
            uri = URI.create(path.endsWith("/") ? path.substring(0, path.length() - 1) : path);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("profile '" + n + "': API path is not a URL: " + Profile.maskedProxy(path));
        }
        // The env profile has no proxy of its own: HTTPS_PROXY and friends of the same environment apply.
        String proxy = n.equals("env") ? null : text(profileField(n, "proxy"));
        String ca = n.equals("env") ? null : text(profileField(n, "caBundle"));
        return new Profile(n, false, uri, accessId, secret, token, owner, proxy, ca, auth, production);
    }

    private static String text(Value v) {
        return v == null || v.value() == null || v.value().isBlank() ? null : v.value().trim();
    }

    @Override
    public String toString() {
        return "Settings[home=" + home + ", files=" + files() + ", profile=" + defaultProfileName() + "]";
    }
}
