package io.tcbatch.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import io.tcbatch.batch.WatchTimeoutException;
import io.tcbatch.render.Output;

/**
 * {@code bin/tcbatch}: decides from the arguments what this process is.
 * <ul>
 *   <li>no command: the interactive shell (Spring Shell);</li>
 *   <li>{@code SCRIPT.groovy [ARGS…]} or {@code run SCRIPT [ARGS…]}: a DSL script, without Spring;</li>
 *   <li>{@code sandbox [--port N] [--data DIR] …}: the stand-in server in the foreground, and
 *       {@code sandbox status} / {@code sandbox fault …} against a running one, without Spring;</li>
 *   <li>any other command: one shell command, then exit with its code.</li>
 * </ul>
 * The mode is decided here in code rather than by Spring conditions, which ahead-of-time
 * processing would freeze at build time.
 */
public final class Main {
    private Main() {
    }

    /**
     * Commands that work whatever the profile: they read local files or the journal, or they are
     * how a broken profile is looked at and mended. Every other command first checks the profile.
     */
    static final java.util.Set<String> NEEDS_NO_PROFILE = java.util.Set.of("validate", "convert", "profile", "config",
            "help", "version", "history", "clear", "stacktrace");

    public static void main(String[] args) {
        if (looksLikeScript(args)) {
            startGroovyEarly();
        }
        String term = System.getenv("TERM");
        boolean tty = System.console() != null && term != null && !term.equals("dumb");
        System.exit(run(args, System.getenv(), System.out, System.err, tty));
    }

    /** Whether this process will run a DSL script: an argument {@code *.groovy}, or the word {@code run}. */
    static boolean looksLikeScript(String[] args) {
        for (String a : args) {
            if (a.endsWith(".groovy") || a.equals("run")) {
                return true;
            }
        }
        return false;
    }

    /**
     * Start-up of a script: Groovy's runtime (its meta-class registry, which registers the
     * thousands of methods Groovy adds to the JDK's classes) takes about a fifth of a small
     * script's time on one thread, and the main thread first spends as long on other things
     * (settings, the session, Jackson, starting the built-in sandbox). So it is started here on a
     * thread of its own; the main thread, when it reaches the script, waits only for what is left
     * of it (the JVM runs a class's initialiser once, and other threads wait for it). A failure
     * here is left for the script's own start to meet and report.
     */
    private static void startGroovyEarly() {
        Thread t = new Thread(() -> {
            try {
                new groovy.lang.Binding();
                // Then the meta-classes every script needs first: its base class (the DSL's
                // verbs) and the batch block's delegate, built by reflection on first use.
                groovy.lang.GroovySystem.getMetaClassRegistry().getMetaClass(io.tcbatch.dsl.TcbatchScript.class);
                groovy.lang.GroovySystem.getMetaClassRegistry().getMetaClass(io.tcbatch.dsl.BatchSpec.class);
            } catch (Throwable ignored) {
                // The script's start initialises Groovy again and reports what goes wrong.
            }
        }, "tcbatch-groovy-start");
        t.setDaemon(true);
        t.start();
    }

    /** Runs one tcbatch invocation; the environment and streams are parameters so tests can run it in-process. */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, boolean terminal) {
        return run(args, env, out, err, terminal, Path.of("").toAbsolutePath(), System.in);
    }

    /**
     * @param workDir where the project file {@code tcbatch.properties} is looked for (the process's working directory)
     * @param stdin   what a single command reads answers and secrets from
     */
    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err, boolean terminal, Path workDir,
                   java.io.InputStream stdin) {
        boolean stacktrace = GlobalOptions.wantsStacktrace(args);
        Session session = null;
        Thread hook = null;
        try {
            GlobalOptions opts = GlobalOptions.parse(args);
            if (opts.version()) {
                out.println("tcbatch " + version());
                return 0;
            }
            List<String> rest = opts.rest();
            // What most users try first: the same as the help command.
            if (rest.size() == 1 && (rest.get(0).equals("--help") || rest.get(0).equals("-h"))) {
                rest = List.of("help");
            }
            Output output = new Output(opts.output(), opts.quiet(), out, err, terminal);
            session = Session.create(opts, env, output, workDir);
            session.prompter(new Prompts(output::terminal, stdin));
            // A profile that is named but unusable is a configuration error for every command,
            // not only for the ones that happen to reach the server; validate reaches none, so it
            // works without credentials.
            if (rest.isEmpty() || !NEEDS_NO_PROFILE.contains(rest.get(0))) {
                session.profile();
            }
            Session current = session;
            hook = new Thread(() -> {
                String note = current.interruptedNote();
                if (note != null) {
                    err.println();
                    err.println(note);
                    err.flush();
                }
            }, "tcbatch-interrupted");
            Runtime.getRuntime().addShutdownHook(hook);
            // --yes before the script (bin/tcbatch --yes s.groovy, run --yes s.groovy) confirms its Deletes;
            // after the script's name every word is the script's own.
            List<String> cmd = rest;
            boolean yes = false;
            if (cmd.size() > 1 && cmd.get(0).equals("--yes") && (cmd.get(1).endsWith(".groovy") || cmd.get(1).equals("run"))) {
                yes = true;
                cmd = cmd.subList(1, cmd.size());
            }
            if (!cmd.isEmpty() && (cmd.get(0).endsWith(".groovy") || cmd.get(0).equals("run"))) {
                List<String> scriptArgs = cmd.get(0).equals("run") ? cmd.subList(1, cmd.size()) : cmd;
                if (!scriptArgs.isEmpty() && cmd.get(0).equals("run") && scriptArgs.get(0).equals("--yes")) {
                    yes = true;
                    scriptArgs = scriptArgs.subList(1, scriptArgs.size());
                }
                if (scriptArgs.isEmpty()) {
                    throw new io.tcbatch.batch.UsageException("run needs a script: run [--yes] SCRIPT.groovy [ARGS...]");
                }
                return session.runScript(Path.of(scriptArgs.get(0)), List.copyOf(scriptArgs.subList(1, scriptArgs.size())), yes);
            }
            if (!rest.isEmpty() && rest.get(0).equals("sandbox")) {
                return SandboxMain.run(session, rest.subList(1, rest.size()));
            }
            return ShellLauncher.run(session, opts, rest);
        } catch (Throwable e) {
            return fail(e, session, stacktrace, err);
        } finally {
            if (hook != null) {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException alreadyStopping) {
                    // The JVM is going down (Ctrl-C): the hook is running or has run.
                }
            }
            if (session != null) {
                session.close();
            }
        }
    }

    /** Prints the one-line message (and the stack trace only when asked) and returns the exit code. */
    static int fail(Throwable e, Session session, boolean stacktrace, PrintStream err) {
        Exits.Failure f = Exits.classify(e);
        // A run that stopped after it existed still reports its jobs and totals, then the message.
        io.tcbatch.batch.RunSummary partial = partialSummary(e);
        if (partial != null && session != null) {
            printPartial(session, partial);
        }
        String note = f.code() == Exits.INTERRUPTED && session != null ? session.interruptedNote() : null;
        err.println(note != null ? note : "tcbatch: " + f.message());
        if (session != null) {
            session.output().failure(f.message(), f.code());
        }
        if (stacktrace) {
            e.printStackTrace(err);
        }
        return f.code();
    }

    /**
     * The summary of a run that stopped, before its one-line message. As text it leaves out the
     * run's error, which the {@code tcbatch:} line right after says: once, not twice; and a run
     * that sent nothing has no table at all (its chunks all "Not sent"), only that line. The JSON
     * document is printed whole, being all a program reads.
     */
    static void printPartial(Session session, io.tcbatch.batch.RunSummary p) {
        if (session.output().json() || p.error() == null) {
            session.output().summary(p);
            return;
        }
        if (!p.jobs().isEmpty() && p.jobs().stream().allMatch(
                j -> j.batchId() == null && io.tcbatch.batch.ImportService.NOT_SENT.equals(j.status()))) {
            return;
        }
        session.output().summary(new io.tcbatch.batch.RunSummary(p.run(), p.profile(), p.owner(), p.action(), p.jobs(),
                p.totals(), p.errors(), p.rejects(), p.failedItems(), p.untracedErrors(), null, p.exitCode()));
    }

    /** The summary carried by a timeout or a failed run, wherever it is in the chain of causes. */
    static io.tcbatch.batch.RunSummary partialSummary(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof WatchTimeoutException w) {
                return w.partial();
            }
            if (t instanceof io.tcbatch.batch.RunFailedException r) {
                return r.partial();
            }
        }
        return null;
    }

    static String version() {
        String v = Main.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
