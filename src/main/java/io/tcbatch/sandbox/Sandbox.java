package io.tcbatch.sandbox;

import java.io.IOException;
import java.net.URI;

/**
 * The ThreatConnect stand-in: a real HTTP server on 127.0.0.1 that speaks the Batch API.
 * Start with {@link #start(SandboxConfig)}; port 0 in the config picks a free port.
 */
public final class Sandbox implements AutoCloseable {

    private Sandbox() {
    }

    public static Sandbox start(SandboxConfig config) throws IOException {
        throw new UnsupportedOperationException("TODO sandbox");
    }

    /** Base URL including {@code /api}, e.g. {@code http://127.0.0.1:40123/api}. */
    public URI apiBase() {
        throw new UnsupportedOperationException();
    }

    public int port() {
        throw new UnsupportedOperationException();
    }

    /** Stops accepting requests, lets the worker finish its current item, closes the store. */
    @Override
    public void close() {
    }
}
