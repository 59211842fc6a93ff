package io.tcbatch.sandbox;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The sandbox's embedded H2 database, one file per data directory, in the shape of
 * {@link Schema}. A new data directory is ready on first start; one of the current version keeps
 * its data.
 *
 * <p>A database of an older schema (no {@code schema_info}, or an older version in it) is not
 * converted in place: its indicators were keyed differently and had no numeric ids, so a
 * conversion would invent ids and could only guess at the missing columns. Chosen instead: the
 * old file is moved aside (renamed, kept, named in a WARNING) and a fresh database is created,
 * whose job ids continue above the old maximum, so that a client's journal, which remembers
 * batch ids, never mistakes a new job for one it watched before. A database of a newer version
 * than this code knows is refused rather than touched.
 */
final class Database implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Database.class.getName());
    static final String NAME = "sandbox";
    private static final String FILE_SUFFIX = ".mv.db";

    private final JdbcConnectionPool pool;

    private Database(JdbcConnectionPool pool) {
        this.pool = pool;
    }

    /** Opens without owners to sync (tools and tests that only look at jobs). */
    static Database open(Path dataDir) throws SQLException {
        return open(dataDir, List.of(), Clock.systemUTC());
    }

    /**
     * Opens (creating or replacing an old-schema file, see the class comment) and makes every
     * configured owner a row of {@code owner}: an existing name keeps its id, a new name gets the
     * highest id plus one, so ids seen by a client never change between starts.
     */
    static Database open(Path dataDir, List<SandboxConfig.Owner> owners, Clock clock) throws SQLException {
        JdbcConnectionPool pool = pool(dataDir);
        long jobIdFloor = 0;
        try {
            OldSchema old = oldSchema(pool, dataDir);
            if (old != null) {
                pool.dispose();
                jobIdFloor = moveAside(dataDir, old, clock);
                pool = pool(dataDir);
            }
        } catch (SQLException e) {
            pool.dispose();
            throw e;
        }
        Database db = new Database(pool);
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            for (String ddl : Schema.DDL) {
                s.execute(ddl);
            }
            try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM schema_info")) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    s.execute("INSERT INTO schema_info (version) VALUES (" + Schema.VERSION + ")");
                }
            }
            if (jobIdFloor > 0) {
                s.execute("ALTER TABLE job ALTER COLUMN id RESTART WITH " + (jobIdFloor + 1));
            }
            syncOwners(c, owners);
        } catch (SQLException e) {
            pool.dispose();
            throw e;
        }
        return db;
    }

    private static JdbcConnectionPool pool(Path dataDir) {
        // LOCK_TIMEOUT: two workers upserting the same rows wait for each other at most this
        // long; the processor then rolls back the chunk and replays it.
        JdbcConnectionPool pool = JdbcConnectionPool.create(url(dataDir) + ";LOCK_TIMEOUT=5000", "sa", "");
        pool.setMaxConnections(32);
        return pool;
    }

    private static String url(Path dataDir) {
        // AUTO_SERVER=FALSE: one process owns a data directory; a second sandbox on the same
        // directory fails fast with H2's "database is locked" instead of sharing it silently.
        // NON_KEYWORDS=VALUE: the schema names an attribute's column "value", which H2 2.x
        // reserves; this lets every connection of the pool use it as a plain name.
        // No WRITE_DELAY=0: H2 2.3 (MVStore) writes committed transactions from a background
        // thread up to 500 ms later. Writing on every commit instead made a 200,000-indicator
        // import 43% slower (51.6 s against 36.2 s) and its database four times larger (1,389 MB
        // against 358 MB), each commit rewriting the index pages it touched. Only the commits
        // that acknowledge something to a client must be on disk before the answer, and those
        // call durable() (see JobRepository).
        // DB_CLOSE_ON_EXIT=FALSE: on SIGTERM or Ctrl-C H2's own shutdown hook would close the
        // database under the workers while Sandbox.close() is still letting them finish their
        // step; the sandbox closes it itself, last.
        // MAX_COMPACT_TIME=0: see close().
        return "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve(NAME)
                + ";AUTO_SERVER=FALSE;NON_KEYWORDS=VALUE;DB_CLOSE_ON_EXIT=FALSE;MAX_COMPACT_TIME=0";
    }

    private record OldSchema(int version, long maxJob) {
    }

    /** The old schema's version and highest job id when the database predates {@link Schema}; else null. */
    private static OldSchema oldSchema(JdbcConnectionPool pool, Path dataDir) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            boolean hasInfo = tableExists(c, "SCHEMA_INFO");
            boolean hasJob = tableExists(c, "JOB");
            if (!hasInfo && !hasJob && !tableExists(c, "INDICATOR")) {
                return null; // a new, empty database
            }
            int version = hasInfo ? scalarInt(s, "SELECT COALESCE(MAX(version), 1) FROM schema_info") : 1;
            if (version == Schema.VERSION) {
                return null;
            }
            if (version > Schema.VERSION) {
                throw new SQLException("the sandbox database in " + dataDir + " has schema version " + version
                        + ", newer than this tcbatch understands (" + Schema.VERSION + "); use a newer tcbatch"
                        + " or another data directory");
            }
            long maxJob = 0;
            if (hasJob) {
                try (ResultSet rs = s.executeQuery("SELECT COALESCE(MAX(id), 0) FROM job")) {
                    rs.next();
                    maxJob = rs.getLong(1);
                }
            }
            return new OldSchema(version, maxJob);
        }
    }

    /** Renames the old file to {@code sandbox-schema<N>-<time>.mv.db}; returns its highest job id. */
    private static long moveAside(Path dataDir, OldSchema old, Clock clock) throws SQLException {
        Path file = dataDir.toAbsolutePath().resolve(NAME + FILE_SUFFIX);
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(clock.instant().atOffset(ZoneOffset.UTC));
        Path aside = file.resolveSibling(NAME + "-schema" + old.version() + "-" + stamp + FILE_SUFFIX);
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new SQLException("cannot move the old sandbox database " + file + " aside: " + e.getMessage(), e);
        }
        LOG.log(Level.WARNING, "the sandbox database had the old schema version " + old.version() + " (now "
                + Schema.VERSION + "); it was moved to " + aside + " and a new, empty one was created; job ids"
                + " continue after " + old.maxJob());
        return old.maxJob();
    }

    private static boolean tableExists(Connection c, String name) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "SELECT 1 FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static int scalarInt(Statement s, String sql) throws SQLException {
        try (ResultSet rs = s.executeQuery(sql)) {
            return rs.next() ? rs.getInt(1) : 0;
        }
    }

    private static void syncOwners(Connection c, List<SandboxConfig.Owner> owners) throws SQLException {
        try (PreparedStatement find = c.prepareStatement("SELECT id FROM owner WHERE name = ?");
             PreparedStatement update = c.prepareStatement("UPDATE owner SET type = ? WHERE id = ?");
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO owner (id, name, type) SELECT COALESCE(MAX(id), 0) + 1, ?, ? FROM owner")) {
            for (SandboxConfig.Owner o : owners) {
                find.setString(1, o.name());
                try (ResultSet rs = find.executeQuery()) {
                    if (rs.next()) {
                        update.setString(1, o.type());
                        update.setInt(2, rs.getInt(1));
                        update.executeUpdate();
                        continue;
                    }
                }
                insert.setString(1, o.name());
                insert.setString(2, o.type());
                insert.executeUpdate();
            }
        }
    }

    /**
     * Writes every committed change to the file now (H2's CHECKPOINT), so that what the caller
     * is about to acknowledge survives a killed process. That is the promise of a 201/202: the
     * job (and its file) exist even if the sandbox is killed the instant after answering.
     */
    void durable(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        }
    }

    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    /** The file sizes between which a close compacts the whole file when it is mostly dead space. */
    static final long COMPACT_FROM_BYTES = 1024 * 1024;
    static final long COMPACT_UP_TO_BYTES = 64L * 1024 * 1024;

    /**
     * H2 compacts on every close by default (up to 200 ms of moving chunks), which a built-in
     * sandbox pays at the end of every small script. While a sandbox runs, H2's background writer
     * keeps the file compact; what a short session leaves is a few KB of dead pages. So a close
     * compacts ({@code SHUTDOWN COMPACT}, the whole file) only when the file is past 1 MiB with
     * under half of its chunks' space live, and not past 64 MiB, where that would take seconds
     * and the background writer's own compaction is what keeps it in check.
     */
    @Override
    public void close() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            long size = -1;
            int fill = 100;
            try (ResultSet rs = s.executeQuery("SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                    + " WHERE SETTING_NAME IN ('info.FILE_SIZE', 'info.CHUNKS_FILL_RATE')")) {
                while (rs.next()) {
                    if (rs.getString(1).equals("info.FILE_SIZE")) {
                        size = Long.parseLong(rs.getString(2));
                    } else {
                        fill = Integer.parseInt(rs.getString(2));
                    }
                }
            }
            if (size >= COMPACT_FROM_BYTES && size <= COMPACT_UP_TO_BYTES && fill < 50) {
                s.execute("SHUTDOWN COMPACT");
            }
        } catch (SQLException | RuntimeException e) {
            // Only housekeeping: everything committed is written when the pool closes.
            LOG.log(Level.DEBUG, "sandbox database: no compaction on close: " + e.getMessage());
        }
        pool.dispose();
    }
}
