package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.SharedData;

/** The shared CSV feeds imported into the sandbox and converted, and the --format/--map options. */
class CsvImportEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path home;

    @ParameterizedTest
    @CsvSource({
        // file | exit | read | duplicates | rejected | succeeded
        "iocs/unit42_macro_loader_iocs.csv, 0, 1308, 120, 0, 1188",
        "iocs/mandiant_red_team_all-hashes.csv, 0, 100, 0, 0, 100",
        "iocs/abusech_feodotracker_ipblocklist.csv, 0, 28, 0, 0, 28",
        "threatconnect/docs/bulk_report_csv_response.csv, 1, 5, 0, 1, 4",
    })
    void eachSharedCsvImportsWithEveryRowAccountedFor(String file, int exit, long read, long duplicates, long rejected,
                                                      long succeeded) throws Exception {
        Path csv = SharedData.file(file);
        Cli.Result r = new Cli(home).env("TCBATCH_POLL_FIRST_MS", "20").run("--output", "json", "import", csv.toString(), "--owner", "Example Org");
        assertEquals(exit, r.code(), r.err());
        JsonNode t = JSON.readTree(r.out()).get("totals");
        assertEquals(read, t.get("read").asLong(), t.toString());
        assertEquals(duplicates, t.get("duplicates").asLong(), t.toString());
        assertEquals(rejected, t.get("rejected").asLong(), t.toString());
        assertEquals(succeeded, t.get("succeeded").asLong(), t.toString());
        assertEquals(0, t.get("failed").asLong(), t.toString());
        Totals.assertBalanced(t);
        if (rejected > 0) {
            JsonNode reject = Totals.rejects(JSON.readTree(r.out())).get(0);
            assertEquals(csv.toString(), reject.get("file").asText());
            assertEquals(4, reject.get("line").asLong());
            assertEquals(6, reject.get("column").asLong());
            assertEquals("File,ABCDE123456804A61F2A704811F51BC,3.00,55", reject.get("value").asText());
            assertTrue(reject.get("reason").asText().contains("could not be processed as a valid File"), reject.toString());
        }
    }

    @Test
    void convertTurnsACsvIntoBatchJsonThatValidatesWithTheSameCounts() throws Exception {
        Path csv = SharedData.file("iocs/unit42_macro_loader_iocs.csv");
        Path out = home.resolve("macro_loader.json");
        Cli cli = new Cli(home);
        Cli.Result r = cli.run("--output", "json", "convert", csv.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode counts = JSON.readTree(r.out());
        assertEquals(1308, counts.get("read").asLong());
        assertEquals(120, counts.get("duplicates").asLong());
        assertEquals(1188, counts.get("written").asLong());
        JsonNode doc = JSON.readTree(out.toFile());
        assertEquals(1188, doc.get("indicator").size());
        assertTrue(doc.toString().contains("\"http://silverisikgaz.com/inc/Invoice.exe\""), "defanged, scheme added");
        Cli.Result again = cli.run("--output", "json", "validate", out.toString());
        assertEquals(0, again.code(), again.err());
        assertEquals(1188, JSON.readTree(again.out()).get("read").asLong());
    }

    @Test
    void mapAndFormatOnTheCommandLine() throws Exception {
        Path feed = home.resolve("feed.dat");
        Files.writeString(feed, "first_seen;where;port\n2024-05-01;192.0.2.10;8080\n2024-05-02;bad.example.com;\n");
        Cli cli = new Cli(home).env("TCBATCH_POLL_FIRST_MS", "20");
        // A .dat name says nothing: auto reads it as an IOC list, --format csv as CSV, --map maps it.
        Cli.Result mapped = cli.run("--output", "json", "validate", feed.toString(), "--map", "value=where,firstSeen=first_seen,port=port");
        assertEquals(0, mapped.code(), mapped.err());
        assertEquals(2, JSON.readTree(mapped.out()).get("read").asLong());
        Path named = home.resolve("hosts.dat");
        Files.writeString(named, "first_seen;host;port\n2024-05-01;192.0.2.10;8080\n2024-05-02;bad.example.com;\n");
        Cli.Result csv = cli.run("--output", "json", "import", named.toString(), "--format", "csv", "--owner", "Example Org");
        assertEquals(0, csv.code(), csv.err());
        assertEquals(2, JSON.readTree(csv.out()).at("/totals/succeeded").asLong());

        // Columns by number through the shell's own parser: '#' inside a word is no comment.
        Path bare = home.resolve("bare.txt");
        Files.writeString(bare, "2024-05-01,192.0.2.11\n2024-05-02,192.0.2.12\n2024-05-03\n");
        Cli.Result byNumber = cli.run("--output", "json", "validate", bare.toString(), "--map", "header=false,value=#2,firstSeen=#1");
        assertEquals(1, byNumber.code(), byNumber.err());
        JsonNode counts = JSON.readTree(byNumber.out());
        assertEquals(3, counts.get("read").asLong(), counts.toString());
        assertEquals(1, counts.get("rejected").asLong(), "line 3 has one field, the first row two: " + counts);

        Cli.Result badFormat = cli.run("convert", feed.toString(), "--format", "xml", "--out", home.resolve("x.json").toString());
        assertEquals(2, badFormat.code());
        assertTrue(badFormat.err().contains("--format: unknown format 'xml' (expected one of: auto, json, ioc, csv, stix, misp, jsonl)"),
                badFormat.err());
    }
}
