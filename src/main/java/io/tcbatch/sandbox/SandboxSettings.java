package io.tcbatch.sandbox;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.Set;

/**
 * Reads sandbox settings from a properties file such as the shipped
 * {@code config/sandbox.properties}. Owners are lines {@code owner.<n>=<name>|<type>}, ordered
 * by {@code n}.
 */
public final class SandboxSettings {

    private static final Set<String> OWNER_TYPES = Set.of("Organization", "Community", "Source");

    private SandboxSettings() {
    }

    /**
     * The owners listed in {@code propertiesFile}, or {@link SandboxConfig#defaultOwners()} when
     * the file is missing or lists none.
     *
     * @throws IOException              when the file exists but cannot be read
     * @throws IllegalArgumentException when an owner line is malformed (the message names the key)
     */
    public static List<SandboxConfig.Owner> loadOwners(Path propertiesFile) throws IOException {
        if (propertiesFile == null || !Files.isRegularFile(propertiesFile)) {
            return SandboxConfig.defaultOwners();
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        List<String> keys = new ArrayList<>();
        for (String key : p.stringPropertyNames()) {
            if (key.startsWith("owner.")) {
                keys.add(key);
            }
        }
        keys.sort(Comparator.comparingLong(k -> ownerIndex(propertiesFile, k)));
        List<SandboxConfig.Owner> owners = new ArrayList<>();
        for (String key : keys) {
            String value = p.getProperty(key).trim();
            int bar = value.lastIndexOf('|');
            if (bar <= 0 || bar == value.length() - 1) {
                throw new IllegalArgumentException(propertiesFile + ": " + key
                        + " must look like 'Name|Organization' (or Community, Source)");
            }
            String name = value.substring(0, bar).trim();
            String type = value.substring(bar + 1).trim();
            if (!OWNER_TYPES.contains(type)) {
                throw new IllegalArgumentException(propertiesFile + ": " + key + " has owner type '" + type
                        + "'; expected Organization, Community or Source");
            }
            owners.add(new SandboxConfig.Owner(name, type));
        }
        return owners.isEmpty() ? SandboxConfig.defaultOwners() : List.copyOf(owners);
    }

    private static long ownerIndex(Path file, String key) {
        try {
            return Long.parseLong(key.substring("owner.".length()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(file + ": " + key + " must be owner.<number>");
        }
    }
}
