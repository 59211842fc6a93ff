package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** profile add/use/show/remove/list and config show as single commands, through the whole command line. */
class ProfileCommandsTest {
    @TempDir
    Path home;

    private final ObjectMapper json = new ObjectMapper();

    private Path userFile() {
        return home.resolve("user-config").resolve("tcbatch").resolve("config.properties");
    }

    private Cli.Result addStaging(Cli cli) {
        return cli.stdin("staging-secret-1\n").run("profile", "add", "staging", "--api-path", "https://staging.example.com/api/",
                "--access-id", "12345", "--owner", "Staging Org", "--production", "false");
    }

    @Test
    void addStoresTheProfileInTheUserFileWithOwnerOnlyPermissions() throws Exception {
        Files.createDirectories(userFile().getParent());
        Files.writeString(userFile(), "# my settings\nchunk.size=1000\n\n# keep me\n");
        Cli cli = new Cli(home);
        Cli.Result r = addStaging(cli);
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Added profile staging (https://staging.example.com/api, hmac, owner Staging Org)"), r.out());
        String text = Files.readString(userFile());
        assertEquals("# my settings\nchunk.size=1000\n\n# keep me\n"
                + "profile.staging.apiPath=https\\://staging.example.com/api\n"
                + "profile.staging.auth=hmac\n"
                + "profile.staging.accessId=12345\n"
                + "profile.staging.secretKey=staging-secret-1\n"
                + "profile.staging.owner=Staging Org\n"
                + "profile.staging.production=false\n", text);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(userFile())));

        JsonNode list = json.readTree(cli.run("--output", "json", "profile", "list").out());
        assertEquals(2, list.size(), list.toString());
        assertEquals("local", list.get(0).get("name").asText());
        assertTrue(list.get(0).get("current").asBoolean());
        assertEquals("built-in sandbox", list.get(0).get("url").asText());
        assertEquals("staging", list.get(1).get("name").asText());
        assertEquals("https://staging.example.com/api", list.get(1).get("url").asText());
        assertEquals("hmac", list.get(1).get("auth").asText());
        assertEquals("Staging Org", list.get(1).get("owner").asText());
        assertFalse(list.get(1).get("production").asBoolean());
        assertFalse(list.get(1).get("current").asBoolean());
    }

    @Test
    void addCreatesTheUserFileAndItsFolderPrivate() throws Exception {
        Cli cli = new Cli(home);
        Cli.Result r = cli.stdin("tok-abc\n").run("--output", "json", "profile", "add", "prod-us", "--api-path",
                "https://tc.example.com/api", "--owner", "Example Org");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = json.readTree(r.out());
        assertEquals("token", doc.get("auth").asText());
        assertTrue(doc.get("production").asBoolean());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(userFile())));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(userFile().getParent())));
        assertTrue(Files.readString(userFile()).contains("profile.prod-us.token=tok-abc\n"));
    }

    @Test
    void addRefusesWhatItCannotStore() throws Exception {
        Cli cli = new Cli(home);
        assertEquals(0, addStaging(cli).code());
        Cli.Result again = addStaging(cli);
        assertEquals(2, again.code());
        assertTrue(again.err().contains("tcbatch: profile 'staging' exists (in " + userFile() + "); add --replace"), again.err());
        Cli.Result replaced = cli.stdin("other\n").run("profile", "add", "staging", "--api-path", "https://s2.example.com/api",
                "--access-id", "9", "--replace");
        assertEquals(0, replaced.code(), replaced.err());
        String text = Files.readString(userFile());
        assertFalse(text.contains("staging-secret-1"), text);
        assertFalse(text.contains("Staging Org"), "a replaced profile keeps none of its old fields: " + text);
    }

    @Test
    void addRefusesBuiltInNamesBadUrlsMissingCredentialsAndProxyPasswords() throws Exception {
        Cli cli = new Cli(home);
        for (String builtIn : new String[] {"local", "env"}) {
            Cli.Result r = cli.stdin("x\n").run("profile", "add", builtIn, "--api-path", "https://x.example.com/api");
            assertEquals(2, r.code());
            assertTrue(r.err().contains("'" + builtIn + "' is a built-in profile"), r.err());
        }
        Cli.Result url = cli.stdin("x\n").run("profile", "add", "bad", "--api-path", "tc.example.com/api");
        assertEquals(2, url.code());
        assertTrue(url.err().contains("--api-path must be an https:// URL"), url.err());
        Cli.Result noId = cli.stdin("x\n").run("profile", "add", "bad", "--api-path", "https://x.example.com/api", "--auth", "hmac");
        assertEquals(2, noId.code());
        assertTrue(noId.err().contains("--auth hmac needs --access-id"), noId.err());
        Cli.Result noSecret = cli.stdin("").run("profile", "add", "bad", "--api-path", "https://x.example.com/api");
        assertEquals(2, noSecret.code());
        assertTrue(noSecret.err().contains("no secret on standard input"), noSecret.err());
        Cli.Result proxyPassword = cli.stdin("x\n").run("profile", "add", "bad", "--api-path", "https://x.example.com/api",
                "--proxy", "http://u:hunter2@proxy:3128");
        assertEquals(2, proxyPassword.code());
        assertFalse(proxyPassword.err().contains("hunter2"), proxyPassword.err());
        assertFalse(Files.exists(userFile()), "nothing written for a refused profile");
    }

    @Test
    void aProfileThatCannotBeUsedIsStillListedAndShownWithWhatIsWrong() throws Exception {
        Files.createDirectories(userFile().getParent());
        Files.writeString(userFile(), "profile=half\nprofile.half.apiPath=https://half.example.com/api\n");
        Cli cli = new Cli(home);
        Cli.Result list = cli.run("profile", "list");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().lines().anyMatch(l -> l.startsWith("*  half") && l.contains("unusable: profile 'half' has no credentials")),
                list.out());
        Cli.Result jobs = cli.run("jobs");
        assertEquals(2, jobs.code(), "a command that needs the profile refuses it");
        assertTrue(jobs.err().startsWith("tcbatch: profile 'half' has no credentials"), jobs.err());
    }

    @Test
    void aProxyPasswordIsAskedForAfterTheSecret() throws Exception {
        Cli cli = new Cli(home);
        Cli.Result r = cli.stdin("the-secret\np@ss word\n").run("profile", "add", "corp", "--api-path", "https://x.example.com/api",
                "--access-id", "7", "--proxy", "http://puser@proxy.corp:3128");
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.readString(userFile()).contains("profile.corp.proxy=http\\://puser\\:p%40ss%20word@proxy.corp\\:3128\n"),
                Files.readString(userFile()));
        Cli.Result show = cli.run("--output", "json", "profile", "show", "corp");
        assertFalse(show.out().contains("p%40ss"), show.out());
        assertTrue(show.out().contains("http://puser:****@proxy.corp:3128"), show.out());
    }

    @Test
    void useMakesAProfileTheDefaultAndShowSaysWhereEachFieldComesFrom() throws Exception {
        Cli cli = new Cli(home);
        assertEquals(0, addStaging(cli).code());
        Cli.Result use = cli.run("profile", "use", "staging");
        assertEquals(0, use.code(), use.err());
        assertTrue(Files.readString(userFile()).contains("\nprofile=staging\n"), Files.readString(userFile()));

        JsonNode show = json.readTree(cli.run("--output", "json", "profile", "show").out());
        assertEquals("staging", show.get("name").asText());
        assertTrue(show.get("current").asBoolean());
        assertEquals("https://staging.example.com/api", field(show, "apiPath").get("value").asText());
        assertEquals(userFile().toString(), field(show, "apiPath").get("source").asText());
        assertEquals("****", field(show, "secretKey").get("value").asText());
        assertTrue(field(show, "token").get("value").isNull());
        assertEquals("false", field(show, "production").get("value").asText());
        assertEquals("5000", field(show, "chunk.size").get("value").asText());
        assertEquals("built-in default (global chunk.size)", field(show, "chunk.size").get("source").asText());

        JsonNode list = json.readTree(cli.run("--output", "json", "profile", "list").out());
        assertFalse(list.get(0).get("current").asBoolean());
        assertTrue(list.get(1).get("current").asBoolean());

        // A nearer layer wins over the user file, and use says so.
        Cli.Result overridden = cli.env("TCBATCH_PROFILE", "local").run("profile", "use", "staging");
        assertEquals(0, overridden.code(), overridden.err());
        assertTrue(overridden.err().contains("tcbatch: note: profile=local from environment TCBATCH_PROFILE wins over the user file"),
                overridden.err());

        Cli.Result unknown = new Cli(home).run("profile", "use", "nope");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("unknown profile 'nope' (profiles: local, staging)"), unknown.err());
    }

    private static JsonNode field(JsonNode show, String name) {
        for (JsonNode f : show.get("fields")) {
            if (f.get("field").asText().equals(name)) {
                return f;
            }
        }
        throw new AssertionError("no field " + name + " in " + show);
    }

    @Test
    void removeAsksForYesRemovesTheLinesAndSaysWhatIsNowTheDefault() throws Exception {
        Cli cli = new Cli(home);
        assertEquals(0, addStaging(cli).code());
        assertEquals(0, cli.run("profile", "use", "staging").code());
        Cli.Result refused = cli.run("profile", "remove", "staging");
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("this needs confirmation; add --yes"), refused.err());

        Cli.Result r = cli.run("profile", "remove", "staging", "--yes");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("Removed profile staging (6 settings) from " + userFile()), r.out());
        assertTrue(r.out().contains("It was the default profile; the default is now local (built-in default)."), r.out());
        assertEquals("", Files.readString(userFile()));
        Cli.Result gone = cli.run("profile", "remove", "staging", "--yes");
        assertEquals(2, gone.code());
        assertTrue(gone.err().contains("unknown profile 'staging'"), gone.err());
        assertEquals(2, cli.run("profile", "remove", "local", "--yes").code());
    }

    @Test
    void configShowListsEveryKeyWithItsSource() throws Exception {
        Cli cli = new Cli(home).env("TCBATCH_POLL_CAP_SECONDS", "7");
        Files.writeString(home.resolve("config.properties"), "chunk.size=1234\n");
        JsonNode rows = json.readTree(cli.run("--output", "json", "config", "show").out());
        assertEquals("1234", row(rows, "chunk.size").get("value").asText());
        assertEquals(home.resolve("config.properties").toString(), row(rows, "chunk.size").get("source").asText());
        assertEquals("7", row(rows, "poll.cap.seconds").get("value").asText());
        assertEquals("environment TCBATCH_POLL_CAP_SECONDS", row(rows, "poll.cap.seconds").get("source").asText());
        assertEquals("6", row(rows, "http.retry.maxAttempts").get("value").asText());
        assertEquals("built-in default", row(rows, "http.retry.maxAttempts").get("source").asText());
        assertTrue(row(rows, "http.caBundle").get("value").isNull());
        assertEquals("local", row(rows, "profile").get("value").asText());

        Cli.Result withOption = new Cli(home).env("TC_API_PATH", "https://env.example.com/api").env("TC_API_TOKEN", "envtok")
                .run("--profile", "env", "--output", "json", "config", "show");
        assertEquals(0, withOption.code(), withOption.err());
        JsonNode r2 = json.readTree(withOption.out());
        assertEquals("option --profile", row(r2, "profile").get("source").asText());
        assertEquals("****", row(r2, "profile.env.token").get("value").asText());
        assertEquals("environment TC_API_TOKEN", row(r2, "profile.env.token").get("source").asText());
        assertFalse(withOption.out().contains("envtok"));

        Cli.Result text = cli.run("config", "show");
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().lines().anyMatch(l -> l.matches("chunk\\.size +1234 +" + java.util.regex.Pattern.quote(
                home.resolve("config.properties").toString()))), text.out());
    }

    private static JsonNode row(JsonNode rows, String key) {
        for (JsonNode r : rows) {
            if (r.get("key").asText().equals(key)) {
                return r;
            }
        }
        throw new AssertionError("no key " + key + " in " + rows);
    }

    @Test
    void aReadableFileWithASecretIsWarnedAboutOnce() throws Exception {
        Cli cli = new Cli(home);
        assertEquals(0, addStaging(cli).code());
        Files.setPosixFilePermissions(userFile(), PosixFilePermissions.fromString("rw-r--r--"));
        Cli.Result r = cli.run("profile", "list");
        assertEquals(0, r.code(), r.err());
        String warning = "tcbatch: warning: " + userFile() + " holds secrets and is readable by others (mode 0644); run: chmod 600 "
                + userFile();
        assertEquals(1, r.err().lines().filter(warning::equals).count(), r.err());

        Files.setPosixFilePermissions(userFile(), PosixFilePermissions.fromString("rw-------"));
        assertFalse(cli.run("profile", "list").err().contains("warning"));

        // A project file with a secret: warned about even when private, since it tends to be committed.
        Path project = home.resolve("project");
        Files.createDirectories(project);
        Files.writeString(project.resolve("tcbatch.properties"), "profile.p.apiPath=https://p.example.com/api\nprofile.p.token=t\n");
        Files.setPosixFilePermissions(project.resolve("tcbatch.properties"), PosixFilePermissions.fromString("rw-------"));
        Cli.Result p = cli.workDir(project).run("profile", "list");
        assertTrue(p.err().contains("tcbatch: warning: " + project.resolve("tcbatch.properties")
                + " holds secrets and lies in the working directory"), p.err());
        assertTrue(p.out().contains("p "), p.out());
    }
}
