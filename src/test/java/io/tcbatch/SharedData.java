package io.tcbatch;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Assumptions;

/**
 * Locates the public input files kept beside the project in {@code ../shared/data}. They are
 * never copied into the project. Under CI ({@code CI=true}) a missing folder fails the test;
 * on a contributor's machine without it the test is skipped, saying why.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path dir() {
        Path dir = Path.of("..", "shared", "data").toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            String why = "the shared test data folder ../shared/data is missing";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(why + " (required under CI)");
            }
            Assumptions.abort(why + "; skipping a test that reads real feeds");
        }
        return dir;
    }

    public static Path file(String relative) {
        Path p = dir().resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new AssertionError("expected shared data file is missing: " + p);
        }
        return p;
    }
}
