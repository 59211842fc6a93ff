package io.tcbatch.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.tcbatch.SharedData;

/**
 * IOC lists as feeds write them: ports, scheme-less URLs, every defang in use, a comment after
 * the value, and the two shared lists with every line accounted for.
 */
class IocFeedsTest {
    @TempDir
    Path dir;

    private static List<InputItem> readAll(Path p) throws IOException {
        return Items.all(p);
    }

    private List<InputItem> read(String text) throws IOException {
        Path p = dir.resolve("feed.txt");
        Files.writeString(p, text, StandardCharsets.UTF_8);
        return readAll(p);
    }

    /** "Type summary" and, when there is one, " | description", of the line's only item. */
    private static String item(String line) {
        List<InputItem> items = IocListReader.parseAll(line, 3);
        assertEquals(1, items.size(), () -> "items of " + line + ": " + items);
        InputItem i = items.get(0);
        assertNull(i.rejectReason(), () -> "rejected: " + i);
        assertTrue(IndicatorRules.check(i.node()).isValid(), () -> "the rules refuse " + i.node());
        String d = i.node().path("description").asText(null);
        return i.node().get("type").asText() + " " + i.node().get("summary").asText() + (d == null ? "" : " | " + d);
    }

    private static String reason(String line) {
        List<InputItem> items = IocListReader.parseAll(line, 3);
        assertEquals(1, items.size(), () -> "items of " + line + ": " + items);
        assertTrue(items.get(0).isRejected(), () -> "taken: " + items.get(0));
        return items.get(0).rejectReason();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '!', value = {
        "192.0.2.7:8080!Address 192.0.2.7 | port 8080",
        "192.0.2[.]7[:]8080!Address 192.0.2.7 | port 8080",
        "[2001:db8::1]:443!Address 2001:db8::1 | port 443",
        "[2001:DB8:0::1]!Address 2001:db8::1",
        "bad.example.com:8443!Host bad.example.com | port 8443",
        "bad[.]example[.]com:8443 # C2!Host bad.example.com | port 8443; C2",
        // A URL keeps its port where it is: a URL indicator has one.
        "http://bad.example.com:8080/gate.php!URL http://bad.example.com:8080/gate.php",
        // An unbracketed IPv6 address has no port: its last group is a group.
        "2001:db8::1:443!Address 2001:db8::1:443",
    })
    void aPortIsKeptInTheDescription(String line, String expected) {
        assertEquals(expected, item(line));
    }

    @Test
    void aValueWithAnImpossiblePortIsRejected() {
        assertTrue(reason("192.0.2.7:70000").startsWith("not a recognised indicator"));
        assertTrue(reason("192.0.2.7:0").startsWith("not a recognised indicator"), "port 0 names no service");
        assertTrue(reason("bad.example.com:http").startsWith("not a recognised indicator"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '!', value = {
        "bad.example.com/inc/Invoice.exe!URL http://bad.example.com/inc/Invoice.exe | scheme added: written as bad.example.com/inc/Invoice.exe",
        "silverisikgaz[.]com/x[.]exe!URL http://silverisikgaz.com/x.exe | scheme added: written as silverisikgaz.com/x.exe",
        "Bad.Example.COM/Path/A.exe!URL http://bad.example.com/Path/A.exe | scheme added: written as Bad.Example.COM/Path/A.exe",
        "192.0.2.7:8080/gate.php!URL http://192.0.2.7:8080/gate.php | scheme added: written as 192.0.2.7:8080/gate.php",
        "[2001:db8::1]:443/x!URL http://[2001:db8::1]:443/x | scheme added: written as [2001:db8::1]:443/x",
        "bad.example.com/!URL http://bad.example.com/ | scheme added: written as bad.example.com/",
    })
    void aUrlWithoutASchemeGetsHttpAndSaysSo(String line, String expected) {
        assertEquals(expected, item(line));
    }

    @Test
    void aSchemelessUrlIsNotGuessedFromACidrOrProse() {
        // Host bits set: a CIDR the sender mistyped, never the URL http://192.0.2.5/24.
        assertTrue(reason("192.0.2.5/24").startsWith("not a recognised indicator"));
        assertEquals("CIDR 192.0.2.0/24", item("192.0.2.0/24"));
        assertTrue(reason("see support.example.com/kb/1 for details")
                .contains("'see' is not an indicator"), "a plain scheme-less URL inside prose is prose");
        assertTrue(reason("and/or").startsWith("not a recognised indicator"));
        assertEquals("not a recognised indicator (a URL path without a host; a URL needs the host name or address"
                + " before its first '/')", reason("/inc/Invoice.exe"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '!', value = {
        "bad[.]example[.]com!Host bad.example.com",
        "bad(.)example{.}com!Host bad.example.com",
        "bad[dot]example(dot)com!Host bad.example.com",
        "bad{DOT}example[Dot]com!Host bad.example.com",
        "bad [.] example [.] com!Host bad.example.com",
        "bad [ dot ] example ( dot ) com!Host bad.example.com",
        "bad\\.example\\.com!Host bad.example.com",
        "192.0.2[.]1!Address 192.0.2.1",
        "192[.]0[.]2[.]1!Address 192.0.2.1",
        "2001:db8[:]:1!Address 2001:db8::1",
        "2001[:]db8[:][:]1!Address 2001:db8::1",
        "hxxp://bad.example.com/x!URL http://bad.example.com/x",
        "hXXps://bad.example.com/x!URL https://bad.example.com/x",
        "HXXP[://]bad[.]example[.]com!URL http://bad.example.com",
        "hxxp[:]//bad.example.com/a[.]exe!URL http://bad.example.com/a.exe",
        "http[s]://bad.example.com/x!URL https://bad.example.com/x",
        "hxxp[s]://bad.example.com/x!URL https://bad.example.com/x",
        "[http]://bad.example.com/x!URL http://bad.example.com/x",
        "[https]://bad.example.com/x!URL https://bad.example.com/x",
        "fxp://files.example.net/drop.zip!URL ftp://files.example.net/drop.zip",
        "hxxp://bad.example.com[/]gate[.]php!URL http://bad.example.com/gate.php",
        "mallory[@]example.org!EmailAddress mallory@example.org",
        "mallory(@)example.org!EmailAddress mallory@example.org",
        "mallory[at]example[.]org!EmailAddress mallory@example.org",
        "mallory(AT)example.org!EmailAddress mallory@example.org",
        "mallory{at}example.org!EmailAddress mallory@example.org",
        "mallory [ at ] example [ . ] org!EmailAddress mallory@example.org",
        "mailto:Mallory[@]example.org!EmailAddress mallory@example.org",
    })
    void restoresEveryDefangInUse(String line, String expected) {
        assertEquals(expected, item(line));
    }

    @Test
    void aBrokenOrProseDefangIsNotGuessed() {
        assertEquals("not a recognised indicator (unknown URL scheme 'htxxp'; a mistyped defang?)",
                reason("htxxp://bad[.]example[.]com/x"));
        assertEquals("not a recognised indicator (unknown URL scheme 'meow'; a mistyped defang?)",
                reason("meow://bad.example.com/x"));
        // A bare "dot" or "at" is a word: without brackets nothing says it was defanged.
        assertTrue(reason("bad dot example dot com").contains("'bad' is not an indicator"));
        // "_dot_" is not undone (underscores are legal in URL paths), and a host has no underscore.
        assertTrue(reason("bad_dot_example_dot_com").startsWith("not a recognised indicator"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '!', value = {
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855;Emotet loader!"
                + "File e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 | Emotet loader",
        "d41d8cd98f00b204e9800998ecf8427e,dropper v2, seen twice!File d41d8cd98f00b204e9800998ecf8427e | dropper v2, seen twice",
        "192.0.2.1,scanner!Address 192.0.2.1 | scanner",
        "'192.0.2.1\tscanner of the week'!Address 192.0.2.1 | scanner of the week",
        "bad.example.com | C2 of campaign X!Host bad.example.com | C2 of campaign X",
        "bad.example.com|C2!Host bad.example.com | C2",
        "'bad.example.com\tC2 server'!Host bad.example.com | C2 server",
        "198.51.100.0/24 ; SBL123456!CIDR 198.51.100.0/24 | SBL123456",
        "192.0.2.1 # scanner.example.org!Address 192.0.2.1 | scanner.example.org",
        "192.0.2.1 // internal note!Address 192.0.2.1 | internal note",
        "192.0.2.1 #!Address 192.0.2.1",
        "http://bad.example.com/page#frag # note!URL http://bad.example.com/page#frag | note",
        // A query or path with a comma or semicolon stays in the URL: the whole word is a URL.
        "http://bad.example.com/a,b;c!URL http://bad.example.com/a,b;c",
        "- e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  invoice 2020.doc!"
                + "File e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 | invoice 2020.doc",
        "- ba4253b54cb921073ad49e34cf931ca6f1bcdd79a53366f36240d42b7f132ccb (initial)!"
                + "File ba4253b54cb921073ad49e34cf931ca6f1bcdd79a53366f36240d42b7f132ccb | initial",
    })
    void theCommentAfterAValueIsItsDescription(String line, String expected) {
        assertEquals(expected, item(line));
    }

    @Test
    void aLineOfValuesOfOneTypeIsAListAndOfTwoTypesAValueAndItsComment() {
        List<InputItem> list = IocListReader.parseAll("192.0.2.1, 192.0.2[.]2;198.51.100.3 | 203.0.113.4 # batch 7", 2);
        assertEquals(List.of("192.0.2.1", "192.0.2.2", "198.51.100.3", "203.0.113.4"),
                list.stream().map(i -> i.node().get("summary").asText()).toList());
        assertTrue(list.stream().allMatch(i -> i.node().get("description").asText().equals("batch 7")));
        assertEquals(List.of(1L, 12L, 24L, 39L), list.stream().map(InputItem::column).toList());
        assertEquals("Address 192.0.2.1 | probe.example.net", item("192.0.2.1,probe.example.net"));
        assertEquals("Address 192.0.2.1 | scanner", item("192.0.2.1 - scanner"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '!', value = {
        // Hosts files: the sink address is how the file blocks; the name is the intelligence.
        "0.0.0.0 bad.example.com!Host bad.example.com",
        "127.0.0.1\tbad[.]example[.]com # ThreatFox!Host bad.example.com | ThreatFox",
        // Adblock/uBlock filter lists.
        "||bad.example.com^!Host bad.example.com",
        "||bad.example.com^$third-party!Host bad.example.com",
        // Numbered and other list markers.
        "1. 192.0.2.1!Address 192.0.2.1",
        "12) hxxp://bad.example.com/x!URL http://bad.example.com/x",
        "+ bad[.]example[.]com!Host bad.example.com",
        // Quoted by a spreadsheet or a mail client.
        "\"192.0.2.1\"!Address 192.0.2.1",
        "<http://bad.example.com/x> phishing page!URL http://bad.example.com/x | phishing page",
        // The fully qualified spelling of a name.
        "bad.example.com.!Host bad.example.com",
    })
    void otherListShapesFeedsUse(String line, String expected) {
        assertEquals(expected, item(line));
    }

    @Test
    void aHostsFileLineWithSeveralNamesGivesEach() {
        List<InputItem> items = IocListReader.parseAll("0.0.0.0 bad.example.com evil.example.net", 1);
        assertEquals(List.of("bad.example.com", "evil.example.net"),
                items.stream().map(i -> i.node().get("summary").asText()).toList());
        assertEquals("not a recognised indicator (a hosts-file line whose names are not all host names to block;"
                + " the sink address 127.0.0.1 is no indicator)", reason("127.0.0.1 localhost"));
        assertEquals("not a recognised indicator (an address range; ThreatConnect has no range type: write it as CIDR"
                + " blocks or single addresses)", reason("192.0.2.1-192.0.2.9"));
    }

    @Test
    void aHostFollowedByWordsNeedsASeparatorToBeTaken() {
        assertTrue(reason("support.example.com is legitimate").contains("could be a host name"));
        assertTrue(reason("bad.example.com:443 and more").contains("could be a host name with a port"));
        assertEquals("Host support.example.com | is legitimate", item("support.example.com # is legitimate"));
    }

    @Test
    void aLineOfSeveralValuesGivesEachTheLineAsContext() {
        List<InputItem> items = IocListReader.parseAll("-  159.65.114[.]23 port 443 - filopipilo[.]top:8443 # C2", 9);
        assertEquals(List.of("Address 159.65.114.23 | 159.65.114[.]23 port 443 - filopipilo[.]top:8443; C2",
                "Host filopipilo.top | port 8443; 159.65.114[.]23 port 443 - filopipilo[.]top:8443; C2"),
                items.stream().map(i -> i.node().get("type").asText() + " " + i.node().get("summary").asText()
                        + " | " + i.node().get("description").asText()).toList());
        assertEquals(List.of(4L, 31L), items.stream().map(InputItem::column).toList(), "each value's own column");
        assertTrue(items.stream().allMatch(i -> i.line() == 9));
    }

    @Test
    void specificReasonsForTheJunkListsCarry() {
        assertEquals("not a recognised indicator ('C91.196.152.28' is the IP address 91.196.152.28 with a stray 'C' in"
                + " front; correct the line if that address is meant)", reason("C91.196.152.28 # probe.onyphe.net"));
        assertEquals("not a recognised indicator (a Windows file path; ThreatConnect has no indicator type for a path)",
                reason("- C:\\Users\\Public\\EyeuD.txt"));
        assertEquals("not a recognised indicator (31 hex digits is no MD5 (32), SHA1 (40) or SHA256 (64) hash)",
                reason("d41d8cd98f00b204e9800998ecf8427"));
    }

    @Test
    void everyLineIsAnItemACommentOrAReject() throws IOException {
        String text = "; Spamhaus-style header\n// C-style header\n# hash header\n\n192.0.2.1 # a\nnot an indicator\n"
                + "- \n*\nbad[.]example[.]com - 198.51.100[.]2\nbad.example.com/x\n";
        List<InputItem> items = read(text);
        Map<Long, List<String>> byLine = new TreeMap<>();
        for (InputItem i : items) {
            byLine.computeIfAbsent(i.line(), k -> new ArrayList<>())
                    .add(i.isRejected() ? "reject" : i.node().get("type").asText());
        }
        Map<Long, List<String>> expected = new LinkedHashMap<>();
        expected.put(5L, List.of("Address"));
        expected.put(6L, List.of("reject"));
        expected.put(9L, List.of("Host", "Address"));
        expected.put(10L, List.of("URL"));
        assertEquals(expected, byLine);
    }

    /** Lines that are neither blank nor a whole-line comment, by the simplest rule. */
    private static Set<Long> contentLines(Path p) throws IOException {
        Set<Long> lines = new TreeSet<>();
        long n = 0;
        for (String l : Files.readAllLines(p)) {
            n++;
            String s = l.strip();
            if (!s.isEmpty() && !s.startsWith("#") && !s.equals("-")) {
                lines.add(n);
            }
        }
        return lines;
    }

    @Test
    void maltrailMassScannerEveryEntryWithItsCommentAsDescription() throws IOException {
        Path file = SharedData.file("iocs/maltrail_mass_scanner.txt");
        List<InputItem> items = readAll(file);
        List<String> lines = Files.readAllLines(file);
        int v4 = 0;
        int v6 = 0;
        int described = 0;
        Set<String> distinct = new HashSet<>();
        List<String> rejects = new ArrayList<>();
        Set<Long> seen = new TreeSet<>();
        for (InputItem i : items) {
            seen.add(i.line());
            if (i.isRejected()) {
                rejects.add(i.line() + ": " + i.rejectReason());
                continue;
            }
            String summary = i.node().get("summary").asText();
            assertEquals("Address", i.node().get("type").asText());
            if (summary.contains(":")) {
                v6++;
            } else {
                v4++;
            }
            distinct.add(summary);
            // The inline comment, as written after " #" or a tab and "#", is the description; none without one.
            String line = lines.get((int) i.line() - 1);
            String[] halves = line.split("\\s#", 2);
            String comment = halves.length < 2 ? null : halves[1].strip();
            assertEquals(comment == null || comment.isEmpty() ? null : comment,
                    i.node().path("description").asText(null), line);
            described += comment == null || comment.isEmpty() ? 0 : 1;
        }
        assertEquals(19_220, items.size());
        assertEquals(17_234, v4);
        assertEquals(1_981, v6);
        assertEquals(19_215 - 380, distinct.size(), "380 duplicates");
        assertTrue(described > 16_000, "most entries carry a comment: " + described);
        assertEquals(List.of(
                "16343: not a recognised indicator (a URL path without a host; a URL needs the host name or address"
                        + " before its first '/')",
                "16347: not a recognised indicator (a URL path without a host; a URL needs the host name or address"
                        + " before its first '/')",
                "17474: not a recognised indicator ('C91.196.152.28' is the IP address 91.196.152.28 with a stray 'C'"
                        + " in front; correct the line if that address is meant)",
                "17484: not a recognised indicator ('C91.196.152.38' is the IP address 91.196.152.38 with a stray 'C'"
                        + " in front; correct the line if that address is meant)",
                "18235: not a recognised indicator ('C91.230.168.27' is the IP address 91.230.168.27 with a stray 'C'"
                        + " in front; correct the line if that address is meant)"), rejects);
        assertEquals(contentLines(file), seen, "every entry line gives an item or a reject, no other line does");
    }

    /*
     * The TA551 note is prose with indicators in it. Where each kind of line ends, and why:
     * - "- <sha256>  <file name>" (20) and bare "- <sha256>" (10), "- <sha256> (initial)" (2):
     *   a hash is unmistakable, so it is taken; what follows it is its description.
     * - "- domain[.]tld - ip[.]x" (9) and "- ip[.]x port 443 - domain[.]tld[ - GET /x]" (7): every
     *   defanged word is an indicator (defanging is how the analyst marks what is malicious);
     *   each carries the whole line as its description.
     * - "- hxxp://…" (4): a URL. "- htxxp://…" (1): a broken defang, rejected with its reason.
     * - "- port 443 - support.oracle.com" (5): the legitimate domains are not defanged and sit in
     *   prose, so they are not taken; the line is rejected, saying its first word is no indicator.
     * - headings, notes, the GET template, Windows paths, command lines: rejected as prose.
     */
    @Test
    void unit42NoteEveryLineEndsWhereItsKindSays() throws IOException {
        Path file = SharedData.file("iocs/unit42_TA551_2020-10-20_IcedID.txt");
        List<InputItem> items = readAll(file);
        Map<String, Integer> types = new TreeMap<>();
        Map<String, Set<String>> distinct = new TreeMap<>();
        Map<Long, String> rejects = new TreeMap<>();
        Set<Long> seen = new TreeSet<>();
        for (InputItem i : items) {
            seen.add(i.line());
            if (i.isRejected()) {
                rejects.put(i.line(), i.rejectReason());
                continue;
            }
            String type = i.node().get("type").asText();
            types.merge(type, 1, Integer::sum);
            distinct.computeIfAbsent(type, k -> new TreeSet<>()).add(i.node().get("summary").asText());
            assertTrue(IndicatorRules.check(i.node()).isValid(), i::toString);
        }
        assertEquals(Map.of("File", 32, "Host", 16, "URL", 4, "Address", 16), types);
        assertEquals(31, distinct.get("File").size());
        assertEquals(16, distinct.get("Host").size());
        assertEquals(11, distinct.get("Address").size());
        assertEquals(4, distinct.get("URL").size());
        assertTrue(distinct.get("URL").stream().allMatch(u -> u.startsWith("http://") && !u.contains("[.]")));
        assertEquals(33, rejects.size());
        assertEquals("not a recognised indicator (unknown URL scheme 'htxxp'; a mistyped defang?)", rejects.get(59L));
        for (long legit = 90; legit <= 94; legit++) {
            assertEquals("not a recognised indicator (free text: the first word 'port' is not an indicator)",
                    rejects.get(legit), "line " + legit);
        }
        assertTrue(distinct.values().stream().flatMap(Set::stream)
                .noneMatch(v -> v.matches(".*(oracle|apple|microsoft|twitter)\\.com.*")), "legitimate domains are prose");
        InputItem doc = items.stream().filter(i -> i.line() == 9).findFirst().orElseThrow();
        assertEquals("charge.010.20.2020.doc", doc.node().get("description").asText());
        InputItem initial = items.stream().filter(i -> i.line() == 103).findFirst().orElseThrow();
        assertEquals("initial", initial.node().get("description").asText());
        List<InputItem> pair = items.stream().filter(i -> i.line() == 32).toList();
        assertEquals(List.of("b7nfcx4.com", "185.103.109.51"), pair.stream().map(i -> i.node().get("summary").asText()).toList());
        assertTrue(pair.stream().allMatch(i -> i.node().get("description").asText().equals("b7nfcx4[.]com - 185.103.109[.]51")));
        assertEquals(contentLines(file), seen, "every non-blank line gives an item or a reject");
    }

    @Test
    void theReadmeExampleGivesWhatTheReadmeSays() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int section = readme.indexOf("#### IOC lists");
        int from = readme.indexOf("```text\n", section) + "```text\n".length();
        String example = readme.substring(from, readme.indexOf("```", from));
        List<String> got = new ArrayList<>();
        for (InputItem i : read(example)) {
            got.add(i.line() + " " + (i.isRejected() ? "reject: " + i.rejectReason()
                    : i.node().get("type").asText() + " " + i.node().get("summary").asText()
                            + " (" + i.node().path("description").asText("") + ")"));
        }
        assertEquals(List.of("2 Address 192.0.2.7 (port 8080; panel)", "3 Host bad.example.com (loader)",
                "4 URL http://bad.example.net/gate.php ()",
                "5 File e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855 (dropper)",
                "6 reject: not a recognised indicator ('C192.0.2.8' is the IP address 192.0.2.8 with a stray 'C' in"
                        + " front; correct the line if that address is meant)"), got);
    }
}
