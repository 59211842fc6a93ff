package io.tcbatch.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV syntax and the mapping, on small made-up files with documentation-reserved values. */
class CsvReaderTest {
    @TempDir
    Path dir;

    /** Each item as "line:column type summary [other fields]" or "line:column REJECT reason". */
    private List<String> read(String name, String text, CsvMapping mapping) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return read(p, mapping);
    }

    private static List<String> read(Path p, CsvMapping mapping) throws IOException {
        List<String> out = new ArrayList<>();
        try (ItemSource s = mapping == null ? Inputs.open(p) : Inputs.csv(p, mapping).open(in -> in)) {
            for (InputItem i = s.next(); i != null; i = s.next()) {
                out.add(i.line() + ":" + i.column() + " " + (i.isRejected() ? "REJECT " + i.rejectReason()
                        : i.node().toString()));
            }
        }
        return out;
    }

    private List<String> read(String text) throws IOException {
        return read("feed.csv", text, null);
    }

    @Test
    void quotedFieldsHoldSeparatorsQuotesAndLineBreaksWithTheFilesOwnLineNumbers() throws IOException {
        List<String> items = read("value,comment\n"
                + "\"192.0.2.1\",\"a, b \"\"quoted\"\"\"\n"
                + "198.51.100.2,\"two\n"
                + "lines\"\n"
                + "bad.example.com,after\n");
        assertEquals(List.of(
                "2:1 {\"type\":\"Address\",\"summary\":\"192.0.2.1\",\"description\":\"a, b \\\"quoted\\\"\"}",
                "3:1 {\"type\":\"Address\",\"summary\":\"198.51.100.2\",\"description\":\"two\\nlines\"}",
                "5:1 {\"type\":\"Host\",\"summary\":\"bad.example.com\",\"description\":\"after\"}"), items);
    }

    @Test
    void crlfBomBannerFooterAndEmptyRowsAreSkippedNotRejected() throws IOException {
        List<String> items = read("\uFEFF# Example feed\r\n# generated for a test\r\nip,port\r\n192.0.2.7,443\r\n\r\n,\r\n"
                + "203.0.113.9,\r\n# END 2 entries\r\n\r\n\r\n");
        assertEquals(List.of(
                "4:1 {\"type\":\"Address\",\"summary\":\"192.0.2.7\",\"description\":\"port 443\"}",
                "7:1 {\"type\":\"Address\",\"summary\":\"203.0.113.9\"}"), items);
    }

    @Test
    void raggedRowsAreRejectedWithTheirLineAndWhy() throws IOException {
        List<String> items = read("value,rating,confidence\n192.0.2.1,3\n192.0.2.2,3,50,extra\n192.0.2.3,3,50\n");
        assertEquals(List.of(
                "2:1 REJECT row has 2 fields, the header row (line 1) has 3",
                "3:1 REJECT row has 4 fields, the header row (line 1) has 3; a field holding the separator must be quoted",
                "4:1 {\"type\":\"Address\",\"summary\":\"192.0.2.3\",\"rating\":3,\"confidence\":50}"), items);
    }

    @Test
    void anUnclosedQuoteOrTextAfterAQuoteIsARejectNotACrash() throws IOException {
        assertEquals(List.of("2:1 REJECT text after the closing quote of field 1 at column 4; a quote inside a quoted"
                        + " field is written twice (\"\")", "3:1 {\"type\":\"Host\",\"summary\":\"ok.example.com\"}",
                "4:1 REJECT the quoted field that starts at line 4 column 1 is never closed (a missing \")"),
                read("host\n\"a\"b.example.com\nok.example.com\n\"open.example.com\nmore\n"));
    }

    @Test
    void semicolonIsSniffedAndTsvIsTabs() throws IOException {
        assertEquals(List.of("2:1 {\"type\":\"Host\",\"summary\":\"bad.example.net\",\"rating\":2.5}"),
                read("domain;rating\nbad.example.net;2.5\n"));
        assertEquals(List.of("2:1 {\"type\":\"URL\",\"summary\":\"http://bad.example.org/a,b\",\"tag\":[{\"name\":\"x\"},{\"name\":\"y\"}]}"),
                read("feed.tsv", "url\ttags\nhxxp://bad[.]example[.]org/a,b\tx;y|x\n", null));
    }

    @Test
    void aFileWithoutHeaderTakesColumnsByNumber() throws IOException {
        CsvMapping m = new CsvMapping().header(false).value(2).type("Host").tags("#1");
        assertEquals(List.of("1:4 {\"type\":\"Host\",\"summary\":\"a.example.com\",\"tag\":[{\"name\":\"c2\"}]}",
                        "2:1 REJECT row has 1 field, the first row has 2"),
                read("list.csv", "c2,a.example.com\nb.example.com\n", m));
        InputException e = assertThrows(InputException.class, () -> read("none.csv", "192.0.2.1\n",
                new CsvMapping().header(false).tags(1)));
        assertEquals(dir.resolve("none.csv") + ":1:1: a file without a header row needs a mapping that gives the columns"
                + " by number, e.g. --map header=false,value=#1", e.getMessage());
        InputException auto = assertThrows(InputException.class, () -> read("auto.csv", "192.0.2.1\n",
                CsvMapping.auto().header(false)));
        assertEquals(dir.resolve("auto.csv") + ":1:1: a file without a header row needs a mapping that gives the columns"
                + " by number, e.g. --map header=false,value=#1", auto.getMessage());
    }

    @Test
    void aHeaderNoColumnOfWhichIsAValueIsAnInputErrorNamingTheHeaderLine() throws IOException {
        Path p = dir.resolve("odd.csv");
        Files.writeString(p, "# banner\nwhen,what\n2024-01-01,x\n");
        InputException e = assertThrows(InputException.class, () -> read(p, null));
        assertEquals(p + ":2:1: no column of the header row names an indicator value (columns: 'when', 'what');"
                + " give the mapping, e.g. --map value=COLUMN,type=Address, or csv(path) { value 'COLUMN' }", e.getMessage());
        InputException missing = assertThrows(InputException.class, () -> read(p, CsvMapping.parse("value=ip,tags=what")));
        assertEquals(p + ":2:1: the mapping names column 'ip', which the header row does not have (columns: 'when',"
                + " 'what')", missing.getMessage());
    }

    @Test
    void aHeaderWrittenAsTheLastCommentIsUsed() throws IOException {
        // URLhaus's shape: "# id,dateadded,url,…" then unquoted-header-less rows.
        List<String> items = read("# URL list\n# id,dateadded,url,threat,tags\n"
                + "\"1\",\"2024-05-01 10:00:00\",\"http://bad.example.com/x.exe\",\"malware_download\",\"elf,mips\"\n");
        assertEquals(List.of("3:27 {\"type\":\"URL\",\"summary\":\"http://bad.example.com/x.exe\","
                + "\"firstSeen\":\"2024-05-01T10:00:00Z\",\"tag\":[{\"name\":\"elf\"},{\"name\":\"mips\"}]}"), items);
    }

    @Test
    void aQuotedHeaderCommentedOutJustAboveTheRowsWinsOverARowThatCouldPassAsHeader() throws IOException {
        // ThreatFox's shape: the first row's "url" cell would name a value column on its own.
        List<String> items = read("# ThreatFox IOCs\n#\n# \"first_seen_utc\", \"ioc_value\", \"ioc_type\", \"reference\"\n"
                + "\"2024-04-04 07:00:11\", \"http://bad.example.com/gate.php\", \"url\", \"https://ref.example.org/1\"\n"
                + "\"2024-04-04 07:01:00\", \"192.0.2.80:443\", \"ip:port\", \"\"\n# END\n");
        assertEquals(List.of("4:24 {\"type\":\"URL\",\"summary\":\"http://bad.example.com/gate.php\","
                        + "\"firstSeen\":\"2024-04-04T07:00:11Z\"}",
                "5:24 {\"type\":\"Address\",\"summary\":\"192.0.2.80\",\"firstSeen\":\"2024-04-04T07:01:00Z\","
                        + "\"description\":\"port 443\"}"), items);
    }

    @Test
    void withoutAHeaderTheFirstColumnThatIsAnIndicatorIsTheValue() throws IOException {
        // Bambenek's shape: domain,description,date,manual — no header; the manual's URL is not taken.
        Path p = dir.resolve("c2.csv");
        Files.writeString(p, "# banner\nbad.example.com,C2 of a family,2024-04-04,http://ref.example.org/manual.txt\n"
                + "not an indicator,x,2024-04-04,http://ref.example.org/manual.txt\n");
        assertEquals(List.of("2:1 {\"type\":\"Host\",\"summary\":\"bad.example.com\"}",
                "3:1 REJECT not a recognised indicator: value 'not an indicator' in column #1 is none of an IP address, CIDR,"
                        + " URL, e-mail address, MD5/SHA1/SHA256 hash, ASN or host name; give the type (--map type=TYPE,"
                        + " or type 'TYPE' in the csv block)"), read(p, null));
        try (ItemSource s = Inputs.open(p)) {
            assertEquals("CSV (no header row; value #1 detected; type detected)", s.formatName());
        }
    }

    @Test
    void typeColumnIpPortAndUndetectableValues() throws IOException {
        List<String> items = read("ioc_value,ioc_type,confidence_level\n192.0.2.5:8443,ip:port,75\n"
                + "bad.example.com,domain,50\nnot a value,botnet_cc,50\n198.51.100.1,,\n");
        assertEquals(List.of(
                "2:1 {\"type\":\"Address\",\"summary\":\"192.0.2.5\",\"confidence\":75,\"description\":\"port 8443\"}",
                "3:1 {\"type\":\"Host\",\"summary\":\"bad.example.com\",\"confidence\":50}",
                "4:1 REJECT not a recognised indicator: type 'botnet_cc' (column 'ioc_type') is not an indicator type ("
                        + IndicatorType.API_NAMES + "), and the value 'not a value' in column 'ioc_value' is none of an"
                        + " IP address, CIDR, URL, e-mail address, MD5/SHA1/SHA256 hash, ASN or host name; give the type"
                        + " (--map type=TYPE, or type 'TYPE' in the csv block)",
                "5:1 {\"type\":\"Address\",\"summary\":\"198.51.100.1\"}"), items);
    }

    @Test
    void aRowWithEmptyValueCellsIsRejectedAndSeveralValueColumnsGiveSeveralItems() throws IOException {
        List<String> items = read("src_ip,dst_ip,note\n192.0.2.1,192.0.2.2,n\n,,lonely note\n");
        assertEquals(List.of("2:1 {\"type\":\"Address\",\"summary\":\"192.0.2.1\",\"description\":\"n\"}",
                "2:11 {\"type\":\"Address\",\"summary\":\"192.0.2.2\",\"description\":\"n\"}",
                "3:1 REJECT no value: the columns 'src_ip', 'dst_ip' are empty"), items);
    }

    @Test
    void aMappingGivesFixedTypeConstantsAttributesDatesAndZone() throws IOException {
        CsvMapping m = new CsvMapping().value("Where").type("URL").rating(4).confidence("#3")
                .attribute("Source", "From").firstSeen("Seen").zone("+02:00").source("From");
        List<String> items = read("custom.csv", "Where,Seen,Conf,From\nbad.example.com/x,2024-05-01 12:00,80,lab\n", m);
        assertEquals(List.of("2:1 {\"type\":\"URL\",\"summary\":\"http://bad.example.com/x\",\"rating\":4,"
                + "\"confidence\":80,\"firstSeen\":\"2024-05-01T10:00:00Z\",\"source\":\"lab\","
                + "\"attribute\":[{\"type\":\"Source\",\"value\":\"lab\"}],"
                + "\"description\":\"scheme added: written as bad.example.com/x\"}"), items);
    }

    @Test
    void aBlockWithoutValueColumnsKeepsTheGuessForTheRest() throws IOException {
        CsvMapping m = new CsvMapping().delimiter("|").tags("family").zone("Europe/Berlin");
        Path p = dir.resolve("pipes.csv");
        Files.writeString(p, "ip|family|malware|first_seen\n192.0.2.44|Emotet|x|2024-07-01 12:00\n");
        assertEquals(List.of("2:1 {\"type\":\"Address\",\"summary\":\"192.0.2.44\",\"firstSeen\":\"2024-07-01T10:00:00Z\","
                + "\"tag\":[{\"name\":\"Emotet\"}]}"), read(p, m));
        try (ItemSource s = Inputs.csv(p, m).open(in -> in)) {
            assertEquals("CSV (columns guessed: value ip; type detected; tags family; firstSeen first_seen; ignored: malware)",
                    s.formatName());
        }
    }

    @Test
    void invalidUtf8IsAnInputErrorOnItsLine() throws IOException {
        Path p = dir.resolve("latin1.csv");
        Files.write(p, "host,comment\nbad.example.com,caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        InputException e = assertThrows(InputException.class, () -> read(p, null));
        assertEquals(2, e.line());
        assertEquals(p + ":2:20: not valid UTF-8 (byte 0xe9); the file may be Latin-1 or Windows-1252: save it as UTF-8",
                e.getMessage());
    }

    @Test
    void anEmptyFileHasNoItems() throws IOException {
        assertEquals(List.of(), read("# nothing today\n\n"));
        assertEquals(List.of(), read("value,type\n"));
    }

    @Test
    void datesInTheFormsFeedsWrite() {
        java.time.ZoneId utc = java.time.ZoneId.of("UTC");
        assertEquals("2024-04-04T07:03:03Z", CsvReader.isoDate("2024-04-04 07:03:03", utc));
        assertEquals("2024-04-04T05:03:03Z", CsvReader.isoDate("2024-04-04T07:03:03+02:00", utc));
        assertEquals("2024-04-01T00:00:00Z", CsvReader.isoDate("2024/04/01", utc));
        assertEquals("2024-04-04T07:03:03Z", CsvReader.isoDate("1712214183", utc));
        assertEquals("last week", CsvReader.isoDate("last week", utc), "left for the date rule to reject with its reason");
    }
}
