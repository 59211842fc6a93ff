package io.tcbatch.input;

import java.io.IOException;
import java.nio.file.Path;

/** Opens an input file with the reader its content and extension call for. */
public final class Inputs {
    private Inputs() {
    }

    /**
     * Opens {@code file}: {@code .txt} (and {@code .ioc}, {@code .list}) as an IOC list, anything
     * else as Batch JSON (V1 array, V1 {@code {"indicator":[…]}}, V2 object, V2 wrapped in a list).
     *
     * @throws InputException when the file is missing or unreadable (message names the path)
     */
    public static ItemSource open(Path file) throws IOException {
        throw new UnsupportedOperationException("TODO input readers");
    }
}
