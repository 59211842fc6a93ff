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

import io.tcbatch.SharedData;

/**
 * A STIX bundle imported with {@code bin/tcbatch import} into a real sandbox, then read back
 * through the sandbox's read API: the shared Unit 42 bundle (its report linked to its
 * indicators), and a made-up 2.1 bundle with rejects, whose totals must balance.
 */
class StixImportEndToEndTest {
    @TempDir
    Path dir;
    private SandboxFixture sb;
    private DslReadBack read;

    @BeforeEach
    void setUp() throws Exception {
        sb = new SandboxFixture(dir);
        read = new DslReadBack(sb);
    }

    @AfterEach
    void tearDown() {
        sb.close();
    }

    @Test
    void theSharedBundleLandsWithItsReportLinkedToEveryIndicator() throws Exception {
        Path bundle = SharedData.file("iocs/structured/unit42_2024-02-21-AsyncRAT.stix2.json");
        Cli.Result r = sb.run("--profile", "sb", "--output", "json", "import", bundle.toString(), "--owner", "Example Org", "--yes");
        JsonNode summary = SandboxFixture.JSON.readTree(r.out());
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode t = summary.path("totals");
        // 19 indicators (one File twice), the report, its 18 distinct links.
        assertEquals(38, t.path("read").asInt(), t.toString());
        assertEquals(1, t.path("duplicates").asInt(), t.toString());
        assertEquals(0, t.path("rejected").asInt(), t.toString());
        assertEquals(37, t.path("submitted").asInt(), t.toString());
        assertEquals(37, t.path("succeeded").asInt(), t.toString());
        Totals.assertBalanced(t);

        Cli.Result ind = sb.run("--profile", "sb", "--output", "json", "sandbox", "indicators");
        assertEquals(0, ind.code(), ind.err());
        JsonNode rows = SandboxFixture.JSON.readTree(ind.out()).path("indicators");
        assertEquals(18, rows.size(), ind.out());
        TreeSet<String> summaries = new TreeSet<>();
        rows.forEach(row -> summaries.add(row.path("type").asText() + " " + row.path("summary").asText()));
        assertTrue(summaries.contains("URL https://h4cg7rhbmieqskr.top:25638/"), summaries.toString());
        assertTrue(summaries.contains("URL http://bjlkchhaaigceke.top/b%20jzioh%20h.php?"), summaries.toString());

        JsonNode reports = read.data("/api/v2/groups/reports?owner=Example%20Org");
        assertEquals(1, reports.path("resultCount").asInt(), reports.toString());
        JsonNode report = reports.path("report").get(0);
        assertEquals("Parrot TDS --> SocGholish --> Async RAT", report.path("name").asText());
        JsonNode linked = read.data("/api/v2/groups/reports/" + report.path("id").asLong() + "/indicators");
        assertEquals(18, linked.path("resultCount").asInt(), linked.toString());
        List<String> linkedSummaries = new ArrayList<>();
        linked.path("indicator").forEach(i -> linkedSummaries.add(i.path("summary").asText()));
        assertTrue(linkedSummaries.contains("http://bjlkchhaaigceke.top/b%20jzioh%20h.php?"), linkedSummaries.toString());
        assertTrue(linkedSummaries.contains("fb0238b388d9448a6b36aca4e6a9e4fbcbac3afc239cb70251778d40351b5765"),
                linkedSummaries.toString());
    }

    @Test
    void aBundleWithRefusedObjectsImportsTheRestAndListsEachRejectWithItsLine() throws Exception {
        Path bundle = Files.writeString(dir.resolve("mixed.json"), """
                {"type":"bundle","id":"bundle--e2e","objects":[
                {"type":"relationship","spec_version":"2.1","id":"relationship--e1","relationship_type":"indicates","source_ref":"indicator--e1","target_ref":"campaign--e1"},
                {"type":"indicator","spec_version":"2.1","id":"indicator--e1","pattern_type":"stix","pattern":"[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e' AND file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855']","valid_from":"2024-05-01T00:00:00Z","confidence":70},
                {"type":"indicator","spec_version":"2.1","id":"indicator--e2","pattern_type":"stix","pattern":"[process:name = 'evil.exe']","valid_from":"2024-05-01T00:00:00Z"},
                {"type":"indicator","spec_version":"2.1","id":"indicator--e3","pattern_type":"stix","pattern":"[ipv4-addr:value = '192.0.2.300']","valid_from":"2024-05-01T00:00:00Z"},
                {"type":"campaign","spec_version":"2.1","id":"campaign--e1","name":"Spring wave"},
                {"type":"relationship","spec_version":"2.1","id":"relationship--e2","relationship_type":"indicates","source_ref":"indicator--e3","target_ref":"campaign--e1"}
                ]}
                """);
        Cli.Result r = sb.run("--profile", "sb", "--output", "json", "import", bundle.toString(), "--owner", "Example Org", "--yes");
        JsonNode summary = SandboxFixture.JSON.readTree(r.out());
        assertEquals(1, r.code(), r.out() + r.err());
        JsonNode t = summary.path("totals");
        // File, campaign, the File's link; rejected: the process pattern, the bad address, its link.
        assertEquals(6, t.path("read").asInt(), t.toString());
        assertEquals(3, t.path("rejected").asInt(), t.toString());
        assertEquals(3, t.path("succeeded").asInt(), t.toString());
        Totals.assertBalanced(t);
        List<JsonNode> rejects = Totals.rejects(summary);
        assertEquals(3, rejects.size());
        assertEquals(4, rejects.get(0).path("line").asInt());
        assertEquals("process:name has no ThreatConnect indicator type (in [process:name = 'evil.exe'])",
                rejects.get(0).path("reason").asText());
        assertEquals("indicator--e2 [process:name = 'evil.exe']", rejects.get(0).path("value").asText());
        assertEquals(5, rejects.get(1).path("line").asInt());
        assertTrue(rejects.get(1).path("reason").asText().contains("192.0.2.300"), rejects.get(1).toString());
        assertEquals(7, rejects.get(2).path("line").asInt());
        assertEquals("cannot link: indicator--e3 is not imported: its indicator was not valid", rejects.get(2).path("reason").asText());

        JsonNode campaigns = read.data("/api/v2/groups/campaigns?owner=Example%20Org");
        long id = campaigns.path("campaign").get(0).path("id").asLong();
        JsonNode linked = read.data("/api/v2/groups/campaigns/" + id + "/indicators");
        assertEquals(1, linked.path("resultCount").asInt(), linked.toString());
        assertEquals("File", linked.path("indicator").get(0).path("type").asText());
    }

    @Test
    void convertTurnsTheSharedBundleIntoOneBatchDocument() throws Exception {
        Path bundle = SharedData.file("iocs/structured/unit42_2024-02-21-AsyncRAT.stix2.json");
        Path out = dir.resolve("unit42.batch.json");
        Cli.Result r = new Cli(sb.home).run("--output", "json", "convert", bundle.toString(), "--out", out.toString());
        assertEquals(0, r.code(), r.out() + r.err());
        JsonNode counts = SandboxFixture.JSON.readTree(r.out());
        assertEquals(38, counts.path("read").asInt(), counts.toString());
        assertEquals(37, counts.path("written").asInt(), counts.toString());
        assertEquals(1, counts.path("duplicates").asInt(), counts.toString());
        JsonNode doc = SandboxFixture.JSON.readTree(out.toFile());
        assertEquals(18, doc.path("indicator").size());
        assertEquals("Report", doc.at("/group/0/type").asText());
        assertEquals(18, doc.path("association").size());
    }
}
