package io.tcbatch.shell;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.command.CommandCatalog;
import org.springframework.shell.command.CommandOption;
import org.springframework.shell.command.CommandRegistration;
import org.springframework.shell.command.CommandRegistration.OptionArity;

import io.tcbatch.batch.UsageException;

/**
 * Our {@code help}, {@code history} and {@code stacktrace}, in place of Spring Shell's: its help
 * puts every built-in under "Built-In Commands" and names no option values, its history prints a
 * Java list and nothing at all as a single command, and its stacktrace never sees a failure, because
 * our exception resolver handles every failure first (to print one line and set the exit code).
 * {@code clear} and {@code quit}/{@code exit} stay Spring Shell's.
 */
@Configuration(proxyBeanMethods = false)
public class BuiltinCommands {
    public static final String GROUP = "Built-in";
    /** The order {@code help} lists the groups in; any other group follows, by name. */
    static final List<String> GROUPS = List.of("Import", "Staged job", ShellCommands.JOBS, "Profiles", "Sandbox", GROUP);
    /** The groups, in the order help lists them. */
    public static List<String> groups() {
        return GROUPS;
    }

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);

    @Bean
    CommandRegistration helpCommand(Engine engine, ObjectProvider<CommandCatalog> catalogs) {
        // Looked up when help runs: the catalog is made of every registration, this one included.
        return ShellCommands.builder()
                .command("help")
                .group(GROUP)
                .description("List the commands by group, or show one command's options and their values."
                        + " Example: help import (or: import --help)")
                .withOption().longNames("command").shortNames('C').type(String[].class).position(0)
                .arity(0, Integer.MAX_VALUE).description("the command, e.g. jobs or sandbox fault").and()
                .withTarget().consumer(ctx -> {
                    String[] words = ctx.getOptionValue("command");
                    String name = words == null ? "" : String.join(" ", words).trim();
                    CommandCatalog catalog = catalogs.getObject();
                    if (engine.output().json()) {
                        engine.output().printJson(name.isEmpty() ? overviewJson(catalog) : commandJson(catalog, name));
                    } else {
                        engine.output().text(name.isEmpty() ? overview(catalog) : command(catalog, name));
                    }
                    engine.exitCode(0);
                }).and()
                .build();
    }

    /** Every command, grouped, one line each with its description (which carries an example). */
    static String overview(CommandCatalog catalog) {
        Map<String, Map<String, String>> groups = new TreeMap<>((a, b) -> {
            int ia = GROUPS.indexOf(a);
            int ib = GROUPS.indexOf(b);
            ia = ia < 0 ? GROUPS.size() : ia;
            ib = ib < 0 ? GROUPS.size() : ib;
            return ia != ib ? Integer.compare(ia, ib) : a.compareTo(b);
        });
        Map<String, CommandRegistration> regs = catalog.getRegistrations();
        for (Map.Entry<String, CommandRegistration> e : regs.entrySet()) {
            CommandRegistration r = e.getValue();
            if (r.isHidden() || !e.getKey().equals(r.getCommand())) {
                continue; // an alias: listed with its command
            }
            String names = r.getCommand();
            for (org.springframework.shell.command.CommandAlias a : r.getAliases()) {
                names += ", " + a.getCommand();
            }
            groups.computeIfAbsent(group(r), g -> new TreeMap<>()).put(names, oneLine(r.getDescription()));
        }
        StringBuilder b = new StringBuilder("Commands (help COMMAND, or COMMAND --help, shows its options):\n");
        for (Map.Entry<String, Map<String, String>> g : groups.entrySet()) {
            b.append('\n').append(g.getKey()).append('\n');
            for (Map.Entry<String, String> c : g.getValue().entrySet()) {
                b.append("  ").append(c.getKey()).append(": ").append(c.getValue()).append('\n');
            }
        }
        b.append("\nGlobal options, before the command: --profile NAME  --output text|json  --quiet  --stacktrace\n");
        return b.toString();
    }

    /** The overview as one JSON document: {"groups":[{"group":…,"commands":[{"command":…,"description":…}]}]}. */
    static Map<String, Object> overviewJson(CommandCatalog catalog) {
        Map<String, List<Map<String, Object>>> byGroup = new LinkedHashMap<>();
        for (String g : GROUPS) {
            byGroup.put(g, new ArrayList<>());
        }
        new TreeMap<>(catalog.getRegistrations()).forEach((key, r) -> {
            if (!r.isHidden() && key.equals(r.getCommand())) {
                Map<String, Object> c = new LinkedHashMap<>();
                c.put("command", r.getCommand());
                c.put("aliases", r.getAliases().stream().map(org.springframework.shell.command.CommandAlias::getCommand).toList());
                c.put("description", oneLine(r.getDescription()));
                byGroup.computeIfAbsent(group(r), g -> new ArrayList<>()).add(c);
            }
        });
        List<Map<String, Object>> groups = new ArrayList<>();
        byGroup.forEach((g, cs) -> {
            if (!cs.isEmpty()) {
                groups.add(Map.of("group", g, "commands", cs));
            }
        });
        return Map.of("groups", groups, "exitCode", 0);
    }

    /** One command as a JSON document: its description and options with their values and defaults. */
    static Map<String, Object> commandJson(CommandCatalog catalog, String name) {
        CommandRegistration r = catalog.getRegistrations().get(name);
        if (r == null) {
            throw new UsageException("no command '" + name + "'; the commands are listed by: help");
        }
        List<Map<String, Object>> options = new ArrayList<>();
        for (CommandOption o : r.getOptions()) {
            String longName = o.getLongNames().length > 0 ? o.getLongNames()[0] : String.valueOf(o.getShortNames()[0]);
            if (longName.equals("help")) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", longName);
            m.put("positional", o.getPosition() >= 0);
            m.put("required", o.isRequired());
            m.put("description", o.getDescription());
            m.put("values", Vocab.BY_OPTION.get(longName));
            m.put("default", o.getDefaultValue());
            options.add(m);
        }
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("command", r.getCommand());
        doc.put("group", group(r));
        doc.put("description", oneLine(r.getDescription()));
        doc.put("options", options);
        doc.put("exitCode", 0);
        return doc;
    }

    /** Spring Shell's own commands carry its group name, or none: they are our built-ins too. */
    private static String group(CommandRegistration r) {
        String g = r.getGroup();
        return g == null || g.isBlank() || g.equals("Built-In Commands") || g.equals("Default") ? GROUP : g;
    }

    /** One command: what it does, its usage line and every option with its allowed values and default. */
    static String command(CommandCatalog catalog, String name) {
        CommandRegistration r = catalog.getRegistrations().get(name);
        if (r == null) {
            throw new UsageException("no command '" + name + "'; the commands are listed by: help");
        }
        StringBuilder b = new StringBuilder();
        b.append(r.getCommand()).append(" — ").append(oneLine(r.getDescription())).append("\n\n");
        StringBuilder usage = new StringBuilder("Usage: ").append(r.getCommand());
        List<String[]> rows = new ArrayList<>();
        for (CommandOption o : r.getOptions()) {
            String longName = o.getLongNames().length > 0 ? o.getLongNames()[0] : String.valueOf(o.getShortNames()[0]);
            if (longName.equals("help")) {
                continue; // the --help option itself
            }
            boolean flag = o.getArityMax() == 0;
            boolean positional = o.getPosition() >= 0;
            String value = longName.toUpperCase(Locale.ROOT).replace('-', '_');
            String many = o.getArityMax() > 1 ? "…" : "";
            String shown = positional ? value + many : "--" + longName + (flag ? "" : " " + value + many);
            usage.append(' ').append(o.isRequired() ? shown : "[" + shown + "]");
            StringBuilder what = new StringBuilder(o.getDescription() == null ? "" : o.getDescription());
            List<String> values = Vocab.BY_OPTION.get(longName);
            if (values != null && !flag && !what.toString().contains(values.get(0) + " |")) {
                what.append(" (").append(String.join(" | ", values)).append(')');
            }
            if (o.getDefaultValue() != null && !flag) {
                what.append("; default ").append(o.getDefaultValue());
            }
            if (o.isRequired()) {
                what.append("; required");
            }
            rows.add(new String[] {positional ? value + many + (o.getLongNames().length > 0 ? " (--" + longName + ")" : "")
                    : "--" + longName + (flag ? "" : " " + value), what.toString()});
        }
        b.append(usage).append('\n');
        if (!rows.isEmpty()) {
            int w = rows.stream().mapToInt(x -> x[0].length()).max().orElse(0);
            b.append("\nOptions:\n");
            for (String[] row : rows) {
                b.append(String.format("  %-" + w + "s  %s%n", row[0], row[1]));
            }
        }
        if (!r.getAliases().isEmpty()) {
            b.append("\nAlso: ").append(String.join(", ", r.getAliases().stream().map(org.springframework.shell.command.CommandAlias::getCommand)
                    .toList())).append('\n');
        }
        return b.toString();
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replace('\n', ' ').strip();
    }

    @Bean
    CommandRegistration historyCommand(Engine engine) {
        return ShellCommands.builder()
                .command("history")
                .group(GROUP)
                .description("The commands typed in the shell, oldest first, from the history file under TCBATCH_HOME."
                        + " Example: history --limit 20")
                .withOption().longNames("limit").arity(OptionArity.EXACTLY_ONE)
                .description("only the last N commands").and()
                .withTarget().consumer(ctx -> {
                    Object limit = ctx.getOptionValue("limit");
                    List<String[]> entries = history(engine.historyFile());
                    if (limit != null) {
                        int n;
                        try {
                            n = Integer.parseInt(String.valueOf(limit).trim());
                        } catch (NumberFormatException e) {
                            n = -1;
                        }
                        if (n < 1) {
                            throw new UsageException("--limit takes a positive whole number, not '" + limit + "'");
                        }
                        entries = entries.subList(Math.max(0, entries.size() - n), entries.size());
                    }
                    if (engine.output().json()) {
                        List<Map<String, Object>> doc = new ArrayList<>();
                        for (String[] e : entries) {
                            Map<String, Object> m = new LinkedHashMap<>();
                            m.put("n", Integer.parseInt(e[0]));
                            m.put("time", e[1]);
                            m.put("command", e[2]);
                            doc.add(m);
                        }
                        engine.output().printJson(doc);
                    } else if (entries.isEmpty()) {
                        engine.output().text("No history yet: commands typed in the shell (bin/tcbatch) are kept in "
                                + engine.historyFile() + "\n");
                    } else {
                        StringBuilder b = new StringBuilder();
                        for (String[] e : entries) {
                            b.append(String.format("%5s  %s  %s%n", e[0], e[1].isEmpty() ? "                " : e[1], e[2]));
                        }
                        engine.output().text(b.toString());
                    }
                    engine.exitCode(0);
                }).and()
                .build();
    }

    /**
     * The history file as JLine writes it: {@code <epoch millis>:<line>}, with backslash and newline
     * escaped. Returns {number, local time or "", command}.
     */
    static List<String[]> history(Path file) {
        List<String[]> out = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UsageException("cannot read the history file " + file + ": " + e.getMessage());
        }
        int n = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String time = "";
            String cmd = line;
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).chars().allMatch(Character::isDigit)) {
                try {
                    time = TIME.format(Instant.ofEpochMilli(Long.parseLong(line.substring(0, colon))).atZone(ZoneId.systemDefault()));
                    cmd = line.substring(colon + 1);
                } catch (RuntimeException notATime) {
                    // a line without a time stamp: shown as it is
                }
            }
            out.add(new String[] {String.valueOf(++n), time, unescape(cmd)});
        }
        return out;
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                char d = s.charAt(++i);
                b.append(d == 'n' ? '\n' : d);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    @Bean
    CommandRegistration stacktraceCommand(Engine engine) {
        return ShellCommands.builder()
                .command("stacktrace")
                .group(GROUP)
                .description("The full stack trace of the last failure in this shell (type it right after an error)."
                        + " As a single command, add --stacktrace instead. Example: stacktrace")
                .withTarget().consumer(ctx -> {
                    Throwable last = engine.lastFailure();
                    String text;
                    if (last == null) {
                        text = "no failure to show yet: type stacktrace in the shell right after an error, or run a single"
                                + " command with --stacktrace (bin/tcbatch --stacktrace COMMAND …)\n";
                    } else {
                        StringWriter w = new StringWriter();
                        last.printStackTrace(new PrintWriter(w));
                        text = w.toString();
                    }
                    if (engine.output().json()) {
                        Map<String, Object> doc = new LinkedHashMap<>();
                        doc.put("stacktrace", last == null ? null : text);
                        doc.put("exitCode", 0);
                        engine.output().printJson(doc);
                    } else {
                        engine.output().text(text);
                    }
                    engine.exitCode(0);
                }).and()
                .build();
    }
}
