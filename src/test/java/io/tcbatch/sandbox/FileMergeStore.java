package io.tcbatch.sandbox;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * An in-memory H2 database with the sandbox {@link Schema}, and small readers and writers of its
 * File rows and their metadata, for the {@link FileMerge} tests. The sandbox's own
 * {@code Database} is not used so that these tests depend on the schema only.
 */
final class FileMergeStore implements AutoCloseable {

    static final String OWNER = "Example Org";

    /** A File row as stored; times as instants in text so that a mismatch reads well. */
    record FileRow(long id, String summary, String md5, String sha1, String sha256, String dateAdded,
                   String lastModified) {
    }

    // NON_KEYWORDS=VALUE: Schema names a column item_attribute.value, and VALUE is a keyword of
    // H2 2.x; without the setting the DDL does not parse.
    final String url = "jdbc:h2:mem:filemerge-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1;NON_KEYWORDS=VALUE";
    final Connection c;

    FileMergeStore() throws SQLException {
        c = DriverManager.getConnection(url);
        try (Statement st = c.createStatement()) {
            for (String ddl : Schema.DDL) {
                st.execute(ddl);
            }
        }
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url);
    }

    static String md5(char ch) {
        return String.valueOf(ch).repeat(32);
    }

    static String sha1(char ch) {
        return String.valueOf(ch).repeat(40);
    }

    static String sha256(char ch) {
        return String.valueOf(ch).repeat(64);
    }

    static OffsetDateTime at(String instant) {
        return OffsetDateTime.parse(instant);
    }

    /** The summary as API doc §3.4 spells it, built here independently of {@code Hashes}. */
    static String summary(String md5, String sha1, String sha256) {
        return Stream.of(md5, sha1, sha256).filter(Objects::nonNull).collect(Collectors.joining(" : "));
    }

    static FileRow row(long id, String md5, String sha1, String sha256, String added, String modified) {
        return new FileRow(id, summary(md5, sha1, sha256), md5, sha1, sha256, added, modified);
    }

    /** Inserts a File of {@link #OWNER} added and last modified at {@code when}. */
    long file(String md5, String sha1, String sha256, String when) throws SQLException {
        return file(OWNER, md5, sha1, sha256, when);
    }

    long file(String owner, String md5, String sha1, String sha256, String when) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO indicator (owner, type, summary, md5, sha1, sha256,"
                + " date_added, last_modified) VALUES (?, 'File', ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, owner);
            ps.setString(2, summary(md5, sha1, sha256));
            ps.setString(3, md5);
            ps.setString(4, sha1);
            ps.setString(5, sha256);
            ps.setObject(6, at(when));
            ps.setObject(7, at(when));
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    long group(String xid, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO grp (owner, xid, type, name, date_added,"
                + " last_modified) VALUES (?, ?, 'Incident', ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, OWNER);
            ps.setString(2, xid);
            ps.setString(3, name);
            ps.setObject(4, at("2026-01-01T00:00:00Z"));
            ps.setObject(5, at("2026-01-01T00:00:00Z"));
            ps.executeUpdate();
            try (ResultSet rs = ps.getGeneratedKeys()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    void sql(String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    void tag(long id, String name) throws SQLException {
        sql("INSERT INTO item_tag (kind, item_id, name) VALUES ('I', ?, ?)", id, name);
    }

    void label(long id, String name) throws SQLException {
        sql("INSERT INTO item_label (kind, item_id, name) VALUES ('I', ?, ?)", id, name);
    }

    void attribute(long id, String type, String value) throws SQLException {
        sql("INSERT INTO item_attribute (kind, item_id, type, value, date_added, last_modified)"
                + " VALUES ('I', ?, ?, ?, TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00Z',"
                + " TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00Z')", id, type, value);
    }

    void occurrence(long id, String fileName) throws SQLException {
        sql("INSERT INTO file_occurrence (indicator_id, file_name) VALUES (?, ?)", id, fileName);
    }

    /** Stores the pair with the smaller (kind, id) first, as the schema asks. */
    void associate(String kindA, long idA, String kindB, long idB) throws SQLException {
        boolean aFirst = kindA.compareTo(kindB) < 0 || (kindA.equals(kindB) && idA < idB);
        sql("INSERT INTO association (owner, kind_1, id_1, kind_2, id_2) VALUES (?, ?, ?, ?, ?)", OWNER,
                aFirst ? kindA : kindB, aFirst ? idA : idB, aFirst ? kindB : kindA, aFirst ? idB : idA);
    }

    /** Every File row of every owner, by id. */
    List<FileRow> files() throws SQLException {
        List<FileRow> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT id, summary, md5, sha1, sha256, date_added,"
                + " last_modified FROM indicator WHERE type = 'File' ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new FileRow(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getObject(6, OffsetDateTime.class).toInstant().toString(),
                        rs.getObject(7, OffsetDateTime.class).toInstant().toString()));
            }
        }
        return out;
    }

    /** One column per row as text, in query order. */
    List<String> strings(String sql, Object... params) throws SQLException {
        List<String> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder sb = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        sb.append(i > 1 ? " " : "").append(rs.getString(i));
                    }
                    out.add(sb.toString());
                }
            }
        }
        return out;
    }

    /** Tags of every item, as {@code kind id name}. */
    List<String> tags() throws SQLException {
        return strings("SELECT kind, item_id, name FROM item_tag ORDER BY kind, item_id, name");
    }

    List<String> labels() throws SQLException {
        return strings("SELECT kind, item_id, name FROM item_label ORDER BY kind, item_id, name");
    }

    /** Attributes of every item in the order they were added, as {@code kind item_id type=value}. */
    List<String> attributes() throws SQLException {
        return strings("SELECT kind, item_id, type || '=' || value FROM item_attribute ORDER BY id");
    }

    List<String> occurrences() throws SQLException {
        return strings("SELECT indicator_id, file_name FROM file_occurrence ORDER BY id");
    }

    List<String> associations() throws SQLException {
        return strings("SELECT kind_1, id_1, kind_2, id_2 FROM association ORDER BY kind_1, id_1, kind_2, id_2");
    }

    @Override
    public void close() throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute("SHUTDOWN");
        } finally {
            c.close();
        }
    }
}
