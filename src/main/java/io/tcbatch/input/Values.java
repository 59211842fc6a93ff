package io.tcbatch.input;

import java.net.IDN;
import java.util.Locale;


/**
 * Validators for the value syntaxes the rules and the IOC detector share. Each returns the
 * normalised value, or null when the text is not of that syntax, so the detector can ask "is
 * this a host?" with exactly the judgement the server-side rules will apply later.
 *
 * <p>Preflight runs these for every indicator of feeds with millions of lines, so the common
 * syntaxes (IPv4, host names, URLs, hashes, dates) are scanned by hand: no regular expressions
 * (nothing to backtrack), no exceptions to signal "invalid", and the input string itself is
 * returned when it is already in normal form, so a valid value costs no allocation. IPv6 is
 * parsed here too (the tests hold it against the ipaddress library on many random inputs).
 */
final class Values {
    private Values() {
    }

    /**
     * IPv4 exactly as the dotted quad (no leading zeros), IPv6 in RFC 5952 canonical form: lower
     * case, leading zeros dropped, the longest run of two or more zero groups compressed to "::"
     * (the first when tied). That is how ThreatConnect shows addresses, so two spellings of one
     * address are one indicator. An IPv4-mapped address is accepted in either notation and
     * written in hex groups like every other ({@code ::ffff:192.0.2.1} → {@code ::ffff:c000:201}),
     * not in RFC 5952 §5's optional mixed notation: one rule for all addresses keeps one key each.
     */
    static String address(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            return isIpv4(s, 0, s.length()) ? s : null;
        }
        int[] g = new int[8];
        return parseIpv6(s, 0, s.length(), g) ? ipv6Text(s, g, true, -1) : null;
    }

    /**
     * A network block with a prefix length (IPv4 /1–/32, IPv6 /1–/128). IPv6 is written as §3.4
     * documents for CIDR: all eight groups, no "::", no zero padding, lower case
     * ({@code abc:def:10:0:0:0:0:0/48}); any other spelling of the same block is normalised to
     * that, not refused, since it is unambiguous. A block with host bits set (203.0.113.5/24) is
     * refused rather than silently widened: the sender may have meant the single address.
     */
    static String cidr(String s) {
        if (s == null) {
            return null;
        }
        int slash = s.indexOf('/');
        if (slash <= 0 || slash == s.length() - 1) {
            return null;
        }
        int bits = smallNumber(s, slash + 1, s.length(), 3);
        // A /0 names every address there is; as an indicator that is a mistake, never intel.
        if (bits < 1) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            if (bits > 32 || !isIpv4(s, 0, slash)) {
                return null;
            }
            long ip = ipv4Value(s, slash);
            long hostMask = bits == 32 ? 0 : (0xFFFFFFFFL >>> bits);
            return (ip & hostMask) == 0 ? s : null;
        }
        int[] g = new int[8];
        if (bits > 128 || !parseIpv6(s, 0, slash, g)) {
            return null;
        }
        for (int k = 0; k < 8; k++) {
            int covered = bits - 16 * k; // network bits inside group k
            int hostMask = covered >= 16 ? 0 : covered <= 0 ? 0xFFFF : 0xFFFF >>> covered;
            if ((g[k] & hostMask) != 0) {
                return null;
            }
        }
        return ipv6Text(s, g, false, bits);
    }

    /*
     * RFC 4291 §2.2 text forms: eight groups of 1–4 hex digits, at most one "::" standing for one
     * or more zero groups, and an optional dotted quad as the last 32 bits. No zone ("%eth0"): a
     * zone is local to one machine and means nothing as intel. Fills g; false when not IPv6.
     */
    private static boolean parseIpv6(String s, int from, int to, int[] g) {
        if (to - from < 2) {
            return false;
        }
        int count = 0;
        int gap = -1;
        int i = from;
        if (s.charAt(i) == ':') {
            if (s.charAt(i + 1) != ':') {
                return false;
            }
            gap = 0;
            i += 2;
        }
        while (i < to) {
            int start = i;
            int v = 0;
            while (i < to && hexValue(s.charAt(i)) >= 0) {
                v = (v << 4) | hexValue(s.charAt(i));
                i++;
                if (i - start > 4) {
                    break;
                }
            }
            if (i < to && s.charAt(i) == '.') {
                if (count > 6 || !isIpv4(s, start, to)) {
                    return false;
                }
                long ip = ipv4Value(s, start, to);
                g[count++] = (int) (ip >>> 16);
                g[count++] = (int) (ip & 0xFFFF);
                i = to;
                break;
            }
            int len = i - start;
            if (len == 0 || len > 4 || count == 8) {
                return false;
            }
            g[count++] = v;
            if (i == to) {
                break;
            }
            if (s.charAt(i) != ':') {
                return false;
            }
            i++;
            if (i < to && s.charAt(i) == ':') {
                if (gap >= 0) {
                    return false;
                }
                gap = count;
                i++;
            } else if (i == to) {
                return false; // a single trailing colon
            }
        }
        if (gap < 0) {
            return count == 8;
        }
        if (count > 7) {
            return false;
        }
        int tail = count - gap;
        for (int k = 0; k < tail; k++) {
            g[7 - k] = g[count - 1 - k];
        }
        for (int k = gap; k < 8 - tail; k++) {
            g[k] = 0;
        }
        return true;
    }

    /*
     * The groups as text, lower case without leading zeros: compressed (RFC 5952: the longest run
     * of two or more zero groups becomes "::", the first of equal runs) or all eight groups (the
     * CIDR form of §3.4), with "/bits" when bits >= 0. Returns s itself when it already reads so.
     */
    private static String ipv6Text(String s, int[] g, boolean compress, int bits) {
        int runStart = -1;
        int runLength = 0;
        if (compress) {
            for (int k = 0; k < 8; ) {
                if (g[k] != 0) {
                    k++;
                    continue;
                }
                int e = k;
                while (e < 8 && g[e] == 0) {
                    e++;
                }
                if (e - k > runLength && e - k >= 2) {
                    runStart = k;
                    runLength = e - k;
                }
                k = e;
            }
        }
        char[] out = new char[44];
        int n = 0;
        for (int k = 0; k < 8; k++) {
            if (k == runStart) {
                out[n++] = ':';
                out[n++] = ':';
                k += runLength - 1;
                continue;
            }
            if (k > 0 && k != runStart + runLength) {
                out[n++] = ':';
            }
            int v = g[k];
            boolean started = false;
            for (int shift = 12; shift >= 0; shift -= 4) {
                int d = (v >>> shift) & 0xF;
                if (d != 0 || started || shift == 0) {
                    out[n++] = "0123456789abcdef".charAt(d);
                    started = true;
                }
            }
        }
        if (bits >= 0) {
            out[n++] = '/';
            if (bits >= 100) {
                out[n++] = (char) ('0' + bits / 100);
            }
            if (bits >= 10) {
                out[n++] = (char) ('0' + bits / 10 % 10);
            }
            out[n++] = (char) ('0' + bits % 10);
        }
        if (n == s.length()) {
            boolean same = true;
            for (int i = 0; i < n && same; i++) {
                same = out[i] == s.charAt(i);
            }
            if (same) {
                return s;
            }
        }
        return new String(out, 0, n);
    }

    /** Dotted quad, four decimal octets 0–255 without leading zeros. */
    static boolean isIpv4(String s, int from, int to) {
        int octets = 0;
        int i = from;
        while (i <= to) {
            int end = i;
            while (end < to && s.charAt(end) != '.') {
                end++;
            }
            int v = smallNumber(s, i, end, 3);
            if (v < 0 || v > 255) {
                return false;
            }
            octets++;
            if (end == to) {
                break;
            }
            i = end + 1;
        }
        return octets == 4;
    }

    private static long ipv4Value(String s, int to) {
        return ipv4Value(s, 0, to);
    }

    private static long ipv4Value(String s, int from, int to) {
        long v = 0;
        int octet = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                v = (v << 8) | octet;
                octet = 0;
            } else {
                octet = octet * 10 + (c - '0');
            }
        }
        return (v << 8) | octet;
    }

    /** Decimal digits in [from, to), at most maxDigits, no leading zero; -1 when not so. */
    private static int smallNumber(String s, int from, int to, int maxDigits) {
        int n = to - from;
        if (n <= 0 || n > maxDigits || (n > 1 && s.charAt(from) == '0')) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * A host name by RFC 952/1123 after IDN conversion (UTS 46 is not applied: java.net.IDN does
     * IDNA 2003, which is what the JDK offers), in lower case. At least two labels, so a bare
     * word is not mistaken for a host; labels of letters, digits and inner hyphens only (an
     * underscore is refused, as the server does); a last label of digits only is refused (RFC
     * 1123 §2.1), which keeps "C91.196.152.28" from passing as a host name.
     */
    static String host(String s) {
        if (s == null || s.isEmpty() || s.length() > 253 * 4) {
            return null;
        }
        String ascii = s;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                ascii = toAscii(s);
                break;
            }
        }
        return ascii == null ? null : asciiHost(ascii, 0, ascii.length());
    }

    private static String toAscii(String s) {
        try {
            return IDN.toASCII(s, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            // Only reached for non-ASCII names, which are rare; the JDK offers no non-throwing check.
            return null;
        }
    }

    private static final int INVALID = -1;
    private static final int LOWER = 0;
    private static final int HAS_UPPER = 1;

    /** s[from, to) as an ASCII host name, lower-cased; s itself when it already is the whole, lower-case name. */
    private static String asciiHost(String s, int from, int to) {
        int shape = asciiHostShape(s, from, to);
        if (shape == INVALID) {
            return null;
        }
        if (shape == HAS_UPPER) {
            return lowerAscii(s, from, to);
        }
        return from == 0 && to == s.length() ? s : s.substring(from, to);
    }

    /** INVALID, LOWER or HAS_UPPER for s[from, to) as a host name; allocates nothing. */
    private static int asciiHostShape(String s, int from, int to) {
        int len = to - from;
        if (len == 0 || len > 253) {
            return INVALID;
        }
        int labels = 0;
        int labelStart = from;
        boolean upper = false;
        boolean lastAllDigits = true;
        for (int i = from; i <= to; i++) {
            char c = i == to ? '.' : s.charAt(i);
            if (c == '.') {
                int n = i - labelStart;
                if (n == 0 || n > 63 || s.charAt(labelStart) == '-' || s.charAt(i - 1) == '-') {
                    return INVALID;
                }
                labels++;
                if (i < to) {
                    labelStart = i + 1;
                    lastAllDigits = true;
                }
            } else if (c >= 'a' && c <= 'z' || c == '-') {
                lastAllDigits = false;
            } else if (c >= 'A' && c <= 'Z') {
                upper = true;
                lastAllDigits = false;
            } else if (c < '0' || c > '9') {
                return INVALID;
            }
        }
        if (labels < 2 || lastAllDigits) {
            return INVALID;
        }
        return upper ? HAS_UPPER : LOWER;
    }

    /**
     * local@host; the whole address is lower-cased because ThreatConnect compares them so. The
     * local part is checked for shape only (1–64 characters, no spaces, controls or the
     * separators that would make it a list; no leading, trailing or doubled dot).
     */
    static String email(String s) {
        if (s == null) {
            return null;
        }
        int at = s.lastIndexOf('@');
        if (at <= 0 || at > 64 || at == s.length() - 1) {
            return null;
        }
        boolean upper = false;
        char prev = '.';
        for (int i = 0; i < at; i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == '@' || c == 127 || c == ',' || c == ';' || c == '<' || c == '>'
                    || (c == '.' && prev == '.')) {
                return null;
            }
            upper |= c >= 'A' && c <= 'Z' || c >= 0x80;
            prev = c;
        }
        if (prev == '.') {
            return null;
        }
        String host = host(s.substring(at + 1));
        if (host == null) {
            return null;
        }
        String local = s.substring(0, at);
        return (upper ? local.toLowerCase(Locale.ROOT) : local) + "@" + host;
    }

    /**
     * scheme://authority/rest with a valid host (name, IPv4 or [IPv6]) and an optional port
     * 0–65535. Any scheme is accepted (the rules cannot know what an instance stores); a value
     * without "scheme://" is not a URL. Scheme and host are lower-cased, the host converted to
     * punycode and an IPv6 host written in canonical form; user info, path, query and fragment
     * are kept byte for byte because they are case-sensitive.
     */
    static String url(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        int n = s.length();
        boolean nonAscii = false;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c == 127) {
                return null;
            }
            if (c >= 0x80) {
                if (Character.isWhitespace(c) || Character.isSpaceChar(c) || Character.isISOControl(c)) {
                    return null;
                }
                nonAscii = true;
            }
        }
        int colon = s.indexOf("://");
        if (colon <= 0 || !isScheme(s, colon)) {
            return null;
        }
        int authStart = colon + 3;
        int authEnd = authStart;
        while (authEnd < n) {
            char c = s.charAt(authEnd);
            if (c == '/' || c == '?' || c == '#') {
                break;
            }
            authEnd++;
        }
        int at = s.lastIndexOf('@', authEnd - 1);
        int hostStart = at >= authStart ? at + 1 : authStart;
        int hostEnd = authEnd;
        if (hostStart < authEnd && s.charAt(hostStart) == '[') {
            int close = s.indexOf(']', hostStart);
            if (close < 0 || close >= authEnd) {
                return null;
            }
            hostEnd = close + 1;
        } else {
            int portColon = s.lastIndexOf(':', authEnd - 1);
            if (portColon >= hostStart) {
                hostEnd = portColon;
            }
        }
        if (hostEnd < authEnd) {
            if (s.charAt(hostEnd) != ':') {
                return null;
            }
            int port = smallNumber(s, hostEnd + 1, authEnd, 5);
            if (port < 0 || port > 65535) {
                return null;
            }
        }
        if (hostStart == hostEnd) {
            return null;
        }
        String host;
        if (s.charAt(hostStart) == '[') {
            String v6 = address(s.substring(hostStart + 1, hostEnd - 1));
            if (v6 == null || v6.indexOf(':') < 0) {
                return null;
            }
            host = "[" + v6 + "]";
        } else if (isIpv4(s, hostStart, hostEnd)) {
            host = null; // kept as written
        } else if (!nonAscii) {
            int shape = asciiHostShape(s, hostStart, hostEnd);
            if (shape == INVALID) {
                return null;
            }
            host = shape == LOWER ? null : lowerAscii(s, hostStart, hostEnd);
        } else {
            host = host(s.substring(hostStart, hostEnd));
            if (host == null) {
                return null;
            }
        }
        boolean schemeLower = true;
        for (int i = 0; i < colon; i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                schemeLower = false;
                break;
            }
        }
        if (schemeLower && host == null) {
            return s;
        }
        StringBuilder b = new StringBuilder(n + 16);
        for (int i = 0; i < colon; i++) {
            char c = s.charAt(i);
            b.append(c >= 'A' && c <= 'Z' ? (char) (c + 32) : c);
        }
        b.append(s, colon, hostStart);
        if (host == null) {
            b.append(s, hostStart, hostEnd);
        } else {
            b.append(host);
        }
        return b.append(s, hostEnd, n).toString();
    }

    /* Lower-cases an ASCII-only range in one pass and one copy (String.toLowerCase is locale-aware and slower). */
    private static String lowerAscii(String s, int from, int to) {
        byte[] out = new byte[to - from];
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            out[i - from] = (byte) (c >= 'A' && c <= 'Z' ? c + 32 : c);
        }
        return new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    /** RFC 3986 scheme: a letter, then letters, digits, "+", "-" or ".". */
    private static boolean isScheme(String s, int end) {
        for (int i = 0; i < end; i++) {
            char c = s.charAt(i);
            boolean letter = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z';
            if (!letter && (i == 0 || !(c >= '0' && c <= '9' || c == '+' || c == '-' || c == '.'))) {
                return false;
            }
        }
        return true;
    }

    /**
     * "ASN" + digits, upper case, no leading zeros (ThreatConnect's case preference for ASN is
     * upper). The spellings feeds use for the same number are normalised rather than refused,
     * because they are unambiguous: any case of "AS" or "ASN", optionally followed by spaces
     * ({@code AS 123}, {@code asn123}, {@code ASN 0123} → {@code ASN123}). A bare number is
     * refused: without the prefix nothing says it is an AS number. At most 2^32-1 (RFC 6793).
     */
    static String asn(String s) {
        if (s == null || s.length() < 3) {
            return null;
        }
        if (!((s.charAt(0) | 0x20) == 'a' && (s.charAt(1) | 0x20) == 's')) {
            return null;
        }
        int i = 2;
        boolean exact = s.charAt(0) == 'A' && s.charAt(1) == 'S';
        if ((s.charAt(i) | 0x20) == 'n') {
            exact &= s.charAt(i) == 'N';
            i++;
        } else {
            exact = false;
        }
        while (i < s.length() && s.charAt(i) == ' ') {
            exact = false;
            i++;
        }
        int digits = s.length() - i;
        if (digits == 0 || digits > 12) {
            return null;
        }
        long v = 0;
        for (int k = i; k < s.length(); k++) {
            char c = s.charAt(k);
            if (c < '0' || c > '9') {
                return null;
            }
            v = v * 10 + (c - '0');
        }
        if (v > 4294967295L) {
            return null;
        }
        exact &= digits == 1 || s.charAt(i) != '0';
        return exact ? s : "ASN" + v;
    }

    /**
     * Hex of the given length in lower case, or null. Lower case because that is how hashing
     * tools print digests and how the ThreatConnect SDKs and the Batch API examples write them;
     * hashes compare case-insensitively, so what matters is that it is always the same case.
     */
    static String hash(String s, int length) {
        if (s == null || s.length() != length) {
            return null;
        }
        boolean upper = false;
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (c >= 128 || HEX_VALUE[c] < 0) {
                return null;
            }
            upper |= c < 'a' && c > '9';
        }
        return upper ? lowerAscii(s, 0, length) : s;
    }

    static boolean isHex(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (hexValue(s.charAt(i)) < 0) {
                return false;
            }
        }
        return true;
    }

    private static final byte[] HEX_VALUE = new byte[128];

    static {
        java.util.Arrays.fill(HEX_VALUE, (byte) -1);
        for (int i = 0; i < 16; i++) {
            HEX_VALUE["0123456789abcdef".charAt(i)] = (byte) i;
            HEX_VALUE["0123456789ABCDEF".charAt(i)] = (byte) i;
        }
    }

    static int hexValue(char c) {
        return c < 128 ? HEX_VALUE[c] : -1;
    }

    /**
     * ISO-8601 date-time {@code yyyy-MM-ddTHH:mm[:ss[.fraction]]} with {@code Z} or a
     * {@code ±hh:mm} offset, as java.time's ISO_OFFSET_DATE_TIME reads it (T and Z in either
     * case, 1–9 fraction digits), and a real calendar date. A bare date or a local time is
     * refused: which instant "2024-05-01" means depends on a zone the file does not state, and
     * ThreatConnect answers such values with a 0x1003 error rather than guessing.
     */
    static boolean isDateTime(String s) {
        if (s == null || s.length() < 17) {
            return false;
        }
        int year = fixed(s, 0, 4);
        int month = fixed(s, 5, 2);
        int day = fixed(s, 8, 2);
        int hour = fixed(s, 11, 2);
        int minute = fixed(s, 14, 2);
        if (s.charAt(4) != '-' || s.charAt(7) != '-' || (s.charAt(10) | 0x20) != 't' || s.charAt(13) != ':'
                || year < 0 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)
                || hour < 0 || hour > 23 || minute < 0 || minute > 59) {
            return false;
        }
        int i = 16;
        if (i < s.length() && s.charAt(i) == ':') {
            int second = fixed(s, i + 1, 2);
            if (second < 0 || second > 59) {
                return false;
            }
            i += 3;
            if (i < s.length() && s.charAt(i) == '.') {
                int start = ++i;
                while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                    i++;
                }
                if (i == start || i - start > 9) {
                    return false;
                }
            }
        }
        if (i == s.length() - 1) {
            return (s.charAt(i) | 0x20) == 'z';
        }
        if (i + 6 != s.length() || (s.charAt(i) != '+' && s.charAt(i) != '-') || s.charAt(i + 3) != ':') {
            return false;
        }
        int oh = fixed(s, i + 1, 2);
        int om = fixed(s, i + 4, 2);
        return oh >= 0 && oh <= 18 && om >= 0 && om <= 59 && (oh < 18 || om == 0);
    }

    private static int fixed(String s, int from, int digits) {
        if (from + digits > s.length()) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < from + digits; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static int daysIn(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }
}
