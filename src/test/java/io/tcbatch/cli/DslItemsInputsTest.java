package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.tcbatch.input.GroupRules;
import io.tcbatch.input.IndicatorType;

/**
 * Items written in a script ({@code indicators { }}, {@code groups { }}, {@code associate}) sent
 * to a sandbox and read back through its read API, and the mistakes in them named by script line.
 */
class DslItemsInputsTest extends DslSandboxSupport {
    private JsonNode run(Path script, int expectedCode) throws IOException {
        Cli.Result r = sb.run("--profile", "sb", "--output", "json", script.toString());
        assertEquals(expectedCode, r.code(), r.err() + r.out());
        return SandboxFixture.JSON.readTree(r.out());
    }

    @Test
    void theIssuesExampleImportsAsWrittenWithTagsAttributesGroupAndAssociation() throws Exception {
        Path s = script("issue.groovy", """
                batch {
                    owner 'Example Org'
                    indicators {
                        host 'bad.example.com', rating: 3, confidence: 80, { tag 'C2'; attribute 'Description', 'seen in the phish' }
                        address '192.0.2.7'
                        file md5: 'd41d8cd98f00b204e9800998ecf8427e', sha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
                    }
                    groups { incident 'Phish 42', xid: 'incident-42', eventDate: '2024-05-01' }
                    associate 'bad.example.com', 'incident-42'
                }
                watch()
                """);
        JsonNode sum = run(s, 0);
        assertEquals(5, sum.at("/totals/read").asLong(), sum.toString());
        assertEquals(5, sum.at("/totals/succeeded").asLong(), sum.toString());
        assertEquals(1, sum.at("/jobs/0/associations/succeeded").asLong(), sum.toString());

        JsonNode host = read.data("/api/v2/indicators/hosts/bad.example.com").path("host");
        assertEquals(3.0, host.path("rating").asDouble());
        assertEquals(80, host.path("confidence").asInt());
        assertEquals("C2", host.at("/tag/0/name").asText(), host.toString());
        assertEquals(1, host.path("tag").size());
        assertEquals("Description", host.at("/attribute/0/type").asText());
        assertEquals("seen in the phish", host.at("/attribute/0/value").asText());
        assertEquals("192.0.2.7", read.data("/api/v2/indicators/addresses/192.0.2.7").at("/address/ip").asText());
        JsonNode file = read.data("/api/v2/indicators/files/d41d8cd98f00b204e9800998ecf8427e").path("file");
        assertEquals("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", file.path("sha256").asText().toUpperCase());
        JsonNode incident = read.data("/api/v2/groups/incidents").at("/incident/0");
        assertEquals("Phish 42", incident.path("name").asText());
        // The issue writes a bare date; in a script it is midnight UTC of that day.
        assertEquals("2024-05-01T00:00:00Z", incident.path("eventDate").asText());
        JsonNode linked = read.data("/api/v2/indicators/hosts/bad.example.com/groups");
        assertEquals(1, linked.path("resultCount").asInt(), linked.toString());
        assertEquals("Phish 42", linked.at("/group/0/name").asText());
    }

    /** One of every indicator type and every group type; the test fails when a type is added and not written here. */
    private static final String EVERY_TYPE = """
            batch {
                indicators {
                    address '192.0.2.8'
                    emailAddress 'phish@example.com'
                    file sha1: 'da39a3ee5e6b4b0d3255bfef95601890afd80709'
                    host 'c2.example.net'
                    url 'http://bad.example.org/login'
                    asn 'ASN64500'
                    cidr '198.51.100.0/24'
                    emailSubject 'Your invoice is ready'
                    hashtag '#phish'
                    mutex 'Global\\\\BadMutex'
                    registryKey 'HKEY_LOCAL_MACHINE\\\\Software\\\\Bad', 'Run', 'REG_SZ'
                    userAgent 'Bad/1.0 (X11)'
                }
                groups {
                    adversary 'APT Example'
                    attackPattern 'Spear phishing'
                    campaign 'Spring', firstSeen: '2024-03-01'
                    courseOfAction 'Block the sender'
                    document 'Report', fileName: 'report.pdf'
                    email 'Invoice', subject: 'Your invoice', header: 'From: a@example.com', body: 'Pay now'
                    event 'Alert 1', eventDate: '2024-05-02', eventType: 'Alert'
                    incident 'Phish 43', status: 'Open'
                    intrusionSet 'Set A'
                    malware 'BadRAT'
                    report 'Q2 report', publishDate: '2024-06-30'
                    signature 'Yara 1', fileName: 'bad.yar', fileType: 'YARA', fileText: 'rule bad { condition: true }'
                    tactic 'Initial Access'
                    threat 'Threat X'
                    tool 'Tool X'
                    vulnerability 'CVE-2024-0001'
                }
            }
            """;

    private static String camel(String apiName) {
        String[] w = apiName.split(" ");
        StringBuilder b = new StringBuilder(w[0].equals(w[0].toUpperCase()) ? w[0].toLowerCase()
                : Character.toLowerCase(w[0].charAt(0)) + w[0].substring(1));
        for (int i = 1; i < w.length; i++) {
            b.append(Character.toUpperCase(w[i].charAt(0))).append(w[i].substring(1).toLowerCase());
        }
        return b.toString();
    }

    @Test
    void everyIndicatorTypeAndEveryGroupTypeIsAVerbAndIsStored() throws Exception {
        for (IndicatorType t : IndicatorType.values()) {
            assertTrue(Pattern.compile("\\n\\s+" + camel(t.apiName()) + " ").matcher(EVERY_TYPE).find(), t.apiName());
        }
        for (String g : GroupRules.TYPES) {
            assertTrue(Pattern.compile("\\n\\s+" + camel(g) + " ").matcher(EVERY_TYPE).find(), g);
        }
        JsonNode sum = run(script("every.groovy", EVERY_TYPE), 0);
        int all = IndicatorType.values().length + GroupRules.TYPES.size();
        assertEquals(28, all);
        assertEquals(all, sum.at("/totals/read").asLong(), sum.toString());
        assertEquals(all, sum.at("/totals/succeeded").asLong(), sum.toString());

        Cli.Result ind = sb.run("--profile", "sb", "--output", "json", "sandbox", "indicators");
        Set<String> types = new TreeSet<>();
        SandboxFixture.JSON.readTree(ind.out()).path("indicators").forEach(i -> types.add(i.path("type").asText()));
        Set<String> expected = new TreeSet<>();
        for (IndicatorType t : IndicatorType.values()) {
            expected.add(t.apiName());
        }
        assertEquals(expected, types);
        JsonNode groups = read.data("/api/v2/groups?resultLimit=100");
        assertEquals(16, groups.path("resultCount").asInt(), groups.toString());
        Set<String> groupTypes = new TreeSet<>();
        groups.path("group").forEach(g -> groupTypes.add(g.path("type").asText()));
        assertEquals(new TreeSet<>(GroupRules.TYPES), groupTypes);
        JsonNode key = read.data("/api/v2/indicators/registryKeys").path("registryKey");
        assertEquals("HKEY_LOCAL_MACHINE\\Software\\Bad", key.at("/0/Key Name").asText(), key.toString());
        assertEquals("Run", key.at("/0/Value Name").asText(), key.toString());
        assertEquals("REG_SZ", key.at("/0/Value Type").asText(), key.toString());
    }

    @Test
    void aBadItemIsARejectNamingTheScriptLineItWasWrittenOn() throws Exception {
        Path s = script("bad.groovy", """
                batch {
                    indicators {
                        address '192.0.2.9'
                        address '999.0.2.1'
                        host 'ok.example.com', rating: 9
                    }
                    groups { event 'No date', eventType: 'Party' }
                }
                """);
        JsonNode sum = run(s, 1);
        assertEquals(4, sum.at("/totals/read").asLong());
        assertEquals(3, sum.at("/totals/rejected").asLong());
        assertEquals(1, sum.at("/totals/succeeded").asLong());
        List<JsonNode> rejects = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(sum.path("rejects").asText()))) {
            rejects.add(SandboxFixture.JSON.readTree(line));
        }
        assertEquals(3, rejects.size());
        assertEquals(List.of(4L, 5L, 7L), rejects.stream().map(r -> r.path("line").asLong()).toList());
        rejects.forEach(r -> assertEquals(s.toString(), r.path("file").asText(), r.toString()));
        assertTrue(rejects.get(0).path("reason").asText().contains("999.0.2.1"), rejects.get(0).toString());
        assertTrue(rejects.get(1).path("reason").asText().contains("rating 9 is out of range"), rejects.get(1).toString());
        assertTrue(rejects.get(2).path("reason").asText().contains("eventType 'Party'"), rejects.get(2).toString());
    }

    private Cli.Result fails(String name, String body) throws IOException {
        Path s = script(name, body);
        Cli.Result r = sb.run("--profile", "sb", s.toString());
        assertEquals(2, r.code(), r.err() + r.out());
        return r;
    }

    @Test
    void mistakesInTheBuilderAreScriptErrorsWithTheLineAndAHint() throws Exception {
        Cli.Result field = fails("field.groovy", """
                batch {
                    indicators {
                        host 'x.example.com', ratng: 3
                    }
                }
                """);
        assertTrue(Dsl.says(field.err(), "field.groovy:3", "'ratng' is not a field of host (did you mean 'rating'?)"), field.err());
        Cli.Result verb = fails("verb.groovy", """
                batch {
                    indicators {
                        address '192.0.2.1'
                        hots 'x.example.com'
                    }
                }
                """);
        assertTrue(Dsl.says(verb.err(), "verb.groovy:4", "unknown indicator type 'hots' (did you mean 'host'?)"), verb.err());
        Cli.Result block = fails("block.groovy", """
                batch {
                    indicators { incident 'Phish' }
                }
                """);
        assertTrue(Dsl.says(block.err(), "block.groovy:2", "'incident' is a group type: write it inside groups { }"), block.err());
        Cli.Result parts = fails("parts.groovy", """
                batch {
                    indicators { host 'a.example.com', 'b.example.com' }
                }
                """);
        assertTrue(Dsl.says(parts.err(), "parts.groovy:2", "host takes one value, not 2"), parts.err());
        Cli.Result bare = fails("bare.groovy", """
                batch {
                    indicators {
                        address
                    }
                }
                """);
        assertTrue(Dsl.says(bare.err(), "bare.groovy:3", "address needs a value, e.g. address '192.0.2.7'"), bare.err());
        // Nothing was sent by any of them.
        assertEquals("The sandbox holds no indicators\n", sb.run("--profile", "sb", "sandbox", "indicators").out());
    }

    @Test
    void associateFindsGroupsByNameAndIndicatorsByValueAndAGroupWithoutXidKeepsItsOwn() throws Exception {
        Path s = script("assoc.groovy", """
                batch {
                    indicators { address '192.0.2.10' }
                    groups { incident 'Phish 44' }
                    associate '192.0.2.10', 'Phish 44'
                }
                """);
        JsonNode sum = run(s, 0);
        assertEquals(3, sum.at("/totals/succeeded").asLong(), sum.toString());
        assertEquals("Phish 44", read.data("/api/v2/indicators/addresses/192.0.2.10/groups").at("/group/0/name").asText());
        // Run again: the derived xid is the same, so the group is updated, not copied.
        run(s, 0);
        assertEquals(1, read.data("/api/v2/groups/incidents").path("resultCount").asInt());

        Path two = script("two.groovy", """
                batch {
                    indicators { host 'a.example.com'; url 'http://a.example.com/x' }
                    associate 'a.example.com', 'http://a.example.com/x'
                }
                """);
        JsonNode r = run(two, 1);
        assertEquals(1, r.at("/totals/rejected").asLong(), r.toString());
        JsonNode reject = SandboxFixture.JSON.readTree(Files.readAllLines(Path.of(r.path("rejects").asText())).get(0));
        assertEquals(3, reject.path("line").asLong());
        assertTrue(reject.path("reason").asText().contains("associationType"), reject.toString());
    }
}
