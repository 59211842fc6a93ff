package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What each shipped example in {@code dsl-examples/} puts into the sandbox (the exit codes are
 * checked by {@link ScriptRunEndToEndTest}): the counts a reader of the example's header comment
 * is promised, read back from the sandbox's store rather than from the script's own printout.
 */
class DslExamplesTest {
    @TempDir
    Path home;

    private final ObjectMapper json = new ObjectMapper();

    private Cli cli() {
        return new Cli(home).env("TCBATCH_POLL_FIRST_MS", "20");
    }

    private static String example(String name) {
        return Path.of("dsl-examples", name).toString();
    }

    /** The sandbox's indicators of {@code owner}, summary -> row, read through {@code sandbox indicators}. */
    private Map<String, JsonNode> stored(String owner) throws IOException {
        Cli.Result r = cli().run("--output", "json", "sandbox", "indicators", "--owner", owner, "--limit", "100");
        assertEquals(0, r.code(), r.err());
        Map<String, JsonNode> rows = new TreeMap<>();
        for (JsonNode row : json.readTree(r.out()).get("indicators")) {
            rows.put(row.get("summary").asText(), row);
        }
        return rows;
    }

    private JsonNode summary(Cli.Result r) throws IOException {
        return json.readTree(r.out());
    }

    @Test
    void nightlyCsvFeedSendsTheOnlineRowsWithTheFeedTagAndDropsTheRest() throws IOException {
        Cli.Result r = cli().run("--output", "json", example("nightly_csv_feed.groovy"));
        assertEquals(1, r.code(), "exit summary.exitCode: 1, one row is no address\n" + r.err());
        JsonNode t = summary(r).get("totals");
        assertEquals(7, t.get("read").asInt());
        assertEquals(2, t.get("dropped").asInt(), "one offline row and one of score 1");
        assertEquals(1, t.get("rejected").asInt(), "192.0.2.300");
        assertEquals(4, t.get("succeeded").asInt());
        Map<String, JsonNode> rows = stored("Example Org");
        assertEquals(new TreeSet<>(List.of("192.0.2.10", "198.51.100.23", "203.0.113.7", "2001:db8::7")), rows.keySet());
        for (JsonNode row : rows.values()) {
            assertEquals(60, row.get("confidence").asInt(), "defaults { confidence 60 }: " + row);
        }
        assertEquals(5, rows.get("198.51.100.23").get("rating").asInt(), "rating 'score' names the column");
        // ExampleBot, Dropper and nightly-feed; 'online' was taken off by the each hook.
        assertEquals(3, rows.get("198.51.100.23").get("tags").asInt());
        assertEquals(2, rows.get("192.0.2.10").get("tags").asInt());
        assertTrue(r.err().contains("read 7, dropped 2, rejected 1, succeeded 4"), r.err());
    }

    @Test
    void stixBundleGivesItsIndicatorsTheReportAndTheLinks() throws IOException {
        Cli.Result r = cli().run("--output", "json", example("stix_bundle.groovy"));
        assertEquals(1, r.code(), "the LIKE pattern is rejected\n" + r.err());
        JsonNode s = summary(r);
        assertEquals(10, s.at("/totals/read").asInt(), "4 indicators, 1 reject, 1 report, 4 links; the identity skipped");
        assertEquals(1, s.at("/totals/rejected").asInt());
        assertEquals(9, s.at("/totals/succeeded").asInt());
        assertEquals(new TreeSet<>(List.of("198.51.100.7", "login.example.net", "secure-login.example.org",
                "d41d8cd98f00b204e9800998ecf8427e : e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")),
                stored("Example Org").keySet());
        String rejects = Files.readString(Path.of(s.get("rejects").asText()));
        assertTrue(rejects.contains("LIKE"), rejects);
    }

    @Test
    void deleteCleanupOnlyPlansWithoutArgumentAndDeletesWithReally() throws IOException {
        assertEquals(0, cli().run("import", "dsl-examples/samples/cleanup.txt", "--owner", "Example Org").code());
        assertEquals(3, stored("Example Org").size());

        Cli.Result dry = cli().run(example("delete_cleanup.groovy"));
        assertEquals(0, dry.code(), dry.err());
        assertTrue(dry.out().contains("dry run: 3 indicator(s) would be deleted"), dry.out());
        assertEquals(3, stored("Example Org").size(), "a dry run sends nothing");

        // A Delete asks for confirmation; without a terminal --yes gives it.
        Cli.Result real = cli().run("--yes", example("delete_cleanup.groovy"), "--really");
        assertEquals(0, real.code(), real.err() + real.out());
        assertTrue(real.out().contains("deleted 3 of 3"), real.out());
        assertEquals(Map.of(), stored("Example Org"));
    }

    @Test
    void multiOwnerPutsTheFeedIntoBothOwnersWithTheirOwnDefaults() throws IOException {
        Cli.Result r = cli().run("--output", "json", example("multi_owner.groovy"));
        assertEquals(0, r.code(), r.err());
        JsonNode s = summary(r);
        assertEquals("Example Org, Example Community", s.get("owner").asText());
        assertEquals(8, s.at("/totals/succeeded").asInt());
        assertEquals(2, s.get("jobs").size(), "one job per owner, one summary");
        Map<String, JsonNode> org = stored("Example Org");
        Map<String, JsonNode> community = stored("Example Community");
        assertEquals(org.keySet(), community.keySet());
        assertEquals(new TreeSet<>(List.of("203.0.113.50", "203.0.113.51", "shared-c2.example.org",
                "http://shared-c2.example.org/gate.php")), org.keySet());
        assertEquals(40, community.get("203.0.113.50").get("confidence").asInt());
        assertFalse(org.get("203.0.113.50").path("confidence").asInt() == 40, "the Example Org copy has no confidence 40: " + org);
    }

    @Test
    void inlineItemsAreAllStored() throws IOException {
        Cli.Result r = cli().run("--output", "json", example("inline_items.groovy"));
        assertEquals(0, r.code(), r.err());
        JsonNode s = summary(r);
        assertEquals(10, s.at("/totals/read").asInt(), "5 indicators, 2 groups, 3 associations");
        assertEquals(10, s.at("/totals/succeeded").asInt());
        Map<String, JsonNode> rows = stored("Example Org");
        assertEquals(5, rows.size(), rows.keySet().toString());
        assertEquals(4, rows.get("phish.example.com").get("rating").asInt());
        assertEquals(1, rows.get("phish.example.com").get("tags").asInt());
    }

    @Test
    void resubmitFailedSendsTheFailedAssociationAgainOnceTheGroupExists() {
        Cli.Result r = cli().run(example("resubmit_failed.groovy"));
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("first run: failed 1, failed items in "), r.out());
        assertTrue(r.out().contains("resubmitted: 2 item(s), succeeded 2"), r.out());
        assertEquals(3, CommandsTestSupport.journal(home).recent(10).size(), "the failing run, the group, the resubmit");
    }

    @Test
    void failsOnPurposeNamesItsLineAndTheWordMeantAndSendsNothing() throws IOException {
        Cli.Result r = cli().run(example("fails_on_purpose.groovy"));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("fails_on_purpose.groovy:10:12: unknown name 'Crate' (did you mean 'Create'?)"), r.err());
        assertFalse(r.err().contains("at io.tcbatch"), "no stack trace without --stacktrace: " + r.err());
        assertEquals(0, CommandsTestSupport.journal(home).recent(10).size(), "nothing was submitted");
        String header = Files.readString(Path.of(example("fails_on_purpose.groovy")));
        assertTrue(header.contains("fails_on_purpose.groovy:10:12: unknown name 'Crate' (did you mean 'Create'?)"),
                "the header comment quotes the real message");
    }
}
