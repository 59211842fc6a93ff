package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code defaults { }} and {@code each { }}: what every item of a batch goes through, seen in what the sandbox stored. */
class DslHooksInputsTest extends DslSandboxSupport {
    private JsonNode run(Path script, int expectedCode, String... args) throws IOException {
        List<String> a = new ArrayList<>(List.of("--profile", "sb", "--output", "json", script.toString()));
        a.addAll(List.of(args));
        Cli.Result r = sb.run(a.toArray(new String[0]));
        assertEquals(expectedCode, r.code(), r.err() + r.out());
        return SandboxFixture.JSON.readTree(r.out());
    }

    private List<String> tags(String branch, String value) throws Exception {
        List<String> names = new ArrayList<>();
        read.data("/api/v2/indicators/" + branch + "/" + value + "/tags").path("tag").forEach(t -> names.add(t.path("name").asText()));
        return names.stream().sorted().toList();
    }

    @Test
    void defaultsFillWhatItemsLackAndAddTagsAndAttributesToIndicatorsAndGroups() throws Exception {
        Path feed = script("feed.txt", "192.0.2.20\nbad.example.org\n");
        Path s = script("defaults.groovy", """
                batch {
                    upload file(args[0])
                    indicators { address '192.0.2.21', rating: 5, { tag 'own' } }
                    groups { threat 'Threat Y' }
                    defaults { rating 2; confidence 50; tag 'feed-x'; attribute 'Source', 'feed X' }
                }
                """);
        JsonNode sum = run(s, 0, feed.toString());
        assertEquals(4, sum.at("/totals/succeeded").asLong(), sum.toString());
        JsonNode fromFile = read.data("/api/v2/indicators/addresses/192.0.2.20").path("address");
        assertEquals(2.0, fromFile.path("rating").asDouble());
        assertEquals(50, fromFile.path("confidence").asInt());
        assertEquals("Source", fromFile.at("/attribute/0/type").asText(), fromFile.toString());
        assertEquals("feed X", fromFile.at("/attribute/0/value").asText());
        assertEquals(List.of("feed-x"), tags("hosts", "bad.example.org"));
        JsonNode own = read.data("/api/v2/indicators/addresses/192.0.2.21").path("address");
        assertEquals(5.0, own.path("rating").asDouble(), "a rating the item has is kept");
        assertEquals(List.of("feed-x", "own"), tags("addresses", "192.0.2.21"));
        JsonNode threats = read.data("/api/v2/groups/threats");
        long id = threats.at("/threat/0/id").asLong();
        JsonNode groupTags = read.data("/api/v2/groups/threats/" + id + "/tags");
        assertEquals("feed-x", groupTags.at("/tag/0/name").asText(), groupTags.toString());
        JsonNode groupAttrs = read.data("/api/v2/groups/threats/" + id + "/attributes");
        assertEquals("feed X", groupAttrs.at("/attribute/0/value").asText(), groupAttrs.toString());
        assertFalse(threats.at("/threat/0").has("rating"), "rating and confidence are not given to groups");
    }

    @Test
    void eachChangesItemsAndDropsThoseItReturnsFalseForCountedAsDropped() throws Exception {
        Path feed = script("feed.txt", "192.0.2.30\nc2.example.net\n192.0.2.31\nbad.example.net\n");
        Path s = script("each.groovy", """
                batch {
                    upload file(args[0])
                    defaults { rating 1 }
                    each { item ->
                        if (item.type == 'Address' && item.summary == '192.0.2.31') {
                            return false
                        }
                        if (item.type == 'Host') {
                            item.rating = item.rating + 3
                            item.tags << 'host-' + item.line
                        }
                        item
                    }
                }
                """);
        JsonNode sum = run(s, 0, feed.toString());
        assertEquals(4, sum.at("/totals/read").asLong());
        assertEquals(1, sum.at("/totals/dropped").asLong(), sum.toString());
        assertEquals(3, sum.at("/totals/succeeded").asLong());
        Totals.assertBalanced(sum.path("totals"));
        assertEquals(4.0, read.data("/api/v2/indicators/hosts/c2.example.net").at("/host/rating").asDouble());
        assertEquals(List.of("host-2"), tags("hosts", "c2.example.net"));
        assertEquals(List.of("host-4"), tags("hosts", "bad.example.net"));
        assertEquals(1.0, read.data("/api/v2/indicators/addresses/192.0.2.30").at("/address/rating").asDouble());
        Cli.Result dropped = sb.run("--profile", "sb", "--output", "json", "sandbox", "indicators", "--type", "Address");
        assertEquals(1, SandboxFixture.JSON.readTree(dropped.out()).path("indicators").size(), dropped.out());
    }

    @Test
    void onlyFalseDropsAnItemAHookEndingInAnIfKeepsTheOthers() throws Exception {
        Path feed = script("ifonly.txt", "192.0.2.32\n192.0.2.33\n192.0.2.34\n");
        // The block's value is null for the items the if does not pick: they must be kept, not dropped.
        Path s = script("ifonly.groovy", """
                batch {
                    upload file(args[0])
                    each { item -> if (item.summary == '192.0.2.33') return false }
                }
                """);
        JsonNode sum = run(s, 0, feed.toString());
        assertEquals(3, sum.at("/totals/read").asLong());
        assertEquals(1, sum.at("/totals/dropped").asLong(), sum.toString());
        assertEquals(2, sum.at("/totals/succeeded").asLong(), sum.toString());
    }

    @Test
    void aChangeTheRulesRefuseIsARejectAndAnExceptionStopsTheRunNamingBothPlaces() throws Exception {
        Path feed = script("feed.txt", "192.0.2.40\n192.0.2.41\n");
        Path s = script("boom.groovy", """
                batch {
                    upload file(args[0])
                    each { item ->
                        if (item.summary == '192.0.2.41') {
                            throw new IllegalStateException('no ' + item.summary)
                        }
                        item.confidence = 101
                    }
                }
                """);
        Cli.Result r = sb.run("--profile", "sb", s.toString(), feed.toString());
        assertEquals(2, r.code(), r.err() + r.out());
        assertTrue(r.err().contains(feed + ":2:1: " + s + ":5: each { } failed on this indicator: no 192.0.2.41;"
                + " nothing was sent"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace without --stacktrace: " + r.err());
        assertEquals("The sandbox holds no indicators\n", sb.run("--profile", "sb", "sandbox", "indicators").out());

        Path asserts = script("assert.groovy", "batch {\n    upload file(args[0])\n    each { item ->\n        assert item.rating\n    }\n}\n");
        Cli.Result a = sb.run("--profile", "sb", asserts.toString(), feed.toString());
        assertEquals(2, a.code(), a.err() + a.out());
        assertTrue(a.err().contains(feed + ":1:1: " + asserts + ":4: each { } failed on this indicator: assert item.rating"),
                a.err());

        // Without the failing item, the out-of-range confidence the hook set is a reject with the feed's line.
        Files.writeString(feed, "192.0.2.40\n");
        JsonNode sum = run(s, 1, feed.toString());
        assertEquals(1, sum.at("/totals/rejected").asLong(), sum.toString());
        JsonNode reject = Totals.rejects(sum).get(0);
        assertEquals(feed.toString(), reject.path("file").asText());
        assertEquals(1, reject.path("line").asLong());
        assertTrue(reject.path("reason").asText().contains("confidence 101 is out of range"), reject.toString());
    }

    @Test
    void mistakesInDefaultsAreNamedWithTheirLine() throws Exception {
        Path s = script("typo.groovy", """
                batch {
                    indicators { address '192.0.2.50' }
                    defaults {
                        ratng 2
                    }
                }
                """);
        Cli.Result r = sb.run("--profile", "sb", s.toString());
        assertEquals(2, r.code(), r.err());
        assertTrue(Dsl.says(r.err(), "typo.groovy:4", "defaults: 'ratng' is not a field to default (did you mean 'rating'?)"), r.err());
    }
}
