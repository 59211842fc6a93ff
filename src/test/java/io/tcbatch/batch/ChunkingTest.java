package io.tcbatch.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.api.JobConfig;

/** Chunk boundaries by items, indicators and bytes; group closures; run order; V1 refusals. */
class ChunkingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long ENVELOPE = "{\"group\":[],\"indicator\":[],\"association\":[]}".length();

    @TempDir
    Path dir;

    private Path input(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    /** Host indicators of equal serialised length: {"type":"Host","summary":"hNNNN.example.com"}. */
    private static String hosts(int n) {
        StringBuilder b = new StringBuilder("{\"indicator\":[");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",\n").append(host(i));
        }
        return b.append("]}").toString();
    }

    private static String host(int i) {
        return String.format("{\"type\":\"Host\",\"summary\":\"h%05d.example.com\"}", i);
    }

    private static final int HOST_BYTES = host(0).length();

    private Plan plan(int chunkSize, long maxBytes, String version, Path... files) throws IOException {
        Path runDir = Files.createDirectories(dir.resolve("run-" + System.nanoTime()));
        return new Preflight(JSON, chunkSize, maxBytes, version).run("r1", runDir, java.util.Arrays.stream(files).map(io.tcbatch.input.Inputs::file).toList());
    }

    private static List<Integer> sizes(Plan p) {
        return p.chunks().stream().map(Chunk::items).toList();
    }

    private static JsonNode tree(Chunk c) throws IOException {
        return JSON.readTree(c.file().toFile());
    }

    private static void assertBytesAreTheFileSize(Plan p) throws IOException {
        for (Chunk c : p.chunks()) {
            assertEquals(Files.size(c.file()), c.bytes(), "chunk " + c.index());
        }
    }

    @Test
    void whatIsSentIsTheNormalisedFormTheRulesChecked() throws IOException {
        Plan p = plan(5000, 2_000_000, "V2", input("in.json", "{\"indicator\":["
                + "{\"type\":\"Host\",\"summary\":\"B\u00dcCHER.Example.COM\",\"confidence\":\"50\"},"
                + "{\"type\":\"Address\",\"summary\":\"2001:DB8:0:0:0:0:0:1\"},"
                + "{\"type\":\"ASN\",\"summary\":\"ASN 123\"},"
                + "{\"type\":\"File\",\"md5\":\"D41D8CD98F00B204E9800998ECF8427E\"}]}"));
        JsonNode sent = tree(p.chunks().get(0)).path("indicator");
        assertEquals("xn--bcher-kva.example.com", sent.get(0).path("summary").asText());
        assertEquals(50, sent.get(0).path("confidence").intValue());
        assertTrue(sent.get(0).path("confidence").isIntegralNumber());
        assertEquals("2001:db8::1", sent.get(1).path("summary").asText());
        assertEquals("ASN123", sent.get(2).path("summary").asText());
        assertEquals("d41d8cd98f00b204e9800998ecf8427e", sent.get(3).path("md5").asText());
        assertBytesAreTheFileSize(p);
    }

    @Test
    void v1ChunksCountIndicatorsOnlyAndNeedNoPredecessor() throws IOException {
        Plan p = plan(2, 2_000_000, "V1", input("v1.json", "[" + host(1) + "," + host(2) + "," + host(3) + "]"));
        assertEquals(List.of(2, 1), sizes(p));
        for (Chunk c : p.chunks()) {
            assertEquals(c.items(), c.indicators());
            assertEquals(0, c.groups());
            assertEquals(0, c.associations());
            assertFalse(c.afterPrevious(), "chunk " + c.index());
        }
    }

    @Test
    void everyRepeatIsListedWithItsLineAndIsNotSent() throws IOException {
        Path runDir = Files.createDirectories(dir.resolve("run-dups"));
        Plan p = new Preflight(JSON, 5000, 2_000_000, "V2").run("r1", runDir, List.of(io.tcbatch.input.Inputs.file(input("d.json",
                "{\"indicator\":[\n" + host(1) + ",\n{\"type\":\"Host\",\"summary\":\"H00001.example.com\",\"rating\":4}]}"))));
        assertEquals(1, p.duplicates());
        assertEquals(1, p.submitted());
        List<String> lines = Files.readAllLines(runDir.resolve("duplicates.jsonl"));
        assertEquals(1, lines.size());
        JsonNode d = JSON.readTree(lines.get(0));
        assertEquals(3, d.path("line").asInt());
        assertEquals("h00001.example.com", d.path("key").asText());
        assertEquals(4, d.path("item").path("rating").asInt());
    }

    @Test
    void itemCountCapsEachChunk() throws IOException {
        Plan p = plan(2, 2_000_000, "V2", input("in.json", hosts(5)));
        assertEquals(List.of(2, 2, 1), sizes(p));
        assertEquals(List.of(1, 2, 3), p.chunks().stream().map(Chunk::index).toList());
        assertTrue(p.chunks().stream().noneMatch(Chunk::afterPrevious), "indicators alone depend on nothing earlier");
        assertEquals("h00004.example.com", tree(p.chunks().get(2)).path("indicator").get(0).path("summary").asText());
        assertBytesAreTheFileSize(p);
    }

    @Test
    void noChunkHoldsMoreThan25000Indicators() throws IOException {
        Plan p = plan(30_000, 10_000_000, "V2", input("in.json", hosts(25_001)));
        assertEquals(List.of(25_000, 1), sizes(p));
        assertEquals(25_000, p.chunks().get(0).indicators());
    }

    @Test
    void byteCapExactlyAtTheLimitFitsAndOneByteLessDoesNot() throws IOException {
        Path in = input("in.json", hosts(6));
        long three = ENVELOPE + 3L * HOST_BYTES + 2; // three items and two commas
        Plan at = plan(100, three, "V2", in);
        assertEquals(List.of(3, 3), sizes(at));
        assertEquals(three, at.chunks().get(0).bytes());
        assertBytesAreTheFileSize(at);
        Plan under = plan(100, three - 1, "V2", in);
        assertEquals(List.of(2, 2, 2), sizes(under));
        assertEquals(three - HOST_BYTES - 1, under.chunks().get(0).bytes());
        assertBytesAreTheFileSize(under);
    }

    @Test
    void bytesAreUtf8BytesNotCharacters() throws IOException {
        String a = "{\"type\":\"Host\",\"summary\":\"a.example.com\",\"description\":\"\u00e9\u00e9\"}";
        Path in = input("in.json", "{\"indicator\":[" + a + "," + a.replace("a.example", "b.example") + "]}");
        long itemBytes = a.getBytes(StandardCharsets.UTF_8).length; // each é is two bytes
        Plan p = plan(100, ENVELOPE + 2 * itemBytes, "V2", in); // one byte short of two items and a comma
        assertEquals(List.of(1, 1), sizes(p));
        assertEquals(ENVELOPE + itemBytes, p.chunks().get(0).bytes());
        assertBytesAreTheFileSize(p);
    }

    @Test
    void anItemLargerThanTheByteCapAloneIsRejectedLocally() throws IOException {
        String big = "{\"type\":\"Host\",\"summary\":\"big.example.com\",\"description\":\"" + "x".repeat(500) + "\"}";
        Path in = input("in.json", "{\"indicator\":[" + host(1) + ",\n" + big + ",\n" + host(2) + "]}");
        long limit = ENVELOPE + 200;
        Plan p = plan(100, limit, "V2", in);
        assertEquals(3, p.read());
        assertEquals(1, p.rejected());
        assertEquals(List.of(2), sizes(p));
        JsonNode reject = JSON.readTree(Files.readAllLines(p.rejectsFile()).get(0));
        assertEquals(2, reject.path("line").asLong());
        assertEquals("item is " + big.length() + " bytes as JSON; a chunk file may be at most " + limit
                + " bytes (chunk.maxBytes), so it cannot be sent in any job", reject.path("reason").asText());
    }

    private static String group(String xid, String... linked) {
        StringBuilder b = new StringBuilder("{\"type\":\"Adversary\",\"name\":\"G " + xid + "\",\"xid\":\"" + xid + "\"");
        if (linked.length > 0) {
            b.append(",\"associatedGroupXid\":[");
            for (int i = 0; i < linked.length; i++) {
                b.append(i == 0 ? "" : ",").append('"').append(linked[i]).append('"');
            }
            b.append(']');
        }
        return b.append('}').toString();
    }

    private static List<String> xids(Chunk c) throws IOException {
        List<String> out = new ArrayList<>();
        for (JsonNode g : tree(c).path("group")) {
            out.add(g.path("xid").asText());
        }
        return out;
    }

    @Test
    void aGroupTravelsWithEveryGroupItNamesTransitively() throws IOException {
        // Closures: {a, b} (a names b); {c}; {d, e, f} (d names e, f names e: linked through e).
        String groups = String.join(",\n", group("a", "b"), group("c"), group("d", "e"), group("b"), group("f", "e"),
                group("e"));
        Plan p = plan(3, 2_000_000, "V2", input("g.json", "{\"group\":[" + groups + "]}"));
        assertEquals(List.of(List.of("a", "b", "c"), List.of("d", "f", "e")),
                List.of(xids(p.chunks().get(0)), xids(p.chunks().get(1))));
        assertEquals(0, p.rejected());
        assertFalse(p.chunks().get(1).afterPrevious(), "groups of a closure need nothing from other chunks");
    }

    @Test
    void aClosureTooLargeForOneChunkIsRejectedWithAReason() throws IOException {
        String groups = String.join(",\n", group("x", "y"), group("solo"), group("y", "z"), group("z"));
        Plan p = plan(2, 2_000_000, "V2", input("g.json", "{\"group\":[" + groups + "]}"));
        assertEquals(List.of(List.of("solo")), List.of(xids(p.chunks().get(0))));
        assertEquals(1, p.chunks().size());
        assertEquals(3, p.rejected());
        List<String> lines = Files.readAllLines(p.rejectsFile());
        assertEquals(3, lines.size());
        JsonNode first = JSON.readTree(lines.get(0));
        assertEquals(1, first.path("line").asLong());
        assertEquals("x", first.path("item").path("xid").asText());
        assertEquals("this group is linked through associatedGroupXid with 2 other group(s) that must travel in the"
                + " same job: 3 groups, " + (group("x", "y").length() + group("y", "z").length() + group("z").length() + 2)
                + " bytes, over the limit of one chunk (2 items, 2000000 bytes)", first.path("reason").asText());
        assertEquals(List.of(1L, 3L, 4L), lines.stream().map(l -> {
            try {
                return JSON.readTree(l).path("line").asLong();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }).toList());
    }

    @Test
    void groupsFirstThenIndicatorsThenAssociationsAndTheAssociationArrayLast() throws IOException {
        String file = "{\"association\":[{\"ref_1\":\"h00000.example.com\",\"type_1\":\"Host\",\"ref_2\":\"a\"}],"
                + "\"indicator\":[" + host(0) + "," + host(1) + "],"
                + "\"group\":[" + group("a") + "," + group("b") + "," + group("c") + "]}";
        Plan p = plan(2, 2_000_000, "V2", input("mixed.json", file));
        List<Chunk> c = p.chunks();
        assertEquals(List.of(2, 2, 2), sizes(p));
        assertEquals(List.of(2, 1, 0), c.stream().map(Chunk::groups).toList());
        assertEquals(List.of(0, 1, 1), c.stream().map(Chunk::indicators).toList());
        assertEquals(List.of(0, 0, 1), c.stream().map(Chunk::associations).toList());
        assertEquals(List.of(false, true, true), c.stream().map(Chunk::afterPrevious).toList());
        for (Chunk k : c) {
            String text = Files.readString(k.file());
            assertTrue(text.startsWith("{\"group\":["), text);
            assertTrue(text.indexOf("\"indicator\":[") < text.indexOf("\"association\":["), text);
            assertTrue(text.endsWith("]}"), text);
        }
        assertEquals("{\"group\":[],\"indicator\":[" + host(1) + "],\"association\":[{\"ref_1\":\"h00000.example.com\","
                + "\"type_1\":\"Host\",\"ref_2\":\"a\"}]}", Files.readString(c.get(2).file()));
        assertBytesAreTheFileSize(p);
    }

    @Test
    void indicatorsOverSeveralChunksBeforeTheFirstGroupStillFollowTheGroups() throws IOException {
        // The indicators of the first file fill chunks before any group is seen; the group of the
        // second file must still come first, and the indicators after it, in input order.
        StringBuilder first = new StringBuilder("{\"indicator\":[");
        for (int i = 0; i < 7; i++) {
            first.append(i == 0 ? "" : ",").append(host(i));
        }
        Path a = input("a.json", first.append("]}").toString());
        Path b = input("b.json", "{\"indicator\":[" + host(7) + "],\"group\":[" + group("g") + "]}");
        Plan p = plan(3, 2_000_000, "V2", a, b);
        assertEquals(List.of(3, 3, 3), sizes(p));
        assertEquals(List.of(1, 0, 0), p.chunks().stream().map(Chunk::groups).toList());
        List<String> summaries = new ArrayList<>();
        for (Chunk c : p.chunks()) {
            for (JsonNode i : tree(c).path("indicator")) {
                summaries.add(i.path("summary").asText());
            }
        }
        assertEquals(java.util.stream.IntStream.range(0, 8).mapToObj(i -> String.format("h%05d.example.com", i)).toList(),
                summaries);
        assertEquals("chunk-0001.json", p.chunks().get(0).file().getFileName().toString());
        try (var files = Files.list(p.runDir().resolve("chunks"))) {
            assertEquals(3, files.count());
        }
        assertBytesAreTheFileSize(p);
        assertEquals(List.of(false, true, true), p.chunks().stream().map(Chunk::afterPrevious).toList());
    }

    @Test
    void everyChunkKeepsTheHashOfItsFileEvenWithItemsLargerThanTheWriteBuffer() throws IOException {
        // Items of up to 600 KB (over the 256 KiB buffers the chunks are written in) between small ones.
        StringBuilder b = new StringBuilder("{\"indicator\":[");
        for (int i = 0; i < 40; i++) {
            String description = i % 7 == 3 ? "d".repeat(100_000 * (i % 6 + 1)) : "small";
            b.append(i == 0 ? "" : ",").append("{\"type\":\"Host\",\"summary\":\"h").append(i)
                    .append(".example.com\",\"description\":\"").append(description).append("\"}");
        }
        Plan p = plan(6, 2_000_000, "V2", input("big.json", b.append("]}").toString()));
        assertEquals(40, p.chunks().stream().mapToInt(Chunk::items).sum());
        for (Chunk c : p.chunks()) {
            assertEquals(ImportService.sha256(c.file()), c.sha256(), "chunk " + c.index());
            assertEquals(c.items(), tree(c).path("indicator").size());
        }
        assertBytesAreTheFileSize(p);
    }

    @Test
    void associationsAloneAfterAFirstChunkWaitForIt() throws IOException {
        String file = "{\"indicator\":[" + host(0) + "],\"association\":[{\"ref_1\":\"h00000.example.com\","
                + "\"type_1\":\"Host\",\"id_2\":5}]}";
        Plan p = plan(1, 2_000_000, "V2", input("a.json", file));
        assertEquals(List.of(false, true), p.chunks().stream().map(Chunk::afterPrevious).toList());
        Plan one = plan(10, 2_000_000, "V2", input("a.json", file));
        assertFalse(one.chunks().get(0).afterPrevious(), "the first chunk has nothing to wait for");
    }

    @Test
    void theSpoolIsGoneAfterwards() throws IOException {
        Plan p = plan(2, 2_000_000, "V2", input("in.json", hosts(3)));
        assertFalse(Files.exists(p.runDir().resolve("spool")));
        try (var files = Files.list(p.runDir().resolve("chunks"))) {
            assertEquals(List.of("chunk-0001.json", "chunk-0002.json"),
                    files.map(f -> f.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void aV1ChunkIsABareArrayOfIndicators() throws IOException {
        Plan p = plan(2, 2_000_000, "V1", input("v1.json", "[" + host(0) + "," + host(1) + "," + host(2) + "]"));
        assertEquals(List.of(2, 1), sizes(p));
        assertEquals("[" + host(0) + "," + host(1) + "]", Files.readString(p.chunks().get(0).file()));
        assertEquals(2 + 2L * HOST_BYTES + 1, p.chunks().get(0).bytes());
        assertBytesAreTheFileSize(p);
    }

    @Test
    void aV1JobRefusesAV2ShapedFileNamingFileAndLine() throws IOException {
        Path in = input("v2.json", "{\"indicator\":[" + host(0) + "],\n\"group\":[\n  " + group("a") + "]}");
        UsageException e = assertThrows(UsageException.class, () -> plan(10, 2_000_000, "V1", in));
        assertEquals(in + ":3:3: a V1 job takes indicators only, but this file holds groups (it is V2-shaped);"
                + " import it as a V2 job", e.getMessage());
        Path assoc = input("assoc.json", "{\"association\":[{\"ref_1\":\"a\",\"id_2\":1}]}");
        UsageException a = assertThrows(UsageException.class, () -> plan(10, 2_000_000, "V1", assoc));
        assertTrue(a.getMessage().startsWith(assoc + ":1:17: a V1 job takes indicators only, but this file holds associations"),
                a.getMessage());
    }

    @Test
    void aV1JobRefusesV2OnlyIndicatorFields() throws IOException {
        Path in = input("v1.json", "[" + host(0) + ",\n {\"type\":\"Host\",\"summary\":\"b.example.com\","
                + "\"securityLabel\":[{\"name\":\"TLP:RED\"}],\"attribute\":[{\"type\":\"Source\",\"value\":\"x\",\"pinned\":true}]}]");
        UsageException e = assertThrows(UsageException.class, () -> plan(10, 2_000_000, "V1", in));
        assertEquals(in + ":2:2: this indicator has V2-only field(s) securityLabel, attribute[].pinned, which a V1 job"
                + " would drop; import it as a V2 job or remove them", e.getMessage());
        Plan ok = plan(10, 2_000_000, "V1", input("plain.json", "[{\"type\":\"Host\",\"summary\":\"c.example.com\","
                + "\"rating\":3,\"xid\":\"x1\",\"ownerName\":\"O\",\"threatAssessScore\":1}]"));
        assertEquals(1, ok.submitted());
    }

    @Test
    void aV1JobRefusesSingletonAndV2OnlyOptions() {
        UsageException s = assertThrows(UsageException.class,
                () -> Preflight.requireV1Compatible(new JobConfig("V1", "O", false, "Create", "Singleton")));
        assertEquals("a V1 job cannot use attributeWriteType Singleton (V1 has Append, Replace and Static);"
                + " use a V2 job or another write type", s.getMessage());
        UsageException o = assertThrows(UsageException.class, () -> Preflight.requireV1Compatible(
                new JobConfig("V1", "O", false, "Create", "Append", "Replace", null, "Merge", null)));
        assertEquals("a V1 job has no tagWriteType, fileMergeMode (V2 only); use a V2 job or leave them out", o.getMessage());
        Preflight.requireV1Compatible(new JobConfig("V1", "O", false, "Create", "Static"));
        Preflight.requireV1Compatible(new JobConfig("V2", "O", false, "Create", "Singleton", "Replace", null, null, null));
    }
}
