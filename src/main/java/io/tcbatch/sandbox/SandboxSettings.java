package io.tcbatch.sandbox;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Sandbox settings read from properties files such as the shipped {@code config/sandbox.properties}
 * and the user's own {@code TCBATCH_HOME/sandbox.properties}:
 * <pre>
 * port=8450                   TCP port on 127.0.0.1 (0: a free one)
 * workers=2                   jobs processed at once
 * upload.maxBytes=2000000     the upload limit answered with the documented 400
 * indicatorsPerJob=25000      the per-job indicator limit (0x1008)
 * synchronousBatchSaveLimit=100  uploads of at most this many items are processed inline (0: never)
 * fault.1=rate-limit count=3  faults active from the start, in the text form of the fault contract
 * owner.1=Example Org|Organization
 * </pre>
 * Files are layered key by key, later ones winning, so a user file changes one setting without
 * repeating the others. A missing file is no error; a bad value is, with a one-line message
 * naming the file and the key (never a secret: none belongs in these files).
 *
 * @param port             the port, or null when no file sets it
 * @param workers          jobs at once, or null
 * @param maxUploadBytes   the upload limit, or null
 * @param indicatorsPerJob the per-job indicator limit, or null
 * @param synchronousBatchSaveLimit the synchronous save limit, or null
 * @param faults           start-up faults in order of their {@code n} (empty when none)
 * @param owners           the owners in order of their {@code n}, or null when no file lists any
 */
public record SandboxSettings(Integer port, Integer workers, Long maxUploadBytes, Integer indicatorsPerJob,
                              List<String> faults, List<SandboxConfig.Owner> owners, Integer synchronousBatchSaveLimit) {

    private static final Set<String> OWNER_TYPES = Set.of("Organization", "Community", "Source");

    /** The keys other than the numbered {@code owner.<n>} and {@code fault.<n>}. */
    private static final List<String> KEYS = List.of("port", "workers", "upload.maxBytes", "indicatorsPerJob",
            "synchronousBatchSaveLimit");

    private static final Pattern NUMBERED = Pattern.compile("(owner|fault)\\.(\\d{1,9})");

    public SandboxSettings {
        faults = List.copyOf(faults);
        owners = owners == null ? null : List.copyOf(owners);
    }

    /** No settings: the sandbox's defaults. */
    public static SandboxSettings none() {
        return new SandboxSettings(null, null, null, null, List.of(), null, null);
    }

    /**
     * Reads {@code files} in order (missing ones are skipped), later files winning key by key.
     *
     * @throws IOException              when a file exists but cannot be read
     * @throws IllegalArgumentException when a value is bad: {@code <file>: <key> …}, one line
     */
    public static SandboxSettings load(List<Path> files) throws IOException {
        // key -> value, and key -> the file that set it, for messages.
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, Path> origin = new LinkedHashMap<>();
        for (Path file : files) {
            if (file == null || !Files.isRegularFile(file)) {
                continue;
            }
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            for (String key : p.stringPropertyNames()) {
                if (!KEYS.contains(key) && !NUMBERED.matcher(key).matches()) {
                    throw new IllegalArgumentException(file + ": unknown setting '" + key + "' (known: "
                            + String.join(", ", KEYS) + ", fault.<n>, owner.<n>)");
                }
                values.put(key, p.getProperty(key).trim());
                origin.put(key, file);
            }
        }
        Integer port = intValue(values, origin, "port", 0, 65535);
        Integer workers = intValue(values, origin, "workers", 1, 64);
        Long maxBytes = values.containsKey("upload.maxBytes")
                ? (long) intValue(values, origin, "upload.maxBytes", 1, Integer.MAX_VALUE) : null;
        Integer perJob = intValue(values, origin, "indicatorsPerJob", 1, Integer.MAX_VALUE);
        Integer syncLimit = intValue(values, origin, "synchronousBatchSaveLimit", 0, SandboxConfig.DEFAULT_MAX_INDICATORS_PER_JOB);
        List<String> faultKeys = numbered(values, "fault.");
        List<String> faults = new ArrayList<>();
        for (String key : faultKeys) {
            String spec = values.get(key);
            if (!spec.isEmpty()) {
                checkFault(spec, origin.get(key) + ": " + key);
                faults.add(spec);
            }
        }
        List<SandboxConfig.Owner> owners = new ArrayList<>();
        for (String key : numbered(values, "owner.")) {
            owners.add(owner(values.get(key), origin.get(key), key));
        }
        return new SandboxSettings(port, workers, maxBytes, perJob, faults, owners.isEmpty() ? null : owners, syncLimit);
    }

    /**
     * {@code base} with every setting that was given; a null field keeps the base's value. The
     * faults of the files are added before any the base already has.
     */
    public SandboxConfig applyTo(SandboxConfig base) {
        SandboxConfig c = base;
        if (port != null) {
            c = c.withPort(port);
        }
        if (workers != null) {
            c = c.withWorkers(workers);
        }
        if (maxUploadBytes != null) {
            c = c.withMaxUploadBytes(maxUploadBytes);
        }
        if (indicatorsPerJob != null) {
            c = c.withMaxIndicatorsPerJob(indicatorsPerJob);
        }
        if (!faults.isEmpty()) {
            List<String> all = new ArrayList<>(faults);
            all.addAll(base.faults());
            c = c.withFaults(all);
        }
        if (owners != null) {
            c = c.withOwners(owners);
        }
        if (synchronousBatchSaveLimit != null) {
            c = c.withSynchronousBatchSaveLimit(synchronousBatchSaveLimit);
        }
        return c;
    }

    /**
     * The owners listed in {@code propertiesFile}, or {@link SandboxConfig#defaultOwners()} when
     * the file is missing or lists none.
     *
     * @throws IOException              when the file exists but cannot be read
     * @throws IllegalArgumentException when an owner line is malformed (the message names the key)
     */
    public static List<SandboxConfig.Owner> loadOwners(Path propertiesFile) throws IOException {
        SandboxSettings s = load(propertiesFile == null ? List.of() : List.of(propertiesFile));
        return s.owners() == null ? SandboxConfig.defaultOwners() : s.owners();
    }

    /**
     * Checks a fault spec with the sandbox's own parser ({@link FaultSpec#parse(String)}, the one
     * grammar of the fault contract), so that a typo or a bad value in a settings file is
     * reported against the file and key at start-up rather than when the sandbox starts.
     *
     * @param where prefix of the message, e.g. {@code sandbox.properties: fault.1}
     * @throws IllegalArgumentException one line: {@code where}, then the parser's message naming
     *                                  the problem and what is allowed
     */
    public static void checkFault(String spec, String where) {
        try {
            FaultSpec.parse(spec);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        }
    }

    private static Integer intValue(Map<String, String> values, Map<String, Path> origin, String key, int min, int max) {
        String v = values.get(key);
        if (v == null) {
            return null;
        }
        try {
            int n = Integer.parseInt(v.replace("_", ""));
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(origin.get(key) + ": " + key + " must be a whole number from " + min
                + " to " + max + ", not '" + v + "'");
    }

    private static List<String> numbered(Map<String, String> values, String prefix) {
        List<String> keys = new ArrayList<>();
        for (String key : values.keySet()) {
            if (key.startsWith(prefix)) {
                keys.add(key);
            }
        }
        keys.sort(Comparator.comparingLong(k -> Long.parseLong(k.substring(prefix.length()))));
        return keys;
    }

    private static SandboxConfig.Owner owner(String value, Path file, String key) {
        int bar = value.lastIndexOf('|');
        if (bar <= 0 || bar == value.length() - 1) {
            throw new IllegalArgumentException(file + ": " + key
                    + " must look like 'Name|Organization' (or Community, Source)");
        }
        String name = value.substring(0, bar).trim();
        String type = value.substring(bar + 1).trim();
        if (!OWNER_TYPES.contains(type)) {
            throw new IllegalArgumentException(file + ": " + key + " has owner type '" + type
                    + "'; expected Organization, Community or Source");
        }
        return new SandboxConfig.Owner(name, type);
    }
}
