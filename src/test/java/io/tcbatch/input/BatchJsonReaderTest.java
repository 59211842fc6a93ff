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

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BatchJsonReaderTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private static List<InputItem> readAll(ItemSource source) throws IOException {
        List<InputItem> items = new ArrayList<>();
        for (InputItem i = source.next(); i != null; i = source.next()) {
            items.add(i);
        }
        assertNull(source.next(), "stays at the end once there");
        return items;
    }

    private List<InputItem> read(String json) throws IOException {
        try (ItemSource s = Inputs.open(write("in.json", json))) {
            return readAll(s);
        }
    }

    private String format(String json) throws IOException {
        try (ItemSource s = Inputs.open(write("in.json", json))) {
            readAll(s);
            return s.formatName();
        }
    }

    private static String kinds(List<InputItem> items) {
        StringBuilder b = new StringBuilder();
        for (InputItem i : items) {
            b.append(i.kind().name().charAt(0));
        }
        return b.toString();
    }

    @Test
    void readsV1BareArrayWithPositionsOfEachElement() throws IOException {
        List<InputItem> items = read("[\n  {\"type\":\"Host\",\"summary\":\"a.example.com\"},\n"
                + "  {\"type\":\"Address\",\"summary\":\"192.0.2.1\"}\n]\n");
        assertEquals(2, items.size());
        assertEquals("II", kinds(items));
        assertEquals("a.example.com", items.get(0).node().get("summary").asText());
        assertEquals(2, items.get(0).line());
        assertEquals(3, items.get(0).column());
        assertEquals(3, items.get(1).line());
        assertEquals("192.0.2.1", items.get(1).node().get("summary").asText());
        assertEquals("Batch JSON V1", format("[{\"type\":\"Host\",\"summary\":\"a.example.com\"}]"));
    }

    @Test
    void keepsEveryFieldOfTheFirstV1ElementAlthoughItIsReadFieldByField() throws IOException {
        List<InputItem> items = read("[{\"rating\":3,\"attribute\":[{\"type\":\"Source\",\"value\":\"x\"}],"
                + "\"type\":\"Host\",\"summary\":\"a.example.com\",\"tag\":[{\"name\":\"C2\"}]}]");
        assertEquals("{\"rating\":3,\"attribute\":[{\"type\":\"Source\",\"value\":\"x\"}],\"type\":\"Host\","
                + "\"summary\":\"a.example.com\",\"tag\":[{\"name\":\"C2\"}]}", items.get(0).node().toString());
        assertEquals(2, items.get(0).column());
    }

    @Test
    void readsV1ObjectForm() throws IOException {
        List<InputItem> items = read("{\"indicator\":[{\"type\":\"Host\",\"summary\":\"a.example.com\"}]}");
        assertEquals("I", kinds(items));
    }

    @Test
    void readsV2ObjectInAnyKeyOrder() throws IOException {
        String json = "{\"association\":[{\"ref_1\":\"a.example.com\",\"ref_2\":\"g-1\"}],"
                + "\"group\":[{\"type\":\"Incident\",\"name\":\"n\",\"xid\":\"g-1\"},{\"type\":\"Adversary\",\"name\":\"m\",\"xid\":\"g-2\"}],"
                + "\"indicator\":[{\"type\":\"Host\",\"summary\":\"a.example.com\"}]}";
        List<InputItem> items = read(json);
        assertEquals("AGGI", kinds(items));
        assertEquals("g-2", items.get(2).node().get("xid").asText());
        assertEquals("Batch JSON V2", format(json));
    }

    @Test
    void treatsMissingEmptyAndNullArraysAsNoItems() throws IOException {
        assertEquals("G", kinds(read("{\"indicator\":[],\"association\":null,"
                + "\"group\":[{\"type\":\"Incident\",\"name\":\"n\",\"xid\":\"g-1\"}]}")));
        assertEquals(0, read("{}").size());
        assertEquals(0, read("[]").size());
        assertEquals(0, read("{\"group\":[],\"indicator\":[]}").size());
    }

    @Test
    void skipsUnknownTopLevelKeysWhateverTheirValue() throws IOException {
        List<InputItem> items = read("{\"owner\":\"Example Org\",\"meta\":{\"indicator\":[1,2]},\"list\":[[1],{}],"
                + "\"indicator\":[{\"type\":\"Host\",\"summary\":\"a.example.com\"}],\"n\":1}");
        assertEquals("I", kinds(items));
    }

    @Test
    void readsV2WrappedInATopLevelList() throws IOException {
        String json = " [{\n\t\"indicator\": [{\"type\":\"Host\",\"summary\":\"a.example.com\"}],\n"
                + "\t\"group\": [{\"type\":\"Incident\",\"name\":\"n\",\"xid\":\"g-1\"}]\n },"
                + " {\"indicator\": [{\"type\":\"Address\",\"summary\":\"192.0.2.1\"}]}]";
        List<InputItem> items = read(json);
        assertEquals("IGI", kinds(items));
        assertEquals(2, items.get(0).line());
        assertEquals(3, items.get(1).line());
        assertEquals("192.0.2.1", items.get(2).node().get("summary").asText());
        assertEquals("Batch JSON V2 (wrapped in a list)", format(json));
    }

    @Test
    void aV1IndicatorWithTypeFirstIsNotMistakenForAWrapper() throws IOException {
        List<InputItem> items = read("[{\"type\":\"Host\",\"summary\":\"a.example.com\",\"group\":[1]}]");
        assertEquals("I", kinds(items));
        assertEquals("[1]", items.get(0).node().get("group").toString());
    }

    @Test
    void acceptsAUtf8ByteOrderMark() throws IOException {
        Path p = dir.resolve("bom.json");
        byte[] body = "[{\"type\":\"Host\",\"summary\":\"a.example.com\"}]".getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[body.length + 3];
        all[0] = (byte) 0xEF;
        all[1] = (byte) 0xBB;
        all[2] = (byte) 0xBF;
        System.arraycopy(body, 0, all, 3, body.length);
        Files.write(p, all);
        try (ItemSource s = Inputs.open(p)) {
            assertEquals(1, readAll(s).size());
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        // json | line | column | detail
        "'[{\"type\":\"Host\",\n \"summary\":\"a.example.com\",}]'|2|28|trailing comma before '}': JSON allows no comma after the last field of an object",
        "'{\"indicator\":[{\"type\":\"Host\"}'|1|30|unexpected end of file",
        "'[\n{\"type\":\"Host\"},\n{\"type\" \"Host\"}]'|3|9|unexpected character '\"': was expecting a colon to separate field name and value",
        "'{\"indicator\":[tru]}'|1|19|unrecognized token 'tru': was expecting a JSON value",
        "'{\"indicator\":[{\"type\":\"Host\"}]}}'|1|32|unexpected close marker '}': no open Object to close",
    })
    void reportsMalformedJsonWithLineAndColumn(String json, long line, long column, String detail) throws IOException {
        Path p = write("bad.json", json);
        InputException e = assertThrows(InputException.class, () -> {
            try (ItemSource s = Inputs.open(p)) {
                readAll(s);
            }
        });
        assertEquals(detail, e.detail());
        assertEquals(line, e.line());
        assertEquals(column, e.column());
        assertEquals(p + ":" + line + ":" + column + ": " + detail, e.getMessage());
    }

    @Test
    void elementThatIsNotAnObjectIsAnInputError() throws IOException {
        InputException e = assertThrows(InputException.class,
                () -> read("{\"indicator\":[\n  {\"type\":\"Host\",\"summary\":\"a.example.com\"},\n  42]}"));
        assertEquals("expected an object in the indicator array, found a number", e.detail());
        assertEquals(3, e.line());
        assertEquals(3, e.column());
        // A list of strings is an IOC list when sniffed (JsonFeedReaderTest); forced to Batch JSON it is refused.
        InputException first = assertThrows(InputException.class, () -> readAll(
                Inputs.file(write("in.json", "[\"a.example.com\"]"), Format.BATCH_JSON).open(in -> in)));
        assertEquals("expected an object in the indicator array, found a string", first.detail());
        InputException group = assertThrows(InputException.class, () -> read("{\"group\":[null]}"));
        assertEquals("expected an object in the group array, found null", group.detail());
    }

    @Test
    void kindArrayThatIsNotAnArrayIsAnInputError() {
        InputException e = assertThrows(InputException.class, () -> read("{\"indicator\":{\"type\":\"Host\"}}"));
        assertEquals("\"indicator\" must be an array, found an object", e.detail());
    }

    @Test
    void topLevelScalarOrEmptyFileIsAnInputError() {
        assertEquals("expected a JSON array or object, found a number",
                assertThrows(InputException.class, () -> read("42")).detail());
        assertEquals("empty file: expected a JSON array or object",
                assertThrows(InputException.class, () -> read("  \n")).detail());
    }

    @Test
    void contentAfterTheDocumentIsAnInputError() {
        InputException e = assertThrows(InputException.class, () -> read("{}\n[]"));
        assertEquals("unexpected an array after the end of the JSON document", e.detail());
        assertEquals(2, e.line());
    }

    @Test
    void missingFileNamesThePath() {
        Path missing = dir.resolve("nope.json");
        InputException e = assertThrows(InputException.class, () -> Inputs.open(missing));
        assertEquals(missing + ": no such file", e.getMessage());
        assertEquals(0, e.line());
        InputException d = assertThrows(InputException.class, () -> Inputs.open(dir));
        assertEquals(dir + ": is a directory, not a file", d.getMessage());
    }

    @Test
    void humaneMessageDropsJacksonSourceDescriptions() {
        assertEquals("unexpected character '}': expected a value", BatchJsonReader.humane(
                "Unexpected character ('}' (code 125)): expected a value\n at [Source: (File); line: 1, column: 2]"));
        assertEquals("unexpected end of file", BatchJsonReader.humane(
                "Unexpected end-of-input: expected close marker for Array (start marker at [Source: REDACTED; line: 1, column: 1])"));
    }
}
