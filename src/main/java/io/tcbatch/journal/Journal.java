package io.tcbatch.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs recorded in an embedded H2 database, {@code <home>/journal.mv.db}; the files of a run
 * (chunks, rejects, failed items, error files) stay in {@code <home>/runs/<run>/} ({@link #runDir})
 * and the database holds their paths. One instance per process and home; {@link #close()} it when
 * done.
 *
 * <p>Decisions, each measured or tested in {@code JournalDbTest}:
 * <ul>
 *   <li><b>Opened lazily</b>, on the first call that needs it: {@code --version}, {@code help} and
 *       a script that fails before it sends anything never load H2 (its classes and the file open
 *       cost a few hundred milliseconds cold). {@link #newRunId} and {@link #runDir} need no database.</li>
 *   <li><b>Durable at each step</b>: {@code WRITE_DELAY=0} makes H2 write each commit to the file
 *       before the commit returns (its default, 500 ms later from a background thread, would lose
 *       the last steps to a {@code kill -9}). That is a write to the operating system, not an
 *       fsync: a killed process loses nothing, a power cut may lose the last steps.</li>
 *   <li><b>Write only what changed</b>: {@link #save} is called several times per chunk with the
 *       whole run; it compares with the version it last wrote or read (a version counter in the
 *       run's row tells when another process wrote since) and writes the run's row, the inputs and
 *       only the jobs that differ. A status-history row is added only when a job's status, batch id
 *       or a counter changed, never for an unchanged poll.</li>
 *   <li><b>Several processes at once</b> (a shell open while cron runs scripts; a killed run resumed
 *       by another process): {@code AUTO_SERVER=TRUE}. The first process opens the file and serves
 *       it on a local port; the others connect to it. When that process dies, even by
 *       {@code kill -9}, the next connection takes the file over (H2's lock file names a server
 *       that no longer answers). {@code AUTO_RECONNECT=TRUE} lets the connections of the others
 *       follow the file to its new holder; a call that still meets a broken connection fails once
 *       and the next one opens the file again. Measured (JournalProcessTest, on a loaded 2-core
 *       machine): the next step after a {@code kill -9} of the holder took 3.6 s. That is H2's
 *       lock-file protocol ({@code FILE_LOCK=FILE}, the only one {@code AUTO_SERVER} allows): a
 *       stale lock file is taken over only after it is 2 s old, then after two more sleeps of
 *       1 s (its {@code LOCK_SLEEP}), so 2 to 4 s, not the 1 to 2 s asked for. Meeting that
 *       needs {@code FILE_LOCK=FS} (released by the kernel at once) and opening per use with
 *       a retry on "locked", which costs an open per step; not done.</li>
 *   <li>H2's own shutdown hook stays on ({@code DB_CLOSE_ON_EXIT=FALSE} is refused with
 *       {@code AUTO_SERVER}): after Ctrl-C a step written during the JVM's shutdown may fail, but
 *       every earlier step is committed on disk already, so nothing recorded is lost.</li>
 *   <li><b>Migration</b>: on the first open of a home, every old {@code runs/<run>/run.json} (and
 *       its {@code error-files.json}) is imported once, and the old files are left where they are
 *       (an older tcbatch on the same home still reads them; they are removed with the run by
 *       {@link #discard} and {@link #prune}). A damaged one is skipped with one line.</li>
 *   <li>A database that cannot be opened (damaged, not H2, newer schema) is a {@link JournalException}
 *       naming the file and what to do.</li>
 * </ul>
 */
public final class Journal implements AutoCloseable {
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    /** The schema this code writes; {@code schema_version} lets a later one migrate. */
    static final int SCHEMA_VERSION = 1;
    private static final String OLD_FILE = "run.json";
    private static final String OLD_ERRORS = "error-files.json";
    private static final String MIGRATED = "migrated-run-json";

    private static final List<String> SCHEMA = List.of(
            "CREATE TABLE IF NOT EXISTS schema_version (version INT NOT NULL)",
            "CREATE TABLE IF NOT EXISTS meta (k VARCHAR(100) PRIMARY KEY, v VARCHAR(1000))",
            // One row per run. id_second and created_nanos give the order of recent(): ids sort by
            // their second, runs of the same second by their recorded start. files, preflight, options
            // and settings are JSON (read and written whole, never queried by their parts).
            "CREATE TABLE IF NOT EXISTS runs (run_id VARCHAR(100) PRIMARY KEY, id_second VARCHAR(100) NOT NULL,"
                    + " created_at VARCHAR(64), created_nanos BIGINT NOT NULL, profile VARCHAR(1000), api_base VARCHAR(4000),"
                    + " owner VARCHAR(1000), action VARCHAR(50), files CHARACTER LARGE OBJECT, state VARCHAR(50),"
                    + " exit_code INT, preflight VARCHAR(100000), options VARCHAR(10000), settings CHARACTER LARGE OBJECT,"
                    + " origin VARCHAR(1000), version BIGINT NOT NULL, updated_at BIGINT NOT NULL)",
            "CREATE INDEX IF NOT EXISTS runs_recent ON runs (id_second DESC, created_nanos DESC, run_id DESC)",
            "CREATE TABLE IF NOT EXISTS inputs (run_id VARCHAR(100) NOT NULL, pos INT NOT NULL, name VARCHAR(100000),"
                    + " path VARCHAR(100000), size BIGINT NOT NULL, sha256 VARCHAR(64), PRIMARY KEY (run_id, pos))",
            // One row per chunk: its item range, bytes and hash, and its job as last seen.
            "CREATE TABLE IF NOT EXISTS jobs (run_id VARCHAR(100) NOT NULL, chunk INT NOT NULL, batch_id BIGINT,"
                    + " items INT NOT NULL, status VARCHAR(100), success_count INT, error_count INT, unprocess_count INT,"
                    + " additional VARCHAR(100000), file VARCHAR(100000), after_previous BOOLEAN NOT NULL,"
                    + " first_item BIGINT NOT NULL, bytes BIGINT NOT NULL, sha256 VARCHAR(64), PRIMARY KEY (run_id, chunk))",
            // watch/jobs/completion find a run by one of its batch ids.
            "CREATE INDEX IF NOT EXISTS jobs_batch ON jobs (batch_id)",
            "CREATE TABLE IF NOT EXISTS status_history (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                    + " run_id VARCHAR(100) NOT NULL, chunk INT NOT NULL, at VARCHAR(64) NOT NULL, batch_id BIGINT,"
                    + " status VARCHAR(100), success_count INT, error_count INT, unprocess_count INT)",
            "CREATE INDEX IF NOT EXISTS history_chunk ON status_history (run_id, chunk, id)",
            "CREATE TABLE IF NOT EXISTS error_files (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
                    + " run_id VARCHAR(100) NOT NULL, batch_id BIGINT NOT NULL, chunk INT NOT NULL, path VARCHAR(100000),"
                    + " bytes BIGINT NOT NULL, sha256 VARCHAR(64), errors INT NOT NULL, fetched_at VARCHAR(64))",
            "CREATE INDEX IF NOT EXISTS error_files_run ON error_files (run_id, id)");

    private static final String RUN_COLUMNS = "run_id, created_at, profile, api_base, owner, action, files, state, exit_code,"
            + " preflight, options, settings, version";
    private static final String JOB_COLUMNS = "run_id, chunk, batch_id, items, status, success_count, error_count,"
            + " unprocess_count, additional, file, after_previous, first_item, bytes, sha256";
    private static final String RECENT_ORDER = "ORDER BY id_second DESC, created_nanos DESC, run_id DESC";

    private final Path home;
    private final Path runsDir;
    /** Asked for on first use: a script's session is made before Jackson need be loaded on its main thread. */
    private final java.util.function.Supplier<ObjectMapper> json;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** The run as this process last wrote or read it, with the run row's version then. */
    private final Map<String, Cached> cache = new HashMap<>();
    private Consumer<String> warnings = line -> System.err.println("tcbatch: " + line);
    /**
     * The instances holding the database open in this JVM, so {@link #closeEveryOpen} can release
     * them (tests: H2's lock-file watchdog re-creates its file in a home being deleted while any
     * connection to it is open). A closed instance opens again on its next call.
     */
    private static final java.util.Set<Journal> OPEN = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private Connection db;

    private record Cached(long version, RunRecord run) {
    }

    public Journal(Path home, ObjectMapper json, Clock clock) {
        this(home, () -> json, clock);
    }

    /** @param json the mapper, asked for when the journal first reads or writes JSON */
    public Journal(Path home, java.util.function.Supplier<ObjectMapper> json, Clock clock) {
        this.home = home;
        this.runsDir = home.resolve("runs");
        this.json = json;
        this.clock = clock;
    }

    /** Where the lines about skipped old records go (default: standard error, prefixed {@code tcbatch:}). */
    public synchronized Journal onWarning(Consumer<String> sink) {
        this.warnings = Objects.requireNonNull(sink);
        return this;
    }

    /** The database file ({@code journal.mv.db}), for messages and tests. */
    public Path databaseFile() {
        return home.resolve("journal.mv.db");
    }

    /** A new, unique run id: UTC time plus a short random suffix, so ids sort by age. */
    public String newRunId() {
        return RUN_ID.format(clock.instant()) + "-" + Integer.toHexString(0x1000 + random.nextInt(0xf000));
    }

    public Path runDir(String runId) {
        return runsDir.resolve(runId);
    }

    // ---------------------------------------------------------------- opening

    private static String url(Path base) {
        // See the class comment for each setting. LOCK_TIMEOUT: two processes writing at once wait
        // for each other's transaction (milliseconds each) rather than fail.
        return "jdbc:h2:file:" + base.toAbsolutePath() + ";AUTO_SERVER=TRUE;AUTO_RECONNECT=TRUE;WRITE_DELAY=0"
                + ";LOCK_TIMEOUT=10000;MAX_COMPACT_TIME=0";
    }

    private Connection db() {
        if (db != null) {
            try {
                // A process that reaches the file through another's server (AUTO_SERVER) finds its
                // connection broken once that process died; AUTO_RECONNECT does not mend a session
                // the server closed. One round trip tells, and then the file is opened again here.
                if (db.isValid(5)) {
                    return db;
                }
            } catch (SQLException broken) {
                // as not valid
            }
            forgetIfBroken(new java.sql.SQLNonTransientConnectionException("broken"));
        }
        Path file = databaseFile();
        try {
            Files.createDirectories(home);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + home + " for the journal", e);
        }
        Connection c;
        try {
            c = DriverManager.getConnection(url(home.resolve("journal")));
        } catch (SQLException e) {
            throw unusable(file, e);
        }
        try {
            try {
                prepareSchema(c, file);
            } catch (SQLException raced) {
                // Two connections creating the schema at once (a script's journal opening on its
                // own thread while another reader opens the same file): H2 answers the second
                // CREATE ... IF NOT EXISTS with "object already exists". The other one has
                // created it by then, so the same statements, once more, find it all there.
                if (raced.getMessage() == null || !raced.getMessage().contains("already exists")) {
                    throw raced;
                }
                prepareSchema(c, file);
            }
            db = c;
            OPEN.add(this);
        } catch (SQLException | RuntimeException e) {
            try {
                c.close();
            } catch (SQLException ignored) {
                // already failing; the first error is the one to report
            }
            if (e instanceof JournalException j) {
                throw j;
            }
            throw unusable(file, e);
        }
        migrateOldRuns();
        return db;
    }

    private static JournalException unusable(Path file, Exception e) {
        String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("").replaceAll("\\s*\\[\\d+-\\d+]$", "");
        return new JournalException("the journal " + file + " cannot be opened (" + reason + "); if it is damaged, move it"
                + " aside and run again: a new journal is started (runs still in old run.json files are read in again)", e);
    }

    private void prepareSchema(Connection c, Path file) throws SQLException {
        c.setAutoCommit(false);
        try (Statement s = c.createStatement()) {
            for (String ddl : SCHEMA) {
                s.execute(ddl);
            }
            int version;
            try (ResultSet rs = s.executeQuery("SELECT MAX(version) FROM schema_version")) {
                rs.next();
                version = rs.getInt(1);
            }
            if (version == 0) {
                s.execute("INSERT INTO schema_version VALUES (" + SCHEMA_VERSION + ")");
            } else if (version > SCHEMA_VERSION) {
                c.rollback();
                throw new JournalException("the journal " + file + " has schema version " + version + ", newer than this"
                        + " tcbatch understands (" + SCHEMA_VERSION + "); use a newer tcbatch or another TCBATCH_HOME", null);
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    // ---------------------------------------------------------------- runs

    private void saveNow(RunRecord run) {
        Connection c = db();
        try {
            long version = version(c, run.run());
            Cached known = cache.get(run.run());
            RunRecord before = known != null && known.version() == version ? known.run()
                    : version < 0 ? null : read(c, run.run()).map(Cached::run).orElse(null);
            if (run.equals(before)) {
                return; // nothing changed: no write at all
            }
            long now = clock.millis();
            long next = version + 1;
            if (before == null) {
                // The run's folder exists from its first record on, as it did with the file journal
                // (callers put chunks, rejects and failed items there).
                Files.createDirectories(runDir(run.run()));
                insertRun(c, run, next, now);
            } else {
                updateRun(c, run, next, now);
            }
            if (before == null || !before.inputs().equals(run.inputs())) {
                writeInputs(c, run);
            }
            writeJobs(c, run, before == null ? List.of() : before.jobs(), clock.instant().toString());
            c.commit();
            // A copy: a caller that goes on changing its lists must not change what this diff compares with.
            cache.put(run.run(), new Cached(next, frozen(run)));
        } catch (SQLException | IOException | RuntimeException e) {
            rollback(c);
            cache.remove(run.run());
            if (e instanceof SQLException sql) {
                forgetIfBroken(sql);
            }
            throw new UncheckedIOException("cannot write the journal of run " + run.run() + " in " + databaseFile(),
                    new IOException(e.getMessage(), e));
        }
    }

    private static RunRecord frozen(RunRecord r) {
        List<JobRecord> jobs = r.jobs() == null ? null : r.jobs().stream().map(j -> j.additional() == null ? j
                : new JobRecord(j.batchId(), j.chunk(), j.items(), j.status(), j.successCount(), j.errorCount(),
                        j.unprocessCount(), Map.copyOf(j.additional()), j.file(), j.afterPrevious(), j.firstItem(), j.bytes(),
                        j.sha256())).toList();
        return new RunRecord(r.run(), r.createdAt(), r.profile(), r.apiBase(), r.owner(), r.action(),
                r.files() == null ? null : List.copyOf(r.files()), jobs, r.state(), r.exitCode(), r.preflight(), r.options(),
                r.inputs(), r.settings());
    }

    /** The work of one journal call, inside its transaction. */
    @FunctionalInterface
    private interface Work<T> {
        T on(Connection c) throws SQLException;
    }

    /**
     * Runs {@code work} in one transaction of the journal's connection: committed when it returns;
     * on a database failure rolled back, the connection dropped if it broke, and one
     * {@link UncheckedIOException} saying what could not be done ({@code what}, then the database file).
     */
    private <T> T transaction(String what, Work<T> work) {
        Connection c = db();
        try {
            T out = work.on(c);
            c.commit();
            return out;
        } catch (SQLException e) {
            rollback(c);
            forgetIfBroken(e);
            throw new UncheckedIOException(what + " " + databaseFile(), new IOException(e.getMessage(), e));
        }
    }

    /** A broken connection (the process serving the file died): the next call opens it again. */
    private void forgetIfBroken(SQLException e) {
        if (e instanceof java.sql.SQLNonTransientConnectionException && db != null) {
            try {
                db.close();
            } catch (SQLException ignored) {
                // broken already
            }
            db = null;
            cache.clear();
            OPEN.remove(this);
        }
    }

    private static long version(Connection c, String runId) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("SELECT version FROM runs WHERE run_id = ?")) {
            p.setString(1, runId);
            try (ResultSet rs = p.executeQuery()) {
                return rs.next() ? rs.getLong(1) : -1;
            }
        }
    }

    private void insertRun(Connection c, RunRecord r, long version, long now) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("INSERT INTO runs (run_id, id_second, created_at, created_nanos, profile,"
                + " api_base, owner, action, files, state, exit_code, preflight, options, settings, origin, version, updated_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, r.run());
            p.setString(2, second(r.run()));
            p.setString(3, r.createdAt());
            p.setLong(4, nanos(started(r)));
            setHead(p, 5, r);
            p.setLong(16, version);
            p.setLong(17, now);
            p.executeUpdate();
        }
    }

    private void updateRun(Connection c, RunRecord r, long version, long now) throws SQLException {
        try (PreparedStatement p = c.prepareStatement("UPDATE runs SET profile = ?, api_base = ?, owner = ?, action = ?,"
                + " files = ?, state = ?, exit_code = ?, preflight = ?, options = ?, settings = ?, origin = ?, version = ?,"
                + " updated_at = ?, created_at = ?, created_nanos = ? WHERE run_id = ?")) {
            setHead(p, 1, r);
            p.setLong(12, version);
            p.setLong(13, now);
            p.setString(14, r.createdAt());
            p.setLong(15, nanos(started(r)));
            p.setString(16, r.run());
            p.executeUpdate();
        }
    }

    /** The eleven columns from profile to origin, from parameter {@code i} on. */
    private void setHead(PreparedStatement p, int i, RunRecord r) throws SQLException {
        p.setString(i, r.profile());
        p.setString(i + 1, r.apiBase());
        p.setString(i + 2, r.owner());
        p.setString(i + 3, r.action());
        p.setString(i + 4, toJson(r.files()));
        p.setString(i + 5, r.state());
        setInt(p, i + 6, r.exitCode());
        p.setString(i + 7, toJson(r.preflight()));
        p.setString(i + 8, toJson(r.options()));
        p.setString(i + 9, toJson(r.settings()));
        p.setString(i + 10, r.settings().get("origin"));
    }

    private static void writeInputs(Connection c, RunRecord r) throws SQLException {
        try (PreparedStatement d = c.prepareStatement("DELETE FROM inputs WHERE run_id = ?")) {
            d.setString(1, r.run());
            d.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO inputs (run_id, pos, name, path, size, sha256)"
                + " VALUES (?, ?, ?, ?, ?, ?)")) {
            int pos = 0;
            for (InputRecord in : r.inputs()) {
                p.setString(1, r.run());
                p.setInt(2, pos++);
                p.setString(3, in.name());
                p.setString(4, in.path());
                p.setLong(5, in.size());
                p.setString(6, in.sha256());
                p.addBatch();
            }
            p.executeBatch();
        }
    }

    /** @param at the time of the history rows written */
    private void writeJobs(Connection c, RunRecord r, List<JobRecord> before, String at) throws SQLException {
        Map<Integer, JobRecord> old = new HashMap<>();
        for (JobRecord j : before) {
            old.put(j.chunk(), j);
        }
        try (PreparedStatement merge = c.prepareStatement("MERGE INTO jobs (" + JOB_COLUMNS + ") KEY (run_id, chunk)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement hist = c.prepareStatement("INSERT INTO status_history (run_id, chunk, at, batch_id, status,"
                     + " success_count, error_count, unprocess_count) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            boolean anyJob = false;
            boolean anyStep = false;
            for (JobRecord j : r.jobs() == null ? List.<JobRecord>of() : r.jobs()) {
                JobRecord was = old.remove(j.chunk());
                if (j.equals(was)) {
                    continue;
                }
                merge.setString(1, r.run());
                merge.setInt(2, j.chunk());
                setLong(merge, 3, j.batchId());
                merge.setInt(4, j.items());
                merge.setString(5, j.status());
                setInt(merge, 6, j.successCount());
                setInt(merge, 7, j.errorCount());
                setInt(merge, 8, j.unprocessCount());
                merge.setString(9, toJson(j.additional()));
                merge.setString(10, j.file());
                merge.setBoolean(11, j.afterPrevious());
                merge.setLong(12, j.firstItem());
                merge.setLong(13, j.bytes());
                merge.setString(14, j.sha256());
                merge.addBatch();
                anyJob = true;
                if (was == null || stepChanged(was, j)) {
                    hist.setString(1, r.run());
                    hist.setInt(2, j.chunk());
                    hist.setString(3, at);
                    setLong(hist, 4, j.batchId());
                    hist.setString(5, j.status());
                    setInt(hist, 6, j.successCount());
                    setInt(hist, 7, j.errorCount());
                    setInt(hist, 8, j.unprocessCount());
                    hist.addBatch();
                    anyStep = true;
                }
            }
            if (anyJob) {
                merge.executeBatch();
            }
            if (anyStep) {
                hist.executeBatch();
            }
        }
        if (!old.isEmpty()) {
            // A job the run no longer has (rare: a plan rewritten before sending); its history goes with it.
            for (String table : List.of("jobs", "status_history")) {
                try (PreparedStatement d = c.prepareStatement("DELETE FROM " + table + " WHERE run_id = ? AND chunk = ?")) {
                    for (int chunk : old.keySet()) {
                        d.setString(1, r.run());
                        d.setInt(2, chunk);
                        d.addBatch();
                    }
                    d.executeBatch();
                }
            }
        }
    }

    /** A step worth a history row: the status, the batch id or a counter changed (not the chunk's file or hash). */
    static boolean stepChanged(JobRecord a, JobRecord b) {
        return !Objects.equals(a.status(), b.status()) || !Objects.equals(a.batchId(), b.batchId())
                || !Objects.equals(a.successCount(), b.successCount()) || !Objects.equals(a.errorCount(), b.errorCount())
                || !Objects.equals(a.unprocessCount(), b.unprocessCount());
    }

    private Optional<RunRecord> loadNow(String runId) {
        // The run's version first (one row, one column): when it is the one this journal last
        // saved or read, the copy kept then is the run as it is on disk, and its chunks and
        // inputs need not be read again. An import loads its run before each step it records,
        // several times per chunk; another process's write (AUTO_SERVER) bumps the version.
        Optional<Cached> r = transaction("cannot read run " + runId + " from", c -> {
            Cached known = cache.get(runId);
            return known != null && version(c, runId) == known.version() ? Optional.of(known) : read(c, runId);
        });
        r.ifPresent(x -> cache.put(runId, x));
        return r.map(Cached::run);
    }

    private Optional<Cached> read(Connection c, String runId) throws SQLException {
        List<Cached> one = readRuns(c, "SELECT " + RUN_COLUMNS + " FROM runs WHERE run_id = ?", runId,
                "SELECT " + JOB_COLUMNS + " FROM jobs WHERE run_id = ? ORDER BY chunk",
                "SELECT run_id, name, path, size, sha256 FROM inputs WHERE run_id = ? ORDER BY pos");
        return one.stream().findFirst();
    }

    /** The most recent runs first. */
    private List<RunRecord> recentNow(int limit) {
        if (limit <= 0) {
            return List.of();
        }
        // Three queries whatever the number of runs: the runs, then all their jobs and inputs.
        String some = "SELECT run_id FROM runs " + RECENT_ORDER + " LIMIT " + limit;
        List<Cached> runs = transaction("cannot list runs in", c -> readRuns(c,
                "SELECT " + RUN_COLUMNS + " FROM runs " + RECENT_ORDER + " LIMIT ?", limit,
                "SELECT " + JOB_COLUMNS + " FROM jobs WHERE run_id IN (" + some + ") ORDER BY run_id, chunk",
                "SELECT run_id, name, path, size, sha256 FROM inputs WHERE run_id IN (" + some + ") ORDER BY run_id, pos"));
        return runs.stream().map(Cached::run).toList();
    }

    /**
     * Runs (one by id, or the recent ones) with their jobs and inputs. {@code key} is bound to the
     * first parameter of each query that has one.
     */
    private List<Cached> readRuns(Connection c, String runsSql, Object key, String jobsSql, String inputsSql)
            throws SQLException {
        Map<String, List<JobRecord>> jobs = new HashMap<>();
        Map<String, List<InputRecord>> inputs = new HashMap<>();
        List<Object[]> heads = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement(runsSql)) {
            p.setObject(1, key);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    heads.add(new Object[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), (Integer) rs.getObject(9),
                        rs.getString(10), rs.getString(11), rs.getString(12), rs.getLong(13)});
                }
            }
        }
        if (heads.isEmpty()) {
            return List.of();
        }
        try (PreparedStatement p = c.prepareStatement(jobsSql)) {
            if (jobsSql.contains("?")) {
                p.setObject(1, key);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    jobs.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new JobRecord(
                            (Long) rs.getObject(3), rs.getInt(2), rs.getInt(4), rs.getString(5), (Integer) rs.getObject(6),
                            (Integer) rs.getObject(7), (Integer) rs.getObject(8),
                            fromJson(rs.getString(9), new TypeReference<Map<String, Integer>>() { }), rs.getString(10),
                            rs.getBoolean(11), rs.getLong(12), rs.getLong(13), rs.getString(14)));
                }
            }
        }
        try (PreparedStatement p = c.prepareStatement(inputsSql)) {
            if (inputsSql.contains("?")) {
                p.setObject(1, key);
            }
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    inputs.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new InputRecord(rs.getString(2), rs.getString(3), rs.getLong(4), rs.getString(5)));
                }
            }
        }
        List<Cached> out = new ArrayList<>();
        for (Object[] h : heads) {
            String id = (String) h[0];
            RunRecord r = new RunRecord(id, (String) h[1], (String) h[2], (String) h[3], (String) h[4], (String) h[5],
                    fromJson((String) h[6], new TypeReference<List<String>>() { }),
                    List.copyOf(jobs.getOrDefault(id, List.of())), (String) h[7], (Integer) h[8],
                    fromJson((String) h[9], new TypeReference<RunRecord.Preflight>() { }),
                    fromJson((String) h[10], new TypeReference<RunRecord.JobOptions>() { }),
                    inputs.getOrDefault(id, List.of()),
                    fromJson((String) h[11], new TypeReference<Map<String, String>>() { }));
            out.add(new Cached((Long) h[12], r));
        }
        return out;
    }

    /** When the run was last written (its end, once it is done), as the journal's clock said; empty if unknown. */
    private Optional<Instant> lastWrittenNow(String runId) {
        return transaction("cannot read run " + runId + " from", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT updated_at FROM runs WHERE run_id = ?")) {
                p.setString(1, runId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(Instant.ofEpochMilli(rs.getLong(1))) : Optional.<Instant>empty();
                }
            }
        });
    }

    /** The most recent run holding this batch id (through the index on batch ids), if any. */
    private Optional<String> runOfNow(long batchId) {
        return transaction("cannot read", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT j.run_id FROM jobs j JOIN runs r ON r.run_id = j.run_id"
                    + " WHERE j.batch_id = ? ORDER BY r.id_second DESC, r.created_nanos DESC, r.run_id DESC LIMIT 1")) {
                p.setLong(1, batchId);
                try (ResultSet rs = p.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    static Instant started(RunRecord r) {
        try {
            return Instant.parse(r.createdAt());
        } catch (RuntimeException unreadable) {
            return Instant.EPOCH;
        }
    }

    private static long nanos(Instant t) {
        try {
            return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
        } catch (ArithmeticException far) {
            return t.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    /** The part of a run id that says when it started (to the second): all but the random suffix. */
    private static String second(String runId) {
        int dash = runId.lastIndexOf('-');
        return dash > 0 ? runId.substring(0, dash) : runId;
    }

    // ---------------------------------------------------------------- error files and history

    /** Records an error file downloaded for a job of the run (written before the run goes on). */
    private void addErrorFileNow(String runId, ErrorFileRecord file) {
        transaction("cannot write the journal of run " + runId + " in", c -> {
            insertErrorFile(c, runId, file);
            try (PreparedStatement p = c.prepareStatement("UPDATE runs SET updated_at = ? WHERE run_id = ?")) {
                p.setLong(1, clock.millis());
                p.setString(2, runId);
                p.executeUpdate();
            }
            return null;
        });
    }

    private static void insertErrorFile(Connection c, String runId, ErrorFileRecord file) throws SQLException {
        // One record per job: a file fetched again replaces the earlier record and goes last.
        try (PreparedStatement d = c.prepareStatement("DELETE FROM error_files WHERE run_id = ? AND batch_id = ?")) {
            d.setString(1, runId);
            d.setLong(2, file.batchId());
            d.executeUpdate();
        }
        try (PreparedStatement p = c.prepareStatement("INSERT INTO error_files (run_id, batch_id, chunk, path, bytes, sha256,"
                + " errors, fetched_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            p.setString(1, runId);
            p.setLong(2, file.batchId());
            p.setInt(3, file.chunk());
            p.setString(4, file.path());
            p.setLong(5, file.bytes());
            p.setString(6, file.sha256());
            p.setInt(7, file.errors());
            p.setString(8, file.fetchedAt());
            p.executeUpdate();
        }
    }

    /** The error files downloaded for the run's jobs, in the order they were recorded. */
    private List<ErrorFileRecord> errorFilesNow(String runId) {
        return transaction("cannot read run " + runId + " from", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT batch_id, chunk, path, bytes, sha256, errors, fetched_at"
                    + " FROM error_files WHERE run_id = ? ORDER BY id")) {
                p.setString(1, runId);
                List<ErrorFileRecord> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ErrorFileRecord(rs.getLong(1), rs.getInt(2), rs.getString(3), rs.getLong(4),
                                rs.getString(5), rs.getInt(6), rs.getString(7)));
                    }
                }
                return List.copyOf(out);
            }
        });
    }

    /** Every recorded step of one chunk's job, oldest first: one per change of status, batch id or counter. */
    private List<StatusChange> historyNow(String runId, int chunk) {
        return transaction("cannot read run " + runId + " from", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT at, batch_id, status, success_count, error_count,"
                    + " unprocess_count FROM status_history WHERE run_id = ? AND chunk = ? ORDER BY id")) {
                p.setString(1, runId);
                p.setInt(2, chunk);
                List<StatusChange> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        out.add(new StatusChange(rs.getString(1), (Long) rs.getObject(2), rs.getString(3),
                                (Integer) rs.getObject(4), (Integer) rs.getObject(5), (Integer) rs.getObject(6)));
                    }
                }
                return List.copyOf(out);
            }
        });
    }

    // ---------------------------------------------------------------- removing

    /**
     * The runs {@link #prune} would remove, oldest first: created before {@code before}, and done or
     * failed unless {@code evenUnfinished} (an unfinished run may still be resumed).
     */
    private List<String> pruneCandidatesNow(Instant before, boolean evenUnfinished) {
        return transaction("cannot list runs in", c -> {
            try (PreparedStatement p = c.prepareStatement("SELECT run_id, created_at, state FROM runs"
                    + " ORDER BY id_second, created_nanos, run_id")) {
                List<String> out = new ArrayList<>();
                try (ResultSet rs = p.executeQuery()) {
                    while (rs.next()) {
                        RunRecord r = new RunRecord(rs.getString(1), rs.getString(2), null, null, null, null, null, List.of(),
                                rs.getString(3), null, null);
                        boolean finished = "done".equals(r.state()) || "failed".equals(r.state());
                        if (started(r).isBefore(before) && (finished || evenUnfinished)) {
                            out.add(r.run());
                        }
                    }
                }
                return out;
            }
        });
    }

    /**
     * Removes the runs created before {@code before} (records and run folders: chunks, rejects,
     * error files). Runs not finished (state other than done or failed) are kept unless
     * {@code evenUnfinished}: they may still be resumed.
     *
     * @return the ids removed, oldest first
     */
    private List<String> pruneNow(Instant before, boolean evenUnfinished) {
        List<String> removed = pruneCandidates(before, evenUnfinished);
        for (String id : removed) {
            discard(id);
        }
        return removed;
    }

    /** Deletes a run, its records and its folder (a run that should leave no trace, or a pruned one). */
    private void discardNow(String runId) {
        transaction("cannot remove run " + runId + " from", c -> {
            for (String table : List.of("status_history", "error_files", "inputs", "jobs", "runs")) {
                try (PreparedStatement d = c.prepareStatement("DELETE FROM " + table + " WHERE run_id = ?")) {
                    d.setString(1, runId);
                    d.executeUpdate();
                }
            }
            return null;
        });
        cache.remove(runId);
        Path dir = runDir(runId);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }

    private void closeNow() {
        if (db == null) {
            return;
        }
        try {
            if (worthCompacting(db)) {
                try (Statement s = db.createStatement()) {
                    s.execute("SHUTDOWN COMPACT");
                }
            }
            db.close();
        } catch (SQLException ignored) {
            // committed state is on disk already; nothing to save by failing here
        }
        db = null;
        cache.clear();
        OPEN.remove(this);
    }

    /** The file size from which a close may compact the journal (see {@link #worthCompacting}). */
    static final long COMPACT_FROM_BYTES = 512 * 1024;

    /**
     * Whether this close should compact the file. H2 compacts on every close by default, for up to
     * {@code MAX_COMPACT_TIME} (200 ms), and took 100 to 500 ms doing it for a home of a few hundred
     * runs: half of a small script's run. So the URL turns that off, and a close compacts the whole
     * file ({@code SHUTDOWN COMPACT}) only when it has grown past {@link #COMPACT_FROM_BYTES} and
     * less than half of its chunks' space is live: about once every fifty small runs, and the file
     * stays within about twice what it holds (each run leaves ~10 KB of dead pages otherwise; tested
     * in JournalDbTest). Never while another process is connected through this one's server
     * (AUTO_SERVER), whose session a shutdown would break.
     */
    private static boolean worthCompacting(Connection c) {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT SETTING_NAME, SETTING_VALUE FROM INFORMATION_SCHEMA.SETTINGS"
                     + " WHERE SETTING_NAME IN ('info.FILE_SIZE', 'info.CHUNKS_FILL_RATE')")) {
            long size = -1;
            int fill = 100;
            while (rs.next()) {
                if (rs.getString(1).equals("info.FILE_SIZE")) {
                    size = Long.parseLong(rs.getString(2));
                } else {
                    fill = Integer.parseInt(rs.getString(2));
                }
            }
            if (size < COMPACT_FROM_BYTES || fill >= 50) {
                return false;
            }
            try (ResultSet n = s.executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS")) {
                return n.next() && n.getInt(1) == 1;
            }
        } catch (SQLException | RuntimeException e) {
            return false; // no figures, no compaction: the next close tries again
        }
    }

    /** Closes every instance of this JVM that holds the database open (each opens again when next used). */
    static void closeEveryOpen() {
        for (Journal j : List.copyOf(OPEN)) {
            j.close();
        }
    }

    // ---------------------------------------------------------------- migration of run.json homes

    /**
     * Imports the runs of an older tcbatch ({@code runs/<run>/run.json}, {@code error-files.json})
     * once per home. Runs already in the database are left alone, so two processes opening the home
     * at once import each run once.
     */
    private void migrateOldRuns() {
        Connection c = db;
        try {
            try (PreparedStatement p = c.prepareStatement("SELECT v FROM meta WHERE k = ?")) {
                p.setString(1, MIGRATED);
                try (ResultSet rs = p.executeQuery()) {
                    if (rs.next()) {
                        c.commit();
                        return;
                    }
                }
            }
            if (Files.isDirectory(runsDir)) {
                List<Path> files;
                try (Stream<Path> dirs = Files.list(runsDir)) {
                    files = dirs.map(d -> d.resolve(OLD_FILE)).filter(Files::isRegularFile).sorted().toList();
                }
                for (Path f : files) {
                    migrate(c, f);
                }
            }
            try (PreparedStatement p = c.prepareStatement("MERGE INTO meta (k, v) KEY (k) VALUES (?, ?)")) {
                p.setString(1, MIGRATED);
                p.setString(2, clock.instant().toString());
                p.executeUpdate();
            }
            c.commit();
        } catch (SQLException | IOException e) {
            rollback(c);
            // Not fatal: the new journal works; the old runs are tried again on the next open.
            warnings.accept("could not read the old run records in " + runsDir + " into the journal: " + e.getMessage());
        }
    }

    private void migrate(Connection c, Path f) throws SQLException {
        String dirName = f.getParent().getFileName().toString();
        RunRecord r;
        try {
            r = json.get().readValue(f.toFile(), RunRecord.class);
            if (r.run() == null || !r.run().equals(dirName)) {
                throw new IOException("its run id " + r.run() + " is not its folder's name");
            }
        } catch (IOException | RuntimeException e) {
            warnings.accept("skipped " + f + ": not a readable run record ("
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
            return;
        }
        if (version(c, r.run()) >= 0) {
            return;
        }
        long written;
        try {
            written = Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            written = clock.millis();
        }
        insertRun(c, r, 0, written);
        writeInputs(c, r);
        // The old record kept only the last step of each job: that is its history's one row.
        writeJobs(c, r, List.of(), Instant.ofEpochMilli(written).toString());
        Path errors = f.resolveSibling(OLD_ERRORS);
        if (Files.isRegularFile(errors)) {
            try {
                for (ErrorFileRecord e : json.get().readValue(errors.toFile(), ErrorFileRecord[].class)) {
                    insertErrorFile(c, r.run(), e);
                }
            } catch (IOException e) {
                warnings.accept("skipped " + errors + ": not a readable list of error files (" + e.getMessage() + ")");
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private String toJson(Object o) {
        if (o == null) {
            return null;
        }
        try {
            return json.get().writeValueAsString(o);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + o.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private <T> T fromJson(String text, TypeReference<T> type) {
        if (text == null) {
            return null;
        }
        try {
            return json.get().readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a journal column is not the JSON it should be: " + e.getOriginalMessage(), e);
        }
    }

    private static void setInt(PreparedStatement p, int i, Integer v) throws SQLException {
        if (v == null) {
            p.setNull(i, Types.INTEGER);
        } else {
            p.setInt(i, v);
        }
    }

    private static void setLong(PreparedStatement p, int i, Long v) throws SQLException {
        if (v == null) {
            p.setNull(i, Types.BIGINT);
        } else {
            p.setLong(i, v);
        }
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is failing; the caller reports the first error
        }
    }

    /** For tests: the number of rows of a table (history rows written, runs pruned). */
    synchronized long rows(String table) {
        try (Statement s = db().createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            long n = rs.getLong(1);
            db.commit();
            return n;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    // ---------------------------------------------------------------- the public calls

    /*
     * Each public call runs with the thread's interrupt flag cleared and set again after: H2's
     * file channels are closed by an interrupt (and its lock protocol sleeps), so a run stopped by
     * Ctrl-C could not record that it stopped, nor discard itself. The caller still sees the flag.
     */
    private static <T> T quietly(java.util.function.Supplier<T> work) {
        boolean interrupted = Thread.interrupted();
        try {
            return work.get();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Opens the database on a thread of its own, so that a script's start (the JVM, Groovy, the
     * built-in sandbox) and the journal's open overlap instead of following each other. The first
     * real call waits for it, as every call holds this object's lock; a failure here is left for
     * that call to report in its own words.
     */
    public void openInBackground() {
        Thread t = new Thread(() -> {
            try {
                synchronized (this) {
                    quietly(() -> {
                        db();
                        return null;
                    });
                }
            } catch (RuntimeException later) {
                // said by the first call that needs the journal
                return;
            }
            warmUp();
        }, "tcbatch-journal-open");
        t.setDaemon(true);
        t.start();
    }

    /**
     * After the open, and without holding the journal: the first save of a run costs the main
     * thread, in a cold JVM, Jackson's look at each record type written as JSON (its serializers
     * are built by reflection on first use, then cached in the mapper) and the linking of each
     * record's {@code equals} (an invokedynamic call site, linked on its first call). Both are
     * done here once with throw-away values, while the script is still starting, and are then
     * shared by every thread. Nothing is written; a failure only means the first save pays.
     */
    private void warmUp() {
        try {
            RunRecord.Preflight p = new RunRecord.Preflight(1, 0, 0, "rejects.jsonl", 0);
            RunRecord.JobOptions o = new RunRecord.JobOptions("V2", false, "Replace");
            fromJson(toJson(p), new TypeReference<RunRecord.Preflight>() { });
            fromJson(toJson(o), new TypeReference<RunRecord.JobOptions>() { });
            fromJson(toJson(List.of("a.json")), new TypeReference<List<String>>() { });
            fromJson(toJson(Map.of("origin", "script")), new TypeReference<Map<String, String>>() { });
            fromJson(toJson(Map.of("indicatorSuccessCount", 1)), new TypeReference<Map<String, Integer>>() { });
            JobRecord j = new JobRecord(null, 1, 1, "Planned", null, null, null, null, "chunk-0001.json", false, 0, 1, null);
            InputRecord in = new InputRecord("a.json", null, 1, null);
            RunRecord r = new RunRecord("warm-up", null, null, null, null, null, List.of(), List.of(j), "preflight", null, p, o,
                    List.of(in), Map.of());
            // The results do not matter: the calls link equals and hashCode of every record in a run
            // (a run's equals compares its chunks', inputs', preflight's and options' in turn).
            Objects.hash(r.equals(frozen(r)), r.hashCode());
        } catch (RuntimeException ignored) {
            // the first save does the same, and reports what goes wrong there
        }
    }

    public synchronized void save(RunRecord run) {
        quietly(() -> {
            saveNow(run);
            return null;
        });
    }

    public synchronized Optional<RunRecord> load(String runId) {
        return quietly(() -> loadNow(runId));
    }

    public synchronized List<RunRecord> recent(int limit) {
        return quietly(() -> recentNow(limit));
    }

    public synchronized Optional<Instant> lastWritten(String runId) {
        return quietly(() -> lastWrittenNow(runId));
    }

    public synchronized Optional<String> runOf(long batchId) {
        return quietly(() -> runOfNow(batchId));
    }

    public synchronized void addErrorFile(String runId, ErrorFileRecord file) {
        quietly(() -> {
            addErrorFileNow(runId, file);
            return null;
        });
    }

    public synchronized List<ErrorFileRecord> errorFiles(String runId) {
        return quietly(() -> errorFilesNow(runId));
    }

    public synchronized List<StatusChange> history(String runId, int chunk) {
        return quietly(() -> historyNow(runId, chunk));
    }

    public synchronized List<String> pruneCandidates(Instant before, boolean evenUnfinished) {
        return quietly(() -> pruneCandidatesNow(before, evenUnfinished));
    }

    public synchronized List<String> prune(Instant before, boolean evenUnfinished) {
        return quietly(() -> pruneNow(before, evenUnfinished));
    }

    public synchronized void discard(String runId) {
        quietly(() -> {
            discardNow(runId);
            return null;
        });
    }

    /** Releases the database (committed state is on disk already); the instance opens it again if used after. */
    @Override
    public synchronized void close() {
        quietly(() -> {
            closeNow();
            return null;
        });
    }

}
