package io.tcbatch.sandbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.StringJoiner;

/**
 * PLACEHOLDER so the store compiles and its tests run: File identity by hash with the simplest
 * rule (the incoming hashes are added to the one matching File, or a new File is made). The real
 * implementation, with fileMergeMode and hashCollisionMode, replaces this file.
 */
final class FileMerge {

    /** Lower-case hex or null; at least one non-null. */
    record Hashes(String md5, String sha1, String sha256) {
        String summary() {
            StringJoiner j = new StringJoiner(" : ");
            for (String h : new String[] {md5, sha1, sha256}) {
                if (h != null) {
                    j.add(h);
                }
            }
            return j.toString();
        }
    }

    record Outcome(List<Long> ids, List<JobRepository.ErrorEntry> notes) {
    }

    private FileMerge() {
    }

    static Outcome upsert(Connection c, String owner, Hashes incoming, String fileMergeMode,
                          String hashCollisionMode, OffsetDateTime now, String source) throws SQLException {
        List<Long> ids = matching(c, owner, incoming);
        if (ids.isEmpty()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO indicator (owner, type, summary, md5, sha1,"
                    + " sha256, date_added, last_modified) VALUES (?, 'File', ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, owner);
                ps.setString(2, incoming.summary());
                ps.setString(3, incoming.md5());
                ps.setString(4, incoming.sha1());
                ps.setString(5, incoming.sha256());
                ps.setObject(6, now);
                ps.setObject(7, now);
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    rs.next();
                    return new Outcome(List.of(rs.getLong(1)), List.of());
                }
            }
        }
        long id = ids.get(0);
        try (PreparedStatement read = c.prepareStatement("SELECT md5, sha1, sha256 FROM indicator WHERE id = ?")) {
            read.setLong(1, id);
            Hashes merged;
            try (ResultSet rs = read.executeQuery()) {
                rs.next();
                merged = new Hashes(first(incoming.md5(), rs.getString(1)), first(incoming.sha1(), rs.getString(2)),
                        first(incoming.sha256(), rs.getString(3)));
            }
            try (PreparedStatement up = c.prepareStatement(
                    "UPDATE indicator SET md5 = ?, sha1 = ?, sha256 = ?, summary = ?, last_modified = ? WHERE id = ?")) {
                up.setString(1, merged.md5());
                up.setString(2, merged.sha1());
                up.setString(3, merged.sha256());
                up.setString(4, merged.summary());
                up.setObject(5, now);
                up.setLong(6, id);
                up.executeUpdate();
            }
        }
        return new Outcome(List.of(id), List.of());
    }

    static List<Long> matching(Connection c, String owner, Hashes incoming) throws SQLException {
        Set<Long> ids = new LinkedHashSet<>();
        String[][] cols = {{"md5", incoming.md5()}, {"sha1", incoming.sha1()}, {"sha256", incoming.sha256()}};
        for (String[] col : cols) {
            if (col[1] == null) {
                continue;
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM indicator WHERE owner = ? AND "
                    + col[0] + " = ? AND type = 'File' ORDER BY id")) {
                ps.setString(1, owner);
                ps.setString(2, col[1]);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        ids.add(rs.getLong(1));
                    }
                }
            }
        }
        return new ArrayList<>(ids);
    }

    private static String first(String a, String b) {
        return a != null ? a : b;
    }
}
