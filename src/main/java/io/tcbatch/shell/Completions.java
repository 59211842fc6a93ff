package io.tcbatch.shell;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.CompletionContext;
import org.springframework.shell.CompletionProposal;
import org.springframework.shell.command.CommandOption;
import org.springframework.shell.command.CommandRegistration;
import org.springframework.shell.completion.CompletionResolver;

import io.tcbatch.journal.JobRecord;
import io.tcbatch.journal.RunRecord;

/**
 * TAB completion of option values for every command, by option name, so that a command
 * registered anywhere (by any part of the shell) completes the same way without wiring its own
 * completion. Spring Shell proposes command and option names itself; this resolver adds the
 * values: the enumerated ones of {@link Vocab#BY_OPTION}, file paths, batch and run ids from the
 * journal, profile names and owner names of the current profile.
 *
 * <p>Spring Shell calls every {@link CompletionResolver} bean with the words after the command;
 * the value asked for is the option named by the word before the cursor ({@code --owner Ex|}),
 * or the command's next positional option ({@code import dsl|}).
 */
@Configuration(proxyBeanMethods = false)
public class Completions {

    /** Options whose values are paths, completed relative to the working directory. */
    static final Set<String> PATH_OPTIONS = Set.of("file", "files", "script", "save", "out", "ca-bundle");
    /** Commands whose files are the staged ones (their own completion), not any file of the working directory. */
    static final Set<String> STAGED_FILE_COMMANDS = Set.of("batch remove");
    /** Options whose values are batch ids of the journal. */
    static final Set<String> ID_OPTIONS = Set.of("ids", "id");
    /** Options that take a batch id or a run id (errors): both are proposed. */
    static final Set<String> RUN_OR_BATCH_OPTIONS = Set.of("id");
    static final String BATCH_IDS = "Batch ids";
    static final String RUNS = "Runs";
    /** Options whose values are run ids of the journal. */
    static final Set<String> RUN_OPTIONS = Set.of("run");
    /** Commands whose {@code name} is an existing profile ({@code profile add} names a new one). */
    static final Set<String> PROFILE_NAME_COMMANDS = Set.of("profile use", "profile show", "profile remove");
    /** How many recent runs the id proposals come from: enough for a session, cheap to read. */
    static final int RECENT_RUNS = 50;

    /** What completion needs beyond the {@link Engine}: the cli package's Session provides it. */
    public interface Source {
        /** Names of the profiles that can be chosen, in a stable order. */
        List<String> profileNames();

        /**
         * Owner names of the current profile's instance, from a cache; empty when they are not
         * known (yet) or cannot be read. Never throws and never prints: it is called on TAB.
         */
        List<String> ownerNames();
    }

    @Bean
    CompletionResolver tcbatchValueCompletion(Engine engine, Source source) {
        Completer c = new Completer(engine, source, Path.of("").toAbsolutePath(), Path.of(System.getProperty("user.home")));
        return c::propose;
    }

    /** The resolver itself, with the working and home directories given so tests can choose them. */
    public static final class Completer {
        private final Engine engine;
        private final Source source;
        private final Path workDir;
        private final Path homeDir;
        private final java.time.ZoneId zone;

        public Completer(Engine engine, Source source, Path workDir, Path homeDir) {
            this(engine, source, workDir, homeDir, java.time.ZoneId.systemDefault());
        }

        /** With the time zone run start times are shown in, so tests can choose it. */
        public Completer(Engine engine, Source source, Path workDir, Path homeDir, java.time.ZoneId zone) {
            this.zone = zone;
            this.engine = engine;
            this.source = source;
            this.workDir = workDir;
            this.homeDir = homeDir;
        }

        public List<CompletionProposal> propose(CompletionContext context) {
            CommandRegistration reg = context.getCommandRegistration();
            if (reg == null) {
                return List.of();
            }
            try {
                String option = optionAtCursor(reg, context.getWords(), context.getWordIndex());
                if (option == null) {
                    return List.of();
                }
                String typed = context.currentWordUpToCursor() == null ? "" : context.currentWordUpToCursor();
                return valuesFor(reg.getCommand(), option, typed);
            } catch (RuntimeException e) {
                // Completion is a convenience: a failure proposes nothing rather than breaking the line.
                return List.of();
            }
        }

        /** The values of option {@code name} of {@code command} that fit what is typed so far. */
        List<CompletionProposal> valuesFor(String command, String name, String typed) {
            List<String> words = Vocab.BY_OPTION.get(name);
            if (words != null) {
                return words.stream().map(v -> new CompletionProposal(v).category("Values")).toList();
            }
            if (PATH_OPTIONS.contains(name) && !STAGED_FILE_COMMANDS.contains(command)) {
                return paths(typed);
            }
            if (ID_OPTIONS.contains(name)) {
                List<CompletionProposal> out = new ArrayList<>(batchIds().stream()
                        .map(id -> new CompletionProposal(id).category(BATCH_IDS)).toList());
                if (RUN_OR_BATCH_OPTIONS.contains(name)) {
                    // errors takes a batch id or a run id: both are proposed.
                    out.addAll(runs());
                }
                return out;
            }
            if (RUN_OPTIONS.contains(name)) {
                return runs();
            }
            if (name.equals("profile") || (name.equals("name") && PROFILE_NAME_COMMANDS.contains(command))) {
                return source.profileNames().stream().map(p -> new CompletionProposal(p).category("Profiles")).toList();
            }
            if (name.equals("owner")) {
                return source.ownerNames().stream().map(o -> ownerProposal(o, typed)).toList();
            }
            return List.of();
        }

        /** The batch ids of the recent runs, in numeric order (the terminal keeps it: see {@link #inOrder}). */
        private List<String> batchIds() {
            Set<Long> ids = new java.util.TreeSet<>();
            for (RunRecord r : engine.journal().recent(RECENT_RUNS)) {
                for (JobRecord j : r.jobs() == null ? List.<JobRecord>of() : r.jobs()) {
                    if (j.batchId() != null) {
                        ids.add(j.batchId());
                    }
                }
            }
            return ids.stream().map(String::valueOf).toList();
        }

        /** The recent runs, newest first, each described by its local start time as jobs shows it. */
        private List<CompletionProposal> runs() {
            return engine.journal().recent(RECENT_RUNS).stream()
                    .map(r -> new CompletionProposal(r.run()).category(RUNS).description(describe(r, zone))).toList();
        }

        /**
         * Entries of the directory the typed prefix names, written as typed ({@code ~/},
         * relative or absolute); a directory ends with {@code /} and leaves the word open.
         */
        List<CompletionProposal> paths(String typed) {
            int slash = typed.lastIndexOf('/');
            String dirPart = slash < 0 ? "" : typed.substring(0, slash + 1);
            String namePart = typed.substring(slash + 1);
            Path dir;
            if (dirPart.startsWith("~/") || dirPart.equals("~")) {
                dir = homeDir.resolve(dirPart.substring(Math.min(2, dirPart.length())));
            } else if (dirPart.isEmpty()) {
                dir = workDir;
            } else {
                Path p = Path.of(dirPart);
                dir = p.isAbsolute() ? p : workDir.resolve(p);
            }
            if (typed.equals("~")) {
                return List.of(new CompletionProposal("~/").complete(false).category("Files"));
            }
            if (!Files.isDirectory(dir)) {
                return List.of();
            }
            List<CompletionProposal> out = new ArrayList<>();
            try (Stream<Path> entries = Files.list(dir)) {
                for (Path e : entries.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList()) {
                    String n = e.getFileName().toString();
                    if (!n.startsWith(namePart) || (n.startsWith(".") && !namePart.startsWith("."))) {
                        continue;
                    }
                    boolean isDir = Files.isDirectory(e);
                    // A space in a path would split the word: written escaped, as for owners.
                    out.add(new CompletionProposal(escaped(dirPart + n) + (isDir ? "/" : ""))
                            .displayText(n + (isDir ? "/" : "")).complete(!isDir).dontQuote(true).category("Files"));
                }
            } catch (IOException | RuntimeException e) {
                return List.of();
            }
            return out;
        }
    }

    /**
     * An owner as it must be typed. JLine keeps only proposals that start with the word typed so
     * far (quotes and escapes removed) and puts the proposal in place of that word as it is, so:
     * <ul>
     *   <li>nothing typed yet: the name quoted, {@code "Example Org"};</li>
     *   <li>a word with a space (so typed after an opening quote, {@code "Example O}): the rest
     *       and the closing quote, giving {@code "Example Org"};</li>
     *   <li>a word without one ({@code Ex}): the space escaped, {@code Example\ Org}, one word
     *       for the parser. (After an opening quote with no space yet, {@code "Ex}, this leaves
     *       the quote open: the words handed to completion do not say whether one was typed.)</li>
     * </ul>
     */
    static CompletionProposal ownerProposal(String name, String typed) {
        boolean special = name.chars().anyMatch(ch -> Character.isWhitespace(ch) || ch == '"' || ch == '\'' || ch == '\\');
        CompletionProposal p;
        if (!special) {
            p = new CompletionProposal(name);
        } else if (typed.isEmpty()) {
            p = new CompletionProposal("\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        } else if (typed.chars().anyMatch(Character::isWhitespace)) {
            p = new CompletionProposal(name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
        } else {
            p = new CompletionProposal(escaped(name));
        }
        // Written exactly as given: Spring Shell's own quoting is not applied to this line's words.
        return p.displayText(name).dontQuote(true).category("Owners");
    }

    /** {@code word} with each space, quote and backslash escaped by a backslash: one word for the parser. */
    static String escaped(String word) {
        StringBuilder b = new StringBuilder();
        for (char ch : word.toCharArray()) {
            if (Character.isWhitespace(ch) || ch == '"' || ch == '\'' || ch == '\\') {
                b.append('\\');
            }
            b.append(ch);
        }
        return b.toString();
    }

    /** {@code 2026-12-04 04:13 done}: the start in local time, as the jobs table shows it, and the state. */
    static String describe(RunRecord r, java.time.ZoneId zone) {
        java.time.Instant started = Runs.started(r);
        String when = started == null ? (r.createdAt() == null ? "" : r.createdAt())
                : Runs.LOCAL.format(started.atZone(zone));
        return (when.isEmpty() ? "" : when + " ") + (r.state() == null ? "" : r.state());
    }

    /**
     * The terminal (JLine) sorts each category's proposals by their text, and Spring Shell hands it
     * no order of its own: batch ids would come as 1 12 15 … 5 8 and runs oldest first. The
     * proposals of these categories keep the order they are made in (numbers ascending, newest
     * runs first); the others are sorted by the terminal as before.
     */
    static final Set<String> KEEP_ORDER = Set.of(Completions.BATCH_IDS, Completions.RUNS);

    static List<org.jline.reader.Candidate> inOrder(List<org.jline.reader.Candidate> given) {
        List<org.jline.reader.Candidate> out = new ArrayList<>(given.size());
        int i = 0;
        for (org.jline.reader.Candidate c : given) {
            if (c.group() != null && KEEP_ORDER.contains(c.group())) {
                out.add(new org.jline.reader.Candidate(c.value(), c.displ(), c.group(), c.descr(), c.suffix(), c.key(),
                        c.complete(), ++i));
            } else {
                out.add(c);
            }
        }
        return out;
    }

    /** Wraps Spring Shell's completer so the candidates of {@link #KEEP_ORDER} keep their order. */
    @Bean
    static org.springframework.beans.factory.config.BeanPostProcessor tcbatchCandidateOrder() {
        return new org.springframework.beans.factory.config.BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof org.jline.reader.Completer c && bean.getClass().getName().endsWith("CompleterAdapter")) {
                    return (org.jline.reader.Completer) (reader, line, candidates) -> {
                        List<org.jline.reader.Candidate> got = new ArrayList<>();
                        c.complete(reader, line, got);
                        candidates.addAll(inOrder(got));
                    };
                }
                return bean;
            }
        };
    }

    /**
     * The long name of the option whose value is at the cursor: the option named by the word
     * before it, when that option takes a value; else the next positional option not yet given;
     * null when the cursor is on an option name or a flag.
     */
    static String optionAtCursor(CommandRegistration reg, List<String> words, int index) {
        String current = index < words.size() ? words.get(index) : "";
        if (current.startsWith("-")) {
            return null;
        }
        if (index > 0 && words.get(index - 1).startsWith("--")) {
            CommandOption o = byName(reg, words.get(index - 1).substring(2));
            if (o != null && o.getArityMax() != 0) {
                return o.getLongNames()[0];
            }
        }
        // Count the positional words before the cursor, skipping options and their values.
        int positional = 0;
        for (int i = 0; i < index && i < words.size(); i++) {
            String w = words.get(i);
            if (w.startsWith("--")) {
                CommandOption o = byName(reg, w.substring(2));
                if (o != null && o.getArityMax() != 0 && !w.contains("=")) {
                    i++;
                }
            } else if (!w.isEmpty()) {
                positional++;
            }
        }
        List<CommandOption> byPosition = reg.getOptions().stream().filter(o -> o.getPosition() >= 0)
                .sorted(Comparator.comparingInt(CommandOption::getPosition)).toList();
        int seen = 0;
        for (CommandOption o : byPosition) {
            int takes = o.getArityMax() < 0 ? Integer.MAX_VALUE : Math.max(1, o.getArityMax());
            if (positional < seen + (long) takes) {
                return o.getLongNames()[0];
            }
            seen += takes;
        }
        return null;
    }

    private static CommandOption byName(CommandRegistration reg, String name) {
        String n = name.contains("=") ? name.substring(0, name.indexOf('=')) : name;
        for (CommandOption o : reg.getOptions()) {
            for (String ln : o.getLongNames()) {
                if (ln.equals(n)) {
                    return o;
                }
            }
        }
        return null;
    }
}
