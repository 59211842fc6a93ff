package io.tcbatch.input;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Streams the rows of a CSV file as indicators, by a {@link CsvMapping}.
 *
 * <p>Hand-written rather than a library: the package may use only the JDK and Jackson, and
 * {@code jackson-dataformat-csv} would still need the work done here around it — the header
 * found after banner lines, a header written as a comment ({@code # id,dateadded,url,…}, as
 * URLhaus does), footers, rows of the wrong width reported instead of thrown, and line numbers that
 * are the file's own when a quoted field spans lines. The syntax is RFC 4180: fields separated by
 * a comma (or {@code ;}, tab, {@code |}: sniffed from the first row, tab for {@code .tsv}),
 * quoted with {@code "} when they hold the separator, a quote ({@code ""}) or a line break; LF or
 * CRLF; UTF-8 with or without a byte order mark.
 *
 * <p>Skipped, not items: lines starting with {@code #} outside a quoted field (banners, footers
 * like {@code # END 28 entries}), empty lines and rows whose every field is empty. Everything else
 * is a row, and every row ends as items (one per value column, or one File from the hash columns)
 * or as one reject naming its line: too few or too many fields, an unclosed quote, no value, a
 * value no type fits.
 *
 * <p>Reads one physical line at a time (decoded on its own, so a bad byte is reported on its line)
 * and keeps only the current row and its items.
 */
final class CsvReader implements ItemSource {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern SPLIT_TAGS = Pattern.compile("[,;|]");
    private static final Pattern PORT = Pattern.compile("\\d{1,5}");
    private static final Set<String> EMPTY = Set.of("", "null", "none", "n/a", "-");

    private final String file;
    private final Utf8Lines lines;
    private final CsvMapping given;
    /** Set while a comment line is parsed: {@link #readLine} then reads no further lines. */
    private boolean commentOnly;
    private char delimiter;
    /** Fields of the header row (or of the first row when there is none): every row must have as many. */
    private int width;
    private long headerLine;
    private Resolved map;
    private String formatName = "CSV";
    /** The first data row, read while looking for the header. */
    private Row firstRow;
    private final ArrayDeque<InputItem> pending = new ArrayDeque<>();

    CsvReader(String file, InputStream in, CsvMapping mapping) throws IOException {
        this.file = file;
        this.lines = new Utf8Lines(file, in);
        this.given = mapping;
        start();
    }

    @Override
    public String formatName() {
        return formatName;
    }

    /** The mapping used, whether it was guessed from the header, and the header's columns it leaves unread. */
    private String mappingUsed;
    private boolean mappingGuessed;
    private List<String> ignoredColumns = List.of();

    @Override
    public java.util.Map<String, Object> description() {
        java.util.Map<String, Object> d = new java.util.LinkedHashMap<>();
        d.put("format", "CSV");
        if (mappingUsed != null) {
            d.put("mapping", mappingUsed);
            d.put("guessed", mappingGuessed);
            d.put("ignored", ignoredColumns);
        }
        return d;
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }

    // ---- Rows ------------------------------------------------------------------------------------

    /** One logical row: its fields, the column each starts at, where it starts, its text, and what is wrong with it. */
    private record Row(List<String> fields, List<Integer> columns, long line, String raw, String problem) {
        boolean blank() {
            for (String f : fields) {
                if (!f.isBlank()) {
                    return false;
                }
            }
            return true;
        }
    }

    /** The next physical line, or null at the end (and, while a comment is parsed, at once). */
    private String readLine() throws IOException {
        return commentOnly ? null : lines.next();
    }

    /** The last comment line read before the current row, for a header written as a comment. */
    private String lastComment;
    private long lastCommentLine;

    /** The next row that is not a comment or an empty line, or null at the end. */
    private Row readRow() throws IOException {
        String line;
        while ((line = readLine()) != null) {
            if (line.startsWith("#")) {
                lastComment = line;
                lastCommentLine = lines.number();
                continue;
            }
            if (line.isBlank()) {
                continue;
            }
            return parse(line);
        }
        return null;
    }

    /** Splits the row that starts with {@code line}, reading more lines while a quoted field is open. */
    private Row parse(String first) throws IOException {
        long start = lines.number();
        List<String> fields = new ArrayList<>();
        List<Integer> columns = new ArrayList<>();
        StringBuilder raw = new StringBuilder(first);
        StringBuilder cur = new StringBuilder();
        String problem = null;
        boolean inQuotes = false;
        boolean afterQuote = false;
        long quoteLine = 0;
        int quoteColumn = 0;
        int fieldColumn = 1;
        String line = first;
        while (true) {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (inQuotes) {
                    if (c == '"') {
                        if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                            cur.append('"');
                            i++;
                        } else {
                            inQuotes = false;
                            afterQuote = true;
                        }
                    } else {
                        cur.append(c);
                    }
                } else if (c == delimiter) {
                    fields.add(afterQuote ? cur.toString() : cur.toString().strip());
                    columns.add(fieldColumn);
                    cur.setLength(0);
                    afterQuote = false;
                    fieldColumn = i + 2;
                } else if (afterQuote) {
                    if (!Character.isWhitespace(c) && problem == null) {
                        problem = "text after the closing quote of field " + (fields.size() + 1) + " at column " + (i + 1)
                                + "; a quote inside a quoted field is written twice (\"\")";
                    }
                } else if (c == '"' && cur.toString().isBlank()) {
                    // Blanks before the opening quote (", "a"") are dropped, as most exports mean them to be.
                    cur.setLength(0);
                    inQuotes = true;
                    quoteLine = lines.number();
                    quoteColumn = i + 1;
                    fieldColumn = i + 1;
                } else {
                    cur.append(c);
                }
            }
            if (!inQuotes) {
                break;
            }
            String next = readLine();
            if (next == null) {
                problem = "the quoted field that starts at line " + quoteLine + " column " + quoteColumn
                        + " is never closed (a missing \")";
                break;
            }
            cur.append('\n');
            raw.append('\n').append(next);
            line = next;
        }
        fields.add(afterQuote || inQuotes ? cur.toString() : cur.toString().strip());
        columns.add(fieldColumn);
        return new Row(fields, columns, start, raw.toString(), problem);
    }

    /** The separator the row uses most, outside quotes: , ; tab or |; a comma when it has none. */
    private static char sniff(String line) {
        int[] counts = new int[4];
        char[] candidates = {',', '\t', ';', '|'};
        boolean q = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                q = !q;
            } else if (!q) {
                for (int k = 0; k < candidates.length; k++) {
                    if (c == candidates[k]) {
                        counts[k]++;
                    }
                }
            }
        }
        int best = 0;
        for (int k = 1; k < counts.length; k++) {
            if (counts[k] > counts[best]) {
                best = k;
            }
        }
        return candidates[best];
    }

    // ---- The header ------------------------------------------------------------------------------

    /** Finds the header (or the first row of a file without one), the separator, and resolves the mapping. */
    private void start() throws IOException {
        String first;
        while (true) {
            first = readLine();
            if (first == null) {
                // No rows at all: nothing to import, which is not an error (a feed that is empty today).
                map = null;
                formatName = "CSV (no rows)";
                return;
            }
            if (first.startsWith("#")) {
                lastComment = first;
                lastCommentLine = lines.number();
            } else if (!first.isBlank()) {
                break;
            }
        }
        delimiter = given.delimiter != null ? given.delimiter
                : file.toLowerCase(Locale.ROOT).endsWith(".tsv") ? '\t' : sniff(first);
        Row row = parse(first);
        if (!given.header) {
            if (!given.hasValues()) {
                throw new InputException(file, row.line(), 1, "a file without a header row needs a mapping that"
                        + " gives the columns by number, e.g. --map header=false,value=#1", null);
            }
            width = row.fields().size();
            headerLine = 0;
            map = resolve(given, null);
            firstRow = row;
            formatName = "CSV (no header; " + given + ")";
            mappingUsed = given.toString();
            return;
        }
        List<String> header = row.fields();
        headerLine = row.line();
        // A mapping without a value column (auto, or a block that only sets a delimiter or tags) is completed by the guess.
        boolean guessed = !given.hasValues();
        String problem = headerProblem(header);
        if (lastComment != null && (problem != null || commentedHeaderFirst(row))) {
            // URLhaus writes its header as the last banner line: "# id,dateadded,url,…".
            Row commented = parse0(lastComment.substring(1));
            List<String> h2 = commented.fields();
            String p2 = headerProblem(h2);
            if (p2 == null && h2.size() == header.size()) {
                header = h2;
                headerLine = lastCommentLine;
                problem = null;
                firstRow = row;
            }
        }
        if (problem != null && guessed) {
            Integer valueColumn = headerless(row);
            if (valueColumn != null) {
                // No header at all (Bambenek's domain,description,date,manpage): the first column
                // whose first cell is an indicator is the value; the others are not guessed at.
                CsvMapping m = new CsvMapping().value(valueColumn + 1).zone(given.zone.getId());
                width = row.fields().size();
                headerLine = 0;
                map = resolve(m, null);
                firstRow = row;
                formatName = "CSV (no header row; value #" + (valueColumn + 1) + " detected; type detected)";
                mappingUsed = m.toString();
                mappingGuessed = true;
                return;
            }
        }
        if (problem != null) {
            throw new InputException(file, row.line(), 1, problem, null);
        }
        if (row.problem() != null && headerLine == row.line()) {
            throw new InputException(file, row.line(), 1, "the header row cannot be read: " + row.problem(), null);
        }
        width = header.size();
        CsvMapping m = guessed ? given.withGuess(header) : given;
        map = resolve(m, header);
        List<String> ignored = new ArrayList<>();
        for (int i = 0; i < header.size(); i++) {
            if (!map.used.contains(i)) {
                ignored.add(header.get(i).strip());
            }
        }
        formatName = "CSV (" + (guessed ? "columns guessed: " : "") + m
                + (ignored.isEmpty() ? "" : "; ignored: " + String.join(", ", ignored)) + ")";
        mappingUsed = m.toString();
        mappingGuessed = guessed;
        ignoredColumns = List.copyOf(ignored);
    }

    /**
     * Whether a header written as the comment just above the first row (ThreatFox: {@code #
     * "first_seen_utc","ioc_id","ioc_value",…}) wins over that row, which could pass as a header
     * by chance (its cell "url" names a value column): the comment has the row's width and none of
     * its names is a cell of the row, as it would be if the row were a header too.
     */
    private boolean commentedHeaderFirst(Row row) throws IOException {
        if (lastCommentLine != row.line() - 1) {
            return false;
        }
        List<String> names = parse0(lastComment.substring(1)).fields();
        if (names.size() < 2 || names.size() != row.fields().size() || headerProblem(names) != null) {
            return false;
        }
        for (String cell : row.fields()) {
            if (index(names, cell) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** The index of the first field of {@code row} that is an indicator, for a file without a header; else null. */
    private static Integer headerless(Row row) {
        for (int i = 0; i < row.fields().size(); i++) {
            String v = Defang.restore(row.fields().get(i).strip());
            if (IocDetector.detect(v) != null || ipPort(v) != null) {
                return i;
            }
        }
        return null;
    }

    /** {@link #parse} of a line already read (a comment), without reading further lines. */
    private Row parse0(String text) throws IOException {
        boolean saved = commentOnly;
        commentOnly = true; // an open quote in a comment must not swallow the rows after it
        try {
            return parse(text);
        } finally {
            commentOnly = saved;
        }
    }

    /** What keeps {@code header} from being this mapping's header: a column it names is missing, or none can be guessed. */
    private String headerProblem(List<String> header) {
        String missing = missingColumns(given, header);
        return missing != null || given.hasValues() ? missing : autoProblem(header);
    }

    private String autoProblem(List<String> header) {
        CsvMapping m = CsvMapping.guess(header);
        if (m.hasValues()) {
            return null;
        }
        return "no column of the header row names an indicator value (columns: " + String.join(", ",
                header.stream().map(h -> "'" + CommonFields.abbreviate(h.strip()) + "'").toList())
                + "); give the mapping, e.g. --map value=COLUMN,type=Address, or csv(path) { value 'COLUMN' }";
    }

    private static String missingColumns(CsvMapping m, List<String> header) {
        List<String> missing = new ArrayList<>();
        for (CsvMapping.Column c : columnsOf(m)) {
            if (c.name() != null && index(header, c.name()) < 0) {
                missing.add("'" + c.name() + "'");
            } else if (c.name() == null && c.number() > header.size()) {
                missing.add(c.toString());
            }
        }
        if (missing.isEmpty()) {
            return null;
        }
        String columns = String.join(", ", header.stream().map(h -> "'" + CommonFields.abbreviate(h.strip()) + "'").toList());
        CsvMapping.Column t = m.typeColumn;
        if (m.typeHint != null && t != null && t.name() != null && index(header, t.name()) < 0) {
            // type 'Adress': meant as the type, read as a column name because it is no type's name.
            return "type '" + t.name() + "' is neither an indicator type nor a column of the header row (did you mean '"
                    + m.typeHint + "'?; columns: " + columns + ")";
        }
        boolean attribute = m.attributes.values().stream().anyMatch(c -> c.name() != null && index(header, c.name()) < 0);
        return "the mapping names column" + (missing.size() == 1 ? " " : "s ") + String.join(", ", missing)
                + ", which the header row does not have (columns: " + columns + ")"
                + (attribute ? "; an attribute's second argument is a column: for the same text on every row write"
                        + " attribute 'TYPE', value: 'TEXT'" : "");
    }

    private static List<CsvMapping.Column> columnsOf(CsvMapping m) {
        List<CsvMapping.Column> cs = new ArrayList<>(m.values);
        cs.addAll(m.hashes.values());
        cs.addAll(m.tags);
        cs.addAll(m.attributes.values());
        for (CsvMapping.Column c : new CsvMapping.Column[] {m.typeColumn, m.ratingColumn, m.confidenceColumn,
                m.description, m.source, m.firstSeen, m.lastSeen, m.port}) {
            if (c != null) {
                cs.add(c);
            }
        }
        return cs;
    }

    private static int index(List<String> header, String name) {
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).strip().equalsIgnoreCase(name.strip())) {
                return i;
            }
        }
        return -1;
    }

    // ---- The mapping, resolved to field indexes --------------------------------------------------

    /** A column as a field index (0-based), with the name messages use. */
    private record Col(int index, String name) {
    }

    private static final class Resolved {
        final List<Col> values = new ArrayList<>();
        final List<String> hashNames = new ArrayList<>();
        final List<Col> hashes = new ArrayList<>();
        String fixedType;
        Col type;
        Col rating;
        Number ratingValue;
        Col confidence;
        Number confidenceValue;
        final List<Col> tags = new ArrayList<>();
        final List<String> attributeTypes = new ArrayList<>();
        final List<Col> attributes = new ArrayList<>();
        final java.util.Map<String, String> attributeValues = new java.util.LinkedHashMap<>();
        Col description;
        Col source;
        Col firstSeen;
        Col lastSeen;
        Col port;
        java.time.ZoneId zone;
        final Set<Integer> used = new java.util.HashSet<>();
    }

    private static Resolved resolve(CsvMapping m, List<String> header) {
        Resolved r = new Resolved();
        for (CsvMapping.Column c : m.values) {
            r.values.add(col(c, header, r));
        }
        m.hashes.forEach((h, c) -> {
            r.hashNames.add(h);
            r.hashes.add(col(c, header, r));
        });
        r.fixedType = m.fixedType;
        r.type = col(m.typeColumn, header, r);
        r.rating = col(m.ratingColumn, header, r);
        r.ratingValue = m.ratingValue;
        r.confidence = col(m.confidenceColumn, header, r);
        r.confidenceValue = m.confidenceValue;
        for (CsvMapping.Column c : m.tags) {
            r.tags.add(col(c, header, r));
        }
        m.attributes.forEach((t, c) -> {
            r.attributeTypes.add(t);
            r.attributes.add(col(c, header, r));
        });
        r.attributeValues.putAll(m.attributeValues);
        r.description = col(m.description, header, r);
        r.source = col(m.source, header, r);
        r.firstSeen = col(m.firstSeen, header, r);
        r.lastSeen = col(m.lastSeen, header, r);
        r.port = col(m.port, header, r);
        r.zone = m.zone;
        return r;
    }

    private static Col col(CsvMapping.Column c, List<String> header, Resolved r) {
        if (c == null) {
            return null;
        }
        int i = c.name() != null ? index(header, c.name()) : c.number() - 1;
        String name = header != null && i < header.size() ? "'" + header.get(i).strip() + "'" : "#" + (i + 1);
        r.used.add(i);
        return new Col(i, name);
    }

    // ---- Items -----------------------------------------------------------------------------------

    @Override
    public InputItem next() throws IOException {
        while (pending.isEmpty()) {
            if (map == null) {
                return null;
            }
            Row row;
            if (firstRow != null) {
                row = firstRow;
                firstRow = null;
            } else {
                row = readRow();
            }
            if (row == null) {
                return null;
            }
            items(row);
        }
        return pending.poll();
    }

    /** The items of one row (queued), or its one reject; nothing for a row of empty fields. */
    private void items(Row row) {
        if (row.problem() != null) {
            pending.add(InputItem.rejected(row.line(), 1, row.raw(), row.problem()));
            return;
        }
        if (row.blank()) {
            return;
        }
        int n = row.fields().size();
        if (n != width) {
            String against = headerLine > 0 ? "the header row (line " + headerLine + ") has " + width
                    : "the first row has " + width;
            pending.add(InputItem.rejected(row.line(), 1, row.raw(), "row has " + n + " field" + (n == 1 ? "" : "s")
                    + ", " + against + (n > width ? "; a field holding the separator must be quoted" : "")));
            return;
        }
        List<String> f = row.fields();
        List<String> notes = new ArrayList<>();
        ObjectNode common = NODES.objectNode();
        number(common, "rating", map.rating, map.ratingValue, f);
        number(common, "confidence", map.confidence, map.confidenceValue, f);
        date(common, "firstSeen", map.firstSeen, f);
        date(common, "lastSeen", map.lastSeen, f);
        String description = cell(f, map.description);
        if (description != null) {
            notes.add(description);
        }
        String source = cell(f, map.source);
        if (source != null) {
            common.put("source", source);
        }
        String port = cell(f, map.port);
        if (port != null) {
            notes.add("port " + port);
        }
        ArrayNode attributes = NODES.arrayNode();
        for (int i = 0; i < map.attributes.size(); i++) {
            String v = cell(f, map.attributes.get(i));
            if (v != null) {
                attributes.addObject().put("type", map.attributeTypes.get(i)).put("value", v);
            }
        }
        map.attributeValues.forEach((t, v) -> attributes.addObject().put("type", t).put("value", v));
        if (!attributes.isEmpty()) {
            common.set("attribute", attributes);
        }
        Set<String> tagNames = new LinkedHashSet<>();
        for (Col c : map.tags) {
            String v = cell(f, c);
            if (v != null) {
                for (String t : SPLIT_TAGS.split(v)) {
                    if (!t.isBlank()) {
                        tagNames.add(t.strip());
                    }
                }
            }
        }
        if (!tagNames.isEmpty()) {
            ArrayNode tags = common.putArray("tag");
            tagNames.forEach(t -> tags.addObject().put("name", t));
        }
        int before = pending.size();
        for (Col c : map.values) {
            String v = cell(f, c);
            if (v != null) {
                pending.add(indicator(row, c, v, f, common, notes));
            }
        }
        if (!map.hashes.isEmpty()) {
            fileItem(row, f, common, notes);
        }
        if (pending.size() == before) {
            List<String> names = new ArrayList<>();
            map.values.forEach(c -> names.add(c.name()));
            map.hashes.forEach(c -> names.add(c.name()));
            pending.add(InputItem.rejected(row.line(), 1, row.raw(), "no value: the column" + (names.size() == 1 ? " " : "s ")
                    + String.join(", ", names) + (names.size() == 1 ? " is" : " are") + " empty"));
        }
    }

    /** One File from the hash columns: {@code md5 : sha1 : sha256} of those filled, in that order. */
    private void fileItem(Row row, List<String> f, ObjectNode common, List<String> notes) {
        List<String> parts = new ArrayList<>();
        int column = 0;
        for (Col c : map.hashes) {
            String v = cell(f, c);
            if (v != null) {
                parts.add(v);
                column = column == 0 ? row.columns().get(c.index()) : column;
            }
        }
        if (parts.isEmpty()) {
            return;
        }
        ObjectNode node = NODES.objectNode();
        node.put("type", IndicatorType.FILE.apiName());
        node.put("summary", String.join(" : ", parts));
        finish(node, common, notes);
        pending.add(new InputItem(ItemKind.INDICATOR, node, row.line(), column, row.raw(), null));
    }

    /** The indicator of one value cell, typed as the mapping says, or its reject. */
    private InputItem indicator(Row row, Col c, String cell, List<String> f, ObjectNode common, List<String> notes) {
        long column = row.columns().get(c.index());
        String value = Defang.restore(cell);
        String type = map.fixedType;
        String typeCell = null;
        if (type == null && map.type != null) {
            typeCell = cell(f, map.type);
            type = typeCell == null ? null : CsvMapping.typeName(typeCell);
        }
        String note = null;
        String port = null;
        if (value.contains("://") && value.indexOf(' ') > 0 && (type == null || type.equals(IndicatorType.URL.apiName()))) {
            // A cell is one value, so a space in a URL is part of its path ("/mr t/Host.exe"), not the
            // end of it as in prose; %20 is how a browser sends it, and the URL rule takes no blanks.
            value = value.strip().replace(" ", "%20");
            note = "spaces in the feed's URL written as %20";
        }
        if (type == null) {
            IocDetector.Detected d = IocDetector.detect(value);
            if (d == null) {
                String[] ipPort = ipPort(value);
                if (ipPort != null) {
                    d = new IocDetector.Detected(IndicatorType.ADDRESS, ipPort[0]);
                    port = ipPort[1];
                }
            }
            if (d == null && !value.contains("://") && value.indexOf('/') > 0) {
                IocDetector.Detected url = IocDetector.detect("http://" + value);
                if (url != null && url.type() == IndicatorType.URL) {
                    d = url;
                    note = join(note, schemeNote(cell));
                }
            }
            if (d == null) {
                String why = typeCell != null
                        ? "type '" + CommonFields.abbreviate(typeCell) + "' (column " + map.type.name()
                        + ") is not an indicator type (" + IndicatorType.API_NAMES + "), and the value"
                        : "value";
                return InputItem.rejected(row.line(), column, row.raw(), "not a recognised indicator: " + why + " '"
                        + CommonFields.abbreviate(cell) + "' in column " + c.name() + " is none of an IP address, CIDR,"
                        + " URL, e-mail address, MD5/SHA1/SHA256 hash, ASN or host name; give the type"
                        + " (--map type=TYPE, or type 'TYPE' in the csv block)");
            }
            if (d.note() != null) {
                // The detector's own note (a port it split off, a scheme it added), worded as for IOC
                // lists; a scheme note names the cell as the feed wrote it, defanged or not.
                note = join(note, d.note().startsWith("scheme added") ? schemeNote(cell) : d.note());
            }
            type = d.type().apiName();
            value = d.summary();
        } else if (type.equals(IndicatorType.URL.apiName()) && !value.contains("://")) {
            value = "http://" + value;
            note = join(note, schemeNote(cell));
        } else if (type.equals(IndicatorType.ADDRESS.apiName())) {
            String[] ipPort = ipPort(value);
            if (ipPort != null) {
                value = ipPort[0];
                port = ipPort[1];
            }
        }
        ObjectNode node = NODES.objectNode();
        node.put("type", type);
        node.put("summary", value);
        List<String> all = notes;
        if (note != null || port != null) {
            all = new ArrayList<>(notes);
            if (port != null) {
                all.add("port " + port);
            }
            if (note != null) {
                all.add(note);
            }
        }
        finish(node, common, all);
        return new InputItem(ItemKind.INDICATOR, node, row.line(), column, row.raw(), null);
    }

    /*
     * The URL rule needs a scheme (API doc §3.4), and a feed that writes "bad.example/x.exe" in a
     * URL column means the address a victim fetched, almost always over HTTP. http:// is added
     * rather than the value rejected, and the description says so, so the change stays visible on
     * the indicator and the original spelling is not lost.
     */
    private static String schemeNote(String cell) {
        return "scheme added: written as " + CommonFields.abbreviate(cell);
    }

    private static String join(String a, String b) {
        return a == null ? b : a + "; " + b;
    }

    /** {@code 192.0.2.7:8080} or {@code [2001:db8::1]:443} as address and port, else null. */
    private static String[] ipPort(String value) {
        int colon = value.lastIndexOf(':');
        if (colon <= 0 || colon == value.length() - 1 || !PORT.matcher(value.substring(colon + 1)).matches()) {
            return null;
        }
        String host = value.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        } else if (host.indexOf(':') >= 0) {
            return null; // a bare IPv6 address: its last group is not a port
        }
        int port = Integer.parseInt(value.substring(colon + 1));
        String address = Values.address(host);
        return address == null || port < 1 || port > 65535 ? null : new String[] {address, String.valueOf(port)};
    }

    private static void finish(ObjectNode node, ObjectNode common, List<String> notes) {
        common.fields().forEachRemaining(e -> node.set(e.getKey(), e.getValue().deepCopy()));
        if (!notes.isEmpty()) {
            node.put("description", String.join("; ", notes));
        }
    }

    /** The cell of {@code c}, stripped; null when there is no column or it is empty or says null. */
    private static String cell(List<String> fields, Col c) {
        if (c == null || c.index() >= fields.size()) {
            return null;
        }
        String v = fields.get(c.index()).strip();
        return EMPTY.contains(v.toLowerCase(Locale.ROOT)) ? null : v;
    }

    /** A number as a JSON number; anything else as the text, for the rules to name what is wrong with it. */
    private static void number(ObjectNode node, String field, Col c, Number constant, List<String> f) {
        String v = constant != null ? constant.toString() : cell(f, c);
        if (v == null) {
            return;
        }
        if (v.matches("[+-]?\\d{1,9}(\\.\\d*)?|[+-]?\\.\\d+")) {
            // As the normaliser sends Batch JSON's numbers (ItemNormaliser): a whole number as an
            // integer whatever its spelling (a feed's "3.00" is 3, confidence is an integer in the
            // API), a fraction as a decimal (a rating may be 2.5; a fractional confidence is then
            // refused by the rules as not whole, not rounded here).
            java.math.BigDecimal d = new java.math.BigDecimal(v.endsWith(".") ? v + "0" : v);
            if (d.signum() == 0 || d.stripTrailingZeros().scale() <= 0) {
                node.put(field, d.longValue());
            } else {
                node.put(field, d.doubleValue());
            }
        } else {
            node.put(field, v);
        }
    }

    private void date(ObjectNode node, String field, Col c, List<String> f) {
        String v = cell(f, c);
        if (v != null) {
            node.put(field, isoDate(v, map.zone));
        }
    }

    /**
     * A date cell as ISO-8601 with Z: one with a zone as it is (in UTC), one without in
     * {@code zone}, a bare date at the start of its day, ten digits as Unix seconds. Anything else
     * is passed on as written, and the date rule rejects the item saying what is wrong. The shape
     * is checked before parsing, so a million rows do not cost a million parse exceptions.
     */
    static String isoDate(String v, java.time.ZoneId zone) {
        String s = v.strip().replace('/', '-');
        int n = s.length();
        try {
            if (n == 10 && s.chars().allMatch(Character::isDigit)) {
                return Instant.ofEpochSecond(Long.parseLong(s)).toString();
            }
            if (n < 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
                return v;
            }
            if (n == 10) {
                return LocalDate.parse(s).atStartOfDay(zone).toInstant().toString();
            }
            String t = s.replace(' ', 'T');
            char last = t.charAt(n - 1);
            boolean zoned = last == 'Z' || last == 'z' || n > 16 && (t.charAt(n - 6) == '+' || t.charAt(n - 6) == '-');
            return zoned ? OffsetDateTime.parse(t.toUpperCase(Locale.ROOT)).toInstant().toString()
                    : LocalDateTime.parse(t).atZone(zone).toInstant().toString();
        } catch (DateTimeParseException | NumberFormatException e) {
            return v;
        }
    }
}
