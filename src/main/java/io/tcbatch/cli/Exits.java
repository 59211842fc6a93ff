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

    static Failure classify(Throwable e) {
        if (interrupted(e)) {
            return new Failure(INTERRUPTED, e instanceof io.tcbatch.batch.WatchInterruptedException ? e.getMessage()
                    : new io.tcbatch.batch.WatchInterruptedException().getMessage());
        }
        Throwable t = unwrap(e);
        if (t instanceof InputException || t instanceof ScriptException || t instanceof UsageException
                || t instanceof ConfigException) {
            return new Failure(USAGE, t.getMessage());
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
        if (cls.equals("org.springframework.shell.CommandNotFound")) {
            return new Failure(USAGE, t.getMessage() + " (see: bin/tcbatch help)");
        }
        if (cls.endsWith("CommandParserExceptionsException")) {
            return new Failure(USAGE, parserMessages(t));
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
            return b + " (see: help COMMAND)";
        } catch (ReflectiveOperationException e) {
            return t.getMessage();
        }
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
