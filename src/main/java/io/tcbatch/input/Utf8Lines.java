package io.tcbatch.input;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The physical lines of a text file for the line-oriented readers ({@link CsvReader},
 * {@link IocListReader}): LF or CRLF, strict UTF-8, a byte order mark on the first line skipped.
 *
 * <p>Bad bytes are reported, not replaced: a silently mangled indicator is worse than a clear
 * "line 12 is not UTF-8". Each line is decoded on its own so the line a bad byte is reported on is
 * the right one, and only the current line is held in memory.
 */
final class Utf8Lines implements Closeable {
    private final String file;
    private final InputStream in;
    private final ByteArrayOutputStream lineBytes = new ByteArrayOutputStream(256);
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    /** Read in blocks: a synchronized read() a byte costs more than the rest of the line. */
    private final byte[] block = new byte[64 * 1024];
    private int blockPos;
    private int blockEnd;
    private long number;
    private boolean eof;

    /** @throws InputException when the file's first bytes say UTF-16/32 or binary ({@link Encodings#requireUtf8}) */
    Utf8Lines(String file, InputStream in) throws IOException {
        this.file = file;
        this.in = Encodings.utf8Stream(file, in);
    }

    /** The 1-based number of the last line {@link #next} returned (0 before the first). */
    long number() {
        return number;
    }

    private int read() throws IOException {
        if (blockPos == blockEnd) {
            int n = in.read(block, 0, block.length);
            if (n <= 0) {
                return -1;
            }
            blockPos = 0;
            blockEnd = n;
        }
        return block[blockPos++] & 0xff;
    }

    /**
     * The next line without its LF or CRLF, or null at the end.
     *
     * @throws InputException at the bad byte's line and column when the line is not valid UTF-8
     */
    String next() throws IOException {
        if (eof) {
            return null;
        }
        lineBytes.reset();
        int b;
        while ((b = read()) != -1 && b != '\n') {
            lineBytes.write(b);
        }
        if (b == -1) {
            eof = true;
            if (lineBytes.size() == 0) {
                return null;
            }
        }
        number++;
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
            throw new InputException(file, number, out.position() + 1, Encodings.notUtf8(bytes[src.position()] & 0xff), null);
        }
        String line = out.flip().toString();
        return number == 1 && line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
