package io.tcbatch.cli;

import java.io.UncheckedIOException;

import io.tcbatch.api.ApiException;
import io.tcbatch.batch.UsageException;
import io.tcbatch.batch.WatchTimeoutException;
import io.tcbatch.config.ConfigException;
import io.tcbatch.dsl.ScriptException;
import io.tcbatch.input.InputException;

/**
 * The one place that turns a failure into an exit code and a one-line message (DESIGN.md):
 * 2 usage, configuration, script or input; 3 remote; 4 timed out; 5 a bug.
 */
final class Exits {
    static final int OK = 0;
    static final int USAGE = 2;
    static final int REMOTE = 3;
    static final int TIMEOUT = 4;
    static final int INTERNAL = 5;
    /** Stopped by Ctrl-C, by the shell convention 128 + SIGINT. */
    static final int INTERRUPTED = 130;

    private Exits() {
    }

    record Failure(int code, String message) {
    }

    /** As a single command ({@code bin/tcbatch …}): the hints name {@code bin/tcbatch help}. */
    static Failure classify(Throwable e) {
        return classify(e, false, null);
    }

    /**
     * @param interactive in the shell, where help is typed as {@code help import}, not {@code bin/tcbatch help import}
     * @param command     the registered command the failed line was for (null when not known): parser
     *                    errors name it
     */
    static Failure classify(Throwable e, boolean interactive, String command) {
        if (interrupted(e)) {
            return new Failure(INTERRUPTED, e instanceof io.tcbatch.batch.WatchInterruptedException ? e.getMessage()
                    : new io.tcbatch.batch.WatchInterruptedException().getMessage());
        }
        Throwable t = unwrap(e);
        if (t instanceof ScriptException s && s.exitCode() != USAGE) {
            // The script failed after it had sent runs: they were watched, the run is partial.
            return new Failure(s.exitCode(), t.getMessage());
        }
        if (t instanceof InputException || t instanceof ScriptException || t instanceof UsageException
                || t instanceof ConfigException) {
            return new Failure(USAGE, t.getMessage());
        }
        if (t instanceof io.tcbatch.journal.JournalException j) {
            // A damaged or foreign journal database: local state the user must move aside (its message says so).
            return new Failure(USAGE, j.getMessage());
        }
        if (t instanceof ApiException a) {
            return new Failure(REMOTE, a.getMessage());
        }
        if (t instanceof WatchTimeoutException w) {
            return new Failure(TIMEOUT, w.getMessage());
        }
        // Spring Shell's own parse failures are usage errors too (the shell package is the only
        // Spring user besides this one, so the names are matched here, not imported).
        String cls = t.getClass().getName();
        String help = interactive ? "help" : "bin/tcbatch help";
        if (cls.equals("org.springframework.shell.CommandNotFound")) {
            return new Failure(USAGE, notFound(t, help));
        }
        if (cls.endsWith("CommandParserExceptionsException")) {
            return new Failure(USAGE, parserMessages(t) + " (see: " + help + " " + (command == null ? "COMMAND" : command) + ")");
        }
        if (t instanceof java.io.IOException io) {
            return new Failure(INTERNAL, "I/O error: " + io.getMessage());
        }
        return new Failure(INTERNAL, "internal error (a bug in tcbatch): " + t + " — run again with --stacktrace and report it");
    }

    /**
     * Ctrl-C reaches a command as an interrupt, which surfaces in many wrappings: our own watch
     * exception, an InterruptedException, or an interrupted read or write of the HTTP client or the
     * terminal (InterruptedIOException, possibly inside an IOError). A socket timeout is also an
     * InterruptedIOException by type, but it is no interrupt.
     */
    static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof io.tcbatch.batch.WatchInterruptedException || t instanceof InterruptedException
                    || t instanceof java.nio.channels.ClosedByInterruptException
                    || (t instanceof java.io.InterruptedIOException && !(t instanceof java.net.SocketTimeoutException))) {
                return true;
            }
        }
        return false;
    }

    private static String parserMessages(Throwable t) {
        try {
            Object list = t.getClass().getMethod("getParserExceptions").invoke(t);
            StringBuilder b = new StringBuilder();
            for (Object pe : (Iterable<?>) list) {
                if (b.length() > 0) {
                    b.append("; ");
                }
                b.append(((Throwable) pe).getMessage());
            }
            return b.toString();
        } catch (ReflectiveOperationException e) {
            return t.getMessage();
        }
    }

    /**
     * {@code unknown command 'imprt'; did you mean import? (help lists them)}: only the command
     * word(s) are named, not the whole line, and the suggestion comes from the registered commands.
     */
    private static String notFound(Throwable t, String help) {
        // Cast only here, where the class name has matched: the script path never loads Spring Shell.
        org.springframework.shell.CommandNotFound nf = (org.springframework.shell.CommandNotFound) t;
        java.util.List<String> words = nf.getWords() == null ? java.util.List.of() : nf.getWords();
        // The words may come as one string with spaces (the line as typed): split them again.
        java.util.List<String> typed = java.util.Arrays.stream(String.join(" ", words).strip().split("\\s+"))
                .filter(w -> !w.isEmpty()).toList();
        if (typed.isEmpty()) {
            return t.getMessage() + " (" + help + " lists the commands)";
        }
        java.util.Map<String, ?> known = nf.getRegistrations() == null ? java.util.Map.of() : nf.getRegistrations();
        String near = io.tcbatch.shell.Usage.closestCommand(known, typed);
        boolean group = typed.size() > 1 && known.keySet().stream().anyMatch(c -> c.startsWith(typed.get(0) + " "));
        String word = group ? typed.get(0) + " " + typed.get(1) : typed.get(0);
        return "unknown command '" + word + "'" + (near == null ? "" : "; did you mean " + near + "?")
                + " (" + help + " lists them)";
    }

    private static Throwable unwrap(Throwable e) {
        Throwable t = e;
        while ((t instanceof UncheckedIOException || t.getClass() == RuntimeException.class
                || t.getClass().getName().endsWith("InvocationTargetException")
                || t.getClass().getName().equals("org.springframework.shell.command.CommandExecution$CommandExecutionException"))
                && t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        if (t instanceof UncheckedIOException u && u.getCause() != null) {
            return u.getCause();
        }
        return t;
    }
}
