package io.tcbatch.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;

/**
 * An item's bytes as read ({@link InputItem#json}) stand for its tree only when writing the tree
 * gives exactly them: every item read here is written again with a default ObjectMapper and the
 * two compared, for the forms that qualify and for those that must not.
 */
class CompactFormTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static List<InputItem> read(String json, int readAheadAfter) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        List<InputItem> items = new ArrayList<>();
        try (BatchJsonReader r = new BatchJsonReader("in.json", new ByteArrayInputStream(bytes))) {
            r.readAheadAfter = readAheadAfter;
            for (InputItem i = r.next(); i != null; i = r.next()) {
                items.add(i);
            }
        }
        return items;
    }

    /** Every item's json, when there is one, is what the mapper writes; returns how many had one. */
    private static int agreeing(List<InputItem> items) throws IOException {
        int n = 0;
        for (InputItem i : items) {
            if (i.json() != null) {
                assertArrayEquals(JSON.writeValueAsBytes(i.node()), i.json(), i.node().toString());
                n++;
            }
        }
        return n;
    }

    private static InputItem one(String item) throws IOException {
        List<InputItem> items = read("{\"indicator\":[" + item + "]}", -1);
        assertEquals(1, items.size());
        agreeing(items);
        return items.get(0);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"Host\",\"summary\":\"a.example.com\"}",
        "{\"type\":\"Address\",\"summary\":\"192.0.2.1\",\"rating\":5,\"confidence\":-7,\"n\":12345678901234567890123}",
        "{\"a\":[],\"b\":{},\"c\":[[],{}],\"d\":null,\"e\":true,\"f\":false,\"g\":\"\",\"h\":0,\"i\":-1}",
        "{\"s\":\"/path/with:colons,commas{braces}[brackets] and spaces\",\"t\":\"\u007f\"}",
        "{\"tag\":[{\"name\":\"c2\"},{\"name\":\"x\"}],\"attribute\":[{\"type\":\"Description\",\"value\":\"v\"}]}",
    })
    void compactAsciiItemsKeepTheirBytesAndTheyAreWhatTheMapperWrites(String item) throws IOException {
        InputItem i = one(item);
        // The escape in the Java source above is the raw DEL character (U+007F) in the file, which Jackson writes back raw.
        assertNotNull(i.json(), item);
        assertEquals(item, new String(i.json(), StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"type\":\"Host\", \"summary\":\"a.example.com\"}",
        "{\"type\":\"Host\",\"summary\":\"a.example.com\"\n}",
        "{\"type\":\"Host\",\"summary\":\"a\\u002eexample.com\"}",
        "{\"type\":\"Host\",\"summary\":\"a\\/b\"}",
        "{\"type\":\"Host\",\"summary\":\"quote \\\" inside\"}",
        "{\"type\":\"Host\",\"summary\":\"b\u00fccher.example\"}",
        "{\"type\":\"Host\",\"summary\":\"emoji \uD83D\uDE00\"}",
        "{\"rating\":4.0}",
        "{\"rating\":4.50}",
        "{\"rating\":1e2}",
        "{\"rating\":1E2}",
        "{\"rating\":-0}",
        "{\"rating\":-0.0}",
    })
    void otherFormsAreSerialisedAgain(String item) throws IOException {
        assertNull(one(item).json(), item);
    }

    @Test
    void theFirstElementOfAV1ArrayReadFieldByFieldHasNone() throws IOException {
        List<InputItem> items = read("[{\"type\":\"Host\",\"summary\":\"a.example.com\"},{\"type\":\"Host\",\"summary\":\"b.example.com\"}]", -1);
        assertNull(items.get(0).json());
        assertEquals("{\"type\":\"Host\",\"summary\":\"b.example.com\"}", new String(items.get(1).json(), StandardCharsets.UTF_8));
    }

    @Test
    void manyRandomItemsAcrossBufferBoundariesAgreeWithAndWithoutReadAhead() throws IOException {
        // Items of random fields and sizes, some over the recorder's first buffer, so that items
        // straddle every kind of boundary; each item's json, when kept, is what the mapper writes.
        String[] values = {"\"x\"", "1", "-12", "true", "null", "[]", "{}", "[1,2]", "{\"k\":\"v\"}", "2.5", "\"a b\"",
            "\"\\n\"", "\"\u00e9\"", "-0", "1e3", "[{\"name\":\"t\"}]"};
        String json = RandomItems.document(7, values);
        for (int after : new int[] {-1, 0, 100}) {
            List<InputItem> items = read(json, after);
            assertEquals(4_000, items.size());
            int kept = agreeing(items);
            assertTrue(kept > 1_000 && kept < 4_000, "both forms occur: " + kept);
        }
    }

    @Test
    void onlyAMapperWritingAsTheDefaultOneDoesLetTheBytesStand() {
        assertTrue(InputItem.writtenAsRead(new ObjectMapper()));
        // A feature that does not touch trees still counts: better one serialisation too many than a wrong byte.
        assertFalse(InputItem.writtenAsRead(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)));
        assertFalse(InputItem.writtenAsRead(new ObjectMapper().disable(SerializationFeature.WRITE_EMPTY_JSON_ARRAYS)));
        assertFalse(InputItem.writtenAsRead(new ObjectMapper().configure(JsonNodeFeature.WRITE_NULL_PROPERTIES, false)));
        assertFalse(InputItem.writtenAsRead(new ObjectMapper().configure(JsonNodeFeature.WRITE_PROPERTIES_SORTED, true)));
        assertFalse(InputItem.writtenAsRead(new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
                .enable(JsonWriteFeature.ESCAPE_NON_ASCII).build())));
        assertFalse(InputItem.writtenAsRead(new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
                .enable(JsonWriteFeature.ESCAPE_FORWARD_SLASHES).build())));
    }
}
