package io.tcbatch.sandbox;

/**
 * The sandbox database schema, version {@value #VERSION}: jobs, and the owners' data with
 * numeric ids, as ThreatConnect gives them (the read API and {@code id_1}/{@code id_2}
 * associations need them).
 *
 * <p>Why it looks like this:
 * <ul>
 *   <li>Indicators are unique per owner by type and normalised summary (API doc §4.4). A File's
 *       summary is rebuilt from its hash columns whenever they change, so the summary key and
 *       the hashes never disagree; the hash columns are indexed because a File matches on any
 *       shared hash (§4.5), and unique, so that no hash belongs to two Files.</li>
 *   <li>Groups are unique per owner by xid (§3.5).</li>
 *   <li>Tags, attributes, security labels and associations point at an item by
 *       {@code (kind, item_id)}, kind {@code 'I'} or {@code 'G'}, so one code path serves both
 *       and a rename of a key never orphans them.</li>
 *   <li>{@code VARCHAR} without a length is H2's maximum (1,000,000 characters): summaries, xids
 *       and attribute values have no documented length limit (§3.7).</li>
 *   <li>An association is stored once per unordered pair, with the smaller {@code (kind, id)}
 *       first, since ThreatConnect associations have no direction.</li>
 * </ul>
 */
final class Schema {

    /** Bumped whenever a table below changes shape; stored in {@code schema_info}. */
    static final int VERSION = 2;

    static final String[] DDL = {
        "CREATE TABLE IF NOT EXISTS schema_info (version INT NOT NULL)",
        """
        CREATE TABLE IF NOT EXISTS owner (
          id INT PRIMARY KEY,
          name VARCHAR NOT NULL UNIQUE,
          type VARCHAR(12) NOT NULL)
        """,
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
          upload_bytes BIGINT,
          resume_items INT DEFAULT 0 NOT NULL,
          resume_seq INT DEFAULT 0 NOT NULL,
          resume_links BOOLEAN DEFAULT FALSE NOT NULL,
          created_at TIMESTAMP WITH TIME ZONE NOT NULL,
          started_at TIMESTAMP WITH TIME ZONE,
          completed_at TIMESTAMP WITH TIME ZONE)
        """,
        // Added after version 2 was first made: the progress of a Running job, so a restart
        // continues after its last committed chunk.
        "ALTER TABLE job ADD COLUMN IF NOT EXISTS resume_items INT DEFAULT 0 NOT NULL",
        "ALTER TABLE job ADD COLUMN IF NOT EXISTS resume_seq INT DEFAULT 0 NOT NULL",
        "ALTER TABLE job ADD COLUMN IF NOT EXISTS resume_links BOOLEAN DEFAULT FALSE NOT NULL",
        """
        CREATE TABLE IF NOT EXISTS job_error (
          job_id BIGINT NOT NULL,
          seq INT NOT NULL,
          code VARCHAR(8) NOT NULL,
          severity VARCHAR(8) DEFAULT 'Error' NOT NULL,
          reason VARCHAR NOT NULL,
          source VARCHAR,
          PRIMARY KEY (job_id, seq))
        """,
        """
        CREATE TABLE IF NOT EXISTS indicator (
          id BIGINT AUTO_INCREMENT PRIMARY KEY,
          owner VARCHAR NOT NULL,
          type VARCHAR NOT NULL,
          summary VARCHAR NOT NULL,
          md5 VARCHAR(32),
          sha1 VARCHAR(40),
          sha256 VARCHAR(64),
          rating DOUBLE PRECISION,
          confidence INT,
          active BOOLEAN DEFAULT TRUE NOT NULL,
          active_locked BOOLEAN DEFAULT FALSE NOT NULL,
          private_flag BOOLEAN DEFAULT FALSE NOT NULL,
          dns_active BOOLEAN,
          whois_active BOOLEAN,
          file_size BIGINT,
          first_seen TIMESTAMP WITH TIME ZONE,
          last_seen TIMESTAMP WITH TIME ZONE,
          external_date_added TIMESTAMP WITH TIME ZONE,
          external_date_expires TIMESTAMP WITH TIME ZONE,
          external_last_modified TIMESTAMP WITH TIME ZONE,
          xid VARCHAR,
          date_added TIMESTAMP WITH TIME ZONE NOT NULL,
          last_modified TIMESTAMP WITH TIME ZONE NOT NULL,
          CONSTRAINT indicator_key UNIQUE (owner, type, summary))
        """,
        // Unique: no two Files of an owner hold the same hash (FileMerge keeps it so), and two
        // workers creating Files that share a hash at once cannot both commit; the second sees
        // the first's row when it retries. Non-File rows have NULL hashes, which never collide.
        "CREATE UNIQUE INDEX IF NOT EXISTS indicator_file_md5 ON indicator (owner, md5)",
        "CREATE UNIQUE INDEX IF NOT EXISTS indicator_file_sha1 ON indicator (owner, sha1)",
        "CREATE UNIQUE INDEX IF NOT EXISTS indicator_file_sha256 ON indicator (owner, sha256)",
        """
        CREATE TABLE IF NOT EXISTS file_occurrence (
          id BIGINT AUTO_INCREMENT PRIMARY KEY,
          indicator_id BIGINT NOT NULL,
          file_name VARCHAR,
          path VARCHAR,
          occurred TIMESTAMP WITH TIME ZONE)
        """,
        "CREATE INDEX IF NOT EXISTS file_occurrence_item ON file_occurrence (indicator_id)",
        """
        CREATE TABLE IF NOT EXISTS grp (
          id BIGINT AUTO_INCREMENT PRIMARY KEY,
          owner VARCHAR NOT NULL,
          xid VARCHAR NOT NULL,
          type VARCHAR NOT NULL,
          name VARCHAR NOT NULL,
          body VARCHAR,
          date_added TIMESTAMP WITH TIME ZONE NOT NULL,
          last_modified TIMESTAMP WITH TIME ZONE NOT NULL,
          CONSTRAINT grp_key UNIQUE (owner, xid))
        """,
        """
        CREATE TABLE IF NOT EXISTS item_tag (
          kind CHAR(1) NOT NULL,
          item_id BIGINT NOT NULL,
          name VARCHAR NOT NULL,
          PRIMARY KEY (kind, item_id, name))
        """,
        """
        CREATE TABLE IF NOT EXISTS item_attribute (
          id BIGINT AUTO_INCREMENT PRIMARY KEY,
          kind CHAR(1) NOT NULL,
          item_id BIGINT NOT NULL,
          type VARCHAR NOT NULL,
          value VARCHAR NOT NULL,
          displayed BOOLEAN DEFAULT FALSE NOT NULL,
          pinned BOOLEAN DEFAULT FALSE NOT NULL,
          source VARCHAR,
          date_added TIMESTAMP WITH TIME ZONE NOT NULL,
          last_modified TIMESTAMP WITH TIME ZONE NOT NULL)
        """,
        "CREATE INDEX IF NOT EXISTS item_attribute_item ON item_attribute (kind, item_id)",
        """
        CREATE TABLE IF NOT EXISTS security_label (
          owner VARCHAR NOT NULL,
          name VARCHAR NOT NULL,
          color VARCHAR(6),
          description VARCHAR,
          date_added TIMESTAMP WITH TIME ZONE NOT NULL,
          PRIMARY KEY (owner, name))
        """,
        """
        CREATE TABLE IF NOT EXISTS item_label (
          kind CHAR(1) NOT NULL,
          item_id BIGINT NOT NULL,
          name VARCHAR NOT NULL,
          PRIMARY KEY (kind, item_id, name))
        """,
        """
        CREATE TABLE IF NOT EXISTS association (
          owner VARCHAR NOT NULL,
          kind_1 CHAR(1) NOT NULL,
          id_1 BIGINT NOT NULL,
          kind_2 CHAR(1) NOT NULL,
          id_2 BIGINT NOT NULL,
          association_type VARCHAR DEFAULT '' NOT NULL,
          PRIMARY KEY (kind_1, id_1, kind_2, id_2, association_type))
        """,
        "CREATE INDEX IF NOT EXISTS association_second ON association (kind_2, id_2)",
        // Added after version 2 was first made (UploadLedger): every accepted upload, one row per
        // job, so a test can prove no chunk was sent twice. New table only, so no version bump.
        """
        CREATE TABLE IF NOT EXISTS job_upload (
          job_id BIGINT PRIMARY KEY,
          sha256 VARCHAR(64) NOT NULL,
          bytes BIGINT NOT NULL,
          accepted_at TIMESTAMP WITH TIME ZONE NOT NULL)
        """,
    };

    private Schema() {
    }
}
