package io.tcbatch.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compiled-script cache: compiled once, loaded after; damaged or partial entries rebuilt; failures never stored. */
class ScriptCacheTest {
    @TempDir
    Path dir;

    private static final String SCRIPT = "def twice = { n -> n * 2 }\nprintln twice(21)\n";

    private List<Path> entries() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> !p.getFileName().toString().startsWith(".")).toList();
        }
    }

    private static boolean fromCache(Class<?> c) {
        return c.getClassLoader() instanceof ScriptCache.Loader;
    }

    @Test
    void aScriptIsCompiledOnceAndLoadedFromTheCacheAfter() throws Exception {
        Class<?> first = new ScriptHost(dir).compile(SCRIPT, "daily.groovy");
        assertFalse(fromCache(first));
        List<Path> e = entries();
        assertEquals(1, e.size(), e.toString());
        assertEquals(ScriptCache.key(SCRIPT, "daily.groovy"), e.get(0).getFileName().toString());
        // The script's class and its closure's: two class files and the index.
        try (Stream<Path> s = Files.list(e.get(0))) {
            assertEquals(3, s.count());
        }
        Class<?> second = new ScriptHost(dir).compile(SCRIPT, "daily.groovy");
        assertTrue(fromCache(second), second.getClassLoader().toString());
        assertEquals("daily", second.getName());
        assertTrue(TcbatchScript.class.isAssignableFrom(second));
        // The closure's class comes from the entry too, when the script first needs it.
        Class<?> closure = Class.forName("daily$_run_closure1", false, second.getClassLoader());
        assertEquals(second.getClassLoader(), closure.getClassLoader());
        assertEquals(first.getName(), second.getName());
        assertEquals(1, entries().size());
    }

    @Test
    void theKeyChangesWithTheTextAndTheFileName() {
        String k = ScriptCache.key(SCRIPT, "a.groovy");
        assertEquals(64, k.length());
        assertEquals(k, ScriptCache.key(SCRIPT, "a.groovy"));
        assertNotEquals(k, ScriptCache.key(SCRIPT + " ", "a.groovy"));
        assertNotEquals(k, ScriptCache.key(SCRIPT, "b.groovy"));
    }

    @Test
    void theClassFingerprintTellsRebuiltClassFilesApart() {
        byte[] a = "class file of one build".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] b = a.clone();
        b[b.length - 1] ^= 1; // one bit flipped: a one-line change in the DSL
        assertEquals(ScriptCache.fingerprint(a), ScriptCache.fingerprint(a.clone()));
        assertNotEquals(ScriptCache.fingerprint(a), ScriptCache.fingerprint(b));
        // Two bytes swapped: the same bytes in another order, which a plain sum would miss.
        byte[] c = a.clone();
        byte t = c[0];
        c[0] = c[1];
        c[1] = t;
        assertNotEquals(ScriptCache.fingerprint(a), ScriptCache.fingerprint(c));
        assertEquals(a.length + "/", ScriptCache.fingerprint(a).substring(0, String.valueOf(a.length).length() + 1));
    }

    @Test
    void aDamagedEntryIsIgnoredAndRebuilt() throws Exception {
        new ScriptHost(dir).compile(SCRIPT, "daily.groovy");
        Path entry = entries().get(0);
        Path classFile = entry.resolve("0.class");
        byte[] b = Files.readAllBytes(classFile);
        Files.write(classFile, java.util.Arrays.copyOf(b, b.length / 2)); // a half-written file
        Class<?> again = new ScriptHost(dir).compile(SCRIPT, "daily.groovy");
        assertFalse(fromCache(again), "the damaged entry is not used");
        assertEquals(b.length, Files.size(classFile), "and is replaced by a whole one");
        assertTrue(fromCache(new ScriptHost(dir).compile(SCRIPT, "daily.groovy")));
    }

    @Test
    void anEntryWithoutItsIndexIsNoEntry() throws Exception {
        new ScriptHost(dir).compile(SCRIPT, "daily.groovy");
        Path entry = entries().get(0);
        Files.delete(entry.resolve("index"));
        assertFalse(fromCache(new ScriptHost(dir).compile(SCRIPT, "daily.groovy")));
        assertTrue(Files.isRegularFile(entry.resolve("index")));
        assertTrue(fromCache(new ScriptHost(dir).compile(SCRIPT, "daily.groovy")));
        // Nothing temporary is left behind.
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }

    @Test
    void aScriptThatDoesNotCompileIsNeverStoredAndFailsAlike() throws Exception {
        String bad = "batch {\n    owner 'Example Org'\n    upload file(args[0]\n}\n";
        MultipleCompilationErrorsException one = assertThrows(MultipleCompilationErrorsException.class,
                () -> new ScriptHost(dir).compile(bad, "bad.groovy"));
        MultipleCompilationErrorsException two = assertThrows(MultipleCompilationErrorsException.class,
                () -> new ScriptHost(dir).compile(bad, "bad.groovy"));
        assertEquals(one.getMessage(), two.getMessage());
        assertTrue(one.getMessage().contains("bad.groovy"), one.getMessage());
        assertEquals(List.of(), entries());
    }

    @Test
    void withoutACacheDirectoryNothingIsWritten() throws Exception {
        Class<?> c = new ScriptHost().compile(SCRIPT, "daily.groovy");
        assertNotNull(c);
        assertFalse(fromCache(c));
        assertEquals(List.of(), entries());
    }

    @Test
    void anUnwritableCacheOnlyMeansCompiling() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-dir"), "x");
        Class<?> c = new ScriptHost(file.resolve("scripts")).compile(SCRIPT, "daily.groovy");
        assertInstanceOf(Class.class, c);
        assertFalse(fromCache(c));
    }
}
