package io.tcbatch.input;

import java.nio.file.Path;

/**
 * Input that cannot be read as its format: malformed JSON, a missing or unreadable file, a
 * shape that is neither Batch V1 nor V2. The message is one line: {@code file:line:column: what}.
 */
public class InputException extends RuntimeException {
    private final String file;
    private final long line;
    private final long column;
    private final String detail;

    public InputException(Path file, long line, long column, String detail) {
        this(file == null ? "<input>" : file.toString(), line, column, detail, null);
    }

    public InputException(String file, long line, long column, String detail, Throwable cause) {
        super(format(file, line, column, detail), cause);
        this.file = file;
        this.line = line;
        this.column = column;
        this.detail = detail;
    }

    /** For a file that cannot be opened at all: no line and column. */
    public static InputException unreadable(Path file, String why) {
        return new InputException(file.toString(), 0, 0, why, null);
    }

    /**
     * How the name of items given as text in a script ends ({@code s.groovy:3 (text)}): their lines
     * are then written {@code s.groovy:3 (text) line 2}, one place, not {@code s.groovy:3:2:1}.
     */
    public static final String TEXT = " (text)";

    private static String format(String file, long line, long column, String detail) {
        if (line <= 0) {
            return file + ": " + detail;
        }
        if (file != null && file.endsWith(TEXT)) {
            return file + " line " + line + ": " + detail;
        }
        return file + ":" + line + ":" + column + ": " + detail;
    }

    public String file() {
        return file;
    }

    public long line() {
        return line;
    }

    public long column() {
        return column;
    }

    public String detail() {
        return detail;
    }
}
