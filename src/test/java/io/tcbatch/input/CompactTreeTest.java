package io.tcbatch.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The trees CompactTree builds are the trees Jackson builds, node class by node class, and the
 * reader's items are the same whether it skims or reads trees.
 */
class CompactTreeTest {
    private static final ObjectMapper JSON = new ObjectMapper(BatchJsonReader.FACTORY);

    /** Equal values and, unlike JsonNode.equals, the same node classes everywhere (IntNode is not LongNode). */
    static void assertSameTree(JsonNode expected, JsonNode actual, String where) {
        assertEquals(expected.getClass(), actual.getClass(), where);
        assertEquals(expected, actual, where);
        if (expected.isObject()) {
            List<String> names = new ArrayList<>();
            expected.fieldNames().forEachRemaining(names::add);
            List<String> actualNames = new ArrayList<>();
            actual.fieldNames().forEachRemaining(actualNames::add);
            assertEquals(names, actualNames, where + ": field order");
            Iterator<Map.Entry<String, JsonNode>> f = expected.fields();
            while (f.hasNext()) {
                Map.Entry<String, JsonNode> e = f.next();
                assertSameTree(e.getValue(), actual.get(e.getKey()), where + "." + e.getKey());
            }
        } else if (expected.isArray()) {
            for (int i = 0; i < expected.size(); i++) {
                assertSameTree(expected.get(i), actual.get(i), where + "[" + i + "]");
            }
        }
    }

    private static JsonNode compact(String item) {
        return new CompactTree(JSON.getNodeFactory(), BatchJsonReader.FACTORY.streamReadConstraints()).parse(item.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{}",
        "{\"type\":\"Host\",\"summary\":\"a.example.com\"}",
        "{\"a\":[],\"b\":{},\"c\":[[],{}],\"d\":null,\"e\":true,\"f\":false,\"g\":\"\",\"h\":0,\"i\":-1}",
        "{\"n\":2147483647,\"m\":2147483648,\"o\":-2147483648,\"p\":-2147483649,\"q\":999999999999999999}",
        "{\"n\":-999999999999999999,\"ten\":10,\"eleven\":11,\"minus\":-5}",
        "{\"s\":\"/path/with:colons,commas{braces}[brackets] and spaces\",\"t\":\"\u007f\"}",
        "{\"tag\":[{\"name\":\"c2\"},{\"name\":\"x\"}],\"attribute\":[{\"type\":\"Description\",\"value\":\"v\"}]}",
        "{\"a\":[1,\"x\",true,null,[2,[3]],{\"b\":{\"c\":{}}}]}",
    })
    void compactItemsGiveJacksonsTree(String item) throws IOException {
        JsonNode built = compact(item);
        assertNotNull(built, item);
        assertSameTree(JSON.readTree(item), built, item);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"Host\", \"summary\":\"a.example.com\"}",
        "{\"type\":\"Host\",\"summary\":\"a.example.com\"\n}",
        "{\"summary\":\"a\\u002eexample.com\"}",
        "{\"summary\":\"b\u00fccher.example\"}",
        "{\"rating\":4.0}",
        "{\"rating\":1e2}",
        "{\"rating\":-0}",
        "{\"n\":1234567890123456789}",
        "[1]",
        "{\"a\":1}x",
        "{\"a\":[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]}",
    })
    void otherFormsAreLeftToJackson(String item) {
        assertNull(compact(item), item);
    }

    @Test
    void aStringOverJacksonsLimitIsRefusedWhereItStandsAsBefore() throws IOException {
        int max = BatchJsonReader.FACTORY.streamReadConstraints().getMaxStringLength();
        String big = "x".repeat(max + 1);
        // Compact, and spread over lines with the string on the second of four: the place named
        // is the string's (where the whole-file parser stops in it), not the item's end.
        for (String item : List.of("{\"type\":\"Host\",\"description\":\"" + big + "\"}",
                "{\n  \"type\": \"Host\",\n  \"description\": \"" + big + "\"\n}")) {
            String file = "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"a.example.com\"},\n" + item + "]}";
            int line = item.startsWith("{\n") ? 4 : 2;
            List<String> messages = new ArrayList<>();
            for (boolean skim : new boolean[] {false, true}) {
                InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, () -> read(file, skim));
                assertEquals(line, e.line(), e.getMessage());
                assertTrue(e.getMessage().contains("tring value length"), e.getMessage());
                messages.add(e.getMessage());
            }
            assertEquals(messages.get(0), messages.get(1));
        }
    }

    private static List<InputItem> read(String json, boolean skim) throws IOException {
        List<InputItem> items = new ArrayList<>();
        try (BatchJsonReader r = new BatchJsonReader("in.json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))) {
            r.readAheadAfter = -1;
            r.skimming(skim);
            for (InputItem i = r.next(); i != null; i = r.next()) {
                items.add(i);
            }
        }
        return items;
    }

    @Test
    void skimmingReadsTheSameItemsAsReadingTrees() throws IOException {
        // Compact items and others mixed, some large, so that the reader goes from one way to the other
        // and items straddle the recorder's buffer.
        String[] values = {"\"x\"", "1", "-12", "true", "null", "[]", "{}", "[1,2]", "{\"k\":\"v\"}", "2.5", "\"a b\"",
            "\"\\n\"", "\"\u00e9\"", "-0", "1e3", "[{\"name\":\"t\"}]", "3000000000", "12345678901234567890123"};
        String doc = RandomItems.document(11, values);
        List<InputItem> trees = read(doc, false);
        List<InputItem> skimmed = read(doc, true);
        assertEquals(trees.size(), skimmed.size());
        int withBytes = 0;
        for (int i = 0; i < trees.size(); i++) {
            InputItem t = trees.get(i);
            InputItem s = skimmed.get(i);
            assertSameTree(t.node(), s.node(), "item " + i);
            assertEquals(t.line(), s.line());
            assertEquals(t.column(), s.column());
            assertEquals(t.json() == null ? null : new String(t.json(), StandardCharsets.UTF_8),
                    s.json() == null ? null : new String(s.json(), StandardCharsets.UTF_8), "item " + i);
            withBytes += s.json() == null ? 0 : 1;
        }
        assertTrue(withBytes > 1_000 && withBytes < 4_000, "both forms occur: " + withBytes);
    }
}
