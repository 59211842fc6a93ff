package io.tcbatch.input;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;

/** Opens an input file with the reader its content and extension call for. */
public final class Inputs {
    private Inputs() {
    }

    /**
     * Opens {@code file}: {@code .txt} (and {@code .ioc}, {@code .list}) as an IOC list; {@code .csv}
     * is refused with a clear message until a column-mapping reader exists; anything else is read
     * as Batch JSON (V1 array, V1 {@code {"indicator":[…]}}, V2 object, V2 wrapped in a list).
     * The Batch JSON reader looks at the start of the file at once, so a file that is not JSON at
     * all fails here rather than at the first {@code next()}.
     *
     * @throws InputException when the file is missing or unreadable (message names the path)
     */
    public static ItemSource open(Path file) throws IOException {
        return open(file, in -> in);
    }

    /**
     * As {@link #open(Path)}, reading the file through {@code wrap} (e.g. a stream that counts the
     * bytes read, for a progress bar).
     */
    public static ItemSource open(Path file, java.util.function.UnaryOperator<InputStream> wrap) throws IOException {
        if (Files.isDirectory(file)) {
            throw InputException.unreadable(file, "is a directory, not a file");
        }
        InputStream in;
        try {
            in = wrap.apply(Files.newInputStream(file));
        } catch (NoSuchFileException e) {
            throw InputException.unreadable(file, "no such file");
        } catch (AccessDeniedException e) {
            throw InputException.unreadable(file, "permission denied");
        } catch (IOException e) {
            throw InputException.unreadable(file, "cannot be read (" + e.getMessage() + ")");
        }
        String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            in.close();
            throw InputException.unreadable(file, "CSV input needs a column mapping, which this reader does not"
                    + " support yet; convert it to Batch JSON or an IOC list");
        }
        if (name.endsWith(".txt") || name.endsWith(".ioc") || name.endsWith(".list")) {
            return new IocListReader(file.toString(), in);
        }
        try {
            return new BatchJsonReader(file.toString(), in);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }
}
