package io.tcbatch.input;

import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds the tree of an item from its bytes when they are in the compact form (see
 * {@link BatchJsonReader#isCompactForm}): no white space, printable ASCII strings without escapes,
 * integers of at most 18 digits. Such bytes need no decoding, so the tree is built straight from
 * them, several times faster than Jackson's tree deserialiser, which decodes every string through
 * its text buffer and checks every name against a set for duplicates.
 *
 * <p>Only for bytes the streaming parser has already accepted as one JSON object (syntax,
 * duplicate names, nesting, all refused there with their line and column): this builds, it does
 * not judge. Anything outside the compact form gives null, and the caller has Jackson build the
 * tree. The nodes are the ones Jackson's deserialiser makes with the same factory (IntNode when
 * the value fits an int, else LongNode; TextNode, BooleanNode, NullNode, fields in input order), so
 * the rules see the same tree either way; CompactTreeTest compares the two.
 *
 * <p>One instance per reader, used by one thread at a time: it keeps the field names it has made,
 * so that the same name is the same String (with its hash already computed) in every item.
 */
final class CompactTree {
    /** Deeper items are left to Jackson (a Batch item is three levels deep at most). */
    private static final int MAX_DEPTH = 32;
    /** Integers of more digits may be longs or BigIntegers to Jackson: left to it. */
    private static final int MAX_DIGITS = 18;

    private final JsonNodeFactory nodes;
    /**
     * Jackson's limits on a string value's and a name's length: a longer one is left to it, so that
     * it is refused as before (skipping over a string does not measure it).
     */
    private final int maxString;
    private final int maxName;
    private final String[] names = new String[1024];
    private byte[] b;
    private int i;

    CompactTree(JsonNodeFactory nodes, com.fasterxml.jackson.core.StreamReadConstraints limits) {
        this.nodes = nodes;
        this.maxString = limits.getMaxStringLength();
        this.maxName = limits.getMaxNameLength();
    }

    /** The tree of the object in {@code bytes}, or null when they are not in the compact form. */
    ObjectNode parse(byte[] bytes) {
        b = bytes;
        i = 0;
        try {
            if (bytes.length < 2 || bytes[0] != '{') {
                return null;
            }
            ObjectNode o = object(1);
            return o != null && i == bytes.length ? o : null;
        } finally {
            b = null;
        }
    }

    private JsonNode value(int depth) {
        if (i >= b.length) {
            return null;
        }
        int c = b[i];
        switch (c) {
            case '{':
                return object(depth + 1);
            case '[':
                return array(depth + 1);
            case '"': {
                int end = stringEnd();
                if (end < 0 || end - i - 1 > maxString) {
                    return null;
                }
                String s = new String(b, i + 1, end - i - 1, StandardCharsets.ISO_8859_1);
                i = end + 1;
                return nodes.textNode(s);
            }
            case 't':
                return word("true") ? nodes.booleanNode(true) : null;
            case 'f':
                return word("false") ? nodes.booleanNode(false) : null;
            case 'n':
                return word("null") ? nodes.nullNode() : null;
            default:
                return c == '-' || c >= '0' && c <= '9' ? integer() : null;
        }
    }

    private ObjectNode object(int depth) {
        if (depth > MAX_DEPTH) {
            return null;
        }
        i++; // '{'
        ObjectNode o = nodes.objectNode();
        if (i < b.length && b[i] == '}') {
            i++;
            return o;
        }
        while (true) {
            if (i >= b.length || b[i] != '"') {
                return null;
            }
            int end = stringEnd();
            if (end < 0 || end + 1 >= b.length || b[end + 1] != ':' || end - i - 1 > maxName) {
                return null;
            }
            String name = name(i + 1, end);
            i = end + 2;
            JsonNode v = value(depth);
            if (v == null) {
                return null;
            }
            // As Jackson's deserialiser adds a field (the parser has refused repeated names already).
            o.replace(name, v);
            if (i >= b.length) {
                return null;
            }
            if (b[i] == '}') {
                i++;
                return o;
            }
            if (b[i] != ',') {
                return null;
            }
            i++;
        }
    }

    private ArrayNode array(int depth) {
        if (depth > MAX_DEPTH) {
            return null;
        }
        i++; // '['
        ArrayNode a = nodes.arrayNode();
        if (i < b.length && b[i] == ']') {
            i++;
            return a;
        }
        while (true) {
            JsonNode v = value(depth);
            if (v == null) {
                return null;
            }
            a.add(v);
            if (i >= b.length) {
                return null;
            }
            if (b[i] == ']') {
                i++;
                return a;
            }
            if (b[i] != ',') {
                return null;
            }
            i++;
        }
    }

    /** Index of the quote closing the string that starts at i, or -1 when it holds anything but plain ASCII. */
    private int stringEnd() {
        int j = i + 1;
        while (j < b.length && BatchJsonReader.PLAIN_IN_STRING[b[j] & 0xff]) {
            j++;
        }
        return j < b.length && b[j] == '"' ? j : -1;
    }

    private boolean word(String w) {
        int n = w.length();
        if (i + n > b.length) {
            return false;
        }
        for (int k = 0; k < n; k++) {
            if (b[i + k] != w.charAt(k)) {
                return false;
            }
        }
        i += n;
        return true;
    }

    /** An integer as Jackson types it: IntNode when it fits an int, else LongNode. */
    private JsonNode integer() {
        boolean negative = b[i] == '-';
        int j = negative ? i + 1 : i;
        int first = j;
        long v = 0;
        while (j < b.length && b[j] >= '0' && b[j] <= '9') {
            v = v * 10 + (b[j] - '0');
            j++;
        }
        int digits = j - first;
        // "-0" is written back as 0, a leading zero the parser refused; fractions and exponents are not this form.
        if (digits == 0 || digits > MAX_DIGITS || negative && b[first] == '0' || digits > 1 && b[first] == '0'
                || j < b.length && (b[j] == '.' || b[j] == 'e' || b[j] == 'E')) {
            return null;
        }
        i = j;
        if (negative) {
            v = -v;
        }
        return v == (int) v ? nodes.numberNode((int) v) : nodes.numberNode(v);
    }

    /** The field name in b[from, to), the same String each time it recurs. */
    private String name(int from, int to) {
        int h = to - from;
        for (int k = from; k < to; k++) {
            h = 31 * h + b[k];
        }
        h ^= h >>> 16;
        int free = -1;
        // A few slots per name, so that two names of one item never keep evicting each other.
        for (int p = 0; p < 4; p++) {
            int slot = (h + p) & (names.length - 1);
            String s = names[slot];
            if (s == null) {
                free = free < 0 ? slot : free;
                continue;
            }
            if (s.length() == to - from) {
                int k = 0;
                while (k < s.length() && s.charAt(k) == b[from + k]) {
                    k++;
                }
                if (k == s.length()) {
                    return s;
                }
            }
        }
        String s = new String(b, from, to - from, StandardCharsets.ISO_8859_1);
        names[free >= 0 ? free : h & (names.length - 1)] = s;
        return s;
    }
}
