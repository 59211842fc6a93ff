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

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tcbatch.SharedData;

/** STIX 2.0 and 2.1 bundles read as Batch items: the shared Unit 42 bundle and made-up ones of reserved values. */
class StixReaderTest {
    @TempDir
    Path dir;

    static List<InputItem> read(Input input) throws IOException {
        return Items.all(input);
    }

    static List<InputItem> read(String json) throws IOException {
        return read(Inputs.text("t.json", json, Format.AUTO));
    }

    /**
     * An item in one line: "Host c2.example.com" (the rules' normalised key), "Adversary xid",
     * "assoc ref_1 -> ref_2", or "3: reason" for a rejected entry at line 3. Every item that is
     * not rejected must pass the Batch rules, or the reader built something the server refuses.
     */
    static String describe(InputItem i) {
        if (i.isRejected()) {
            return i.line() + ": " + i.rejectReason();
        }
        return switch (i.kind()) {
            case INDICATOR -> {
                RuleResult r = IndicatorRules.check(i.node());
                assertTrue(r.isValid(), r.reason());
                yield r.type() + " " + r.key();
            }
            case GROUP -> {
                RuleResult r = GroupRules.check(i.node());
                assertTrue(r.isValid(), r.reason());
                yield r.type() + " " + r.key();
            }
            case ASSOCIATION -> {
                RuleResult r = AssociationRules.check(i.node());
                assertTrue(r.isValid(), r.reason());
                yield "assoc " + r.key();
            }
        };
    }

    static List<String> describe(List<InputItem> items) {
        return items.stream().map(StixReaderTest::describe).toList();
    }

    static InputItem find(List<InputItem> items, String description) {
        return items.stream().filter(i -> describe(i).equals(description)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + description + " in " + describe(items)));
    }

    @Test
    void theSharedUnit42BundleGivesItsNineteenIndicatorsTheReportAndItsLinks() throws IOException {
        Path p = SharedData.file("iocs/structured/unit42_2024-02-21-AsyncRAT.stix2.json");
        List<InputItem> items;
        String format;
        try (ItemSource s = Inputs.open(p)) {
            items = Items.all(s);
            format = s.formatName();
        }
        assertEquals("STIX 2.0 bundle", format);
        Map<String, Integer> types = new TreeMap<>();
        for (InputItem i : items) {
            assertNull(i.rejectReason(), i.rejectReason());
            types.merge(i.kind().arrayName() + " " + i.node().path("type").asText(), 1, Integer::sum);
        }
        // 19 patterns: url 6, domain-name 5, ipv4-addr 5, file SHA-256 3 (two of them the same hash);
        // the report's 19 object_refs make 18 links, since the two same-hash indicators are one File.
        assertEquals(Map.of("indicator URL", 6, "indicator Host", 5, "indicator Address", 5, "indicator File", 3,
                "group Report", 1, "association ", 18), types);
        List<String> d = describe(items);
        String report = "report--b195a176-37cc-46fe-85bd-d6c2e0f6c9c7";
        assertEquals("Report " + report, d.get(0));
        assertEquals(6, items.get(0).line());
        assertTrue(d.contains("URL https://h4cg7rhbmieqskr.top:25638/"), d.toString());
        assertTrue(d.contains("URL http://bjlkchhaaigceke.top/b%20jzioh%20h.php?"), d.toString());
        assertTrue(d.contains("assoc " + report + " -> http://bjlkchhaaigceke.top/b%20jzioh%20h.php?"), d.toString());
        assertTrue(d.contains("assoc " + report + " -> https://h4cg7rhbmieqskr.top:25638/"), d.toString());
        assertTrue(d.contains("assoc " + report + " -> 167.71.107.109"), d.toString());
        assertEquals(2, d.stream().filter(s -> s.equals("File fb0238b388d9448a6b36aca4e6a9e4fbcbac3afc239cb70251778d40351b5765"))
                .count());

        JsonNode zip = items.get(1).node();
        assertEquals("\u0055\u0440dateInst\u0430ller.zip: SocGholish zip archive came from a malicious fake browser update page.",
                zip.path("description").asText(), "the name (a file name here) before the description");
        assertEquals("malicious-activity", zip.at("/tag/0/name").asText());
        assertEquals("2024-02-21T16:04:00.001Z", zip.path("firstSeen").asText());
        assertEquals("2024-02-21T21:58:00.001Z", zip.path("externalDateAdded").asText());
        assertEquals(52, items.get(1).line());
        JsonNode ip = find(items, "Address 5.161.113.150").node();
        assertEquals("IP address for Async RAT C2 domain seen on 2024-02-21.", ip.path("description").asText(),
                "a name that is the value itself is not repeated");

        JsonNode r = items.get(0).node();
        assertEquals("Parrot TDS --> SocGholish --> Async RAT", r.path("name").asText());
        assertEquals("2024-02-21T22:09:00.001Z", r.path("publishDate").asText());
        assertEquals("Description", r.at("/attribute/0/type").asText());
        assertTrue(r.at("/attribute/0/value").asText().startsWith("Site with Parrot TDS"), r.toString());
        assertEquals("https://www.linkedin.com/posts/unit42_parrottds-socgholish-asyncrat-activity-7166192124441415681-rnLv",
                r.at("/attribute/1/value").asText());
        assertEquals("timely-threat-intelligence-post", r.at("/tag/0/name").asText());
    }

    /** One object a line, so an object's line is its index + 2. */
    static final String BUNDLE = """
            {"type":"bundle","id":"bundle--01","objects":[
            {"type":"identity","spec_version":"2.1","id":"identity--01","name":"Example Org CERT","identity_class":"organization"},
            {"type":"relationship","spec_version":"2.1","id":"relationship--01","relationship_type":"indicates","source_ref":"indicator--01","target_ref":"malware--01"},
            {"type":"indicator","spec_version":"2.1","id":"indicator--01","pattern_type":"stix","pattern":"[ipv4-addr:value = '192.0.2.10' OR domain-name:value = 'C2.Example.com']","name":"C2 pair","description":"seen in the spring wave","confidence":85,"indicator_types":["malicious-activity"],"labels":["feed-x"],"valid_from":"2024-05-01T00:00:00Z","valid_until":"2024-08-01T00:00:00Z","created_by_ref":"identity--01","external_references":[{"source_name":"Example blog","url":"https://blog.example.org/spring"}]},
            {"type":"indicator","spec_version":"2.1","id":"indicator--02","pattern_type":"stix","pattern":"[file:hashes.MD5 = 'D41D8CD98F00B204E9800998ECF8427E' AND file:hashes.'SHA-256' = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' AND file:hashes.'SHA-512' = 'cf83' AND file:name = 'empty.bin' AND file:size = 0]","valid_from":"2024-05-01T00:00:00Z"},
            {"type":"indicator","spec_version":"2.1","id":"indicator--03","pattern_type":"stix","pattern":"[ipv4-addr:value = '198.51.100.0/24']","valid_from":"2024-05-01T00:00:00Z"},
            {"type":"indicator","spec_version":"2.1","id":"indicator--04","pattern_type":"stix","pattern":"[ipv6-addr:value = '2001:DB8:0:0:0:0:0:1/128']","valid_from":"2024-05-01T00:00:00Z"},
            {"type":"indicator","spec_version":"2.1","id":"indicator--05","pattern_type":"stix","pattern":"[url:value = 'http://bad.example.net/a?b=1'] AND [email-addr:value = 'phish@example.org'] WITHIN 300 SECONDS","valid_from":"2024-05-01T00:00:00Z"},
            {"type":"indicator","spec_version":"2.1","id":"indicator--06","pattern_type":"stix","pattern":"[autonomous-system:number = 64500] OR [mutex:name = 'Global\\\\\\\\BadMutex']","valid_from":"2024-05-01T00:00:00Z"},
            {"type":"indicator","spec_version":"2.1","id":"indicator--07","pattern_type":"stix","pattern":"[network-traffic:dst_ref.type = 'ipv4-addr' AND network-traffic:dst_ref.value = '203.0.113.5' AND network-traffic:dst_port = 443]","valid_from":"2024-05-01T00:00:00Z"},
            {"type":"indicator","spec_version":"2.1","id":"indicator--08","pattern_type":"stix","pattern":"[ipv4-addr:value ISSUBSET '203.0.113.0/25' OR email-message:subject = 'Your invoice']","valid_from":"2024-05-01T00:00:00Z"},
            {"type":"indicator","spec_version":"2.1","id":"indicator--09","pattern_type":"stix","pattern":"[domain-name:value MATCHES '^.*\\\\\\\\.example\\\\\\\\.com$']","valid_from":"2024-05-01T00:00:00Z"},
            {"type":"indicator","spec_version":"2.1","id":"indicator--10","pattern_type":"stix","pattern":"[process:name = 'evil.exe']","valid_from":"2024-05-01T00:00:00Z"},
            {"type":"indicator","spec_version":"2.1","id":"indicator--11","pattern_type":"stix","pattern":"[windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\\\\\Software\\\\\\\\Bad']","valid_from":"2024-05-01T00:00:00Z"},
            {"type":"indicator","spec_version":"2.1","id":"indicator--12","pattern_type":"stix","pattern":"[ipv4-addr:value = '192.0.2.1'","valid_from":"2024-05-01T00:00:00Z"},
            {"type":"indicator","spec_version":"2.1","id":"indicator--13","pattern_type":"yara","name":"bad_rule","pattern":"rule bad { condition: true }","valid_from":"2024-05-01T00:00:00Z"},
            {"type":"ipv4-addr","spec_version":"2.1","id":"ipv4-addr--01","value":"192.0.2.20"},
            {"type":"domain-name","spec_version":"2.1","id":"domain-name--01","value":"sco.example.com"},
            {"type":"url","spec_version":"2.1","id":"url--01","value":"https://sco.example.org/x"},
            {"type":"file","spec_version":"2.1","id":"file--01","hashes":{"SHA-1":"DA39A3EE5E6B4B0D3255BFEF95601890AFD80709"},"name":"blank.txt"},
            {"type":"mac-addr","spec_version":"2.1","id":"mac-addr--01","value":"00:00:5e:00:53:01"},
            {"type":"x-example-thing","spec_version":"2.1","id":"x-example-thing--01"},
            {"type":"malware","spec_version":"2.1","id":"malware--01","name":"Bad Loader","is_family":true,"description":"A loader."},
            {"type":"threat-actor","spec_version":"2.1","id":"threat-actor--01","name":"Example Spider"},
            {"type":"campaign","spec_version":"2.1","id":"campaign--01","name":"Spring wave","first_seen":"2024-04-01T00:00:00Z"},
            {"type":"intrusion-set","spec_version":"2.1","id":"intrusion-set--01","name":"Example Set"},
            {"type":"tool","spec_version":"2.1","id":"tool--01","name":"Example Tool"},
            {"type":"attack-pattern","spec_version":"2.1","id":"attack-pattern--01","name":"Phishing"},
            {"type":"vulnerability","spec_version":"2.1","id":"vulnerability--01","name":"CVE-2024-0001"},
            {"type":"course-of-action","spec_version":"2.1","id":"course-of-action--01","name":"Block the range"},
            {"type":"incident","spec_version":"2.1","id":"incident--01","name":"Phish 42","first_seen":"2024-05-02T00:00:00Z"},
            {"type":"report","spec_version":"2.1","id":"report--01","name":"Spring report","published":"2024-05-03T00:00:00Z","object_refs":["indicator--03","identity--01","relationship--01","indicator--09","indicator--99","campaign--01"]},
            {"type":"relationship","spec_version":"2.1","id":"relationship--02","relationship_type":"uses","source_ref":"threat-actor--01","target_ref":"malware--01"},
            {"type":"relationship","spec_version":"2.1","id":"relationship--03","relationship_type":"related-to","source_ref":"indicator--01","target_ref":"identity--01"},
            {"type":"relationship","spec_version":"2.1","id":"relationship--04","relationship_type":"related-to","source_ref":"indicator--03","target_ref":"indicator--04"},
            {"type":"relationship","spec_version":"2.1","id":"relationship--05","relationship_type":"uses","source_ref":"campaign--01"},
            {"type":"observed-data","spec_version":"2.1","id":"observed-data--01","number_observed":1},
            {"type":"relationship","spec_version":"2.1","id":"relationship--06","relationship_type":"indicates","source_ref":"indicator--98","target_ref":"campaign--01"}
            ]}
            """;

    @Test
    void aStix21BundleMapsEachKindOfObjectAndRejectsWhatHasNoCounterpartWithItsLine() throws IOException {
        List<InputItem> items = read(BUNDLE);
        assertEquals(List.of(
                // [ipv4-addr OR domain-name]: two indicators
                "Address 192.0.2.10",
                "Host c2.example.com",
                // the AND of one file's hashes: ONE File (SHA-512 has no place in it and is left out)
                "File d41d8cd98f00b204e9800998ecf8427e : e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "CIDR 198.51.100.0/24",
                "Address 2001:db8::1",
                // [url] AND [email-addr] WITHIN 300 SECONDS: both values, the qualifier dropped
                "URL http://bad.example.net/a?b=1",
                "EmailAddress phish@example.org",
                "ASN ASN64500",
                "Mutex Global\\BadMutex",
                // network-traffic: the destination address; the port and the ref's type narrow it down
                "Address 203.0.113.5",
                "CIDR 203.0.113.0/25",
                "Email Subject Your invoice",
                "12: [domain-name:value MATCHES '^.*\\\\.example\\\\.com$'] uses MATCHES; a ThreatConnect indicator is one exact value, not a match",
                "13: process:name has no ThreatConnect indicator type (in [process:name = 'evil.exe'])",
                "14: windows-registry-key:key has no ThreatConnect indicator type (in [windows-registry-key:key = 'HKEY_LOCAL_MACHINE\\\\Software\\\\Bad'])",
                "15: the pattern does not parse at character 31: expected ']' closing the observation, found end of pattern",
                "Signature indicator--13",
                // top-level SCOs
                "Address 192.0.2.20",
                "Host sco.example.com",
                "URL https://sco.example.org/x",
                "File da39a3ee5e6b4b0d3255bfef95601890afd80709",
                "21: a mac-addr object has no ThreatConnect indicator type",
                "22: unknown STIX object type 'x-example-thing'",
                "Malware malware--01",
                "Adversary threat-actor--01",
                "Campaign campaign--01",
                "Intrusion Set intrusion-set--01",
                "Tool tool--01",
                "Attack Pattern attack-pattern--01",
                "Vulnerability vulnerability--01",
                "Course of Action course-of-action--01",
                "Incident incident--01",
                "Report report--01",
                // the report's object_refs: its relationship--01 is not an end (it is read on its own)
                "assoc report--01 -> 198.51.100.0/24",
                "32: cannot link: identity--01 is not imported: identity objects describe the bundle's authors and markings, not the threat",
                "32: cannot link: indicator--09 is not imported: [domain-name:value MATCHES '^.*\\\\.example\\\\.com$'] uses MATCHES; a ThreatConnect indicator is one exact value, not a match",
                "assoc report--01 -> campaign--01",
                "assoc threat-actor--01 -> malware--01",
                "34: cannot link: identity--01 is not imported: identity objects describe the bundle's authors and markings, not the threat",
                "35: cannot link two indicators (198.51.100.0/24 and 2001:db8::1): ThreatConnect needs a custom association type for that, which STIX does not name",
                "36: relationship relationship--05 has no target_ref",
                "37: observed-data objects have no ThreatConnect counterpart and are not imported",
                // relationship--01 (line 3) came before both its ends: made at the end of the file, for each
                // indicator its pattern gave
                "assoc 192.0.2.10 -> malware--01",
                "assoc c2.example.com -> malware--01",
                "32: cannot link: indicator--99 is not in this bundle",
                "38: cannot link: indicator--98 is not in this bundle"), describe(items));
        assertEquals(3, items.get(items.size() - 3).line(), "a link is reported at the relationship's line");
        assertEquals("relationship relationship--01 (indicator--01 indicates malware--01)", items.get(items.size() - 3).raw());

        JsonNode c2 = items.get(1).node();
        assertEquals(85, c2.path("confidence").asInt());
        assertEquals("C2 pair: seen in the spring wave", c2.path("description").asText());
        assertEquals("[{\"name\":\"feed-x\"},{\"name\":\"malicious-activity\"}]", c2.path("tag").toString());
        assertEquals("https://blog.example.org/spring", c2.path("source").asText());
        assertEquals("2024-05-01T00:00:00Z", c2.path("firstSeen").asText());
        assertEquals("2024-08-01T00:00:00Z", c2.path("externalDateExpires").asText());
        assertEquals(4, items.get(1).line());
        assertEquals("indicator--01 [ipv4-addr:value = '192.0.2.10' OR domain-name:value = 'C2.Example.com']", items.get(1).raw());

        JsonNode file = items.get(2).node();
        assertEquals("[{\"fileName\":\"empty.bin\"}]", file.path("fileOccurrence").toString());
        assertEquals(0, file.path("size").asInt());
        assertTrue(file.has("size"));
        assertEquals(List.of("type", "md5", "sha256", "size", "fileOccurrence", "firstSeen"), fieldNames(file));

        JsonNode sig = find(items, "Signature indicator--13").node();
        assertEquals("YARA", sig.path("fileType").asText());
        assertEquals("bad_rule.yar", sig.path("fileName").asText());
        assertEquals("rule bad { condition: true }", sig.path("fileText").asText());
        assertEquals("[{\"fileName\":\"blank.txt\"}]", find(items, "File da39a3ee5e6b4b0d3255bfef95601890afd80709").node()
                .path("fileOccurrence").toString());
        assertEquals("2024-05-02T00:00:00Z", find(items, "Incident incident--01").node().path("eventDate").asText());
        assertEquals("2024-04-01T00:00:00Z", find(items, "Campaign campaign--01").node().path("firstSeen").asText());
        assertEquals("[{\"type\":\"Description\",\"value\":\"A loader.\",\"displayed\":true}]",
                find(items, "Malware malware--01").node().path("attribute").toString());
        assertEquals("Bad Loader", find(items, "Malware malware--01").node().path("name").asText());
        assertEquals("2024-05-03T00:00:00Z", find(items, "Report report--01").node().path("publishDate").asText());
    }

    static List<String> fieldNames(JsonNode n) {
        List<String> names = new ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void aStix20BundleHasNoPatternTypeAndItsLabelsAreTags() throws IOException {
        List<InputItem> items = read("""
                {"type": "bundle", "id": "bundle--02", "spec_version": "2.0", "objects": [
                  {"type": "indicator", "id": "indicator--21", "labels": ["malicious-activity"],
                   "pattern": "[ipv4-addr:value IN ('192.0.2.1', '192.0.2.2')] OR [url:value = 'http://x.example.com/']",
                   "valid_from": "2020-01-01T00:00:00Z", "revoked": true},
                  {"type": "threat-actor", "id": "threat-actor--21", "name": "Example Panda", "labels": ["nation-state"]},
                  {"type": "relationship", "id": "relationship--21", "relationship_type": "indicates",
                   "source_ref": "indicator--21", "target_ref": "threat-actor--21"}
                ]}
                """);
        assertEquals(List.of("Address 192.0.2.1", "Address 192.0.2.2", "URL http://x.example.com/", "Adversary threat-actor--21",
                "assoc 192.0.2.1 -> threat-actor--21", "assoc 192.0.2.2 -> threat-actor--21",
                "assoc http://x.example.com/ -> threat-actor--21"), describe(items));
        assertEquals("[{\"name\":\"malicious-activity\"}]", items.get(0).node().path("tag").toString());
        assertEquals(false, items.get(0).node().path("active").asBoolean(true), "a revoked indicator is not active");
        assertEquals("[{\"name\":\"nation-state\"}]", items.get(3).node().path("tag").toString());
        assertEquals(2, items.get(0).line());
        assertEquals(6, items.get(5).line(), "the relationship's line");
    }

    @Test
    void aBareListOfStixObjectsInAJsonFileIsReadAsStixAndSoIsOneObject() throws IOException {
        Path list = Files.writeString(dir.resolve("objects.json"), """
                [{"type":"indicator","spec_version":"2.1","id":"indicator--0f0e0d0c-0000-4000-8000-000000000001",
                  "pattern":"[domain-name:value = 'list.example.com']","pattern_type":"stix","valid_from":"2024-01-01T00:00:00Z"},
                 {"type":"ipv6-addr","spec_version":"2.1","id":"ipv6-addr--0f0e0d0c-0000-4000-8000-000000000002","value":"2001:db8::7"}]
                """);
        try (ItemSource s = Inputs.open(list)) {
            assertEquals("STIX 2 objects (a list)", s.formatName());
            assertEquals("Host list.example.com", describe(s.next()));
            assertEquals("Address 2001:db8::7", describe(s.next()));
            assertNull(s.next());
        }
        Path one = Files.writeString(dir.resolve("one.json"), """
                {"type":"domain-name","spec_version":"2.1","id":"domain-name--0f0e0d0c-0000-4000-8000-000000000003",
                 "value":"one.example.net"}
                """);
        try (ItemSource s = Inputs.open(one)) {
            assertEquals("Host one.example.net", describe(s.next()));
            assertNull(s.next());
            assertEquals("STIX 2 object", s.formatName(), "known once the object is read");
        }
    }

    @Test
    void batchJsonThatMentionsAStixIdInAValueIsStillBatchJson() throws IOException {
        Path p = Files.writeString(dir.resolve("batch.json"), """
                {"indicator":[{"type":"Host","summary":"a.example.com",
                  "description":"from \\"id\\": \\"indicator--0f0e0d0c-0000-4000-8000-000000000061\\""}]}
                """);
        try (ItemSource s = Inputs.open(p)) {
            assertEquals("Host a.example.com", describe(s.next()));
            assertEquals("Batch JSON V2", s.formatName());
        }
    }

    @Test
    void aPatternTypeWithoutACounterpartAndAnIndicatorWithoutAPatternAreRejected() throws IOException {
        List<InputItem> items = read("""
                {"type":"bundle","id":"bundle--03","objects":[
                {"type":"indicator","spec_version":"2.1","id":"indicator--31","pattern_type":"spl","pattern":"index=main bad"},
                {"type":"indicator","spec_version":"2.1","id":"indicator--32","pattern_type":"stix"},
                {"type":"file","spec_version":"2.1","id":"file--31","name":"nohash.bin"},
                {"type":"indicator","spec_version":"2.1","id":"indicator--33","pattern":"[file:name = 'a.exe']"},
                {"type":"indicator","spec_version":"2.1","id":"indicator--34","pattern":"[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e' AND file:hashes.MD5 = '00000000000000000000000000000000']"},
                {"type":"indicator","spec_version":"2.1","id":"indicator--35","pattern":"[ipv4-addr:value != '192.0.2.1']"},
                {"type":"indicator","spec_version":"2.1","id":"indicator--36","pattern":"[domain-name:value = \\"a.example.com\\"]"},
                {"id":"indicator--37"}
                ]}
                """);
        assertEquals(List.of(
                "2: pattern_type 'spl' has no ThreatConnect counterpart (stix patterns become indicators; yara, snort,"
                        + " suricata, sigma and pcre Signatures)",
                "3: indicator indicator--32 has no pattern",
                "4: file file--31 has no MD5, SHA-1 or SHA-256 hash, which a ThreatConnect File needs",
                "5: [file:name = 'a.exe'] names no MD5, SHA-1 or SHA-256 hash, which a ThreatConnect File needs",
                "6: [file:hashes.MD5 = '00000000000000000000000000000000'] gives the file a second MD5; one file has one",
                "7: [ipv4-addr:value != '192.0.2.1'] is a negation; a ThreatConnect indicator is one value that is present",
                "8: the pattern does not parse at character 22: strings in a STIX pattern take single quotes ('…'), not double",
                "9: a STIX object without a \"type\""), describe(items));
    }

    @Test
    void malformedJsonStopsWithFileLineAndColumn() throws IOException {
        Path notJson = Files.writeString(dir.resolve("feed.stix"), "this is not JSON\n");
        InputException e = assertThrows(InputException.class, () -> read(Inputs.file(notJson, Format.STIX)));
        assertEquals(notJson + ":1:6: unrecognized token 'this': was expecting a JSON value", e.getMessage().replace(
                "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')", "a JSON value"));

        Path truncated = Files.writeString(dir.resolve("cut.json"), "{\"type\":\"bundle\",\"id\":\"bundle--04\",\"objects\":[\n"
                + "{\"type\":\"ipv4-addr\",\"id\":\"ipv4-addr--41\",\"value\":\"192.0.2.41\"},\n"
                + "{\"type\":\"ipv4-addr\",\"id\":\"ipv4-addr--42\",\"val");
        List<String> seen = new ArrayList<>();
        e = assertThrows(InputException.class, () -> {
            try (ItemSource s = Inputs.open(truncated)) {
                InputItem i;
                while ((i = s.next()) != null) {
                    seen.add(describe(i));
                }
            }
        });
        assertEquals(List.of("Address 192.0.2.41"), seen, "read up to the damage; the preflight then stops before sending");
        assertEquals(3, e.line());
        assertEquals(truncated + ":3:" + e.column() + ": unexpected end of file", e.getMessage());
        assertTrue(e.column() > 30, e.getMessage());

        Path bad = Files.writeString(dir.resolve("bad.json"), "{\"type\":\"bundle\",\"objects\":[\n{\"type\":\"url\",\"value\":\"http://a.example.com/\",}]}");
        e = assertThrows(InputException.class, () -> read(Inputs.file(bad)));
        assertEquals(2, e.line());
        assertEquals(47, e.column());

        Path report = Files.writeString(dir.resolve("report.json"), "{\"type\":\"report\",\n\"objects\":[]}");
        e = assertThrows(InputException.class, () -> read(Inputs.file(report, Format.STIX)));
        assertEquals(report + ":2:11: not a STIX bundle: its \"type\" is 'report', expected 'bundle'", e.getMessage());

        Path trailing = Files.writeString(dir.resolve("two.json"), "{\"type\":\"bundle\",\"objects\":[]}\n[]");
        e = assertThrows(InputException.class, () -> read(Inputs.file(trailing)));
        assertEquals(trailing + ":2:1: unexpected an array after the end of the JSON document", e.getMessage());
    }

    @Test
    void latin1BytesAreNamedAtTheirLineAndColumn() throws IOException {
        Path p = dir.resolve("latin1.json");
        byte[] head = "{\"type\":\"bundle\",\"objects\":[\n{\"type\":\"domain-name\",\"id\":\"domain-name--51\",\"value\":\"caf".getBytes(StandardCharsets.UTF_8);
        byte[] tail = ".example.com\"}]}".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + 1 + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        all[head.length] = (byte) 0xE9;
        System.arraycopy(tail, 0, all, head.length + 1, tail.length);
        Files.write(p, all);
        InputException e = assertThrows(InputException.class, () -> read(Inputs.file(p)));
        assertEquals(p + ":2:58: not valid UTF-8 (byte 0xe9); the file may be Latin-1 or Windows-1252: save it as UTF-8",
                e.getMessage());
    }

    @Test
    void aBundleWhoseObjectsIsNotAListIsRefused() throws IOException {
        InputException e = assertThrows(InputException.class, () -> read("{\"type\":\"bundle\",\"objects\":{\"a\":1}}"));
        assertEquals("t.json:1:1: the bundle's \"objects\" must be an array, not {\"a\":1}", e.getMessage());
        List<InputItem> one = read("{\"type\":\"observed-data\",\"id\":\"observed-data--0f0e0d0c-0000-4000-8000-000000000052\",\"objects\":{\"0\":{}}}");
        assertEquals(List.of("1: observed-data objects have no ThreatConnect counterpart and are not imported"), describe(one));
    }

    @Test
    void utf16IsRefusedBeforeParsing() throws IOException {
        Path p = dir.resolve("utf16.json");
        Files.write(p, "{\"type\":\"bundle\",\"objects\":[]}".getBytes(StandardCharsets.UTF_16LE));
        InputException e = assertThrows(InputException.class, () -> read(Inputs.file(p, Format.STIX)));
        assertEquals(1, e.line());
        assertTrue(e.getMessage().contains("UTF-16LE"), e.getMessage());
    }

    @Test
    void theReaderRemembersOneEntryAnObjectNotAnItemNorALink() throws IOException {
        // Its one structure that grows with the input (the class comment's ~280 bytes an object):
        // a second version of an object and a link that names known objects add nothing to it.
        String bundle = """
                {"type":"bundle","id":"bundle--0f0e0d0c-0000-4000-8000-000000000071","objects":[
                {"type":"indicator","spec_version":"2.1","id":"indicator--0f0e0d0c-0000-4000-8000-000000000071","pattern_type":"stix","pattern":"[ipv4-addr:value = '192.0.2.71']","valid_from":"2024-05-01T00:00:00Z"},
                {"type":"indicator","spec_version":"2.1","id":"indicator--0f0e0d0c-0000-4000-8000-000000000072","pattern_type":"stix","pattern":"[domain-name:value = 'remember.example.com']","valid_from":"2024-05-01T00:00:00Z"},
                {"type":"indicator","spec_version":"2.1","id":"indicator--0f0e0d0c-0000-4000-8000-000000000071","pattern_type":"stix","pattern":"[ipv4-addr:value = '192.0.2.71']","valid_from":"2024-05-02T00:00:00Z"},
                {"type":"campaign","spec_version":"2.1","id":"campaign--0f0e0d0c-0000-4000-8000-000000000073","name":"Remembered"},
                {"type":"relationship","spec_version":"2.1","id":"relationship--0f0e0d0c-0000-4000-8000-000000000074","relationship_type":"indicates","source_ref":"indicator--0f0e0d0c-0000-4000-8000-000000000072","target_ref":"campaign--0f0e0d0c-0000-4000-8000-000000000073"}
                ]}
                """;
        try (StixReader r = new StixReader("r.json", new java.io.ByteArrayInputStream(bundle.getBytes(StandardCharsets.UTF_8)))) {
            List<InputItem> items = Items.all(r);
            assertEquals(List.of("INDICATOR", "INDICATOR", "INDICATOR", "GROUP", "ASSOCIATION"),
                    items.stream().map(i -> i.kind().name()).toList(), describe(items).toString());
            assertEquals(3, r.rememberedIds(), "two indicators and a campaign");
        }
    }
}
