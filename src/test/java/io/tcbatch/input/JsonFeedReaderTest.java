package io.tcbatch.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON lists of values, lists of plain objects and JSON lines, made up of reserved values; and what stays Batch JSON. */
class JsonFeedReaderTest {
    @TempDir
    Path dir;

    private List<InputItem> read(String name, String content) throws IOException {
        return StixReaderTest.read(Inputs.file(Files.writeString(dir.resolve(name), content)));
    }

    private static String formatOf(Input input) throws IOException {
        try (ItemSource s = input.open(in -> in)) {
            return s.formatName();
        }
    }

    @Test
    void aListOfStringsIsAnIocListWithDefangsRestoredAndRejectsAtTheirLineAndColumn() throws IOException {
        List<InputItem> items = read("iocs.json", """
                ["192.0.2.1", "bad[.]example[.]com",
                  "hxxps://bad.example.com/x", "192.0.2.7:8080", "not an ioc", "2001:db8::1"]
                """);
        assertEquals(List.of("Address 192.0.2.1", "Host bad.example.com", "URL https://bad.example.com/x",
                "Address 192.0.2.7",
                "2: not a recognised indicator (expected an IP address, CIDR, URL, e-mail address, MD5/SHA1/SHA256 hash,"
                        + " ASN or host name)", "Address 2001:db8::1"), StixReaderTest.describe(items));
        assertEquals("port 8080", items.get(3).node().get("description").asText());
        assertEquals(2, items.get(4).line());
        assertEquals(50, items.get(4).column());
        assertEquals("JSON list", formatOf(Inputs.file(dir.resolve("iocs.json"))));
    }

    @Test
    void aListOfObjectsIsMappedByItsKeysAsACsvHeaderIs() throws IOException {
        List<InputItem> items = read("feed.json", """
                [{"ioc": "192.0.2.5", "type": "ip", "tags": ["botnet", "c2"], "rating": 3, "confidence": "80",
                  "comment": "seen in May", "first_seen": "2024-05-01 10:00:00 UTC", "last_seen": 1714608000},
                 {"domain": "bad.example.org", "malware": "ExampleBot"},
                 {"md5": "d41d8cd98f00b204e9800998ecf8427e", "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
                 {"value": "Mozilla/5.0 (Example)", "type": "user-agent"},
                 {"value": "192.0.2.9", "type": "domain"},
                 {"name": "no value here"}]
                """);
        List<String> d = StixReaderTest.describe(items);
        assertEquals(List.of("Address 192.0.2.5", "Host bad.example.org",
                "File d41d8cd98f00b204e9800998ecf8427e : e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "User Agent Mozilla/5.0 (Example)",
                "6: the value '192.0.2.9' is a Address, but its type says 'domain'; correct the type or the value",
                "7: no indicator value: expected one of the keys " + String.join(", ", JsonFeedReader.VALUE_KEYS)
                        + ", md5, sha1 or sha256"), d);
        var ip = items.get(0).node();
        assertEquals(3, ip.get("rating").asInt());
        assertEquals(80, ip.get("confidence").asInt());
        assertEquals("botnet", ip.get("tag").get(0).get("name").asText());
        assertEquals("seen in May", ip.get("description").asText());
        assertEquals("2024-05-01T10:00:00Z", ip.get("firstSeen").asText());
        assertEquals("2024-05-02T00:00:00Z", ip.get("lastSeen").asText());
        assertEquals("ExampleBot", items.get(1).node().get("tag").get(0).get("name").asText());
    }

    @Test
    void jsonLinesAreReadLineByLineWhateverTheirName() throws IOException {
        String lines = """
                {"indicator": "192.0.2.20", "type": "ip"}
                {"url": "http://bad.example.com/a"}
                "c2.example.net"
                42
                """;
        List<String> expected = List.of("Address 192.0.2.20", "URL http://bad.example.com/a", "Host c2.example.net",
                "4: expected an indicator (a string) or an object with its value, found number");
        assertEquals(expected, StixReaderTest.describe(read("feed.jsonl", lines)));
        assertEquals(expected, StixReaderTest.describe(read("feed.ndjson", lines)));
        assertEquals(expected, StixReaderTest.describe(read("feed.json", lines)));
        assertEquals(expected, StixReaderTest.describe(StixReaderTest.read(Inputs.file(dir.resolve("feed.json"),
                Format.parse("jsonl")))));
    }

    @Test
    void batchJsonStaysBatchJsonAndOtherJsonStillSaysSo() throws IOException {
        Path v1 = Files.writeString(dir.resolve("v1.json"), "[{\"type\": \"Host\", \"summary\": \"bad.example.com\"}]");
        assertEquals("Batch JSON V1", formatOf(Inputs.file(v1)));
        Path v2 = Files.writeString(dir.resolve("v2.json"), "{\"indicator\": [{\"type\": \"Address\", \"ip\": \"192.0.2.1\"}]}");
        assertTrue(formatOf(Inputs.file(v2)).startsWith("Batch JSON"), formatOf(Inputs.file(v2)));
        Path typed = Files.writeString(dir.resolve("typed.json"), "[{\"type\": \"Address\", \"ip\": \"192.0.2.1\"}]");
        assertEquals("Batch JSON V1", formatOf(Inputs.file(typed)));
        Path other = Files.writeString(dir.resolve("other.json"), "{\"hello\": \"world\"}");
        InputException e = assertThrows(InputException.class, () -> StixReaderTest.read(Inputs.file(other)));
        assertTrue(e.getMessage().contains("not Batch JSON"), e.getMessage());
    }

    @Test
    void truncatedJsonNamesFileLineAndColumn() throws IOException {
        Path list = Files.writeString(dir.resolve("cut.json"), "[\"192.0.2.1\",\n \"192.0.2.2\",\n \"19");
        InputException e = assertThrows(InputException.class, () -> StixReaderTest.read(Inputs.file(list)));
        assertTrue(e.getMessage().startsWith(list + ":3:"), e.getMessage());
        Path open = Files.writeString(dir.resolve("open.json"), "[\"192.0.2.1\",\n \"192.0.2.2\"\n");
        InputException e2 = assertThrows(InputException.class, () -> StixReaderTest.read(Inputs.file(open)));
        assertTrue(e2.getMessage().startsWith(open + ":"), e2.getMessage());
        Path lines = Files.writeString(dir.resolve("cut.jsonl"), "{\"ioc\": \"192.0.2.1\"}\n{\"ioc\": \"192.0.2.2\"\n");
        InputException e3 = assertThrows(InputException.class, () -> StixReaderTest.read(Inputs.file(lines)));
        assertTrue(e3.getMessage().startsWith(lines + ":"), e3.getMessage());
    }

    @Test
    void theFormatWordsForceTheReaders() {
        assertEquals(Format.MISP, Format.parse("MISP"));
        assertEquals(Format.JSON_LINES, Format.parse("ndjson"));
        assertEquals(List.of("auto", "json", "ioc", "csv", "stix", "misp", "jsonl"), Format.words());
    }
}
