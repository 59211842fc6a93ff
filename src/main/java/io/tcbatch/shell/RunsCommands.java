package io.tcbatch.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.command.CommandRegistration;
import org.springframework.shell.command.CommandRegistration.OptionArity;

import io.tcbatch.batch.UsageException;
import io.tcbatch.journal.JobRecord;
import io.tcbatch.journal.Journal;
import io.tcbatch.journal.RunRecord;
import io.tcbatch.render.Output;

/**
 * {@code runs} (the recorded runs, newest first: one line each) and {@code runs prune} (remove old
 * runs with their folders). Kept apart from {@link ShellCommands} so the journal's commands change
 * on their own; the work is in the static functions, tested without a shell.
 */
@Configuration(proxyBeanMethods = false)
public class RunsCommands {
    /** The steps of a chunk before its upload was confirmed: not sent yet. */
    private static final Set<String> UNSENT = Set.of("Planned", "Creating", "Created", "Uploading", "Not sent");

    @Bean
    CommandRegistration runsCommand(Engine engine) {
        return ShellCommands.builder()
                .command("runs")
                .group(ShellCommands.JOBS)
                .description("The runs recorded in this data directory, newest first: id, start, origin, owner, action,"
                        + " state, chunks sent of all, items. Example: runs --limit 50")
                .withOption().longNames("limit").arity(OptionArity.EXACTLY_ONE).defaultValue("20")
                .description("at most this many runs (default 20)").and()
                .withOption().longNames("all").type(boolean.class).arity(OptionArity.ZERO)
                .description("every run").and()
                .withTarget().consumer(ctx -> {
                    int limit = Boolean.TRUE.equals(ctx.getOptionValue("all")) ? Integer.MAX_VALUE
                            : positive(ctx.getOptionValue("limit"), "--limit");
                    engine.exitCode(list(engine.journal(), engine.output(), limit, Instant.now(), ZoneId.systemDefault()));
                }).and()
                .build();
    }

    @Bean
    CommandRegistration runsPruneCommand(Engine engine) {
        return ShellCommands.builder()
                .command("runs", "prune")
                .group(ShellCommands.JOBS)
                .description("Remove the finished runs older than an age, with their folders (chunks, rejects, error files);"
                        + " --unfinished also removes runs that could still be resumed. Asks first; --yes does not."
                        + " Example: runs prune --older-than 30d --yes")
                .withOption().longNames("older-than").arity(OptionArity.EXACTLY_ONE).required()
                .description("an age: 12h, 30d, 8w").and()
                .withOption().longNames("unfinished").type(boolean.class).arity(OptionArity.ZERO)
                .description("also runs neither done nor failed").and()
                .withOption().longNames("yes").type(boolean.class).arity(OptionArity.ZERO)
                .description("go ahead without asking").and()
                .withTarget().consumer(ctx -> engine.exitCode(prune(engine.journal(), engine.output(), engine.prompter(),
                        ctx.getOptionValue("older-than"), Boolean.TRUE.equals(ctx.getOptionValue("unfinished")),
                        Boolean.TRUE.equals(ctx.getOptionValue("yes")), Instant.now()))).and()
                .build();
    }

    private static int positive(Object value, String option) {
        try {
            long n = Long.parseLong(String.valueOf(value).trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return (int) Math.min(n, Integer.MAX_VALUE);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a positive whole number, not '" + value + "'");
        }
    }

    /** Chunks whose upload was confirmed (or answered inline): past every local step. */
    static long sent(RunRecord r) {
        return r.jobs().stream().filter(j -> j.status() != null && !UNSENT.contains(j.status())).count();
    }

    /** {@code runs}: prints the table (or a JSON array) and returns the exit code. */
    public static int list(Journal journal, Output out, int limit, Instant now, ZoneId zone) {
        List<RunRecord> runs = journal.recent(limit);
        if (out.json()) {
            List<Map<String, Object>> doc = new ArrayList<>();
            for (RunRecord r : runs) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("run", r.run());
                m.put("started", r.createdAt());
                m.put("origin", r.settings().get("origin"));
                m.put("profile", r.profile());
                m.put("owner", r.owner());
                m.put("action", r.action());
                m.put("state", r.state());
                m.put("exitCode", r.exitCode());
                m.put("chunksSent", sent(r));
                m.put("chunks", r.jobs().size());
                m.put("items", r.jobs().stream().mapToLong(JobRecord::items).sum());
                doc.add(m);
            }
            out.printJson(doc);
            return 0;
        }
        if (runs.isEmpty()) {
            out.text("no run is recorded yet (import a file first: import FILE)\n");
            return 0;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"RUN", "STARTED", "ORIGIN", "OWNER", "ACTION", "STATE", "CHUNKS SENT", "ITEMS"});
        for (RunRecord r : runs) {
            rows.add(new String[] {r.run(), Runs.when(Runs.started(r), now, zone), text(r.settings().get("origin")),
                text(r.owner()), text(r.action()), text(r.state()) + (r.exitCode() == null ? "" : " (exit " + r.exitCode() + ")"),
                sent(r) + "/" + r.jobs().size(), String.valueOf(r.jobs().stream().mapToLong(JobRecord::items).sum())});
        }
        out.text(Runs.columns(rows));
        return 0;
    }

    /**
     * {@code runs prune}: asks (or needs {@code yes}), removes, prints what it removed and the bytes
     * freed; returns the exit code.
     */
    public static int prune(Journal journal, Output out, Prompter prompter, String olderThan, boolean unfinished,
                            boolean yes, Instant now) {
        Duration age;
        try {
            age = Runs.age(olderThan);
        } catch (UsageException e) {
            throw new UsageException("--older-than takes an age such as 12h, 30d or 8w, not '" + olderThan + "'");
        }
        List<String> candidates = journal.pruneCandidates(now.minus(age), unfinished);
        long bytes = 0;
        for (String id : candidates) {
            bytes += size(journal.runDir(id));
        }
        List<String> removed = List.of();
        if (!candidates.isEmpty()) {
            // Throws (exit 2, nothing removed) on "no", or without --yes when no one can be asked.
            prompter.confirm("Remove " + candidates.size() + (candidates.size() == 1 ? " run" : " runs") + " started more than "
                    + olderThan.trim() + " ago" + (unfinished ? ", unfinished ones too," : "") + " with their folders ("
                    + bytes + " bytes)", yes);
            removed = journal.prune(now.minus(age), unfinished);
        }
        if (out.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("removed", removed);
            doc.put("bytesFreed", bytes);
            doc.put("exitCode", 0);
            out.printJson(doc);
        } else if (removed.isEmpty()) {
            out.text("nothing to prune: no " + (unfinished ? "" : "finished ") + "run started more than " + olderThan.trim()
                    + " ago\n");
        } else {
            out.text("removed " + removed.size() + (removed.size() == 1 ? " run" : " runs") + " (" + String.join(", ", removed)
                    + "), freed " + bytes + " bytes\n");
        }
        return 0;
    }

    private static long size(Path dir) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException gone) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + dir, e);
        }
    }

    private static String text(String v) {
        return v == null ? "-" : v;
    }
}
