package io.tcbatch.input;

import java.io.Closeable;
import java.io.IOException;

/**
 * A streaming reader of input items. Implementations hold at most one item in memory, so any
 * file size is read in bounded memory.
 */
public interface ItemSource extends Closeable {

    /**
     * The next item, or null at the end of the input.
     *
     * @throws InputException on malformed input (with file, line and column)
     * @throws IOException    on read failures
     */
    InputItem next() throws IOException;

    /** A short name of the detected format, e.g. "Batch JSON V2", "IOC list". */
    String formatName();

    /**
     * What was read, for {@code validate --output json}: {@code format} (e.g. "CSV", "IOC list"),
     * and whatever else the reader knows (a CSV's mapping). Complete after the last item.
     */
    default java.util.Map<String, Object> description() {
        return java.util.Map.of("format", formatName());
    }
}
