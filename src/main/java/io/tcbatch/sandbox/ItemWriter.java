package io.tcbatch.sandbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Writes items of one job in batched prepared statements on one connection. The caller decides
 * when a chunk ends ({@link #flush()} then commit); within a chunk each statement kind runs as
 * one JDBC batch. Because that reorders statements of different items, a chunk never holds the
 * same item twice (the file may repeat an item; undocumented, API doc §4.7; chosen: items are
 * applied in file order, so the later one wins, as an upsert would): {@link #touchesIndicator} and {@link #touchesGroup} tell the caller to flush first.
 */
final class ItemWriter implements AutoCloseable {

    static final String INDICATOR = "I";
    static final String GROUP = "G";

    /** An attribute as given in the file. */
    record Attribute(String type, String value) {
    }

    /**
     * The metadata of one item and how to write it.
     *
     * @param tags       null when the item has no {@code tag} key. Undocumented; chosen: existing
     *                   tags are then left as they are, whatever the write type (an update of a rating should not
     *                   wipe tags by accident); an empty list with Replace removes all tags
     * @param attributes null when the item names no attributes (no {@code attribute},
     *                   {@code description} or {@code source}): existing ones are kept
     */
    record Metadata(List<String> tags, List<Attribute> attributes) {
    }

    private final Connection c;
    private final String owner;
    private final String attributeWriteType;
    private final boolean replaceTags;

    private final PreparedStatement mergeIndicator;
    private final PreparedStatement deleteIndicator;
    private final PreparedStatement existsIndicator;
    private final PreparedStatement mergeGroup;
    private final PreparedStatement deleteGroup;
    private final PreparedStatement existsGroup;
    private final PreparedStatement deleteTags;
    private final PreparedStatement mergeTag;
    private final PreparedStatement insertTag;
    private final PreparedStatement deleteAttributes;
    private final PreparedStatement deleteAttributesOfType;
    private final PreparedStatement insertAttribute;
    private final PreparedStatement mergeAssociation;
    private final PreparedStatement deleteAssociation;
    private final List<PreparedStatement> inOrder;
    private final Set<String> keysInChunk = new HashSet<>();

    ItemWriter(Connection c, String owner, String attributeWriteType, String tagWriteType) throws SQLException {
        this.c = c;
        this.owner = owner;
        this.attributeWriteType = attributeWriteType;
        this.replaceTags = !"Append".equals(tagWriteType);
        // MERGE … USING rather than MERGE … KEY: a field missing from the incoming item keeps
        // its stored value (COALESCE) instead of being overwritten with NULL.
        mergeIndicator = c.prepareStatement(
                "MERGE INTO indicator t USING (VALUES (CAST(? AS VARCHAR), CAST(? AS VARCHAR), CAST(? AS VARCHAR),"
                        + " CAST(? AS DOUBLE PRECISION), CAST(? AS INT))) s(owner, type, summary, rating, confidence)"
                        + " ON t.owner = s.owner AND t.type = s.type AND t.summary = s.summary"
                        + " WHEN MATCHED THEN UPDATE SET rating = COALESCE(s.rating, t.rating),"
                        + " confidence = COALESCE(s.confidence, t.confidence)"
                        + " WHEN NOT MATCHED THEN INSERT (owner, type, summary, rating, confidence)"
                        + " VALUES (s.owner, s.type, s.summary, s.rating, s.confidence)");
        deleteIndicator = c.prepareStatement("DELETE FROM indicator WHERE owner = ? AND type = ? AND summary = ?");
        existsIndicator = c.prepareStatement("SELECT 1 FROM indicator WHERE owner = ? AND type = ? AND summary = ?");
        // A group with a known xid is overwritten as a whole (D-TCEX: "the existing Group will be
        // overwritten"); body keeps the type-specific fields as compact JSON.
        mergeGroup = c.prepareStatement("MERGE INTO grp (owner, xid, type, name, body) KEY (owner, xid)"
                + " VALUES (?, ?, ?, ?, ?)");
        deleteGroup = c.prepareStatement("DELETE FROM grp WHERE owner = ? AND xid = ?");
        existsGroup = c.prepareStatement("SELECT 1 FROM grp WHERE owner = ? AND xid = ?");
        deleteTags = c.prepareStatement("DELETE FROM item_tag WHERE owner = ? AND kind = ? AND itype = ? AND ikey = ?");
        mergeTag = c.prepareStatement("MERGE INTO item_tag (owner, kind, itype, ikey, name)"
                + " KEY (owner, kind, itype, ikey, name) VALUES (?, ?, ?, ?, ?)");
        // After a Replace has deleted the item's tags, a plain INSERT of the (de-duplicated)
        // incoming tags is enough, and cheaper than MERGE.
        insertTag = c.prepareStatement("INSERT INTO item_tag (owner, kind, itype, ikey, name) VALUES (?, ?, ?, ?, ?)");
        deleteAttributes = c.prepareStatement(
                "DELETE FROM item_attribute WHERE owner = ? AND kind = ? AND itype = ? AND ikey = ?");
        deleteAttributesOfType = c.prepareStatement(
                "DELETE FROM item_attribute WHERE owner = ? AND kind = ? AND itype = ? AND ikey = ? AND attr_type = ?");
        insertAttribute = c.prepareStatement("INSERT INTO item_attribute (owner, kind, itype, ikey, attr_type, attr_value)"
                + " VALUES (?, ?, ?, ?, ?, ?)");
        mergeAssociation = c.prepareStatement("MERGE INTO association (owner, ref_1, type_1, ref_2, type_2,"
                + " association_type) KEY (owner, ref_1, type_1, ref_2, type_2, association_type)"
                + " VALUES (?, ?, ?, ?, ?, ?)");
        deleteAssociation = c.prepareStatement("DELETE FROM association WHERE owner = ? AND ref_1 = ? AND type_1 = ?"
                + " AND ref_2 = ? AND type_2 = ? AND association_type = ?");
        // Deletes of old metadata run before inserts of new metadata; items before metadata.
        inOrder = List.of(mergeIndicator, mergeGroup, deleteTags, deleteAttributes, deleteAttributesOfType,
                mergeTag, insertTag, insertAttribute, mergeAssociation, deleteIndicator, deleteGroup, deleteAssociation);
    }

    /** True when the indicator is already in the current chunk (the caller must flush first). */
    boolean touchesIndicator(String type, String summary) {
        return keysInChunk.contains(INDICATOR + type + '\u0000' + summary);
    }

    /** True when the group is already in the current chunk (the caller must flush first). */
    boolean touchesGroup(String xid) {
        return keysInChunk.contains(GROUP + xid);
    }

    void upsertIndicator(String type, String summary, Double rating, Integer confidence, Metadata meta)
            throws SQLException {
        boolean existed = "Static".equals(attributeWriteType) && exists(existsIndicator, type, summary);
        keysInChunk.add(INDICATOR + type + '\u0000' + summary);
        mergeIndicator.setString(1, owner);
        mergeIndicator.setString(2, type);
        mergeIndicator.setString(3, summary);
        if (rating == null) {
            mergeIndicator.setNull(4, Types.DOUBLE);
        } else {
            mergeIndicator.setDouble(4, rating);
        }
        if (confidence == null) {
            mergeIndicator.setNull(5, Types.INTEGER);
        } else {
            mergeIndicator.setInt(5, confidence);
        }
        mergeIndicator.addBatch();
        writeMetadata(INDICATOR, type, summary, meta, existed);
    }

    void upsertGroup(String xid, String type, String name, String body, Metadata meta) throws SQLException {
        boolean existed = "Static".equals(attributeWriteType) && exists(existsGroup, xid, null);
        keysInChunk.add(GROUP + xid);
        mergeGroup.setString(1, owner);
        mergeGroup.setString(2, xid);
        mergeGroup.setString(3, type);
        mergeGroup.setString(4, name);
        mergeGroup.setString(5, body);
        mergeGroup.addBatch();
        writeMetadata(GROUP, "", xid, meta, existed);
    }

    /**
     * Delete matching is undocumented (API doc §4.4); chosen: the same key as Create, and
     * deleting what is not there is a success, since the owner ends up without it either way.
     */
    void deleteIndicator(String type, String summary) throws SQLException {
        keysInChunk.add(INDICATOR + type + '\u0000' + summary);
        deleteIndicator.setString(1, owner);
        deleteIndicator.setString(2, type);
        deleteIndicator.setString(3, summary);
        deleteIndicator.addBatch();
        dropMetadata(INDICATOR, type, summary);
    }

    void deleteGroup(String xid) throws SQLException {
        keysInChunk.add(GROUP + xid);
        deleteGroup.setString(1, owner);
        deleteGroup.setString(2, xid);
        deleteGroup.addBatch();
        dropMetadata(GROUP, "", xid);
    }

    void association(boolean delete, String ref1, String type1, String ref2, String type2, String associationType)
            throws SQLException {
        PreparedStatement ps = delete ? deleteAssociation : mergeAssociation;
        ps.setString(1, owner);
        ps.setString(2, ref1);
        ps.setString(3, type1);
        ps.setString(4, ref2);
        ps.setString(5, type2);
        ps.setString(6, associationType);
        ps.addBatch();
    }

    private void writeMetadata(String kind, String itype, String ikey, Metadata meta, boolean existed)
            throws SQLException {
        if (meta.tags() != null) {
            if (replaceTags) {
                bindItem(deleteTags, kind, itype, ikey);
                deleteTags.addBatch();
            }
            PreparedStatement tagStatement = replaceTags ? insertTag : mergeTag;
            for (String tag : new LinkedHashSet<>(meta.tags())) {
                bindItem(tagStatement, kind, itype, ikey);
                tagStatement.setString(5, tag);
                tagStatement.addBatch();
            }
        }
        if (meta.attributes() == null) {
            return;
        }
        switch (attributeWriteType) {
            case "Replace" -> {
                bindItem(deleteAttributes, kind, itype, ikey);
                deleteAttributes.addBatch();
            }
            case "Singleton" -> {
                Set<String> types = new HashSet<>();
                for (Attribute a : meta.attributes()) {
                    if (types.add(a.type())) {
                        bindItem(deleteAttributesOfType, kind, itype, ikey);
                        deleteAttributesOfType.setString(5, a.type());
                        deleteAttributesOfType.addBatch();
                    }
                }
            }
            case "Static" -> {
                // Static leaves an existing item's attributes alone (API doc §4.3). For an item
                // that did not exist yet there is nothing to keep static, so its attributes are
                // written: undocumented, chosen so that a first import is complete.
                if (existed) {
                    return;
                }
            }
            default -> {
                // Append: add, no redundancy check, duplicates may appear (API doc §4.3).
            }
        }
        for (Attribute a : meta.attributes()) {
            bindItem(insertAttribute, kind, itype, ikey);
            insertAttribute.setString(5, a.type());
            insertAttribute.setString(6, a.value());
            insertAttribute.addBatch();
        }
    }

    private void dropMetadata(String kind, String itype, String ikey) throws SQLException {
        bindItem(deleteTags, kind, itype, ikey);
        deleteTags.addBatch();
        bindItem(deleteAttributes, kind, itype, ikey);
        deleteAttributes.addBatch();
    }

    private void bindItem(PreparedStatement ps, String kind, String itype, String ikey) throws SQLException {
        ps.setString(1, owner);
        ps.setString(2, kind);
        ps.setString(3, itype);
        ps.setString(4, ikey);
    }

    private boolean exists(PreparedStatement ps, String a, String b) throws SQLException {
        // Earlier items of this chunk must be visible to the check.
        flush();
        ps.setString(1, owner);
        ps.setString(2, a);
        if (b != null) {
            ps.setString(3, b);
        }
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next();
        }
    }

    /** Runs the pending batches (the caller commits). */
    void flush() throws SQLException {
        for (PreparedStatement ps : inOrder) {
            ps.executeBatch();
        }
        keysInChunk.clear();
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        List<PreparedStatement> all = new ArrayList<>(inOrder);
        all.add(existsIndicator);
        all.add(existsGroup);
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
