package io.tcbatch.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.function.UnaryOperator;

/**
 * One input of an import, before it is read: a file (in a format detected or given, a CSV with
 * its column mapping), text given in a script, or items built in a script. Made by
 * {@link Inputs}; opened once per pass by the preflight or the converter.
 */
public interface Input {

    /**
     * How messages and the rejects file name this input: the file's path as given, or for text and
     * items built in a script {@code script.groovy:LINE}.
     */
    String name();

    /** The file read, or null for text and items that live in memory. */
    Path path();

    /** Bytes to read, for a progress bar; 0 when unknown. */
    long size() throws IOException;

    /**
     * A reader of the items, the bytes read through {@code wrap} (e.g. a stream that counts them).
     *
     * @throws InputException when the input cannot be opened or is not of its format (names the input)
     */
    ItemSource open(UnaryOperator<InputStream> wrap) throws IOException;

    /** Checks what can be checked without reading: that the file exists and can be read. */
    default void check() {
        Path p = path();
        if (p == null) {
            return;
        }
        if (!java.nio.file.Files.isRegularFile(p)) {
            throw InputException.unreadable(p, java.nio.file.Files.exists(p) ? "not a regular file" : "no such file");
        }
        if (!java.nio.file.Files.isReadable(p)) {
            throw InputException.unreadable(p, "file is not readable");
        }
    }
}
