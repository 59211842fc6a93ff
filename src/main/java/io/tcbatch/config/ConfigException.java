package io.tcbatch.config;

/** A setting, profile or command-line value that cannot be used; maps to exit code 2. */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
