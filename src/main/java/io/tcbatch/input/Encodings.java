package io.tcbatch.input;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.function.Function;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Tells UTF-8 input from the encodings people save by accident (Windows "Unicode" is UTF-16LE).
 * Jackson would quietly decode UTF-16/32, and a text list read as UTF-8 would turn into NULs;
 * both readers must only ever see UTF-8, so the first bytes are sniffed before either starts.
 */
final class Encodings {
    /** How far to look for NUL bytes: enough for a few characters of any UTF-16/32 text. */
    private static final int SNIFF = 64;

    private Encodings() {
    }

    /**
     * Refuses the stream when its first bytes say UTF-16/32 (a byte order mark, or NULs at every
     * second or fourth byte) or binary (NULs elsewhere). A UTF-8 byte order mark is fine: each
     * reader skips it. The stream is left where it was.
     *
     * @throws InputException at line 1, column 1, naming the likely encoding
     */
    static void requireUtf8(String file, BufferedInputStream in) throws IOException {
        in.mark(SNIFF);
        byte[] head = in.readNBytes(SNIFF);
        in.reset();
        String guess = guess(head, head.length);
        if (guess != null) {
            throw new InputException(file, 1, 1, guess, null);
        }
    }

    static String guess(byte[] b, int n) {
        if (n >= 4 && b[0] == (byte) 0xFF && b[1] == (byte) 0xFE && b[2] == 0 && b[3] == 0) {
            return utf("UTF-32LE (it starts with a UTF-32LE byte order mark)");
        }
        if (n >= 4 && b[0] == 0 && b[1] == 0 && b[2] == (byte) 0xFE && b[3] == (byte) 0xFF) {
            return utf("UTF-32BE (it starts with a UTF-32BE byte order mark)");
        }
        if (n >= 2 && b[0] == (byte) 0xFF && b[1] == (byte) 0xFE) {
            return utf("UTF-16LE (it starts with a UTF-16LE byte order mark)");
        }
        if (n >= 2 && b[0] == (byte) 0xFE && b[1] == (byte) 0xFF) {
            return utf("UTF-16BE (it starts with a UTF-16BE byte order mark)");
        }
        if (n >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0 && b[3] != 0) {
            return utf("UTF-32BE (NUL bytes between the characters)");
        }
        if (n >= 4 && b[0] != 0 && b[1] == 0 && b[2] == 0 && b[3] == 0) {
            return utf("UTF-32LE (NUL bytes between the characters)");
        }
        if (n >= 2 && b[0] == 0 && b[1] != 0) {
            return utf("UTF-16BE (NUL bytes between the characters)");
        }
        if (n >= 2 && b[0] != 0 && b[1] == 0) {
            return utf("UTF-16LE (NUL bytes between the characters)");
        }
        for (int i = 0; i < n; i++) {
            if (b[i] == 0) {
                return "looks like a binary file, not text (a NUL byte at offset " + i + ")";
            }
        }
        return null;
    }

    /** Where the first invalid UTF-8 sequence of a file starts: 1-based line and column (in characters). */
    record BadByte(long line, long column, int value) {
    }

    /**
     * Finds the first invalid UTF-8 sequence of {@code file}, or null if there is none. Only used
     * after a parser has failed, so the hot path pays nothing for an exact position: Jackson
     * stops a byte or two after the culprit, and for Latin-1 text the byte it names is the
     * harmless one that follows.
     */
    static BadByte firstInvalidUtf8(java.nio.file.Path file) throws IOException {
        java.nio.charset.CharsetDecoder decoder = java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT);
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            java.nio.ByteBuffer src = java.nio.ByteBuffer.allocate(64 * 1024);
            java.nio.CharBuffer out = java.nio.CharBuffer.allocate(64 * 1024);
            long line = 1;
            long column = 1;
            boolean eof = false;
            while (true) {
                int n = eof ? -1 : in.read(src.array(), src.position(), src.remaining());
                if (n < 0) {
                    eof = true;
                } else {
                    src.position(src.position() + n);
                }
                src.flip();
                java.nio.charset.CoderResult r = decoder.decode(src, out, eof);
                out.flip();
                while (out.hasRemaining()) {
                    char c = out.get();
                    if (c == '\n') {
                        line++;
                        column = 1;
                    } else if (!Character.isLowSurrogate(c)) {
                        column++;
                    }
                }
                out.clear();
                if (r.isError()) {
                    return new BadByte(line, column, src.get(src.position()) & 0xff);
                }
                src.compact();
                if (eof && !r.isOverflow()) {
                    return null;
                }
            }
        }
    }

    /**
     * A token as a message names it: "an array", "a number", "the end of the file". The tokens a
     * reader rarely meets there (a closing bracket, a field name) are named by {@code otherwise},
     * which is where the readers' wordings differ.
     */
    static String describe(JsonToken t, Function<JsonToken, String> otherwise) {
        if (t == null) {
            return "the end of the file";
        }
        return switch (t) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> otherwise.apply(t);
        };
    }

    /** A token by its lower-case name ("field_name"), the last resort of {@link #describe}. */
    static String tokenName(JsonToken t) {
        return t.name().toLowerCase(Locale.ROOT);
    }

    private static String utf(String what) {
        return "looks like " + what + "; save the file as UTF-8";
    }

    /** What every reader says of a byte that is not UTF-8, so the advice is the same whichever format. */
    static String notUtf8(int value) {
        return String.format("not valid UTF-8 (byte 0x%02x); the file may be Latin-1 or Windows-1252: save it as UTF-8", value);
    }

    /** {@code in} buffered as every reader reads it, refused by {@link #requireUtf8} when it is not UTF-8. */
    static BufferedInputStream utf8Stream(String file, InputStream in) throws IOException {
        BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
        requireUtf8(file, buffered);
        return buffered;
    }

    /** A streaming parser of {@code in} for the JSON readers, after {@link #requireUtf8}. */
    static JsonParser jsonParser(ObjectMapper mapper, String file, InputStream in) throws IOException {
        return mapper.createParser(utf8Stream(file, in));
    }

    /**
     * Jackson's "Invalid UTF-8" error as the exact bad byte of {@code file}, found by reading the
     * file again; null when {@code e} is another error or the byte cannot be found, and then the
     * caller keeps Jackson's place.
     */
    static InputException invalidUtf8(String file, JsonProcessingException e) {
        String m = e.getOriginalMessage();
        if (m == null || !m.startsWith("Invalid UTF-8")) {
            return null;
        }
        BadByte bad;
        try {
            bad = firstInvalidUtf8(java.nio.file.Path.of(file));
        } catch (IOException | RuntimeException notAFile) {
            // Text given in a script is a Java string, valid by construction; keep Jackson's place.
            return null;
        }
        return bad == null ? null : new InputException(file, bad.line(), bad.column(), notUtf8(bad.value()), e);
    }
}
