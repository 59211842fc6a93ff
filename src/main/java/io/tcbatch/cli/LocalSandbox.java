package io.tcbatch.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;

import io.tcbatch.api.Credentials;
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

    private LocalSandbox(Sandbox sandbox, SandboxCredentials credentials) {
        this.sandbox = sandbox;
        this.credentials = credentials;
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
            Sandbox s = Sandbox.start(cfg);
            output.info("Using the built-in sandbox at " + s.apiBase() + " (data in " + cfg.dataDir() + ")");
            return new LocalSandbox(s, new SandboxCredentials(cfg.accessId(), cfg.secretKey()));
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
    }
}
