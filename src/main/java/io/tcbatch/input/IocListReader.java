package io.tcbatch.input;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads a plain-text IOC list: one value per line, UTF-8, LF or CRLF. Blank lines and comments
 * are skipped; a {@code #} starts a comment at the start of a line or after whitespace, so the
 * fragment in {@code http://x.example/a#b} survives. Defanged values are restored and typed by
 * {@link IocDetector}; each recognised value becomes {@code {"type", "summary"}}.
 *
 * <p>Lists are often prose with indicators in it (analyst notes, bullet lists). The policy for a
 * line of several words: a leading bullet ({@code -}, {@code *}, {@code •}) is dropped; then the
 * first word is taken if it is an unmistakable indicator — a hash, an IP address or CIDR, a URL,
 * an e-mail address, an ASN, or a value that was defanged (which is how analysts mark what is
 * malicious). A plain host-like first word followed by more text ("regsvr32.exe [filename]",
 * "support.oracle.com is legitimate") is too likely to be prose and is rejected with a reason,
 * as is anything else. Every further word of the line that is such an indicator is taken too, at
 * the same line number, so "bad[.]example - 192.0.2[.]1" yields both and nothing is dropped
 * unseen; the other words (a file name, "port 443") are ignored.
 */
final class IocListReader implements ItemSource {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final String file;
    private final InputStream in;
    private final ByteArrayOutputStream lineBytes = new ByteArrayOutputStream(256);
    // Report bad bytes instead of replacing them: a silently mangled indicator is worse than a
    // clear "line 12 is not UTF-8". Lines are decoded one at a time so that line is the right one.
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private long lineNumber;
    private boolean eof;
    /** Further indicators of the current line, handed out before the next line is read. */
    private final java.util.ArrayDeque<InputItem> pending = new java.util.ArrayDeque<>();

    IocListReader(String file, InputStream in) throws IOException {
        this.file = file;
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        Encodings.requireUtf8(file, buffered);
        this.in = buffered;
    }

    @Override
    public String formatName() {
        return "IOC list";
    }

    @Override
    public InputItem next() throws IOException {
        if (!pending.isEmpty()) {
            return pending.poll();
        }
        String line;
        while ((line = readLine()) != null) {
            if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            InputItem junk = controlCharacter(line, lineNumber);
            if (junk != null) {
                return junk;
            }
            java.util.List<InputItem> items = parseAll(line, lineNumber);
            if (!items.isEmpty()) {
                pending.addAll(items.subList(1, items.size()));
                return items.get(0);
            }
        }
        return null;
    }

    /** The next line without its LF or CRLF, or null at the end. */
    private String readLine() throws IOException {
        if (eof) {
            return null;
        }
        lineBytes.reset();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            lineBytes.write(b);
        }
        if (b == -1) {
            eof = true;
            if (lineBytes.size() == 0) {
                return null;
            }
        }
        lineNumber++;
        byte[] bytes = lineBytes.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        ByteBuffer src = ByteBuffer.wrap(bytes, 0, length);
        CharBuffer out = CharBuffer.allocate(length);
        decoder.reset();
        CoderResult r = decoder.decode(src, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            // The column counts the characters before the bad byte, as an editor would show it.
            throw new InputException(file, lineNumber, out.position() + 1, String.format("not valid UTF-8 (byte 0x%02x);"
                    + " the file may be Latin-1 or Windows-1252: save it as UTF-8", bytes[src.position()] & 0xff), null);
        }
        return out.flip().toString();
    }

    /**
     * A line with a control character (other than tab) is refused whole rather than cleaned: NUL
     * or escape codes in a list mean a damaged or wrongly exported file, and an indicator built
     * from what is left around them would not be the one the analyst meant.
     */
    private static InputItem controlCharacter(String line, long lineNumber) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f)) {
                String name = String.format("U+%04X", (int) c) + (c == 0 ? " (NUL)" : "");
                StringBuilder shown = new StringBuilder();
                for (int j = 0; j < line.length() && j < 200; j++) {
                    char d = line.charAt(j);
                    shown.append((d < 0x20 && d != '\t') || (d >= 0x7f && d <= 0x9f) ? '\uFFFD' : d);
                }
                return InputItem.rejected(lineNumber, i + 1, shown.toString().strip(),
                        "control character " + name + " at column " + (i + 1) + "; a list line must be plain text");
            }
        }
        return null;
    }

    /**
     * The items of one line: empty for a blank or comment line; the first word's item (or its
     * rejection), then every further word that is an unmistakable or defanged indicator.
     */
    static java.util.List<InputItem> parseAll(String line, long lineNumber) {
        InputItem first = parse(line, lineNumber);
        if (first == null) {
            return java.util.List.of();
        }
        java.util.List<InputItem> items = new java.util.ArrayList<>();
        items.add(first);
        String[] words = content(line).split("\\s+");
        for (int i = 1; i < words.length; i++) {
            String word = words[i];
            String restored = Defang.restore(word);
            IocDetector.Detected d = IocDetector.detect(restored);
            if (d != null && (d.type() != IndicatorType.HOST || !restored.equals(word))) {
                items.add(item(d, lineNumber, line.strip()));
            }
        }
        if (items.size() > 1 && first.isRejected()) {
            // The line's first word was prose, but the line does name indicators: those count, the
            // rejection of the prose word does not.
            items.remove(0);
        }
        return items;
    }

    /** The item for one line's first word, or null for a blank or comment line. */
    static InputItem parse(String line, long lineNumber) {
        String text = content(line);
        if (text.isEmpty() || text.equals("-") || text.equals("*")) {
            return null;
        }
        String raw = line.strip();
        String[] words = text.split("\\s+", 2);
        String first = words[0];
        String restored = Defang.restore(first);
        IocDetector.Detected d = IocDetector.detect(restored);
        String scheme = d == null ? IocDetector.unknownScheme(restored) : null;
        if (scheme != null) {
            return InputItem.rejected(lineNumber, raw, "not a recognised indicator (unknown URL scheme '"
                    + CommonFields.abbreviate(scheme) + "'; a mistyped defang?)");
        }
        if (words.length == 1) {
            if (d == null) {
                return InputItem.rejected(lineNumber, raw, "not a recognised indicator (expected an IP address,"
                        + " CIDR, URL, e-mail address, MD5/SHA1/SHA256 hash, ASN or host name)");
            }
            return item(d, lineNumber, raw);
        }
        if (d == null) {
            return InputItem.rejected(lineNumber, raw, "not a recognised indicator (free text: the first word '"
                    + CommonFields.abbreviate(first) + "' is not an indicator)");
        }
        boolean defanged = !restored.equals(first);
        if (d.type() == IndicatorType.HOST && !defanged) {
            return InputItem.rejected(lineNumber, raw, "not a recognised indicator (free text: '"
                    + CommonFields.abbreviate(first) + "' could be a host name, but it is followed by more words"
                    + " and not defanged, so it may be prose)");
        }
        return item(d, lineNumber, raw);
    }

    private static InputItem item(IocDetector.Detected d, long lineNumber, String raw) {
        ObjectNode node = NODES.objectNode();
        node.put("type", d.type().apiName());
        node.put("summary", d.summary());
        return new InputItem(ItemKind.INDICATOR, node, lineNumber, 1, raw, null);
    }

    /** The line without its comment and a leading bullet ({@code -}, {@code *}, {@code •}). */
    private static String content(String line) {
        String text = stripComment(line).strip();
        if (text.startsWith("- ") || text.startsWith("* ") || text.startsWith("• ")) {
            text = text.substring(2).strip();
        }
        return text;
    }

    static String stripComment(String line) {
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i);
            }
        }
        return line;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
