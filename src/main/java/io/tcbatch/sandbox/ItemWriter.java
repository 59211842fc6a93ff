package io.tcbatch.sandbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the items of one job on one connection, in the tables of {@link Schema}. The caller
 * decides when a chunk ends ({@link #flush()} then commit).
 *
 * <p>Why it is built this way: an item's metadata hangs off its numeric id, so the row of a new
 * item is inserted at once (to learn its id) while everything else — updates of existing rows,
 * tags, attributes, labels, occurrences, deletes — waits in one JDBC batch per statement kind
 * until the chunk is flushed. Batching reorders the statements of different items, so a chunk
 * never holds the same item twice: the file may repeat an item (undocumented, API doc §4.7;
 * chosen: items are applied in file order, so the later one wins for scalar fields and metadata
 * follows the write types, as separate uploads would), and {@link #touchesIndicator} /
 * {@link #touchesGroup} tell the caller to flush first. A File's identity is decided by
 * {@link FileMerge}, which reads the hash columns, so a File flushes the pending batches before.
 */
final class ItemWriter implements AutoCloseable {

    static final String INDICATOR = "I";
    static final String GROUP = "G";

    /** An attribute as given in the file; {@code displayed}/{@code pinned} default to false. */
    record Attribute(String type, String value, boolean displayed, boolean pinned, String source) {
        Attribute(String type, String value) {
            this(type, value, false, false, null);
        }
    }

    /** A security label as named by an item; color and description are used only to create it. */
    record Label(String name, String color, String description) {
    }

    /** One file occurrence ({@code fileOccurrence}); at least one field is set. */
    record Occurrence(String fileName, String path, OffsetDateTime date) {
    }

    /**
     * The metadata of one item and how to write it. A null list means the item has no such key.
     * Undocumented; chosen: existing tags, labels or attributes are then left as they are,
     * whatever the write type (an update of a rating should not wipe tags by accident); an empty
     * list with Replace removes them all.
     *
     * @param attributes also null when there is neither {@code attribute} nor the
     *                   {@code description}/{@code source} shortcuts
     */
    record Metadata(List<String> tags, List<Attribute> attributes, List<Label> labels) {
        static final Metadata NONE = new Metadata(null, null, null);
    }

    /** The scalar fields of an indicator (API doc §3.3); null means "not given, keep what is stored". */
    record IndicatorFields(Double rating, Integer confidence, Boolean active, Boolean activeLocked,
                           Boolean privateFlag, Boolean dnsActive, Boolean whoisActive, Long size,
                           OffsetDateTime firstSeen, OffsetDateTime lastSeen, OffsetDateTime externalDateAdded,
                           OffsetDateTime externalDateExpires, OffsetDateTime externalLastModified, String xid,
                           List<Occurrence> occurrences) {
    }

    private static final String SCALARS = "rating, confidence, active, active_locked, private_flag, dns_active,"
            + " whois_active, file_size, first_seen, last_seen, external_date_added, external_date_expires,"
            + " external_last_modified, xid";

    private final Connection c;
    private final String owner;
    private final String attributeWriteType;
    private final boolean replaceTags;
    private final boolean replaceLabels;
    private final String fileMergeMode;
    private final String hashCollisionMode;
    private final Clock clock;

    private final PreparedStatement findIndicator;
    private final PreparedStatement insertIndicator;
    private final PreparedStatement updateIndicator;
    private final PreparedStatement findGroup;
    private final PreparedStatement insertGroup;
    private final PreparedStatement updateGroup;
    private final PreparedStatement deleteTags;
    private final PreparedStatement deleteLabels;
    private final PreparedStatement deleteAttributes;
    private final PreparedStatement deleteAttributesOfType;
    private final PreparedStatement ensureLabel;
    private final PreparedStatement insertTag;
    private final PreparedStatement mergeTag;
    private final PreparedStatement insertLabel;
    private final PreparedStatement mergeLabel;
    private final PreparedStatement insertAttribute;
    private final PreparedStatement insertOccurrence;
    private final PreparedStatement mergeAssociation;
    private final PreparedStatement deleteAssociation;
    private final PreparedStatement deleteOccurrences;
    private final PreparedStatement deleteAssociationsOf;
    private final PreparedStatement deleteIndicatorRow;
    private final PreparedStatement deleteGroupRow;
    private final List<PreparedStatement> inOrder;
    private final List<PreparedStatement> all = new ArrayList<>();
    private final Set<String> keysInChunk = new HashSet<>();
    /** H2's unique-key violation. */
    private static final int DUPLICATE_KEY = 23505;
    // How many indicators of this job were new and how many existed: picks insert- or find-first.
    private long news;
    private long existing;
    private boolean insertedLast;

    ItemWriter(Connection c, Job job, Clock clock) throws SQLException {
        this.c = c;
        this.owner = job.owner();
        this.attributeWriteType = job.attributeWriteType();
        this.replaceTags = !"Append".equals(job.tagWriteType());
        this.replaceLabels = !"Append".equals(job.securityLabelWriteType());
        this.fileMergeMode = job.fileMergeMode();
        this.hashCollisionMode = job.hashCollisionMode();
        this.clock = clock;
        findIndicator = prepare("SELECT id FROM indicator WHERE owner = ? AND type = ? AND summary = ?");
        insertIndicator = c.prepareStatement("INSERT INTO indicator (owner, type, summary, " + SCALARS
                + ", date_added, last_modified) VALUES (?, ?, ?, ?, ?, COALESCE(?, TRUE), COALESCE(?, FALSE),"
                + " COALESCE(?, FALSE), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
        all.add(insertIndicator);
        // COALESCE: a field missing from the incoming item keeps its stored value.
        updateIndicator = prepare("UPDATE indicator SET rating = COALESCE(?, rating), confidence = COALESCE(?, confidence),"
                + " active = COALESCE(?, active), active_locked = COALESCE(?, active_locked),"
                + " private_flag = COALESCE(?, private_flag), dns_active = COALESCE(?, dns_active),"
                + " whois_active = COALESCE(?, whois_active), file_size = COALESCE(?, file_size),"
                + " first_seen = COALESCE(?, first_seen), last_seen = COALESCE(?, last_seen),"
                + " external_date_added = COALESCE(?, external_date_added),"
                + " external_date_expires = COALESCE(?, external_date_expires),"
                + " external_last_modified = COALESCE(?, external_last_modified), xid = COALESCE(?, xid),"
                + " last_modified = ? WHERE id = ?");
        findGroup = prepare("SELECT id FROM grp WHERE owner = ? AND xid = ?");
        insertGroup = c.prepareStatement("INSERT INTO grp (owner, xid, type, name, body, date_added, last_modified)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS);
        all.add(insertGroup);
        // A group with a known xid is overwritten as a whole (D-TCEX: "the existing Group will be
        // overwritten"); body keeps the uploaded JSON, type-specific fields included.
        updateGroup = prepare("UPDATE grp SET type = ?, name = ?, body = ?, last_modified = ? WHERE id = ?");
        deleteTags = prepare("DELETE FROM item_tag WHERE kind = ? AND item_id = ?");
        deleteLabels = prepare("DELETE FROM item_label WHERE kind = ? AND item_id = ?");
        deleteAttributes = prepare("DELETE FROM item_attribute WHERE kind = ? AND item_id = ?");
        deleteAttributesOfType = prepare("DELETE FROM item_attribute WHERE kind = ? AND item_id = ? AND type = ?");
        // A label is created in the owner on first use; an existing label keeps its own color
        // and description (API doc §3.3: they are "required only if the label does not yet exist").
        ensureLabel = prepare("MERGE INTO security_label t USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR),"
                + " CAST(? AS VARCHAR(6)), CAST(? AS VARCHAR), CAST(? AS TIMESTAMP WITH TIME ZONE)))"
                + " s(owner, name, color, description, date_added) ON t.owner = s.owner AND t.name = s.name"
                + " WHEN NOT MATCHED THEN INSERT (owner, name, color, description, date_added)"
                + " VALUES (s.owner, s.name, s.color, s.description, s.date_added)");
        // After a Replace has deleted the item's tags (or for a new item), a plain INSERT of the
        // de-duplicated incoming tags is enough, and cheaper than MERGE.
        insertTag = prepare("INSERT INTO item_tag (kind, item_id, name) VALUES (?, ?, ?)");
        mergeTag = prepare("MERGE INTO item_tag (kind, item_id, name) KEY (kind, item_id, name) VALUES (?, ?, ?)");
        insertLabel = prepare("INSERT INTO item_label (kind, item_id, name) VALUES (?, ?, ?)");
        mergeLabel = prepare("MERGE INTO item_label (kind, item_id, name) KEY (kind, item_id, name) VALUES (?, ?, ?)");
        insertAttribute = prepare("INSERT INTO item_attribute (kind, item_id, type, value, displayed, pinned, source,"
                + " date_added, last_modified) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        // An occurrence already stored for the file is not stored twice. Undocumented; chosen
        // because sending the same feed again must not multiply its occurrences.
        insertOccurrence = prepare("INSERT INTO file_occurrence (indicator_id, file_name, path, occurred)"
                + " SELECT CAST(? AS BIGINT), CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS TIMESTAMP WITH TIME ZONE)"
                + " WHERE NOT EXISTS (SELECT 1 FROM file_occurrence o WHERE o.indicator_id = ?"
                + " AND o.file_name IS NOT DISTINCT FROM ? AND o.path IS NOT DISTINCT FROM ?"
                + " AND o.occurred IS NOT DISTINCT FROM ?)");
        // The five key columns first, in the order of deleteAssociation, so one binding serves both.
        mergeAssociation = prepare("MERGE INTO association (kind_1, id_1, kind_2, id_2, association_type, owner)"
                + " KEY (kind_1, id_1, kind_2, id_2, association_type) VALUES (?, ?, ?, ?, ?, ?)");
        deleteAssociation = prepare("DELETE FROM association WHERE kind_1 = ? AND id_1 = ? AND kind_2 = ? AND id_2 = ?"
                + " AND association_type = ?");
        deleteOccurrences = prepare("DELETE FROM file_occurrence WHERE indicator_id = ?");
        deleteAssociationsOf = prepare("DELETE FROM association WHERE (kind_1 = ? AND id_1 = ?) OR (kind_2 = ? AND id_2 = ?)");
        deleteIndicatorRow = prepare("DELETE FROM indicator WHERE id = ?");
        deleteGroupRow = prepare("DELETE FROM grp WHERE id = ?");
        // Rows before metadata; deletes of old metadata before inserts of new metadata.
        inOrder = List.of(updateIndicator, updateGroup, deleteTags, deleteLabels, deleteAttributes,
                deleteAttributesOfType, ensureLabel, insertTag, mergeTag, insertLabel, mergeLabel, insertAttribute,
                insertOccurrence, mergeAssociation, deleteAssociation, deleteOccurrences, deleteAssociationsOf,
                deleteIndicatorRow, deleteGroupRow);
    }

    private PreparedStatement prepare(String sql) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        all.add(ps);
        return ps;
    }

    /** True when the indicator is already in the current chunk (the caller must flush first). */
    boolean touchesIndicator(String type, String summary) {
        return keysInChunk.contains(INDICATOR + type + '\u0000' + summary);
    }

    /** True when the group is already in the current chunk (the caller must flush first). */
    boolean touchesGroup(String xid) {
        return keysInChunk.contains(GROUP + xid);
    }

    /**
     * Creates or updates an indicator and applies its metadata.
     *
     * @param hashes for a File, its hashes (identity by any shared hash, via {@link FileMerge});
     *               null for every other type
     * @param notes  receives warnings about the item (e.g. a hash merge), to add to the error file
     * @return the ids written; empty when the hash rules left nothing to write
     */
    List<Long> upsertIndicator(String type, String summary, FileMerge.Hashes hashes, IndicatorFields f,
                               Metadata meta, List<JobRepository.ErrorEntry> notes) throws SQLException {
        OffsetDateTime now = now();
        if (hashes != null) {
            flush();
            boolean fresh = "Static".equals(attributeWriteType) && FileMerge.matching(c, owner, hashes).isEmpty();
            FileMerge.Outcome outcome = FileMerge.upsert(c, owner, hashes, fileMergeMode, hashCollisionMode, now, summary);
            notes.addAll(outcome.notes());
            for (long id : outcome.ids()) {
                keysInChunk.add(INDICATOR + "File\u0000#" + id);
                bindUpdate(f, now, id);
                writeOccurrences(id, f.occurrences());
                writeMetadata(INDICATOR, id, meta, fresh);
            }
            // FileMerge read and wrote hash columns: anything after it must see the flushed rows.
            flush();
            return outcome.ids();
        }
        keysInChunk.add(INDICATOR + type + '\u0000' + summary);
        // Insert first while most indicators of the job turn out new (a first import), look up
        // first while most exist (a re-import): either way one index probe in the common case.
        Long id = null;
        insertedLast = false;
        if (news >= existing) {
            id = insertIndicator(type, summary, f, now);
        }
        if (id == null) {
            id = find(findIndicator, type, summary);
            if (id == null) {
                id = insertIndicator(type, summary, f, now);
                if (id == null) {
                    // Another job inserted it between the two statements: replay the chunk.
                    throw new SQLException("indicator inserted concurrently", "23505", 23505);
                }
            }
        }
        boolean fresh = insertedLast;
        if (fresh) {
            news++;
        } else {
            existing++;
            bindUpdate(f, now, id);
        }
        writeOccurrences(id, f.occurrences());
        writeMetadata(INDICATOR, id, meta, fresh);
        return List.of(id);
    }

    /**
     * Inserts a new indicator row; returns its id, or null (nothing changed) when the owner has
     * it already. H2 undoes just the failed statement, so the transaction goes on.
     */
    private Long insertIndicator(String type, String summary, IndicatorFields f, OffsetDateTime now)
            throws SQLException {
        insertedLast = false;
        PreparedStatement ps = insertIndicator;
        ps.setString(1, owner);
        ps.setString(2, type);
        ps.setString(3, summary);
        bindScalars(ps, 4, f);
        ps.setObject(18, now);
        ps.setObject(19, now);
        try {
            ps.executeUpdate();
        } catch (SQLException e) {
            if (e.getErrorCode() == DUPLICATE_KEY) {
                return null;
            }
            throw e;
        }
        try (ResultSet rs = ps.getGeneratedKeys()) {
            rs.next();
            insertedLast = true;
            return rs.getLong(1);
        }
    }

    private void bindUpdate(IndicatorFields f, OffsetDateTime now, long id) throws SQLException {
        bindScalars(updateIndicator, 1, f);
        updateIndicator.setObject(15, now);
        updateIndicator.setLong(16, id);
        updateIndicator.addBatch();
    }

    private static void bindScalars(PreparedStatement ps, int at, IndicatorFields f) throws SQLException {
        int i = at;
        setNullable(ps, i++, f.rating(), Types.DOUBLE);
        setNullable(ps, i++, f.confidence(), Types.INTEGER);
        setNullable(ps, i++, f.active(), Types.BOOLEAN);
        setNullable(ps, i++, f.activeLocked(), Types.BOOLEAN);
        setNullable(ps, i++, f.privateFlag(), Types.BOOLEAN);
        setNullable(ps, i++, f.dnsActive(), Types.BOOLEAN);
        setNullable(ps, i++, f.whoisActive(), Types.BOOLEAN);
        setNullable(ps, i++, f.size(), Types.BIGINT);
        setNullable(ps, i++, f.firstSeen(), Types.TIMESTAMP_WITH_TIMEZONE);
        setNullable(ps, i++, f.lastSeen(), Types.TIMESTAMP_WITH_TIMEZONE);
        setNullable(ps, i++, f.externalDateAdded(), Types.TIMESTAMP_WITH_TIMEZONE);
        setNullable(ps, i++, f.externalDateExpires(), Types.TIMESTAMP_WITH_TIMEZONE);
        setNullable(ps, i++, f.externalLastModified(), Types.TIMESTAMP_WITH_TIMEZONE);
        setNullable(ps, i, f.xid(), Types.VARCHAR);
    }

    private static void setNullable(PreparedStatement ps, int i, Object v, int sqlType) throws SQLException {
        if (v == null) {
            ps.setNull(i, sqlType);
        } else {
            ps.setObject(i, v);
        }
    }

    private void writeOccurrences(long id, List<Occurrence> occurrences) throws SQLException {
        for (Occurrence o : occurrences) {
            PreparedStatement ps = insertOccurrence;
            ps.setLong(1, id);
            setNullable(ps, 2, o.fileName(), Types.VARCHAR);
            setNullable(ps, 3, o.path(), Types.VARCHAR);
            setNullable(ps, 4, o.date(), Types.TIMESTAMP_WITH_TIMEZONE);
            ps.setLong(5, id);
            setNullable(ps, 6, o.fileName(), Types.VARCHAR);
            setNullable(ps, 7, o.path(), Types.VARCHAR);
            setNullable(ps, 8, o.date(), Types.TIMESTAMP_WITH_TIMEZONE);
            ps.addBatch();
        }
    }

    /** Creates or overwrites the group with this xid; returns its id. */
    long upsertGroup(String xid, String type, String name, String body, Metadata meta) throws SQLException {
        OffsetDateTime now = now();
        keysInChunk.add(GROUP + xid);
        Long id = find(findGroup, xid, null);
        boolean fresh = id == null;
        if (fresh) {
            insertGroup.setString(1, owner);
            insertGroup.setString(2, xid);
            insertGroup.setString(3, type);
            insertGroup.setString(4, name);
            insertGroup.setString(5, body);
            insertGroup.setObject(6, now);
            insertGroup.setObject(7, now);
            insertGroup.executeUpdate();
            try (ResultSet rs = insertGroup.getGeneratedKeys()) {
                rs.next();
                id = rs.getLong(1);
            }
        } else {
            updateGroup.setString(1, type);
            updateGroup.setString(2, name);
            updateGroup.setString(3, body);
            updateGroup.setObject(4, now);
            updateGroup.setLong(5, id);
            updateGroup.addBatch();
        }
        writeMetadata(GROUP, id, meta, fresh);
        return id;
    }

    /**
     * Deletes the indicator and everything hanging off it. Delete matching is undocumented (API
     * doc §4.4); chosen: the same key as Create (for a File: every File sharing a hash), and
     * deleting what is not there is a success, since the owner ends up without it either way.
     */
    void deleteIndicator(String type, String summary, FileMerge.Hashes hashes) throws SQLException {
        if (hashes != null) {
            flush();
            for (long id : FileMerge.matching(c, owner, hashes)) {
                dropItem(INDICATOR, id);
            }
            flush();
            return;
        }
        keysInChunk.add(INDICATOR + type + '\u0000' + summary);
        Long id = find(findIndicator, type, summary);
        if (id != null) {
            dropItem(INDICATOR, id);
        }
    }

    void deleteGroup(String xid) throws SQLException {
        keysInChunk.add(GROUP + xid);
        Long id = find(findGroup, xid, null);
        if (id != null) {
            dropItem(GROUP, id);
        }
    }

    private void dropItem(String kind, long id) throws SQLException {
        for (PreparedStatement ps : List.of(deleteTags, deleteLabels, deleteAttributes)) {
            bindItem(ps, kind, id);
            ps.addBatch();
        }
        deleteAssociationsOf.setString(1, kind);
        deleteAssociationsOf.setLong(2, id);
        deleteAssociationsOf.setString(3, kind);
        deleteAssociationsOf.setLong(4, id);
        deleteAssociationsOf.addBatch();
        if (INDICATOR.equals(kind)) {
            deleteOccurrences.setLong(1, id);
            deleteOccurrences.addBatch();
            deleteIndicatorRow.setLong(1, id);
            deleteIndicatorRow.addBatch();
        } else {
            deleteGroupRow.setLong(1, id);
            deleteGroupRow.addBatch();
        }
    }

    /**
     * Adds (or with {@code delete} removes) the association of two resolved items, stored once
     * per unordered pair with the smaller {@code (kind, id)} first.
     */
    void associate(boolean delete, String kind1, long id1, String kind2, long id2, String associationType)
            throws SQLException {
        boolean swap = kind1.compareTo(kind2) > 0 || (kind1.equals(kind2) && id1 > id2);
        String k1 = swap ? kind2 : kind1;
        long i1 = swap ? id2 : id1;
        String k2 = swap ? kind1 : kind2;
        long i2 = swap ? id1 : id2;
        PreparedStatement ps = delete ? deleteAssociation : mergeAssociation;
        ps.setString(1, k1);
        ps.setLong(2, i1);
        ps.setString(3, k2);
        ps.setLong(4, i2);
        ps.setString(5, associationType == null ? "" : associationType);
        if (!delete) {
            ps.setString(6, owner);
        }
        ps.addBatch();
    }

    /** The id of the indicator with this type and normalised summary in the owner, or null. */
    Long indicatorId(String type, String summary) throws SQLException {
        return find(findIndicator, type, summary);
    }

    /** The ids of the Files in the owner sharing a hash with {@code hashes}. */
    List<Long> fileIds(FileMerge.Hashes hashes) throws SQLException {
        return FileMerge.matching(c, owner, hashes);
    }

    /** The id of the group with this xid in the owner, or null. */
    Long groupId(String xid) throws SQLException {
        return find(findGroup, xid, null);
    }

    /** True when an item of this kind has this numeric id in the owner. */
    boolean exists(String kind, long id) throws SQLException {
        String table = INDICATOR.equals(kind) ? "indicator" : "grp";
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM " + table + " WHERE id = ? AND owner = ?")) {
            ps.setLong(1, id);
            ps.setString(2, owner);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void writeMetadata(String kind, long id, Metadata meta, boolean fresh) throws SQLException {
        if (meta.tags() != null) {
            writeNames(kind, id, meta.tags(), replaceTags, fresh, deleteTags, insertTag, mergeTag);
        }
        if (meta.labels() != null) {
            Map<String, Label> byName = new LinkedHashMap<>();
            for (Label l : meta.labels()) {
                byName.putIfAbsent(l.name(), l);
            }
            for (Label l : byName.values()) {
                ensureLabel.setString(1, owner);
                ensureLabel.setString(2, l.name());
                setNullable(ensureLabel, 3, l.color(), Types.VARCHAR);
                setNullable(ensureLabel, 4, l.description(), Types.VARCHAR);
                ensureLabel.setObject(5, now());
                ensureLabel.addBatch();
            }
            writeNames(kind, id, new ArrayList<>(byName.keySet()), replaceLabels, fresh, deleteLabels, insertLabel,
                    mergeLabel);
        }
        if (meta.attributes() == null) {
            return;
        }
        switch (attributeWriteType) {
            case "Replace" -> {
                if (!fresh) {
                    bindItem(deleteAttributes, kind, id);
                    deleteAttributes.addBatch();
                }
            }
            case "Singleton" -> {
                if (!fresh) {
                    Set<String> types = new HashSet<>();
                    for (Attribute a : meta.attributes()) {
                        if (types.add(a.type())) {
                            bindItem(deleteAttributesOfType, kind, id);
                            deleteAttributesOfType.setString(3, a.type());
                            deleteAttributesOfType.addBatch();
                        }
                    }
                }
            }
            case "Static" -> {
                // Static leaves an existing item's attributes alone (API doc §4.3). For an item
                // that did not exist yet there is nothing to keep static, so its attributes are
                // written: undocumented, chosen so that a first import is complete.
                if (!fresh) {
                    return;
                }
            }
            default -> {
                // Append: add, no redundancy check, duplicates may appear (API doc §4.3).
            }
        }
        OffsetDateTime now = now();
        for (Attribute a : meta.attributes()) {
            insertAttribute.setString(1, kind);
            insertAttribute.setLong(2, id);
            insertAttribute.setString(3, a.type());
            insertAttribute.setString(4, a.value());
            insertAttribute.setBoolean(5, a.displayed());
            insertAttribute.setBoolean(6, a.pinned());
            setNullable(insertAttribute, 7, a.source(), Types.VARCHAR);
            insertAttribute.setObject(8, now);
            insertAttribute.setObject(9, now);
            insertAttribute.addBatch();
        }
    }

    private void writeNames(String kind, long id, List<String> names, boolean replace, boolean fresh,
                            PreparedStatement delete, PreparedStatement insert, PreparedStatement merge)
            throws SQLException {
        if (replace && !fresh) {
            bindItem(delete, kind, id);
            delete.addBatch();
        }
        // A Replace (after its delete) or a new item takes plain inserts; Append on an existing item merges.
        PreparedStatement ps = replace || fresh ? insert : merge;
        for (String name : new LinkedHashSet<>(names)) {
            bindItem(ps, kind, id);
            ps.setString(3, name);
            ps.addBatch();
        }
    }

    private static void bindItem(PreparedStatement ps, String kind, long id) throws SQLException {
        ps.setString(1, kind);
        ps.setLong(2, id);
    }

    private Long find(PreparedStatement ps, String a, String b) throws SQLException {
        ps.setString(1, owner);
        ps.setString(2, a);
        if (b != null) {
            ps.setString(3, b);
        }
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : null;
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** Runs the pending batches (the caller commits). */
    void flush() throws SQLException {
        for (PreparedStatement ps : inOrder) {
            ps.executeBatch();
        }
        keysInChunk.clear();
    }

    /** Drops the pending batches, for a chunk that is rolled back and replayed. */
    void discard() throws SQLException {
        for (PreparedStatement ps : inOrder) {
            ps.clearBatch();
        }
        keysInChunk.clear();
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (PreparedStatement ps : all) {
            try {
                ps.close();
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
