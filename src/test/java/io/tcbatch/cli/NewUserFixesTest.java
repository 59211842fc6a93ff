package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.journal.RunRecord;

/** What a new user tripped over (issue 5): each as a single command, with the exact line said. */
class NewUserFixesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String QUICKSTART = "dsl-examples/samples/quickstart.json";

    @TempDir
    Path home;

    private static List<String> errorLines(Cli.Result r) {
        return r.err().lines().filter(l -> l.startsWith("tcbatch:")).toList();
    }

    @Test
    void batchSetTakesTheKeysAsOptionsSeveralAtOnceAndKeyValueStillWorks() throws Exception {
        Cli cli = new Cli(home);
        assertEquals(0, cli.run("batch", "new", "--owner", "Example Org").code());
        Cli.Result set = cli.run("--output", "json", "batch", "set", "--action", "Delete", "--attribute-write-type", "append",
                "--owner", "Other Org", "--halt-on-error", "true", "--hash-collision-mode", "split");
        assertEquals(0, set.code(), set.err());
        JsonNode d = JSON.readTree(set.out());
        assertEquals("Delete", d.get("action").asText());
        assertEquals("Append", d.get("attributeWriteType").asText());
        assertEquals("Other Org", d.get("owner").asText());
        assertTrue(d.get("haltOnError").asBoolean());
        assertEquals("Split", d.get("hashCollisionMode").asText());

        Cli.Result off = cli.run("--output", "json", "batch", "set", "halt-on-error", "false");
        assertEquals(0, off.code(), off.err());
        assertFalse(JSON.readTree(off.out()).get("haltOnError").asBoolean());

        // One wrong value saves none of the others, and is said in batch set's words (C10).
        Cli.Result wrong = cli.run("batch", "set", "--action", "Create", "attribute-write-type", "Apend");
        assertEquals(2, wrong.code());
        assertEquals(List.of("tcbatch: attribute-write-type must be one of Replace, Append, Singleton, Static (did you mean Append?)"),
                errorLines(wrong));
        assertEquals("Delete", JSON.readTree(Files.readString(home.resolve(Drafts.FILE))).get("action").asText());

        Cli.Result nothing = cli.run("batch", "set");
        assertEquals(2, nothing.code());
        assertTrue(nothing.err().contains("batch set needs what to set: batch set KEY VALUE or batch set --KEY VALUE"),
                nothing.err());
        Cli.Result noValue = cli.run("batch", "set", "action");
        assertEquals(2, noValue.code());
        assertTrue(noValue.err().contains("batch set action needs a value"), noValue.err());
    }

    @Test
    void batchShowShowsTheConfigAndFilesEvenWhenAFileHasASyntaxErrorAndRemoveTakesItOut() throws Exception {
        Cli cli = new Cli(home);
        Path bad = Files.writeString(home.resolve("bad.json"), "{\"indicator\": [ {\"type\": \"Host\" ,, ] }");
        assertEquals(0, cli.run("batch", "new", "--owner", "Example Org").code());
        Cli.Result up = cli.run("batch", "upload", bad.toString(), QUICKSTART);
        assertEquals(0, up.code(), "upload checks only that the files exist and are readable: " + up.err());

        Cli.Result show = cli.run("batch", "show");
        assertEquals(2, show.code(), show.err());
        assertTrue(show.out().contains("Job config sent with every job of this run:"), show.out());
        assertTrue(show.out().contains("\"owner\" : \"Example Org\""), show.out());
        assertTrue(show.out().contains(bad.toAbsolutePath() + " ("), show.out());
        List<String> lines = errorLines(show);
        assertEquals(1, lines.size(), show.err());
        assertTrue(lines.get(0).startsWith("tcbatch: " + bad), lines.get(0));

        Cli.Result json = cli.run("--output", "json", "batch", "show");
        assertEquals(2, json.code());
        JsonNode doc = JSON.readTree(json.out());
        assertEquals("Example Org", doc.at("/config/owner").asText());
        assertEquals(2, doc.get("files").size());
        assertTrue(doc.get("plan").isNull());
        assertEquals(2, doc.get("exitCode").asInt());
        assertTrue(doc.get("error").asText().startsWith(bad.toString()), doc.toString());
    }

    @Test
    void batchRemoveTakesAStagedFileOut() throws Exception {
        Cli cli = new Cli(home);
        Path bad = Files.writeString(home.resolve("bad.json"), "{\"indicator\": [ {\"type\": \"Host\" ,, ] }");
        assertEquals(0, cli.run("batch", "new", "--owner", "Example Org").code());
        assertEquals(0, cli.run("batch", "upload", bad.toString(), QUICKSTART).code());
        Cli.Result notStaged = cli.run("batch", "remove", "other.json");
        assertEquals(2, notStaged.code());
        assertTrue(notStaged.err().contains("other.json is not staged; the staged files are " + bad.toAbsolutePath()), notStaged.err());
        Cli.Result removed = cli.run("batch", "remove", bad.toString());
        assertEquals(0, removed.code(), removed.err());
        assertTrue(removed.out().contains("removed " + bad.toAbsolutePath() + " from the staged job"), removed.out());
        assertTrue(Files.exists(bad), "the file itself stays");
        Cli.Result again = cli.run("batch", "show");
        assertEquals(0, again.code(), again.err());
        assertTrue(again.out().contains("read 10, duplicates 0, rejected 0"), again.out());
    }

    @Test
    void convertRefusesToWriteOverItsOwnInput() throws Exception {
        Path feed = Files.writeString(home.resolve("feed.txt"), "192.0.2.1\nnot-an-ioc\n");
        String before = Files.readString(feed);
        Cli.Result r = new Cli(home).run("convert", feed.toString(), "--out", home.resolve(".").resolve("feed.txt").toString());
        assertEquals(2, r.code(), r.err());
        assertEquals(1, errorLines(r).size(), r.err());
        assertTrue(errorLines(r).get(0).contains("is the input file " + feed), r.err());
        assertEquals(before, Files.readString(feed));
        assertFalse(Files.exists(home.resolve("feed.rejects.jsonl")));
    }

    @Test
    void errorsOfARunSaysWhatWasRejectedBeforeSendingWithTheReasons() throws Exception {
        Cli cli = new Cli(home).env("TCBATCH_POLL_FIRST_MS", "20");
        assertEquals(1, cli.run("import", "dsl-examples/samples/iocs.txt", "--owner", "Example Org").code());
        RunRecord run = CommandsTestSupport.latest(home);
        String rejects = run.preflight().rejectsFile();
        String reason = JSON.readTree(Files.readAllLines(Path.of(rejects)).get(0)).get("reason").asText();

        Cli.Result text = cli.run("errors", run.run());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("1 item was rejected before sending (not sent): see " + rejects + "\n"
                + "  x1      " + reason + "\n"), text.out());

        Cli.Result json = cli.run("--output", "json", "errors", run.run());
        JsonNode doc = JSON.readTree(json.out());
        assertEquals(1, doc.at("/rejected/count").asLong());
        assertEquals(rejects, doc.at("/rejected/file").asText());
        assertEquals(reason, doc.at("/rejected/reasons/0/reason").asText());
        assertEquals(1, doc.at("/rejected/reasons/0/count").asLong());
    }

    @Test
    void importTakesTheChunkLimitsAsValidateDoes() throws Exception {
        Cli cli = new Cli(home).env("TCBATCH_POLL_FIRST_MS", "20");
        Cli.Result r = cli.run("--output", "json", "import", QUICKSTART, "--owner", "Example Org", "--chunk-size", "4");
        assertEquals(0, r.code(), r.err());
        assertEquals(3, JSON.readTree(r.out()).get("jobs").size(), r.out());
        Cli.Result bad = cli.run("import", QUICKSTART, "--owner", "Example Org", "--max-bytes", "0");
        assertEquals(2, bad.code());
        assertEquals(List.of("tcbatch: --max-bytes takes a positive whole number, not '0'"), errorLines(bad));
    }

    @Test
    void aBatchIdTooLargeIsSaidSoForErrorsAndWatch() {
        Cli cli = new Cli(home);
        for (String command : List.of("errors", "watch")) {
            Cli.Result r = cli.run(command, "99999999999999999999");
            assertEquals(2, r.code(), r.err());
            assertEquals(List.of("tcbatch: batch id 99999999999999999999 is too large: batch ids are at most 9223372036854775807"),
                    errorLines(r), command);
        }
    }

    @Test
    void usageErrorsNameTheCommandAndWhatItNeeds() {
        Cli cli = new Cli(home);
        Cli.Result imp = cli.run("import");
        assertEquals(2, imp.code());
        assertEquals(List.of("tcbatch: import needs a FILE: import FILE [--owner …] (see: bin/tcbatch help import)"),
                errorLines(imp));
        Cli.Result errors = cli.run("errors");
        assertEquals(2, errors.code());
        assertEquals(List.of("tcbatch: errors needs an ID: errors ID [--raw …] (see: bin/tcbatch help errors)"),
                errorLines(errors));

        CommandsTestSupport.Shell shell = CommandsTestSupport.shell(home, "import", "imprt x.json", "batch sett x");
        String all = shell.out() + shell.err();
        assertTrue(all.contains("tcbatch: import needs a FILE: import FILE [--owner …] (see: help import)"), all);
        assertTrue(all.contains("tcbatch: unknown command 'imprt'; did you mean import? (help lists them)"), all);
        assertTrue(all.contains("tcbatch: unknown command 'batch sett'; did you mean batch set? (help lists them)"), all);
    }

    @Test
    void anUnknownCommandNamesOnlyItsWordAndSuggestsTheNearest() {
        Cli.Result r = new Cli(home).run("imprt", "x.json");
        assertEquals(2, r.code());
        assertEquals(List.of("tcbatch: unknown command 'imprt'; did you mean import? (bin/tcbatch help lists them)"),
                errorLines(r));
        Cli.Result far = new Cli(home).run("frobnicate");
        assertEquals(List.of("tcbatch: unknown command 'frobnicate' (bin/tcbatch help lists them)"), errorLines(far));
    }
}
