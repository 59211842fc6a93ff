package io.tcbatch.sandbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Read access to everything the sandbox has stored, per owner: for tests and for commands that
 * show the sandbox's content. Database failures surface as {@link IllegalStateException} because
 * a caller can do nothing sensible with an SQL error of an embedded store. Dates are in UTC.
 */
public final class SandboxStore {

    /** An attribute of an indicator or group. */
    public record Attribute(String type, String value, boolean displayed, boolean pinned, String source) {
        /** Not displayed, not pinned, no source. */
        public Attribute(String type, String value) {
            this(type, value, false, false, null);
        }
    }

    /** A security label of an owner, or applied to an item. */
    public record SecurityLabel(String name, String color, String description) {
    }

    /** A file occurrence of a File indicator. */
    public record Occurrence(String fileName, String path, OffsetDateTime date) {
    }

    /**
     * An indicator as stored; a field never given is null (active, activeLocked and privateFlag
     * have their defaults true, false, false).
     *
     * @param tags           sorted by name
     * @param attributes     in the order they were written
     * @param securityLabels sorted by name, with the owner's color and description of each
     * @param occurrences    in the order they were written (File only)
     */
    public record StoredIndicator(long id, String owner, String type, String summary, String md5, String sha1,
                                  String sha256, Double rating, Integer confidence, boolean active,
                                  boolean activeLocked, boolean privateFlag, Boolean dnsActive, Boolean whoisActive,
                                  Long size, OffsetDateTime firstSeen, OffsetDateTime lastSeen,
                                  OffsetDateTime externalDateAdded, OffsetDateTime externalDateExpires,
                                  OffsetDateTime externalLastModified, String xid, OffsetDateTime dateAdded,
                                  OffsetDateTime lastModified, List<String> tags, List<Attribute> attributes,
                                  List<SecurityLabel> securityLabels, List<Occurrence> occurrences) {
    }

    /** A group as stored; {@code body} is the group's JSON as last uploaded (type-specific fields included). */
    public record StoredGroup(long id, String owner, String xid, String type, String name, String body,
                              OffsetDateTime dateAdded, OffsetDateTime lastModified, List<String> tags,
                              List<Attribute> attributes, List<SecurityLabel> securityLabels) {
    }

    /**
     * The other end of an association of an item.
     *
     * @param indicator true for an indicator end, false for a group
     * @param type      the indicator type or the group type
     * @param key       the indicator summary or the group xid
     */
    public record Association(boolean indicator, long id, String type, String key, String associationType) {
    }

    private static final String INDICATOR_COLUMNS = "id, owner, type, summary, md5, sha1, sha256, rating, confidence,"
            + " active, active_locked, private_flag, dns_active, whois_active, file_size, first_seen, last_seen,"
            + " external_date_added, external_date_expires, external_last_modified, xid, date_added, last_modified";

    private final Database db;

    SandboxStore(Database db) {
        this.db = db;
    }

    /**
     * An upload the sandbox accepted (see {@code UploadLedger}): the job it went to and the
     * SHA-256 (lower-case hex) and size of the file as stored, after any gzip.
     */
    public record Upload(long jobId, String sha256, long bytes) {
    }

    /** Every accepted upload, by job id: at most one per job; a job without one never got a file. */
    public List<Upload> uploads() {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT job_id, sha256, bytes FROM job_upload ORDER BY job_id");
             ResultSet rs = ps.executeQuery()) {
            List<Upload> out = new ArrayList<>();
            while (rs.next()) {
                out.add(new Upload(rs.getLong(1), rs.getString(2), rs.getLong(3)));
            }
            return List.copyOf(out);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    public long countIndicators(String owner) {
        return count("SELECT COUNT(*) FROM indicator WHERE owner = ?", owner);
    }

    public long countGroups(String owner) {
        return count("SELECT COUNT(*) FROM grp WHERE owner = ?", owner);
    }

    /** Associations in the owner, each unordered pair once, including those from associatedGroups & co. */
    public long countAssociations(String owner) {
        return count("SELECT COUNT(*) FROM association WHERE owner = ?", owner);
    }

    /** The indicator with exactly this type and (normalised) summary in the owner. */
    public Optional<StoredIndicator> findIndicator(String owner, String type, String summary) {
        return indicators("SELECT " + INDICATOR_COLUMNS + " FROM indicator WHERE owner = ? AND type = ? AND summary = ?",
                owner, type, summary).stream().findFirst();
    }

    /** The File in the owner with this md5, sha1 or sha256 (any case), if exactly one has it. */
    public Optional<StoredIndicator> findFile(String owner, String hash) {
        String h = hash.toLowerCase(Locale.ROOT);
        List<StoredIndicator> found = indicators("SELECT " + INDICATOR_COLUMNS + " FROM indicator WHERE owner = ?"
                + " AND type = 'File' AND (md5 = ? OR sha1 = ? OR sha256 = ?)", owner, h, h, h);
        return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
    }

    /** Every indicator of the owner, by id (the order they were created). */
    public List<StoredIndicator> indicators(String owner) {
        return indicators("SELECT " + INDICATOR_COLUMNS + " FROM indicator WHERE owner = ? ORDER BY id", owner);
    }

    public Optional<StoredGroup> findGroup(String owner, String xid) {
        return groups("SELECT id, owner, xid, type, name, body, date_added, last_modified FROM grp"
                + " WHERE owner = ? AND xid = ?", owner, xid).stream().findFirst();
    }

    /** Every group of the owner, by id. */
    public List<StoredGroup> groups(String owner) {
        return groups("SELECT id, owner, xid, type, name, body, date_added, last_modified FROM grp"
                + " WHERE owner = ? ORDER BY id", owner);
    }

    /** The security labels defined in the owner, by name. */
    public List<SecurityLabel> securityLabels(String owner) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT name, color, description FROM security_label WHERE owner = ? ORDER BY name")) {
            ps.setString(1, owner);
            List<SecurityLabel> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SecurityLabel(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            return List.copyOf(out);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    /** The items associated with this indicator, groups first, then by id. */
    public List<Association> associations(StoredIndicator indicator) {
        return associations(ItemWriter.INDICATOR, indicator.id());
    }

    /** The items associated with this group, groups first, then by id. */
    public List<Association> associations(StoredGroup group) {
        return associations(ItemWriter.GROUP, group.id());
    }

    private List<Association> associations(String kind, long id) {
        String sql = "SELECT o.k, o.i, o.t, COALESCE(ind.type, g.type), COALESCE(ind.summary, g.xid) FROM ("
                + " SELECT kind_2 k, id_2 i, association_type t FROM association WHERE kind_1 = ? AND id_1 = ?"
                + " UNION ALL SELECT kind_1, id_1, association_type FROM association WHERE kind_2 = ? AND id_2 = ?) o"
                + " LEFT JOIN indicator ind ON o.k = 'I' AND ind.id = o.i LEFT JOIN grp g ON o.k = 'G' AND g.id = o.i"
                + " ORDER BY o.k, o.i, o.t";
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, kind);
            ps.setLong(2, id);
            ps.setString(3, kind);
            ps.setLong(4, id);
            List<Association> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Association(ItemWriter.INDICATOR.equals(rs.getString(1)), rs.getLong(2),
                            rs.getString(4), rs.getString(5), rs.getString(3)));
                }
            }
            return List.copyOf(out);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private List<StoredIndicator> indicators(String sql, String... args) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            List<StoredIndicator> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong("id");
                    out.add(new StoredIndicator(id, rs.getString("owner"), rs.getString("type"), rs.getString("summary"),
                            rs.getString("md5"), rs.getString("sha1"), rs.getString("sha256"),
                            rs.getObject("rating", Double.class), rs.getObject("confidence", Integer.class),
                            rs.getBoolean("active"), rs.getBoolean("active_locked"), rs.getBoolean("private_flag"),
                            rs.getObject("dns_active", Boolean.class), rs.getObject("whois_active", Boolean.class),
                            rs.getObject("file_size", Long.class), date(rs, "first_seen"), date(rs, "last_seen"),
                            date(rs, "external_date_added"), date(rs, "external_date_expires"),
                            date(rs, "external_last_modified"), rs.getString("xid"), date(rs, "date_added"),
                            date(rs, "last_modified"), tags(c, "item_tag", ItemWriter.INDICATOR, id),
                            attributes(c, ItemWriter.INDICATOR, id), labels(c, ItemWriter.INDICATOR, id),
                            occurrences(c, id)));
                }
            }
            return List.copyOf(out);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private List<StoredGroup> groups(String sql, String... args) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            List<StoredGroup> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    long id = rs.getLong(1);
                    out.add(new StoredGroup(id, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), date(rs, "date_added"), date(rs, "last_modified"),
                            tags(c, "item_tag", ItemWriter.GROUP, id), attributes(c, ItemWriter.GROUP, id),
                            labels(c, ItemWriter.GROUP, id)));
                }
            }
            return List.copyOf(out);
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static OffsetDateTime date(ResultSet rs, String column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class);
    }

    private static List<String> tags(Connection c, String table, String kind, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM " + table
                + " WHERE kind = ? AND item_id = ? ORDER BY name")) {
            ps.setString(1, kind);
            ps.setLong(2, id);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return List.copyOf(out);
        }
    }

    private static List<SecurityLabel> labels(Connection c, String kind, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT l.name, s.color, s.description FROM item_label l"
                + " LEFT JOIN (SELECT i.owner o, i.id iid FROM indicator i WHERE ? = 'I' AND i.id = ?"
                + " UNION ALL SELECT g.owner, g.id FROM grp g WHERE ? = 'G' AND g.id = ?) item ON TRUE"
                + " LEFT JOIN security_label s ON s.owner = item.o AND s.name = l.name"
                + " WHERE l.kind = ? AND l.item_id = ? ORDER BY l.name")) {
            ps.setString(1, kind);
            ps.setLong(2, id);
            ps.setString(3, kind);
            ps.setLong(4, id);
            ps.setString(5, kind);
            ps.setLong(6, id);
            List<SecurityLabel> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new SecurityLabel(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
            return List.copyOf(out);
        }
    }

    private static List<Attribute> attributes(Connection c, String kind, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT type, value, displayed, pinned, source FROM item_attribute"
                + " WHERE kind = ? AND item_id = ? ORDER BY id")) {
            ps.setString(1, kind);
            ps.setLong(2, id);
            List<Attribute> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Attribute(rs.getString(1), rs.getString(2), rs.getBoolean(3), rs.getBoolean(4),
                            rs.getString(5)));
                }
            }
            return List.copyOf(out);
        }
    }

    private static List<Occurrence> occurrences(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT file_name, path, occurred FROM file_occurrence"
                + " WHERE indicator_id = ? ORDER BY id")) {
            ps.setLong(1, id);
            List<Occurrence> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Occurrence(rs.getString(1), rs.getString(2), date(rs, "occurred")));
                }
            }
            return List.copyOf(out);
        }
    }

    private long count(String sql, String owner) {
        try (Connection c = db.connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static IllegalStateException failure(SQLException e) {
        return new IllegalStateException("sandbox store query failed: " + e.getMessage(), e);
    }
}
