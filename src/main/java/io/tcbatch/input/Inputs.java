package io.tcbatch.input;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/** Makes the {@link Input}s of an import and opens each with the reader its format calls for. */
public final class Inputs {
    private Inputs() {
    }

    /** How far into a file the format is sniffed: enough for a STIX bundle's "type" before its objects. */
    private static final int SNIFF = 8 * 1024;
    private static final Pattern STIX_BUNDLE = Pattern.compile("\"type\"\\s*:\\s*\"bundle\"");
    /**
     * A STIX object's id, {@code "id": "indicator--<uuid>"}: a bare list of STIX objects (or one
     * object) has no bundle to name, but Batch JSON never has an {@code id} field of that form
     * (groups have {@code xid}, and an id inside a string value would have escaped quotes).
     */
    private static final Pattern STIX_ID = Pattern.compile(
            "\"id\"\\s*:\\s*\"[a-z][a-z0-9-]*--[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-");

    /** A file whose format is decided from its extension and content (see {@link #file(Path, Format)}). */
    public static Input file(Path file) {
        return file(file, Format.AUTO);
    }

    /**
     * A file in {@code format}. With {@link Format#AUTO}: {@code .csv}/{@code .tsv} is CSV with the
     * mapping guessed from its header; {@code .txt}, {@code .ioc}, {@code .list} an IOC list;
     * {@code .jsonl}, {@code .ndjson} JSON lines; any other name is sniffed: JSON whose start says
     * {@code "type": "bundle"} or holds a STIX id is STIX, JSON shaped as a MISP event or a plain
     * feed goes to those readers ({@link JsonShapes#sniff}), other JSON is Batch JSON (V1 array, V1
     * {@code {"indicator":[…]}}, V2 object, V2 wrapped in a list), and text that is not JSON is an
     * IOC list (a {@code .json} name keeps non-JSON text for the Batch JSON reader's error).
     */
    public static Input file(Path file, Format format) {
        return new FileInput(file, format, null);
    }

    /** A CSV file read by {@code mapping}. */
    public static Input csv(Path file, CsvMapping mapping) {
        return new FileInput(file, Format.CSV, mapping);
    }

    /**
     * Text given in a script, e.g. {@code text('''192.0.2.1\nbad.example.com''')}; named
     * {@code name} (the script and line) in messages. With {@link Format#AUTO} JSON text is sniffed
     * as a file without an extension is (Batch JSON, STIX, MISP or a JSON feed), anything else is an IOC list.
     */
    public static Input text(String name, String content, Format format) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new InMemory(name, bytes.length, wrap -> reader(name, wrap.apply(new ByteArrayInputStream(bytes)),
                format, "", null));
    }

    /** Items already built (the DSL's inline {@code indicators { }}), each with its line in the script. */
    public static Input items(String name, List<InputItem> items) {
        List<InputItem> copy = List.copyOf(items);
        // No bytes to read: size 0, which Input#size means as unknown.
        return new InMemory(name, 0, wrap -> {
            Iterator<InputItem> it = copy.iterator();
            return new ItemSource() {
                @Override
                public InputItem next() {
                    // A fresh copy each pass: the preflight normalises nodes in place.
                    if (!it.hasNext()) {
                        return null;
                    }
                    InputItem i = it.next();
                    return i.node() == null ? i : new InputItem(i.kind(), i.node().deepCopy(), i.line(), i.column(),
                            i.raw(), i.rejectReason());
                }

                @Override
                public String formatName() {
                    return "items built in the script";
                }

                @Override
                public void close() {
                }
            };
        });
    }

    /** What an {@link InMemory} input does when opened. */
    private interface Opener {
        ItemSource open(UnaryOperator<InputStream> wrap) throws IOException;
    }

    /** Text or items given in a script: no file, named by the script and line. */
    private record InMemory(String name, long size, Opener opener) implements Input {
        @Override
        public Path path() {
            return null;
        }

        @Override
        public ItemSource open(UnaryOperator<InputStream> wrap) throws IOException {
            return opener.open(wrap);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** {@link #file(Path)} opened: a reader of the file's items. */
    public static ItemSource open(Path file) throws IOException {
        return file(file).open(in -> in);
    }

    /** As {@link #open(Path)}, reading the file through {@code wrap} (e.g. a stream that counts the bytes read). */
    public static ItemSource open(Path file, UnaryOperator<InputStream> wrap) throws IOException {
        return file(file).open(wrap);
    }

    private record FileInput(Path path, Format format, CsvMapping mapping) implements Input {
        @Override
        public String name() {
            return path.toString();
        }

        @Override
        public long size() throws IOException {
            return Files.isRegularFile(path) ? Files.size(path) : 0;
        }

        @Override
        public ItemSource open(UnaryOperator<InputStream> wrap) throws IOException {
            if (Files.isDirectory(path)) {
                throw InputException.unreadable(path, "is a directory, not a file");
            }
            InputStream in;
            try {
                in = wrap.apply(Files.newInputStream(path));
            } catch (NoSuchFileException e) {
                throw InputException.unreadable(path, "no such file");
            } catch (AccessDeniedException e) {
                throw InputException.unreadable(path, "permission denied");
            } catch (IOException e) {
                throw InputException.unreadable(path, "cannot be read (" + e.getMessage() + ")");
            }
            String name = path.getFileName() == null ? "" : path.getFileName().toString().toLowerCase(Locale.ROOT);
            return reader(path.toString(), in, format, name, mapping);
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    /** Opens the reader of {@code format}, deciding it first when AUTO; closes {@code in} when that fails. */
    private static ItemSource reader(String name, InputStream raw, Format format, String fileName, CsvMapping mapping)
            throws IOException {
        InputStream in = raw;
        try {
            Format f = format;
            if (f == Format.AUTO) {
                f = byExtension(fileName);
            }
            if (f == Format.AUTO || f == Format.BATCH_JSON && format == Format.AUTO) {
                // A .json file may be Batch JSON, STIX, MISP or a plain JSON feed; any other name may be anything.
                BufferedInputStream b = new BufferedInputStream(raw, 64 * 1024);
                in = b;
                Format sniffed = sniff(b);
                f = f == Format.BATCH_JSON && sniffed == Format.IOC_LIST ? Format.BATCH_JSON : sniffed;
            }
            return switch (f) {
                case CSV -> new CsvReader(name, in, mapping == null ? CsvMapping.auto() : mapping);
                case STIX -> new StixReader(name, in);
                case MISP -> new MispReader(name, in);
                case JSON_LINES -> new JsonFeedReader(name, in);
                case IOC_LIST -> new IocListReader(name, in);
                case BATCH_JSON, AUTO -> new BatchJsonReader(name, in);
            };
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    private static Format byExtension(String fileName) {
        if (fileName.endsWith(".csv") || fileName.endsWith(".tsv")) {
            return Format.CSV;
        }
        if (fileName.endsWith(".txt") || fileName.endsWith(".ioc") || fileName.endsWith(".list")) {
            return Format.IOC_LIST;
        }
        if (fileName.endsWith(".jsonl") || fileName.endsWith(".ndjson")) {
            return Format.JSON_LINES;
        }
        if (fileName.endsWith(".json")) {
            return Format.BATCH_JSON; // or STIX, MISP, a JSON feed: see reader()
        }
        return Format.AUTO;
    }

    /**
     * JSON (its first character, after a BOM and white space, is { or [) is STIX when its start
     * names a bundle or holds a STIX object id, MISP or a plain JSON feed by its shape
     * ({@link JsonShapes#sniff}), else Batch JSON. Anything else is an IOC list, unless it holds NUL bytes: a
     * binary file goes to the JSON reader, whose one-line error says it is not JSON.
     */
    private static Format sniff(BufferedInputStream in) throws IOException {
        in.mark(SNIFF);
        byte[] head = in.readNBytes(SNIFF);
        in.reset();
        String s = new String(head, StandardCharsets.UTF_8);
        int i = s.startsWith("\uFEFF") ? 1 : 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        if (i == s.length()) {
            return Format.BATCH_JSON;
        }
        char first = s.charAt(i);
        if (first == '{' || first == '[') {
            if (STIX_BUNDLE.matcher(s).find() || STIX_ID.matcher(s).find()) {
                return Format.STIX;
            }
            return JsonShapes.sniff(head);
        }
        for (byte b : head) {
            if (b == 0) {
                return Format.BATCH_JSON;
            }
        }
        return Format.IOC_LIST;
    }
}
