package io.tcbatch.sandbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Jobs and their error entries in the database. */
final class JobRepository {

    /**
     * One entry of a job's error file.
     *
     * @param severity {@code Error}, {@code Warning} or {@code Info}: the E6 severity filter's
     *                 values (API doc §2.6); partial-loss and hash-merge codes (0x2001–0x2003) are
     *                 warnings about an item that was still saved
     */
    record ErrorEntry(String code, String severity, String reason, String source) {
        ErrorEntry(String code, String reason, String source) {
            this(code, "Error", reason, source);
        }

        /** {@code Error (0x1005): …}, the form SDKs scan (API doc §2.5). */
        String errorReason() {
            return "Error (" + code + "): " + reason;
        }
    }

    private final Database db;
    private final Clock clock;

    JobRepository(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    long create(JobSpec spec) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement(
                     "INSERT INTO job (owner, version, action, attribute_write_type, tag_write_type,"
                             + " security_label_write_type, file_merge_mode, hash_collision_mode,"
                             + " halt_on_error, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                     Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, spec.owner());
            ps.setString(2, spec.version());
            ps.setString(3, spec.action());
            ps.setString(4, spec.attributeWriteType());
            ps.setString(5, spec.tagWriteType());
            ps.setString(6, spec.securityLabelWriteType());
            ps.setString(7, spec.fileMergeMode());
            ps.setString(8, spec.hashCollisionMode());
            ps.setBoolean(9, spec.haltOnError());
            ps.setString(10, JobState.Created.name());
            ps.setObject(11, now());
            ps.executeUpdate();
            // The id is about to be answered with 201: it must survive a kill right after.
            db.durable(c);
            try (ResultSet keys = ps.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    Optional<Job> find(long id) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM job WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(map(rs)) : Optional.empty();
            }
        }
    }

    /** Jobs a previous run left waiting or half done, oldest first. */
    List<Long> unfinished() throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT id FROM job WHERE status IN (?, ?) ORDER BY id")) {
            ps.setString(1, JobState.Queued.name());
            ps.setString(2, JobState.Running.name());
            List<Long> ids = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
            return ids;
        }
    }

    /** Moves a job from {@code from} to {@code to}; false when it was not in {@code from}. */
    boolean transition(long id, JobState from, JobState to) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("UPDATE job SET status = ? WHERE id = ? AND status = ?")) {
            ps.setString(1, to.name());
            ps.setLong(2, id);
            ps.setString(3, from.name());
            boolean moved = ps.executeUpdate() == 1;
            if (moved) {
                // Created -> Queued is acknowledged with 202 (the upload is in): on disk first.
                db.durable(c);
            }
            return moved;
        }
    }

    /**
     * Starts (or restarts) processing: state Running, counts zero, old error entries gone, so a
     * job resumed after a crash reports only what its final run did.
     */
    /**
     * How far a Running job got before the sandbox stopped: items committed, the next error
     * sequence number, whether any committed item carried an association (resolved only after
     * all items, from memory), and the counts committed with them.
     */
    record Progress(int items, int seq, boolean links, JobCounts counts) {
    }

    /** The committed progress of a job, or null when it has none to continue from. */
    Progress progress(long id) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement("SELECT * FROM job WHERE id = ? AND status = ?")) {
            ps.setLong(1, id);
            ps.setString(2, JobState.Running.name());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next() || rs.getInt("resume_items") == 0) {
                    return null;
                }
                JobCounts n = new JobCounts();
                n.successIndicators = rs.getInt("success_indicator_count");
                n.errorIndicators = rs.getInt("error_indicator_count");
                n.successGroups = rs.getInt("success_group_count");
                n.errorGroups = rs.getInt("error_group_count");
                n.successAssociations = rs.getInt("success_association_count");
                n.errorAssociations = rs.getInt("error_association_count");
                n.otherErrors = rs.getInt("other_error_count");
                return new Progress(rs.getInt("resume_items"), rs.getInt("resume_seq"), rs.getBoolean("resume_links"), n);
            }
        }
    }

    /** Records, inside the caller's transaction, how far the job got (see {@link #progress}). */
    void saveProgress(Connection c, long id, int items, int seq, boolean links) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE job SET resume_items = ?, resume_seq = ?, resume_links = ? WHERE id = ?")) {
            ps.setInt(1, items);
            ps.setInt(2, seq);
            ps.setBoolean(3, links);
            ps.setLong(4, id);
            ps.executeUpdate();
        }
    }

    void begin(long id) throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement del = c.prepareStatement("DELETE FROM job_error WHERE job_id = ?");
                 PreparedStatement up = c.prepareStatement(
                         "UPDATE job SET status = ?, success_indicator_count = 0, error_indicator_count = 0,"
                                 + " success_group_count = 0, error_group_count = 0, success_association_count = 0,"
                                 + " error_association_count = 0, other_error_count = 0, unprocess_count = 0,"
                                 + " resume_items = 0, resume_seq = 0, resume_links = FALSE,"
                                 + " started_at = ?, completed_at = NULL WHERE id = ?")) {
                del.setLong(1, id);
                del.executeUpdate();
                up.setString(1, JobState.Running.name());
                up.setObject(2, now());
                up.setLong(3, id);
                up.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Writes the counts inside the caller's transaction, so they move with the data. */
    void saveCounts(Connection c, long id, JobCounts n, JobState state) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "UPDATE job SET status = ?, success_indicator_count = ?, error_indicator_count = ?,"
                        + " success_group_count = ?, error_group_count = ?, success_association_count = ?,"
                        + " error_association_count = ?, other_error_count = ?, unprocess_count = ?,"
                        + " completed_at = ? WHERE id = ?")) {
            ps.setString(1, state.name());
            ps.setInt(2, n.successIndicators);
            ps.setInt(3, n.errorIndicators);
            ps.setInt(4, n.successGroups);
            ps.setInt(5, n.errorGroups);
            ps.setInt(6, n.successAssociations);
            ps.setInt(7, n.errorAssociations);
            ps.setInt(8, n.otherErrors);
            ps.setInt(9, n.unprocessed);
            ps.setObject(10, state == JobState.Completed ? now() : null);
            ps.setLong(11, id);
            ps.executeUpdate();
        }
    }

    /** Adds error entries inside the caller's transaction; {@code firstSeq} continues the numbering. */
    void addErrors(Connection c, long id, int firstSeq, List<ErrorEntry> errors) throws SQLException {
        if (errors.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO job_error (job_id, seq, code, severity, reason, source) VALUES (?, ?, ?, ?, ?, ?)")) {
            int seq = firstSeq;
            for (ErrorEntry e : errors) {
                ps.setLong(1, id);
                ps.setInt(2, seq++);
                ps.setString(3, e.code());
                ps.setString(4, e.severity());
                ps.setString(5, e.reason());
                ps.setString(6, e.source());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    List<ErrorEntry> errors(long id) throws SQLException {
        try (Connection c = db.connection();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT code, severity, reason, source FROM job_error WHERE job_id = ? ORDER BY seq")) {
            ps.setLong(1, id);
            List<ErrorEntry> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ErrorEntry(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
            return out;
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private static Job map(ResultSet rs) throws SQLException {
        return new Job(rs.getLong("id"), rs.getString("owner"), rs.getString("version"), rs.getString("action"),
                rs.getString("attribute_write_type"), rs.getString("tag_write_type"),
                rs.getString("security_label_write_type"), rs.getString("file_merge_mode"),
                rs.getString("hash_collision_mode"), rs.getBoolean("halt_on_error"), JobState.valueOf(rs.getString("status")),
                rs.getInt("success_indicator_count"), rs.getInt("error_indicator_count"),
                rs.getInt("success_group_count"), rs.getInt("error_group_count"),
                rs.getInt("success_association_count"), rs.getInt("error_association_count"),
                rs.getInt("other_error_count"), rs.getInt("unprocess_count"),
                instant(rs, "created_at"), instant(rs, "started_at"), instant(rs, "completed_at"));
    }

    private static java.time.Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
        return t == null ? null : t.toInstant();
    }

    /** Records an accepted upload of job {@code id} in the {@link UploadLedger}. */
    void recordUpload(long id, String sha256, long bytes) throws SQLException {
        UploadLedger.record(db, clock, id, sha256, bytes);
    }
}
