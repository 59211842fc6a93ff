package io.tcbatch.input;

import java.io.IOException;
import java.io.InputStream;

/**
 * Streams the rows of a CSV file as indicators, by a {@link CsvMapping}.
 *
 * <p>FROZEN STUB: the CSV reader's owner fills this in.
 */
final class CsvReader implements ItemSource {
    private final String file;
    private final InputStream in;

    CsvReader(String file, InputStream in, CsvMapping mapping) throws IOException {
        this.file = file;
        this.in = in;
        throw new InputException(file, 0, 0, "CSV input needs a column mapping, which this reader does not"
                + " support yet; convert it to Batch JSON or an IOC list", null);
    }

    @Override
    public InputItem next() throws IOException {
        throw new InputException(file, 0, 0, "CSV input is not supported yet", null);
    }

    @Override
    public String formatName() {
        return "CSV";
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
