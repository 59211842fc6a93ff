package io.tcbatch.cli;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.tcbatch.batch.UsageException;
import io.tcbatch.config.ConfigException;
import io.tcbatch.config.FileModes;
import io.tcbatch.config.Keys;
import io.tcbatch.config.Profile;
import io.tcbatch.config.PropertiesEditor;
import io.tcbatch.config.Settings;
import io.tcbatch.render.Output;
import io.tcbatch.shell.ProfileOps;
import io.tcbatch.shell.Vocab;

/**
 * The profile commands and {@code config show} over one session: they read the layered settings,
 * write the user file (line by line, comments kept, mode 0600) and, in the shell, switch the
 * running session. Secrets are asked for, never taken as options, and never shown.
 */
final class Profiles implements ProfileOps {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");
    private static final String NOT_SET = "(not set)";

    private final Session session;

    Profiles(Session session) {
        this.session = session;
    }

    private Settings settings() {
        return session.settings();
    }

    private Output out() {
        return session.output();
    }

    // ---- profile list

    @Override
    public void list() {
        String current = session.currentProfileName();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (String name : settings().profileNames()) {
            rows.add(summary(name, name.equals(current)));
        }
        if (out().json()) {
            out().printJson(rows);
        } else {
            List<String[]> table = new ArrayList<>();
            table.add(new String[] {"", "NAME", "URL", "AUTH", "OWNER", ""});
            for (Map<String, Object> r : rows) {
                String note = Boolean.TRUE.equals(r.get("production")) ? "PROD" : "";
                if (r.get("problem") != null) {
                    note = (note.isEmpty() ? "" : note + "  ") + "unusable: " + r.get("problem");
                }
                table.add(new String[] {Boolean.TRUE.equals(r.get("current")) ? "*" : "", (String) r.get("name"),
                        (String) r.get("url"), String.valueOf(r.get("auth")), r.get("owner") == null ? "-" : (String) r.get("owner"), note});
            }
            out().text(table(table));
        }
        session.exitCode(0);
    }

    private Map<String, Object> summary(String name, boolean current) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("name", name);
        r.put("current", current);
        String problem = null;
        Profile p = null;
        try {
            p = settings().profile(name);
        } catch (ConfigException e) {
            problem = e.getMessage();
        }
        if (p != null) {
            r.put("url", p.local() ? "built-in sandbox" : p.apiPath().toString());
            r.put("auth", p.auth());
            r.put("owner", p.defaultOwner());
            r.put("production", p.production());
        } else {
            r.put("url", value(settings().profileField(name, "apiPath"), "-"));
            r.put("auth", value(settings().profileField(name, "auth"), "-"));
            r.put("owner", value(settings().profileField(name, "owner"), null));
            r.put("production", productionOf(name));
        }
        r.put("problem", problem);
        return r;
    }

    private boolean productionOf(String name) {
        if (name.equals("local")) {
            return false;
        }
        Settings.Value v = settings().profileField(name, "production");
        try {
            return v == null || Vocab.pick(List.of("true", "false"), v.value(), "production").equals("true");
        } catch (UsageException e) {
            return true;
        }
    }

    private static String value(Settings.Value v, String fallback) {
        return v == null ? fallback : v.value();
    }

    // ---- profile use

    @Override
    public void use(String name) {
        checkName(name, false);
        // Resolved first: an unknown or unusable profile is refused and nothing is written.
        settings().profile(name);
        PropertiesEditor file = PropertiesEditor.open(settings().userFile());
        file.set("profile", name).save();
        session.reloadSettings();
        // What a later command without --profile will use: the user file may be overridden by a nearer layer.
        Settings.Value effective = settings().withOption("profile", null, "").effective("profile");
        boolean switched = false;
        if (session.prompter().interactive()) {
            session.switchProfile(name);
            switched = true;
        }
        if (out().json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("profile", name);
            doc.put("file", settings().userFile().toString());
            doc.put("switched", switched);
            doc.put("defaultProfile", effective.value());
            doc.put("defaultSource", effective.source());
            out().printJson(doc);
        } else {
            StringBuilder b = new StringBuilder("Default profile: " + name + " (written to " + settings().userFile() + ").\n");
            if (switched) {
                b.append("Switched this shell to ").append(name).append(".\n");
            }
            out().text(b.toString());
        }
        if (!effective.value().equals(name)) {
            out().err().println("tcbatch: note: profile=" + effective.value() + " from " + effective.source()
                    + " wins over the user file; commands without --profile still use " + effective.value());
        }
        session.exitCode(0);
    }

    // ---- profile add

    @Override
    public void add(NewProfile np) {
        String name = np.name();
        checkName(name, true);
        PropertiesEditor file = PropertiesEditor.open(settings().userFile());
        Settings.Value existing = settings().profileField(name, "apiPath");
        boolean inUserFile = hasKeys(file, name);
        if ((existing != null || inUserFile) && !np.replace()) {
            throw new UsageException("profile '" + name + "' exists" + (existing != null ? " (in " + existing.source() + ")" : "")
                    + "; add --replace to overwrite it, or choose another name");
        }
        String apiPath = checkUrl(np.apiPath());
        String auth = np.auth() != null ? Vocab.pick(Vocab.AUTH_MODES, np.auth(), "--auth")
                : np.accessId() != null ? Profile.HMAC : Profile.TOKEN;
        if (auth.equals(Profile.HMAC) && (np.accessId() == null || np.accessId().isBlank())) {
            throw new UsageException("--auth hmac needs --access-id ID (the secret key is asked for)");
        }
        if (auth.equals(Profile.TOKEN) && np.accessId() != null) {
            throw new UsageException("--access-id is for --auth hmac; leave it out for a token");
        }
        String proxy = np.proxy() == null ? null : checkProxy(np.proxy());
        String ca = null;
        if (np.caBundle() != null) {
            Path p = Path.of(np.caBundle()).toAbsolutePath();
            if (!Files.isReadable(p)) {
                throw new UsageException("--ca-bundle " + np.caBundle() + " cannot be read; give a PEM file of CA certificates");
            }
            ca = p.toString();
        }
        // Asked only once everything else is known to be right, so nobody types a secret for nothing.
        String secret = session.prompter().secret(auth.equals(Profile.HMAC) ? "Secret key for " + name + ": "
                : "API token for " + name + ": ");
        if (proxy != null && URI.create(proxy).getUserInfo() != null) {
            String password = session.prompter().secret("Proxy password for " + URI.create(proxy).getUserInfo() + ": ");
            URI u = URI.create(proxy);
            proxy = u.getScheme() + "://" + u.getRawUserInfo() + ":"
                    + URLEncoder.encode(password, StandardCharsets.UTF_8).replace("+", "%20") + "@" + u.getRawAuthority()
                    .substring(u.getRawAuthority().indexOf('@') + 1) + (u.getRawPath() == null ? "" : u.getRawPath());
        }
        int replaced = file.remove(k -> name.equals(Settings.profileOf(k)));
        String prefix = "profile." + name + ".";
        file.set(prefix + "apiPath", apiPath);
        file.set(prefix + "auth", auth);
        if (auth.equals(Profile.HMAC)) {
            file.set(prefix + "accessId", np.accessId().trim());
            file.set(prefix + "secretKey", secret);
        } else {
            file.set(prefix + "token", secret);
        }
        if (np.owner() != null) {
            file.set(prefix + "owner", np.owner());
        }
        if (proxy != null) {
            file.set(prefix + "proxy", proxy);
        }
        if (ca != null) {
            file.set(prefix + "caBundle", ca);
        }
        if (np.production() != null) {
            file.set(prefix + "production", String.valueOf(np.production()));
        }
        file.save();
        session.reloadSettings();
        boolean production = np.production() == null || np.production();
        if (session.prompter().interactive() && name.equals(session.currentProfileName())) {
            // Replaced the profile in use: reconnect with the new URL and credentials.
            session.switchProfile(name);
        }
        Settings.Value nowFrom = settings().profileField(name, "apiPath");
        if (out().json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("profile", name);
            doc.put("file", settings().userFile().toString());
            doc.put("apiPath", apiPath);
            doc.put("auth", auth);
            doc.put("owner", np.owner());
            doc.put("production", production);
            doc.put("replaced", replaced > 0);
            out().printJson(doc);
        } else {
            out().text("Added profile " + name + " (" + apiPath + ", " + auth + (np.owner() == null ? "" : ", owner " + np.owner())
                    + (production ? ", PROD" : "") + ") to " + settings().userFile()
                    + modeNote(settings().userFile()) + ".\nUse it with: profile use " + name + "  (or --profile " + name + ")\n");
        }
        if (nowFrom != null && !nowFrom.source().equals(settings().userFile().toString())) {
            out().err().println("tcbatch: note: profile." + name + ".apiPath from " + nowFrom.source()
                    + " wins over the user file; remove it there to use what was just added");
        }
        session.exitCode(0);
    }

    private static String modeNote(Path file) {
        String mode = FileModes.mode(file);
        return mode == null ? "" : " (mode " + mode + ")";
    }

    private static boolean hasKeys(PropertiesEditor file, String name) {
        return file.keys().stream().anyMatch(k -> name.equals(Settings.profileOf(k)));
    }

    private static void checkName(String name, boolean adding) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new UsageException("a profile name is letters, digits, - and _ (starting with a letter or digit), not '"
                    + name + "'");
        }
        if (adding && (name.equals("local") || name.equals("env"))) {
            throw new UsageException("'" + name + "' is a built-in profile (" + (name.equals("local") ? "the sandbox"
                    : "the TC_* environment variables") + "); choose another name");
        }
    }

    private static String checkUrl(String url) {
        String u = url == null ? "" : url.trim();
        try {
            URI uri = new URI(u);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
            if ((scheme.equals("https") || scheme.equals("http")) && uri.getHost() != null && uri.getUserInfo() == null
                    && uri.getQuery() == null && uri.getFragment() == null) {
                return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
            }
        } catch (java.net.URISyntaxException e) {
            // reported below
        }
        throw new UsageException("--api-path must be an https:// URL of the API, such as https://app.threatconnect.com/api, not '"
                + Profile.maskedProxy(u) + "'");
    }

    private static String checkProxy(String proxy) {
        URI u;
        try {
            u = new URI(proxy.trim());
        } catch (java.net.URISyntaxException e) {
            throw new UsageException("--proxy is http://[user@]host:port, not '" + Profile.maskedProxy(proxy) + "'");
        }
        if (!"http".equalsIgnoreCase(u.getScheme()) || u.getHost() == null) {
            throw new UsageException("--proxy is http://[user@]host:port, not '" + Profile.maskedProxy(proxy) + "'");
        }
        if (u.getUserInfo() != null && u.getUserInfo().contains(":")) {
            throw new UsageException("--proxy must not hold a password (it would be kept in the shell history): give"
                    + " http://user@host:port and the password is asked for");
        }
        return proxy.trim();
    }

    // ---- profile show

    @Override
    public void show(String given) {
        String name = given != null ? given : session.currentProfileName();
        if (!settings().hasProfile(name)) {
            settings().profile(name); // the standard "unknown profile" message
        }
        String problem = null;
        try {
            settings().profile(name);
        } catch (ConfigException e) {
            problem = e.getMessage();
        }
        List<Map<String, Object>> fields = new ArrayList<>();
        for (String f : Keys.PROFILE_FIELDS) {
            fields.add(field(name, f));
        }
        if (out().json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("name", name);
            doc.put("current", name.equals(session.currentProfileName()));
            doc.put("problem", problem);
            doc.put("fields", fields);
            out().printJson(doc);
        } else {
            List<String[]> t = new ArrayList<>();
            t.add(new String[] {"FIELD", "VALUE", "SOURCE"});
            for (Map<String, Object> f : fields) {
                t.add(new String[] {(String) f.get("field"), f.get("value") == null ? NOT_SET : (String) f.get("value"),
                        (String) f.get("source")});
            }
            out().text("Profile " + name + (name.equals(session.currentProfileName()) ? " (current)" : "") + "\n" + table(t)
                    + (problem == null ? "" : "Unusable: " + problem + "\n"));
        }
        session.exitCode(0);
    }

    private Map<String, Object> field(String name, String f) {
        Settings.Value v = settings().profileField(name, f);
        String value = v == null ? null : Keys.shown(f, v.value());
        String source = v == null ? "-" : v.source();
        if (name.equals("local")) {
            switch (f) {
                case "apiPath" -> {
                    value = "built-in sandbox";
                    source = Settings.BUILT_IN;
                }
                case "auth" -> {
                    value = Profile.HMAC;
                    source = "generated for the sandbox's data directory";
                }
                case "production" -> {
                    value = "false";
                    source = Settings.BUILT_IN;
                }
                case "owner" -> {
                    if (v == null) {
                        value = "Example Org";
                        source = Settings.BUILT_IN;
                    }
                }
                default -> {
                }
            }
        } else if (v == null && f.equals("auth")) {
            Settings.Value id = settings().profileField(name, "accessId");
            Settings.Value key = settings().profileField(name, "secretKey");
            value = id != null && key != null ? Profile.HMAC : Profile.TOKEN;
            source = "inferred from the credentials given";
        } else if (v == null && f.equals("production")) {
            value = "true";
            source = Settings.BUILT_IN + " (every profile but local)";
        }
        if (v == null && Keys.PER_PROFILE.contains(f)) {
            Settings.Value global = settings().effective(f);
            value = global.value();
            source = global.source() + " (global " + f + ")";
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("field", f);
        m.put("value", value);
        m.put("source", source);
        return m;
    }

    // ---- profile remove

    @Override
    public void remove(String name, boolean yes) {
        checkName(name, false);
        if (name.equals("local") || name.equals("env")) {
            throw new UsageException("'" + name + "' is a built-in profile and cannot be removed");
        }
        Path user = settings().userFile();
        PropertiesEditor file = PropertiesEditor.open(user);
        if (!hasKeys(file, name)) {
            Settings.Value elsewhere = settings().profileField(name, "apiPath");
            if (elsewhere != null) {
                throw new UsageException("profile '" + name + "' is not in the user file " + user + " but in "
                        + elsewhere.source() + "; remove its lines there");
            }
            settings().profile(name); // the standard "unknown profile" message
        }
        session.prompter().confirm("Remove profile '" + name + "' (its URL and credentials) from " + user, yes);
        int removed = file.remove(k -> name.equals(Settings.profileOf(k)));
        boolean wasDefault = name.equals(file.get("profile"));
        if (wasDefault) {
            file.remove(k -> k.equals("profile"));
        }
        file.save();
        boolean wasCurrent = name.equals(session.currentProfileName());
        session.reloadSettings();
        Settings.Value now = settings().withOption("profile", null, "").effective("profile");
        if (wasCurrent && session.prompter().interactive()) {
            try {
                session.switchProfile(null);
            } catch (ConfigException unusable) {
                session.switchProfile("local");
            }
        }
        if (out().json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("profile", name);
            doc.put("file", user.toString());
            doc.put("removedKeys", removed);
            doc.put("defaultProfile", now.value());
            doc.put("defaultSource", now.source());
            out().printJson(doc);
        } else {
            StringBuilder b = new StringBuilder("Removed profile " + name + " (" + removed + " settings) from " + user + ".\n");
            if (wasDefault || wasCurrent) {
                b.append("It was the ").append(wasDefault ? "default" : "current").append(" profile; the default is now ")
                        .append(now.value()).append(" (").append(now.source()).append(").\n");
            }
            out().text(b.toString());
        }
        session.exitCode(0);
    }

    // ---- config show

    @Override
    public void configShow() {
        String current = session.currentProfileName();
        Settings view = settings().forProfile(current);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Settings.Value v : view.all()) {
            rows.add(row(v.key(), Keys.shown(v.key(), v.value()), v.source()));
        }
        if (settings().environment().get("TC_API_PATH") != null) {
            for (String f : List.of("apiPath", "accessId", "secretKey", "token", "owner")) {
                Settings.Value v = settings().profileField("env", f);
                if (v != null) {
                    rows.add(row(v.key(), Keys.shown(v.key(), v.value()), v.source()));
                }
            }
        }
        if (out().json()) {
            out().printJson(rows);
        } else {
            StringBuilder b = new StringBuilder("Settings files, nearest last (profile " + current + "):\n");
            for (Path f : settings().candidateFiles()) {
                b.append("  ").append(f).append(Files.isRegularFile(f) ? "" : "  (none)").append('\n');
            }
            b.append('\n');
            List<String[]> t = new ArrayList<>();
            t.add(new String[] {"KEY", "VALUE", "SOURCE"});
            for (Map<String, Object> r : rows) {
                t.add(new String[] {(String) r.get("key"), r.get("value") == null ? NOT_SET : (String) r.get("value"),
                        (String) r.get("source")});
            }
            b.append(table(t));
            out().text(b.toString());
        }
        session.exitCode(0);
    }

    private static Map<String, Object> row(String key, String value, String source) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", key);
        m.put("value", value);
        m.put("source", source);
        return m;
    }

    /** Left-aligned columns, two spaces apart; the first row is the header. */
    static String table(List<String[]> rows) {
        int cols = rows.get(0).length;
        int[] w = new int[cols];
        for (String[] r : rows) {
            for (int i = 0; i < cols; i++) {
                w[i] = Math.max(w[i], r[i] == null ? 0 : r[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < cols; i++) {
                String c = r[i] == null ? "" : r[i];
                line.append(i == cols - 1 ? c : String.format("%-" + Math.max(1, w[i]) + "s  ", c));
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }
}
