package io.tcbatch.input;

/**
 * How the columns of a CSV file become indicators: which column holds the value (or several, one
 * indicator each), the type (fixed, from a type column, or detected per value), and the columns of
 * rating, confidence, tags, attributes and dates. {@link #auto()} is the mapping guessed from the
 * header row; the DSL's {@code csv(path) { … }} block is this class as its delegate, so its public
 * methods are the block's words.
 *
 * <p>FROZEN STUB: the CSV reader's owner fills this in.
 */
public class CsvMapping {

    /** The mapping guessed from the header row when none is given. */
    public static CsvMapping auto() {
        return new CsvMapping();
    }
}
