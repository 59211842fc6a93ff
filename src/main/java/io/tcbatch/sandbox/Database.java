package io.tcbatch.sandbox;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import org.h2.jdbcx.JdbcConnectionPool;

/**
 * The sandbox's embedded H2 database, one file per data directory. Creates its schema when
 * missing, so a new data directory is ready on first start and an old one keeps its data.
 */
final class Database implements AutoCloseable {

    // VARCHAR without a length is H2's maximum (1,000,000 characters): summaries, xids and
    // attribute values have no documented length limit (API doc §3.7).
    private static final String[] SCHEMA = {
        """
        CREATE TABLE IF NOT EXISTS job (
          id BIGINT AUTO_INCREMENT PRIMARY KEY,
          owner VARCHAR NOT NULL,
          version VARCHAR(2) NOT NULL,
          action VARCHAR(10) NOT NULL,
          attribute_write_type VARCHAR(10) NOT NULL,
          tag_write_type VARCHAR(10) NOT NULL,
          security_label_write_type VARCHAR(10) DEFAULT 'Replace' NOT NULL,
          file_merge_mode VARCHAR(12) DEFAULT 'Merge' NOT NULL,
          hash_collision_mode VARCHAR(16) DEFAULT 'FavorIncoming' NOT NULL,
          halt_on_error BOOLEAN NOT NULL,
          status VARCHAR(10) NOT NULL,
          success_indicator_count INT DEFAULT 0 NOT NULL,
          error_indicator_count INT DEFAULT 0 NOT NULL,
          success_group_count INT DEFAULT 0 NOT NULL,
          error_group_count INT DEFAULT 0 NOT NULL,
          success_association_count INT DEFAULT 0 NOT NULL,
          error_association_count INT DEFAULT 0 NOT NULL,
          other_error_count INT DEFAULT 0 NOT NULL,
          unprocess_count INT DEFAULT 0 NOT NULL,
          created_at TIMESTAMP WITH TIME ZONE NOT NULL,
          completed_at TIMESTAMP WITH TIME ZONE)
        """,
        """
        CREATE TABLE IF NOT EXISTS job_error (
          job_id BIGINT NOT NULL,
          seq INT NOT NULL,
          code VARCHAR(8) NOT NULL,
          reason VARCHAR NOT NULL,
          source VARCHAR,
          PRIMARY KEY (job_id, seq))
        """,
        """
        CREATE TABLE IF NOT EXISTS indicator (
          owner VARCHAR NOT NULL,
          type VARCHAR NOT NULL,
          summary VARCHAR NOT NULL,
          rating DOUBLE PRECISION,
          confidence INT,
          PRIMARY KEY (owner, type, summary))
        """,
        """
        CREATE TABLE IF NOT EXISTS grp (
          owner VARCHAR NOT NULL,
          xid VARCHAR NOT NULL,
          type VARCHAR NOT NULL,
          name VARCHAR,
          body VARCHAR,
          PRIMARY KEY (owner, xid))
        """,
        // Tags and attributes of indicators (kind 'I', itype = indicator type, ikey = summary)
        // and of groups (kind 'G', itype = '', ikey = xid) share two tables and one code path.
        """
        CREATE TABLE IF NOT EXISTS item_tag (
          owner VARCHAR NOT NULL,
          kind CHAR(1) NOT NULL,
          itype VARCHAR NOT NULL,
          ikey VARCHAR NOT NULL,
          name VARCHAR NOT NULL,
          PRIMARY KEY (owner, kind, itype, ikey, name))
        """,
        """
        CREATE TABLE IF NOT EXISTS item_attribute (
          id BIGINT AUTO_INCREMENT PRIMARY KEY,
          owner VARCHAR NOT NULL,
          kind CHAR(1) NOT NULL,
          itype VARCHAR NOT NULL,
          ikey VARCHAR NOT NULL,
          attr_type VARCHAR NOT NULL,
          attr_value VARCHAR NOT NULL)
        """,
        // Job tables made before the job modes were kept gain them here.
        "ALTER TABLE job ADD COLUMN IF NOT EXISTS security_label_write_type VARCHAR(10) DEFAULT 'Replace' NOT NULL",
        "ALTER TABLE job ADD COLUMN IF NOT EXISTS file_merge_mode VARCHAR(12) DEFAULT 'Merge' NOT NULL",
        "ALTER TABLE job ADD COLUMN IF NOT EXISTS hash_collision_mode VARCHAR(16) DEFAULT 'FavorIncoming' NOT NULL",
        "ALTER TABLE job_error ADD COLUMN IF NOT EXISTS severity VARCHAR(8) DEFAULT 'Error' NOT NULL",
        "CREATE INDEX IF NOT EXISTS item_attribute_item ON item_attribute (owner, kind, itype, ikey)",
        // Missing ends and types are stored as '' (not NULL) so that the row is its own key.
        """
        CREATE TABLE IF NOT EXISTS association (
          owner VARCHAR NOT NULL,
          ref_1 VARCHAR NOT NULL,
          type_1 VARCHAR NOT NULL,
          ref_2 VARCHAR NOT NULL,
          type_2 VARCHAR NOT NULL,
          association_type VARCHAR NOT NULL,
          PRIMARY KEY (owner, ref_1, type_1, ref_2, type_2, association_type))
        """,
    };

    private final JdbcConnectionPool pool;

    private Database(JdbcConnectionPool pool) {
        this.pool = pool;
    }

    static Database open(Path dataDir) throws SQLException {
        // AUTO_SERVER=FALSE: one process owns a data directory; a second sandbox on the same
        // directory fails fast with H2's "database is locked" instead of sharing it silently.
        // WRITE_DELAY=0: H2 2.3 (MVStore) otherwise writes committed transactions to the file
        // from a background thread up to 500 ms later, so a kill -9 right after a 201/202 could
        // lose the job it acknowledged. With 0, every commit writes its changes to the file
        // before commit() returns (to the OS, not fsync: that survives a killed process, which is
        // what a stand-in must survive). Measured cost: about 10-20% on a 20,000-indicator job
        // (4.3 s -> 5.0 s on two cores), since the processor commits every few hundred items;
        // none visible on acknowledgements (a create plus an empty upload took 101-105 ms
        // without and 101 ms with it, the HTTP round trips dominating).
        // DB_CLOSE_ON_EXIT=FALSE: on SIGTERM or Ctrl-C H2's own shutdown hook would close the
        // database under the workers while Sandbox.close() is still letting them finish their
        // step; the sandbox closes it itself, last.
        String url = "jdbc:h2:file:" + dataDir.toAbsolutePath().resolve("sandbox") + ";AUTO_SERVER=FALSE;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE";
        JdbcConnectionPool pool = JdbcConnectionPool.create(url, "sa", "");
        pool.setMaxConnections(16);
        Database db = new Database(pool);
        try (Connection c = db.connection(); Statement s = c.createStatement()) {
            for (String ddl : SCHEMA) {
                s.execute(ddl);
            }
        } catch (SQLException e) {
            pool.dispose();
            throw e;
        }
        return db;
    }

    Connection connection() throws SQLException {
        return pool.getConnection();
    }

    @Override
    public void close() {
        pool.dispose();
    }
}
