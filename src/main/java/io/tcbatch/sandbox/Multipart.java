package io.tcbatch.sandbox;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A streaming reader of {@code multipart/form-data} bodies (RFC 7578) for E3
 * {@code createAndUpload}: parts are handed over as streams, so a large {@code content} part
 * goes to disk without being held in memory. Parts may have a {@code filename} or not and any
 * content type, as tcex and the Java SDK differ there (API doc §2.3).
 */
final class Multipart {

    /** Receives each part; it may read the body partly or not at all. */
    interface PartHandler {
        void part(String name, InputStream body) throws IOException;
    }

    /** The body is not multipart as declared: 400. */
    static final class MalformedException extends IOException {
        MalformedException(String message) {
            super(message);
        }
    }

    private static final Pattern BOUNDARY = Pattern.compile("(?i)boundary=(\"([^\"]+)\"|([^;\\s]+))");
    private static final Pattern NAME = Pattern.compile("(?i)[;\\s]name=(\"([^\"]*)\"|([^;\\s]+))");
    private static final int MAX_HEADER_LINE = 8 * 1024;

    private Multipart() {
    }

    /** The boundary of a {@code multipart/form-data} content type, or null if it is not one. */
    static String boundary(String contentType) {
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("multipart/form-data")) {
            return null;
        }
        Matcher m = BOUNDARY.matcher(contentType);
        if (!m.find()) {
            return null;
        }
        return m.group(2) != null ? m.group(2) : m.group(3);
    }

    static void read(InputStream body, String boundary, PartHandler handler) throws IOException {
        byte[] delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        // A virtual CRLF in front makes the first delimiter look like all the others.
        PushbackInputStream in = new PushbackInputStream(
                new SequenceInputStream(new ByteArrayInputStream(new byte[] {'\r', '\n'}), body), delimiter.length);
        drain(new PartStream(in, delimiter));
        while (true) {
            int a = in.read();
            int b = in.read();
            if (a == '-' && b == '-') {
                return;
            }
            if (a != '\r' || b != '\n') {
                throw new MalformedException("multipart body: missing line break after a boundary");
            }
            String name = null;
            String line;
            while (!(line = headerLine(in)).isEmpty()) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                    Matcher m = NAME.matcher(line);
                    if (m.find()) {
                        name = m.group(2) != null ? m.group(2) : m.group(3);
                    }
                }
            }
            PartStream part = new PartStream(in, delimiter);
            handler.part(name, part);
            drain(part);
            if (!part.ended) {
                throw new MalformedException("multipart body ends inside a part");
            }
        }
    }

    private static String headerLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\r') {
                int n = in.read();
                if (n == '\n') {
                    return line.toString(StandardCharsets.UTF_8);
                }
                line.write(c);
                c = n;
                if (c == -1) {
                    break;
                }
            }
            line.write(c);
            if (line.size() > MAX_HEADER_LINE) {
                throw new MalformedException("multipart body: part header line too long");
            }
        }
        throw new MalformedException("multipart body ends inside part headers");
    }

    private static void drain(InputStream in) throws IOException {
        in.transferTo(OutputStream.nullOutputStream());
    }

    /** The bytes of one part: ends just before the next delimiter, which it consumes. */
    private static final class PartStream extends InputStream {
        private final PushbackInputStream in;
        private final byte[] delimiter;
        private final byte[] look;
        boolean ended;
        private boolean eof;

        PartStream(PushbackInputStream in, byte[] delimiter) {
            this.in = in;
            this.delimiter = delimiter;
            this.look = new byte[delimiter.length];
        }

        @Override
        public int read() throws IOException {
            if (ended || eof) {
                return -1;
            }
            int b = in.read();
            if (b == -1) {
                eof = true;
                return -1;
            }
            if (b != (delimiter[0] & 0xff)) {
                return b;
            }
            look[0] = (byte) b;
            int n = 1;
            while (n < delimiter.length) {
                int r = in.read();
                if (r == -1) {
                    break;
                }
                look[n++] = (byte) r;
                if (look[n - 1] != delimiter[n - 1]) {
                    break;
                }
            }
            if (n == delimiter.length && look[n - 1] == delimiter[n - 1]) {
                ended = true;
                return -1;
            }
            // Not the delimiter: give back all but the first byte and go on from there.
            in.unread(look, 1, n - 1);
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int i = 0;
            while (i < len) {
                int b = read();
                if (b == -1) {
                    return i == 0 ? -1 : i;
                }
                buf[off + i++] = (byte) b;
                if (b != (delimiter[0] & 0xff) && in.available() == 0) {
                    break;
                }
            }
            return i;
        }
    }
}
