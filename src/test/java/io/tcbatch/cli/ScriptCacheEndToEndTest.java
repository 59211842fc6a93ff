package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compiled-script cache seen from the command line: a script run again in the same
 * TCBATCH_HOME is loaded from {@code cache/scripts}, and says exactly what it said the first
 * time, errors included (line:column, the words, the runtime errors naming script:LINE).
 */
class ScriptCacheEndToEndTest {
    @TempDir
    Path home;

    private Path script(String name, String body) throws IOException {
        Path dir = Files.createDirectories(home.resolve("scripts"));
        return Files.writeString(dir.resolve(name), body);
    }

    private long entries() throws IOException {
        Path cache = home.resolve("cache").resolve("scripts");
        if (!Files.isDirectory(cache)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(cache)) {
            return s.filter(p -> Files.isRegularFile(p.resolve("index"))).count();
        }
    }

    /** Runs {@code body} twice (cold, then warm); both runs must answer alike. Returns the first. */
    private Cli.Result twice(String name, String body) throws IOException {
        Path s = script(name, body);
        Path feed = Files.writeString(home.resolve("feed.json"), "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"a.example.com\"}]}");
        Cli.Result cold = new Cli(home).run(s.toString(), feed.toString());
        Cli.Result warm = new Cli(home).run(s.toString(), feed.toString());
        assertEquals(cold.code(), warm.code(), cold.err() + "\n---\n" + warm.err());
        assertEquals(cold.err(), warm.err());
        assertEquals(cold.out(), warm.out());
        return cold;
    }

    @Test
    void runtimeErrorsSayTheSameFromTheCache() throws IOException {
        Cli.Result verb = twice("verb.groovy", "bach {\n    owner 'Example Org'\n}\n");
        assertEquals(2, verb.code());
        assertTrue(verb.err().contains("verb.groovy:1:1: unknown verb 'bach' (did you mean 'batch'?)"), verb.err());
        Cli.Result watch = twice("watch.groovy", "def x = 1\n  wacth()\n");
        assertTrue(watch.err().contains("watch.groovy:2:3: unknown verb 'wacth' (did you mean 'watch'?)"), watch.err());
        Cli.Result option = twice("option.groovy", "batch {\n    ownr 'Example Org'\n    upload file(args[0])\n}\n");
        assertTrue(option.err().contains("option.groovy:2:5: unknown option 'ownr' in batch { } (did you mean 'owner'?)"),
                option.err());
        // A plain Groovy failure deep in a closure: the line comes from the class file's line table.
        Cli.Result npe = twice("npe.groovy", "def f = { v ->\n    v.size()\n}\n[1].each {\n    f(null)\n}\n");
        assertEquals(2, npe.code(), npe.err());
        assertTrue(npe.err().contains("npe.groovy:2:"), npe.err());
        // All four compiled, so all four are kept.
        assertEquals(4, entries());
        assertFalse(npe.err().contains("\tat "), npe.err());
    }

    @Test
    void syntaxErrorsAreNotKeptAndSayTheSame() throws IOException {
        Cli.Result r = twice("syntax.groovy", "batch {\n    owner 'Example Org'\n    upload file(args[0]\n}\n");
        assertEquals(2, r.code());
        assertTrue(r.err().matches("(?s).*syntax\\.groovy:[34]:\\d+: .*"), r.err());
        assertEquals(0, entries());
    }

    @Test
    void aScriptThatImportsRunsTheSameFromTheCache() throws IOException {
        Path s = script("one.groovy", "batch {\n    owner 'Example Org'\n    indicators { address '192.0.2.1' }\n}\nwatch()\n");
        Cli.Result cold = new Cli(home).run("--output", "json", s.toString());
        Cli.Result warm = new Cli(home).run("--output", "json", s.toString());
        assertEquals(0, cold.code(), cold.err());
        assertEquals(0, warm.code(), warm.err());
        assertTrue(warm.out().contains("\"succeeded\" : 1") || warm.out().contains("\"succeeded\":1"), warm.out());
        assertEquals(1, entries());
    }

    @Test
    void theCacheCanBeTurnedOff() throws IOException {
        Path s = script("off.groovy", "def x = 1\n");
        Cli.Result r = new Cli(home).env("TCBATCH_SCRIPT_CACHE", "off").run(s.toString());
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.exists(home.resolve("cache").resolve("scripts")));
        assertEquals(0, new Cli(home).run(s.toString()).code());
        assertEquals(1, entries());
    }
}
