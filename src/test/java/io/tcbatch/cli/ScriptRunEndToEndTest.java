package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.SharedData;

/**
 * The DSL path end to end: a script run through {@link Main} against the embedded sandbox, with
 * the figures a user sees.
 */
class ScriptRunEndToEndTest {
    /** Every shipped example and the exit code it is meant to end with. A new example must be added here. */
    private static final Map<String, Integer> EXAMPLES = Map.of(
            "quickstart.groovy", 0,
            "import_ioc_list.groovy", 1,
            // 1: the sample has a row that is no address (192.0.2.300), rejected on purpose.
            "nightly_csv_feed.groovy", 1,
            // 1: the bundle's LIKE pattern is rejected on purpose (shows what is refused).
            "stix_bundle.groovy", 1,
            "delete_cleanup.groovy", 0,
            "multi_owner.groovy", 0,
            "inline_items.groovy", 0,
            "resubmit_failed.groovy", 0,
            // 2: a script error, nothing sent; DslExamplesTest asserts its message.
            "fails_on_purpose.groovy", 2);

    private static final String CORE = """
            batch {
                owner 'Example Org'
                action Create
                attributeWriteType Replace
                haltOnError false
                upload file(args[0])
            }
            watch()
            """;

    @TempDir
    Path home;

    private final ObjectMapper json = new ObjectMapper();

    private Path script(String name, String body) throws IOException {
        Path dir = Files.createDirectories(home.resolve("scripts"));
        return Files.writeString(dir.resolve(name), body);
    }

    @TestFactory
    Stream<DynamicTest> everyShippedExampleRunsWithItsExpectedExitCode() throws IOException {
        List<Path> scripts;
        try (Stream<Path> s = Files.list(Path.of("dsl-examples"))) {
            scripts = s.filter(p -> p.toString().endsWith(".groovy")).sorted().toList();
        }
        assertFalse(scripts.isEmpty());
        return scripts.stream().map(p -> DynamicTest.dynamicTest(p.getFileName().toString(), () -> {
            Integer expected = EXAMPLES.get(p.getFileName().toString());
            assertNotNull(expected, "add the expected exit code of " + p + " to EXAMPLES");
            Path own = Files.createTempDirectory(home, "example");
            Cli.Result r = new Cli(own).run(p.toString());
            assertEquals(expected, r.code(), r.err() + r.out());
            if (expected != 2) { // exit 2: stopped before anything was sent, so no totals to print
                assertTrue(r.out().contains("Totals: read"), r.out());
            }
        }));
    }

    @Test
    void quickstartImportsEveryItemOfTheSample() {
        Cli.Result r = new Cli(home).run("--output", "json", "dsl-examples/quickstart.groovy");
        assertEquals(0, r.code(), r.err());
        JsonNode s = parse(r.out());
        assertEquals(10, s.at("/totals/read").asLong());
        assertEquals(10, s.at("/totals/succeeded").asLong());
        assertEquals("Example Org", s.get("owner").asText());
        assertEquals("local", s.get("profile").asText());
        assertTrue(s.get("rejects").isNull());
    }

    @Test
    void maltrailMassScannerListGivesTheDocumentedFigures() throws Exception {
        Path feed = SharedData.file("iocs/maltrail_mass_scanner.txt");
        Path s = script("S.groovy", CORE);
        Cli.Result r = new Cli(home).run("--output", "json", "run", s.toString(), feed.toString());
        assertEquals(1, r.code(), r.err());
        JsonNode sum = parse(r.out());
        JsonNode t = sum.get("totals");
        assertEquals(19220, t.get("read").asLong());
        assertEquals(380, t.get("duplicates").asLong());
        assertEquals(5, t.get("rejected").asLong());
        assertEquals(18835, t.get("submitted").asLong());
        assertEquals(18835, t.get("succeeded").asLong());
        assertEquals(0, t.get("failed").asLong());
        assertEquals(4, sum.get("jobs").size());
        assertEquals(1, sum.get("exitCode").asInt());
        List<Long> lines = new ArrayList<>();
        for (String line : Files.readAllLines(Path.of(sum.get("rejects").asText()))) {
            lines.add(json.readTree(line).get("line").asLong());
        }
        assertEquals(List.of(16343L, 16347L, 17474L, 17484L, 18235L), lines);
    }

    @TestFactory
    Stream<DynamicTest> everyThreatConnectBatchFileImportsWithEveryItemAccountedFor() throws IOException {
        Path dir = SharedData.dir().resolve("threatconnect");
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertTrue(files.size() >= 30, "expected the shared ThreatConnect files, found " + files.size());
        Path s = script("S.groovy", CORE);
        Path own = home.resolve("tc");
        return files.stream().map(f -> DynamicTest.dynamicTest(dir.relativize(f).toString(), () -> {
            Cli.Result r = new Cli(own).run("--output", "json", "run", s.toString(), f.toString());
            if (io.tcbatch.input.SharedBatchFilesTestAccess.notBatchJson(dir.relativize(f).toString())) {
                // A job configuration or a status answer: refused as an input error, nothing sent.
                assertEquals(2, r.code(), r.err());
                assertTrue(r.err().contains("not Batch JSON"), r.err());
                return;
            }
            assertTrue(r.code() == 0 || r.code() == 1, "exit " + r.code() + ": " + r.err());
            JsonNode t = parse(r.out()).get("totals");
            long accounted = t.get("succeeded").asLong() + t.get("failed").asLong() + t.get("unprocessed").asLong()
                    + t.get("rejected").asLong() + t.get("duplicates").asLong();
            assertEquals(t.get("read").asLong(), accounted, "every item accounted for: " + t);
        }));
    }

    @Test
    void watchWithoutATerminalPrintsOneLinePerChangeAndNoEscapes() throws IOException {
        // Progress lines need a job in flight: small uploads are not processed inline here.
        Files.writeString(home.resolve("sandbox.properties"), "synchronousBatchSaveLimit=0\n");
        Path s = script("S.groovy", CORE);
        Cli.Result r = new Cli(home).run("run", s.toString(), "dsl-examples/samples/quickstart.json");
        assertEquals(0, r.code(), r.err());
        List<String> progress = r.err().lines().filter(l -> l.matches("\\[\\d\\d:\\d\\d:\\d\\d\\] job \\d+ \\(1/1\\) .*")).toList();
        assertFalse(progress.isEmpty(), r.err());
        assertTrue(progress.get(progress.size() - 1).contains("Completed 10/10 succeeded 10 failed 0 unprocessed 0"), progress.toString());
        assertEquals(progress.size(), progress.stream().distinct().count(), "a line only when something changed");
        assertFalse(r.err().contains("\u001b"), "no escape codes without a terminal");
        assertFalse(r.out().contains("\u001b"));
    }

    @Test
    void ownerInsideBatchIsTheDslWordNotTheClosureOwner() throws IOException {
        Path s = script("owner_word.groovy", """
                def run = batch {
                    owner 'Example Community'
                    upload file(args[0])
                }
                assert run.spec().owner() == 'Example Community'
                def sum = watch()
                assert sum.owner == 'Example Community'
                """);
        Cli.Result r = new Cli(home).run(s.toString(), "dsl-examples/samples/quickstart.json");
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void batchBlockWithoutWatchSubmitsAndReturnsItsJobs() throws IOException {
        Path s = script("no_watch.groovy", """
                def run = batch {
                    owner 'Example Org'
                    action Delete
                    attributeWriteType Static
                    upload file(args[0])
                }
                println "jobs ${run.batchIds()}"
                """);
        // A Delete asks for confirmation: --yes, as there is no terminal.
        Cli.Result r = new Cli(home).run("--yes", s.toString(), "dsl-examples/samples/quickstart.json");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("jobs [1]"), r.out());
    }

    @Test
    void versionV1SendsAV1JobThatImportsTheDocsV1Example() throws IOException {
        Path feed = SharedData.file("threatconnect/docs/v1_example_host_and_address.json");
        Path s = script("v1.groovy", """
                def run = batch {
                    owner 'Example Org'
                    version 'V1'
                    upload file(args[0])
                }
                assert run.spec().version() == 'V1'
                watch()
                """);
        Cli.Result r = new Cli(home).run("--output", "json", "run", s.toString(), feed.toString());
        assertEquals(0, r.code(), r.err());
        JsonNode sum = parse(r.out());
        assertEquals(2, sum.at("/totals/read").asLong());
        assertEquals(2, sum.at("/totals/succeeded").asLong());
    }

    @Test
    void versionTakesTheBareWordAndAV1JobKeepsItsRules() throws IOException {
        // Singleton is V2-only: the refusal shows the bare word really made the job a V1 job.
        Path s = script("v1_bare.groovy", """
                batch {
                    owner 'Example Org'
                    version V1
                    attributeWriteType Singleton
                    upload file(args[0])
                }
                """);
        Cli.Result r = new Cli(home).run(s.toString(), "dsl-examples/samples/quickstart.json");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("a V1 job cannot use attributeWriteType Singleton"), r.err());
    }

    @Test
    void aWrongVersionListsTheAllowedOnes() throws IOException {
        Path s = script("v3.groovy", """
                batch {
                    owner 'Example Org'
                    version 'V3'
                    upload file(args[0])
                }
                """);
        Cli.Result r = new Cli(home).run(s.toString(), "dsl-examples/samples/quickstart.json");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("v3.groovy:3:5: version must be one of V1, V2, not 'V3'"), r.err());
    }

    private JsonNode parse(String stdout) {
        try {
            // Exactly one JSON document on standard output: parsing the whole of it must work.
            return json.readTree(stdout);
        } catch (IOException e) {
            throw new AssertionError("standard output is not one JSON document: " + stdout, e);
        }
    }
}
