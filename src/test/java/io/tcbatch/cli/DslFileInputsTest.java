package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** The input verbs {@code file}, {@code text}, {@code csv}, {@code stix} of a script, run against the sandbox. */
class DslFileInputsTest extends DslSandboxSupport {
    private Cli.Result run(Path script, String... args) {
        List<String> a = new ArrayList<>(List.of("--profile", "sb", "--output", "json", script.toString()));
        a.addAll(List.of(args));
        return sb.run(a.toArray(new String[0]));
    }

    private static List<JsonNode> rejects(JsonNode summary) throws IOException {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(summary.path("rejects").asText()))) {
            out.add(SandboxFixture.JSON.readTree(line));
        }
        return out;
    }

    @Test
    void fileReadsByExtensionAndContentAndFormatForcesTheReader() throws Exception {
        Path list = script("feed.txt", "192.0.2.70\n");
        // A name that says nothing: sniffed as an IOC list; forced as one too.
        Path dat = script("feed.dat", "bad.example.net\n");
        Path json = script("export.data", "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"json.example.net\"}]}");
        Path s = script("files.groovy", """
                batch {
                    upload file(args[0]), file(args[1], format: 'ioc')
                    upload file(format: 'json', args[2])
                }
                """);
        Cli.Result r = run(s, list.toString(), dat.toString(), json.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        JsonNode sum = SandboxFixture.JSON.readTree(r.out());
        assertEquals(3, sum.at("/totals/succeeded").asLong(), sum.toString());
        assertEquals("json.example.net", read.data("/api/v2/indicators/hosts/json.example.net").at("/host/hostName").asText());
        assertEquals("bad.example.net", read.data("/api/v2/indicators/hosts/bad.example.net").at("/host/hostName").asText());
    }

    @Test
    void aWrongFormatOrOptionListsWhatIsAllowedAndNamesTheLine() throws Exception {
        Path s = script("format.groovy", """
                batch {
                    upload file('feed.txt',
                            format: 'xml')
                }
                """);
        Cli.Result r = run(s);
        assertEquals(2, r.code(), r.err());
        assertTrue(Dsl.says(r.err(), "format.groovy:2", "unknown format 'xml' (expected one of: auto, json, ioc, csv, stix, misp, jsonl)"),
                r.err());
        Cli.Result typo = run(script("option.groovy", "batch {\n    upload text('192.0.2.1', fromat: 'ioc')\n}\n"));
        assertEquals(2, typo.code(), typo.err());
        assertTrue(Dsl.says(typo.err(), "option.groovy:2", "text has no option 'fromat' (did you mean 'format'?)"), typo.err());
    }

    @Test
    void aMissingFileFailsAtCommitNamingTheFileAndTheScriptLineAndSendsNothing() throws Exception {
        Path present = script("present.txt", "192.0.2.71\n");
        Path missing = dir.resolve("scripts/missing.json");
        Path s = script("missing.groovy", """
                batch {
                    upload file(args[0])
                    upload file(args[1])
                }
                """);
        Cli.Result r = sb.run("--profile", "sb", s.toString(), present.toString(), missing.toString());
        assertEquals(2, r.code(), r.err() + r.out());
        assertTrue(r.err().contains(missing + ": no such file (given at " + s + ":3)"), r.err());
        assertEquals("The sandbox holds no indicators\n", sb.run("--profile", "sb", "sandbox", "indicators").out());
    }

    @Test
    void textTakesAnIocListOrJsonWrittenInTheScriptAndItsRejectsNameTheScriptLine() throws Exception {
        Path s = script("text.groovy", """
                batch {
                    upload text('''192.0.2.72
                bad[.]example.org
                not an indicator at all'''),
                           text('{"indicator":[{"type":"Host","summary":"json.example.org","rating":2}]}')
                    upload text(format: 'json', '''[{"type":"Address","summary":"192.0.2.73"}]''')
                }
                """);
        Cli.Result r = run(s);
        assertEquals(1, r.code(), r.err() + r.out());
        JsonNode sum = SandboxFixture.JSON.readTree(r.out());
        assertEquals(5, sum.at("/totals/read").asLong(), sum.toString());
        assertEquals(4, sum.at("/totals/succeeded").asLong(), sum.toString());
        List<JsonNode> rejects = rejects(sum);
        assertEquals(1, rejects.size());
        // The text is named by the script line it starts on; the line is the line within the text.
        assertEquals(s + ":2 (text)", rejects.get(0).path("file").asText(), rejects.get(0).toString());
        assertEquals(3, rejects.get(0).path("line").asLong());
        assertEquals("bad.example.org", read.data("/api/v2/indicators/hosts/bad.example.org").at("/host/hostName").asText());
        assertEquals(2.0, read.data("/api/v2/indicators/hosts/json.example.org").at("/host/rating").asDouble());
        assertEquals("192.0.2.73", read.data("/api/v2/indicators/addresses/192.0.2.73").at("/address/ip").asText());
    }

    @Test
    void textThatIsNotItsFormatIsAnInputErrorNamingTheScriptLine() throws Exception {
        Path s = script("badjson.groovy", """
                batch {
                    indicators { address '192.0.2.74' }
                    upload text('{"indicator": [ {"type": "Host", ')
                }
                """);
        Cli.Result r = sb.run("--profile", "sb", s.toString());
        assertEquals(2, r.code(), r.err() + r.out());
        assertTrue(r.err().contains(s + ":3 (text) line 1: "), r.err());
        assertEquals("The sandbox holds no indicators\n", sb.run("--profile", "sb", "sandbox", "indicators").out());
    }

    /**
     * FOR THE LEAD: enable once the CSV engineer's CsvReader and CsvMapping are merged, and adjust
     * the mapping words ({@code value}, {@code type}, {@code rating}) to theirs. Until then
     * CsvMapping has no methods and the stub reader refuses every CSV; the wiring of
     * {@code csv(path)} and {@code csv(path) { … }} is tested in {@code io.tcbatch.dsl.DslCsvStixInputsTest}.
     */
    @Test
    void csvWithTheMappingFromItsHeaderAndWithAMappingBlockImports() throws Exception {
        Path auto = script("auto.csv", "value,rating\n192.0.2.80,3\nbad.example.com,2\n");
        Path mapped = script("mapped.csv", "# export\nip,score\n198.51.100.80,4\n");
        Path s = script("csv.groovy", """
                batch {
                    upload csv(args[0])
                    upload csv(args[1]) { value 'ip'; type 'Address'; rating 'score' }
                }
                """);
        Cli.Result r = run(s, auto.toString(), mapped.toString());
        assertEquals(0, r.code(), r.err() + r.out());
        JsonNode sum = SandboxFixture.JSON.readTree(r.out());
        assertEquals(3, sum.at("/totals/succeeded").asLong(), sum.toString());
        assertEquals(4.0, read.data("/api/v2/indicators/addresses/198.51.100.80").at("/address/rating").asDouble());
    }
}
