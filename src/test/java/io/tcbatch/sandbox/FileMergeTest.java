package io.tcbatch.sandbox;

import static io.tcbatch.sandbox.FileMergeStore.OWNER;
import static io.tcbatch.sandbox.FileMergeStore.at;
import static io.tcbatch.sandbox.FileMergeStore.md5;
import static io.tcbatch.sandbox.FileMergeStore.row;
import static io.tcbatch.sandbox.FileMergeStore.sha1;
import static io.tcbatch.sandbox.FileMergeStore.sha256;
import static io.tcbatch.sandbox.FileMergeStore.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.SQLException;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.tcbatch.sandbox.FileMerge.Hashes;
import io.tcbatch.sandbox.FileMerge.Outcome;
import io.tcbatch.sandbox.JobRepository.ErrorEntry;

/** File identity by hash and the two merge modes of API doc §4.5, with exact store contents. */
class FileMergeTest {

    private static final String A = md5('a');
    private static final String E = md5('e');
    private static final String B = sha1('b');
    private static final String D = sha1('d');
    private static final String C = sha256('c');
    private static final String F = sha256('f');

    private static final String T1 = "2026-01-01T00:00:00Z";
    private static final String T2 = "2026-02-01T00:00:00Z";
    private static final String T3 = "2026-03-01T00:00:00Z";
    private static final String NOW = "2026-06-01T12:00:00Z";
    private static final String SOURCE = "$.indicator[0]";

    private FileMergeStore store;

    @BeforeEach
    void open() throws SQLException {
        store = new FileMergeStore();
    }

    @AfterEach
    void close() throws SQLException {
        store.close();
    }

    private Outcome upsert(String md5, String sha1, String sha256, String mergeMode, String collisionMode)
            throws SQLException {
        return FileMerge.upsert(store.c, OWNER, new Hashes(md5, sha1, sha256), mergeMode, collisionMode, at(NOW),
                SOURCE);
    }

    private static ErrorEntry warning(String reason) {
        return new ErrorEntry("0x2003", "Warning", reason, SOURCE);
    }

    // --- Hashes -------------------------------------------------------------------------------

    @Test
    void summaryJoinsThePresentHashesInOrderWithSpaceColonSpace() {
        assertEquals(A + " : " + B + " : " + C, new Hashes(A, B, C).summary());
        assertEquals(A + " : " + C, new Hashes(A, null, C).summary());
        assertEquals(B, new Hashes(null, B, null).summary());
        assertEquals(B + " : " + C, new Hashes(null, B, C).summary());
    }

    @Test
    void hashesFoldUpperCaseAndTreatBlankAsAbsent() {
        Hashes h = new Hashes(A.toUpperCase(), " ", C.toUpperCase());
        assertEquals(new Hashes(A, null, C), h);
        assertEquals(A + " : " + C, h.summary());
    }

    @Test
    void hashesNeedAtLeastOneValue() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Hashes(null, "", null));
        assertEquals("A File needs at least one of md5, sha1 and sha256", e.getMessage());
    }

    // --- Plain identity -----------------------------------------------------------------------

    @Test
    void anUnknownFileIsCreatedWithItsHashesAndNow() throws SQLException {
        Outcome out = upsert(A, null, C, null, null);

        List<FileMergeStore.FileRow> rows = store.files();
        assertEquals(1, rows.size());
        long id = rows.get(0).id();
        assertEquals(List.of(id), out.ids());
        assertEquals(List.of(), out.notes());
        assertEquals(List.of(new FileMergeStore.FileRow(id, A + " : " + C, A, null, C, NOW, NOW)), rows);
    }

    @Test
    void aFileOfAnotherOwnerIsNotAMatch() throws SQLException {
        long theirs = store.file("Other Org", A, null, null, T1);

        Outcome out = upsert(A, null, null, null, null);

        long mine = out.ids().get(0);
        assertEquals(List.of(row(theirs, A, null, null, T1, T1), row(mine, A, null, null, NOW, NOW)), store.files());
    }

    @Test
    void aSupersetFillsInTheMissingHashesOfTheMatch() throws SQLException {
        long id = store.file(A, null, null, T1);

        Outcome out = upsert(A, B, C, null, null);

        assertEquals(new Outcome(List.of(id), List.of()), out);
        assertEquals(List.of(row(id, A, B, C, T1, NOW)), store.files());
    }

    @Test
    void aSubsetLeavesTheMatchAsItIsButModified() throws SQLException {
        long id = store.file(A, B, C, T1);

        Outcome out = upsert(null, B, null, null, null);

        assertEquals(new Outcome(List.of(id), List.of()), out);
        assertEquals(List.of(row(id, A, B, C, T1, NOW)), store.files());
    }

    @Test
    void theSameFileTwiceIsOneRow() throws SQLException {
        long first = upsert(A, B, null, null, null).ids().get(0);
        Outcome again = upsert(A, B, null, null, null);

        assertEquals(new Outcome(List.of(first), List.of()), again);
        assertEquals(List.of(row(first, A, B, null, NOW, NOW)), store.files());
    }

    // --- Merge --------------------------------------------------------------------------------

    @Test
    void mergeFoldsTheMatchesIntoTheMostRecentlyModifiedAndMovesTheirMetadata() throws SQLException {
        long older = store.file(A, null, null, T1);
        long newer = store.file(null, null, C, T2);
        long group = store.group("incident-1", "Incident 1");
        long other = store.file(E, null, null, T1);
        store.sql("UPDATE indicator SET rating = 3, confidence = 20, file_size = 10 WHERE id = ?", older);
        store.sql("UPDATE indicator SET confidence = 50 WHERE id = ?", newer);
        store.tag(older, "only-old");
        store.tag(older, "shared");
        store.tag(newer, "shared");
        store.tag(newer, "only-new");
        store.label(older, "TLP:RED");
        store.label(newer, "TLP:RED");
        store.label(older, "TLP:AMBER");
        store.attribute(newer, "Source", "feed A");
        store.attribute(older, "Source", "feed A");
        store.attribute(older, "Description", "old one");
        store.occurrence(older, "old.bin");
        store.occurrence(newer, "new.bin");
        store.associate("I", older, "G", group);
        store.associate("I", newer, "G", group);
        store.associate("I", older, "I", newer);
        store.associate("I", older, "I", other);

        Outcome out = upsert(A, null, C, "Merge", "FavorIncoming");

        assertEquals(new Outcome(List.of(newer), List.of()), out);
        // date_added is the older File's: the merged File has been known since then.
        assertEquals(List.of(row(newer, A, null, C, T1, NOW), row(other, E, null, null, T1, T1)), store.files());
        assertEquals(List.of("I " + newer + " only-new", "I " + newer + " only-old", "I " + newer + " shared"),
                store.tags());
        assertEquals(List.of("I " + newer + " TLP:AMBER", "I " + newer + " TLP:RED"), store.labels());
        // Attributes are appended, so the two "feed A" both stay (API doc §4.5).
        assertEquals(List.of("I " + newer + " Source=feed A", "I " + newer + " Source=feed A",
                "I " + newer + " Description=old one"), store.attributes());
        assertEquals(List.of(newer + " old.bin", newer + " new.bin"), store.occurrences());
        // One association with the group (not two), none of the file with itself, and the
        // association with the third file re-pointed with the smaller id first.
        assertEquals(List.of("G " + group + " I " + newer, "I " + Math.min(newer, other) + " I " + Math.max(newer, other)),
                store.associations());
        // The primary's own scalars stay; where it had none it takes the merged File's.
        assertEquals(List.of("3.0 50 10"),
                store.strings("SELECT rating, confidence, file_size FROM indicator WHERE id = ?", newer));
    }

    @Test
    void mergeOfThreeFilesEachHoldingOneHash() throws SQLException {
        long m = store.file(A, null, null, T3);
        long s1 = store.file(null, B, null, T1);
        long s256 = store.file(null, null, C, T2);
        store.tag(s1, "from-sha1");
        store.tag(s256, "from-sha256");

        Outcome out = upsert(A, B, C, null, null);

        assertEquals(new Outcome(List.of(m), List.of()), out);
        assertEquals(List.of(row(m, A, B, C, T1, NOW)), store.files());
        assertEquals(List.of("I " + m + " from-sha1", "I " + m + " from-sha256"), store.tags());
    }

    @Test
    void onEqualModificationTimesTheNewerIdIsPrimary() throws SQLException {
        long first = store.file(A, null, null, T1);
        long second = store.file(null, B, null, T1);

        Outcome out = upsert(A, B, null, null, null);

        assertEquals(List.of(second), out.ids());
        assertEquals(List.of(row(second, A, B, null, T1, NOW)), store.files());
        assertEquals(List.of(), store.strings("SELECT id FROM indicator WHERE id = ?", first));
    }

    @Test
    void theStoreRefusesASecondFileOfTheOwnerWithTheSameHash() throws SQLException {
        store.file(A, null, null, T1);
        store.file("Other Org", A, null, null, T1);

        SQLException e = assertThrows(SQLException.class, () -> store.file(A, B, null, T1));

        assertEquals("23505", e.getSQLState());
    }

    // --- FavorIncoming / FavorExisting ---------------------------------------------------------

    @Test
    void favorIncomingOverwritesTheConflictingHashAndSaysSo() throws SQLException {
        long id = store.file(A, B, null, T1);

        Outcome out = upsert(A, D, null, null, "FavorIncoming");

        assertEquals(new Outcome(List.of(id), List.of(warning("File hash conflict on sha1 (hashCollisionMode"
                + " FavorIncoming): kept " + D + " of the incoming File " + A + " : " + D + ", dropped " + B
                + " of the existing File " + A + " : " + B))), out);
        assertEquals(List.of(row(id, A, D, null, T1, NOW)), store.files());
    }

    @Test
    void theDefaultModesAreMergeAndFavorIncoming() throws SQLException {
        long older = store.file(A, B, null, T1);
        long newer = store.file(null, null, C, T2);

        Outcome out = upsert(A, D, C, null, null);

        assertEquals(List.of(newer), out.ids());
        assertEquals(1, out.notes().size());
        assertEquals(List.of(row(newer, A, D, C, T1, NOW)), store.files());
        assertEquals(List.of(), store.strings("SELECT id FROM indicator WHERE id = ?", older));
    }

    @Test
    void favorExistingKeepsTheExistingHashAndDropsTheIncomingOne() throws SQLException {
        long id = store.file(A, B, null, T1);

        Outcome out = upsert(A, D, C, null, "FavorExisting");

        assertEquals(new Outcome(List.of(id), List.of(warning("File hash conflict on sha1 (hashCollisionMode"
                + " FavorExisting): kept " + B + " of the existing File " + A + " : " + B + ", dropped " + D
                + " of the incoming File " + A + " : " + D + " : " + C))), out);
        assertEquals(List.of(row(id, A, B, C, T1, NOW)), store.files());
    }

    @Test
    void whenMatchesDisagreeAndTheIncomingFileIsSilentThePrimaryValueWins() throws SQLException {
        long older = store.file(A, B, null, T1);
        long newer = store.file(null, D, C, T2);

        Outcome out = upsert(A, null, C, "Merge", "FavorIncoming");

        assertEquals(new Outcome(List.of(newer), List.of(warning("File hash conflict on sha1 (hashCollisionMode"
                + " FavorIncoming): kept " + D + " of the existing File " + D + " : " + C + ", dropped " + B
                + " of the existing File " + A + " : " + B))), out);
        assertEquals(List.of(row(newer, A, D, C, T1, NOW)), store.files());
    }

    @Test
    void favorExistingStillFillsInTheKindsTheMatchLacks() throws SQLException {
        long older = store.file(A, B, null, T1);
        long newer = store.file(null, null, C, T2);

        Outcome out = upsert(E, null, C, "Merge", "FavorExisting");
        // E matches nothing; only C links the incoming File to "newer": one match, md5 filled in.
        assertEquals(new Outcome(List.of(newer), List.of()), out);

        Outcome second = upsert(A, D, F, "Merge", "FavorExisting");
        // Now A links to "older" and nothing else: F conflicts with nothing held by it, D with B.
        assertEquals(List.of(older), second.ids());
        assertEquals(List.of(row(older, A, B, F, T1, NOW), row(newer, E, null, C, T2, NOW)), store.files());
        assertEquals(List.of(warning("File hash conflict on sha1 (hashCollisionMode FavorExisting): kept " + B
                + " of the existing File " + A + " : " + B + ", dropped " + D + " of the incoming File "
                + A + " : " + D + " : " + F)), second.notes());
    }

    @Test
    void favorExistingMergeResolvesEachKindFromThePrimaryFirst() throws SQLException {
        long older = store.file(A, B, null, T1);
        long newer = store.file(E, null, C, T2);

        // Incoming shares B with older and C with newer; md5 differs among the matches.
        Outcome out = upsert(null, B, C, "Merge", "FavorExisting");

        assertEquals(new Outcome(List.of(newer), List.of(warning("File hash conflict on md5 (hashCollisionMode"
                + " FavorExisting): kept " + E + " of the existing File " + E + " : " + C + ", dropped " + A
                + " of the existing File " + A + " : " + B))), out);
        assertEquals(List.of(row(newer, E, B, C, T1, NOW)), store.files());
        assertEquals(List.of(), store.strings("SELECT id FROM indicator WHERE id = ?", older));
    }

    // --- Distribute ---------------------------------------------------------------------------

    @Test
    void distributeAppliesToEveryMatchMostRecentFirstAndChangesNoHash() throws SQLException {
        long older = store.file(A, null, null, T1);
        long newer = store.file(null, null, C, T2);

        Outcome out = upsert(A, B, C, "Distribute", "FavorIncoming");

        assertEquals(new Outcome(List.of(newer, older), List.of(warning("File hash not stored (fileMergeMode"
                + " Distribute): the incoming sha1 " + B + " is held by none of the existing Files " + C + ", " + A
                + " that the File " + A + " : " + B + " : " + C + " was applied to"))), out);
        assertEquals(List.of(row(older, A, null, null, T1, NOW), row(newer, null, null, C, T2, NOW)), store.files());
    }

    @Test
    void distributeWithEveryIncomingHashHeldWritesNoNote() throws SQLException {
        long older = store.file(A, null, null, T1);
        long middle = store.file(null, B, null, T2);
        long newer = store.file(null, null, C, T3);

        Outcome out = upsert(A, B, C, "Distribute", null);

        assertEquals(new Outcome(List.of(newer, middle, older), List.of()), out);
        assertEquals(3, store.files().size());
    }

    @Test
    void distributeWithOneMatchFillsItInAsMergeWould() throws SQLException {
        long id = store.file(A, null, null, T1);

        Outcome out = upsert(A, B, null, "Distribute", null);

        assertEquals(new Outcome(List.of(id), List.of()), out);
        assertEquals(List.of(row(id, A, B, null, T1, NOW)), store.files());
    }

    @Test
    void distributeIgnoresConflictsAmongTheMatchesSinceNothingIsMerged() throws SQLException {
        long older = store.file(A, B, null, T1);
        long newer = store.file(null, D, C, T2);

        Outcome out = upsert(A, null, C, "Distribute", "IgnoreIncoming");

        assertEquals(new Outcome(List.of(newer, older), List.of()), out);
        assertEquals(List.of(row(older, A, B, null, T1, NOW), row(newer, null, D, C, T2, NOW)), store.files());
    }

    // --- IgnoreIncoming -----------------------------------------------------------------------

    @Test
    void ignoreIncomingSkipsAConflictingFileAndLeavesTheStoreUntouched() throws SQLException {
        long id = store.file(A, B, null, T1);

        Outcome out = upsert(A, D, null, null, "IgnoreIncoming");

        assertEquals(new Outcome(List.of(), List.of(warning("File " + A + " : " + D + " was not imported"
                + " (hashCollisionMode IgnoreIncoming): its hashes conflict with the existing File " + A + " : " + B))),
                out);
        assertEquals(List.of(row(id, A, B, null, T1, T1)), store.files());
    }

    @Test
    void ignoreIncomingSkipsWhenTheMatchesConflictAmongThemselves() throws SQLException {
        long older = store.file(A, B, null, T1);
        long newer = store.file(null, D, C, T2);

        Outcome out = upsert(A, null, C, "Merge", "IgnoreIncoming");

        assertEquals(new Outcome(List.of(), List.of(warning("File " + A + " : " + C + " was not imported"
                + " (hashCollisionMode IgnoreIncoming): the existing Files it matches, " + D + " : " + C + ", " + A
                + " : " + B + ", conflict with each other"))), out);
        assertEquals(List.of(row(older, A, B, null, T1, T1), row(newer, null, D, C, T2, T2)), store.files());
    }

    @Test
    void ignoreIncomingWithoutAConflictMergesAsUsual() throws SQLException {
        long older = store.file(A, null, null, T1);
        long newer = store.file(null, B, null, T2);

        Outcome out = upsert(A, B, C, "Merge", "IgnoreIncoming");

        assertEquals(new Outcome(List.of(newer), List.of()), out);
        assertEquals(List.of(row(newer, A, B, C, T1, NOW)), store.files());
        assertEquals(List.of(), store.strings("SELECT id FROM indicator WHERE id = ?", older));
    }

    // --- IgnoreExisting -----------------------------------------------------------------------

    @Test
    void ignoreExistingDeletesMatchesThatConflictAmongThemselvesThenImports() throws SQLException {
        long older = store.file(A, B, null, T1);
        long newer = store.file(null, D, C, T2);
        long group = store.group("incident-1", "Incident 1");
        store.tag(older, "gone");
        store.attribute(newer, "Source", "gone too");
        store.label(newer, "TLP:RED");
        store.occurrence(older, "old.bin");
        store.associate("I", older, "G", group);

        Outcome out = upsert(A, null, C, "Merge", "IgnoreExisting");

        long created = store.files().get(0).id();
        assertEquals(new Outcome(List.of(created), List.of(
                warning("The existing File " + D + " : " + C + " was deleted (hashCollisionMode IgnoreExisting): it"
                        + " conflicts with the existing File " + A + " : " + B + ", both matching the incoming File "
                        + A + " : " + C),
                warning("The existing File " + A + " : " + B + " was deleted (hashCollisionMode IgnoreExisting): it"
                        + " conflicts with the existing File " + D + " : " + C + ", both matching the incoming File "
                        + A + " : " + C))), out);
        assertEquals(List.of(row(created, A, null, C, NOW, NOW)), store.files());
        assertEquals(List.of(), store.tags());
        assertEquals(List.of(), store.attributes());
        assertEquals(List.of(), store.labels());
        assertEquals(List.of(), store.occurrences());
        assertEquals(List.of(), store.associations());
    }

    @Test
    void ignoreExistingLeavesAConflictingMatchAndCreatesTheIncomingWithoutTheSharedHashes() throws SQLException {
        long id = store.file(A, B, null, T1);
        store.tag(id, "kept");

        Outcome out = upsert(A, D, null, null, "IgnoreExisting");

        long created = out.ids().get(0);
        assertEquals(new Outcome(List.of(created), List.of(warning("File " + A + " : " + D + " was imported as " + D
                + " (hashCollisionMode IgnoreExisting): it conflicts with the existing File " + A + " : " + B
                + ", which was left as it was; the hashes it shares with it were removed from it"))), out);
        assertEquals(List.of(row(id, A, B, null, T1, T1), row(created, null, D, null, NOW, NOW)), store.files());
        assertEquals(List.of("I " + id + " kept"), store.tags());
    }

    @Test
    void ignoreExistingCombinesTheStrippedFileWithACompatibleMatch() throws SQLException {
        long conflicting = store.file(A, B, null, T1);
        long compatible = store.file(null, null, C, T2);

        Outcome out = upsert(A, D, C, "Merge", "IgnoreExisting");

        assertEquals(new Outcome(List.of(compatible), List.of(warning("File " + A + " : " + D + " : " + C
                + " was imported as " + D + " : " + C + " (hashCollisionMode IgnoreExisting): it conflicts with the"
                + " existing File " + A + " : " + B + ", which was left as it was; the hashes it shares with it were"
                + " removed from it"))), out);
        assertEquals(List.of(row(conflicting, A, B, null, T1, T1), row(compatible, null, D, C, T2, NOW)),
                store.files());
    }

    @Test
    void ignoreExistingImportsNothingWhenNoHashRemains() throws SQLException {
        // Under Merge these two would conflict with each other and be deleted; Distribute merges
        // nothing, so only their conflicts with the incoming File count.
        long first = store.file(A, B, null, T1);
        long second = store.file(E, D, null, T2);

        Outcome out = upsert(A, D, null, "Distribute", "IgnoreExisting");

        assertEquals(new Outcome(List.of(), List.of(warning("File " + A + " : " + D + " was not imported"
                + " (hashCollisionMode IgnoreExisting): it conflicts with the existing Files " + E + " : " + D + ", "
                + A + " : " + B + ", which were left as they were, and no hash of its own remained"))), out);
        assertEquals(List.of(row(first, A, B, null, T1, T1), row(second, E, D, null, T2, T2)), store.files());
    }

    @Test
    void ignoreExistingWithoutAConflictMergesAsUsual() throws SQLException {
        long id = store.file(A, null, null, T1);

        Outcome out = upsert(A, B, null, null, "IgnoreExisting");

        assertEquals(new Outcome(List.of(id), List.of()), out);
        assertEquals(List.of(row(id, A, B, null, T1, NOW)), store.files());
    }

    // --- Split --------------------------------------------------------------------------------

    @Test
    void splitWithConflictingMatchesMergesNothingAndAppliesToAll() throws SQLException {
        long older = store.file(A, B, null, T1);
        long newer = store.file(null, D, C, T2);
        store.tag(older, "old");

        Outcome out = upsert(A, null, C, "Merge", "Split");

        assertEquals(new Outcome(List.of(newer, older), List.of()), out);
        assertEquals(List.of(row(older, A, B, null, T1, NOW), row(newer, null, D, C, T2, NOW)), store.files());
        assertEquals(List.of("I " + older + " old"), store.tags());
    }

    @Test
    void splitWithOneConflictingMatchFillsItInButOverwritesNothing() throws SQLException {
        long id = store.file(A, B, null, T1);

        Outcome out = upsert(A, D, C, null, "Split");

        assertEquals(new Outcome(List.of(id), List.of(warning("File hash conflict on sha1 (hashCollisionMode"
                + " Split): kept " + B + " of the existing File " + A + " : " + B + ", dropped " + D
                + " of the incoming File " + A + " : " + D + " : " + C))), out);
        assertEquals(List.of(row(id, A, B, C, T1, NOW)), store.files());
    }

    @Test
    void splitWithAConflictAgainstTheIncomingFileReportsTheHashNobodyHolds() throws SQLException {
        long older = store.file(A, B, null, T1);
        long newer = store.file(null, null, C, T2);

        Outcome out = upsert(A, D, C, "Merge", "Split");

        assertEquals(new Outcome(List.of(newer, older), List.of(warning("File hash not stored (hashCollisionMode"
                + " Split): the incoming sha1 " + D + " is held by none of the existing Files " + C + ", " + A + " : "
                + B + " that the File " + A + " : " + D + " : " + C + " was applied to"))), out);
        assertEquals(List.of(row(older, A, B, null, T1, NOW), row(newer, null, null, C, T2, NOW)), store.files());
    }

    @Test
    void splitWithoutAConflictMergesAsUsual() throws SQLException {
        long older = store.file(A, null, null, T1);
        long newer = store.file(null, null, C, T2);

        Outcome out = upsert(A, null, C, "Merge", "Split");

        assertEquals(new Outcome(List.of(newer), List.of()), out);
        assertEquals(List.of(row(newer, A, null, C, T1, NOW)), store.files());
        assertEquals(List.of(), store.strings("SELECT id FROM indicator WHERE id = ?", older));
    }

    // --- Refusals and Delete ------------------------------------------------------------------

    @Test
    void anUnknownModeIsRefusedWithAClearErrorAndWritesNothing() throws SQLException {
        store.file(A, null, null, T1);

        Outcome merge = upsert(A, B, null, "Fold", null);
        Outcome collision = upsert(A, B, null, null, "FavorNewest");

        assertEquals(new Outcome(List.of(), List.of(new ErrorEntry("0x2003", "Error", "File " + A + " : " + B
                + " was not imported: unsupported fileMergeMode 'Fold' (supported: Merge, Distribute)", SOURCE))), merge);
        assertEquals(new Outcome(List.of(), List.of(new ErrorEntry("0x2003", "Error", "File " + A + " : " + B
                + " was not imported: unsupported hashCollisionMode 'FavorNewest' (supported: FavorIncoming,"
                + " FavorExisting, IgnoreExisting, IgnoreIncoming, Split)", SOURCE))), collision);
        assertEquals(1, store.files().size());
        assertEquals(summary(A, null, null), store.files().get(0).summary());
    }

    @Test
    void matchingFindsEveryFileOfTheOwnerSharingAnyHashMostRecentFirst() throws SQLException {
        long older = store.file(A, null, null, T1);
        long newer = store.file(null, B, C, T2);
        store.file(E, null, null, T3);
        store.file("Other Org", A, B, C, T3);
        store.sql("INSERT INTO indicator (owner, type, summary, date_added, last_modified) VALUES (?, 'Host',"
                + " ?, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)", OWNER, A);

        assertEquals(List.of(newer, older), FileMerge.matching(store.c, OWNER, new Hashes(A, null, C)));
        assertEquals(List.of(newer), FileMerge.matching(store.c, OWNER, new Hashes(null, B, null)));
        assertEquals(List.of(), FileMerge.matching(store.c, OWNER, new Hashes(null, D, F)));
    }
}
