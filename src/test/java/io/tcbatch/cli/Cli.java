package io.tcbatch.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs tcbatch in-process with its own TCBATCH_HOME and captured output, as a user would from a shell. */
final class Cli {
    record Result(int code, String out, String err) {
    }

    private final Map<String, String> env = new HashMap<>();
    private String stdin = "";
    private Path workDir;

    Cli(Path home) {
        // The working directory, where a project file tcbatch.properties is looked for: the test's own.
        this.workDir = home;
        env.put("TCBATCH_HOME", home.toString());
        // The user config file (XDG) of the test, never the real one of whoever runs the tests.
        env.put("XDG_CONFIG_HOME", home.resolve("user-config").toString());
    }

    Cli env(String key, String value) {
        env.put(key, value);
        return this;
    }

    /** What the next runs read from standard input (a secret for profile add, answers). */
    Cli stdin(String text) {
        this.stdin = text;
        return this;
    }

    /** The working directory of the next runs (where the project file tcbatch.properties is looked for). */
    Cli workDir(Path dir) {
        this.workDir = dir;
        return this;
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.run(args, env, o, e, false, workDir,
                    new java.io.ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
