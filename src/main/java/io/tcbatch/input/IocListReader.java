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
 * as is anything else; the rest of an accepted line (a file name, "port 443") is ignored. Only
 * one indicator is taken from a line, so a line such as "bad[.]example - 192.0.2.1" yields the
 * host only.
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
        String line;
        while ((line = readLine()) != null) {
            if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            InputItem item = parse(line, lineNumber);
            if (item != null) {
                return item;
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

    /** The item for one line, or null for a blank or comment line. */
    static InputItem parse(String line, long lineNumber) {
        String text = stripComment(line).strip();
        if (text.startsWith("- ") || text.startsWith("* ") || text.startsWith("• ")) {
            text = text.substring(2).strip();
        }
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
