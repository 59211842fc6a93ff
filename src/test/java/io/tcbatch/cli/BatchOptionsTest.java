package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tcbatch.journal.RunRecord;

/**
 * The job options of {@code batch { }} beyond the DSL core (issue 6, item 1): the four V2-only E1
 * options reach the run's recorded options, tcbatch's chunkSize and maxBytes shape the jobs, and
 * a wrong value or a V1 job with one of them is refused before anything is sent.
 */
class BatchOptionsTest {
    private static final String FEED = "{\"indicator\":["
            + "{\"type\":\"Host\",\"summary\":\"a.example.com\"},"
            + "{\"type\":\"Host\",\"summary\":\"b.example.com\"},"
            + "{\"type\":\"Host\",\"summary\":\"c.example.com\"},"
            + "{\"type\":\"Host\",\"summary\":\"d.example.com\"},"
            + "{\"type\":\"Host\",\"summary\":\"e.example.com\"}],\"group\":[]}";

    @TempDir
    Path home;

    private Path script(String name, String body) throws IOException {
        Path dir = Files.createDirectories(home.resolve("scripts"));
        return Files.writeString(dir.resolve(name), body);
    }

    private Path feed() throws IOException {
        return Files.writeString(home.resolve("feed.json"), FEED);
    }

    private RunRecord runWith(String options) throws IOException {
        Path s = script("opts.groovy", "batch {\n    owner 'Example Org'\n" + options + "\n    upload file(args[0])\n}\nwatch()\n");
        // --yes: some option sets Delete, which asks for confirmation (none without a terminal).
        Cli.Result r = new Cli(home).run("--yes", s.toString(), feed().toString());
        assertEquals(0, r.code(), r.err() + r.out());
        return CommandsTestSupport.latest(home);
    }

    @Test
    void theFourV2OptionsAsBareWordsReachTheRunsOptions() throws IOException {
        RunRecord rec = runWith("""
                    tagWriteType Append
                    securityLabelWriteType Replace
                    fileMergeMode Merge
                    hashCollisionMode Split
                """);
        RunRecord.JobOptions o = rec.options();
        assertEquals("Append", o.tagWriteType());
        assertEquals("Replace", o.securityLabelWriteType());
        assertEquals("Merge", o.fileMergeMode());
        assertEquals("Split", o.hashCollisionMode());
        assertEquals("Replace", o.attributeWriteType(), "the core options keep their defaults");
    }

    @Test
    void everyBareWordOfTheModesWorksAndStringsTooInTheApisSpelling() throws IOException {
        for (String mode : new String[] {"FavorExisting", "FavorIncoming", "IgnoreExisting", "IgnoreIncoming", "Split"}) {
            assertEquals(mode, runWith("    hashCollisionMode " + mode).options().hashCollisionMode());
        }
        RunRecord rec = runWith("""
                    tagWriteType 'replace'
                    securityLabelWriteType 'Append'
                    fileMergeMode Distribute
                    hashCollisionMode 'favorincoming'
                """);
        assertEquals("Replace", rec.options().tagWriteType());
        assertEquals("Append", rec.options().securityLabelWriteType());
        assertEquals("Distribute", rec.options().fileMergeMode());
        assertEquals("FavorIncoming", rec.options().hashCollisionMode());
    }

    @Test
    void notGivenTheyAreNotSent() throws IOException {
        RunRecord.JobOptions o = runWith("").options();
        assertNull(o.tagWriteType());
        assertNull(o.securityLabelWriteType());
        assertNull(o.fileMergeMode());
        assertNull(o.hashCollisionMode());
    }

    @Test
    void theCoreOptionsReachTheRunsRecord() throws IOException {
        RunRecord rec = runWith("""
                    action Delete
                    attributeWriteType Append
                    haltOnError true
                """);
        assertEquals("Delete", rec.action());
        assertEquals("Example Org", rec.owner());
        assertEquals("Append", rec.options().attributeWriteType());
        assertTrue(rec.options().haltOnError());
        assertEquals("V2", rec.options().version());
        RunRecord v1 = runWith("    version 'v1'\n    attributeWriteType 'append'");
        assertEquals("V1", v1.options().version());
        assertEquals("Append", v1.options().attributeWriteType());
    }

    @Test
    void parallelIsTaken() throws IOException {
        assertEquals(3, runWith("    chunkSize 2\n    parallel 1").jobs().size(), "parallel 1: every job still sent");
    }

    @Test
    void parallelAndDryRunAreCheckedAsTheOtherOptions() throws IOException {
        assertTrue(refused("par0.groovy", "    parallel 0").err()
                .contains("par0.groovy:3:5: parallel must be a positive number of jobs in flight at once"));
        assertTrue(refused("dry.groovy", "    dryRun 1").err().contains("dry.groovy:3:5: dryRun takes true or false, not '1'"));
    }

    @Test
    void aV1JobRefusesSingletonAtItsOwnLine() throws IOException {
        String err = refused("v1s.groovy", "    attributeWriteType Singleton\n    version V1").err();
        assertTrue(err.contains("v1s.groovy:3:5: "), err);
        assertTrue(err.contains("Singleton"), err);
    }

    @Test
    void chunkSizeSetsTheItemsPerJob() throws IOException {
        assertEquals(1, runWith("").jobs().size(), "one job by default");
        RunRecord rec = runWith("    chunkSize 2");
        assertEquals(3, rec.jobs().size());
        assertEquals(java.util.List.of(2, 2, 1), rec.jobs().stream().map(j -> j.items()).toList());
    }

    @Test
    void maxBytesSetsTheBytesPerChunkFile() throws IOException {
        RunRecord rec = runWith("    maxBytes 120");
        assertTrue(rec.jobs().size() > 1, rec.jobs().toString());
        assertEquals(5, rec.jobs().stream().mapToInt(j -> j.items()).sum());
        for (var j : rec.jobs()) {
            assertTrue(Files.size(Path.of(j.file())) <= 120, j.file());
        }
    }

    private Cli.Result refused(String name, String options) throws IOException {
        Path s = script(name, "batch {\n    owner 'Example Org'\n" + options + "\n    upload file(args[0])\n}\n");
        Cli.Result r = new Cli(home).run(s.toString(), feed().toString());
        assertEquals(2, r.code(), r.err() + r.out());
        assertTrue(CommandsTestSupport.journal(home).recent(10).isEmpty(), "nothing sent");
        return r;
    }

    @Test
    void aWrongValueListsTheAllowedOnesWithTheScriptLine() throws IOException {
        assertTrue(refused("tag.groovy", "    tagWriteType 'Apend'").err()
                .contains("tag.groovy:3:5: tagWriteType must be one of Append, Replace (did you mean Append?)"));
        assertTrue(refused("label.groovy", "    securityLabelWriteType Static").err()
                .contains("label.groovy:3:5: securityLabelWriteType must be one of Append, Replace, not 'Static'"));
        assertTrue(refused("merge.groovy", "    fileMergeMode 'Mrge'").err()
                .contains("merge.groovy:3:5: fileMergeMode must be one of Distribute, Merge (did you mean Merge?)"));
        assertTrue(refused("hash.groovy", "    hashCollisionMode Merge").err()
                .contains("hash.groovy:3:5: hashCollisionMode must be one of FavorExisting, FavorIncoming, IgnoreExisting,"
                        + " IgnoreIncoming, Split, not 'Merge'"));
    }

    @Test
    void aMistypedBareWordSuggestsTheRightOne() throws IOException {
        String err = refused("bare.groovy", "    hashCollisionMode Splt").err();
        assertTrue(err.contains("bare.groovy:3:23: unknown name 'Splt' (did you mean 'Split'?)"), err);
    }

    @Test
    void chunkSizeAndMaxBytesMustBePositiveWholeNumbers() throws IOException {
        assertTrue(refused("zero.groovy", "    chunkSize 0").err()
                .contains("zero.groovy:3:5: chunkSize must be a positive number of items per job"));
        assertTrue(refused("neg.groovy", "    maxBytes(-5)").err()
                .contains("neg.groovy:3:5: maxBytes must be a positive number of bytes per chunk file"));
        assertTrue(refused("text.groovy", "    chunkSize 'many'").err()
                .contains("text.groovy:3:5: chunkSize takes a whole number of items per job"));
    }

    @Test
    void aV1JobRefusesTheV2OnlyOptionsAsAnImportDoes() throws IOException {
        String err = refused("v1.groovy", "    version V1\n    tagWriteType Append").err();
        // Refused when the block ends, but named at the option's own line (4), not the block's.
        assertTrue(err.contains("v1.groovy:4:5: a V1 job has no tagWriteType (V2 only); use a V2 job or leave it out"), err);
    }

    @Test
    void theReadmesScriptRunsAsWritten() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        int at = readme.indexOf("```groovy", readme.indexOf("### A script"));
        String body = readme.substring(at + "```groovy".length(), readme.indexOf("```", at + 3));
        assertTrue(body.contains("hashCollisionMode") && body.contains("maxBytes"), body);
        Cli.Result r = new Cli(home).run(script("readme.groovy", body).toString(), feed().toString());
        assertEquals(0, r.code(), r.err() + r.out());
        assertTrue(r.out().contains("5\n"), r.out());
        assertEquals("Split", CommandsTestSupport.latest(home).options().hashCollisionMode());
    }
}
