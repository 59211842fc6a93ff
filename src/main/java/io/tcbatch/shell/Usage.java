package io.tcbatch.shell;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.shell.command.CommandOption;
import org.springframework.shell.command.CommandRegistration;

/**
 * Usage errors in the user's words: which command a line was for, and what it needs, as the
 * command is typed ({@code import needs a FILE: import FILE [--owner …]}) rather than as Spring
 * Shell names its options ({@code Missing mandatory option '--file'}).
 */
public final class Usage {
    private static final Pattern MISSING = Pattern.compile("Missing mandatory option '--([^']+)'.*");

    private Usage() {
    }

    /** The registered command {@code line} starts with (the longest one, so {@code batch set} over {@code batch}); null if none. */
    public static String commandOf(java.util.Collection<String> commands, String line) {
        if (line == null) {
            return null;
        }
        List<String> words = List.of(line.strip().split("\\s+"));
        String best = null;
        for (String c : commands) {
            List<String> cw = List.of(c.split(" "));
            if (cw.size() <= words.size() && words.subList(0, cw.size()).equals(cw)
                    && (best == null || cw.size() > best.split(" ").length)) {
                best = c;
            }
        }
        return best;
    }

    /** How the command is typed: its positional arguments by name, then the first option, {@code import FILE [--owner …]}. */
    public static String synopsis(CommandRegistration reg) {
        StringBuilder b = new StringBuilder(reg.getCommand());
        List<CommandOption> positional = reg.getOptions().stream().filter(o -> o.getPosition() >= 0)
                .sorted(Comparator.comparingInt(CommandOption::getPosition)).toList();
        for (CommandOption o : positional) {
            String name = argName(o);
            b.append(' ').append(o.isRequired() ? name : "[" + name + "]");
        }
        List<String> named = new ArrayList<>();
        for (CommandOption o : reg.getOptions()) {
            String n = o.getLongNames().length == 0 ? null : o.getLongNames()[0];
            if (o.getPosition() < 0 && n != null && !n.equals("help")) {
                named.add(n);
            }
        }
        if (!named.isEmpty()) {
            b.append(" [--").append(named.get(0)).append(" …]");
        }
        return b.toString();
    }

    /**
     * A parser message rewritten for {@code reg}: a missing positional argument says what the
     * command needs and how it is typed; any other message is returned as it is.
     */
    public static String rewrite(CommandRegistration reg, String message) {
        Matcher m = MISSING.matcher(message == null ? "" : message);
        if (!m.matches()) {
            return message;
        }
        for (CommandOption o : reg.getOptions()) {
            if (o.getPosition() >= 0 && List.of(o.getLongNames()).contains(m.group(1))) {
                String name = argName(o);
                String article = "AEIOU".indexOf(name.charAt(0)) >= 0 ? "an " : "a ";
                return reg.getCommand() + " needs " + article + name + ": " + synopsis(reg);
            }
        }
        return reg.getCommand() + " needs --" + m.group(1) + ": " + synopsis(reg);
    }

    /** The word of the command names closest to what was typed, for "did you mean"; null when none is close. */
    public static String closestCommand(Map<String, ?> registrations, List<String> typed) {
        if (typed.isEmpty()) {
            return null;
        }
        String first = typed.get(0);
        // "batch sett": the first word is a command group, so the near command is among its commands.
        List<String> sameGroup = registrations.keySet().stream().filter(c -> c.startsWith(first + " ")).toList();
        if (!sameGroup.isEmpty() && typed.size() > 1) {
            return io.tcbatch.dsl.Suggest.closest(first + " " + typed.get(1), sameGroup);
        }
        List<String> firstWords = registrations.keySet().stream().map(c -> c.split(" ")[0]).distinct().toList();
        return io.tcbatch.dsl.Suggest.closest(first, firstWords);
    }

    private static String argName(CommandOption o) {
        return o.getLongNames()[0].toUpperCase(Locale.ROOT);
    }
}
