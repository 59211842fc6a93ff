package io.tcbatch.input;

import java.io.IOException;
import java.io.InputStream;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Reads a plain-text IOC list: one value per line, UTF-8, LF or CRLF, one line in memory at a
 * time. Every line ends in one of three places: items, a skipped blank or comment line, or a
 * reject naming the line and a reason a person can act on. Defanged values are restored by
 * {@link Defang} and typed by {@link IocDetector}; each value becomes
 * {@code {"type", "summary"[, "description"]}}.
 *
 * <ul>
 * <li>Comments: a line starting with {@code #}, {@code //} or {@code ;} is skipped. A {@code #}
 *     or {@code //} after white space starts a trailing comment (so {@code http://x.example/a#b}
 *     keeps its scheme and fragment); it is kept as the description, not dropped, because
 *     feeds put what they know there (maltrail's reverse names, "scanner", "C2 panel").</li>
 * <li>Value and comment: {@code value;comment}, {@code value,comment}, {@code value<TAB>comment},
 *     {@code value | comment}: the separator marks the value, the rest is its description. A
 *     line of values of one type separated so ({@code 192.0.2.1, 192.0.2.2}) is a list of
 *     values instead.</li>
 * <li>Prose (analyst notes, bullet lists): a leading bullet ({@code -}, {@code *}, {@code •}) is
 *     dropped; the first word is taken if it is an indicator; what follows a lone value (the file
 *     name after a hash) is its description. A plain host name, host:port or scheme-less URL
 *     followed by more words ("support.oracle.com is legitimate") is too likely to be prose and
 *     is rejected with a reason. Every further word that is an unmistakable (hash, address,
 *     URL with a scheme, e-mail, ASN) or defanged indicator is taken too, at the same line, so
 *     "bad[.]example - 192.0.2[.]1" yields both; then each carries the whole line as its
 *     description, since which words describe which value cannot be known.</li>
 * </ul>
 */
final class IocListReader implements ItemSource {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final Utf8Lines lines;
    /** Further indicators of the current line, handed out before the next line is read. */
    private final java.util.ArrayDeque<InputItem> pending = new java.util.ArrayDeque<>();

    IocListReader(String file, InputStream in) throws IOException {
        this.lines = new Utf8Lines(file, in);
    }

    /**
     * Lines with content, and those of them rejected that read as a delimited row holding an
     * indicator (see {@link #csvRow}); a list of accepted "value;comment" lines gets no note.
     */
    private long contentLines;
    private long csvRows;

    @Override
    public String formatName() {
        // Read after the last item: a note on a file that is most likely a CSV read as a list.
        return contentLines > 0 && csvRows * 2 > contentLines
                ? "IOC list (" + csvRows + " of " + contentLines + " lines were rejected and look like CSV rows: "
                        + CSV_HINT + ")"
                : "IOC list";
    }

    @Override
    public java.util.Map<String, Object> description() {
        String name = formatName();
        return name.equals("IOC list") ? java.util.Map.of("format", name)
                : java.util.Map.of("format", "IOC list", "note", name.substring("IOC list (".length(), name.length() - 1));
    }

    static final String CSV_HINT = "try --format csv (or csv(…) in a script)";

    /*
     * "2024-04-04;192.0.2.71;80" in a file whose name says nothing (hits.dat) is a CSV row, and no
     * list line: the reject says so, with the way to read it as one. Which lines are taken is not
     * changed: a list's "value;comment" lines are taken as before, only rejects get the hint.
     */
    private InputItem withCsvHint(InputItem item, String line) {
        return new InputItem(item.kind(), item.node(), item.line(), item.column(), item.raw(),
                item.rejectReason() + "; the line looks like CSV: " + CSV_HINT);
    }

    /** Whether {@code line} has two or more fields separated by , ; or tab, one of which is an indicator. */
    static boolean csvRow(String line) {
        for (char sep : new char[] {',', ';', '\t'}) {
            if (line.indexOf(sep) < 0) {
                continue;
            }
            String[] fields = line.split(java.util.regex.Pattern.quote(String.valueOf(sep)), -1);
            if (fields.length < 2) {
                continue;
            }
            for (String f : fields) {
                String v = f.strip();
                if (v.length() > 1 && v.startsWith("\"") && v.endsWith("\"")) {
                    v = v.substring(1, v.length() - 1).strip();
                }
                if (!v.isEmpty() && IocDetector.detect(Defang.restore(v)) != null) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public InputItem next() throws IOException {
        if (!pending.isEmpty()) {
            return pending.poll();
        }
        String line;
        while ((line = lines.next()) != null) {
            long lineNumber = lines.number();
            InputItem junk = controlCharacter(line, lineNumber);
            if (junk != null) {
                return junk;
            }
            java.util.List<InputItem> items = parseAll(line, lineNumber);
            if (!items.isEmpty()) {
                contentLines++;
                if (items.size() == 1 && items.get(0).isRejected() && csvRow(line)) {
                    csvRows++;
                    return withCsvHint(items.get(0), line);
                }
                pending.addAll(items.subList(1, items.size()));
                return items.get(0);
            }
        }
        return null;
    }

    /**
     * A line with a control character (other than tab) is refused whole rather than cleaned: NUL
     * or escape codes in a list mean a damaged or wrongly exported file, and an indicator built
     * from what is left around them would not be the one the analyst meant.
     */
    private static InputItem controlCharacter(String line, long lineNumber) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if ((c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f)) {
                String name = String.format("U+%04X", (int) c) + (c == 0 ? " (NUL)" : "");
                StringBuilder shown = new StringBuilder();
                for (int j = 0; j < line.length() && j < 200; j++) {
                    char d = line.charAt(j);
                    shown.append((d < 0x20 && d != '\t') || (d >= 0x7f && d <= 0x9f) ? '\uFFFD' : d);
                }
                return InputItem.rejected(lineNumber, i + 1, shown.toString().strip(),
                        "control character " + name + " at column " + (i + 1) + "; a list line must be plain text");
            }
        }
        return null;
    }

    /* "- ", "* ", "+ ", "• " and numbered items ("1. ", "12) "): list markers, not part of the value. */
    private static final java.util.regex.Pattern BULLET = java.util.regex.Pattern.compile("(?:[-*+\u2022]|\\d{1,4}[.)])\\s+");
    private static final java.util.regex.Pattern ADBLOCK = java.util.regex.Pattern.compile("\\|\\|([^\\s|^/]+)\\^(?:\\$\\S*)?");
    /*
     * A hosts file (StevenBlack, URLhaus and ThreatFox host files) names the blocked host after
     * a sink address; the address is how the file blocks, not intelligence.
     */
    private static final java.util.Set<String> SINKS = java.util.Set.of("0.0.0.0", "127.0.0.1", "::", "::1");

    /** Where a list line's value ends and its comment begins, and what a line is made of. */
    private record Parts(String body, String comment) {
    }

    /**
     * The items of one line: empty for a blank or comment line; else the first word's item (or
     * its rejection), then every further word that is an unmistakable or defanged indicator.
     * When a later word is taken, the prose first word's rejection is not reported: the line
     * did name indicators, and nothing of it is lost.
     */
    static java.util.List<InputItem> parseAll(String line, long lineNumber) {
        Parts parts = split(line);
        if (parts == null) {
            return java.util.List.of();
        }
        String raw = line.strip();
        String body = parts.body();
        String[] words = WORDS.split(body);
        if (words.length > 1 && SINKS.contains(words[0])) {
            java.util.List<InputItem> hosts = hostsLine(words, line, raw, lineNumber, parts.comment());
            if (hosts != null) {
                return hosts;
            }
            // "127.0.0.1 localhost", "::1 ip6-localhost": a hosts file's own entries, never intelligence.
            return java.util.List.of(InputItem.rejected(lineNumber, raw, "not a recognised indicator (a hosts-file line"
                    + " whose names are not all host names to block; the sink address " + words[0] + " is no indicator)"));
        }
        java.util.List<InputItem> list = valueList(body, line, raw, lineNumber, parts.comment());
        if (list != null) {
            return list;
        }
        String written = words[0];
        String tail = body.substring(written.length()).strip();
        String first = unquote(written);
        String valueText = first;
        IocDetector.Detected d = IocDetector.detect(Defang.restore(first));
        // "value;comment", "value,comment", "value|comment" in one word: the separator marks the
        // value as one, however prose-like. Tried only when the whole word is no indicator, so a
        // URL whose path or query has a comma or semicolon stays whole.
        boolean marked = body.length() > written.length() && body.charAt(written.length()) == '\t';
        if (d == null) {
            int sep = firstSeparator(first);
            if (sep > 0) {
                IocDetector.Detected v = IocDetector.detect(Defang.restore(first.substring(0, sep)));
                if (v != null) {
                    d = v;
                    valueText = first.substring(0, sep);
                    tail = body.substring(written.indexOf(first) + sep + 1).strip();
                    marked = true;
                }
            }
        }
        if (!tail.isEmpty() && "|;,".indexOf(tail.charAt(0)) >= 0) {
            // "value | comment", "value ; SBL123" (Spamhaus DROP), "value , comment".
            tail = tail.substring(1).strip();
            marked = true;
        }
        InputItem firstItem = firstItem(d, valueText, tail, marked, parts.comment(), line, raw, lineNumber);
        java.util.List<Found> further = new java.util.ArrayList<>();
        if (!marked) {
            // Prose: every further word that is an indicator beyond doubt (or was defanged, which
            // is how analysts mark what is malicious) is taken at this line. A plain host name,
            // host:port or scheme-less URL in prose is not ("support.oracle.com is legitimate").
            int from = line.indexOf(first) + first.length();
            for (int i = 1; i < words.length; i++) {
                String word = trimPunctuation(words[i]);
                String restored = Defang.restore(word);
                IocDetector.Detected w = word.isEmpty() ? null : IocDetector.detect(restored);
                int at = line.indexOf(words[i], from);
                if (at >= 0) {
                    from = at + words[i].length();
                }
                if (w != null && (!w.ambiguous() || !restored.equals(word))) {
                    further.add(new Found(w, at < 0 ? 1 : at + 1 + words[i].indexOf(word)));
                }
            }
        }
        if (further.isEmpty()) {
            return java.util.List.of(firstItem);
        }
        // Several values on one line, or one inside prose: which words describe which is
        // guesswork, so each carries the whole line (defanged as written) as its context, after
        // its own note (a port, an added scheme). The prose first word's rejection is not
        // reported: the line did name indicators, and nothing of it is lost.
        String context = join(body, parts.comment());
        java.util.List<InputItem> items = new java.util.ArrayList<>();
        if (!firstItem.isRejected()) {
            items.add(item(d, lineNumber, firstItem.column(), raw, join(d.note(), context)));
        }
        for (Found f : further) {
            items.add(item(f.detected(), lineNumber, f.column(), raw, join(f.detected().note(), context)));
        }
        return items;
    }

    private record Found(IocDetector.Detected detected, long column) {
    }

    /** The host names of a hosts-file line "0.0.0.0 bad.example.com [more names]", or null when it is not one. */
    private static java.util.List<InputItem> hostsLine(String[] words, String line, String raw, long lineNumber,
            String comment) {
        java.util.List<InputItem> items = new java.util.ArrayList<>();
        int from = words[0].length();
        for (int i = 1; i < words.length; i++) {
            IocDetector.Detected d = IocDetector.detect(Defang.restore(words[i]));
            if (d == null || d.type() != IndicatorType.HOST) {
                return null;
            }
            int at = line.indexOf(words[i], from);
            from = at < 0 ? from : at + words[i].length();
            items.add(item(d, lineNumber, at < 0 ? 1 : at + 1, raw, join(d.note(), comment)));
        }
        return items;
    }

    /** {@code "value"}, {@code 'value'}, {@code <value>} → value: quoting from spreadsheets and mail. */
    private static String unquote(String word) {
        if (word.length() > 2) {
            char a = word.charAt(0);
            char z = word.charAt(word.length() - 1);
            if (a == '"' && z == '"' || a == '\'' && z == '\'' || a == '<' && z == '>') {
                return word.substring(1, word.length() - 1);
            }
        }
        return word;
    }

    /* Compiled once: String.split compiles its pattern on every call, and this runs for every line. */
    private static final java.util.regex.Pattern WORDS = java.util.regex.Pattern.compile("\\s+");
    private static final java.util.regex.Pattern LIST_SEPARATORS = java.util.regex.Pattern.compile("[\\s,;|]+");

    /**
     * A line that is only values of one type ("192.0.2.1, 192.0.2.2 198.51.100.3"): each is an
     * item, and there is nothing to describe them with but the trailing comment. Values of
     * different types are not a list: in "192.0.2.1,probe.example.net" the host name is the
     * address's comment (its reverse name), as lists write it. Null when the line is not such a list.
     */
    private static java.util.List<InputItem> valueList(String body, String line, String raw, long lineNumber,
            String comment) {
        boolean separated = false;
        for (int i = 0; i < body.length() && !separated; i++) {
            char c = body.charAt(i);
            separated = c == ',' || c == ';' || c == '|' || Character.isWhitespace(c);
        }
        String[] tokens = separated ? LIST_SEPARATORS.split(body) : null;
        if (tokens == null || tokens.length < 2) {
            return null;
        }
        java.util.List<InputItem> items = new java.util.ArrayList<>(tokens.length);
        IndicatorType type = null;
        int from = 0;
        for (String token : tokens) {
            IocDetector.Detected d = token.isEmpty() ? null : IocDetector.detect(Defang.restore(token));
            if (d == null || type != null && d.type() != type) {
                return null;
            }
            type = d.type();
            int at = line.indexOf(token, from);
            if (at >= 0) {
                from = at + token.length();
            }
            items.add(item(d, lineNumber, at < 0 ? 1 : at + 1, raw, join(d.note(), comment)));
        }
        return items;
    }

    /** The item for one line's first word, or null for a blank or comment line. */
    static InputItem parse(String line, long lineNumber) {
        java.util.List<InputItem> all = parseAll(line, lineNumber);
        return all.isEmpty() ? null : all.get(0);
    }

    private static InputItem firstItem(IocDetector.Detected d, String value, String tail, boolean marked,
            String comment, String line, String raw, long lineNumber) {
        String restored = Defang.restore(value);
        String scheme = d == null ? IocDetector.unknownScheme(restored) : null;
        if (scheme != null) {
            return InputItem.rejected(lineNumber, raw, "not a recognised indicator (unknown URL scheme '"
                    + CommonFields.abbreviate(scheme) + "'; a mistyped defang?)");
        }
        if (d == null && tail.isEmpty()) {
            return InputItem.rejected(lineNumber, raw, "not a recognised indicator (" + why(restored) + ")");
        }
        if (d == null) {
            return InputItem.rejected(lineNumber, raw, "not a recognised indicator (free text: the first word '"
                    + CommonFields.abbreviate(value) + "' is not an indicator)");
        }
        if (d.ambiguous() && !tail.isEmpty() && !marked && restored.equals(value)) {
            return InputItem.rejected(lineNumber, raw, "not a recognised indicator (free text: '"
                    + CommonFields.abbreviate(value) + "' could be a " + shape(d) + ", but it is followed by more words"
                    + " and not defanged, so it may be prose; write 'value | comment' or 'value # comment' to"
                    + " import it with a description)");
        }
        int column = line.indexOf(value);
        return item(d, lineNumber, column < 0 ? 1 : column + 1, raw, join(d.note(), unwrap(leadingDash(tail)), comment));
    }

    /**
     * Why a lone value is no indicator, as specific as can be said without guessing: the value
     * is still rejected, but the reason points at the fix (the 'C' in "C91.196.152.28").
     */
    static String why(String value) {
        if (value.length() > 1 && !Character.isDigit(value.charAt(0)) && Values.address(value.substring(1)) != null
                && value.indexOf(':') < 0) {
            return "'" + CommonFields.abbreviate(value) + "' is the IP address " + value.substring(1)
                    + " with a stray '" + value.charAt(0) + "' in front; correct the line if that address is meant";
        }
        if (value.startsWith("/")) {
            return "a URL path without a host; a URL needs the host name or address before its first '/'";
        }
        if (value.length() > 2 && Character.isLetter(value.charAt(0)) && value.charAt(1) == ':'
                && (value.charAt(2) == '\\' || value.charAt(2) == '/')) {
            return "a Windows file path; ThreatConnect has no indicator type for a path";
        }
        int dash = value.indexOf('-');
        if (dash > 0 && Values.address(value.substring(0, dash)) != null && Values.address(value.substring(dash + 1)) != null) {
            return "an address range; ThreatConnect has no range type: write it as CIDR blocks or single addresses";
        }
        if (Values.isHex(value)) {
            return value.length() + " hex digits is no MD5 (32), SHA1 (40) or SHA256 (64) hash";
        }
        return "expected an IP address, CIDR, URL, e-mail address, MD5/SHA1/SHA256 hash, ASN or host name";
    }

    private static String shape(IocDetector.Detected d) {
        return switch (d.type()) {
            case URL -> "URL without a scheme";
            default -> d.note() == null ? "host name" : "host name with a port";
        };
    }

    private static InputItem item(IocDetector.Detected d, long lineNumber, long column, String raw, String description) {
        ObjectNode node = NODES.objectNode();
        node.put("type", d.type().apiName());
        node.put("summary", d.summary());
        if (description != null) {
            node.put("description", description);
        }
        return new InputItem(ItemKind.INDICATOR, node, lineNumber, column, raw, null);
    }

    /** The parts, each stripped, joined by "; "; null when all are empty. */
    private static String join(String... parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            if (p != null && !p.isBlank()) {
                if (b.length() > 0) {
                    b.append("; ");
                }
                b.append(p.strip());
            }
        }
        return b.length() == 0 ? null : capped(b.toString());
    }

    /*
     * A description is a note for a person, not a place to store a whole file: a line that long
     * is damaged, and 500 characters keep every comment real lists carry.
     */
    private static String capped(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 499) + "\u2026";
    }

    /** "(initial)" → "initial": the brackets only set the note apart from the value. */
    private static String unwrap(String s) {
        if (s.length() >= 2 && (s.charAt(0) == '(' && s.endsWith(")") || s.charAt(0) == '[' && s.endsWith("]"))
                && s.indexOf(s.charAt(0), 1) < 0) {
            return s.substring(1, s.length() - 1).strip();
        }
        return s;
    }

    /** "- scanner" → "scanner": "value - comment" and "value: comment" are written so too. */
    private static String leadingDash(String s) {
        int i = 0;
        while (i < s.length() && (s.charAt(i) == '-' || s.charAt(i) == '\u2013' || s.charAt(i) == ':'
                || Character.isWhitespace(s.charAt(i)))) {
            i++;
        }
        return s.substring(i);
    }

    private static int firstSeparator(String word) {
        for (int i = 0; i < word.length(); i++) {
            char c = word.charAt(i);
            if (c == ';' || c == ',' || c == '|') {
                return i;
            }
        }
        return -1;
    }

    /** A word of prose without the punctuation around it: "(bad[.]example)," → "bad[.]example". */
    private static String trimPunctuation(String word) {
        int from = 0;
        int to = word.length();
        while (from < to && "(<\"'".indexOf(word.charAt(from)) >= 0) {
            from++;
        }
        while (to > from && ",;:)>\"'".indexOf(word.charAt(to - 1)) >= 0) {
            to--;
        }
        return word.substring(from, to);
    }

    /**
     * The line's value part and its trailing comment, or null for a blank or comment line.
     * A comment starts at {@code #} or {@code //} at the start of the line or after white space
     * (so {@code http://x.example/a#b} keeps its fragment and its scheme), and a line starting
     * with {@code ;} is a comment too (the Spamhaus DROP and hosts-file style). A leading bullet
     * ({@code -}, {@code *}, {@code •}) is dropped, and spaced defangs are closed up.
     */
    private static Parts split(String line) {
        String text = line.strip();
        if (text.isEmpty() || text.charAt(0) == ';') {
            return null;
        }
        String comment = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean start = i == 0 || Character.isWhitespace(text.charAt(i - 1));
            if (start && (c == '#' || c == '/' && text.startsWith("//", i))) {
                comment = text.substring(i + (c == '#' ? 1 : 2)).strip();
                text = text.substring(0, i).strip();
                break;
            }
        }
        var bullet = BULLET.matcher(text);
        if (bullet.lookingAt()) {
            text = text.substring(bullet.end()).strip();
        }
        if (text.isEmpty() || text.equals("-") || text.equals("*") || text.equals("+") || text.equals("\u2022")) {
            return null;
        }
        var abp = ADBLOCK.matcher(text);
        if (abp.matches()) {
            // "||bad.example.com^" (Adblock/uBlock filter lists, URLhaus's ABP feed): the name is the value.
            text = abp.group(1);
        }
        return new Parts(Defang.joinSpaced(text), comment == null || comment.isEmpty() ? null : comment);
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
