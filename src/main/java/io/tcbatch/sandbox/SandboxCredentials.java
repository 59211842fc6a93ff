package io.tcbatch.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Properties;
import java.util.Set;

/**
 * The access id and secret key of the sandbox's one API user, kept with its data so that the
 * same data directory always answers to the same credentials (a profile saved once keeps
 * working after a restart).
 */
public record SandboxCredentials(String accessId, String secretKey) {

    static final String FILE_NAME = "credentials.properties";

    /**
     * Reads {@code dir/credentials.properties}, creating it (and {@code dir}) with fresh random
     * values on first use. The file is made readable by its owner only where the file system
     * has POSIX permissions.
     */
    public static SandboxCredentials loadOrCreate(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(FILE_NAME);
        if (Files.isRegularFile(file)) {
            return read(file);
        }
        SecureRandom random = new SecureRandom();
        byte[] id = new byte[10];
        byte[] secret = new byte[32];
        random.nextBytes(id);
        random.nextBytes(secret);
        SandboxCredentials created = new SandboxCredentials(
                "sandbox-" + HexFormat.of().formatHex(id),
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        // Written to a private temporary file and moved into place, so that a concurrent
        // starter never reads a half-written file and the secret is never world-readable.
        Path tmp = createPrivateFile(dir);
        try {
            Properties p = new Properties();
            p.setProperty("accessId", created.accessId);
            p.setProperty("secretKey", created.secretKey);
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.TRUNCATE_EXISTING)) {
                p.store(out, "tcbatch sandbox API user; generated once for this data directory");
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException raced) {
                return read(file);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
        // Another starter may have won the race on file systems where ATOMIC_MOVE replaces.
        return read(file);
    }

    /** Where {@link #loadOrCreate} keeps the credentials of {@code dir}. */
    public static Path defaultFile(Path dir) {
        return dir.resolve(FILE_NAME);
    }

    /**
     * Credentials given by the user: {@code accessId} and the secret key kept in {@code secretFile}.
     * The file holds the secret alone (surrounding white space ignored), or is a properties file
     * with a {@code secretKey} line, such as a {@code credentials.properties} this class wrote.
     *
     * @throws IOException one line naming the file (never its content) when it is missing,
     *                     unreadable or empty
     */
    public static SandboxCredentials fromSecretFile(String accessId, Path secretFile) throws IOException {
        if (accessId == null || accessId.isBlank()) {
            throw new IOException("the access id is empty");
        }
        return new SandboxCredentials(accessId.trim(), readSecret(secretFile));
    }

    /** The secret key kept in {@code file}, in either form {@link #fromSecretFile} accepts. */
    public static String readSecret(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("secret file " + file + " does not exist");
        }
        String text;
        try {
            text = Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IOException("cannot read the secret file " + file + " (" + e.getClass().getSimpleName() + ")");
        }
        String secret = text.strip();
        if (secret.lines().anyMatch(l -> l.strip().startsWith("secretKey"))) {
            Properties p = new Properties();
            p.load(new java.io.StringReader(text));
            secret = p.getProperty("secretKey", "").strip();
        }
        if (secret.isEmpty()) {
            throw new IOException("secret file " + file + " is empty");
        }
        return secret;
    }

    /**
     * Whether users other than the owner may read {@code file} (group or others have read
     * permission). False where the file system has no POSIX permissions.
     */
    public static boolean readableByOthers(Path file) {
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            return perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ);
        } catch (UnsupportedOperationException | IOException notPosix) {
            return false;
        }
    }

    private static Path createPrivateFile(Path dir) throws IOException {
        try {
            Set<PosixFilePermission> ownerOnly = PosixFilePermissions.fromString("rw-------");
            return Files.createTempFile(dir, "credentials", ".tmp",
                    PosixFilePermissions.asFileAttribute(ownerOnly));
        } catch (UnsupportedOperationException notPosix) {
            return Files.createTempFile(dir, "credentials", ".tmp");
        }
    }

    private static SandboxCredentials read(Path file) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        }
        String id = p.getProperty("accessId");
        String secret = p.getProperty("secretKey");
        if (id == null || id.isBlank() || secret == null || secret.isBlank()) {
            // The message names the file, never its content.
            throw new IOException(file + ": accessId or secretKey missing");
        }
        return new SandboxCredentials(id.trim(), secret.trim());
    }

    @Override
    public String toString() {
        return "SandboxCredentials[accessId=" + accessId + ", secretKey=****]";
    }
}
