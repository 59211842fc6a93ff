package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a new user met with CSV mappings in scripts and with feeds (issue 6, the trial's findings):
 * typos in {@code csv { }}, a misspelt type, a constant attribute, and the format line of
 * {@code validate} and {@code import}. Dry runs and validate send nothing, so no sandbox is needed
 * except for the one import.
 */
class FeedMessagesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The trial's firewall export: a banner, a footer, a column (ts) no guess takes. */
    private static final String FW = "# firewall export\n"
            + "ts,dst_ip,dst_port,family,note\n"
            + "2024-04-04 07:03:03,192.0.2.50,8080,Emotet,\"seen, twice\"\n"
            + "2024-04-05,198.51.100.9,53,,dns\n"
            + "# END 2 entries\n";

    @TempDir
    Path home;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(home.resolve(name), text, StandardCharsets.UTF_8);
    }

    private Cli.Result script(String name, String body) throws IOException {
        write("fw.csv", FW);
        return new Cli(home).run(write(name, body).toString());
    }

    private static void failsWith(Cli.Result r, String expected) {
        assertEquals(2, r.code(), r.err() + r.out());
        assertTrue(r.err().contains(expected), r.err());
        assertFalse(r.err().contains("\tat ") || r.err().contains("org.codehaus"), "no stack trace: " + r.err());
    }

    @Test
    void aTypoInsideTheCsvBlockIsNamedWithTheBlocksOwnWords() throws IOException {
        // Inside batch { }: Groovy's miss would have been "unknown option 'tgs' in batch { } (did you mean 'args'?)".
        failsWith(script("typo.groovy", "batch {\n    owner 'Example Org'\n    dryRun true\n"
                + "    upload csv('fw.csv') { value 'dst_ip'; tgs 'family' }\n}\n"),
                "typo.groovy:4:44: unknown word 'tgs' in csv { } (did you mean 'tags'?)");
        // At the top level, on its own line below the csv( line: that line is named.
        failsWith(script("valeu.groovy", "def feed = csv('fw.csv') {\n    value 'dst_ip'\n    valeu 'note'\n}\n"),
                "valeu.groovy:3:5: unknown word 'valeu' in csv { } (did you mean 'value'?)");
        // A right word given the wrong thing says so, not "unknown".
        failsWith(script("header.groovy", "batch {\n    owner 'Example Org'\n    dryRun true\n"
                + "    upload csv('fw.csv') {\n        value 'dst_ip'\n        header 'yes'\n    }\n}\n"),
                "header.groovy:6:9: 'header' in csv { } does not take");
    }

    @Test
    void aMisspeltTypeIsHintedAndTheMappingErrorNamesTheScriptLine() throws IOException {
        failsWith(script("adress.groovy", "batch {\n    owner 'Example Org'\n    dryRun true\n"
                + "    upload csv('fw.csv') { value 'dst_ip'; type 'Adress' }\n}\n"),
                "fw.csv:2:1: type 'Adress' is neither an indicator type nor a column of the header row"
                        + " (did you mean 'Address'?; columns: 'ts', 'dst_ip', 'dst_port', 'family', 'note')"
                        + " (csv mapping given at " + home.resolve("adress.groovy") + ":4)");
        // A real type column is still a column, and a missing one names the script line too.
        failsWith(script("col.groovy", "batch {\n    owner 'Example Org'\n    dryRun true\n"
                + "    upload csv('fw.csv') {\n        value 'dst_ip'\n        tags 'familly'\n    }\n}\n"),
                "fw.csv:2:1: the mapping names column 'familly', which the header row does not have"
                        + " (columns: 'ts', 'dst_ip', 'dst_port', 'family', 'note') (csv mapping given at " + home.resolve("col.groovy") + ":4)");
    }

    @Test
    void anAttributeTakesAColumnOrAConstantWithValue() throws IOException {
        // The trial's reading: a constant written where a column goes. The error says how to write one.
        failsWith(script("attr.groovy", "batch {\n    owner 'Example Org'\n    dryRun true\n"
                + "    upload csv('fw.csv') { value 'dst_ip'; attribute 'Source', 'fw feed' }\n}\n"),
                "the mapping names column 'fw feed', which the header row does not have (columns: 'ts', 'dst_ip',"
                        + " 'dst_port', 'family', 'note'); an attribute's second argument is a column: for the same text"
                        + " on every row write attribute 'TYPE', value: 'TEXT' (csv mapping given at " + home.resolve("attr.groovy") + ":4)");
        // Written with value:, the constant is taken (what each row then holds: CsvFeedFixesTest); the format line says so.
        Cli.Result dry = new Cli(home).run(write("attr3.groovy", "def r = batch {\n    owner 'Example Org'\n    dryRun true\n"
                + "    upload csv('fw.csv') { value 'dst_ip'; attribute 'Source', value: 'fw feed'; attribute 'Note', 'note' }\n"
                + "}\n").toString());
        assertEquals(0, dry.code(), dry.err() + dry.out());
        assertTrue(dry.out().contains("fw.csv: CSV (value dst_ip; type detected; attribute Note note;"
                + " attribute Source = 'fw feed'; ignored: ts, dst_port, family)"), dry.out());
    }

    @Test
    void validatePrintsWhatEachInputWasReadAsInTextAndJson() throws IOException {
        Path fw = write("fw.csv", FW);
        Path list = write("list.txt", "192.0.2.9\nbad.example.com\n");
        Cli.Result text = new Cli(home).run("validate", fw.toString(), list.toString());
        assertEquals(0, text.code(), text.err());
        List<String> lines = text.out().lines().toList();
        assertEquals(fw + ": CSV (columns guessed: value dst_ip; type detected; tags family; description note;"
                + " port dst_port; ignored: ts)", lines.get(0), text.out());
        assertEquals(list + ": IOC list", lines.get(1), text.out());
        assertTrue(lines.get(2).startsWith("read 4, duplicates 0, rejected 0"), text.out());

        Cli.Result json = new Cli(home).run("--output", "json", "validate", fw.toString(), "--map", "value=dst_ip,tags=family");
        assertEquals(0, json.code(), json.err());
        JsonNode inputs = JSON.readTree(json.out()).get("inputs");
        assertEquals(1, inputs.size(), json.out());
        assertEquals(fw.toString(), inputs.get(0).get("name").asText());
        assertEquals("CSV", inputs.get(0).get("format").asText());
        assertEquals("value dst_ip; type detected; tags family", inputs.get(0).get("mapping").asText());
        assertFalse(inputs.get(0).get("guessed").asBoolean(), json.out());
        assertEquals("[\"ts\",\"dst_port\",\"note\"]", inputs.get(0).get("ignored").toString());
    }

    @Test
    void importPrintsTheFormatLineOnStandardErrorButNotWithQuiet() throws IOException {
        Path fw = write("fw.csv", FW);
        Cli.Result r = new Cli(home).run("import", fw.toString(), "--owner", "Example Org");
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.err().contains(fw + ": CSV (columns guessed: value dst_ip;"), r.err());
        assertFalse(r.out().contains("columns guessed"), "standard error only: " + r.out());
        Cli.Result quiet = new Cli(home).run("--quiet", "import", fw.toString(), "--owner", "Example Org");
        assertEquals(0, quiet.code(), quiet.err() + quiet.out());
        assertFalse(quiet.err().contains("columns guessed"), quiet.err());
    }

    @Test
    void aDelimitedFileReadAsAnIocListSaysToTryCsv() throws IOException {
        Path hits = write("hits.dat", "2024-04-04;192.0.2.71;80\n2024-04-05;192.0.2.72;443\n192.0.2.73\n");
        Cli.Result r = new Cli(home).run("validate", hits.toString());
        assertEquals(1, r.code(), r.err() + r.out());
        assertTrue(r.out().startsWith(hits + ": IOC list (2 of 3 lines were rejected and look like CSV rows:"
                + " try --format csv (or csv(…) in a script))\n"), r.out());
        // Which lines are taken does not change: the plain address is read, the rows rejected with the hint.
        assertTrue(r.out().contains("read 3, duplicates 0, rejected 2"), r.out());
        Path rejects = Files.list(home.resolve("validate/runs")).findFirst().orElseThrow().resolve("rejects.jsonl");
        List<String> rows = Files.readAllLines(rejects);
        assertEquals(2, rows.size(), rows.toString());
        assertTrue(JSON.readTree(rows.get(0)).get("reason").asText()
                .endsWith("; the line looks like CSV: try --format csv (or csv(…) in a script)"), rows.get(0));
        // Read as CSV, as the hint says, the file has no header: the first column holding an indicator is the value.
        Cli.Result csv = new Cli(home).run("validate", hits.toString(), "--format", "csv", "--map", "header=false,value=#2");
        assertEquals(1, csv.code(), csv.out());
        assertTrue(csv.out().contains("read 3, duplicates 0, rejected 1"), csv.out());
    }

    @Test
    void aStixRejectSaysWhatTheEntryWasBesideItsKind() throws IOException {
        Path bundle = write("b.json", "{\"type\":\"bundle\",\"id\":\"bundle--1\",\"objects\":[\n"
                + "{\"type\":\"observed-data\",\"spec_version\":\"2.1\",\"id\":\"observed-data--01\",\"number_observed\":1},\n"
                + "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--02\",\"pattern_type\":\"stix\","
                + "\"pattern\":\"[ipv4-addr:value = '192.0.2.44']\"},\n"
                + "{\"type\":\"indicator\",\"spec_version\":\"2.1\",\"id\":\"indicator--03\",\"pattern_type\":\"stix\","
                + "\"pattern\":\"[process:name = 'evil.exe']\"}\n]}\n");
        Path out = home.resolve("b.out.json");
        Cli.Result r = new Cli(home).run("convert", bundle.toString(), "--out", out.toString());
        assertEquals(1, r.code(), r.err() + r.out());
        List<String> rejects = Files.readAllLines(home.resolve("b.out.rejects.jsonl"));
        assertEquals(2, rejects.size(), rejects.toString());
        JsonNode observed = JSON.readTree(rejects.get(0));
        assertEquals(2, observed.get("line").asInt());
        // kind stays what the rejects' readers expect (indicator, group, association); stixType says what it was.
        assertEquals("indicator", observed.get("kind").asText());
        assertEquals("observed-data", observed.get("stixType").asText(), rejects.get(0));
        assertEquals("indicator", JSON.readTree(rejects.get(1)).get("stixType").asText(), rejects.get(1));
        // The errors summary still reads the file: its reasons are counted as before.
        assertTrue(JSON.readTree(rejects.get(0)).get("reason").asText().contains("observed-data objects have no"
                + " ThreatConnect counterpart"), rejects.get(0));
    }
}
