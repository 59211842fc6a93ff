package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/tcbatch sandbox indicators}: what a real sandbox holds after an import, read back
 * through its read API, newest first, as a table and as one JSON document.
 */
class SandboxIndicatorsTest {
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

    @Test
    void listsTheImportedIndicatorsNewestFirstWithTagCounts() throws Exception {
        sb.importSample();
        Cli.Result r = sb.run("--profile", "sb", "--output", "json", "sandbox", "indicators");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = SandboxFixture.JSON.readTree(r.out());
        JsonNode rows = doc.path("indicators");
        assertEquals(8, rows.size(), r.out());
        List<String> types = new ArrayList<>();
        rows.forEach(row -> types.add(row.path("type").asText()));
        // One job stored them all in the same second: the last stored comes first.
        assertEquals(List.of("ASN", "CIDR", "File", "EmailAddress", "URL", "Address", "Address", "Host"), types);
        JsonNode host = rows.get(7);
        assertEquals("c2.example.com", host.path("summary").asText());
        assertEquals(4.0, host.path("rating").asDouble());
        assertEquals(80, host.path("confidence").asInt());
        assertEquals(2, host.path("tags").asInt(), "quickstart and C2");
        assertEquals(1, rows.get(2).path("tags").asInt(), "the File's one tag");
        assertEquals(0, rows.get(0).path("tags").asInt());
        assertEquals("Example Org", host.path("owner").asText());
        assertTrue(host.path("lastModified").asText().endsWith("Z"), host.toString());
    }

    @Test
    void filtersByTypeAndLimitsTheRowsInTheTable() throws Exception {
        sb.importSample();
        Cli.Result r = sb.run("--profile", "sb", "sandbox", "indicators", "--type", "Address", "--limit", "1",
                "--owner", "Example Org");
        assertEquals(0, r.code(), r.err());
        String[] lines = r.out().split("\n");
        assertEquals(2, lines.length, r.out());
        assertTrue(lines[0].startsWith("owner        type     summary       rating  confidence  tags  last modified"),
                lines[0]);
        assertTrue(lines[1].startsWith("Example Org  Address  2001:db8::44  3       60          0     "), lines[1]);
    }

    @Test
    void anEmptySandboxSaysSoAndAnotherOwnerHasNone() {
        Cli.Result empty = sb.run("--profile", "sb", "sandbox", "indicators");
        assertEquals(0, empty.code(), empty.err());
        assertEquals("The sandbox holds no indicators\n", empty.out());
    }

    @Test
    void aBadLimitOrOptionIsAUsageError() {
        Cli.Result limit = sb.run("--profile", "sb", "sandbox", "indicators", "--limit", "0");
        assertEquals(2, limit.code(), limit.err());
        assertTrue(limit.err().startsWith("tcbatch: sandbox: --limit must be a number from 1 to 100000, not '0'"),
                limit.err());
        Cli.Result unknown = sb.run("--profile", "sb", "sandbox", "indicators", "--colour");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().startsWith("tcbatch: sandbox indicators: unknown option '--colour'"), unknown.err());
    }

    @Test
    void anUnknownTypeIsTheSandboxsOwnRefusal() {
        Cli.Result r = sb.run("--profile", "sb", "sandbox", "indicators", "--type", "Hots");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("type 'Hots' is not an indicator type"), r.err());
    }
}
