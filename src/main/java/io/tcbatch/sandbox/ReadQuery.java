package io.tcbatch.sandbox;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The query string and path segments of a read request, decoded strictly: a malformed escape
 * or invalid UTF-8 is a {@link BadRequest} with a message, never a guess and never a 500.
 */
final class ReadQuery {

    /** Documented default and maximum of {@code resultLimit} (the maximum was raised from 500 to 10,000). */
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 10_000;

    /** A request the read API refuses with 400 and this message. */
    static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    /** Parameters by lower-cased name, first occurrence wins. */
    private final Map<String, String> params;

    private ReadQuery(Map<String, String> params) {
        this.params = params;
    }

    /**
     * Parses a raw query. Names are matched case-insensitively because clients differ (the API
     * doc's signing example sends {@code Owner=}); {@code +} and {@code %20} both mean a space,
     * as in every form-encoded query.
     */
    static ReadQuery parse(String rawQuery) throws BadRequest {
        Map<String, String> params = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq), true, "query");
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1), true, "query");
                params.putIfAbsent(name.toLowerCase(Locale.ROOT), value);
            }
        }
        return new ReadQuery(params);
    }

    /** The decoded value, or null when absent. */
    String get(String name) {
        return params.get(name.toLowerCase(Locale.ROOT));
    }

    boolean flag(String name) {
        return "true".equalsIgnoreCase(get(name));
    }

    /** {@code resultStart}: 0 unless given; a whole number from 0. */
    int resultStart() throws BadRequest {
        return number("resultStart", 0, 0, Integer.MAX_VALUE);
    }

    /** {@code resultLimit}: 100 unless given; a whole number from 1 to 10,000. */
    int resultLimit() throws BadRequest {
        return number("resultLimit", DEFAULT_LIMIT, 1, MAX_LIMIT);
    }

    private int number(String name, int fallback, int min, int max) throws BadRequest {
        String v = get(name);
        if (v == null) {
            return fallback;
        }
        String range = max == Integer.MAX_VALUE ? "a whole number from " + min : "a whole number from " + min + " to " + max;
        // Undocumented what the server says; chosen: a 400 naming the parameter, the value
        // given (cut short) and the allowed range, rather than silently clamping a typo.
        if (v.isEmpty() || v.length() > 10 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new BadRequest("Invalid " + name + " '" + shorten(v) + "': " + range + " is expected");
        }
        long n = Long.parseLong(v);
        if (n < min || n > max) {
            throw new BadRequest("Invalid " + name + " '" + v + "': " + range + " is expected");
        }
        return (int) n;
    }

    private static String shorten(String v) {
        return v.length() > 40 ? v.substring(0, 40) + "…" : v;
    }

    /**
     * Percent-decodes a path segment ({@code plusIsSpace} false: a {@code +} in a path is a
     * plus, e.g. in a URL indicator) or a query component ({@code plusIsSpace} true).
     */
    static String decode(String s, boolean plusIsSpace, String where) throws BadRequest {
        if (s.indexOf('%') < 0 && (!plusIsSpace || s.indexOf('+') < 0)) {
            return s;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
        byte[] raw = s.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '%') {
                int hi = i + 2 < raw.length ? Character.digit(raw[i + 1], 16) : -1;
                int lo = i + 2 < raw.length ? Character.digit(raw[i + 2], 16) : -1;
                if (hi < 0 || lo < 0) {
                    throw new BadRequest("The request " + where + " has a malformed percent escape");
                }
                bytes.write(hi << 4 | lo);
                i += 2;
            } else if (b == '+' && plusIsSpace) {
                bytes.write(' ');
            } else {
                bytes.write(b);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new BadRequest("The request " + where + " is not percent-encoded UTF-8");
        }
    }
}
