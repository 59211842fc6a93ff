package io.tcbatch.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.shell.CompletionContext;
import org.springframework.shell.CompletionProposal;
import org.springframework.shell.command.CommandRegistration;
import org.springframework.shell.command.CommandRegistration.OptionArity;

import io.tcbatch.batch.ImportService;
import io.tcbatch.batch.ImportSpec;
import io.tcbatch.journal.JobRecord;
import io.tcbatch.journal.Journal;
import io.tcbatch.journal.RunRecord;
import io.tcbatch.render.Output;

/**
 * The value completion by option name, on registrations shaped like the real commands: which
 * option the cursor is on, and what is proposed for it.
 */
class CompletionsTest {
    @TempDir
    Path dir;

    private static final CommandRegistration IMPORT = CommandRegistration.builder().command("import")
            .withOption().longNames("file").position(0).arity(OptionArity.EXACTLY_ONE).and()
            .withOption().longNames("owner").arity(OptionArity.EXACTLY_ONE).and()
            .withOption().longNames("action").arity(OptionArity.EXACTLY_ONE).and()
            .withOption().longNames("halt-on-error").type(boolean.class).arity(OptionArity.ZERO).and()
            .withTarget().consumer(ctx -> { }).and().build();
    private static final CommandRegistration WATCH = CommandRegistration.builder().command("watch")
            .withOption().longNames("ids").type(String[].class).position(0).arity(OptionArity.ZERO_OR_MORE).and()
            .withTarget().consumer(ctx -> { }).and().build();
    private static final CommandRegistration PROFILE_USE = CommandRegistration.builder().command("profile", "use")
            .withOption().longNames("name").position(0).arity(OptionArity.EXACTLY_ONE).and()
            .withTarget().consumer(ctx -> { }).and().build();

    @Test
    void theOptionAtTheCursor() {
        assertEquals("file", Completions.optionAtCursor(IMPORT, List.of(""), 0));
        assertEquals("owner", Completions.optionAtCursor(IMPORT, List.of("feed.json", "--owner", "Ex"), 2));
        assertEquals("action", Completions.optionAtCursor(IMPORT, List.of("--action", ""), 1));
        // After a flag the next word is positional again: the file.
        assertEquals("file", Completions.optionAtCursor(IMPORT, List.of("--halt-on-error", ""), 1));
        // The file is given: nothing positional is left.
        assertNull(Completions.optionAtCursor(IMPORT, List.of("--owner", "O", "feed.json", ""), 3));
        assertNull(Completions.optionAtCursor(IMPORT, List.of("--ow"), 0), "an option name is Spring Shell's to complete");
        assertEquals("ids", Completions.optionAtCursor(WATCH, List.of("17", ""), 1));
        assertEquals("ids", Completions.optionAtCursor(WATCH, List.of(""), 0));
    }

    @Test
    void proposalsByOptionName() throws Exception {
        Journal journal = new Journal(dir, new ObjectMapper(), Clock.systemUTC());
        journal.save(new RunRecord("20260101-000000-aaaa", "2026-01-01T00:00:00Z", "local", null, "Example Org", "Create",
                List.of(), List.of(new JobRecord(7L, 0, 1, "Completed", 1, 0, 0)), "done", 0, null));
        journal.save(new RunRecord("20260102-000000-bbbb", "2026-01-02T00:00:00Z", "local", null, "Example Org", "Create",
                List.of(), List.of(new JobRecord(9L, 0, 1, "Completed", 1, 0, 0), new JobRecord(null, 1, 1, "Pending",
                null, null, null)), "done", 0, null));
        Path work = Files.createDirectories(dir.resolve("project"));
        Files.createDirectories(work.resolve("feeds"));
        Files.writeString(work.resolve("feeds/a b.json"), "{}");
        Files.writeString(work.resolve("feeds/c.txt"), "");
        Files.writeString(work.resolve(".hidden"), "");
        Completions.Completer c = new Completions.Completer(engine(journal), new Completions.Source() {
            @Override
            public List<String> profileNames() {
                return List.of("local", "prod");
            }

            @Override
            public List<String> ownerNames() {
                return List.of("Example Org", "Solo");
            }
        }, work, dir);

        assertEquals(List.of("Create", "Delete"), values(c.valuesFor("import", "action", "")));
        assertEquals(List.of("7", "9"), values(c.valuesFor("watch", "ids", "")), "in numeric order");
        assertEquals(List.of("20260102-000000-bbbb", "20260101-000000-aaaa"), values(c.valuesFor("jobs", "run", "")));
        assertEquals(List.of("local", "prod"), values(c.valuesFor("profile use", "name", "")));
        assertEquals(List.of(), values(c.valuesFor("profile add", "name", "")), "a new profile's name is the user's");
        assertEquals(List.of("\"Example Org\"", "Solo"), values(c.valuesFor("import", "owner", "")));
        assertEquals(List.of("Example\\ Org", "Solo"), values(c.valuesFor("import", "owner", "Ex")));
        assertEquals(List.of("Example Org\"", "Solo"), values(c.valuesFor("import", "owner", "Example O")));
        assertEquals(List.of("feeds/"), values(c.valuesFor("import", "file", "")), "hidden files only when asked");
        assertEquals(List.of("feeds/a\\ b.json", "feeds/c.txt"), values(c.valuesFor("import", "file", "feeds/")));
        assertEquals(List.of("~/project/"), values(c.valuesFor("validate", "files", "~/pro")));
        assertEquals(List.of(), values(c.valuesFor("import", "file", "nowhere/x")));

        // Through the resolver as Spring Shell calls it: the words after the command.
        List<CompletionProposal> ids = c.propose(new CompletionContext(List.of(""), 0, 0, WATCH, null));
        assertEquals(List.of("7", "9"), values(ids));
        assertEquals(List.of("local", "prod"),
                values(c.propose(new CompletionContext(List.of(""), 0, 0, PROFILE_USE, null))));
    }

    @Test
    void errorsProposesBatchIdsInNumericOrderAndRunsNewestFirstWithTheirLocalStart() throws Exception {
        Journal journal = new Journal(dir, new ObjectMapper(), Clock.systemUTC());
        journal.save(new RunRecord("20261204-041312-aaaa", "2026-12-04T04:13:12.991669756Z", "local", null, "Example Org",
                "Create", List.of(), List.of(new JobRecord(12L, 0, 1, "Completed", 1, 0, 0),
                new JobRecord(5L, 1, 1, "Completed", 1, 0, 0)), "done", 0, null));
        journal.save(new RunRecord("20261205-080000-bbbb", "2026-12-05T08:00:00Z", "local", null, "Example Org", "Create",
                List.of(), List.of(new JobRecord(8L, 0, 1, "Completed", 1, 0, 0), new JobRecord(15L, 1, 1, "Completed", 1, 0,
                0), new JobRecord(1L, 2, 1, "Completed", 1, 0, 0)), "failed", 1, null));
        Completions.Completer c = new Completions.Completer(engine(journal), new Completions.Source() {
            @Override
            public List<String> profileNames() {
                return List.of();
            }

            @Override
            public List<String> ownerNames() {
                return List.of();
            }
        }, dir, dir, java.time.ZoneId.of("Europe/Berlin"));
        List<CompletionProposal> got = c.valuesFor("errors", "id", "");
        assertEquals(List.of("1", "5", "8", "12", "15", "20261205-080000-bbbb", "20261204-041312-aaaa"), values(got));
        assertEquals("2026-12-04 05:13 done", got.get(6).description(), "local time, to the minute, as jobs shows it");
        assertEquals("2026-12-05 09:00 failed", got.get(5).description());
        assertEquals(List.of("1", "5", "8", "12", "15"), values(c.valuesFor("watch", "ids", "")), "watch takes batch ids only");

        // The terminal sorts each category by text; these keep their order (JLine compares the sort first).
        List<org.jline.reader.Candidate> shown = new java.util.ArrayList<>(Completions.inOrder(List.of(
                new org.jline.reader.Candidate("5", "5", "Batch ids", null, null, null, true),
                new org.jline.reader.Candidate("12", "12", "Batch ids", null, null, null, true),
                new org.jline.reader.Candidate("b", "b", "Values", null, null, null, true),
                new org.jline.reader.Candidate("a", "a", "Values", null, null, null, true))));
        java.util.Collections.sort(shown);
        assertEquals(List.of("5", "12"), shown.stream().filter(x -> x.group().equals("Batch ids"))
                .map(org.jline.reader.Candidate::value).toList());
        assertEquals(List.of("a", "b"), shown.stream().filter(x -> x.group().equals("Values"))
                .map(org.jline.reader.Candidate::value).toList(), "other categories are sorted by the terminal as before");
    }

    private static List<String> values(List<CompletionProposal> proposals) {
        return proposals.stream().map(CompletionProposal::value).toList();
    }

    /** An engine that only has a journal: completion reads nothing else. */
    private static Engine engine(Journal journal) {
        return new Engine() {
            @Override
            public ImportService service() {
                throw new UnsupportedOperationException();
            }

            @Override
            public Journal journal() {
                return journal;
            }

            @Override
            public Output output() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int runScript(Path script, List<String> args) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int importFiles(ImportSpec spec) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int watch(List<Long> ids) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int watchRun(RunRecord run) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int validate(ImportSpec spec, Integer chunkSize, Long maxBytes) {
                throw new UnsupportedOperationException();
            }

            @Override
            public void exitCode(int code) {
            }

            @Override
            public String defaultOwner() {
                return "Example Org";
            }

            @Override
            public String version() {
                return "test";
            }

            @Override
            public Prompter prompter() {
                throw new UnsupportedOperationException();
            }

            @Override
            public String destructive(ImportSpec spec) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int watchRuns(List<RunRecord> runs) {
                throw new UnsupportedOperationException();
            }

            @Override
            public int resubmit(RunRecord run, Path failedItems, boolean yes) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Throwable lastFailure() {
                return null;
            }

            @Override
            public Path historyFile() {
                throw new UnsupportedOperationException();
            }

            @Override
            public String profileName() {
                return "local";
            }
        };
    }
}
