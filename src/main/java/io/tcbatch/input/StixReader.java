package io.tcbatch.input;

import java.io.IOException;
import java.io.InputStream;

/**
 * Streams a STIX 2.0 / 2.1 bundle as Batch items.
 *
 * <p>FROZEN STUB: the STIX reader's owner fills this in.
 */
final class StixReader implements ItemSource {
    private final String file;
    private final InputStream in;

    StixReader(String file, InputStream in) throws IOException {
        this.file = file;
        this.in = in;
    }

    @Override
    public InputItem next() throws IOException {
        throw new InputException(file, 0, 0, "STIX input is not supported yet", null);
    }

    @Override
    public String formatName() {
        return "STIX 2 bundle";
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
