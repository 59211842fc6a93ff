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
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tcbatch.input.ItemKind;

/**
 * Reads an uploaded Batch file element by element, holding one item in memory at a time.
 *
 * <p>Accepted shapes (API doc §3.1, §3.2, §5.7, §5.8): a V1 array of indicators, the V1 object
 * {@code {"indicator":[…]}}, the V2 object {@code {"indicator":[…],"group":[…],"association":[…]}}
 * (keys in any order, any of them missing) and the 2019 form of V2 wrapped in a list. The shape
 * is taken from the content, not from the job's version, because SDKs and docs disagree on it:
 * an element of a root array whose first key is {@code indicator}, {@code group} or
 * {@code association} with an array value is a V2 object; any other element is an indicator.
 * Unknown top-level keys of a V2 object are skipped, like the read-only fields of a bulk export.
 *
 * <p>This is deliberately not the client's {@code input} reader: the server side reads uploads on
 * its own (DESIGN.md), so a shape the client gets wrong cannot pass unnoticed by being read the
 * same wrong way on both sides. Only the item rules are shared.
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

    private static final JsonFactory FACTORY = Wire.JSON.getFactory();

    private final JsonParser parser;
    private final boolean skip;
    private boolean started;
    private boolean finished;
    // Where the parser is: inside a root array (of indicators and/or V2 objects), inside a V2
    // object, inside one of its item arrays (arrayKind).
    private boolean inRootArray;
    private boolean inV2Object;
    private ItemKind arrayKind;
    private int index;
    private int rootIndex = -1;

    /** @param skip when true, items are skipped rather than built (a fast counting pass) */
    BatchFileReader(Path file, boolean skip) throws IOException {
        InputStream in = Files.newInputStream(file);
        try {
            this.parser = FACTORY.createParser(in);
        } catch (IOException e) {
            in.close();
            throw e;
        }
        this.parser.setCodec(Wire.JSON);
        this.skip = skip;
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
                inRootArray = true;
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
                    continue;
                }
                String path = objectPrefix() + "." + arrayKind.arrayName() + "[" + index++ + "]";
                if (skip) {
                    parser.skipChildren();
                    return new Item(arrayKind, null, path);
                }
                return new Item(arrayKind, parser.readValueAsTree(), path);
            }
            if (inV2Object) {
                JsonToken t = parser.nextToken();
                if (t == JsonToken.END_OBJECT) {
                    inV2Object = false;
                    if (!inRootArray) {
                        return end();
                    }
                    continue;
                }
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (enterItemArray(field, value)) {
                    continue;
                }
                parser.skipChildren();
                continue;
            }
            if (inRootArray) {
                JsonToken t = parser.nextToken();
                if (t == JsonToken.END_ARRAY) {
                    inRootArray = false;
                    return end();
                }
                rootIndex++;
                String path = "$[" + rootIndex + "]";
                if (t != JsonToken.START_OBJECT) {
                    if (skip) {
                        parser.skipChildren();
                        return new Item(ItemKind.INDICATOR, null, path);
                    }
                    return new Item(ItemKind.INDICATOR, parser.readValueAsTree(), path);
                }
                JsonToken f = parser.nextToken();
                ObjectNode indicator = skip ? null : Wire.JSON.createObjectNode();
                if (f == JsonToken.END_OBJECT) {
                    return new Item(ItemKind.INDICATOR, indicator, path);
                }
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (enterItemArray(field, value)) {
                    inV2Object = true;
                    continue;
                }
                // An indicator whose first field has been read already: build (or skip) the rest.
                readRestOfObject(indicator, field);
                return new Item(ItemKind.INDICATOR, indicator, path);
            }
            return end();
        }
    }

    /** At the value of {@code field}: true (and positioned inside it) when it is an item array. */
    private boolean enterItemArray(String field, JsonToken value) throws IOException {
        ItemKind kind = kindOf(field);
        if (kind == null) {
            return false;
        }
        if (value == JsonToken.VALUE_NULL) {
            return true;
        }
        if (value != JsonToken.START_ARRAY) {
            throw new ShapeException("'" + objectPrefix() + "." + field + "' must be an array, not " + describe(value));
        }
        arrayKind = kind;
        index = 0;
        return true;
    }

    private void readRestOfObject(ObjectNode into, String firstField) throws IOException {
        String field = firstField;
        while (true) {
            if (into == null) {
                parser.skipChildren();
            } else {
                into.set(field, parser.readValueAsTree());
            }
            JsonToken t = parser.nextToken();
            if (t == JsonToken.END_OBJECT) {
                return;
            }
            field = parser.currentName();
            parser.nextToken();
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

    private String objectPrefix() {
        return inRootArray ? "$[" + rootIndex + "]" : "$";
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
