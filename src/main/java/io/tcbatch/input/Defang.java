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
 *     (ftp), {@code http[s]} and {@code [http]}/{@code [https]}, each only before {@code ://}.</li>
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

    private static final Pattern DOT = Pattern.compile("(?i)\\[\\.]|\\(\\.\\)|\\{\\.}|\\[dot]|\\(dot\\)|\\{dot}|\\\\\\.");
    private static final Pattern AT = Pattern.compile("(?i)\\[@]|\\(@\\)|\\{@}|\\[at]|\\(at\\)|\\{at}");
    private static final Pattern SCHEME_SEP = Pattern.compile("\\[://]");
    private static final Pattern COLON = Pattern.compile("\\[:]");
    private static final Pattern SLASH = Pattern.compile("\\[/]");
    private static final Pattern HXXP = Pattern.compile("(?i)\\bhxxp(s?)(?=://)");
    private static final Pattern FXP = Pattern.compile("(?i)\\bfxp(s?)(?=://)");
    /* "http[s]://" marks the s as optional-and-defanged; the secure form is the one that was seen. */
    private static final Pattern BRACKET_S = Pattern.compile("(?i)\\b(h(?:tt|xx)p)\\[s](?=://)");
    private static final Pattern BRACKET_SCHEME = Pattern.compile("(?i)\\[(https?|ftps?|hxxps?)](?=://)");
    /* Spaced forms span words, so they are joined before a line is split into words. */
    private static final Pattern SPACED_DOT = Pattern.compile("(?i)\\s*([\\[({])\\s*(\\.|dot)\\s*([\\])}])\\s*");
    private static final Pattern SPACED_AT = Pattern.compile("(?i)\\s*([\\[({])\\s*(@|at)\\s*([\\])}])\\s*");
    private static final Pattern HAS_BRACKET = Pattern.compile("[\\[({]");

    /** {@code s} with every defanged form above restored; {@code s} itself when it has none. */
    static String restore(String s) {
        if (s.indexOf('[') < 0 && s.indexOf('(') < 0 && s.indexOf('{') < 0 && s.indexOf('\\') < 0
                && !startsWithDefangedScheme(s)) {
            return s;
        }
        String r = SCHEME_SEP.matcher(s).replaceAll("://");
        r = DOT.matcher(r).replaceAll(".");
        r = AT.matcher(r).replaceAll("@");
        r = COLON.matcher(r).replaceAll(":");
        r = SLASH.matcher(r).replaceAll("/");
        r = BRACKET_SCHEME.matcher(r).replaceAll("$1");
        r = BRACKET_S.matcher(r).replaceAll("$1s");
        r = HXXP.matcher(r).replaceAll("http$1");
        return FXP.matcher(r).replaceAll("ftp$1");
    }

    private static boolean startsWithDefangedScheme(String s) {
        return s.length() > 3 && (s.charAt(0) | 0x20) == 'h' && (s.charAt(1) | 0x20) == 'x'
                || s.length() > 3 && (s.charAt(0) | 0x20) == 'f' && (s.charAt(1) | 0x20) == 'x';
    }

    /**
     * A line with the spaced forms ({@code bad [ . ] example}, {@code user [ at ] example.com})
     * closed up to {@code [.]} / {@code [@]}, so the value is one word again. Only a dot or "at"
     * inside brackets counts: the bracket is what says "this was defanged".
     */
    static String joinSpaced(String line) {
        if (!HAS_BRACKET.matcher(line).find()) {
            return line;
        }
        String r = SPACED_DOT.matcher(line).replaceAll("[.]");
        return SPACED_AT.matcher(r).replaceAll("[@]");
    }
}
