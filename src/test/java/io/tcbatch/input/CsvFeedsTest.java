package io.tcbatch.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

import io.tcbatch.SharedData;

/**
 * The CSV feeds of ../shared/data, read in place with the mapping guessed from their headers:
 * every row ends as items or a reject, and the items are what the files' sources say they hold.
 */
class CsvFeedsTest {

    /** What a file gave: items per type (valid by the rules), rejects (reader or rules) with their lines. */
    record Read(String format, List<InputItem> items, Map<String, Integer> validByType, List<String> rejects,
                Set<String> uniqueSummaries) {
    }

    static Read read(Path file) throws IOException {
        List<InputItem> items = new ArrayList<>();
        Map<String, Integer> byType = new TreeMap<>();
        List<String> rejects = new ArrayList<>();
        Set<String> unique = new HashSet<>();
        try (ItemSource s = Inputs.open(file)) {
            for (InputItem i = s.next(); i != null; i = s.next()) {
                items.add(i);
                if (i.isRejected()) {
                    rejects.add(i.line() + ": " + i.rejectReason());
                    continue;
                }
                RuleResult r = IndicatorRules.check(i.node());
                if (r.isValid()) {
                    byType.merge(i.node().get("type").asText(), 1, Integer::sum);
                    unique.add(IndicatorRules.dedupKey(r));
                } else {
                    rejects.add(i.line() + ": " + r.reason());
                }
            }
            return new Read(s.formatName(), items, byType, rejects, unique);
        }
    }

    @Test
    void unit42MacroLoaderGivesOneFileAndOneUrlPerRow() throws IOException {
        Path f = SharedData.file("iocs/unit42_macro_loader_iocs.csv");
        Read r = read(f);
        assertEquals("CSV (columns guessed: value Download URL; File from sha256 SHA256; type detected;"
                + " ignored: Timestamp, Dropped Filename, Using BITSAdmin?)", r.format());
        // 654 rows (CRLF, no newline after the last): a URL and a File each, nothing rejected.
        assertEquals(1308, r.items().size());
        assertEquals(List.of(), r.rejects());
        assertEquals(Map.of("File", 654, "URL", 654), r.validByType());
        // SOURCES.md: 654 distinct SHA256, 534 distinct download URLs.
        assertEquals(654 + 534, r.uniqueSummaries().size());
        InputItem url = r.items().get(0);
        assertEquals("{\"type\":\"URL\",\"summary\":\"http://www.pfirsterer.com/chrome/chrome99.exe\"}", url.node().toString());
        assertEquals(2, url.line(), "line 1 is the header");
        assertEquals(79, url.column(), "the column where the Download URL cell starts");
        InputItem last = r.items().get(1307);
        assertEquals("93a7c1b347b5bbd5aab07abd04dee4c33dd38a2a5b7b661e8db07c51533c0c7b", last.node().get("summary").asText());
        assertEquals(655, last.line());
        // The 12 URLs written without a scheme get http://, and say so.
        List<InputItem> noScheme = r.items().stream()
                .filter(i -> i.node().path("description").asText().contains("scheme added")).toList();
        assertEquals(12, noScheme.size());
        assertEquals("{\"type\":\"URL\",\"summary\":\"http://silverisikgaz.com/inc/Invoice.exe\","
                + "\"description\":\"scheme added: written as silverisikgaz[.]com/inc/Invoice[.]exe\"}",
                noScheme.get(0).node().toString());
        assertEquals(9, noScheme.get(0).line());
        // Eight URLs have a space in their path ("mr t/"): kept, as %20.
        List<InputItem> spaced = r.items().stream().filter(i -> i.node().get("summary").asText().contains("%20")
                && i.node().path("description").asText().contains("%20")).toList();
        assertEquals(8, spaced.size());
        assertEquals("http://149.56.65.124/~packingm/mr%20t/obcrypted.exe", spaced.get(0).node().get("summary").asText());
    }

    @Test
    void mandiantHashesAreOneFilePerRow() throws IOException {
        Read r = read(SharedData.file("iocs/mandiant_red_team_all-hashes.csv"));
        assertEquals("CSV (columns guessed: File from md5 md5, sha1 sha1, sha256 sha256)", r.format());
        assertEquals(100, r.items().size());
        assertEquals(Map.of("File", 100), r.validByType());
        assertEquals(100, r.uniqueSummaries().size());
        assertEquals(List.of(), r.rejects());
        assertEquals("013c7708f1343d684e3571453261b586 : 5968670c0345b0ab5404bd84cb60d7af7a625020 :"
                + " 77bdcb2a9873c4629d8675c8ce9cc8a0cf35c514e27f7a6dc2bc4b31f79dd9e2",
                r.items().get(0).node().get("summary").asText());
        assertEquals(101, r.items().get(99).line());
    }

    @Test
    void feodoTrackerBannerQuotedHeaderPortsAndFooter() throws IOException {
        Read r = read(SharedData.file("iocs/abusech_feodotracker_ipblocklist.csv"));
        assertEquals("CSV (columns guessed: value dst_ip; type detected; tags malware; firstSeen first_seen_utc;"
                + " lastSeen last_online; port dst_port; ignored: c2_status)", r.format());
        // 8 banner lines, the quoted header on line 9, 28 rows on lines 10-37, then "# END 28 entries".
        assertEquals(28, r.items().size());
        assertEquals(Map.of("Address", 28), r.validByType());
        assertEquals(List.of(), r.rejects());
        InputItem first = r.items().get(0);
        assertEquals(10, first.line());
        assertEquals("{\"type\":\"Address\",\"summary\":\"192.9.135.73\",\"firstSeen\":\"2023-05-23T17:51:44Z\","
                + "\"lastSeen\":\"2024-04-01T00:00:00Z\",\"tag\":[{\"name\":\"Pikabot\"}],\"description\":\"port 1194\"}",
                first.node().toString());
        assertEquals(37, r.items().get(27).line());
    }

    @Test
    void bulkReportTypeColumnNullsAndTheBadMd5() throws IOException {
        Read r = read(SharedData.file("threatconnect/docs/bulk_report_csv_response.csv"));
        assertEquals("CSV (columns guessed: value Value; type column Type; rating Rating; confidence Confidence)", r.format());
        assertEquals(5, r.items().size());
        assertEquals(Map.of("Address", 1, "EmailAddress", 1, "Host", 1, "URL", 1), r.validByType());
        // The 31-character "MD5" is refused by the File rule, at its line.
        assertEquals(List.of("4: ABCDE123456804A61F2A704811F51BC is not valid. The indicator could not be processed"
                + " as a valid File."), r.rejects());
        // "null" is no value: the Host has neither rating nor confidence; "3.00" is the number 3, as the
        // normaliser sends it for Batch JSON.
        assertEquals("{\"type\":\"Host\",\"summary\":\"example.com\"}", r.items().get(0).node().toString());
        assertEquals("{\"type\":\"Address\",\"summary\":\"192.168.31.136\",\"rating\":3,\"confidence\":0}",
                r.items().get(1).node().toString());
    }
}
