package io.tcbatch.input;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
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

    IocListReader(String file, InputStream in) {
        this.file = file;
        this.in = new BufferedInputStream(in);
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
        try {
            return decoder.decode(ByteBuffer.wrap(bytes, 0, length)).toString();
        } catch (CharacterCodingException e) {
            throw new InputException(file, lineNumber, 1, "not valid UTF-8", e);
        }
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
