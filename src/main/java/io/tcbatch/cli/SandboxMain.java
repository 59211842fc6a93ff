package io.tcbatch.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.tcbatch.batch.UsageException;
import io.tcbatch.config.ConfigException;
import io.tcbatch.config.Settings;
import io.tcbatch.render.Output;
import io.tcbatch.sandbox.Sandbox;
import io.tcbatch.sandbox.SandboxConfig;
import io.tcbatch.sandbox.SandboxCredentials;

/**
 * {@code bin/tcbatch sandbox [--port N] [--data DIR] [--access-id ID --secret-file FILE] [--workers N]}
 * serves the API in the foreground until Ctrl-C or SIGTERM; {@code bin/tcbatch sandbox status} and
 * {@code bin/tcbatch sandbox fault <spec…>|clear}, {@code sandbox indicators [--owner O] [--type T]
 * [--limit N]} and {@code sandbox reset [--yes]} talk to a running one (or, for the local profile,
 * to one started for the command on the same data).
 *
 * <p>Stopping: Ctrl-C or SIGTERM lets the workers finish their current step, closes the database
 * (whatever was acknowledged is already in it), removes the {@link LocalSandbox#RUN_FILE} and says
 * so. The exit code is then the JVM's for a signal, 128 + the signal's number: 130 for Ctrl-C
 * (as {@link Exits#INTERRUPTED} for every other command) and 143 for SIGTERM. A caller that stops
 * the sandbox on purpose treats those as success; anything else (2 for a bad option, 5 for a bug)
 * means it did not serve.
 */
final class SandboxMain {
    private static final String USAGE = "usage: sandbox [--port N] [--data DIR] [--access-id ID --secret-file FILE]"
            + " [--workers N] | sandbox status | sandbox fault <spec…>|clear"
            + " | sandbox indicators [--owner O] [--type T] [--limit N] | sandbox reset [--yes]";

    private SandboxMain() {
    }

    /** The options of the serving command. Null means "not given": the settings files decide. */
    record Options(Integer port, Path data, String accessId, Path secretFile, Integer workers) {

        static Options parse(List<String> args) {
            Integer port = null;
            Integer workers = null;
            Path data = null;
            String accessId = null;
            Path secretFile = null;
            for (int i = 0; i < args.size(); i++) {
                String a = args.get(i);
                String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                String value;
                if (!List.of("--port", "--data", "--access-id", "--secret-file", "--workers").contains(name)) {
                    throw new UsageException("sandbox: unknown option '" + a + "' (" + USAGE + ")");
                }
                if (a.contains("=")) {
                    value = a.substring(a.indexOf('=') + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException("sandbox: " + name + " needs a value (" + USAGE + ")");
                }
                switch (name) {
                    case "--port" -> port = number(name, value, 0, 65535);
                    case "--workers" -> workers = number(name, value, 1, 64);
                    case "--data" -> data = nonBlank(name, value);
                    case "--access-id" -> accessId = nonBlank(name, value).toString();
                    default -> secretFile = nonBlank(name, value);
                }
            }
            if ((accessId == null) != (secretFile == null)) {
                throw new UsageException("sandbox: --access-id and --secret-file go together (the secret key is read"
                        + " from the file, never given on the command line)");
            }
            return new Options(port, data, accessId, secretFile, workers);
        }

        private static int number(String option, String value, int min, int max) {
            try {
                int n = Integer.parseInt(value.trim());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new UsageException("sandbox: " + option + " must be a number from " + min + " to " + max
                    + ", not '" + value + "'");
        }

        private static Path nonBlank(String option, String value) {
            if (value.isBlank()) {
                throw new UsageException("sandbox: " + option + " needs a value (" + USAGE + ")");
            }
            return Path.of(value);
        }
    }

    static int run(Session session, List<String> args) throws IOException, InterruptedException {
        if (!args.isEmpty() && args.get(0).equals("status")) {
            if (args.size() > 1) {
                throw new UsageException("sandbox status takes no arguments, not '" + args.get(1) + "'");
            }
            SandboxAdmin.Target t = session.sandboxTarget(false, false);
            int code = SandboxAdmin.printStatus(session.sandboxAdmin(t), t, session.output());
            session.exitCode(code);
            return code;
        }
        if (!args.isEmpty() && args.get(0).equals("fault")) {
            List<String> words = args.subList(1, args.size());
            if (words.isEmpty()) {
                // Before any server is looked for: the usage is wrong whatever runs.
                return SandboxAdmin.fault(null, words, session.output());
            }
            SandboxAdmin.Target t = session.sandboxTarget(false, true);
            int code = SandboxAdmin.fault(session.sandboxAdmin(t), List.copyOf(words), session.output());
            session.exitCode(code);
            return code;
        }
        if (!args.isEmpty() && args.get(0).equals("indicators")) {
            Map<String, String> o = options("sandbox indicators", args.subList(1, args.size()),
                    List.of("--owner", "--type", "--limit"), List.of());
            int limit = o.containsKey("--limit") ? Options.number("--limit", o.get("--limit"), 1, 100_000)
                    : DEFAULT_LIMIT;
            SandboxAdmin.Target t = session.sandboxTarget(false, false);
            int code = SandboxAdmin.printIndicators(session.sandboxAdmin(t), t, session.output(), o.get("--owner"),
                    o.get("--type"), limit);
            session.exitCode(code);
            return code;
        }
        if (!args.isEmpty() && args.get(0).equals("reset")) {
            Map<String, String> o = options("sandbox reset", args.subList(1, args.size()), List.of(), List.of("--yes"));
            // Asked before any server is looked for: without --yes nothing can be confirmed here.
            session.prompter().confirm("sandbox reset empties the sandbox (every indicator, group, association and job)",
                    o.containsKey("--yes"));
            SandboxAdmin.Target t = session.sandboxTarget(false, false);
            int code = SandboxAdmin.reset(session.sandboxAdmin(t), t, session.output(), session.prompter(), true);
            session.exitCode(code);
            return code;
        }
        Options options = Options.parse(args);
        CountDownLatch stopRequested = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopRequested.countDown();
            try {
                // The JVM ends when the hooks return: wait until the sandbox has closed its database.
                stopped.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "sandbox-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            return serve(session.settings(), session.output(), options, stopRequested, stopped);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException stopping) {
                // Stopped by a signal: the hook is what woke us.
            }
        }
    }

    /**
     * Serves until {@code stopRequested} is counted down, then stops cleanly and counts down
     * {@code stopped}. Tests call it directly with their own latch.
     */
    static int serve(Settings settings, Output output, Options options, CountDownLatch stopRequested,
                     CountDownLatch stopped) throws IOException, InterruptedException {
        try {
            Path dir = (options.data() != null ? options.data() : LocalSandbox.dataDir(settings)).toAbsolutePath();
            Files.createDirectories(dir);
            SandboxCredentials creds;
            Path secretFile;
            if (options.accessId() != null) {
                try {
                    creds = SandboxCredentials.fromSecretFile(options.accessId(), options.secretFile());
                } catch (IOException e) {
                    throw new ConfigException("sandbox: " + e.getMessage());
                }
                secretFile = options.secretFile().toAbsolutePath();
                if (SandboxCredentials.readableByOthers(secretFile)) {
                    output.err().println("tcbatch: warning: the secret file " + secretFile
                            + " can be read by other users; make it private: chmod 600 " + secretFile);
                }
            } else {
                creds = SandboxCredentials.loadOrCreate(dir);
                secretFile = SandboxCredentials.defaultFile(dir);
            }
            SandboxConfig cfg = LocalSandbox.config(settings, dir, creds);
            if (options.port() != null) {
                cfg = cfg.withPort(options.port());
            }
            if (options.workers() != null) {
                cfg = cfg.withWorkers(options.workers());
            }
            // We print the serving line ourselves, with the credentials' whereabouts.
            java.util.logging.Logger.getLogger("io.tcbatch.sandbox").setLevel(java.util.logging.Level.WARNING);
            try (FileChannel ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock lock = LocalSandbox.lock(dir, ch)) {
                Sandbox sandbox = startOrExplain(cfg);
                try {
                    new LocalSandbox.Running(sandbox.apiBase(), ProcessHandle.current().pid(), cfg.accessId(), secretFile)
                            .write(dir);
                    announce(output, sandbox, cfg, secretFile, dir.equals(LocalSandbox.dataDir(settings).toAbsolutePath()));
                    stopRequested.await();
                } finally {
                    sandbox.close();
                    Files.deleteIfExists(dir.resolve(LocalSandbox.RUN_FILE));
                }
                PrintStream says = output.json() ? output.err() : output.out();
                says.println("tcbatch sandbox stopped; its data stays in " + dir);
                says.flush();
            }
            return 0;
        } finally {
            stopped.countDown();
        }
    }

    /** Rows {@code sandbox indicators} shows unless {@code --limit} says otherwise. */
    static final int DEFAULT_LIMIT = 20;

    /**
     * The options of {@code sandbox indicators|reset}: {@code valued} take a value ({@code --x V}
     * or {@code --x=V}), {@code flags} none; anything else is a usage error.
     */
    private static Map<String, String> options(String command, List<String> args, List<String> valued,
                                               List<String> flags) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            String name = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
            if (flags.contains(a)) {
                out.put(a, "true");
            } else if (valued.contains(name)) {
                String value = a.contains("=") ? a.substring(a.indexOf('=') + 1) : i + 1 < args.size() ? args.get(++i) : null;
                if (value == null || value.isBlank()) {
                    throw new UsageException(command + ": " + name + " needs a value (" + USAGE + ")");
                }
                out.put(name, value);
            } else {
                throw new UsageException(command + ": unknown option '" + a + "' (" + USAGE + ")");
            }
        }
        return out;
    }

    /** A port in use is the user's to fix (exit 2), not a bug. */
    private static Sandbox startOrExplain(SandboxConfig cfg) throws IOException {
        try {
            return Sandbox.start(cfg);
        } catch (java.net.BindException e) {
            throw new ConfigException("sandbox: port " + cfg.port() + " of 127.0.0.1 is in use; choose another with --port,"
                    + " or --port 0 for a free one");
        }
    }

    private static void announce(Output output, Sandbox sandbox, SandboxConfig cfg, Path secretFile, boolean shared) {
        if (output.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("url", sandbox.apiBase().toString());
            doc.put("accessId", cfg.accessId());
            doc.put("secretFile", secretFile.toString());
            doc.put("dataDir", cfg.dataDir().toString());
            doc.put("pid", ProcessHandle.current().pid());
            doc.put("workers", cfg.workers());
            doc.put("owners", cfg.owners().stream().map(SandboxConfig.Owner::name).toList());
            output.printJson(doc);
            return;
        }
        PrintStream out = output.out();
        out.println("tcbatch sandbox serving " + sandbox.apiBase());
        out.println("  access id:  " + cfg.accessId());
        out.println("  secret key: kept in " + secretFile);
        out.println("  data:       " + cfg.dataDir());
        out.println("  workers:    " + cfg.workers());
        out.println("  owners:     " + String.join(", ", cfg.owners().stream().map(SandboxConfig.Owner::name).toList()));
        if (!cfg.faults().isEmpty()) {
            out.println("  faults:     " + String.join("; ", cfg.faults()));
        }
        if (shared) {
            out.println("tcbatch commands on the local profile of this TCBATCH_HOME use it while it runs.");
        }
        out.println("Press Ctrl-C to stop.");
        out.flush();
    }
}
