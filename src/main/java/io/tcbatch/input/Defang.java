package io.tcbatch.input;

import java.util.regex.Pattern;

/**
 * Undoes the ways analysts and feeds "defang" indicators so they cannot be clicked. The forms
 * are those the refanging tools people run on feeds undo (ioc-fanger's fang list, iocextract's
 * refang, the Assemblyline/TheHive helpers), limited to the ones that cannot occur in a real
 * indicator, so restoring never changes a value that was not defanged:
 * <ul>
 * <li>dot: {@code [.]}, {@code (.)}, {@code {.}}, {@code [dot]}, {@code (dot)}, {@code {dot}}, the
 *     same with spaces inside or around the brackets ({@code bad [ dot ] example}, see
 *     {@link #joinSpaced}), and {@code \.};</li>
 * <li>at: {@code [@]}, {@code (@)}, {@code {@}}, {@code [at]}, {@code (at)}, {@code {at}};</li>
 * <li>colon and slashes: {@code [:]}, {@code [://]}, {@code [/]}, IPv6 {@code 2001:db8[:]:1} too;</li>
 * <li>scheme: {@code hxxp}, {@code hxxps} in any case ({@code hXXp}, {@code HXXPS}), {@code fxp}
 *     (ftp), {@code http[s]} and {@code [http]}/{@code [https]}, as the leading scheme only.</li>
 * </ul>
 * Not undone, on purpose: a bare word "dot" or "at" (prose, and {@code fooATexample.com} cannot be
 * told from a name), {@code _dot_} (an underscore run is legal in URL paths), {@code meow://}
 * (no feed we could find writes it), and a misspelt defang such as {@code htxxp://}: guessing
 * what a broken defang meant would import a value nobody wrote, so it is left as it is and the
 * detector reports its unknown scheme.
 */
final class Defang {
    private Defang() {
    }

    /* Spaced forms span words, so they are joined before a line is split into words. */
    private static final Pattern SPACED_DOT = Pattern.compile("(?i)\\s*([\\[({])\\s*(\\.|dot)\\s*([\\])}])\\s*");
    private static final Pattern SPACED_AT = Pattern.compile("(?i)\\s*([\\[({])\\s*(@|at)\\s*([\\])}])\\s*");

    /**
     * {@code s} with every defanged form above restored; {@code s} itself when it has none. The
     * bracketed separators are undone in one scan (this runs for every word of million-line
     * feeds); only a value with a scheme separator is then looked at for a defanged scheme.
     */
    static String restore(String s) {
        StringBuilder b = null;
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            String with = null;
            int skip = 0;
            if (c == '[' || c == '(' || c == '{') {
                char close = c == '[' ? ']' : c == '(' ? ')' : '}';
                int end = s.indexOf(close, i + 1);
                if (end > i && end - i <= 5) {
                    String inner = s.substring(i + 1, end);
                    with = switch (inner.toLowerCase(java.util.Locale.ROOT)) {
                        case ".", "dot" -> ".";
                        case "@", "at" -> "@";
                        case "://" -> c == '[' ? "://" : null;
                        case ":" -> c == '[' ? ":" : null;
                        case "/" -> c == '[' ? "/" : null;
                        default -> null;
                    };
                    skip = end - i;
                }
            } else if (c == '\\' && i + 1 < n && s.charAt(i + 1) == '.') {
                with = ".";
                skip = 1;
            }
            if (with != null) {
                if (b == null) {
                    b = new StringBuilder(n).append(s, 0, i);
                }
                b.append(with);
                i += skip;
            } else if (b != null) {
                b.append(c);
            }
        }
        String r = b == null ? s : b.toString();
        int sep = r.indexOf("://");
        if (sep <= 0 || sep > 9) {
            return r;
        }
        String scheme = scheme(r.substring(0, sep));
        return scheme == null ? r : scheme + r.substring(sep);
    }

    /**
     * The restored scheme of a value's leading scheme, or null when it was not defanged: hxxp,
     * hxxps (any case), fxp, fxps, "http[s]" (the s bracketed: the secure form is the one seen),
     * "[http]". Only the leading scheme: a URL inside another URL's query is that URL's data.
     */
    private static String scheme(String written) {
        String s = written.toLowerCase(java.util.Locale.ROOT);
        if (s.length() > 2 && s.charAt(0) == '[' && s.charAt(s.length() - 1) == ']') {
            s = s.substring(1, s.length() - 1);
        }
        if (s.endsWith("[s]")) {
            s = s.substring(0, s.length() - 3) + "s";
        }
        String restored = switch (s) {
            case "hxxp", "http" -> "http";
            case "hxxps", "https" -> "https";
            case "fxp", "ftp" -> "ftp";
            case "fxps", "ftps" -> "ftps";
            default -> null;
        };
        return restored == null || restored.equalsIgnoreCase(written) ? null : restored;
    }

    /**
     * A line with the spaced forms ({@code bad [ . ] example}, {@code user [ at ] example.com})
     * closed up to {@code [.]} / {@code [@]}, so the value is one word again. Only a dot or "at"
     * inside brackets counts: the bracket is what says "this was defanged".
     */
    static String joinSpaced(String line) {
        if (!spacedBracket(line)) {
            return line;
        }
        String r = SPACED_DOT.matcher(line).replaceAll("[.]");
        return SPACED_AT.matcher(r).replaceAll("[@]");
    }

    /** Whether white space touches a bracket anywhere in the line: the cheap test before the patterns. */
    private static boolean spacedBracket(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '[' || c == '(' || c == '{' || c == ']' || c == ')' || c == '}') {
                if (i > 0 && Character.isWhitespace(line.charAt(i - 1))
                        || i + 1 < line.length() && Character.isWhitespace(line.charAt(i + 1))) {
                    return true;
                }
            }
        }
        return false;
    }
}
