package io.tcbatch.dsl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import groovy.lang.GroovySystem;

/**
 * Compiled scripts kept between runs, so a script that automation runs many times a day is
 * compiled once: Groovy's compiler is most of a small script's start-up (class loading and
 * JIT of the compiler itself), while loading the few class files it made takes milliseconds.
 *
 * <p>An entry is {@code <root>/<key>/}: the class files and an {@code index} naming the main class
 * and each file with its {@link #fingerprint} (a damaged or partly written file differs from it). The key is the SHA-256 of everything the compiler's output
 * depends on: the script's text, the class name made from its file name, the tcbatch version, the
 * Groovy and Java versions, and the bytes of the classes the compiler resolves the script against
 * (the script base class, the enums whose constants are the DSL's bare words), so a rebuilt
 * tcbatch never runs a class compiled against an older DSL. An entry is written in a temporary
 * directory and moved into place in one step; one that is damaged or partial (a file missing or
 * not matching the index) is ignored, compiled again and replaced. The cache never makes a run
 * fail: any I/O trouble only means the script is compiled as without it.
 *
 * <p>Only compiled scripts are stored: a script that does not compile is compiled (and its error
 * worded) every time, exactly as without the cache.
 */
final class ScriptCache {

    /** Bumped when the entry layout changes. */
    private static final String FORMAT = "tcbatch-script-cache 2";

    /** Classes whose shape the compiled script depends on (see {@link ScriptHost#compilerConfiguration}). */
    private static final List<String> COMPILER_INPUTS = List.of(
            "io.tcbatch.dsl.TcbatchScript", "io.tcbatch.dsl.ScriptHost", "io.tcbatch.dsl.BatchVersion",
            "io.tcbatch.dsl.FileMergeMode", "io.tcbatch.dsl.HashCollisionMode", "io.tcbatch.batch.Action",
            "io.tcbatch.batch.AttributeWriteType", "io.tcbatch.batch.RunSummary");

    private static final String INDEX = "index";

    private final Path root;

    /** @param root the cache directory ({@code TCBATCH_HOME/cache/scripts}); made when first written */
    ScriptCache(Path root) {
        this.root = root;
    }

    /** The compiled classes of one script: the main class's name and every class's bytes by name. */
    record Entry(String mainClass, Map<String, byte[]> classes) {
    }

    /** The key of {@code source} compiled as {@code className} by this tcbatch. */
    static String key(String source, String className) {
        MessageDigest d = sha256();
        update(d, FORMAT);
        update(d, String.valueOf(ScriptCache.class.getPackage().getImplementationVersion()));
        update(d, GroovySystem.getVersion());
        update(d, Runtime.version().toString());
        for (String name : COMPILER_INPUTS) {
            update(d, name);
            update(d, fingerprint(classBytes(name)));
        }
        update(d, className);
        update(d, source);
        return HexFormat.of().formatHex(d.digest());
    }

    /** The entry of {@code key}, or null when there is none or it is damaged (then it is compiled again). */
    Entry load(String key) {
        Path dir = root.resolve(key);
        Path index = dir.resolve(INDEX);
        if (!Files.isRegularFile(index)) {
            return null;
        }
        try {
            String main = null;
            Map<String, byte[]> classes = new LinkedHashMap<>();
            for (String line : Files.readAllLines(index, StandardCharsets.UTF_8)) {
                String[] f = line.split(" ");
                if (f.length == 2 && f[0].equals("main")) {
                    main = f[1];
                } else if (f.length == 4 && f[0].equals("class")) {
                    byte[] bytes = Files.readAllBytes(dir.resolve(f[2]));
                    if (!fingerprint(bytes).equals(f[3])) {
                        return null;
                    }
                    classes.put(f[1], bytes);
                } else if (!line.equals(FORMAT)) {
                    return null;
                }
            }
            return main != null && classes.containsKey(main) ? new Entry(main, classes) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Stores {@code entry} under {@code key}, replacing a damaged entry; failures are ignored. */
    void store(String key, Entry entry) {
        Path tmp = null;
        try {
            Files.createDirectories(root);
            tmp = Files.createTempDirectory(root, ".tmp-");
            StringBuilder index = new StringBuilder(FORMAT).append('\n').append("main ").append(entry.mainClass()).append('\n');
            int n = 0;
            for (Map.Entry<String, byte[]> c : entry.classes().entrySet()) {
                // Class names of scripts may hold characters a file name should not: files are numbered.
                String file = (n++) + ".class";
                Files.write(tmp.resolve(file), c.getValue());
                index.append("class ").append(c.getKey()).append(' ').append(file).append(' ')
                        .append(fingerprint(c.getValue())).append('\n');
            }
            // The index last: an entry without one is no entry.
            Files.writeString(tmp.resolve(INDEX), index, StandardCharsets.UTF_8);
            Path dir = root.resolve(key);
            if (Files.exists(dir)) {
                // Here only when load() found it damaged, or another process has just stored it.
                if (load(key) != null) {
                    return;
                }
                deleteTree(dir);
            }
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir);
            }
            tmp = null;
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            // Another process stored the same script at the same moment: its entry is as good.
        } catch (IOException | RuntimeException e) {
            // No cache this time; the script runs all the same.
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    /** Defines the classes of an entry, found by name, on {@code parent}. */
    static final class Loader extends ClassLoader {
        private final Map<String, byte[]> classes;

        Loader(ClassLoader parent, Map<String, byte[]> classes) {
            super(parent);
            this.classes = classes;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] b = classes.get(name);
            if (b == null) {
                throw new ClassNotFoundException(name);
            }
            return defineClass(name, b, 0, b.length);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            List<Path> all = new ArrayList<>(s.sorted(Comparator.reverseOrder()).toList());
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | RuntimeException e) {
            // Left for the next run to replace.
        }
    }

    private static byte[] classBytes(String name) {
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = ScriptCache.class.getClassLoader().getResourceAsStream(resource)) {
            return in == null ? new byte[0] : in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    /**
     * What tells one version of a class file from another, cheaply: its length with its CRC-32 and
     * Adler-32 (64 bits). The key and the entry's check are computed before the script runs, in
     * the interpreter, where SHA-256 over the DSL's ~150 KB of class files cost about 35 ms of a
     * 1-second script; both checksums run as native code. They guard against a stale entry after
     * a rebuild and a damaged or partly written file, not against tampering (the cache is the
     * user's own directory, like the classes).
     */
    static String fingerprint(byte[] bytes) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(bytes);
        java.util.zip.Adler32 adler = new java.util.zip.Adler32();
        adler.update(bytes);
        return bytes.length + "/" + Long.toHexString(crc.getValue()) + "/" + Long.toHexString(adler.getValue());
    }

    private static void update(MessageDigest d, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        d.update((b.length + ":").getBytes(StandardCharsets.US_ASCII));
        d.update(b);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
