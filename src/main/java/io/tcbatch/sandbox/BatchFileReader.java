package io.tcbatch.sandbox;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.input.ItemKind;

/**
 * Reads an uploaded Batch file element by element, holding one item in memory at a time.
 *
 * <p>Accepted shapes (API doc §3.1, §3.2, §5.7, §5.8): a V1 array of indicators, the V1 object
 * {@code {"indicator":[…]}}, the V2 object {@code {"indicator":[…],"group":[…],"association":[…]}}
 * (keys in any order, any of them missing) and the 2019 form of V2 wrapped in a list. A root
 * array is read by the job's version: for V1 its elements are indicators, for V2 they are V2
 * objects. Looking at the elements instead cannot be done by streaming, because an indicator
 * with an {@code attribute} array looks like a V2 object until its end. Unknown top-level keys
 * are skipped, like the read-only fields of a bulk export.
 */
final class BatchFileReader implements Closeable {

    /** One element of a top-level array; {@code node} is null when reading with {@code skip}. */
    record Item(ItemKind kind, JsonNode node, String path) {
    }

    /** The file is not JSON, or not one of the accepted shapes: code 0x1003. */
    static final class ShapeException extends IOException {
        ShapeException(String message) {
            super(message);
        }
    }

    private static final JsonFactory FACTORY = new ObjectMapper().getFactory();

    private final JsonParser parser;
    private final boolean skip;
    private final boolean rootArrayIsWrapped;
    private boolean started;
    private boolean finished;
    // Where the parser is: inside the list that wraps V2 objects, inside a V2 object, inside
    // one of the item arrays (arrayKind). A V1 root array sets only arrayKind.
    private boolean inWrappingList;
    private boolean inV2Object;
    private ItemKind arrayKind;
    private int index;
    private int wrapIndex = -1;

    /**
     * @param version the job's version, {@code V1} or {@code V2}
     * @param skip    when true, items are skipped rather than built (a fast counting pass)
     */
    BatchFileReader(Path file, String version, boolean skip) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            this.parser = FACTORY.createParser(in);
        } catch (IOException e) {
            in.close();
            throw e;
        }
        this.parser.setCodec(new ObjectMapper());
        this.skip = skip;
        this.rootArrayIsWrapped = "V2".equals(version);
    }

    /** The next item, or null at the end of the file. */
    Item next() throws IOException {
        try {
            return advance();
        } catch (ShapeException e) {
            throw e;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var loc = e.getLocation();
            String where = loc == null ? "" : " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
            throw new ShapeException("Invalid JSON" + where + ": " + e.getOriginalMessage());
        }
    }

    private Item advance() throws IOException {
        if (finished) {
            return null;
        }
        if (!started) {
            started = true;
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY) {
                if (rootArrayIsWrapped) {
                    inWrappingList = true;
                } else {
                    arrayKind = ItemKind.INDICATOR;
                }
            } else if (first == JsonToken.START_OBJECT) {
                inV2Object = true;
            } else {
                throw new ShapeException(first == null ? "The file is empty"
                        : "The file must hold a JSON array or object, not " + describe(first));
            }
        }
        while (true) {
            if (arrayKind != null) {
                JsonToken t = parser.nextToken();
                if (t == JsonToken.END_ARRAY) {
                    arrayKind = null;
                    if (!inV2Object && !inWrappingList) {
                        return end();
                    }
                    continue;
                }
                String path = arrayPath() + "[" + index++ + "]";
                if (skip) {
                    parser.skipChildren();
                    return new Item(arrayKind, null, path);
                }
                JsonNode node = parser.readValueAsTree();
                return new Item(arrayKind, node, path);
            }
            if (inV2Object) {
                JsonToken t = parser.nextToken();
                if (t == JsonToken.END_OBJECT) {
                    inV2Object = false;
                    if (!inWrappingList) {
                        return end();
                    }
                    continue;
                }
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                ItemKind kind = kindOf(field);
                if (kind == null) {
                    parser.skipChildren();
                    continue;
                }
                if (value == JsonToken.VALUE_NULL) {
                    continue;
                }
                if (value != JsonToken.START_ARRAY) {
                    throw new ShapeException("'" + wrapPrefix() + "." + field + "' must be an array, not "
                            + describe(value));
                }
                arrayKind = kind;
                index = 0;
                continue;
            }
            if (inWrappingList) {
                JsonToken t = parser.nextToken();
                if (t == JsonToken.END_ARRAY) {
                    inWrappingList = false;
                    return end();
                }
                wrapIndex++;
                if (t != JsonToken.START_OBJECT) {
                    throw new ShapeException("'$[" + wrapIndex + "]' of a V2 file wrapped in a list must be an object,"
                            + " not " + describe(t));
                }
                inV2Object = true;
                continue;
            }
            return end();
        }
    }

    private Item end() throws IOException {
        finished = true;
        JsonToken trailing = parser.nextToken();
        if (trailing != null) {
            throw new ShapeException("Unexpected content after the end of the JSON document at line "
                    + parser.currentLocation().getLineNr());
        }
        return null;
    }

    private String wrapPrefix() {
        return wrapIndex >= 0 ? "$[" + wrapIndex + "]" : "$";
    }

    private String arrayPath() {
        if (!inV2Object) {
            return "$";
        }
        return wrapPrefix() + "." + arrayKind.arrayName();
    }

    private static ItemKind kindOf(String field) {
        for (ItemKind k : ItemKind.values()) {
            if (k.arrayName().equals(field)) {
                return k;
            }
        }
        return null;
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.name();
        };
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
