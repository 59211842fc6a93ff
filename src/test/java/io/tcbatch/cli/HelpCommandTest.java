package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code help}, {@code help COMMAND}, {@code COMMAND --help}, {@code history}, and validate's plan header. */
class HelpCommandTest {
    @TempDir
    Path home;

    @Test
    void helpListsTheCommandsByGroupEachWithAnExample() {
        Cli.Result r = new Cli(home).run("help");
        assertEquals(0, r.code(), r.err());
        String out = r.out();
        int at = -1;
        // The groups of this build, in the order help lists them (Staged job and Profiles come with their commands).
        for (String group : List.of("\nImport\n", "\nJobs\n", "\nSandbox\n", "\nBuilt-in\n")) {
            int i = out.indexOf(group);
            assertTrue(i > at, group.strip() + " after the groups before it: " + out);
            at = i;
        }
        assertEquals(List.of("Import", "Staged job", "Jobs", "Profiles", "Sandbox", "Built-in"), BuiltinCommands_GROUPS());
        for (String cmd : List.of("import", "validate", "run", "jobs", "watch", "errors", "resubmit", "help", "history",
                "stacktrace", "version")) {
            String line = out.lines().filter(l -> l.startsWith("  " + cmd + ": ")).findFirst().orElseThrow(
                    () -> new AssertionError(cmd + " is listed: " + out));
            if (!cmd.equals("version")) {
                assertTrue(line.contains("Example: "), line);
            }
        }
        assertTrue(!out.contains("Built-In Commands") && !out.contains("Default"), out);
    }

    @Test
    void helpOfACommandAndItsHelpOptionShowOptionsWithTheirValues() {
        Cli cli = new Cli(home);
        Cli.Result help = cli.run("help", "jobs");
        assertEquals(0, help.code(), help.err());
        assertTrue(help.out().contains("Usage: jobs [--status STATUS] [--run RUN] [--owner OWNER] [--since SINCE] [--limit LIMIT]\n"),
                help.out());
        assertTrue(help.out().contains("--status STATUS  only runs in this state: done | failed | watching | submitting | pending"),
                help.out());
        assertTrue(help.out().contains("--limit LIMIT    at most this many runs; default 20"), help.out());

        Cli.Result validate = cli.run("validate", "--help");
        assertEquals(0, validate.code(), validate.err());
        assertTrue(validate.out().startsWith("validate — Check files as an import would"), validate.out());
        assertTrue(validate.out().contains("FILES… (--files)"), validate.out());
        assertTrue(validate.out().contains("--version VERSION"), validate.out());
        assertTrue(validate.out().contains("V1 | V2; default V2"), validate.out());

        // --help and -h alone are the help command, as most users try them first.
        for (String flag : List.of("--help", "-h")) {
            Cli.Result h = cli.run(flag);
            assertEquals(0, h.code(), h.err());
            assertEquals(cli.run("help").out(), h.out());
        }

        Cli.Result unknown = cli.run("help", "frobnicate");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("no command 'frobnicate'; the commands are listed by: help"), unknown.err());
    }

    @Test
    void withJsonOutputHelpIsOneJsonDocument() throws Exception {
        Cli cli = new Cli(home);
        Cli.Result all = cli.run("--output", "json", "help");
        assertEquals(0, all.code(), all.err());
        com.fasterxml.jackson.databind.JsonNode doc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(all.out());
        assertEquals("Import", doc.at("/groups/0/group").asText(), doc.toString());
        Cli.Result one = cli.run("--output", "json", "help", "watch");
        com.fasterxml.jackson.databind.JsonNode w = new com.fasterxml.jackson.databind.ObjectMapper().readTree(one.out());
        assertEquals("Jobs", w.get("group").asText());
        assertEquals("ids", w.at("/options/0/name").asText());
        assertEquals("run", w.at("/options/1/name").asText());
    }

    @Test
    void historyPrintsTheShellsHistoryFileAsASingleCommandToo() throws Exception {
        Files.createDirectories(home);
        Files.writeString(home.resolve("history.log"), "1796354212685:jobs --status pending\n1796354212717:watch\n");
        Cli.Result r = new Cli(home).run("history");
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(2, lines.size(), r.out());
        assertTrue(lines.get(0).matches("\\s+1  \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d  jobs --status pending"), lines.get(0));
        assertTrue(lines.get(1).matches("\\s+2  .*  watch"), lines.get(1));
        Cli.Result last = new Cli(home).run("--output", "json", "history", "--limit", "1");
        assertTrue(last.out().contains("\"command\" : \"watch\""), last.out());
        assertTrue(!last.out().contains("jobs --status"), last.out());
    }

    @Test
    void validateOfAFileWithNothingToSendSaysSoInsteadOfZeroJobs() throws Exception {
        Path f = Files.writeString(home.resolve("empty.json"), "{\"indicator\":[],\"group\":[]}");
        Cli.Result r = new Cli(home).run("validate", f.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("nothing to send: no Batch V2 job would be created\n"), r.out());
        assertTrue(!r.out().contains("0 Batch"), r.out());
    }

    private static List<String> BuiltinCommands_GROUPS() {
        return io.tcbatch.shell.BuiltinCommands.groups();
    }
}
