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

/** MISP events (an export, a list, the REST search result) read as Batch items, made up of reserved values. */
class MispReaderTest {
    @TempDir
    Path dir;

    static final String EVENT = """
            {"Event": {
              "id": "12", "uuid": "5f0c7a3e-0000-4000-8000-000000000012", "info": "Phishing wave against example.org",
              "date": "2024-05-01", "Orgc": {"name": "Example CERT"},
              "Tag": [{"name": "tlp:amber"}, {"name": "phishing"}],
              "Attribute": [
                {"type": "ip-dst", "value": "192.0.2.10", "comment": "C2", "to_ids": true, "Tag": [{"name": "c2"}]},
                {"type": "ip-dst|port", "value": "192.0.2.11|8443", "timestamp": "1714521600"},
                {"type": "ip-src", "value": "198.51.100.0/24"},
                {"type": "domain", "value": "bad.example.com", "first_seen": "2024-05-01T00:00:00Z", "last_seen": "2024-05-02T00:00:00Z"},
                {"type": "domain|ip", "value": "c2.example.net|203.0.113.7"},
                {"type": "hostname|port", "value": "mail.example.net|25"},
                {"type": "url", "value": "hxxp://bad.example.com/gate.php"},
                {"type": "md5", "value": "d41d8cd98f00b204e9800998ecf8427e"},
                {"type": "filename|sha256", "value": "invoice.exe|e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
                {"type": "email-src", "value": "sender@example.org"},
                {"type": "AS", "value": "64496"},
                {"type": "user-agent", "value": "Mozilla/5.0 (Example)"},
                {"type": "mutex", "value": "Global\\\\ExampleMutex"},
                {"type": "yara", "value": "rule x { condition: true }"},
                {"type": "link", "value": "https://example.com/report.html"},
                {"type": "ip-dst", "value": "192.0.2.300"},
                {"type": "ip-dst", "value": "192.0.2.12", "deleted": true}
              ],
              "Object": [{"name": "file", "Attribute": [
                {"type": "sha1", "value": "da39a3ee5e6b4b0d3255bfef95601890afd80709"},
                {"type": "size-in-bytes", "value": "0"}]}]
            }}
            """;

    @Test
    void anEventBecomesItsIndicatorsAnEventGroupAndALinkToEach() throws IOException {
        List<InputItem> items = StixReaderTest.read(Inputs.text("e.json", EVENT, Format.AUTO));
        List<String> d = StixReaderTest.describe(items);
        String xid = "5f0c7a3e-0000-4000-8000-000000000012";
        assertEquals(List.of(
                "Address 192.0.2.10", "Address 192.0.2.11", "CIDR 198.51.100.0/24", "Host bad.example.com",
                "Host c2.example.net", "Address 203.0.113.7", "Host mail.example.net", "URL http://bad.example.com/gate.php",
                "File d41d8cd98f00b204e9800998ecf8427e",
                "File e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                "EmailAddress sender@example.org", "ASN ASN64496", "User Agent Mozilla/5.0 (Example)",
                "Mutex Global\\ExampleMutex",
                "19: the MISP attribute type 'yara' has no ThreatConnect indicator type (mapped: ip-src, ip-dst, domain,"
                        + " hostname, domain|ip, url, uri, md5, sha1, sha256, filename|hash, email, AS, user-agent, mutex, regkey)",
                "20: a MISP 'link' points at a report or reference page about the event, not at the threat; it is not"
                        + " imported as a URL indicator",
                "21: the MISP 'ip-dst' value '192.0.2.300' is not an IP address or CIDR block",
                "22: the attribute is marked deleted in MISP",
                "File da39a3ee5e6b4b0d3255bfef95601890afd80709",
                "24: the MISP attribute type 'size-in-bytes' has no ThreatConnect indicator type (mapped: ip-src, ip-dst,"
                        + " domain, hostname, domain|ip, url, uri, md5, sha1, sha256, filename|hash, email, AS, user-agent,"
                        + " mutex, regkey) (in the MISP object 'file')",
                "Event " + xid), d.subList(0, 21));
        // One link from the event to each of the 15 indicators.
        assertEquals(15, d.size() - 21, d.toString());
        assertEquals("assoc " + xid + " -> 192.0.2.10", d.get(21));
        assertEquals("assoc " + xid + " -> da39a3ee5e6b4b0d3255bfef95601890afd80709", d.get(35));

        InputItem c2 = items.get(0);
        assertEquals(6, c2.line());
        assertEquals("C2", c2.node().get("description").asText());
        assertEquals("c2", c2.node().get("tag").get(0).get("name").asText());
        assertEquals("port 8443", items.get(1).node().get("description").asText());
        assertEquals("2024-05-01T00:00:00Z", items.get(1).node().get("externalLastModified").asText());
        assertEquals("2024-05-02T00:00:00Z", items.get(3).node().get("lastSeen").asText());
        assertEquals("port 25", items.get(6).node().get("description").asText());
        assertEquals("invoice.exe", items.get(9).node().get("fileOccurrence").get(0).get("fileName").asText());
        assertEquals("file name invoice.exe", items.get(9).node().get("description").asText());

        InputItem event = items.get(20);
        assertEquals(ItemKind.GROUP, event.kind());
        assertEquals("Phishing wave against example.org", event.node().get("name").asText());
        assertEquals("2024-05-01T00:00:00Z", event.node().get("eventDate").asText());
        assertEquals("phishing", event.node().get("tag").get(0).get("name").asText());
        assertEquals("TLP:AMBER", event.node().get("securityLabel").get(0).get("name").asText());
        assertEquals("MISP: Example CERT", event.node().get("attribute").get(0).get("value").asText());
    }

    @Test
    void aListOfEventsAndTheRestSearchResultAreReadEventByEvent() throws IOException {
        String one = "{\"Event\": {\"uuid\": \"u-1\", \"info\": \"one\", \"Attribute\": [{\"type\": \"ip-dst\", \"value\": \"192.0.2.1\"}]}}";
        String two = "{\"Event\": {\"Attribute\": [{\"type\": \"domain\", \"value\": \"a.example.com\"}], \"uuid\": \"u-2\", \"info\": \"two\"}}";
        List<String> expected = List.of("Address 192.0.2.1", "Event u-1", "assoc u-1 -> 192.0.2.1",
                "Host a.example.com", "Event u-2", "assoc u-2 -> a.example.com");
        List<String> list = StixReaderTest.describe(StixReaderTest.read("[" + one + ",\n" + two + "]"));
        List<String> rest = StixReaderTest.describe(StixReaderTest.read("{\"response\": [" + one + ",\n" + two + "]}"));
        assertEquals(expected.size(), list.size(), list.toString());
        assertEquals(expected, list);
        assertEquals(expected, rest);
        assertEquals(expected, StixReaderTest.describe(StixReaderTest.read(one + "\n" + two + "\n")), "JSON lines of events");
        InputException after = assertThrows(InputException.class, () -> StixReaderTest.read(one + "\n42\n"));
        assertEquals("unexpected a number after the end of the MISP event", after.detail());
    }

    @Test
    void aBareEventIsReadWhenTheFormatIsForced() throws IOException {
        Path f = Files.writeString(dir.resolve("event.dat"), "{\"info\": \"bare\", \"uuid\": \"u-3\", \"Attribute\": ["
                + "{\"type\": \"sha256\", \"value\": \"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"}]}");
        List<String> d = StixReaderTest.describe(StixReaderTest.read(Inputs.file(f, Format.MISP)));
        assertEquals(3, d.size(), d.toString());
        assertEquals("Event u-3", d.get(1));
    }

    @Test
    void aTruncatedEventNamesFileLineAndColumn() throws IOException {
        Path f = Files.writeString(dir.resolve("cut.json"), "{\"Event\": {\"info\": \"cut\",\n \"Attribute\": [\n"
                + "  {\"type\": \"ip-dst\", \"value\": \"192.0.2.1\"},\n  {\"type\": \"ip-dst\", \"val");
        InputException e = assertThrows(InputException.class, () -> StixReaderTest.read(Inputs.file(f)));
        assertEquals(4, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith(f + ":4:"), e.getMessage());
    }

    @Test
    void aRegkeyNeedsTheValueNameAndTypeThatThreatConnectAsksFor() {
        List<com.fasterxml.jackson.databind.node.ObjectNode> keyOnly = new java.util.ArrayList<>();
        assertEquals(null, MispReader.map("regkey", "HKLM\\Software\\Example\\Run", keyOnly));
        RuleResult refused = IndicatorRules.check(keyOnly.get(0));
        assertTrue(!refused.isValid() && refused.reason().contains("Registry Key"), refused.reason());
        List<com.fasterxml.jackson.databind.node.ObjectNode> full = new java.util.ArrayList<>();
        MispReader.map("regkey", "HKEY_LOCAL_MACHINE\\Software\\Example : Run : REG_SZ", full);
        assertTrue(IndicatorRules.check(full.get(0)).isValid(), IndicatorRules.check(full.get(0)).reason());
    }
}
