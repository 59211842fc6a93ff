package io.tcbatch.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import io.tcbatch.api.Credentials;
import io.tcbatch.config.ConfigException;
import io.tcbatch.config.Settings;
import io.tcbatch.render.Output;
import io.tcbatch.sandbox.Sandbox;
import io.tcbatch.sandbox.SandboxConfig;
import io.tcbatch.sandbox.SandboxCredentials;
import io.tcbatch.sandbox.SandboxSettings;

/**
 * The target of the {@code local} profile. When {@code bin/tcbatch sandbox} (or an interactive
 * shell that started one) serves this installation's data directory ({@code TCBATCH_HOME/sandbox})
 * it is used, with the credentials it serves; otherwise the sandbox is started inside this JVM on a
 * free port of 127.0.0.1, with credentials generated once per data directory and kept there, where
 * its database also lives, so data persists between runs.
 *
 * <p>The embedded database has one writer, so a sandbox started by a long-lived process (the
 * shell) publishes itself as {@code bin/tcbatch sandbox} does: single commands of the same
 * TCBATCH_HOME then use it over HTTP instead of failing on its lock.
 */
final class LocalSandbox implements AutoCloseable {
    /** Written by a serving {@code bin/tcbatch sandbox} into its data directory; removed on stop. */
    static final String RUN_FILE = "sandbox.running";

    private final Sandbox sandbox;
    private final URI apiBase;
    private final SandboxCredentials credentials;
    private final FileChannel lockChannel;
    private final FileLock lock;
    /** The run file this process wrote for other processes (null: not published). */
    private final Path published;
    /** Removes the run file and stops the sandbox when the JVM is stopped (SIGTERM, Ctrl-C) before close. */
    private final Thread stopHook;
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    private LocalSandbox(Sandbox sandbox, URI apiBase, SandboxCredentials credentials, FileChannel lockChannel,
                         FileLock lock, Path published) {
        this.sandbox = sandbox;
        this.apiBase = apiBase;
        this.credentials = credentials;
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.published = published;
        if (published != null) {
            stopHook = new Thread(this::stop, "tcbatch-sandbox-stop");
            Runtime.getRuntime().addShutdownHook(stopHook);
        } else {
            stopHook = null;
        }
    }

    /**
     * What a serving sandbox tells other processes: where it answers, its process, where its
     * credentials are (the secret itself is never in this file) and who serves it.
     *
     * @param by what serves it, for the line saying which sandbox is used
     */
    record Running(URI apiBase, long pid, String accessId, Path secretFile, String by) {

        static final String STANDALONE = "bin/tcbatch sandbox";
        static final String SHELL = "the tcbatch shell";

        Running(URI apiBase, long pid, String accessId, Path secretFile) {
            this(apiBase, pid, accessId, secretFile, STANDALONE);
        }

        void write(Path dataDir) throws IOException {
            Properties p = new Properties();
            p.setProperty("url", apiBase.toString());
            p.setProperty("pid", Long.toString(pid));
            p.setProperty("accessId", accessId);
            p.setProperty("secretFile", secretFile.toAbsolutePath().toString());
            if (!STANDALONE.equals(by)) {
                p.setProperty("by", by); // absent means bin/tcbatch sandbox, as in files of older versions
            }
            Path tmp = Files.createTempFile(dataDir, "sandbox", ".running.tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                p.store(out, "written by " + by + " while it serves this directory; removed when it stops");
            }
            // Moved into place whole, so a reader never sees half a file.
            Files.move(tmp, dataDir.resolve(RUN_FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }

        /**
         * The sandbox serving {@code dataDir}, or null when none does. A file left by a sandbox
         * that is gone (killed: its process is dead, or its port refuses connections) is ignored.
         */
        static Running find(Path dataDir) {
            Path file = dataDir.resolve(RUN_FILE);
            if (!Files.isRegularFile(file)) {
                return null;
            }
            Running r;
            try (InputStream in = Files.newInputStream(file)) {
                Properties p = new Properties();
                p.load(in);
                r = new Running(URI.create(p.getProperty("url")), Long.parseLong(p.getProperty("pid").trim()),
                        p.getProperty("accessId").trim(), Path.of(p.getProperty("secretFile").trim()),
                        p.getProperty("by", STANDALONE).trim());
            } catch (IOException | RuntimeException unreadable) {
                return null; // half-written by hand or by an older version: treated as stale
            }
            if (ProcessHandle.of(r.pid).map(ProcessHandle::isAlive).orElse(false) && answers(r.apiBase)) {
                return r;
            }
            return null;
        }

        /** Whether something accepts connections at the URL's port (a reused pid alone proves nothing). */
        private static boolean answers(URI url) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(url.getHost(), url.getPort()), 1000);
                return true;
            } catch (IOException refused) {
                return false;
            }
        }
    }

    /**
     * One process at a time owns a data directory's sandbox (its embedded database allows one
     * writer). Taking a lock first turns a second process into a clear message instead of a
     * database error.
     */
    static FileLock lock(Path dir, FileChannel channel) throws IOException {
        FileLock l;
        try {
            l = channel.tryLock();
        } catch (java.nio.channels.OverlappingFileLockException e) {
            l = null; // held by this very JVM (another session in-process)
        }
        if (l == null) {
            channel.close();
            Running r = Running.find(dir);
            if (r != null) {
                throw new ConfigException("the sandbox data in " + dir + " is already served by " + r.by() + " at "
                        + r.apiBase() + " (pid " + r.pid() + ")");
            }
            throw new ConfigException("the built-in sandbox data in " + dir + " is in use by another tcbatch process;"
                    + " wait for it to finish, or give this one its own TCBATCH_HOME");
        }
        return l;
    }

    /** The data directory of the local profile. */
    static Path dataDir(Settings settings) {
        return settings.home().resolve("sandbox");
    }

    /** The settings files, nearest last: the install's {@code config/sandbox.properties}, then the user's. */
    static List<Path> settingsFiles(Settings settings) {
        List<Path> files = new ArrayList<>();
        files.add(settings.configFile("sandbox.properties"));
        files.add(settings.home().resolve("sandbox.properties"));
        return files;
    }

    /**
     * The sandbox's settings for {@code dataDir}: the defaults, then the settings files. A bad
     * value is a configuration error (exit 2) naming the file and key.
     */
    static SandboxConfig config(Settings settings, Path dataDir, SandboxCredentials credentials) {
        try {
            // The built-in sandbox answers small uploads with their final status, as a real instance
            // does under its synchronousBatchSaveLimit (API doc §2.3): a one-indicator script does not
            // wait for a poll. sandbox.properties may set it (0 turns it off).
            SandboxConfig base = SandboxConfig.defaults(dataDir, credentials)
                    .withSynchronousBatchSaveLimit(SandboxConfig.DEFAULT_SYNCHRONOUS_BATCH_SAVE_LIMIT);
            return SandboxSettings.load(settingsFiles(settings)).applyTo(base);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        } catch (IOException e) {
            throw new ConfigException("cannot read the sandbox settings: " + e.getMessage());
        }
    }

    /**
     * The standalone sandbox serving this installation's data directory, if one does, else a
     * sandbox started in this JVM on {@code clock} (the session's, so that a test clock drives
     * both the client and the sandbox); says on standard error which one is used.
     */
    static LocalSandbox start(Settings settings, Output output, java.time.Clock clock) {
        return start(settings, output, clock, false);
    }

    /**
     * @param publish true for a long-lived process (the interactive shell): a sandbox started here
     *                writes the {@link #RUN_FILE}, so other tcbatch processes of this TCBATCH_HOME
     *                use it rather than fail on its lock; the file goes when it is closed or the
     *                JVM stops. Short-lived ones (a single command, a script) do not: they would
     *                vanish under whoever found them.
     */
    static LocalSandbox start(Settings settings, Output output, java.time.Clock clock, boolean publish) {
        return start(settings, output::info, clock, publish);
    }

    /**
     * Starts the sandbox on a thread of its own, for a script: opening the database and its
     * schema then overlaps the script's compilation instead of following it. What it would say
     * on standard error is held until {@link Early#take} (so a script that never reaches the
     * server prints nothing of it), and so is a failure.
     */
    static Early startEarly(Settings settings, java.time.Clock clock, boolean publish) {
        Early e = new Early();
        Thread t = new Thread(() -> {
            try {
                e.started = start(settings, e.said::add, clock, publish);
            } catch (RuntimeException | Error x) {
                e.failure = x;
            }
        }, "tcbatch-sandbox-start");
        t.setDaemon(true);
        e.thread = t;
        t.start();
        return e;
    }

    /** A sandbox being started by {@link #startEarly}. */
    static final class Early {
        private Thread thread;
        private volatile LocalSandbox started;
        private volatile Throwable failure;
        private final List<String> said = new java.util.concurrent.CopyOnWriteArrayList<>();
        private boolean taken;

        /** Waits for the start, says what it would have said, and hands the sandbox over (or throws its failure). */
        synchronized LocalSandbox take(Output output) {
            join();
            taken = true;
            said.forEach(output::info);
            if (failure instanceof RuntimeException r) {
                throw r;
            }
            if (failure instanceof Error err) {
                throw err;
            }
            return started;
        }

        /** Closes a sandbox nobody took (a script that never reached the server); waits for the start first. */
        synchronized void close() {
            join();
            if (!taken && started != null) {
                started.close();
            }
        }

        private void join() {
            boolean interrupted = false;
            while (true) {
                try {
                    thread.join();
                    break;
                } catch (InterruptedException e) {
                    // The start cannot be abandoned half-way (the database and its lock); finish waiting.
                    interrupted = true;
                }
            }
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static LocalSandbox start(Settings settings, java.util.function.Consumer<String> info, java.time.Clock clock,
                                      boolean publish) {
        Path dir = dataDir(settings);
        Running running = Running.find(dir);
        if (running != null) {
            try {
                SandboxCredentials creds = SandboxCredentials.fromSecretFile(running.accessId(), running.secretFile());
                info.accept("Using the running sandbox at " + running.apiBase() + " (" + running.by() + ", pid "
                        + running.pid() + ", data in " + dir + ")");
                return new LocalSandbox(null, running.apiBase(), creds, null, null, null);
            } catch (IOException e) {
                throw new ConfigException("the running sandbox at " + running.apiBase() + " cannot be used: " + e.getMessage());
            }
        }
        try {
            // Embedded, the sandbox's own start-up log would only repeat the line below.
            java.util.logging.Logger.getLogger("io.tcbatch.sandbox").setLevel(java.util.logging.Level.WARNING);
            Files.createDirectories(dir);
            // A private sandbox takes a free port whatever the settings say: a fixed one would
            // collide with a standalone sandbox started later, and nobody else needs to find it.
            SandboxCredentials stored = SandboxCredentials.loadOrCreate(dir);
            SandboxConfig cfg = config(settings, dir, stored).withPort(0)
                    .withClock(clock);
            FileChannel ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = lock(dir, ch);
            Sandbox s;
            try {
                s = Sandbox.start(cfg);
            } catch (IOException | RuntimeException e) {
                l.release();
                ch.close();
                throw e;
            }
            Path published = null;
            if (publish) {
                try {
                    // The secret stays in its own file; the run file says where, as for bin/tcbatch sandbox.
                    new Running(s.apiBase(), ProcessHandle.current().pid(), cfg.accessId(),
                            SandboxCredentials.defaultFile(dir), Running.SHELL).write(dir);
                    published = dir.resolve(RUN_FILE);
                } catch (IOException e) {
                    s.close();
                    l.release();
                    ch.close();
                    throw e;
                }
            }
            info.accept("Using the built-in sandbox at " + s.apiBase() + " (data in " + cfg.dataDir() + ")");
            return new LocalSandbox(s, s.apiBase(), new SandboxCredentials(cfg.accessId(), cfg.secretKey()), ch, l,
                    published);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the built-in sandbox: " + e.getMessage(), e);
        }
    }

    URI apiBase() {
        return apiBase;
    }

    /** True when the sandbox runs inside this JVM and ends with it. */
    boolean inProcess() {
        return sandbox != null;
    }

    Credentials credentials() {
        return new Credentials.Hmac(credentials.accessId(), credentials.secretKey());
    }

    @Override
    public void close() {
        if (stopHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopHook);
            } catch (IllegalStateException stopping) {
                // The JVM is going down: the hook does the same.
            }
        }
        stop();
    }

    /** Closes once, from close() or the JVM's stop, whichever comes first. */
    private void stop() {
        if (sandbox == null || !closed.compareAndSet(false, true)) {
            return; // someone else's sandbox (it keeps running), or closed already
        }
        if (published != null) {
            // First, so no other process picks a sandbox that is going away.
            try {
                Files.deleteIfExists(published);
            } catch (IOException e) {
                // Left behind, it names a dead process or a closed port, which readers ignore.
            }
        }
        sandbox.close();
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // The process is ending; the OS drops the lock with it.
        }
    }
}
