package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tcbatch.TestClock;
import io.tcbatch.api.Sleeper;
import io.tcbatch.batch.Action;
import io.tcbatch.batch.AttributeWriteType;
import io.tcbatch.batch.ImportSpec;
import io.tcbatch.batch.UsageException;
import io.tcbatch.config.Profile;
import io.tcbatch.config.Settings;
import io.tcbatch.render.Output;

/** Which imports ask first, and how the asking goes in the shell and as a single command. */
class DestructiveConfirmationTest {
    @TempDir
    Path home;

    private static final Profile PROD = new Profile("prod", false, URI.create("https://tc.example.com/api"), "id", "s3cr3t",
            null, "Example Org");

    private static ImportSpec spec(Action action, AttributeWriteType awt, ImportSpec.JobExtras x) {
        return new ImportSpec("Example Org", action, awt, false, List.of(Path.of("feed.json")), "V2", x);
    }

    @Test
    void deleteAnywhereAndReplaceOnASharedInstanceAreDestructive() {
        assertEquals("Delete the items of feed.json from owner 'Example Org' on profile 'local'",
                Destructive.describe(spec(Action.Delete, AttributeWriteType.Append, null), Profile.local("Example Org")));
        assertNull(Destructive.describe(spec(Action.Create, AttributeWriteType.Replace,
                new ImportSpec.JobExtras("Replace", "Replace", null, null)), Profile.local("Example Org")),
                "the sandbox holds rehearsal data only");
        assertEquals("Replace the attributes, tags of existing items in owner 'Example Org' on profile 'prod' with those of"
                + " feed.json", Destructive.describe(spec(Action.Create, AttributeWriteType.Replace,
                new ImportSpec.JobExtras("Replace", "Append", null, null)), PROD));
        assertNull(Destructive.describe(spec(Action.Create, AttributeWriteType.Append,
                new ImportSpec.JobExtras("Append", null, "Merge", null)), PROD));
    }

    @Test
    void asASingleCommandAConfirmationNeedsYes() {
        Prompts p = new Prompts(() -> null, new ByteArrayInputStream("yes\n".getBytes(StandardCharsets.UTF_8)));
        p.interactive(false);
        UsageException e = assertThrows(UsageException.class, () -> p.confirm("Delete the items of feed.json", false));
        assertEquals("Delete the items of feed.json: this needs confirmation; add --yes to go ahead", e.getMessage(),
                "a yes on standard input is no confirmation: a pipe cannot see what it agrees to");
        p.confirm("Delete the items of feed.json", true);
    }

    @Test
    void importOfADeleteAsASingleCommandSendsNothingWithoutYes() throws Exception {
        Cli cli = new Cli(home);
        Cli.Result r = cli.run("import", "dsl-examples/samples/iocs.txt", "--owner", "Example Org", "--action", "Delete");
        assertEquals(2, r.code(), r.err());
        assertEquals("tcbatch: Delete the items of iocs.txt from owner 'Example Org' on profile 'local': this needs"
                + " confirmation; add --yes to go ahead\n", r.err());
        assertFalse(Files.isDirectory(home.resolve("runs")) && Files.list(home.resolve("runs")).findAny().isPresent(),
                "nothing was prepared or sent");
        Cli.Result yes = cli.run("--output", "json", "import", "dsl-examples/samples/iocs.txt", "--owner", "Example Org",
                "--action", "Delete", "--yes", "--tag-write-type", "replace", "--hash-collision-mode", "split");
        assertTrue(yes.code() == 0 || yes.code() == 1, yes.err());
        var options = new com.fasterxml.jackson.databind.ObjectMapper().readTree(cli.run("--output", "json", "jobs").out())
                .at("/0/options");
        assertEquals("Replace", options.path("tagWriteType").asText(), options.toString());
        assertEquals("Split", options.path("hashCollisionMode").asText(), options.toString());
        Cli.Result wrong = cli.run("import", "dsl-examples/samples/iocs.txt", "--file-merge-mode", "join");
        assertEquals(2, wrong.code());
        assertTrue(wrong.err().contains("--file-merge-mode must be one of Distribute, Merge, not 'join'"), wrong.err());
    }

    /** Answers as a person at the shell would, and remembers what was asked. */
    private static final class Answering extends Prompts {
        final Deque<String> answers = new ArrayDeque<>();
        final List<String> asked = new ArrayList<>();

        Answering(String... answers) {
            super(() -> null, InputStream());
            this.answers.addAll(List.of(answers));
        }

        private static java.io.InputStream InputStream() {
            return java.io.InputStream.nullInputStream();
        }

        @Override
        public boolean interactive() {
            return true;
        }

        @Override
        public void confirm(String what, boolean yes) {
            asked.add(what);
            if (!yes && !"yes".equals(answers.poll())) {
                throw new UsageException("cancelled: nothing was sent");
            }
        }
    }

    @Test
    void inTheShellAStagedDeleteAsksAndANoKeepsTheDraftAndSendsNothing() throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-03-01T12:00:00Z"));
        Sleeper sleeper = d -> {
            clock.sleep(d);
            Thread.sleep(Math.min(20, Math.max(1, d.toMillis() / 50)));
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
             Session session = new Session(Settings.load(Map.of("TCBATCH_HOME", home.toString(),
                     "XDG_CONFIG_HOME", home.resolve("user-config").toString()), null),
                     new Output(Output.Mode.TEXT, false, o, e, false), null, clock, sleeper, false)) {
            Answering person = new Answering("no", "yes");
            session.prompter(person);
            Drafts drafts = new Drafts(session);
            drafts.draftNew(Map.of("owner", "Example Org", "action", "Delete"), false);
            drafts.draftUpload(List.of(Path.of("dsl-examples/samples/iocs.txt")));

            UsageException no = assertThrows(UsageException.class, () -> drafts.draftCommit(false));
            assertEquals("cancelled: nothing was sent; the staged job is kept (batch show, batch discard)", no.getMessage());
            assertEquals(List.of("Delete the items of iocs.txt from owner 'Example Org' on profile 'local'"), person.asked);
            assertTrue(session.journal().recent(5).isEmpty(), "no run was even prepared");
            assertTrue(Files.exists(drafts.file()));

            int code = drafts.draftCommit(false);
            assertTrue(code == 0 || code == 1, err.toString(StandardCharsets.UTF_8));
            assertEquals(2, person.asked.size());
            assertEquals(1, session.journal().recent(5).size());
            assertEquals("Delete", session.journal().recent(1).get(0).action());
            assertFalse(Files.exists(drafts.file()), "sent: the draft is gone");
        }
    }
}
