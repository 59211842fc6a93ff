package io.tcbatch.config;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Changes keys of a {@code .properties} file the user also edits by hand: every other line, comment
 * and blank line stays as it was, a changed key keeps its place, a new key goes at the end. Values
 * are escaped as {@link Properties#load} reads them (the file is read as ISO-8859-1, so anything
 * else is written as {@code \}{@code uXXXX}). Saved with owner-only permissions (file 0600,
 * a directory it creates 0700), because the file may hold secrets.
 */
public final class PropertiesEditor {
    /** One logical entry (a key line and its continuation lines), or a comment/blank line (key null). */
    private record Entry(String key, List<String> lines) {
    }

    private final Path file;
    private final List<Entry> entries = new ArrayList<>();

    private PropertiesEditor(Path file) {
        this.file = file;
    }

    /** The file's entries, or none when it does not exist yet. */
    public static PropertiesEditor open(Path file) {
        PropertiesEditor e = new PropertiesEditor(file);
        if (Files.isRegularFile(file)) {
            try {
                e.parse(Files.readAllLines(file, StandardCharsets.ISO_8859_1));
            } catch (IOException ex) {
                throw new UncheckedIOException("cannot read " + file, ex);
            }
        }
        return e;
    }

    public Path file() {
        return file;
    }

    private void parse(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            String t = line.stripLeading();
            if (t.isEmpty() || t.startsWith("#") || t.startsWith("!")) {
                entries.add(new Entry(null, List.of(line)));
                continue;
            }
            List<String> group = new ArrayList<>();
            group.add(line);
            while (continues(lines.get(i)) && i + 1 < lines.size()) {
                group.add(lines.get(++i));
            }
            entries.add(new Entry(keyOf(String.join("\n", group)), group));
        }
    }

    /** A line ending in an odd number of backslashes continues on the next. */
    private static boolean continues(String line) {
        int n = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    /** The key of one entry, as Properties itself reads it (so escapes in keys are understood). */
    private static String keyOf(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
        return p.stringPropertyNames().stream().findFirst().orElse(null);
    }

    /** The keys of the file's entries, in file order. */
    public List<String> keys() {
        return entries.stream().map(Entry::key).filter(java.util.Objects::nonNull).toList();
    }

    /** The value of {@code key} in this file, or null. */
    public String get(String key) {
        for (Entry e : entries) {
            if (key.equals(e.key())) {
                Properties p = new Properties();
                try {
                    p.load(new StringReader(String.join("\n", e.lines())));
                } catch (IOException ex) {
                    return null;
                }
                return p.getProperty(key);
            }
        }
        return null;
    }

    /** Sets {@code key}: in place of its first entry (dropping any repeats), or appended. */
    public PropertiesEditor set(String key, String value) {
        String line = escape(key, true) + "=" + escape(value, false);
        boolean done = false;
        for (int i = 0; i < entries.size(); i++) {
            if (key.equals(entries.get(i).key())) {
                if (done) {
                    entries.remove(i--);
                } else {
                    entries.set(i, new Entry(key, List.of(line)));
                    done = true;
                }
            }
        }
        if (!done) {
            entries.add(new Entry(key, List.of(line)));
        }
        return this;
    }

    /** Removes every entry whose key matches; returns how many. */
    public int remove(Predicate<String> key) {
        int before = entries.size();
        entries.removeIf(e -> e.key() != null && key.test(e.key()));
        return before - entries.size();
    }

    /** The file's text as it would be saved. */
    public String text() {
        StringBuilder b = new StringBuilder();
        for (Entry e : entries) {
            for (String l : e.lines()) {
                b.append(l).append('\n');
            }
        }
        return b.toString();
    }

    /**
     * Writes the file atomically (a temporary file in the same directory, then a rename), with
     * permissions 0600 where the file system has POSIX permissions; the directory is created 0700.
     */
    public void save() {
        try {
            Path dir = file.toAbsolutePath().getParent();
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            Set<PosixFilePermission> owner = PosixFilePermissions.fromString("rw-------");
            Path tmp = posix ? Files.createTempFile(dir, ".tcbatch-", ".tmp", PosixFilePermissions.asFileAttribute(owner))
                    : Files.createTempFile(dir, ".tcbatch-", ".tmp");
            try {
                Files.writeString(tmp, text(), StandardCharsets.ISO_8859_1);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            if (posix) {
                Files.setPosixFilePermissions(file, owner);
            }
        } catch (IOException e) {
            throw new ConfigException("cannot write " + file + ": " + e.getMessage() + "; check that its folder is writable");
        }
    }

    /**
     * Escapes a key or value as {@link Properties#store} does: backslash, the separators {@code =}
     * and {@code :}, comment marks, line breaks, leading spaces (all spaces in a key), and every
     * character outside printable ASCII as {@code \}{@code uXXXX}.
     */
    static String escape(String s, boolean key) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\f' -> b.append("\\f");
                case '=', ':', '#', '!' -> b.append('\\').append(c);
                case ' ' -> b.append(key || i == 0 ? "\\ " : " ");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        b.append(String.format("\\u%04X", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }
}
