package io.tcbatch.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.SharedData;
import io.tcbatch.TestClock;
import io.tcbatch.api.BatchError;
import io.tcbatch.journal.Journal;

/** Errors traced back to the items sent, and written as Batch JSON that can be imported again. */
class FailedItemsTest {
    @TempDir
    Path dir;

    private final ObjectMapper json = new ObjectMapper();

    private static final String V2_CHUNK = """
            {"indicator":[
              {"type":"Host","summary":"ok.example.com","xid":"i-0"},
              {"type":"Host","summary":"bad_host.example","xid":"i-1"},
              {"type":"Address","summary":"198.51.100.7","xid":"i-2"},
              {"type":"File","summary":"d41d8cd98f00b204e9800998ecf8427e : da39a3ee5e6b4b0d3255bfef95601890afd80709","xid":"i-3"},
              {"type":"Host","summary":"fine.example.com"}
            ],"group":[
              {"type":"Adversary","name":"Good Group","xid":"g-0"},
              {"type":"Adversary","name":"Broken Group","xid":"00000000-0000-0000-0000-000000000000:0001"},
              {"type":"Incident","name":"Third","xid":"g-2"}
            ],"association":[]}
            """;

    @Test
    void tracesEachWayAnErrorNamesItsItemAndCountsTheRest() throws Exception {
        Path chunk = dir.resolve("chunk-0001.json");
        Files.writeString(chunk, V2_CHUNK);
        List<BatchError> errors = new ArrayList<>();
        // The shape the docs show for E5: errorSource is the summary.
        errors.add(new BatchError("Error (0x1005): bad_host.example is not valid. The indicator could not be processed as a valid Host.",
                "bad_host.example", null));
        // No source: the summary is inside the reason.
        errors.add(new BatchError("Error (0x1005): 198.51.100.7 is not valid.", null, null));
        // A file summary arrives with doubled spaces around its colons (API doc §2.5).
        errors.add(new BatchError("Error (0x1005): hash not valid",
                "D41D8CD98F00B204E9800998ECF8427E  :  DA39A3EE5E6B4B0D3255BFEF95601890AFD80709", null));
        // The source is the item itself as a JSON object.
        errors.add(new BatchError("Error (0x1006): not a valid group", "{\"type\":\"Incident\",\"xid\":\"g-2\"}", null));
        // The real E6 example of the docs: the group named only by the JSON path in errorMessage.
        JsonNode e6 = json.readTree(SharedData.file("threatconnect/docs/v2_batch_results_error_response.json").toFile()).get(0);
        errors.add(new BatchError(e6.get("errorReason").asText(), null, e6.get("errorMessage").asText(),
                e6.get("code").asText(), e6.get("severity").asText()));
        errors.add(new BatchError("Error (0x1001): General Error", null, null));

        FailedItems.Result r = new FailedItems(json).write(dir, List.of(new FailedItems.Source(chunk, errors)));
        assertEquals(dir.resolve("failed-items.json"), r.file());
        assertEquals(1, r.untraced(), "the general error names no item");
        JsonNode out = json.readTree(r.file().toFile());
        assertEquals(List.of("i-1", "i-2", "i-3"), xids(out.get("indicator")));
        assertEquals(List.of("00000000-0000-0000-0000-000000000000:0001", "g-2"), xids(out.get("group")));
        assertEquals(0, out.get("association").size());
        assertEquals(5, r.items());
    }

    @Test
    void aV1ChunkGivesAV1File() throws Exception {
        Path chunk = dir.resolve("chunk-0001.json");
        Files.writeString(chunk, "[{\"type\":\"Host\",\"summary\":\"a.example.com\"},{\"type\":\"Host\",\"summary\":\"B.example.com\"}]");
        FailedItems.Result r = new FailedItems(json).write(dir, List.of(new FailedItems.Source(chunk,
                List.of(new BatchError("Error (0x1005): b.example.com is not valid.", "b.example.com", null),
                        new BatchError("Error (0x1003): bad date", null, "Last known JSON path: '$.indicator[0]'")))));
        JsonNode out = json.readTree(r.file().toFile());
        assertTrue(out.isArray());
        assertEquals(2, out.size());
        assertEquals("a.example.com", out.get(0).get("summary").asText());
        assertEquals(0, r.untraced());
    }

    @Test
    void nothingTracedWritesNoFile() throws Exception {
        Path chunk = dir.resolve("chunk-0001.json");
        Files.writeString(chunk, V2_CHUNK);
        FailedItems.Result r = new FailedItems(json).write(dir, List.of(new FailedItems.Source(chunk,
                List.of(new BatchError("Error (0x1001): General Error", null, null)))));
        assertNull(r.file());
        assertEquals(1, r.untraced());
        assertTrue(Files.notExists(dir.resolve("failed-items.json")));
    }

    @Test
    void theRunSummaryNamesTheFileAndItImportsAgain() throws Exception {
        FakeBatchApi api = new FakeBatchApi();
        api.errorsPerJob = List.of(new BatchError("Error (0x1005): 203.0.0.2 is not valid.", "203.0.0.2", null),
                new BatchError("Error (0x1001): General Error", null, null));
        TestClock clock = new TestClock();
        Path home = dir.resolve("home");
        ImportService s = new ImportService(api, null, "test", new Journal(home, json, clock),
                ImportOptions.defaults(), clock, clock, json, new Random(5));
        Path input = dir.resolve("in.txt");
        Files.write(input, List.of("203.0.0.1", "203.0.0.2", "203.0.0.3"));
        ImportSpec spec = new ImportSpec("Example Org", Action.Create, AttributeWriteType.Replace, false, List.of(input));
        RunSummary sum = s.watch(List.of(s.submit(spec)), WatchListener.NONE);
        assertNotNull(sum.failedItems());
        assertEquals(1, sum.untracedErrors());
        assertTrue(sum.failedItems().endsWith("failed-items.json"));
        JsonNode out = json.readTree(Path.of(sum.failedItems()).toFile());
        assertEquals(1, out.get("indicator").size());
        assertEquals("203.0.0.2", out.get("indicator").get(0).get("summary").asText());
        // Fixed or not, the file is valid Batch JSON for a new import.
        Plan again = s.prepare(new ImportSpec("Example Org", Action.Create, AttributeWriteType.Replace, false,
                List.of(Path.of(sum.failedItems()))), 5000);
        assertEquals(1, again.submitted());
        assertEquals(0, again.rejected());
    }

    private static List<String> xids(JsonNode arr) {
        List<String> out = new ArrayList<>();
        arr.forEach(n -> out.add(n.path("xid").asText()));
        return out;
    }
}
