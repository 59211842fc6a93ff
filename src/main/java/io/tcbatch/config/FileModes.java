package io.tcbatch.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;

/** POSIX permission checks where the file system has them (elsewhere nothing is reported). */
public final class FileModes {
    private FileModes() {
    }

    /** The octal mode (e.g. {@code 0644}) when group or others may read {@code file}; null when they may not or it cannot be told. */
    public static String readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> p = Files.getPosixFilePermissions(file);
            if (!p.contains(PosixFilePermission.GROUP_READ) && !p.contains(PosixFilePermission.OTHERS_READ)) {
                return null;
            }
            return octal(p);
        } catch (UnsupportedOperationException | IOException e) {
            return null;
        }
    }

    /** {@code 0600}-style text of a permission set. */
    public static String octal(Set<PosixFilePermission> p) {
        int m = 0;
        for (PosixFilePermission x : p) {
            m |= 1 << (8 - x.ordinal());
        }
        return String.format("0%o", m);
    }

    /** The octal mode of a file, or null where there are no POSIX permissions. */
    public static String mode(Path file) {
        try {
            return octal(Files.getPosixFilePermissions(file));
        } catch (UnsupportedOperationException | IOException e) {
            return null;
        }
    }
}
