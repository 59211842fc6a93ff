package io.tcbatch.sandbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Read access to what the sandbox has stored, per owner: for tests and for commands that show
 * the sandbox's content. Database failures surface as {@link IllegalStateException} because a
 * caller can do nothing sensible with an SQL error of an embedded store.
 */
public final class SandboxStore {

    /** An attribute of an indicator or group. */
    public record Attribute(String type, String value) {
    }

    /**
     * An indicator as stored.
     *
     * @param rating     null when never given
     * @param confidence null when never given
     * @param tags       sorted by name
     * @param attributes in the order they were written
     */
    public record StoredIndicator(String owner, String type, String summary, Double rating, Integer confidence,
                                  List<String> tags, List<Attribute> attributes) {
    }

    /** A group as stored; {@code body} is the group's JSON as last uploaded. */
    public record StoredGroup(String owner, String xid, String type, String name, String body,
                              List<String> tags, List<Attribute> attributes) {
    }

    private final Database db;

    SandboxStore(Database db) {
        this.db = db;
    }

    public long countIndicators(String owner) {
        return count("SELECT COUNT(*) FROM indicator WHERE owner = ?", owner);
    }

    public long countGroups(String owner) {
        return count("SELECT COUNT(*) FROM grp WHERE owner = ?", owner);
    }

    /** Rows of the association table, including those from associatedGroups & co. */
    public long countAssociations(String owner) {
        return count("SELECT COUNT(*) FROM association WHERE owner = ?", owner);
    }

    /** The indicator with exactly this type and (normalised) summary in the owner. */
    public Optional<StoredIndicator> findIndicator(String owner, String type, String summary) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT rating, confidence FROM indicator WHERE owner = ? AND type = ? AND summary = ?")) {
            ps.setString(1, owner);
            ps.setString(2, type);
            ps.setString(3, summary);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                Double rating = rs.getObject(1) == null ? null : rs.getDouble(1);
                Integer confidence = rs.getObject(2) == null ? null : rs.getInt(2);
                return Optional.of(new StoredIndicator(owner, type, summary, rating, confidence,
                        tags(c, owner, ItemWriter.INDICATOR, type, summary),
                        attributes(c, owner, ItemWriter.INDICATOR, type, summary)));
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    public Optional<StoredGroup> findGroup(String owner, String xid) {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT type, name, body FROM grp WHERE owner = ? AND xid = ?")) {
            ps.setString(1, owner);
            ps.setString(2, xid);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new StoredGroup(owner, xid, rs.getString(1), rs.getString(2), rs.getString(3),
                        tags(c, owner, ItemWriter.GROUP, "", xid), attributes(c, owner, ItemWriter.GROUP, "", xid)));
            }
        } catch (SQLException e) {
            throw failure(e);
        }
    }

    private static List<String> tags(Connection c, String owner, String kind, String itype, String ikey)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT name FROM item_tag WHERE owner = ? AND kind = ?"
                + " AND itype = ? AND ikey = ? ORDER BY name")) {
            bind(ps, owner, kind, itype, ikey);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return List.copyOf(out);
        }
    }

    private static List<Attribute> attributes(Connection c, String owner, String kind, String itype, String ikey)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT attr_type, attr_value FROM item_attribute"
                + " WHERE owner = ? AND kind = ? AND itype = ? AND ikey = ? ORDER BY id")) {
            bind(ps, owner, kind, itype, ikey);
            List<Attribute> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Attribute(rs.getString(1), rs.getString(2)));
                }
            }
            return List.copyOf(out);
        }
    }

    private static void bind(PreparedStatement ps, String owner, String kind, String itype, String ikey)
            throws SQLException {
        ps.setString(1, owner);
        ps.setString(2, kind);
        ps.setString(3, itype);
        ps.setString(4, ikey);
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
