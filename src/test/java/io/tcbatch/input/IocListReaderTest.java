package io.tcbatch.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.tcbatch.SharedData;

class IocListReaderTest {
    @TempDir
    Path dir;

    private static List<InputItem> readAll(Path p) throws IOException {
        try (ItemSource s = Inputs.open(p)) {
            assertEquals("IOC list", s.formatName());
            return Items.all(s);
        }
    }

    private List<InputItem> read(String text) throws IOException {
        Path p = dir.resolve("list.txt");
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return readAll(p);
    }

    private static InputItem one(String line) {
        InputItem item = IocListReader.parse(line, 7);
        assertEquals(7, item.line());
        assertEquals(item.isRejected() ? 1 : line.indexOf(line.strip().replaceFirst("^[-*] +", "").split("[\\s;,|]")[0]) + 1,
                item.column(), "a value's column is where it starts; a rejected line's is 1");
        return item;
    }

    private static String typed(String line) {
        InputItem item = one(line);
        assertNull(item.rejectReason(), () -> "rejected: " + item);
        return item.node().get("type").asText() + " " + item.node().get("summary").asText();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "192.0.2.1|Address 192.0.2.1",
        "2001:DB8::1|Address 2001:db8::1",
        "198.51.100.0/24|CIDR 198.51.100.0/24",
        "2001:db8::/32|CIDR 2001:db8:0:0:0:0:0:0/32",
        "http://bad.example.com/a?b=1|URL http://bad.example.com/a?b=1",
        "bad@example.org|EmailAddress bad@example.org",
        "d41d8cd98f00b204e9800998ecf8427e|File d41d8cd98f00b204e9800998ecf8427e",
        "da39a3ee5e6b4b0d3255bfef95601890afd80709|File da39a3ee5e6b4b0d3255bfef95601890afd80709",
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855|File e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "ASN64496|ASN ASN64496",
        "AS64496|ASN ASN64496",
        "as64496|ASN ASN64496",
        "c2.example.net|Host c2.example.net",
        "C2.Example.NET|Host c2.example.net",
    })
    void detectsTheTypeOfABareValue(String line, String expected) {
        assertEquals(expected, typed(line));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bad[.]example[.]com|Host bad.example.com",
        "bad(.)example{.}com|Host bad.example.com",
        "bad[dot]example[DOT]com|Host bad.example.com",
        "hxxp://bad[.]example[.]com/x|URL http://bad.example.com/x",
        "HXXPS://bad.example.com/x|URL https://bad.example.com/x",
        "hxxp[://]bad.example.com|URL http://bad.example.com",
        "http[:]//bad.example.com|URL http://bad.example.com",
        "bad[@]example.com|EmailAddress bad@example.com",
        "bad[at]example.com|EmailAddress bad@example.com",
        "192.0.2[.]1|Address 192.0.2.1",
        "2001:db8[:]:1|Address 2001:db8::1",
    })
    void restoresDefangedValues(String line, String expected) {
        assertEquals(expected, typed(line));
    }

    @Test
    void trailingCommentNeedsWhitespaceBeforeTheHash() {
        assertEquals("Address 192.0.2.1", typed("192.0.2.1 # scanner.example.org"));
        assertEquals("Address 192.0.2.1", typed("192.0.2.1\t#tab comment"));
        assertEquals("URL http://bad.example.com/page#frag", typed("http://bad.example.com/page#frag"));
        assertEquals("URL http://bad.example.com/page#frag", typed("http://bad.example.com/page#frag # note"));
    }

    @Test
    void firstWordIsTakenOnlyWhenItIsAClearIndicator() {
        assertEquals("File e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                typed("- e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  invoice 2020.doc"));
        assertEquals("Host bad.example.com", typed("- bad[.]example[.]com - 192.0.2[.]1"));
        assertEquals("Address 192.0.2.1", typed("-  192.0.2[.]1 port 443 - bad[.]example[.]com"));
        InputItem prose = one("- port 443 - support.example.com");
        assertEquals("not a recognised indicator (free text: the first word 'port' is not an indicator)",
                prose.rejectReason());
        assertEquals("- port 443 - support.example.com", prose.raw());
        assertNull(prose.node());
        InputItem hostLike = one("- regsvr32.exe [filename]");
        assertTrue(hostLike.rejectReason().contains("'regsvr32.exe' could be a host name"), hostLike.rejectReason());
    }

    @Test
    void rejectsUndetectableValuesWithTheOriginalText() {
        InputItem junk = one("/w00tw00t.at.ISC.SANS.DFind:)");
        assertEquals("/w00tw00t.at.ISC.SANS.DFind:)", junk.raw());
        assertTrue(junk.rejectReason().startsWith("not a recognised indicator ("), junk.rejectReason());
        assertTrue(one("C192.0.2.28 # probe.example.net").isRejected(), "a last label of digits is not a host");
        assertTrue(one("localhost").isRejected());
        assertTrue(one("d41d8cd98f00b204e9800998ecf8427").isRejected(), "31 hex digits is no hash");
        assertEquals("not a recognised indicator (unknown URL scheme 'htxxp'; a mistyped defang?)",
                one("htxxp://bad[.]example[.]com/x").rejectReason());
    }

    @Test
    void skipsBlankAndCommentLinesAndReportsLineNumbersWithCrlf() throws IOException {
        List<InputItem> items = read("\uFEFF# header\r\n\r\n   \r\n192.0.2.1\r\n  # indented comment\r\n"
                + "bad.example.org   \r\n-\r\n198.51.100.7");
        assertEquals(3, items.size());
        assertEquals(4, items.get(0).line());
        assertEquals("192.0.2.1", items.get(0).node().get("summary").asText());
        assertEquals("192.0.2.1", items.get(0).raw());
        assertEquals(6, items.get(1).line());
        assertEquals("bad.example.org", items.get(1).node().get("summary").asText());
        assertEquals(8, items.get(2).line());
    }

    @Test
    void bomOnTheFirstLineDoesNotHideTheValue() throws IOException {
        List<InputItem> items = read("\uFEFF192.0.2.1\n");
        assertEquals("Address", items.get(0).node().get("type").asText());
    }

    @Test
    void invalidUtf8IsAnInputErrorNamingTheLine() throws IOException {
        Path p = dir.resolve("bad.ioc");
        Files.write(p, new byte[] {'1', '9', '2', '.', '0', '.', '2', '.', '1', '\n', (byte) 0xC3, '(', '\n'});
        InputException e = assertThrows(InputException.class, () -> readAll(p));
        assertEquals(2, e.line());
        assertEquals(1, e.column());
        assertEquals("not valid UTF-8 (byte 0xc3); the file may be Latin-1 or Windows-1252: save it as UTF-8", e.detail());
    }

    @Test
    void listExtensionsAllUseTheIocReader() throws IOException {
        for (String name : List.of("a.txt", "a.ioc", "a.LIST")) {
            Path p = dir.resolve(name);
            Files.writeString(p, "192.0.2.1\n");
            assertEquals(1, readAll(p).size(), name);
        }
    }

    @Test
    void maltrailMassScannerListMatchesItsKnownCounts() throws IOException {
        List<InputItem> items = readAll(SharedData.file("iocs/maltrail_mass_scanner.txt"));
        assertEquals(19_220, items.size());
        Map<String, Integer> types = new TreeMap<>();
        List<Long> rejectedLines = new ArrayList<>();
        List<String> rejectedRaw = new ArrayList<>();
        int ipv6 = 0;
        for (InputItem i : items) {
            if (i.isRejected()) {
                rejectedLines.add(i.line());
                rejectedRaw.add(i.raw());
            } else {
                types.merge(i.node().get("type").asText(), 1, Integer::sum);
                ipv6 += i.node().get("summary").asText().contains(":") ? 1 : 0;
                assertTrue(IndicatorRules.check(i.node()).isValid(), i::toString);
            }
        }
        assertEquals(Map.of("Address", 19_215), types);
        assertEquals(1_981, ipv6);
        assertEquals(List.of(16343L, 16347L, 17474L, 17484L, 18235L), rejectedLines);
        assertEquals("/w00tw00t.at.ISC.SANS.DFind:)", rejectedRaw.get(0));
        assertEquals("/w00tw00t.at.blackhats.romanian.anti-sec:)", rejectedRaw.get(1));
        assertEquals("C91.196.152.28 # probe.onyphe.net", rejectedRaw.get(2));
    }

    @Test
    void unit42ProseNoteYieldsItsHashesAsFilesAndRejectsTheProse() throws IOException {
        List<InputItem> items = readAll(SharedData.file("iocs/unit42_TA551_2020-10-20_IcedID.txt"));
        Map<String, Integer> types = new TreeMap<>();
        int rejected = 0;
        for (InputItem i : items) {
            if (i.isRejected()) {
                rejected++;
                assertTrue(i.rejectReason().startsWith("not a recognised indicator ("), i::toString);
            } else {
                types.merge(i.node().get("type").asText(), 1, Integer::sum);
                assertTrue(IndicatorRules.check(i.node()).isValid(), i::toString);
            }
        }
        // 32 sha256 lines (20 "<sha256>  <file name>", 10 bare, 2 with "(initial)"/"(persistent)");
        // 9 "domain[.]tld - ip[.]x" lines and 7 "ip[.]x port 443 - domain[.]tld" C2 lines, each
        // giving its host AND its address (16 + 16: the 16 domains and 11 distinct IPs SOURCES.md
        // counts); 4 hxxp URLs. The mis-defanged htxxp URL, headings, paths, commands and the
        // undefanged legitimate domains are rejected.
        assertEquals(Map.of("File", 32, "Host", 16, "URL", 4, "Address", 16), types);
        assertEquals(16, items.stream().filter(i -> !i.isRejected() && i.node().get("type").asText().equals("Host"))
                .map(i -> i.node().get("summary").asText()).distinct().count());
        assertEquals(11, items.stream().filter(i -> !i.isRejected() && i.node().get("type").asText().equals("Address"))
                .map(i -> i.node().get("summary").asText()).distinct().count());
        assertEquals(33, rejected);
        InputItem firstDoc = items.stream().filter(i -> i.line() == 9).findFirst().orElseThrow();
        assertEquals("05f6290301015b21d682fafebf09f8977aa90a9c2dfc15941b9405b620b68b6d",
                firstDoc.node().get("summary").asText());
        assertTrue(items.stream().filter(i -> !i.isRejected())
                .noneMatch(i -> i.node().get("summary").asText().contains("oracle.com")));
    }

    @Test
    void everyDefangedIndicatorOfALineIsTakenAtThatLine() {
        List<InputItem> items = IocListReader.parseAll("- bad[.]example.com - 192.0.2[.]7 port 443 plain.example.org", 4);
        assertEquals(List.of("Host bad.example.com", "Address 192.0.2.7"), items.stream()
                .map(i -> i.node().get("type").asText() + " " + i.node().get("summary").asText()).toList());
        assertTrue(items.stream().allMatch(i -> i.line() == 4));
        List<InputItem> prose = IocListReader.parseAll("traffic to evil[.]example.net seen", 9);
        assertEquals(1, prose.size(), "the prose word is not a reject when the line names an indicator");
        assertEquals("evil.example.net", prose.get(0).node().get("summary").asText());
    }
}
