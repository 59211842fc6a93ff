package io.tcbatch.sandbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * File identity by hash (API doc §4.5): an incoming File matches every File of the owner that
 * shares any of its hashes, and {@code fileMergeMode} and {@code hashCollisionMode} decide what
 * becomes of those files and which of them the incoming fields and metadata go to.
 *
 * <p>Terms used below. A <em>match</em> is an existing File of the owner sharing at least one
 * hash value (same kind, same value) with the incoming one. A <em>conflict</em> is the same
 * hash kind with different values: between the incoming File and a match ("same md5, different
 * sha1"), or, when {@code Merge} would fold several matches into one, between two matches.
 *
 * <p>The store keeps one invariant, enforced by unique indexes of {@link Schema} and preserved
 * by every mode below: within an owner no two Files hold the same value of the same hash kind
 * (a merge deletes the absorbed Files before the primary takes their hashes). Hence an incoming File has at most three
 * matches (one per hash it carries), a hash value that is written to a File never belongs to a
 * File outside the matches, and a rebuilt summary never collides with another File's summary
 * (the unique key {@code (owner, type, summary)}).
 *
 * <p>Choices where the doc is silent (each is pinned by a test in {@code FileMergeTest}):
 * <ul>
 *   <li>Undocumented: a conflict is only what a mode has to resolve. Matches that do not
 *       conflict are always combined into the superset of hashes, whatever the collision mode;
 *       {@code Split} and {@code IgnoreIncoming} change behaviour only when there is a conflict.</li>
 *   <li>Undocumented: whenever a hash value is lost (overwritten, dropped, or not stored), an
 *       existing File is deleted, or the incoming File is skipped, a {@code 0x2003} ("File Hash
 *       Merge Error") note with severity {@code Warning} says which value and why, so a rehearsal
 *       shows what the mode did. A plain merge or fill-in without loss writes no note.</li>
 * </ul>
 */
final class FileMerge {

    /** The error code of every note written here (API doc §2.7, "File Hash Merge Error"). */
    static final String CODE = "0x2003";

    static final List<String> FILE_MERGE_MODES = List.of("Merge", "Distribute");
    static final List<String> HASH_COLLISION_MODES =
            List.of("FavorIncoming", "FavorExisting", "IgnoreExisting", "IgnoreIncoming", "Split");

    private static final String[] KINDS = {"md5", "sha1", "sha256"};
    private static final String WARNING = "Warning";
    /**
     * Distribute applies the incoming metadata to at most three files (API doc §4.5); with the
     * unique hash indexes an incoming File never has more matches than that anyway.
     */
    private static final int DISTRIBUTE_MAX = 3;
    /** Attempts of one upsert when a concurrent job created or changed the same File first. */
    private static final int ATTEMPTS = 3;

    /**
     * Lower-case hex or null; at least one non-null. Blank values count as absent and upper
     * case is folded, so a caller cannot make two spellings of one hash.
     */
    record Hashes(String md5, String sha1, String sha256) {
        Hashes {
            md5 = clean(md5);
            sha1 = clean(sha1);
            sha256 = clean(sha256);
            if (md5 == null && sha1 == null && sha256 == null) {
                throw new IllegalArgumentException("A File needs at least one of md5, sha1 and sha256");
            }
        }

        /** {@code md5 : sha1 : sha256}, the present ones in that order (API doc §3.4). */
        String summary() {
            List<String> parts = new ArrayList<>(3);
            for (int k = 0; k < 3; k++) {
                if (get(k) != null) {
                    parts.add(get(k));
                }
            }
            return String.join(" : ", parts);
        }

        String get(int kind) {
            return switch (kind) {
                case 0 -> md5;
                case 1 -> sha1;
                default -> sha256;
            };
        }

        /** The hashes of these three values, or null when all are absent. */
        static Hashes of(String[] values) {
            boolean any = false;
            for (String v : values) {
                any |= v != null && !v.isBlank();
            }
            return any ? new Hashes(values[0], values[1], values[2]) : null;
        }

        String[] toArray() {
            return new String[] {md5, sha1, sha256};
        }

        private static String clean(String v) {
            return v == null || v.isBlank() ? null : v.trim().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param ids   the File indicators the incoming item's fields and metadata apply to, primary
     *              first (existing, merged or newly created rows); empty = nothing to apply
     *              ({@code IgnoreIncoming}, or no hash left)
     * @param notes warnings/errors to add to the job's error file (e.g. 0x2003), may be empty
     */
    record Outcome(List<Long> ids, List<JobRepository.ErrorEntry> notes) {
        Outcome {
            ids = List.copyOf(ids);
            notes = List.copyOf(notes);
        }
    }

    /** One stored File. */
    private record Row(long id, Hashes hashes, OffsetDateTime lastModified) {
        String get(int kind) {
            return hashes.get(kind);
        }

        String summary() {
            return hashes.summary();
        }
    }

    private FileMerge() {
    }

    /**
     * Creates or updates the File rows' identity (hash columns, summary, date_added/last_modified,
     * merge of duplicates incl. moving their tags/attributes/labels/associations/occurrences)
     * inside the caller's transaction; the caller has flushed pending batches first, and then
     * writes scalar fields and metadata to each returned id.
     *
     * @param fileMergeMode     {@code Merge} or {@code Distribute}; null means {@code Merge}
     * @param hashCollisionMode one of {@link #HASH_COLLISION_MODES}; null means {@code FavorIncoming}
     * @param source            the item, as the error file names it, for the notes
     */
    static Outcome upsert(Connection c, String owner, Hashes incoming, String fileMergeMode,
                          String hashCollisionMode, OffsetDateTime now, String source) throws SQLException {
        Objects.requireNonNull(incoming, "incoming");
        String merge = fileMergeMode == null ? "Merge" : fileMergeMode;
        String collision = hashCollisionMode == null ? "FavorIncoming" : hashCollisionMode;
        // JobSpec refuses unknown modes at E1 already; this guards callers that build jobs otherwise.
        if (!FILE_MERGE_MODES.contains(merge) || !HASH_COLLISION_MODES.contains(collision)) {
            String which = !FILE_MERGE_MODES.contains(merge)
                    ? "fileMergeMode '" + merge + "' (supported: " + String.join(", ", FILE_MERGE_MODES) + ")"
                    : "hashCollisionMode '" + collision + "' (supported: "
                            + String.join(", ", HASH_COLLISION_MODES) + ")";
            return new Outcome(List.of(), List.of(new JobRepository.ErrorEntry(CODE, "Error",
                    "File " + incoming.summary() + " was not imported: unsupported " + which, source)));
        }
        // Two jobs running at once may both write Files holding the same hash (or summary): the
        // schema's unique indexes make the second writer wait for the first one's transaction,
        // and once that commits the second sees a unique-key violation (23505). It then starts
        // over and finds the winner's row as a match; a savepoint undoes the failed attempt's own
        // partial changes. A lock timeout (the first transaction ran too long) is not retried
        // here: it reaches the caller, which rolls back and replays its chunk.
        for (int attempt = 1; ; attempt++) {
            Savepoint sp = c.getAutoCommit() ? null : c.setSavepoint();
            try {
                Outcome out = new Attempt(c, owner, incoming, merge, collision, now, source).run();
                if (sp != null) {
                    c.releaseSavepoint(sp);
                }
                return out;
            } catch (SQLException e) {
                if (sp != null) {
                    c.rollback(sp);
                }
                if (!"23505".equals(e.getSQLState()) || attempt >= ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    /**
     * Existing File ids in the owner sharing any hash with incoming (for Delete), the most
     * recently modified first. Undocumented (API doc §4.4 gives no matching rule for Delete);
     * chosen: the same rule as for Create, any shared hash.
     */
    static List<Long> matching(Connection c, String owner, Hashes incoming) throws SQLException {
        List<Long> ids = new ArrayList<>();
        for (Row r : find(c, owner, incoming, false)) {
            ids.add(r.id());
        }
        return ids;
    }

    /** One run of {@link #upsert}; collects its notes. */
    private static final class Attempt {
        private final Connection c;
        private final String owner;
        private final String merge;
        private final String collision;
        private final OffsetDateTime now;
        private final String source;
        private final List<JobRepository.ErrorEntry> notes = new ArrayList<>();
        private Hashes in;

        Attempt(Connection c, String owner, Hashes in, String merge, String collision, OffsetDateTime now,
                String source) {
            this.c = c;
            this.owner = owner;
            this.in = in;
            this.merge = merge;
            this.collision = collision;
            this.now = now;
            this.source = source;
        }

        Outcome run() throws SQLException {
            List<Row> found = find(c, owner, in, true);
            if (found.isEmpty()) {
                return done(List.of(insert()));
            }
            boolean merging = "Merge".equals(merge) && found.size() > 1;
            List<Row> againstIncoming = found.stream().filter(r -> conflicts(r.hashes(), in)).toList();
            boolean amongExisting = merging && anyConflict(found);
            boolean conflict = !againstIncoming.isEmpty() || amongExisting;

            switch (collision) {
                case "IgnoreIncoming" -> {
                    if (conflict) {
                        // Undocumented how a skipped File is reported; chosen: no row is written
                        // and one Warning says why, naming the files it conflicts with.
                        String why = againstIncoming.isEmpty()
                                ? "the existing Files it matches, " + quoted(found) + ", conflict with each other"
                                : "its hashes conflict with the existing File" + (againstIncoming.size() > 1 ? "s " : " ")
                                        + quoted(againstIncoming);
                        note("File " + in.summary() + " was not imported (hashCollisionMode IgnoreIncoming): " + why);
                        return done(List.of());
                    }
                }
                case "IgnoreExisting" -> {
                    if (conflict) {
                        found = ignoreExisting(found, merging && amongExisting);
                        if (found == null) {
                            return done(List.of());
                        }
                        if (found.isEmpty()) {
                            return done(List.of(insert()));
                        }
                        // What is left matches without conflict: the superset, below.
                    }
                }
                case "Split" -> {
                    if (conflict) {
                        return split(found);
                    }
                }
                default -> {
                    // FavorIncoming and FavorExisting resolve each conflicting kind below.
                }
            }
            if (found.size() == 1) {
                return done(List.of(rewrite(found.get(0), found)));
            }
            if ("Merge".equals(merge)) {
                return done(List.of(merge(found)));
            }
            return distribute(found, "fileMergeMode Distribute");
        }

        /**
         * IgnoreExisting (API doc §4.5): matches conflicting among themselves are deleted
         * (undocumented when; chosen: only under Merge, which would have to fold them into one,
         * while Distribute leaves them be); a
         * match conflicting with the incoming File is left as it is, and the hashes the incoming
         * File shares with it are stripped from the incoming one, which is then imported on its
         * own. Undocumented which hashes "the conflicting hashes" are; chosen: the shared ones,
         * since only without them can the incoming File be "created new" beside the existing one.
         *
         * @return the matches left to combine with the (stripped) incoming File, empty to create
         *         it new, or null when no hash remained and nothing is imported
         */
        private List<Row> ignoreExisting(List<Row> found, boolean deleteConflicting) throws SQLException {
            List<Row> left = new ArrayList<>(found);
            if (deleteConflicting) {
                Set<Row> doomed = new LinkedHashSet<>();
                for (Row a : found) {
                    for (Row b : found) {
                        if (a != b && conflicts(a.hashes(), b.hashes())) {
                            doomed.add(a);
                        }
                    }
                }
                for (Row r : doomed) {
                    List<Row> others = found.stream().filter(o -> o != r && conflicts(o.hashes(), r.hashes())).toList();
                    deleteFile(c, r.id());
                    note("The existing File " + r.summary() + " was deleted (hashCollisionMode IgnoreExisting):"
                            + " it conflicts with the existing File" + (others.size() > 1 ? "s " : " ")
                            + quoted(others) + ", both matching the incoming File " + in.summary());
                }
                left.removeAll(doomed);
            }
            String original = in.summary();
            String[] stripped = in.toArray();
            List<Row> kept = new ArrayList<>();
            for (Row r : left) {
                if (conflicts(r.hashes(), in)) {
                    kept.add(r);
                    for (int k = 0; k < 3; k++) {
                        if (stripped[k] != null && stripped[k].equals(r.get(k))) {
                            stripped[k] = null;
                        }
                    }
                }
            }
            if (kept.isEmpty()) {
                return left;
            }
            Hashes rest = Hashes.of(stripped);
            String because = " (hashCollisionMode IgnoreExisting): it conflicts with the existing File"
                    + (kept.size() > 1 ? "s " : " ") + quoted(kept) + ", which " + (kept.size() > 1 ? "were" : "was")
                    + " left as " + (kept.size() > 1 ? "they were" : "it was");
            if (rest == null) {
                note("File " + original + " was not imported" + because + ", and no hash of its own remained");
                return null;
            }
            note("File " + original + " was imported as " + rest.summary() + because
                    + "; the hashes it shares with " + (kept.size() > 1 ? "them" : "it") + " were removed from it");
            in = rest;
            List<Row> rematch = new ArrayList<>();
            for (Row r : left) {
                if (!kept.contains(r) && sharesAny(r.hashes(), in)) {
                    rematch.add(r);
                }
            }
            return rematch;
        }

        /**
         * Split with a conflict: no merge, no overwrite; the metadata goes to every match.
         * Undocumented what happens to the hashes; chosen: a single match is still filled in
         * where it has no value of a kind (that loses nothing and breaks no invariant), the
         * conflicting incoming values are dropped, and with several matches no hash changes.
         */
        private Outcome split(List<Row> found) throws SQLException {
            if (found.size() == 1) {
                return done(List.of(rewrite(found.get(0), found)));
            }
            return distribute(found, "hashCollisionMode Split");
        }

        /**
         * Several matches that are not merged (Distribute, or Split with a conflict): each of
         * them (at most three, the most recently modified first) gets the metadata and keeps its
         * hashes. Undocumented whether Distribute fills in hashes; chosen: it does not, because
         * filling a value into one match would make it share that value with another, or two
         * matches could end with the same summary. An incoming value none of them holds is
         * reported as not stored.
         */
        private Outcome distribute(List<Row> found, String why) throws SQLException {
            List<Row> targets = found.subList(0, Math.min(DISTRIBUTE_MAX, found.size()));
            List<Long> ids = new ArrayList<>();
            for (Row r : targets) {
                touch(r.id());
                ids.add(r.id());
            }
            for (int k = 0; k < 3; k++) {
                String v = in.get(k);
                int kind = k;
                if (v != null && targets.stream().noneMatch(r -> v.equals(r.get(kind)))) {
                    note("File hash not stored (" + why + "): the incoming " + KINDS[k] + " " + v
                            + " is held by none of the existing Files " + quoted(targets)
                            + " that the File " + in.summary() + " was applied to");
                }
            }
            return done(ids);
        }

        /**
         * Merge (API doc §4.5): the most recently modified match is primary and keeps its
         * scalars; the others' tags, labels, attributes, associations and occurrences move to
         * it, then they are deleted and the primary takes the combined hashes.
         */
        private long merge(List<Row> found) throws SQLException {
            Row primary = found.get(0);
            for (Row other : found.subList(1, found.size())) {
                absorb(primary.id(), other.id());
            }
            // The others are gone before the primary's summary changes, so the unique key never
            // sees two rows with the new summary.
            return rewrite(primary, found);
        }

        /** Gives {@code row} the hashes resolved from all {@code found} and the incoming File. */
        private long rewrite(Row row, List<Row> found) throws SQLException {
            String[] result = resolve(found);
            Hashes h = Hashes.of(result);
            try (PreparedStatement ps = c.prepareStatement("UPDATE indicator SET md5 = ?, sha1 = ?, sha256 = ?,"
                    + " summary = ?, last_modified = ? WHERE id = ?")) {
                setHash(ps, 1, h.md5());
                setHash(ps, 2, h.sha1());
                setHash(ps, 3, h.sha256());
                ps.setString(4, h.summary());
                ps.setObject(5, now);
                ps.setLong(6, row.id());
                ps.executeUpdate();
            }
            return row.id();
        }

        /**
         * Per hash kind, the value the combined File keeps: FavorExisting (and Split) prefers an
         * existing value, every other mode the incoming one. Undocumented which existing value
         * wins when matches disagree among themselves; chosen: the primary's (most recently
         * modified), then the next most recent. Every value that loses is reported.
         */
        private String[] resolve(List<Row> found) {
            boolean favorExisting = "FavorExisting".equals(collision) || "Split".equals(collision);
            String[] out = new String[3];
            for (int k = 0; k < 3; k++) {
                String existing = null;
                Row holder = null;
                for (Row r : found) {
                    if (r.get(k) != null) {
                        existing = r.get(k);
                        holder = r;
                        break;
                    }
                }
                String incoming = in.get(k);
                String kept = favorExisting ? (existing != null ? existing : incoming)
                        : (incoming != null ? incoming : existing);
                out[k] = kept;
                if (kept == null) {
                    continue;
                }
                String keptFrom = kept.equals(incoming) ? "the incoming File " + in.summary()
                        : "the existing File " + holder.summary();
                if (incoming != null && !incoming.equals(kept)) {
                    lost(k, kept, keptFrom, incoming, "the incoming File " + in.summary());
                }
                Set<String> reported = new LinkedHashSet<>();
                for (Row r : found) {
                    String v = r.get(k);
                    if (v != null && !v.equals(kept) && reported.add(v)) {
                        lost(k, kept, keptFrom, v, "the existing File " + r.summary());
                    }
                }
            }
            return out;
        }

        private void lost(int kind, String kept, String keptFrom, String dropped, String droppedFrom) {
            note("File hash conflict on " + KINDS[kind] + " (hashCollisionMode " + collision + "): kept " + kept
                    + " of " + keptFrom + ", dropped " + dropped + " of " + droppedFrom);
        }

        private long insert() throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO indicator (owner, type, summary, md5, sha1,"
                    + " sha256, date_added, last_modified) VALUES (?, 'File', ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setString(1, owner);
                ps.setString(2, in.summary());
                setHash(ps, 3, in.md5());
                setHash(ps, 4, in.sha1());
                setHash(ps, 5, in.sha256());
                ps.setObject(6, now);
                ps.setObject(7, now);
                ps.executeUpdate();
                try (ResultSet rs = ps.getGeneratedKeys()) {
                    rs.next();
                    return rs.getLong(1);
                }
            }
        }

        private void touch(long id) throws SQLException {
            try (PreparedStatement ps = c.prepareStatement("UPDATE indicator SET last_modified = ? WHERE id = ?")) {
                ps.setObject(1, now);
                ps.setLong(2, id);
                ps.executeUpdate();
            }
        }

        /**
         * Moves everything of File {@code from} to File {@code to} and deletes {@code from}.
         * Undocumented (the doc names only the metadata); chosen: the primary's scalars stay,
         * but where it has none (NULL) it takes the value of the merged File, so that a merge
         * never loses a size or a first-seen date; date_added becomes the earlier of the two,
         * since the combined File has been known since then.
         */
        private void absorb(long to, long from) throws SQLException {
            String[] cols = {"rating", "confidence", "dns_active", "whois_active", "file_size", "first_seen",
                "last_seen", "external_date_added", "external_date_expires", "external_last_modified", "xid"};
            StringBuilder sql = new StringBuilder("UPDATE indicator SET ");
            for (String col : cols) {
                sql.append(col).append(" = COALESCE(").append(col).append(", (SELECT ").append(col)
                        .append(" FROM indicator WHERE id = ?)), ");
            }
            sql.append("date_added = LEAST(date_added, (SELECT date_added FROM indicator WHERE id = ?)) WHERE id = ?");
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 1; i <= cols.length + 1; i++) {
                    ps.setLong(i, from);
                }
                ps.setLong(cols.length + 2, to);
                ps.executeUpdate();
            }
            // Tags and labels are sets: move those the primary lacks, drop the rest.
            for (String table : new String[] {"item_tag", "item_label"}) {
                exec(c, "UPDATE " + table + " t SET item_id = ? WHERE kind = 'I' AND item_id = ? AND NOT EXISTS"
                        + " (SELECT 1 FROM " + table + " p WHERE p.kind = 'I' AND p.item_id = ? AND p.name = t.name)",
                        to, from, to);
            }
            // Attributes are appended, duplicates and all (API doc §4.5).
            exec(c, "UPDATE item_attribute SET item_id = ? WHERE kind = 'I' AND item_id = ?", to, from);
            exec(c, "UPDATE file_occurrence SET indicator_id = ? WHERE indicator_id = ?", to, from);
            moveAssociations(to, from);
            deleteFile(c, from);
        }

        /**
         * Re-points the merged File's associations at the primary, keeping the smaller
         * {@code (kind, id)} first. An association between the two merged Files would become one
         * of the primary with itself and is dropped; one the primary already has is not doubled.
         */
        private void moveAssociations(long to, long from) throws SQLException {
            record Assoc(String owner, String kind1, long id1, String kind2, long id2, String type) {
            }
            List<Assoc> moved = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT owner, kind_1, id_1, kind_2, id_2, association_type"
                    + " FROM association WHERE (kind_1 = 'I' AND id_1 = ?) OR (kind_2 = 'I' AND id_2 = ?)")) {
                ps.setLong(1, from);
                ps.setLong(2, from);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        moved.add(new Assoc(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4),
                                rs.getLong(5), rs.getString(6)));
                    }
                }
            }
            if (moved.isEmpty()) {
                return;
            }
            exec(c, "DELETE FROM association WHERE (kind_1 = 'I' AND id_1 = ?) OR (kind_2 = 'I' AND id_2 = ?)",
                    from, from);
            try (PreparedStatement ps = c.prepareStatement("MERGE INTO association (owner, kind_1, id_1, kind_2, id_2,"
                    + " association_type) KEY (kind_1, id_1, kind_2, id_2, association_type)"
                    + " VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Assoc a : moved) {
                    String k1 = a.kind1();
                    long i1 = "I".equals(k1) && a.id1() == from ? to : a.id1();
                    String k2 = a.kind2();
                    long i2 = "I".equals(k2) && a.id2() == from ? to : a.id2();
                    if (k1.equals(k2) && i1 == i2) {
                        continue;
                    }
                    int order = k1.compareTo(k2) != 0 ? k1.compareTo(k2) : Long.compare(i1, i2);
                    ps.setString(1, a.owner());
                    ps.setString(2, order < 0 ? k1 : k2);
                    ps.setLong(3, order < 0 ? i1 : i2);
                    ps.setString(4, order < 0 ? k2 : k1);
                    ps.setLong(5, order < 0 ? i2 : i1);
                    ps.setString(6, a.type());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }

        private void note(String reason) {
            notes.add(new JobRepository.ErrorEntry(CODE, WARNING, reason, source));
        }

        private Outcome done(List<Long> ids) {
            return new Outcome(ids, notes);
        }
    }

    /**
     * The owner's Files sharing any hash with {@code h}, the most recently modified first (ties:
     * the newer id), each once. One indexed query per hash kind rather than one with OR, which
     * H2 would answer with a scan of every indicator of the owner.
     */
    private static List<Row> find(Connection c, String owner, Hashes h, boolean lock) throws SQLException {
        Map<Long, Row> rows = new LinkedHashMap<>();
        for (int k = 0; k < 3; k++) {
            if (h.get(k) == null) {
                continue;
            }
            // FOR UPDATE: a concurrent job merging the same Files waits rather than interleaving.
            try (PreparedStatement ps = c.prepareStatement("SELECT id, md5, sha1, sha256, last_modified FROM indicator"
                    + " WHERE owner = ? AND " + KINDS[k] + " = ? AND type = 'File'" + (lock ? " FOR UPDATE" : ""))) {
                ps.setString(1, owner);
                ps.setString(2, h.get(k));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long id = rs.getLong(1);
                        rows.putIfAbsent(id, new Row(id, new Hashes(rs.getString(2), rs.getString(3), rs.getString(4)),
                                rs.getObject(5, OffsetDateTime.class)));
                    }
                }
            }
        }
        List<Row> out = new ArrayList<>(rows.values());
        out.sort((a, b) -> {
            int byTime = b.lastModified().compareTo(a.lastModified());
            return byTime != 0 ? byTime : Long.compare(b.id(), a.id());
        });
        return out;
    }

    /** Same kind, different values. */
    private static boolean conflicts(Hashes a, Hashes b) {
        for (int k = 0; k < 3; k++) {
            if (a.get(k) != null && b.get(k) != null && !a.get(k).equals(b.get(k))) {
                return true;
            }
        }
        return false;
    }

    private static boolean sharesAny(Hashes a, Hashes b) {
        for (int k = 0; k < 3; k++) {
            if (a.get(k) != null && a.get(k).equals(b.get(k))) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyConflict(List<Row> rows) {
        for (int i = 0; i < rows.size(); i++) {
            for (int j = i + 1; j < rows.size(); j++) {
                if (conflicts(rows.get(i).hashes(), rows.get(j).hashes())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A File and everything that hangs on it. */
    private static void deleteFile(Connection c, long id) throws SQLException {
        exec(c, "DELETE FROM item_tag WHERE kind = 'I' AND item_id = ?", id);
        exec(c, "DELETE FROM item_label WHERE kind = 'I' AND item_id = ?", id);
        exec(c, "DELETE FROM item_attribute WHERE kind = 'I' AND item_id = ?", id);
        exec(c, "DELETE FROM file_occurrence WHERE indicator_id = ?", id);
        exec(c, "DELETE FROM association WHERE (kind_1 = 'I' AND id_1 = ?) OR (kind_2 = 'I' AND id_2 = ?)", id, id);
        exec(c, "DELETE FROM indicator WHERE id = ?", id);
    }

    private static void exec(Connection c, String sql, long... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setLong(i + 1, params[i]);
            }
            ps.executeUpdate();
        }
    }

    private static void setHash(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    private static String quoted(List<Row> rows) {
        return rows.stream().map(Row::summary).collect(Collectors.joining(", "));
    }
}
