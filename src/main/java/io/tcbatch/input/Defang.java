package io.tcbatch.input;

import java.util.regex.Pattern;

/**
 * Undoes the usual ways analysts "defang" indicators so they cannot be clicked: {@code [.]},
 * {@code (.)}, {@code {.}}, {@code [dot]}, {@code [:]}, {@code [://]}, {@code [@]}, {@code [at]}
 * and {@code hxxp(s)}. Only these bracketed forms are undone; a bare word "dot" or "at" is
 * prose, not a separator.
 */
final class Defang {
    private Defang() {
    }

    private static final Pattern DOT = Pattern.compile("(?i)\\[\\.]|\\(\\.\\)|\\{\\.}|\\[dot]|\\(dot\\)|\\{dot}");
    private static final Pattern AT = Pattern.compile("(?i)\\[@]|\\[at]|\\(at\\)");
    private static final Pattern SCHEME_SEP = Pattern.compile("\\[://]");
    private static final Pattern COLON = Pattern.compile("\\[:]");
    private static final Pattern HXXP = Pattern.compile("(?i)\\bhxxp(s?)(?=://)");

    static String restore(String s) {
        String r = SCHEME_SEP.matcher(s).replaceAll("://");
        r = DOT.matcher(r).replaceAll(".");
        r = AT.matcher(r).replaceAll("@");
        r = COLON.matcher(r).replaceAll(":");
        return HXXP.matcher(r).replaceAll("http$1");
    }
}
