package io.tcbatch.dsl;

/** A script that does not compile or fails while running; message is {@code script:line: what}. Exit code 2. */
public class ScriptException extends RuntimeException {
    public ScriptException(String script, int line, String detail, Throwable cause) {
        super(line > 0 ? script + ":" + line + ": " + detail : script + ": " + detail, cause);
    }
}
