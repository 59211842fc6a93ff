package io.tcbatch.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.tcbatch.SharedData;
import io.tcbatch.input.ItemKind;

/** The streaming reader of uploaded files, on the documentation's own examples and edge cases. */
class BatchFileReaderTest {

    @TempDir
    Path dir;

    // Counts of indicators, groups and associations, computed independently from the files.
    @ParameterizedTest
    @CsvSource({
        "bulk_report_json_response.json, 1, 0, 0",
        "legacy2021_v1_input_format.json, 1, 0, 0",
        "legacy2021_v2_input_format_wrapped_in_list.json, 1, 1, 0",
        "v1_example_host_and_address.json, 2, 0, 0",
        "v2_file_hashes_in_summary.json, 1, 0, 0",
        "v2_group_to_group_associatedGroupXid.json, 0, 2, 0",
        "v2_group_to_group_association_array.json, 0, 2, 3",
        "v2_group_to_indicator_association_array.json, 1, 1, 2",
        "v2_indicator_to_indicator_association_array.json, 2, 0, 3",
    })
    void readsTheDocumentedShapes(String name, int indicators, int groups, int associations) throws IOException {
        Path file = SharedData.file("threatconnect/docs/" + name);
        for (boolean skip : new boolean[] {false, true}) {
            List<BatchFileReader.Item> items = readAll(file, skip);
            assertEquals(indicators, items.stream().filter(i -> i.kind() == ItemKind.INDICATOR).count(), name);
            assertEquals(groups, items.stream().filter(i -> i.kind() == ItemKind.GROUP).count(), name);
            assertEquals(associations, items.stream().filter(i -> i.kind() == ItemKind.ASSOCIATION).count(), name);
            if (!skip) {
                assertTrue(items.stream().allMatch(i -> i.node().isObject()), name);
            }
        }
    }

    @Test
    void keepsEveryFieldOfAV1IndicatorItReadsByHand() throws IOException {
        List<BatchFileReader.Item> items = readAll(write(
                "[{\"summary\":\"a.example.com\",\"type\":\"Host\",\"tag\":[{\"name\":\"t\"}],\"rating\":2},{}, 7]"), false);
        assertEquals("{\"summary\":\"a.example.com\",\"type\":\"Host\",\"tag\":[{\"name\":\"t\"}],\"rating\":2}",
                items.get(0).node().toString());
        assertEquals("$[0]", items.get(0).path());
        assertEquals("{}", items.get(1).node().toString());
        assertEquals("7", items.get(2).node().toString(), "a non-object is an item, judged as an error later");
    }

    @Test
    void readsV2ArraysInAnyOrderAndSkipsUnknownKeys() throws IOException {
        List<BatchFileReader.Item> items = readAll(write("{\"association\":[{\"ref_1\":\"x\"}],\"meta\":{\"a\":[1]},"
                + "\"group\":[{\"xid\":\"g\"}],\"indicator\":null}"), false);
        assertEquals(List.of(ItemKind.ASSOCIATION, ItemKind.GROUP), items.stream().map(BatchFileReader.Item::kind).toList());
        assertEquals("$.group[0]", items.get(1).path());
    }

    @Test
    void reportsBrokenJsonWithLineAndColumn() throws IOException {
        Path file = write("{\"indicator\":[\n{\"type\":\"Host\",}]}");
        BatchFileReader.ShapeException e = assertThrows(BatchFileReader.ShapeException.class, () -> readAll(file, true));
        assertTrue(e.getMessage().startsWith("Invalid JSON at line 2, column "), e.getMessage());
    }

    @Test
    void refusesShapesThatAreNotBatchFiles() throws IOException {
        assertEquals("The file must hold a JSON array or object, not a string",
                assertThrows(BatchFileReader.ShapeException.class, () -> readAll(write("\"x\""), true)).getMessage());
        assertEquals("'$.indicator' must be an array, not an object",
                assertThrows(BatchFileReader.ShapeException.class,
                        () -> readAll(write("{\"indicator\":{}}"), false)).getMessage());
        assertEquals("The file is empty",
                assertThrows(BatchFileReader.ShapeException.class, () -> readAll(write(""), true)).getMessage());
        assertTrue(assertThrows(BatchFileReader.ShapeException.class, () -> readAll(write("[] []"), true))
                .getMessage().startsWith("Unexpected content after the end"));
    }

    private Path write(String content) throws IOException {
        Path file = Files.createTempFile(dir, "batch", ".json");
        Files.writeString(file, content);
        return file;
    }

    private static List<BatchFileReader.Item> readAll(Path file, boolean skip) throws IOException {
        List<BatchFileReader.Item> items = new ArrayList<>();
        try (BatchFileReader r = new BatchFileReader(file, skip)) {
            BatchFileReader.Item item;
            while ((item = r.next()) != null) {
                items.add(item);
            }
        }
        return items;
    }
}
