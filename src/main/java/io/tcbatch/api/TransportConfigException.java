package io.tcbatch.api;

/**
 * A transport setting that cannot be used (an unreadable CA bundle, a malformed proxy URL). The
 * message names the setting or file and never holds a password; the composition root turns it
 * into a configuration error (exit 2).
 */
public class TransportConfigException extends IllegalArgumentException {
    public TransportConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
