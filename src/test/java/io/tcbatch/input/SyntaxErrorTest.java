package io.tcbatch.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.core.json.JsonReadFeature;

/** Encodings, control characters and trailing commas: each error names the exact line and column. */
class SyntaxErrorTest {
    @TempDir
    Path dir;

    private static final String HOST = "{\"type\":\"Host\",\"summary\":\"a.example.com\"}";

    private InputException fail(String name, byte[] content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return assertThrows(InputException.class, () -> readAll(p));
    }

    private static List<InputItem> readAll(Path p) throws IOException {
        return Items.all(p);
    }

    private static byte[] withBom(byte[] bom, String text, Charset cs) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(bom);
        b.writeBytes(text.getBytes(cs));
        return b.toByteArray();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "UTF-16LE|true|looks like UTF-16LE (it starts with a UTF-16LE byte order mark); save the file as UTF-8",
        "UTF-16LE|false|looks like UTF-16LE (NUL bytes between the characters); save the file as UTF-8",
        "UTF-16BE|true|looks like UTF-16BE (it starts with a UTF-16BE byte order mark); save the file as UTF-8",
        "UTF-16BE|false|looks like UTF-16BE (NUL bytes between the characters); save the file as UTF-8",
        "UTF-32LE|true|looks like UTF-32LE (it starts with a UTF-32LE byte order mark); save the file as UTF-8",
        "UTF-32LE|false|looks like UTF-32LE (NUL bytes between the characters); save the file as UTF-8",
        "UTF-32BE|true|looks like UTF-32BE (it starts with a UTF-32BE byte order mark); save the file as UTF-8",
        "UTF-32BE|false|looks like UTF-32BE (NUL bytes between the characters); save the file as UTF-8",
    })
    void utf16And32AreRefusedNamingTheEncoding(String charset, boolean bom, String detail) throws IOException {
        Charset cs = Charset.forName(charset);
        byte[] mark = bom ? "\uFEFF".getBytes(cs) : new byte[0];
        for (String name : List.of("in.json", "in.txt")) {
            String text = name.endsWith(".json") ? "[" + HOST + "]" : "a.example.com\n";
            InputException e = fail(name, withBom(mark, text, cs));
            assertEquals(detail, e.detail(), name);
            assertEquals(1, e.line());
            assertEquals(1, e.column());
            assertEquals(dir.resolve(name) + ":1:1: " + detail, e.getMessage());
        }
    }

    @Test
    void aUtf8ByteOrderMarkIsAcceptedInBothFormats() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        Path json = dir.resolve("bom.json");
        Files.write(json, withBom(bom, "[\n" + HOST + "]", StandardCharsets.UTF_8));
        List<InputItem> items = readAll(json);
        assertEquals(1, items.size());
        assertEquals(2, items.get(0).line());
        Path txt = dir.resolve("bom.txt");
        Files.write(txt, withBom(bom, "a.example.com\n", StandardCharsets.UTF_8));
        assertEquals("a.example.com", readAll(txt).get(0).node().path("summary").asText());
    }

    @Test
    void invalidUtf8InAJsonStringNamesLineColumnAndTheByte() throws IOException {
        byte[] latin1 = ("[\n{\"type\":\"Host\",\"summary\":\"caf\u00e9.example\"}]").getBytes(StandardCharsets.ISO_8859_1);
        InputException e = fail("latin1.json", latin1);
        assertEquals("not valid UTF-8 (byte 0xe9); the file may be Latin-1 or Windows-1252: save it as UTF-8", e.detail());
        assertEquals(2, e.line());
        assertEquals(30, e.column(), "the column of the 'é' itself, not where Jackson stopped");
    }

    @Test
    void invalidUtf8AfterMultiByteCharactersCountsCharacters() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes("[{\"type\":\"Host\",\"summary\":\"a.example.com\",\"description\":\"\u00fc\u00df \uD83D\uDE00 ".getBytes(StandardCharsets.UTF_8));
        b.write(0xFF);
        b.writeBytes("\"}]".getBytes(StandardCharsets.UTF_8));
        InputException e = fail("mixed.json", b.toByteArray());
        assertEquals("not valid UTF-8 (byte 0xff); the file may be Latin-1 or Windows-1252: save it as UTF-8", e.detail());
        assertEquals(1, e.line());
        // 57 ASCII characters, then two 2-byte letters, a space, one 4-byte emoji (one column) and a
        // space: 62 characters before the bad byte, whatever their byte lengths.
        assertEquals(63, e.column());
    }

    @Test
    void invalidUtf8InAnIocListNamesLineAndColumn() throws IOException {
        byte[] latin1 = "a.example.com\nb.example.com caf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1);
        InputException e = fail("latin1.txt", latin1);
        assertEquals("not valid UTF-8 (byte 0xe9); the file may be Latin-1 or Windows-1252: save it as UTF-8", e.detail());
        assertEquals(2, e.line());
        assertEquals(18, e.column());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'[{\"type\":\"Host\",\"summary\":\"a\tb\"}]'|1|29|raw control character U+0009 (tab) inside a string; JSON needs it escaped (write \\t)",
        "'[\n {\"type\":\"Host\",\n  \"summary\":\"a\u0001b\"}]'|3|15|raw control character U+0001 inside a string; JSON needs it escaped (write \\u0001)",
        "'{\"indicator\":[{\"type\":\"Host\",\"summary\":\"ab\n\"}]}'|1|43|raw control character U+000A (line feed) inside a string; JSON needs it escaped (write \\n)",
    })
    void rawControlCharactersInStringsAreNamed(String json, long line, long column, String detail) throws IOException {
        InputException e = fail("ctrl.json", json.getBytes(StandardCharsets.UTF_8));
        assertEquals(detail, e.detail());
        assertEquals(line, e.line());
        assertEquals(column, e.column());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'[{\"tag\":[1,2,]}]'|1|14|trailing comma before ']': JSON allows no comma after the last element of an array",
        "'{\"a\":1,}'|1|8|trailing comma before '}': JSON allows no comma after the last field of an object",
        "'[\n  " + "{\"type\":\"Host\",\"summary\":\"a.example.com\"},\n]'|3|1|trailing comma before ']': JSON allows no comma after the last element of an array",
        "'{\"indicator\":[{\"type\":\"Host\",\n  \"summary\":\"a.example.com\",\n}]}'|3|1|trailing comma before '}': JSON allows no comma after the last field of an object",
        "'{\"indicator\":[],\"group\":[],}'|1|28|trailing comma before '}': JSON allows no comma after the last field of an object",
    })
    void trailingCommasAreNamed(String json, long line, long column, String detail) throws IOException {
        InputException e = fail("comma.json", json.getBytes(StandardCharsets.UTF_8));
        assertEquals(detail, e.detail());
        assertEquals(line, e.line());
        assertEquals(column, e.column());
    }

    @Test
    void jacksonLeniencyStaysOff() {
        for (JsonReadFeature f : List.of(JsonReadFeature.ALLOW_TRAILING_COMMA, JsonReadFeature.ALLOW_MISSING_VALUES,
                JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS, JsonReadFeature.ALLOW_SINGLE_QUOTES,
                JsonReadFeature.ALLOW_JAVA_COMMENTS)) {
            assertFalse(BatchJsonReader.FACTORY.isEnabled(f.mappedFeature()), f.name());
        }
    }

    @Test
    void aControlCharacterInAnIocLineRejectsThatLineOnly() throws IOException {
        Path p = dir.resolve("ctrl.txt");
        Files.writeString(p, "a.example.com\nb.exam\u0007ple.com\n\tc.example.com\n", StandardCharsets.UTF_8);
        List<InputItem> items = readAll(p);
        assertEquals(3, items.size());
        assertFalse(items.get(0).isRejected());
        InputItem bad = items.get(1);
        assertTrue(bad.isRejected());
        assertEquals(2, bad.line());
        assertEquals(7, bad.column());
        assertEquals("control character U+0007 at column 7; a list line must be plain text", bad.rejectReason());
        assertEquals("c.example.com", items.get(2).node().path("summary").asText(), "a tab is whitespace, not junk");
    }

    @Test
    void aNulInALaterIocLineRejectsThatLine() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            b.append("h").append(i).append(".example.com\n");
        }
        b.append("x\u0000y.example.com\n");
        Path p = dir.resolve("nul.txt");
        Files.writeString(p, b, StandardCharsets.UTF_8);
        List<InputItem> items = readAll(p);
        assertEquals(21, items.size());
        InputItem bad = items.get(20);
        assertEquals(21, bad.line());
        assertEquals(2, bad.column());
        assertEquals("control character U+0000 (NUL) at column 2; a list line must be plain text", bad.rejectReason());
        assertNull(bad.node());
    }

    @Test
    void aBinaryFileIsRefused() throws IOException {
        byte[] bin = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0};
        InputException e = fail("archive.txt", bin);
        assertEquals("looks like a binary file, not text (a NUL byte at offset 5)", e.detail());
        assertEquals(1, e.line());
    }
    @Test
    void aFieldGivenTwiceInOneItemIsAnErrorAtItsSecondOccurrence() throws IOException {
        InputException e = fail("dup.json", "{\"indicator\":[\n{\"type\":\"Host\",\"summary\":\"a.example.com\",\"type\":\"Address\"}]}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(2, e.line());
        assertEquals("the field 'type' appears twice in one object; keep one of them", e.detail());
    }

    @Test
    void jsonThatIsNotBatchJsonIsRefusedNamingItsKeys() throws IOException {
        InputException e = fail("bundle.json", "{\n  \"type\": \"report\",\n  \"id\": \"bundle--1\",\n  \"objects\": []\n}"
                .getBytes(StandardCharsets.UTF_8));
        assertEquals(2, e.line());
        assertEquals("not Batch JSON: the object has no \"indicator\", \"group\" or \"association\" array"
                + " (its keys: type, id, objects); an IOC list belongs in a .txt file", e.detail());
    }

    @Test
    void anEmptyBatchObjectIsStillJustEmpty() throws IOException {
        Path p = dir.resolve("empty.json");
        Files.writeString(p, "{\"indicator\":[],\"group\":[]}");
        assertTrue(readAll(p).isEmpty());
        Files.writeString(p, "{}");
        assertTrue(readAll(p).isEmpty());
    }
}
