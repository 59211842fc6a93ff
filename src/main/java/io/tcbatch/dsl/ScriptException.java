package io.tcbatch.dsl;

/**
 * A script that does not compile or fails while running; message is {@code script:line:column: what}
 * (the column left out where it is not known, the line too). Exit code 2.
 */
public class ScriptException extends RuntimeException {
    private final int line;
    private final int column;

    public ScriptException(String script, int line, String detail, Throwable cause) {
        this(script, line, 0, detail, cause);
    }

    public ScriptException(String script, int line, int column, String detail, Throwable cause) {
        super(where(script, line, column) + ": " + detail, cause);
        this.line = line;
        this.column = column;
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
