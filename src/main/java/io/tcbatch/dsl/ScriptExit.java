package io.tcbatch.dsl;

/** Thrown by the script's {@code exit n}: ends the script there with that process exit code. */
final class ScriptExit extends RuntimeException {
    final int code;

    ScriptExit(int code) {
        super("exit " + code, null, false, false);
        this.code = code;
    }
}
