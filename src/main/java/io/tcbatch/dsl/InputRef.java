package io.tcbatch.dsl;

import java.nio.file.Path;

/** An input named in a script with {@code file('…')}: what {@code upload} takes. */
public record InputRef(Path path) {
    @Override
    public String toString() {
        return path.toString();
    }
}
