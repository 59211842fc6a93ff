package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.config.Settings;
import io.tcbatch.render.Output;

/** The staged job as single commands: each is a new process, so the draft file carries it across. */
class DraftCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path home;

    @Test
    void stagedJobIsShownExactlyThenCommittedAndRemoved() throws Exception {
        Cli cli = new Cli(home);
        Cli.Result started = cli.run("batch", "new", "--owner", "Example Org", "--tag-write-type", "append");
        assertEquals(0, started.code(), started.err());
        assertTrue(started.out().contains("Staged job started: owner 'Example Org', Create, V2"), started.out());
        Cli.Result set = cli.run("batch", "set", "attributeWriteType", "append");
        assertEquals(0, set.code(), set.err());
        Cli.Result up = cli.run("batch", "upload", "dsl-examples/samples/quickstart.json", "dsl-examples/samples/iocs.txt");
        assertEquals(0, up.code(), up.err());
        assertTrue(up.out().contains("2 files"), up.out());

        Cli.Result show = cli.run("--output", "json", "batch", "show");
        assertEquals(1, show.code(), "iocs.txt has one item the checks reject: " + show.err());
        JsonNode doc = JSON.readTree(show.out());
        // The very body the client sends (E1): field names and only the options that were set.
        assertEquals(JSON.readTree("{\"version\":\"V2\",\"owner\":\"Example Org\",\"haltOnError\":false,"
                + "\"action\":\"Create\",\"attributeWriteType\":\"Append\",\"tagWriteType\":\"Append\"}"), doc.get("config"));
        assertEquals(2, doc.get("files").size());
        assertEquals(Path.of("dsl-examples/samples/quickstart.json").toAbsolutePath().toString(),
                doc.at("/files/0/path").asText());
        assertTrue(doc.at("/files/0/change").isNull());
        Cli.Result validate = cli.run("--output", "json", "validate", "dsl-examples/samples/quickstart.json",
                "dsl-examples/samples/iocs.txt");
        JsonNode plan = JSON.readTree(validate.out());
        for (String k : List.of("read", "duplicates", "rejected", "submitted")) {
            assertEquals(plan.get(k), doc.at("/plan/" + k), k);
        }
        assertEquals(plan.get("jobs"), doc.at("/plan/jobs"));
        assertFalse(Files.exists(home.resolve("runs")), "show sends nothing and records no run");

        Cli.Result commit = cli.run("--output", "json", "batch", "commit");
        assertEquals(1, commit.code(), commit.err());
        JsonNode summary = JSON.readTree(commit.out());
        assertEquals("Example Org", summary.get("owner").asText());
        assertEquals(doc.at("/plan/submitted").asLong(), summary.at("/totals/submitted").asLong());
        assertEquals(0, summary.at("/totals/failed").asLong());
        assertTrue(commit.err().contains("note: the staged job was sent (run "), commit.err());
        assertFalse(commit.err().contains("tcbatch: the staged job"), "information, not an error: " + commit.err());
        assertFalse(Files.exists(home.resolve(Drafts.FILE)));
        // The run's record, from the journal (the database, since issue 7).
        io.tcbatch.journal.RunRecord.JobOptions options;
        try (var journal = new io.tcbatch.journal.Journal(home, JSON, Clock.systemUTC())) {
            options = journal.recent(1).get(0).options();
        }
        assertEquals("Append", options.attributeWriteType(), options.toString());
        assertEquals("Append", options.tagWriteType());
    }

    @Test
    void showInTextSaysTheConfigTheFilesAndThePlan() throws Exception {
        withDrafts((drafts, out) -> {
            drafts.draftNew(Map.of("owner", "Example Org", "security-label-write-type", "Replace"), false);
            drafts.draftShow();
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("No files yet: batch upload FILE"), out.toString());
            drafts.draftUpload(List.of(Path.of("dsl-examples/samples/quickstart.json")));
            out.reset();
            drafts.draftShow();
            String text = out.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("\"securityLabelWriteType\" : \"Replace\""), text);
            assertTrue(text.contains(Path.of("dsl-examples/samples/quickstart.json").toAbsolutePath() + " ("), text);
            assertTrue(text.contains("read 10, duplicates 0, rejected 0"), text);
            assertTrue(text.contains("1 Batch V2 job, nothing sent"), text);
            return null;
        });
    }

    @Test
    void withoutAStagedJobEverySubcommandSaysHowToStartOne() {
        Cli cli = new Cli(home);
        for (List<String> args : List.of(List.of("batch", "set", "owner", "X"), List.of("batch", "upload", "x.json"),
                List.of("batch", "show"), List.of("batch", "commit"), List.of("batch", "discard"))) {
            Cli.Result r = cli.run(args.toArray(new String[0]));
            assertEquals(2, r.code(), args + ": " + r.err());
            assertTrue(r.err().contains("tcbatch: no staged job: start one with batch new"), args + ": " + r.err());
        }
    }

    @Test
    void aSecondNewIsRefusedUnlessReplaced() throws Exception {
        Cli cli = new Cli(home);
        assertEquals(0, cli.run("batch", "new", "--owner", "Example Org").code());
        cli.run("batch", "upload", "dsl-examples/samples/quickstart.json", "dsl-examples/samples/iocs.txt");
        Cli.Result again = cli.run("batch", "new");
        assertEquals(2, again.code());
        assertTrue(again.err().contains("a staged job exists (owner Example Org, 2 files): batch show, batch commit, or"
                + " batch discard first"), again.err());
        Cli.Result replaced = cli.run("--output", "json", "batch", "new", "--replace", "--owner", "Other Org", "--action",
                "delete", "--halt-on-error");
        assertEquals(0, replaced.code(), replaced.err());
        JsonNode d = JSON.readTree(replaced.out());
        assertEquals("Other Org", d.get("owner").asText());
        assertEquals("Delete", d.get("action").asText());
        assertTrue(d.get("haltOnError").asBoolean());
        assertEquals(0, d.get("files").size());
    }

    /** The draft operations over a session of their own, without starting Spring: fast, for the checks. */
    private <T> T withDrafts(DraftTask<T> task) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             Session session = new Session(Settings.load(Map.of("TCBATCH_HOME", home.toString(),
                     "XDG_CONFIG_HOME", home.resolve("user-config").toString()), null),
                     new Output(Output.Mode.TEXT, false, o, o, false), null, Clock.systemUTC())) {
            return task.run(new Drafts(session), out);
        }
    }

    private interface DraftTask<T> {
        T run(Drafts drafts, ByteArrayOutputStream out) throws Exception;
    }

    private static String refusal(Executable e) {
        return assertThrows(RuntimeException.class, e).getMessage();
    }

    @Test
    void keysAndValuesAreCheckedAndNothingChangesOnAMistake() throws Exception {
        withDrafts((drafts, out) -> {
            drafts.draftNew(Map.of("owner", "Example Org"), false);
            assertEquals("unknown key 'atribute-write-type' (did you mean 'attribute-write-type'?); the keys are owner,"
                    + " action, version, attribute-write-type, tag-write-type, security-label-write-type, file-merge-mode,"
                    + " hash-collision-mode, halt-on-error", refusal(() -> drafts.draftSet("atribute-write-type", "Append")));
            assertEquals("hash-collision-mode must be one of FavorExisting, FavorIncoming, IgnoreExisting,"
                    + " IgnoreIncoming, Split, not 'Favor'", refusal(() -> drafts.draftSet("hash-collision-mode", "Favor")));
            assertEquals("--action must be one of Create, Delete (did you mean Create?)",
                    refusal(() -> drafts.draftNew(Map.of("action", "Crate"), true)));

            drafts.draftSet("fileMergeMode", "merge");
            assertEquals("a V1 job has no fileMergeMode (V2 only); use a V2 job or leave it out",
                    refusal(() -> drafts.draftSet("version", "V1")));
            JsonNode d = JSON.readTree(Files.readString(drafts.file()));
            assertEquals("V2", d.get("version").asText(), "a refused value is not saved");
            assertEquals("Merge", d.get("fileMergeMode").asText());
            assertEquals("Example Org", d.get("owner").asText());

            assertEquals("no-such.json: no such file", refusal(() -> drafts.draftUpload(
                    List.of(Path.of("dsl-examples/samples/quickstart.json"), Path.of("no-such.json")))));
            assertEquals(0, JSON.readTree(Files.readString(drafts.file())).get("files").size(),
                    "one bad name adds none of the files");
            return null;
        });
    }

    @Test
    void aFileChangedSinceItWasStagedIsSaidByShowAndAGoneOneStopsTheCommit() throws Exception {
        Path feed = home.resolve("feed.txt");
        Files.writeString(feed, "192.0.2.1\n");
        withDrafts((drafts, out) -> {
            drafts.draftNew(Map.of("owner", "Example Org"), false);
            drafts.draftUpload(List.of(feed));
            Files.writeString(feed, "192.0.2.1\n192.0.2.2\n");
            drafts.draftShow();
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("changed since it was staged (10 bytes"), out.toString());
            Files.delete(feed);
            assertEquals(feed + ": no such file (it was staged, then moved or deleted); nothing was sent; the staged job is"
                    + " kept (batch show, batch discard)", refusal(() -> drafts.draftCommit(true)));
            assertTrue(Files.exists(drafts.file()));
            return null;
        });
    }

    @Test
    void aCorruptDraftIsOneLineNamingTheFileAndDiscardRemovesIt() throws Exception {
        Files.createDirectories(home);
        Files.writeString(home.resolve(Drafts.FILE), "{\"owner\": \"Example Org\", \"files\": [");
        Cli cli = new Cli(home);
        Cli.Result show = cli.run("batch", "show");
        assertEquals(2, show.code());
        String[] lines = show.err().strip().split("\n");
        assertEquals(1, lines.length, show.err());
        assertTrue(lines[0].startsWith("tcbatch: the staged job file " + home.resolve(Drafts.FILE) + " cannot be read ("),
                show.err());
        assertTrue(lines[0].endsWith("remove it with: batch discard"), show.err());
        Cli.Result discard = cli.run("batch", "discard");
        assertEquals(0, discard.code(), discard.err());
        assertTrue(discard.out().contains("(it could not be read)"), discard.out());
        assertFalse(Files.exists(home.resolve(Drafts.FILE)));
    }

    @Test
    void discardSaysWhatWasDiscarded() throws Exception {
        Cli cli = new Cli(home);
        cli.run("batch", "new", "--owner", "Example Org");
        cli.run("batch", "upload", "dsl-examples/samples/iocs.txt");
        Cli.Result r = cli.run("--output", "json", "batch", "discard");
        assertEquals(0, r.code(), r.err());
        JsonNode d = JSON.readTree(r.out());
        assertEquals("Example Org", d.at("/discarded/owner").asText());
        assertTrue(d.at("/discarded/files/0/path").asText().endsWith("iocs.txt"));
        assertFalse(Files.exists(home.resolve(Drafts.FILE)));
    }
}
