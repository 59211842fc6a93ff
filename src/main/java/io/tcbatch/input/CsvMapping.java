package io.tcbatch.input;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How the columns of a CSV file become indicators: which column holds the value (or several, one
 * indicator each), the type (fixed, from a type column, or detected per value), and the columns of
 * rating, confidence, tags, attributes and dates. {@link #auto()} is the mapping guessed from the
 * header row; the DSL's {@code csv(path) { … }} block is this class as its delegate, so its public
 * methods are the block's words:
 *
 * <pre>{@code
 * csv('feodo.csv') {
 *     value 'dst_ip'                 // one indicator per value column and row
 *     type 'Address'                 // a fixed type; type 'Type' names a type column; default: detected
 *     port 'dst_port'                // -> description "port 443", as IOC lists do
 *     tags 'malware'                 // cells split on ; and |
 *     firstSeen 'first_seen_utc'     // -> the V2 firstSeen field, ISO-8601 in UTC (see zone)
 *     attribute 'Feed', 'feed'       // an attribute of that type from a column
 *     attribute 'Source', value: 'fw feed'   // the same text on every row
 *     rating 3                       // a number is a constant, a string a column
 * }
 * }</pre>
 *
 * <p>A column is named by its header (ignoring case and surrounding blanks), or by its 1-based
 * number: an integer, or {@code '#3'}. Numbers are what a file without a header row
 * ({@code header false}) needs. For {@code rating} and {@code confidence} a number is the value
 * itself, so a column number there is written {@code '#3'}.
 *
 * <p>Dates go to the V2 fields {@code firstSeen}/{@code lastSeen} (API doc §3.3), not to
 * attributes: they are the fields the API documents for them, while an attribute type such as
 * "First Seen" exists only on instances that define it. Feeds rarely write a zone ("2024-04-04
 * 07:03:03"), and the rules refuse a date without one, so a date without a zone is read in
 * {@link #zone(String)} (default UTC, what feeds use) and written as ISO-8601 with {@code Z}; a
 * bare date is the start of that day.
 */
public class CsvMapping {
    /** A column by header name (lower-cased, stripped) or by 1-based number. */
    record Column(String name, int number) {
        static Column of(Object spec, String what) {
            if (spec instanceof Column c) {
                return c;
            }
            if (spec instanceof Number n) {
                return number(n.intValue(), what);
            }
            if (spec == null || spec.toString().isBlank()) {
                throw new IllegalArgumentException(what + " needs a column name or number");
            }
            String s = spec.toString().strip();
            if (s.length() > 1 && s.charAt(0) == '#' && s.substring(1).chars().allMatch(Character::isDigit)) {
                return number(Integer.parseInt(s.substring(1)), what);
            }
            return new Column(s, 0);
        }

        private static Column number(int n, String what) {
            if (n < 1) {
                throw new IllegalArgumentException(what + ": column numbers start at 1, not " + n);
            }
            return new Column(null, n);
        }

        @Override
        public String toString() {
            return name != null ? name : "#" + number;
        }
    }

    final List<Column> values = new ArrayList<>();
    /** md5, sha1, sha256 columns, in summary order: one File per row. */
    final Map<String, Column> hashes = new LinkedHashMap<>();
    String fixedType;
    Column typeColumn;
    /** The indicator type a {@code type} that named no known type is close to: said if it is no column either. */
    String typeHint;
    Column ratingColumn;
    Number ratingValue;
    Column confidenceColumn;
    Number confidenceValue;
    final List<Column> tags = new ArrayList<>();
    /** Attribute type -> column. */
    final Map<String, Column> attributes = new LinkedHashMap<>();
    /** Attribute type -> the same text on every row ({@code attribute 'Source', value: 'fw feed'}). */
    final Map<String, String> attributeValues = new LinkedHashMap<>();
    Column description;
    Column source;
    Column firstSeen;
    Column lastSeen;
    Column port;
    Character delimiter;
    boolean header = true;
    ZoneId zone = ZoneId.of("UTC");
    /** Decided from the header row when the file is opened. */
    final boolean auto;

    /** An empty mapping, filled by its words (the DSL block, {@link #parse}). */
    public CsvMapping() {
        this(false);
    }

    private CsvMapping(boolean auto) {
        this.auto = auto;
    }

    /** The mapping guessed from the header row when none is given. */
    public static CsvMapping auto() {
        return new CsvMapping(true);
    }

    // ---- The words of the DSL block -------------------------------------------------------------

    /** The column(s) holding an indicator value; each gives one indicator per row. */
    public CsvMapping value(Object... columns) {
        if (columns.length == 0) {
            throw new IllegalArgumentException("value needs at least one column");
        }
        for (Object c : columns) {
            values.add(Column.of(c, "value"));
        }
        return this;
    }

    /** The same as {@link #value}, for a list of columns. */
    public CsvMapping values(Object... columns) {
        return value(columns);
    }

    /**
     * The indicator type: a type name ({@code 'Address'}, {@code 'Host'}, also {@code ip},
     * {@code domain}, {@code url}, {@code md5}, …) for every value; {@code 'auto'} to detect it per
     * value (the default); anything else names the column that holds each row's type.
     */
    public CsvMapping type(Object type) {
        String t = type == null ? "" : type.toString().strip();
        if (t.equalsIgnoreCase("auto") || t.equalsIgnoreCase("detect")) {
            fixedType = null;
            typeColumn = null;
            return this;
        }
        String known = typeName(t);
        if (known != null && !(type instanceof Number) && !t.startsWith("#")) {
            fixedType = known;
            typeColumn = null;
        } else {
            typeColumn = Column.of(type, "type");
            fixedType = null;
            typeHint = type instanceof Number || t.startsWith("#") ? null : closestType(t);
        }
        return this;
    }

    /**
     * The indicator type {@code t} is probably a misspelling of ({@code Adress} → {@code Address}),
     * or null: said when {@code t} turns out to be no column of the header either.
     */
    static String closestType(String t) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        String k = t.toLowerCase(Locale.ROOT).replace(" ", "");
        for (IndicatorType it : IndicatorType.values()) {
            int d = EditDistance.between(k, it.apiName().toLowerCase(Locale.ROOT).replace(" ", ""));
            if (d < bestDistance) {
                bestDistance = d;
                best = it.apiName();
            }
        }
        return bestDistance <= Math.max(1, Math.min(2, k.length() / 3)) ? best : null;
    }


    /** The column holding each row's type (for a column whose name is also a type name). */
    public CsvMapping typeColumn(Object column) {
        typeColumn = Column.of(column, "typeColumn");
        fixedType = null;
        typeHint = null;
        return this;
    }

    /** The MD5 column: with {@link #sha1}/{@link #sha256} one File per row ({@code md5 : sha1 : sha256}). */
    public CsvMapping md5(Object column) {
        hashes.put("md5", Column.of(column, "md5"));
        return this;
    }

    public CsvMapping sha1(Object column) {
        hashes.put("sha1", Column.of(column, "sha1"));
        return this;
    }

    public CsvMapping sha256(Object column) {
        hashes.put("sha256", Column.of(column, "sha256"));
        return this;
    }

    /** {@code file md5: 'md5', sha1: 'sha1', sha256: 'sha256'}: the hash columns of one File per row. */
    public CsvMapping file(Map<String, ?> hashColumns) {
        for (Map.Entry<String, ?> e : hashColumns.entrySet()) {
            switch (e.getKey().toLowerCase(Locale.ROOT)) {
                case "md5" -> md5(e.getValue());
                case "sha1" -> sha1(e.getValue());
                case "sha256" -> sha256(e.getValue());
                default -> throw new IllegalArgumentException("file takes md5:, sha1: and sha256:, not " + e.getKey() + ":");
            }
        }
        // Kept in summary order whatever order they were given in.
        Map<String, Column> ordered = new LinkedHashMap<>();
        for (String h : List.of("md5", "sha1", "sha256")) {
            if (hashes.containsKey(h)) {
                ordered.put(h, hashes.get(h));
            }
        }
        hashes.clear();
        hashes.putAll(ordered);
        return this;
    }

    /** A number is every row's rating (0–5); a string names the rating column. */
    public CsvMapping rating(Object ratingOrColumn) {
        if (ratingOrColumn instanceof Number n) {
            ratingValue = n;
            ratingColumn = null;
        } else {
            ratingColumn = Column.of(ratingOrColumn, "rating");
            ratingValue = null;
        }
        return this;
    }

    /** A number is every row's confidence (0–100); a string names the confidence column. */
    public CsvMapping confidence(Object confidenceOrColumn) {
        if (confidenceOrColumn instanceof Number n) {
            confidenceValue = n;
            confidenceColumn = null;
        } else {
            confidenceColumn = Column.of(confidenceOrColumn, "confidence");
            confidenceValue = null;
        }
        return this;
    }

    /** Columns whose cells are tags; a cell may hold several, split on {@code ;} and {@code |}. */
    public CsvMapping tags(Object... columns) {
        for (Object c : columns) {
            tags.add(Column.of(c, "tags"));
        }
        return this;
    }

    /**
     * An attribute of {@code type} whose value is the cell of {@code column}:
     * {@code attribute 'Source', 'feed'} reads the column {@code feed}. The second argument is
     * always a column, as for every other word of the block; a text that is the same on every
     * row is written with {@code value:} ({@link #attribute(Map, String)}).
     */
    public CsvMapping attribute(String type, Object column) {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("attribute needs a type, e.g. attribute 'Source', 'feed'");
        }
        attributes.put(type.strip(), Column.of(column, "attribute '" + type + "'"));
        attributeValues.remove(type.strip());
        return this;
    }

    /**
     * {@code attribute 'Source', value: 'fw feed'}: an attribute with the same value on every row
     * (a constant), and {@code attribute 'Source', column: 'feed'}, the same as
     * {@code attribute 'Source', 'feed'}.
     */
    public CsvMapping attribute(Map<String, ?> options, String type) {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("attribute needs a type, e.g. attribute 'Source', value: 'fw feed'");
        }
        if (options.size() != 1 || !(options.containsKey("value") || options.containsKey("column"))) {
            throw new IllegalArgumentException("attribute '" + type + "' takes value: TEXT (the same on every row) or"
                    + " column: NAME, not " + String.join(", ", options.keySet().stream().map(k -> k + ":").toList()));
        }
        if (options.containsKey("column")) {
            return attribute(type, options.get("column"));
        }
        Object v = options.get("value");
        if (v == null || v.toString().isBlank()) {
            throw new IllegalArgumentException("attribute '" + type + "', value: needs a text");
        }
        attributes.remove(type.strip());
        attributeValues.put(type.strip(), v.toString());
        return this;
    }

    /** The column of the description (the Description attribute's shortcut, §3.3). */
    public CsvMapping description(Object column) {
        description = Column.of(column, "description");
        return this;
    }

    /** The column of the source (the Source attribute's shortcut, §3.3). */
    public CsvMapping source(Object column) {
        source = Column.of(column, "source");
        return this;
    }

    /** The column of the date first seen: the V2 {@code firstSeen} field. */
    public CsvMapping firstSeen(Object column) {
        firstSeen = Column.of(column, "firstSeen");
        return this;
    }

    /** The column of the date last seen: the V2 {@code lastSeen} field. */
    public CsvMapping lastSeen(Object column) {
        lastSeen = Column.of(column, "lastSeen");
        return this;
    }

    /** The column of a port: kept in the description as {@code port N}, as IOC lists keep it. */
    public CsvMapping port(Object column) {
        port = Column.of(column, "port");
        return this;
    }

    /** The field separator: {@code ','}, {@code ';'}, {@code '|'} or {@code 'tab'}; default: sniffed from the first row. */
    public CsvMapping delimiter(String d) {
        String s = d == null ? "" : d;
        delimiter = switch (s.toLowerCase(Locale.ROOT)) {
            case "tab", "\\t", "\t" -> '\t';
            case ",", "comma" -> ',';
            case ";", "semicolon" -> ';';
            case "|", "pipe" -> '|';
            default -> throw new IllegalArgumentException("delimiter is one of , ; | tab, not '" + d + "'");
        };
        return this;
    }

    /** {@code header false}: the first row is data, and columns are given by number. */
    public CsvMapping header(boolean hasHeader) {
        header = hasHeader;
        return this;
    }

    /** The zone of dates written without one (default UTC), e.g. {@code zone 'Europe/Berlin'}. */
    public CsvMapping zone(String zoneId) {
        try {
            zone = ZoneId.of(zoneId);
        } catch (DateTimeException | NullPointerException e) {
            throw new IllegalArgumentException("zone '" + zoneId + "' is not a time zone (e.g. UTC, Europe/Berlin, +02:00)");
        }
        return this;
    }

    // ---- The command line's --map ---------------------------------------------------------------

    /** The keys {@link #parse} takes, in the order they are listed to a user who wrote a wrong one. */
    public static final List<String> KEYS = List.of("value", "type", "typeColumn", "md5", "sha1", "sha256", "rating",
            "confidence", "tags", "attribute.TYPE", "description", "source", "firstSeen", "lastSeen", "port",
            "delimiter", "header", "zone");

    /**
     * The mapping {@code spec} describes: {@code key=value} pairs separated by commas, e.g.
     * {@code value=dst_ip,type=Address,tags=malware,port=dst_port}. A key may repeat
     * ({@code value=SHA256,value=Download URL}); {@code attribute.Source=feed} maps an attribute;
     * {@code header=false} with columns as {@code #N} reads a file without a header row. A spec
     * without a value column ({@code delimiter=;,zone=Europe/Berlin}) keeps the guess from the
     * header for what it does not say (see {@link #withGuess}).
     *
     * @throws IllegalArgumentException naming the wrong pair and the keys allowed
     */
    public static CsvMapping parse(String spec) {
        CsvMapping m = new CsvMapping();
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("the mapping is empty; expected key=column pairs, e.g. value=dst_ip,type=Address");
        }
        for (String pair : spec.split(",")) {
            if (pair.isBlank()) {
                continue;
            }
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("'" + pair.strip() + "' is not key=column (keys: " + String.join(", ", KEYS) + ")");
            }
            String key = pair.substring(0, eq).strip();
            String v = pair.substring(eq + 1).strip();
            if (v.isEmpty()) {
                throw new IllegalArgumentException("'" + pair.strip() + "' has no column after '='");
            }
            String k = key.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
            if (k.startsWith("attribute.") || k.startsWith("attr.")) {
                m.attribute(key.substring(key.indexOf('.') + 1), v);
                continue;
            }
            switch (k) {
                case "value", "values" -> m.value(v);
                case "type" -> m.type(v);
                case "typecolumn" -> m.typeColumn(v);
                case "md5" -> m.md5(v);
                case "sha1" -> m.sha1(v);
                case "sha256" -> m.sha256(v);
                case "rating" -> m.rating(number(v) != null ? number(v) : v);
                case "confidence" -> m.confidence(number(v) != null ? number(v) : v);
                case "tags", "tag" -> m.tags(v);
                case "description", "comment" -> m.description(v);
                case "source" -> m.source(v);
                case "firstseen" -> m.firstSeen(v);
                case "lastseen" -> m.lastSeen(v);
                case "port" -> m.port(v);
                case "delimiter" -> m.delimiter(v);
                case "header" -> m.header(bool(v));
                case "zone" -> m.zone(v);
                default -> throw new IllegalArgumentException("unknown mapping key '" + key + "' (keys: "
                        + String.join(", ", KEYS) + ")");
            }
        }
        // Sorted into summary order, as file(...) does.
        m.file(Map.of());
        return m;
    }

    private static Number number(String s) {
        try {
            return s.contains(".") ? (Number) Double.parseDouble(s) : (Number) Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean bool(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("header is true or false, not '" + s + "'");
        };
    }

    /**
     * This mapping completed by the guess from {@code header}: what a block without a value column
     * ({@code csv(path) { delimiter ';'; tags 'family' }}) does not say is guessed, what it says wins.
     */
    CsvMapping withGuess(List<String> headerNames) {
        CsvMapping g = guess(headerNames);
        g.delimiter = delimiter;
        g.header = header;
        g.zone = zone;
        if (fixedType != null || typeColumn != null) {
            g.fixedType = fixedType;
            g.typeColumn = typeColumn;
        }
        if (ratingColumn != null || ratingValue != null) {
            g.ratingColumn = ratingColumn;
            g.ratingValue = ratingValue;
        }
        if (confidenceColumn != null || confidenceValue != null) {
            g.confidenceColumn = confidenceColumn;
            g.confidenceValue = confidenceValue;
        }
        if (!tags.isEmpty()) {
            g.tags.clear();
            g.tags.addAll(tags);
        }
        g.attributes.putAll(attributes);
        g.attributeValues.putAll(attributeValues);
        g.typeHint = typeHint;
        g.description = description != null ? description : g.description;
        g.source = source != null ? source : g.source;
        g.firstSeen = firstSeen != null ? firstSeen : g.firstSeen;
        g.lastSeen = lastSeen != null ? lastSeen : g.lastSeen;
        g.port = port != null ? port : g.port;
        return g;
    }

    boolean hasValues() {
        return !values.isEmpty() || !hashes.isEmpty();
    }

    /**
     * The type name a cell or a mapping gives, with the spellings feeds use ({@code ip},
     * {@code domain}, {@code md5}, {@code Email Address}); null when it names none of the built-in
     * types (a custom type is passed on as written, for the rules to judge).
     */
    static String typeName(String s) {
        String k = s.toLowerCase(Locale.ROOT).replace(" ", "").replace("_", "").replace("-", "");
        for (IndicatorType t : IndicatorType.values()) {
            if (t.apiName().toLowerCase(Locale.ROOT).replace(" ", "").equals(k)) {
                return t.apiName();
            }
        }
        return switch (k) {
            case "ip", "ipv4", "ipv6", "ipaddress", "ipv4addr", "ipv6addr", "ipaddr" -> "Address";
            // MISP's attribute types too: ip-dst, ip-src, email-src, …
            case "ipdst", "ipsrc" -> "Address";
            case "domain", "hostname", "fqdn", "domainname" -> "Host";
            case "email", "emailaddr", "mail", "emailsrc", "emaildst" -> "EmailAddress";
            case "md5", "sha1", "sha256", "hash", "filehash", "filehashmd5", "filehashsha1", "filehashsha256", "md5hash",
                    "sha1hash", "sha256hash" -> "File";
            // ThreatFox's ioc_type; the reader splits the port off the value.
            case "ip:port" -> "Address";
            case "uri", "link" -> "URL";
            case "cidrblock", "netblock", "network" -> "CIDR";
            case "useragent" -> "User Agent";
            default -> null;
        };
    }

    /** What the mapping reads, for messages: {@code value SHA256, Download URL; type detected; tags malware}. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (!values.isEmpty()) {
            parts.add("value " + join(values));
        }
        if (!hashes.isEmpty()) {
            List<String> h = new ArrayList<>();
            hashes.forEach((k, c) -> h.add(k + " " + c));
            parts.add("File from " + String.join(", ", h));
        }
        if (!values.isEmpty()) {
            parts.add(fixedType != null ? "type " + fixedType : typeColumn != null ? "type column " + typeColumn : "type detected");
        }
        if (ratingColumn != null || ratingValue != null) {
            parts.add("rating " + (ratingColumn != null ? ratingColumn : ratingValue));
        }
        if (confidenceColumn != null || confidenceValue != null) {
            parts.add("confidence " + (confidenceColumn != null ? confidenceColumn : confidenceValue));
        }
        if (!tags.isEmpty()) {
            parts.add("tags " + join(tags));
        }
        attributes.forEach((t, c) -> parts.add("attribute " + t + " " + c));
        attributeValues.forEach((t, v) -> parts.add("attribute " + t + " = '" + CommonFields.abbreviate(v) + "'"));
        if (description != null) {
            parts.add("description " + description);
        }
        if (source != null) {
            parts.add("source " + source);
        }
        if (firstSeen != null) {
            parts.add("firstSeen " + firstSeen);
        }
        if (lastSeen != null) {
            parts.add("lastSeen " + lastSeen);
        }
        if (port != null) {
            parts.add("port " + port);
        }
        return parts.isEmpty() ? (auto ? "auto" : "empty") : String.join("; ", parts);
    }

    private static String join(List<Column> cs) {
        return String.join(", ", cs.stream().map(Column::toString).toList());
    }

    /**
     * The mapping guessed from {@code header}'s names (see the README's "CSV feeds"); hash columns
     * become one File per row, other value columns one indicator each. Columns it does not know
     * are ignored (they are listed in the reader's format name).
     */
    static CsvMapping guess(List<String> header) {
        CsvMapping m = new CsvMapping();
        for (int i = 0; i < header.size(); i++) {
            String n = normal(header.get(i));
            Column c = new Column(header.get(i).strip(), 0);
            String last = n.contains("_") ? n.substring(n.lastIndexOf('_') + 1) : n;
            switch (n) {
                case "type", "indicator_type", "ioc_type", "type_name", "indicatortype" -> {
                    m.typeColumn = c;
                    continue;
                }
                case "rating", "threat_rating" -> {
                    m.ratingColumn = c;
                    continue;
                }
                case "confidence", "confidence_score", "confidence_level" -> {
                    m.confidenceColumn = c;
                    continue;
                }
                case "tags", "tag", "labels", "malware", "malware_family", "malware_printable", "family", "attribute_tag" -> {
                    m.tags.add(c);
                    continue;
                }
                case "description", "comment", "comments", "notes", "note" -> {
                    m.description = c;
                    continue;
                }
                case "source" -> {
                    m.source = c;
                    continue;
                }
                case "port", "dst_port", "dstport", "dest_port", "destination_port" -> {
                    m.port = c;
                    continue;
                }
                case "last_online" -> {
                    m.lastSeen = c;
                    continue;
                }
                default -> {
                }
            }
            if (n.startsWith("first_seen") || n.equals("firstseen") || n.equals("date_added") || n.equals("dateadded")) {
                m.firstSeen = c;
            } else if (n.startsWith("last_seen") || n.equals("lastseen")) {
                m.lastSeen = c;
            } else if (n.equals("md5") || n.equals("sha1") || n.equals("sha256")) {
                m.hashes.put(n, c);
            } else if (last.equals("md5") || last.equals("sha1") || last.equals("sha256")) {
                m.hashes.putIfAbsent(last, c);
            } else if ((VALUE_NAMES.contains(n) || VALUE_NAMES.contains(last)) && !reference(n)) {
                m.values.add(c);
            }
        }
        m.file(Map.of());
        return m;
    }

    private static final java.util.Set<String> VALUE_NAMES = java.util.Set.of("value", "indicator", "ioc", "observable",
            "summary", "ip", "ipv4", "ipv6", "ip_address", "ipaddress", "dst_ip", "src_ip", "dstip", "srcip", "domain",
            "host", "hostname", "fqdn", "url", "uri", "hash", "email", "email_address", "cidr", "asn");

    /*
     * A column about the indicator rather than the indicator: PhishTank's phish_detail_url, a
     * report_url, a reference link. Importing those would store the feed's own pages as malicious.
     */
    private static final java.util.Set<String> REFERENCE_WORDS = java.util.Set.of("detail", "details", "link", "ref",
            "reference", "report", "info", "page", "lookup", "whois", "feed", "manpage", "doc");

    private static boolean reference(String normalName) {
        for (String t : normalName.split("_")) {
            if (REFERENCE_WORDS.contains(t)) {
                return true;
            }
        }
        return false;
    }

    /** A header name as the guess compares it: lower case, runs of other characters as one {@code _}. */
    static String normal(String name) {
        String s = name.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        return s.replaceAll("^_+|_+$", "");
    }
}
