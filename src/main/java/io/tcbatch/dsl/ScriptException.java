package io.tcbatch.dsl;

import java.util.List;

/**
 * A script that does not compile or fails while running; message is {@code script:line:column: what}
 * (the column left out where it is not known, the line too). Exit code 2 when the script sent
 * nothing; 1 when it failed after it had sent runs (they were watched to their end first, so the
 * run is partial, not "nothing submitted").
 */
public class ScriptException extends RuntimeException {
    private final int line;
    private final int column;
    private final int exitCode;

    public ScriptException(String script, int line, String detail, Throwable cause) {
        this(script, line, 0, detail, cause);
    }

    public ScriptException(String script, int line, int column, String detail, Throwable cause) {
        super(where(script, line, column) + ": " + detail, cause);
        this.line = line;
        this.column = column;
        this.exitCode = 2;
    }

    /** {@code error} with the runs sent before it named, and exit code 1. */
    ScriptException(RuntimeException error, List<String> sentRuns) {
        super(error.getMessage() + " (runs already sent before the error: " + String.join(", ", sentRuns)
                + "; watched above; to see them again: bin/tcbatch watch --run " + sentRuns.get(sentRuns.size() - 1) + ")",
                error);
        this.line = error instanceof ScriptException s ? s.line : 0;
        this.column = error instanceof ScriptException s ? s.column : 0;
        this.exitCode = 1;
    }

    /** 2 (nothing was sent) or 1 (the script stopped after it had sent runs, all accounted for). */
    public int exitCode() {
        return exitCode;
    }

    private static String where(String script, int line, int column) {
        return line <= 0 ? script : column <= 0 ? script + ":" + line : script + ":" + line + ":" + column;
    }

    /** The script line, or 0 when not known. */
    public int line() {
        return line;
    }

    /** The column (1-based), or 0 when not known. */
    public int column() {
        return column;
    }
}
