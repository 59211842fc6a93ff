package io.tcbatch.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import io.tcbatch.api.Credentials;
import io.tcbatch.config.ConfigException;
import io.tcbatch.config.Settings;
import io.tcbatch.render.Output;
import io.tcbatch.sandbox.Sandbox;
import io.tcbatch.sandbox.SandboxConfig;
import io.tcbatch.sandbox.SandboxCredentials;
import io.tcbatch.sandbox.SandboxSettings;

/**
 * The embedded default target of the {@code local} profile: the sandbox started inside this JVM on
 * a free port of 127.0.0.1, with credentials generated once per data directory and kept in
 * {@code TCBATCH_HOME/sandbox}, where its database also lives, so data persists between runs.
 */
final class LocalSandbox implements AutoCloseable {
    private final Sandbox sandbox;
    private final SandboxCredentials credentials;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private LocalSandbox(Sandbox sandbox, SandboxCredentials credentials, FileChannel lockChannel, FileLock lock) {
        this.sandbox = sandbox;
        this.credentials = credentials;
        this.lockChannel = lockChannel;
        this.lock = lock;
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
            throw new ConfigException("the built-in sandbox data in " + dir + " is in use by another tcbatch process;"
                    + " wait for it to finish, or give this one its own TCBATCH_HOME");
        }
        return l;
    }

    static SandboxConfig config(Settings settings, int port) throws IOException {
        Path dir = settings.home().resolve("sandbox");
        SandboxCredentials creds = SandboxCredentials.loadOrCreate(dir);
        return SandboxConfig.defaults(dir, creds)
                .withOwners(SandboxSettings.loadOwners(settings.configFile("sandbox.properties")))
                .withPort(port);
    }

    static LocalSandbox start(Settings settings, Output output) {
        try {
            // Embedded, the sandbox's own start-up log would only repeat the line below.
            java.util.logging.Logger.getLogger("io.tcbatch.sandbox").setLevel(java.util.logging.Level.WARNING);
            SandboxConfig cfg = config(settings, 0);
            FileChannel ch = FileChannel.open(cfg.dataDir().resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock l = lock(cfg.dataDir(), ch);
            Sandbox s;
            try {
                s = Sandbox.start(cfg);
            } catch (IOException | RuntimeException e) {
                l.release();
                ch.close();
                throw e;
            }
            output.info("Using the built-in sandbox at " + s.apiBase() + " (data in " + cfg.dataDir() + ")");
            return new LocalSandbox(s, new SandboxCredentials(cfg.accessId(), cfg.secretKey()), ch, l);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the built-in sandbox: " + e.getMessage(), e);
        }
    }

    URI apiBase() {
        return sandbox.apiBase();
    }

    Credentials credentials() {
        return new Credentials.Hmac(credentials.accessId(), credentials.secretKey());
    }

    @Override
    public void close() {
        sandbox.close();
        try {
            lock.release();
            lockChannel.close();
        } catch (IOException e) {
            // The process is ending; the OS drops the lock with it.
        }
    }
}
