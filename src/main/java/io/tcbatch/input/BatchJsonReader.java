package io.tcbatch.input;

import java.io.IOException;
import java.io.InputStream;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Streams the entries of a Batch JSON file, one element tree at a time, so a file of any size
 * is read in bounded memory. Accepted shapes (§3.1, §3.2): a V1 array of indicators; an object
 * with {@code indicator}, {@code group} and {@code association} arrays in any order, any of them
 * missing, empty or null (this covers V1's {@code {"indicator":[…]}}, which is valid V2 too and
 * is reported as V2); and that object wrapped in a top-level array, as the 2019–2021 docs wrote it.
 *
 * <p>The wrapped form is told from a V1 array without reading the first element whole: its
 * fields are read one by one, and the first {@code indicator}/{@code group}/{@code association}
 * field holding an array (before any {@code type} field) makes it a wrapper.
 */
final class BatchJsonReader implements ItemSource {
    /**
     * Strict JSON whatever Jackson's defaults become: every leniency is turned off by name, so a
     * file the server would refuse (a trailing comma, a raw tab in a string) is refused here,
     * with its line and column, before anything is sent.
     */
    static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            .disable(JsonReadFeature.ALLOW_MISSING_VALUES)
            .disable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS)
            .disable(JsonReadFeature.ALLOW_SINGLE_QUOTES)
            .disable(JsonReadFeature.ALLOW_UNQUOTED_FIELD_NAMES)
            .disable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .disable(JsonReadFeature.ALLOW_YAML_COMMENTS)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonReadFeature.ALLOW_LEADING_ZEROS_FOR_NUMBERS)
            .disable(JsonReadFeature.ALLOW_BACKSLASH_ESCAPING_ANY_CHARACTER)
            // {"type":"Host",…,"type":"Address"}: which one the server keeps is anyone's guess, and
            // a tree would silently keep the last; the sender must decide.
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);
    private static final Pattern SOURCE_JUNK = Pattern.compile("\\s*\\(?\\s*(at )?\\[Source:.*$", Pattern.DOTALL);

    private enum Shape { V1_ARRAY, V2_OBJECT, V2_WRAPPED, EMPTY }

    private final String file;
    private final JsonParser parser;
    /** The bytes under the parser, kept from the start of the item being read (see {@link InputItem#json}). */
    private final Recorder recorder;
    private Shape shape;
    /** Kind of the array the parser is inside, or null when between arrays of a V2 object. */
    private ItemKind currentKind;
    private InputItem pending;
    private boolean done;
    /** V2 object: whether any of indicator/group/association appeared, and the first other keys. */
    private boolean sawKnownArray;
    private final java.util.List<String> otherKeys = new java.util.ArrayList<>();
    private JsonLocation firstOtherKey;

    BatchJsonReader(String file, InputStream in) throws IOException {
        this.file = file;
        this.recorder = new Recorder(Encodings.utf8Stream(file, in));
        this.parser = MAPPER.createParser(recorder);
        guard(this::detect);
    }

    @Override
    public String formatName() {
        return switch (shape) {
            case V1_ARRAY -> "Batch JSON V1";
            case V2_OBJECT -> "Batch JSON V2";
            case V2_WRAPPED -> "Batch JSON V2 (wrapped in a list)";
            case EMPTY -> "Batch JSON (empty array)";
        };
    }

    @Override
    public InputItem next() throws IOException {
        if (pending != null) {
            InputItem item = pending;
            pending = null;
            return item;
        }
        if (done) {
            return null;
        }
        if (ahead == null) {
            if (readAheadAfter < 0 || handedOut < readAheadAfter) {
                handedOut++;
                return readOne();
            }
            startReadingAhead();
        }
        return ahead.next();
    }

    /** The next item on the caller's thread; null at the end. */
    private InputItem readOne() throws IOException {
        InputItem item = guard(this::advance);
        if (item == null) {
            done = true;
            guard(this::expectEnd);
        }
        return item;
    }

    @Override
    public void close() throws IOException {
        if (ahead != null) {
            ahead.stop();
        }
        parser.close();
    }

    /*
     * Reading ahead. Parsing and building each item's tree is about a third of a preflight; on a
     * machine with a second core it runs on a thread of its own while the caller checks and writes
     * the items before. What the caller sees does not change: the same items in the same order,
     * the same exception (the same object, with its file, line and column) once every item before
     * it has been handed out, and nothing after it. Memory stays bounded by the queue. Small inputs
     * never start a thread: reading ahead begins only after READ_AHEAD_AFTER items.
     */

    /**
     * Items handed out on the caller's thread before reading moves to its own thread; negative
     * never. A system property so that the whole test suite can be run with read-ahead from the
     * first item ({@code -Dtcbatch.input.readAheadAfter=0}) to show it changes nothing.
     */
    static final int READ_AHEAD_AFTER = Integer.getInteger("tcbatch.input.readAheadAfter", 2_000);
    /** Items read ahead at most (not counting one block being filled). */
    private static final int READ_AHEAD_QUEUE = 256;
    private static final int READ_AHEAD_BLOCK = 64;

    /** For tests: this reader's threshold (defaults to READ_AHEAD_AFTER). */
    int readAheadAfter = READ_AHEAD_AFTER;
    private long handedOut;
    private ReadAhead ahead;

    private void startReadingAhead() {
        ahead = new ReadAhead();
        Thread t = new Thread(ahead::run, "tcbatch-read-ahead");
        // Never keeps the JVM alive: the caller's close() stops it, and an abandoned reader dies with the JVM.
        t.setDaemon(true);
        ahead.thread = t;
        t.start();
    }

    private record AtEnd(Exception error) {
    }

    private final class ReadAhead {
        private final java.util.concurrent.ArrayBlockingQueue<Object[]> queue =
                new java.util.concurrent.ArrayBlockingQueue<>(READ_AHEAD_QUEUE / READ_AHEAD_BLOCK);
        private final Object end = new Object();
        private volatile boolean stopped;
        private Thread thread;
        /** What the reading thread ended with, once taken: rethrown to every later call, as no item follows it. */
        private Throwable failure;

        /** Items (and last the end, an AtEnd or a Throwable) not yet handed to the queue. */
        private Object[] block = new Object[READ_AHEAD_BLOCK];
        private int filled;

        void run() {
            try {
                // Not readOne(): "done" belongs to the caller's thread, which sets it on taking the end.
                while (!stopped) {
                    InputItem item = guard(BatchJsonReader.this::advance);
                    if (item == null) {
                        try {
                            guard(BatchJsonReader.this::expectEnd);
                        } catch (IOException | RuntimeException e) {
                            // As on the caller's thread: the end is reached, the error is thrown once, then null.
                            put(new AtEnd(e), true);
                            return;
                        }
                        put(end, true);
                        return;
                    }
                    put(item, false);
                }
            } catch (Throwable e) {
                put(e, true);
            }
        }

        /**
         * Items travel in blocks, so that the two threads meet once a block and not once an item
         * (waking a waiting thread costs more than checking a small item).
         */
        private void put(Object o, boolean last) {
            block[filled++] = o;
            if (filled < block.length && !last) {
                return;
            }
            Object[] full = filled == block.length ? block : java.util.Arrays.copyOf(block, filled);
            block = new Object[READ_AHEAD_BLOCK];
            filled = 0;
            try {
                while (!stopped) {
                    if (queue.offer(full, 50, java.util.concurrent.TimeUnit.MILLISECONDS)) {
                        return;
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private Object[] taken;
        private int at;

        private Object take() throws IOException {
            if (taken == null || at == taken.length) {
                try {
                    taken = queue.take();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted while reading " + file);
                }
                at = 0;
            }
            return taken[at++];
        }

        InputItem next() throws IOException {
            if (failure == null && !done) {
                Object o = take();
                if (o instanceof InputItem item) {
                    return item;
                }
                if (o == end) {
                    done = true;
                    return null;
                }
                if (o instanceof AtEnd last) {
                    done = true;
                    throwUnchecked(last.error());
                }
                failure = (Throwable) o;
            }
            if (failure == null) {
                return null;
            }
            throwUnchecked(failure);
            return null;
        }

        private static void throwUnchecked(Throwable t) throws IOException {
            if (t instanceof IOException e) {
                throw e;
            }
            if (t instanceof RuntimeException e) {
                throw e;
            }
            throw (Error) t;
        }

        void stop() {
            stopped = true;
            queue.clear();
            try {
                // The reading thread notices within one offer's wait or one item; the parser is not
                // shared, so it is closed only once that thread is out of it.
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private interface Step<T> {
        T run() throws IOException;
    }

    private <T> T guard(Step<T> step) throws IOException {
        try {
            return step.run();
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentLocation();
            InputException badByte = Encodings.invalidUtf8(file, e);
            if (badByte != null) {
                throw badByte;
            }
            throw new InputException(file, at.getLineNr(), at.getColumnNr(), explain(e.getOriginalMessage()), e);
        }
    }

    private Void detect() throws IOException {
        JsonToken first = parser.nextToken();
        if (first == null) {
            throw error("empty file: expected a JSON array or object");
        }
        if (first == JsonToken.START_OBJECT) {
            shape = Shape.V2_OBJECT;
            return null;
        }
        if (first != JsonToken.START_ARRAY) {
            throw error("expected a JSON array or object, found " + describe(first));
        }
        JsonToken t = parser.nextToken();
        if (t == JsonToken.END_ARRAY) {
            shape = Shape.EMPTY;
            return null;
        }
        if (t != JsonToken.START_OBJECT) {
            throw notAnObject(ItemKind.INDICATOR, t);
        }
        JsonLocation start = parser.currentTokenLocation();
        ObjectNode partial = MAPPER.createObjectNode();
        boolean sawType = false;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            ItemKind kind = kindOf(name);
            if (!sawType && kind != null && value == JsonToken.START_ARRAY) {
                shape = Shape.V2_WRAPPED;
                currentKind = kind;
                return null;
            }
            sawType |= name.equals("type");
            partial.set(name, (JsonNode) parser.readValueAsTree());
        }
        shape = Shape.V1_ARRAY;
        currentKind = ItemKind.INDICATOR;
        pending = InputItem.of(ItemKind.INDICATOR, partial, start.getLineNr(), start.getColumnNr());
        return null;
    }

    private InputItem advance() throws IOException {
        if (shape == Shape.EMPTY) {
            return null;
        }
        while (true) {
            if (currentKind != null) {
                JsonToken t = parser.nextToken();
                if (t == JsonToken.END_ARRAY) {
                    if (shape == Shape.V1_ARRAY) {
                        return null;
                    }
                    currentKind = null;
                    continue;
                }
                if (t != JsonToken.START_OBJECT) {
                    throw notAnObject(currentKind, t);
                }
                JsonLocation start = parser.currentTokenLocation();
                long from = start.getByteOffset();
                recorder.keepFrom(from);
                if (skim && recorder.holds(from)) {
                    return skimmed(start, from);
                }
                ObjectNode node = (ObjectNode) parser.readValueAsTree();
                byte[] json = recorder.compact(from, parser.currentLocation().getByteOffset());
                // Items in the compact form are skimmed from here on (see skimmed()).
                skim = skimAllowed && json != null;
                return new InputItem(currentKind, node, start.getLineNr(), start.getColumnNr(), null, null, null, json);
            }
            JsonToken t = parser.nextToken();
            if (t == JsonToken.END_OBJECT) {
                if (shape == Shape.V2_OBJECT && !sawKnownArray && !otherKeys.isEmpty()) {
                    // A STIX bundle, an API response or some other JSON: reading it as an empty
                    // import would end in "nothing to do" and exit 0, which hides the mistake.
                    throw new InputException(file, firstOtherKey.getLineNr(), firstOtherKey.getColumnNr(),
                            "not Batch JSON: the object has no \"indicator\", \"group\" or \"association\" array"
                                    + " (its keys: " + String.join(", ", otherKeys) + (otherKeys.size() == 5 ? ", …" : "")
                                    + "); an IOC list belongs in a .txt file", null);
                }
                if (shape == Shape.V2_OBJECT || !nextWrappedObject()) {
                    return null;
                }
                continue;
            }
            if (t != JsonToken.FIELD_NAME) {
                throw error("unexpected " + describe(t));
            }
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            ItemKind kind = kindOf(name);
            sawKnownArray |= kind != null;
            if (kind == null) {
                if (otherKeys.size() < 5) {
                    if (firstOtherKey == null) {
                        firstOtherKey = parser.currentTokenLocation();
                    }
                    otherKeys.add(name);
                }
                // Read-only fields of a bulk export and future keys are not ours to judge.
                parser.skipChildren();
            } else if (value == JsonToken.START_ARRAY) {
                currentKind = kind;
            } else if (value != JsonToken.VALUE_NULL) {
                throw error("\"" + name + "\" must be an array, found " + describe(value));
            }
        }
    }

    /*
     * Skimming. Jackson's tree of an item costs several times what its bare token scan does
     * (every string decoded, every name checked against a set). When the items come in the
     * compact form, as machine-written files do, the parser only skips over each one, which
     * still checks all of its syntax, duplicate names and nesting, with line and column, and the
     * tree is built from the item's bytes by CompactTree, which does not need to decode them.
     * An item that is not in the compact form gets Jackson's tree of those same bytes, and from
     * then on trees are built as the items are read again, until one is compact: a pretty-printed
     * file costs what it did, plus one item read twice.
     */
    private boolean skim = true;

    /** For tests: whether this reader skims compact items (true, the default) or always reads trees. */
    void skimming(boolean on) {
        skim = on;
        skimAllowed = on;
    }

    private boolean skimAllowed = true;
    private final CompactTree compactTree = new CompactTree(MAPPER.getNodeFactory(), FACTORY.streamReadConstraints());

    private InputItem skimmed(JsonLocation start, long from) throws IOException {
        parser.skipChildren();
        byte[] b = recorder.kept(from, parser.currentLocation().getByteOffset());
        ObjectNode node = compactTree.parse(b);
        byte[] json = b;
        if (node == null) {
            skim = false;
            node = treeOf(b, start);
            json = isCompactForm(b) ? b : null;
        }
        return new InputItem(currentKind, node, start.getLineNr(), start.getColumnNr(), null, null, null, json);
    }

    /**
     * Jackson's tree of an item's bytes, which the streaming parser has accepted; what it may
     * still refuse (a string over Jackson's length limit, which skipping does not decode) is
     * reported where it stands in the file, as if the tree had been read there.
     */
    private static ObjectNode treeOf(byte[] item, JsonLocation start) throws IOException {
        JsonParser p = MAPPER.createParser(item);
        try {
            return (ObjectNode) MAPPER.readTree(p);
        } catch (JsonProcessingException e) {
            // A limit of Jackson's (a string over its maximum length) comes without a location:
            // where this item's parser stands then is just after that string, which is what the
            // whole-file parser reported when it read the tree itself.
            JsonLocation at = e.getLocation() != null ? e.getLocation() : p.currentLocation();
            if (at == null) {
                throw e;
            }
            int line = at.getLineNr();
            int column = at.getColumnNr();
            JsonLocation inFile = new JsonLocation(com.fasterxml.jackson.core.io.ContentReference.unknown(), start.getByteOffset() + at.getByteOffset(), -1,
                    start.getLineNr() + line - 1, line == 1 ? start.getColumnNr() + column - 1 : column);
            throw new com.fasterxml.jackson.core.JsonParseException(null, e.getOriginalMessage(), inFile, e);
        } finally {
            p.close();
        }
    }

    /** In the wrapped form, moves into the next V2 object of the outer list, if there is one. */
    private boolean nextWrappedObject() throws IOException {
        JsonToken t = parser.nextToken();
        if (t == JsonToken.END_ARRAY) {
            return false;
        }
        if (t != JsonToken.START_OBJECT) {
            throw error("expected a V2 object in the outer list, found " + describe(t));
        }
        return true;
    }

    private Void expectEnd() throws IOException {
        JsonToken t = parser.nextToken();
        if (t != null) {
            throw error("unexpected " + describe(t) + " after the end of the JSON document");
        }
        return null;
    }

    private static ItemKind kindOf(String name) {
        for (ItemKind k : ItemKind.values()) {
            if (k.arrayName().equals(name)) {
                return k;
            }
        }
        return null;
    }

    private InputException notAnObject(ItemKind kind, JsonToken t) {
        return error("expected an object in the " + kind.arrayName() + " array, found " + describe(t));
    }

    private InputException error(String what) {
        JsonLocation at = parser.currentTokenLocation();
        return new InputException(file, at.getLineNr(), at.getColumnNr(), what, null);
    }

    /** A token as this reader's messages name it; a bracket as itself: "unexpected ']'". */
    private static String describe(JsonToken t) {
        return Encodings.describe(t, o -> o.asString() == null ? Encodings.tokenName(o) : "'" + o.asString() + "'");
    }

    /**
     * The message for a syntax error, in words a person who wrote the file understands; the
     * parser's context tells a trailing comma from other misplaced brackets, since Jackson only
     * says what it expected where the bracket stands.
     */
    private String explain(String message) {
        String m = message == null ? "" : message;
        if (m.startsWith("Illegal unquoted character ((CTRL-CHAR, code ")) {
            int code = Integer.parseInt(m.replaceAll("(?s)^Illegal unquoted character \\(\\(CTRL-CHAR, code (\\d+)\\)\\).*$", "$1"));
            return "raw control character " + controlName(code) + " inside a string; JSON needs it escaped (write "
                    + escapeOf(code) + ")";
        }
        if (m.startsWith("Invalid UTF-8")) {
            // Reached only when the file could not be opened again to find the exact byte.
            return "not valid UTF-8 (at or just before this column); the file may be Latin-1 or Windows-1252: save it as UTF-8";
        }
        if (m.startsWith("Unexpected character (']'") && m.contains("expected a value") && parser.getParsingContext().inArray()) {
            return "trailing comma before ']': JSON allows no comma after the last element of an array";
        }
        if (m.startsWith("Unexpected character ('}'") && m.contains("double-quote to start field name")
                && parser.getParsingContext().inObject()) {
            return "trailing comma before '}': JSON allows no comma after the last field of an object";
        }
        if (m.startsWith("Duplicate field '")) {
            return "the field " + m.substring("Duplicate field ".length()) + " appears twice in one object;"
                    + " keep one of them";
        }
        return humane(m);
    }

    private static String controlName(int code) {
        String hex = String.format("U+%04X", code);
        return switch (code) {
            case 9 -> hex + " (tab)";
            case 10 -> hex + " (line feed)";
            case 13 -> hex + " (carriage return)";
            case 0 -> hex + " (NUL)";
            default -> hex;
        };
    }

    private static String escapeOf(int code) {
        return switch (code) {
            case 9 -> "\\t";
            case 10 -> "\\n";
            case 13 -> "\\r";
            default -> String.format("\\u%04x", code);
        };
    }

    /**
     * Jackson's messages name its own source descriptors, codes and alternatives; a person only
     * needs the first clause. "Unexpected character ('}' (code 125)): expected a value" becomes
     * "unexpected character '}': expected a value".
     */
    static String humane(String message) {
        if (message == null || message.isBlank()) {
            return "malformed JSON";
        }
        String m = message.lines().findFirst().orElse(message);
        m = SOURCE_JUNK.matcher(m).replaceAll("");
        if (m.startsWith("Unexpected end-of-input")) {
            return "unexpected end of file";
        }
        m = m.replaceAll("\\(('.*?') \\(code \\d+\\)\\)", "$1");
        m = m.replaceAll("\\(\\((CTRL-CHAR), code (\\d+)\\)\\)", "control character $2");
        m = m.replaceAll("\\s*\\(JSON String, Number, Array, Object or token 'null', 'true' or 'false'\\)", " a JSON value");
        m = m.strip();
        if (m.length() > 120) {
            m = m.substring(0, 117) + "...";
        }
        return Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }

    /*
     * The item's own bytes, when writing its tree again would give exactly them: then preflight
     * can send an item it did not change without serialising it (a fifth of its time on large
     * files). Proven by the form alone, so nothing is compared at run time: compact (no white
     * space outside strings), ASCII only (a character outside the BMP is written back as a
     * pair of escapes, and Jackson is lenient about some non-shortest UTF-8), no backslash at all
     * (escapes may be written back differently), and numbers only as integers without "-0" (a
     * fraction or exponent comes back in Java's double form, "-0" as "0"). Leading zeros, raw
     * control characters and duplicate names never reach here: the parser refuses them.
     */
    /** Bytes that may stand in a string of the compact form as they are: printable ASCII but '"' and '\\'. */
    static final boolean[] PLAIN_IN_STRING = new boolean[256];

    static {
        for (int c = 0x20; c <= 0x7f; c++) { // DEL (0x7f) is written as it is, as before
            PLAIN_IN_STRING[c] = c != '"' && c != '\\';
        }
    }

    static boolean isCompactForm(byte[] b) {
        int n = b.length;
        if (n < 2 || b[0] != '{' || b[n - 1] != '}') {
            return false;
        }
        int i = 0;
        while (i < n) {
            int c = b[i];
            if (c < 0x20 || c == '\\') {
                // White space or a non-ASCII byte (bytes above 0x7F are negative in Java).
                return false;
            }
            if (c == '"') {
                // Most of an item's bytes are inside strings: one table look-up a byte there.
                i++;
                while (i < n && PLAIN_IN_STRING[b[i] & 0xff]) {
                    i++;
                }
                if (i < n && b[i] != '"') { // an escape, a control or a non-ASCII byte
                    return false;
                }
                i++;
                continue;
            }
            if (c == '-' || c >= '0' && c <= '9') {
                if (c == '-' && i + 1 < n && b[i + 1] == '0') {
                    return false;
                }
                i++;
                while (i < n && b[i] >= '0' && b[i] <= '9') {
                    i++;
                }
                if (i < n && (b[i] == '.' || b[i] == 'e' || b[i] == 'E')) {
                    return false;
                }
                continue;
            }
            if (c == '{' || c == '}' || c == '[' || c == ']' || c == ':' || c == ',' || c >= 'a' && c <= 'z') {
                // Letters outside strings are only true, false and null: the parser took nothing else.
                i++;
                continue;
            }
            return false;
        }
        return true;
    }

    /**
     * The stream under the parser, keeping what it has read from the start of the current item
     * on, so the item's bytes can be cut out once the tree is read. Between items nothing is
     * kept, so memory is one buffer of at least the largest item, not the file.
     */
    static final class Recorder extends java.io.FilterInputStream {
        /** More than the parser reads ahead of where it is (Jackson reads 8,000 bytes at a time). */
        private static final int RETAIN = 32 * 1024;
        private byte[] buf = new byte[256 * 1024];
        private int len;
        /** Offset in the stream of buf[0]. */
        private long base;
        /** Offset from which bytes must be kept; Long.MAX_VALUE when none. */
        private long keep = Long.MAX_VALUE;

        Recorder(InputStream in) {
            super(in);
        }

        void keepFrom(long offset) {
            keep = offset < 0 ? Long.MAX_VALUE : offset;
        }

        /**
         * The bytes [from, to) when they were all kept and are in the compact form, else null;
         * from then on nothing is kept.
         */
        byte[] compact(long from, long to) {
            keep = Long.MAX_VALUE;
            if (from < base || to > base + len || to - from < 2 || to - from > Integer.MAX_VALUE) {
                return null;
            }
            byte[] b = java.util.Arrays.copyOfRange(buf, (int) (from - base), (int) (to - base));
            return isCompactForm(b) ? b : null;
        }

        /** Whether the bytes from {@code offset} on are still here (they are kept from then on). */
        boolean holds(long offset) {
            return offset >= base && offset <= base + len;
        }

        /** The bytes [from, to), which must have been kept; from then on nothing is kept. */
        byte[] kept(long from, long to) {
            keep = Long.MAX_VALUE;
            if (from < base || to > base + len || to - from > Integer.MAX_VALUE) {
                throw new IllegalStateException("bytes " + from + "-" + to + " of the input were not kept");
            }
            return java.util.Arrays.copyOfRange(buf, (int) (from - base), (int) (to - base));
        }

        @Override
        public int read() throws IOException {
            int c = super.read();
            if (c >= 0) {
                append(new byte[] {(byte) c}, 0, 1);
            }
            return c;
        }

        @Override
        public int read(byte[] b, int off, int n) throws IOException {
            int r = super.read(b, off, n);
            if (r > 0) {
                append(b, off, r);
            }
            return r;
        }

        @Override
        public long skip(long n) throws IOException {
            // The parser never skips; if something did, the recorded bytes would no longer be the stream's.
            throw new IOException("skip is not supported here");
        }

        private void append(byte[] b, int off, int n) {
            if (len + n > buf.length) {
                // With nothing to keep, the last RETAIN bytes stay all the same: the parser may hold
                // them in its own buffer, unread, so the next item may begin among them.
                long drop = keep == Long.MAX_VALUE ? Math.max(0, len - RETAIN) : Math.max(0, Math.min(len, keep - base));
                System.arraycopy(buf, (int) drop, buf, 0, len - (int) drop);
                len -= (int) drop;
                base += drop;
                if (len + n > buf.length) {
                    buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
                }
            }
            System.arraycopy(b, off, buf, len, n);
            len += n;
        }
    }
}
