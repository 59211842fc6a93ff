package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fixes to running scripts found by a new-user trial (issue 6): each through {@link Cli} on the sandbox. */
class DslScriptFixesTest {
    @TempDir
    Path home;

    private Path script(String name, String body) throws IOException {
        Path dir = Files.createDirectories(home.resolve("scripts"));
        return Files.writeString(dir.resolve(name), body);
    }

    @Test
    void aScriptMayBeNamedAfterAKeywordAPrimitiveOrAClassItSees() throws IOException {
        // long.groovy said "tcbatch: long.groovy: " and int.groovy a VerifyError (exit 5) before.
        List<String> names = List.of("long", "int", "boolean", "void", "var", "record", "yield", "true", "false", "null",
                "class", "def", "trait", "in", "String", "Object", "Integer", "Script", "TcbatchScript", "Closure",
                "List", "File", "BatchSpec", "1st-try", "my import");
        for (String name : names) {
            Path s = script(name + ".groovy", "def n = 2\nprintln \"ran \" + (n + 1)\n");
            Cli.Result r = new Cli(home).run(s.toString());
            assertEquals(0, r.code(), name + ": " + r.err());
            assertEquals("ran 3", r.out().strip(), name + ": " + r.out() + r.err());
        }
    }
}
