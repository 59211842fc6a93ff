package io.tcbatch.sandbox;

import static io.tcbatch.sandbox.FileMergeStore.OWNER;
import static io.tcbatch.sandbox.FileMergeStore.at;
import static io.tcbatch.sandbox.FileMergeStore.md5;
import static io.tcbatch.sandbox.FileMergeStore.sha1;
import static io.tcbatch.sandbox.FileMergeStore.sha256;
import static io.tcbatch.sandbox.FileMergeStore.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.tcbatch.sandbox.FileMerge.Hashes;
import io.tcbatch.sandbox.FileMerge.Outcome;

/**
 * Long random sequences of File upserts in every mode over a few hash values, so that files
 * overlap, conflict and merge all the time; after each step the store must still be
 * consistent, and a step that wrote no note must have lost nothing.
 */
class FileMergeInvariantTest {

    private static final String[] MERGE = {"Merge", "Distribute"};
    private static final String[] COLLISION =
        {"FavorIncoming", "FavorExisting", "IgnoreExisting", "IgnoreIncoming", "Split"};
    private static final char[] VALUES = {'1', '2', '3'};

    @ParameterizedTest
    @ValueSource(longs = {1, 2})
    void everyStepLeavesAConsistentStore(long seed) throws SQLException {
        Random random = new Random(seed);
        try (FileMergeStore store = new FileMergeStore()) {
            store.c.setAutoCommit(false);
            long group = store.group("incident-1", "Incident 1");
            for (int step = 0; step < 120; step++) {
                Hashes in = randomHashes(random);
                String merge = MERGE[random.nextInt(MERGE.length)];
                String collision = COLLISION[random.nextInt(COLLISION.length)];
                Set<String> hashesBefore = hashValues(store);
                int attributesBefore = store.attributes().size();
                String at = String.format("2026-01-01T00:%02d:%02dZ", step / 60, step % 60);
                String what = "step " + step + ": " + in.summary() + " " + merge + "/" + collision;

                Outcome out = FileMerge.upsert(store.c, OWNER, in, merge, collision, at(at), "$.indicator[" + step + "]");
                store.c.commit();

                List<FileMergeStore.FileRow> files = store.files();
                Set<Long> fileIds = new HashSet<>();
                for (FileMergeStore.FileRow f : files) {
                    fileIds.add(f.id());
                    assertEquals(summary(f.md5(), f.sha1(), f.sha256()), f.summary(), what);
                    assertFalse(f.summary().isEmpty(), what);
                }
                assertTrue(out.ids().size() <= 3, what);
                assertEquals(out.ids().size(), new HashSet<>(out.ids()).size(), what);
                for (long id : out.ids()) {
                    FileMergeStore.FileRow f = files.stream().filter(r -> r.id() == id).findFirst().orElseThrow();
                    assertTrue(shares(f, in), what + ": File " + id + " shares no hash with the incoming one");
                    assertEquals(at, f.lastModified(), what);
                }
                for (String left : store.strings("SELECT item_id FROM item_tag UNION ALL SELECT item_id FROM item_label"
                        + " UNION ALL SELECT item_id FROM item_attribute UNION ALL SELECT indicator_id FROM file_occurrence"
                        + " UNION ALL SELECT id_2 FROM association")) {
                    assertTrue(fileIds.contains(Long.parseLong(left)), what + ": metadata of a deleted File " + left);
                }
                for (String a : store.associations()) {
                    String[] p = a.split(" ");
                    assertTrue(p[0].compareTo(p[2]) < 0 || (p[0].equals(p[2]) && Long.parseLong(p[1]) < Long.parseLong(p[3])),
                            what + ": association not in order or with itself: " + a);
                }
                if (out.notes().isEmpty()) {
                    // Nothing reported means nothing lost: every hash stored before is still
                    // stored, every incoming hash is held by a File it was applied to, and no
                    // attribute vanished.
                    Set<String> after = hashValues(store);
                    assertTrue(after.containsAll(hashesBefore), what + ": a hash vanished without a note");
                    assertFalse(out.ids().isEmpty(), what);
                    for (int k = 0; k < 3; k++) {
                        String v = in.get(k);
                        int kind = k;
                        assertTrue(v == null || out.ids().stream().anyMatch(id -> v.equals(hash(files, id, kind))),
                                what + ": incoming hash " + v + " stored nowhere");
                    }
                    assertEquals(attributesBefore, store.attributes().size(), what);
                }
                for (String note : out.notes().stream().map(JobRepository.ErrorEntry::code).toList()) {
                    assertEquals("0x2003", note, what);
                }
                // Metadata for the next steps to move around.
                for (long id : out.ids()) {
                    store.sql("MERGE INTO item_tag (kind, item_id, name) KEY (kind, item_id, name) VALUES ('I', ?, ?)",
                            id, "t" + (step % 5));
                    store.attribute(id, "Source", "step " + step);
                    store.occurrence(id, "f" + step + ".bin");
                    if (random.nextBoolean()) {
                        associate(store, "G", group, id);
                    }
                }
                if (out.ids().size() == 1 && files.size() > 1 && random.nextBoolean()) {
                    long a = out.ids().get(0);
                    long b = files.get(random.nextInt(files.size())).id();
                    if (a != b) {
                        associate(store, "I", Math.min(a, b), Math.max(a, b));
                    }
                }
                store.c.commit();
            }
            // The association check above reads id_2 only; id_1 of an indicator pair must exist too.
            for (String a : store.associations()) {
                String[] p = a.split(" ");
                if (p[0].equals("I")) {
                    assertFalse(store.strings("SELECT id FROM indicator WHERE id = ?", Long.parseLong(p[1])).isEmpty(), a);
                }
            }
        }
    }

    /** An association of a File with the given first item, unless it exists already. */
    private static void associate(FileMergeStore store, String kind1, long id1, long file) throws SQLException {
        store.sql("MERGE INTO association (owner, kind_1, id_1, kind_2, id_2, association_type)"
                + " KEY (kind_1, id_1, kind_2, id_2, association_type) VALUES (?, ?, ?, 'I', ?, '')",
                OWNER, kind1, id1, file);
    }

    private static Hashes randomHashes(Random random) {
        String[] v = new String[3];
        do {
            for (int k = 0; k < 3; k++) {
                v[k] = random.nextInt(3) == 0 ? null : String.valueOf(VALUES[random.nextInt(VALUES.length)]);
            }
        } while (v[0] == null && v[1] == null && v[2] == null);
        return new Hashes(v[0] == null ? null : md5(v[0].charAt(0)), v[1] == null ? null : sha1(v[1].charAt(0)),
                v[2] == null ? null : sha256(v[2].charAt(0)));
    }

    private static Set<String> hashValues(FileMergeStore store) throws SQLException {
        Set<String> out = new HashSet<>();
        for (FileMergeStore.FileRow f : store.files()) {
            for (String h : new String[] {f.md5(), f.sha1(), f.sha256()}) {
                if (h != null) {
                    out.add(h);
                }
            }
        }
        return out;
    }

    private static boolean shares(FileMergeStore.FileRow f, Hashes in) {
        return (f.md5() != null && f.md5().equals(in.md5())) || (f.sha1() != null && f.sha1().equals(in.sha1()))
                || (f.sha256() != null && f.sha256().equals(in.sha256()));
    }

    private static String hash(List<FileMergeStore.FileRow> files, long id, int kind) {
        FileMergeStore.FileRow f = files.stream().filter(r -> r.id() == id).findFirst().orElseThrow();
        return kind == 0 ? f.md5() : kind == 1 ? f.sha1() : f.sha256();
    }
}
