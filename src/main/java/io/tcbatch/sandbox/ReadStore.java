package io.tcbatch.sandbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The queries of the read API over the tables of {@link Schema}, on one connection per request.
 * Reads only. Every list is ordered by id (the order is undocumented; chosen: the order items
 * were created in), so that paging with {@code resultStart} is stable.
 */
final class ReadStore implements AutoCloseable {

    record Owner(int id, String name, String type) {
    }

    record IndicatorRow(long id, String owner, String type, String summary, String md5, String sha1,
                        String sha256, Double rating, Integer confidence, boolean active, boolean activeLocked,
                        boolean privateFlag, Boolean dnsActive, Boolean whoisActive, Long fileSize,
                        Instant dateAdded, Instant lastModified) {
    }

    record GroupRow(long id, String owner, String xid, String type, String name, String body,
                    Instant dateAdded, Instant lastModified) {
    }

    record AttributeRow(long id, String type, String value, boolean displayed, String source,
                        Instant dateAdded, Instant lastModified) {
    }

    /** A label applied to an item; description and date are null when the owner has no such label defined. */
    record LabelRow(String name, String color, String description, Instant dateAdded) {
    }

    record OccurrenceRow(long id, String fileName, String path, Instant occurred) {
    }

    private static final String INDICATOR_COLUMNS = "id, owner, type, summary, md5, sha1, sha256, rating, confidence, "
            + "active, active_locked, private_flag, dns_active, whois_active, file_size, date_added, last_modified";
    private static final String GROUP_COLUMNS = "id, owner, xid, type, name, body, date_added, last_modified";

    private final Connection c;

    ReadStore(Database db) throws SQLException {
        this.c = db.connection();
    }

    List<Owner> owners() throws SQLException {
        List<Owner> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, name, type FROM owner ORDER BY id");
             ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(new Owner(r.getInt(1), r.getString(2), r.getString(3)));
            }
        }
        return out;
    }

    /**
     * Active indicators of an owner, of one type or all (type null). "By default, all API
     * branches return only active Indicators" (v2 docs); a single indicator is found either way.
     */
    long countIndicators(String owner, String type) throws SQLException {
        return count("indicator WHERE owner = ? AND active", owner, type);
    }

    List<IndicatorRow> indicators(String owner, String type, int start, int limit) throws SQLException {
        return page("SELECT " + INDICATOR_COLUMNS + " FROM indicator WHERE owner = ? AND active", owner, type, start,
                limit, ReadStore::indicatorRows);
    }

    /** Rows of one statement, read by {@link #indicatorRows} or {@link #groupRows}. */
    private interface Rows<T> {
        List<T> read(PreparedStatement s) throws SQLException;
    }

    /** {@code SELECT COUNT(*) FROM <from>}, whose one parameter is the owner, narrowed to a type unless null. */
    private long count(String from, String owner, String type) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM " + from + (type == null ? "" : " AND type = ?"))) {
            s.setString(1, owner);
            if (type != null) {
                s.setString(2, type);
            }
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** One page of {@code select} (whose one parameter is the owner) by id, narrowed to a type unless null. */
    private <T> List<T> page(String select, String owner, String type, int start, int limit, Rows<T> rows)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(select + (type == null ? "" : " AND type = ?")
                + " ORDER BY id LIMIT ? OFFSET ?")) {
            int i = 1;
            s.setString(i++, owner);
            if (type != null) {
                s.setString(i++, type);
            }
            s.setInt(i++, limit);
            s.setInt(i, start);
            return rows.read(s);
        }
    }

    /** An indicator by its normalised summary. */
    Optional<IndicatorRow> indicator(String owner, String type, String summary) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + INDICATOR_COLUMNS
                + " FROM indicator WHERE owner = ? AND type = ? AND summary = ?")) {
            s.setString(1, owner);
            s.setString(2, type);
            s.setString(3, summary);
            return indicatorRows(s).stream().findFirst();
        }
    }

    /**
     * The File that has this hash in any of its hash columns (a File is found by any of its
     * hashes, API doc §4.5), or whose summary is exactly it.
     */
    Optional<IndicatorRow> fileByHash(String owner, String hash) throws SQLException {
        String column = switch (hash.length()) {
            case 32 -> "md5";
            case 40 -> "sha1";
            default -> "sha256";
        };
        try (PreparedStatement s = c.prepareStatement("SELECT " + INDICATOR_COLUMNS + " FROM indicator WHERE owner = ?"
                + " AND type = 'File' AND (" + column + " = ? OR summary = ?) ORDER BY id")) {
            s.setString(1, owner);
            s.setString(2, hash);
            s.setString(3, hash);
            return indicatorRows(s).stream().findFirst();
        }
    }

    /** The indicators associated with the item {@code (kind, id)}, of one type or all. */
    List<IndicatorRow> associatedIndicators(char kind, long id, String type) throws SQLException {
        return associated("SELECT " + INDICATOR_COLUMNS + " FROM indicator", 'I', kind, id, type, ReadStore::indicatorRows);
    }

    /**
     * The rows of {@code select} (indicators, other kind {@code 'I'}, or groups, {@code 'G'})
     * associated with the item {@code (kind, id)}, from either end of the pair, of one type or all.
     */
    private <T> List<T> associated(String select, char other, char kind, long id, String type, Rows<T> rows)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement(select + " WHERE id IN ("
                + " SELECT id_2 FROM association WHERE kind_1 = ? AND id_1 = ? AND kind_2 = '" + other + "'"
                + " UNION SELECT id_1 FROM association WHERE kind_2 = ? AND id_2 = ? AND kind_1 = '" + other + "')"
                + (type == null ? "" : " AND type = ?") + " ORDER BY id")) {
            bindEnds(s, kind, id);
            if (type != null) {
                s.setString(5, type);
            }
            return rows.read(s);
        }
    }

    long countGroups(String owner, String type) throws SQLException {
        return count("grp WHERE owner = ?", owner, type);
    }

    List<GroupRow> groups(String owner, String type, int start, int limit) throws SQLException {
        return page("SELECT " + GROUP_COLUMNS + " FROM grp WHERE owner = ?", owner, type, start, limit,
                ReadStore::groupRows);
    }

    Optional<GroupRow> group(long id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + GROUP_COLUMNS + " FROM grp WHERE id = ?")) {
            s.setLong(1, id);
            return groupRows(s).stream().findFirst();
        }
    }

    List<GroupRow> associatedGroups(char kind, long id, String type) throws SQLException {
        return associated("SELECT " + GROUP_COLUMNS + " FROM grp", 'G', kind, id, type, ReadStore::groupRows);
    }

    /** In the order they were written. */
    List<AttributeRow> attributes(char kind, long id) throws SQLException {
        List<AttributeRow> out = new ArrayList<>();
        // "VALUE" quoted: VALUE is a keyword of H2 2.x, so the column only exists because the
        // store's connection lifts it (NON_KEYWORDS=VALUE); quoted, this query does not depend
        // on that setting of the connection it happens to get.
        try (PreparedStatement s = c.prepareStatement("SELECT id, type, \"VALUE\", displayed, source, date_added, last_modified"
                + " FROM item_attribute WHERE kind = ? AND item_id = ? ORDER BY id")) {
            s.setString(1, String.valueOf(kind));
            s.setLong(2, id);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new AttributeRow(r.getLong(1), r.getString(2), r.getString(3), r.getBoolean(4),
                            r.getString(5), instant(r, 6), instant(r, 7)));
                }
            }
        }
        return out;
    }

    /** Sorted by name. */
    List<String> tags(char kind, long id) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT name FROM item_tag WHERE kind = ? AND item_id = ? ORDER BY name")) {
            s.setString(1, String.valueOf(kind));
            s.setLong(2, id);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
        }
        return out;
    }

    /** Sorted by name, with the owner's definition of each label where there is one. */
    List<LabelRow> labels(String owner, char kind, long id) throws SQLException {
        List<LabelRow> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT l.name, d.color, d.description, d.date_added"
                + " FROM item_label l LEFT JOIN security_label d ON d.owner = ? AND d.name = l.name"
                + " WHERE l.kind = ? AND l.item_id = ? ORDER BY l.name")) {
            s.setString(1, owner);
            s.setString(2, String.valueOf(kind));
            s.setLong(3, id);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new LabelRow(r.getString(1), r.getString(2), r.getString(3), instant(r, 4)));
                }
            }
        }
        return out;
    }

    List<OccurrenceRow> occurrences(long indicatorId) throws SQLException {
        List<OccurrenceRow> out = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, file_name, path, occurred FROM file_occurrence"
                + " WHERE indicator_id = ? ORDER BY id")) {
            s.setLong(1, indicatorId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(new OccurrenceRow(r.getLong(1), r.getString(2), r.getString(3), instant(r, 4)));
                }
            }
        }
        return out;
    }

    private static void bindEnds(PreparedStatement s, char kind, long id) throws SQLException {
        s.setString(1, String.valueOf(kind));
        s.setLong(2, id);
        s.setString(3, String.valueOf(kind));
        s.setLong(4, id);
    }

    private static List<IndicatorRow> indicatorRows(PreparedStatement s) throws SQLException {
        List<IndicatorRow> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(new IndicatorRow(r.getLong(1), r.getString(2), r.getString(3), r.getString(4),
                        r.getString(5), r.getString(6), r.getString(7), r.getObject(8, Double.class),
                        r.getObject(9, Integer.class), r.getBoolean(10), r.getBoolean(11), r.getBoolean(12),
                        r.getObject(13, Boolean.class), r.getObject(14, Boolean.class), r.getObject(15, Long.class),
                        instant(r, 16), instant(r, 17)));
            }
        }
        return out;
    }

    private static List<GroupRow> groupRows(PreparedStatement s) throws SQLException {
        List<GroupRow> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                out.add(new GroupRow(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                        r.getString(6), instant(r, 7), instant(r, 8)));
            }
        }
        return out;
    }

    private static Instant instant(ResultSet r, int column) throws SQLException {
        OffsetDateTime t = r.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
