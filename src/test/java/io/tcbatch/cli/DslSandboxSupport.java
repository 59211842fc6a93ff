package io.tcbatch.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the DSL input tests share: a sandbox of their own ({@link SandboxFixture}), its read-back
 * ({@link DslReadBack}), and the scripts and data files they write under {@code scripts/}.
 */
abstract class DslSandboxSupport {
    @TempDir
    Path dir;
    SandboxFixture sb;
    DslReadBack read;

    @BeforeEach
    void startSandbox() throws Exception {
        sb = new SandboxFixture(dir);
        // Poll the in-process sandbox at once: these tests wait for jobs that take milliseconds.
        Files.writeString(sb.home.resolve("tcbatch.properties"), "poll.first.ms=20\n");
        read = new DslReadBack(sb);
    }

    @AfterEach
    void stopSandbox() {
        sb.close();
    }

    /** Writes {@code body} to {@code scripts/NAME}: a script, or a file a script reads. */
    Path script(String name, String body) throws IOException {
        return Files.writeString(Files.createDirectories(dir.resolve("scripts")).resolve(name), body);
    }
}
