package io.tcbatch.sandbox;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Writes a small store of the new {@link Schema} with plain SQL before a sandbox starts on the
 * same data directory, so the read API can be tested without the batch path that fills it.
 * Ids come from the tables' own sequences (1, 2, … per table), so tests can name them.
 */
final class ReadFixture implements AutoCloseable {

    /** Every row's dateAdded; lastModified is a minute later. */
    static final Instant ADDED = Instant.parse("2026-01-01T10:00:00Z");
    static final Instant MODIFIED = ADDED.plusSeconds(60);

    private final Connection c;

    /**
     * Creates the schema. {@code NON_KEYWORDS=VALUE}: {@code item_attribute.value} is named
     * after an H2 2.x keyword, so the DDL only runs with it lifted.
     */
    ReadFixture(Path dataDir) throws SQLException {
        c = DriverManager.getConnection("jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("sandbox")
                + ";NON_KEYWORDS=VALUE", "sa", "");
        try (Statement s = c.createStatement()) {
            for (String ddl : Schema.DDL) {
                s.execute(ddl);
            }
            s.execute("INSERT INTO schema_info (version) VALUES (" + Schema.VERSION + ")");
        }
    }

    void owner(int id, String name, String type) throws SQLException {
        sql("INSERT INTO owner (id, name, type) VALUES (?, ?, ?)", id, name, type);
    }

    /** An active indicator with only its key, dates and optional rating and confidence; returns its id. */
    long indicator(String owner, String type, String summary, Double rating, Integer confidence) throws SQLException {
        return insert("INSERT INTO indicator (owner, type, summary, rating, confidence, date_added, last_modified)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", owner, type, summary, rating, confidence, time(ADDED), time(MODIFIED));
    }

    long file(String owner, String md5, String sha1, String sha256, Long size) throws SQLException {
        StringBuilder summary = new StringBuilder();
        for (String h : new String[] {md5, sha1, sha256}) {
            if (h != null) {
                summary.append(summary.length() > 0 ? " : " : "").append(h);
            }
        }
        return insert("INSERT INTO indicator (owner, type, summary, md5, sha1, sha256, file_size, date_added, last_modified)"
                + " VALUES (?, 'File', ?, ?, ?, ?, ?, ?, ?)", owner, summary.toString(), md5, sha1, sha256, size,
                time(ADDED), time(MODIFIED));
    }

    /** A group; {@code body} is the group JSON as uploaded. Returns its id. */
    long group(String owner, String xid, String type, String name, String body) throws SQLException {
        return insert("INSERT INTO grp (owner, xid, type, name, body, date_added, last_modified) VALUES (?, ?, ?, ?, ?, ?, ?)",
                owner, xid, type, name, body, time(ADDED), time(MODIFIED));
    }

    void tag(char kind, long item, String name) throws SQLException {
        sql("INSERT INTO item_tag (kind, item_id, name) VALUES (?, ?, ?)", String.valueOf(kind), item, name);
    }

    long attribute(char kind, long item, String type, String value, boolean displayed, String source) throws SQLException {
        return insert("INSERT INTO item_attribute (kind, item_id, type, value, displayed, source, date_added, last_modified)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", String.valueOf(kind), item, type, value, displayed, source,
                time(ADDED), time(MODIFIED));
    }

    void labelDefinition(String owner, String name, String color, String description) throws SQLException {
        sql("INSERT INTO security_label (owner, name, color, description, date_added) VALUES (?, ?, ?, ?, ?)",
                owner, name, color, description, time(ADDED));
    }

    void label(char kind, long item, String name) throws SQLException {
        sql("INSERT INTO item_label (kind, item_id, name) VALUES (?, ?, ?)", String.valueOf(kind), item, name);
    }

    /** Stored once per pair with the smaller (kind, id) first, as the schema says. */
    void associate(String owner, char kindA, long idA, char kindB, long idB) throws SQLException {
        boolean aFirst = kindA < kindB || (kindA == kindB && idA < idB);
        sql("INSERT INTO association (owner, kind_1, id_1, kind_2, id_2) VALUES (?, ?, ?, ?, ?)", owner,
                String.valueOf(aFirst ? kindA : kindB), aFirst ? idA : idB,
                String.valueOf(aFirst ? kindB : kindA), aFirst ? idB : idA);
    }

    long occurrence(long indicator, String fileName, String path, Instant occurred) throws SQLException {
        return insert("INSERT INTO file_occurrence (indicator_id, file_name, path, occurred) VALUES (?, ?, ?, ?)",
                indicator, fileName, path, time(occurred));
    }

    void sql(String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, args);
            s.executeUpdate();
        }
    }

    private long insert(String sql, Object... args) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql, Statement.RETURN_GENERATED_KEYS)) {
            bind(s, args);
            s.executeUpdate();
            try (ResultSet keys = s.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    private static void bind(PreparedStatement s, Object[] args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
    }

    private static OffsetDateTime time(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }

    @Override
    public void close() throws SQLException {
        c.close();
    }
}
