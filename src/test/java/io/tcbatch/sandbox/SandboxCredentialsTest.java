package io.tcbatch.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxCredentialsTest {

    @TempDir
    Path dir;

    @Test
    void createsCredentialsOnceAndReturnsTheSameOnesAfterwards() throws Exception {
        SandboxCredentials first = SandboxCredentials.loadOrCreate(dir.resolve("home"));
        SandboxCredentials again = SandboxCredentials.loadOrCreate(dir.resolve("home"));
        assertEquals(first, again);
        assertTrue(first.secretKey().length() >= 40, "256 random bits");
        assertNotEquals(first, SandboxCredentials.loadOrCreate(dir.resolve("other")));
        Path file = dir.resolve("home").resolve("credentials.properties");
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        try (var files = Files.list(dir.resolve("home"))) {
            assertEquals(List.of(file), files.toList(), "no temporary file left behind");
        }
    }

    @Test
    void neverPrintsTheSecret() throws Exception {
        SandboxCredentials c = SandboxCredentials.loadOrCreate(dir);
        assertFalse(c.toString().contains(c.secretKey()));
        SandboxConfig config = SandboxConfig.defaults(dir, c).withToken("tok-secret");
        assertFalse(config.toString().contains(c.secretKey()));
        assertFalse(config.toString().contains("tok-secret"));
    }

    @Test
    void refusesAFileWithoutTheSecretNamingOnlyTheFile() throws Exception {
        Files.writeString(dir.resolve("credentials.properties"), "accessId=abc\n");
        var e = assertThrows(java.io.IOException.class, () -> SandboxCredentials.loadOrCreate(dir));
        assertTrue(e.getMessage().endsWith("credentials.properties: accessId or secretKey missing"));
    }

    @Test
    void loadsOwnersFromTheShippedFileAndFallsBackToTheDefaults() throws Exception {
        assertEquals(SandboxConfig.defaultOwners(), SandboxSettings.loadOwners(Path.of("config", "sandbox.properties")));
        assertEquals(SandboxConfig.defaultOwners(), SandboxSettings.loadOwners(dir.resolve("missing.properties")));
        Path custom = dir.resolve("sandbox.properties");
        Files.writeString(custom, "owner.10=Tenth|Source\nowner.2=Second Org|Organization\n");
        assertEquals(List.of(new SandboxConfig.Owner("Second Org", "Organization"),
                new SandboxConfig.Owner("Tenth", "Source")), SandboxSettings.loadOwners(custom));
        Files.writeString(custom, "owner.1=No Type\n");
        assertThrows(IllegalArgumentException.class, () -> SandboxSettings.loadOwners(custom));
        Files.writeString(custom, "owner.1=Bad|Team\n");
        assertThrows(IllegalArgumentException.class, () -> SandboxSettings.loadOwners(custom));
    }
}
