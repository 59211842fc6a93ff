package io.tcbatch.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonToken;

/** The words the JSON readers' messages use for a token: one table, each reader's own last resort. */
class JsonTokenWordsTest {
    @Test
    void theCommonTokensReadTheSameInEveryReader() {
        assertEquals("the end of the file", Encodings.describe(null, Encodings::tokenName));
        assertEquals("an array", JsonFeedReader.describe(JsonToken.START_ARRAY));
        assertEquals("an object", Encodings.describe(JsonToken.START_OBJECT, Encodings::tokenName));
        assertEquals("a string", JsonFeedReader.describe(JsonToken.VALUE_STRING));
        assertEquals("a number", JsonFeedReader.describe(JsonToken.VALUE_NUMBER_FLOAT));
        assertEquals("a boolean", JsonFeedReader.describe(JsonToken.VALUE_FALSE));
        assertEquals("null", JsonFeedReader.describe(JsonToken.VALUE_NULL));
    }

    @Test
    void theRareTokensAreNamedByTheReadersOwnFallback() {
        // JSON feeds and MISP: "unexpected a ']'"; the others as before the fold.
        assertEquals("a ']'", JsonFeedReader.describe(JsonToken.END_ARRAY));
        assertEquals("a '}'", JsonFeedReader.describe(JsonToken.END_OBJECT));
        assertEquals("field_name", JsonFeedReader.describe(JsonToken.FIELD_NAME));
        assertEquals("end_array", Encodings.describe(JsonToken.END_ARRAY, Encodings::tokenName));
    }
}
