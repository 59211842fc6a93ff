package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A MISP event and the plain JSON feeds imported with {@code bin/tcbatch import} into a real
 * sandbox (totals that balance, rejects with their line and reason, the event linked to its
 * indicators) and converted to Batch JSON with {@code convert}; made-up files of reserved values.
 */
class JsonFeedsEndToEndTest {
    @TempDir
    Path dir;
    private SandboxFixture sb;

    @BeforeEach
    void setUp() throws Exception {
        sb = new SandboxFixture(dir);
    }

    @AfterEach
    void tearDown() {
        sb.close();
    }

    private static final String EVENT = """
            {"response": [{"Event": {
              "uuid": "5f0c7a3e-0000-4000-8000-0000000000e2", "info": "Example loader", "date": "2024-05-03",
              "Tag": [{"name": "tlp:green"}, {"name": "loader"}],
              "Attribute": [
                {"type": "ip-dst", "value": "192.0.2.40", "comment": "C2"},
                {"type": "domain|ip", "value": "loader.example.com|198.51.100.40"},
                {"type": "sha256", "value": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
                {"type": "ip-dst", "value": "192.0.2.40"},
                {"type": "vulnerability", "value": "CVE-2024-0001"}
              ]}}]}
            """;

    @Test
    void aMispSearchResultLandsWithItsEventLinkedAndItsRejectsListed() throws Exception {
        Path misp = Files.writeString(dir.resolve("misp-search.json"), EVENT);
        Cli.Result r = sb.run("--profile", "sb", "--output", "json", "import", misp.toString(), "--owner", "Example Org", "--yes");
        JsonNode summary = SandboxFixture.JSON.readTree(r.out());
        assertEquals(1, r.code(), r.out() + r.err());
        JsonNode t = summary.path("totals");
        // 5 indicators (one twice), the vulnerability, the event, 4 distinct links.
        assertEquals(11, t.path("read").asInt(), t.toString());
        assertEquals(1, t.path("rejected").asInt(), t.toString());
        assertEquals(1, t.path("duplicates").asInt(), t.toString());
        assertEquals(9, t.path("succeeded").asInt(), t.toString());
        Totals.assertBalanced(t);
        List<JsonNode> rejects = Totals.rejects(summary);
        assertEquals(1, rejects.size());
        assertEquals(9, rejects.get(0).path("line").asInt());
        assertTrue(rejects.get(0).path("reason").asText().startsWith(
                "the MISP attribute type 'vulnerability' has no ThreatConnect indicator type"), rejects.toString());

        Cli.Result ind = sb.run("--profile", "sb", "--output", "json", "sandbox", "indicators");
        assertEquals(0, ind.code(), ind.err());
        TreeSet<String> summaries = new TreeSet<>();
        SandboxFixture.JSON.readTree(ind.out()).path("indicators")
                .forEach(row -> summaries.add(row.path("type").asText() + " " + row.path("summary").asText()));
        assertEquals(new TreeSet<>(List.of("Address 192.0.2.40", "Host loader.example.com", "Address 198.51.100.40",
                "File e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")), summaries);
    }

    @Test
    void everyShapeConvertsToBatchJsonThatValidates() throws Exception {
        Path misp = Files.writeString(dir.resolve("event.json"), EVENT);
        Path list = Files.writeString(dir.resolve("list.json"), "[\"192.0.2.50\", \"bad[.]example[.]net\", \"nonsense\"]");
        Path objects = Files.writeString(dir.resolve("objects.json"),
                "[{\"ioc\": \"192.0.2.51\", \"type\": \"ip\", \"tags\": [\"scanner\"]}, {\"url\": \"hxxp://bad.example.org/p\"}]");
        Path lines = Files.writeString(dir.resolve("feed.ndjson"),
                "{\"value\": \"203.0.113.52\"}\n{\"value\": \"c2.example.com\", \"confidence\": 60}\n");
        Path forced = Files.writeString(dir.resolve("feed.dat"), "{\"value\": \"203.0.113.53\"}\n");
        record Case(Path in, List<String> format, int read, int rejected, int written) {
        }
        for (Case c : List.of(new Case(misp, List.of(), 11, 1, 9), new Case(list, List.of(), 3, 1, 2),
                new Case(objects, List.of(), 2, 0, 2), new Case(lines, List.of(), 2, 0, 2),
                new Case(forced, List.of("--format", "jsonl"), 1, 0, 1))) {
            Path out = dir.resolve(c.in.getFileName() + ".batch.json");
            List<String> args = new ArrayList<>(List.of("--output", "json", "convert", c.in.toString(), "--out", out.toString()));
            args.addAll(c.format);
            Cli.Result r = sb.run(args.toArray(String[]::new));
            JsonNode counts = SandboxFixture.JSON.readTree(r.out());
            assertEquals(c.read, counts.path("read").asInt(), c.in + ": " + r.out() + r.err());
            assertEquals(c.rejected, counts.path("rejected").asInt(), c.in + ": " + counts);
            assertEquals(c.written, counts.path("written").asInt(), c.in + ": " + counts);
            JsonNode doc = SandboxFixture.JSON.readTree(out.toFile());
            int entries = doc.path("indicator").size() + doc.path("group").size() + doc.path("association").size();
            assertEquals(c.written, entries, c.in + ": " + doc);
        }
        // The converted event (indicators, group, links) is Batch JSON the validator reads whole.
        Cli.Result again = sb.run("--output", "json", "validate", dir.resolve("event.json.batch.json").toString());
        assertEquals(0, again.code(), again.out() + again.err());
        assertEquals(9, SandboxFixture.JSON.readTree(again.out()).path("read").asInt(), again.out());
        Path other = Files.writeString(dir.resolve("other.json"), "{\"hello\": \"world\"}");
        Cli.Result bad = sb.run("convert", other.toString(), "--out", dir.resolve("o.json").toString());
        assertEquals(2, bad.code(), bad.err());
        assertTrue(bad.err().contains("not Batch JSON"), bad.err());
        Path cut = Files.writeString(dir.resolve("cut.json"), "{\"Event\": {\"info\": \"x\",\n \"Attribute\": [\n  {\"type\": ");
        Cli.Result truncated = sb.run("convert", cut.toString(), "--out", dir.resolve("c.json").toString());
        assertEquals(2, truncated.code(), truncated.err());
        assertTrue(truncated.err().contains(cut + ":3:"), truncated.err());
    }
}
