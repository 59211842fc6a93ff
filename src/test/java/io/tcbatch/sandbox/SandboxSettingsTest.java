package io.tcbatch.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sandbox settings files: every key, layering, and the one-line message for each bad value. */
class SandboxSettingsTest {
    @TempDir
    Path dir;

    private SandboxConfig base() {
        return SandboxConfig.defaults(dir.resolve("data"), "id", "secret");
    }

    @Test
    void everyKeyReachesTheConfigAndTheNearerFileWinsKeyByKey() throws Exception {
        Path install = Files.writeString(dir.resolve("install.properties"), """
                owner.1=Example Org|Organization
                workers=2
                port=8450
                fault.2=error count=2 status=502 html
                fault.10=drop
                """);
        Path user = Files.writeString(dir.resolve("user.properties"), """
                workers=4
                upload.maxBytes=1000
                indicatorsPerJob=10
                synchronousBatchSaveLimit=7
                fault.1=rate-limit count=3 retry-after=5
                fault.10=
                owner.3=Feed Source|Source
                """);
        SandboxConfig c = SandboxSettings.load(List.of(install, user, dir.resolve("missing.properties"))).applyTo(base());
        assertEquals(8450, c.port());
        assertEquals(4, c.workers());
        assertEquals(1000, c.maxUploadBytes());
        assertEquals(10, c.maxIndicatorsPerJob());
        assertEquals(7, c.synchronousBatchSaveLimit());
        // Ordered by number; an empty value removes a fault of the farther file.
        assertEquals(List.of("rate-limit count=3 retry-after=5", "error count=2 status=502 html"), c.faults());
        assertEquals(List.of(new SandboxConfig.Owner("Example Org", "Organization"),
                new SandboxConfig.Owner("Feed Source", "Source")), c.owners());
        assertEquals("secret", c.secretKey());
    }

    @Test
    void noFilesLeaveTheDefaults() throws Exception {
        SandboxSettings s = SandboxSettings.load(List.of(dir.resolve("missing.properties")));
        assertEquals(SandboxSettings.none(), s);
        assertEquals(base(), s.applyTo(base()));
        // The shipped file sets only the owners.
        SandboxConfig shipped = SandboxSettings.load(List.of(Path.of("config", "sandbox.properties"))).applyTo(base());
        assertEquals(base(), shipped);
    }

    private String problem(String content) throws Exception {
        Path f = Files.writeString(dir.resolve("sandbox.properties"), content);
        return assertThrows(IllegalArgumentException.class, () -> SandboxSettings.load(List.of(f))).getMessage()
                .replace(f.toString(), "FILE");
    }

    @Test
    void aBadValueIsOneLineNamingTheFileAndTheKey() throws Exception {
        assertEquals("FILE: workers must be a whole number from 1 to 64, not 'many'", problem("workers=many\n"));
        assertEquals("FILE: workers must be a whole number from 1 to 64, not '0'", problem("workers=0\n"));
        assertEquals("FILE: port must be a whole number from 0 to 65535, not '70000'", problem("port=70000\n"));
        assertEquals("FILE: upload.maxBytes must be a whole number from 1 to 2147483647, not '2MB'",
                problem("upload.maxBytes=2MB\n"));
        assertEquals("FILE: indicatorsPerJob must be a whole number from 1 to 2147483647, not '-5'",
                problem("indicatorsPerJob=-5\n"));
        assertEquals("FILE: unknown setting 'worker' (known: port, workers, upload.maxBytes, indicatorsPerJob,"
                + " synchronousBatchSaveLimit, fault.<n>, owner.<n>)", problem("worker=3\n"));
        assertEquals("FILE: unknown setting 'fault.first' (known: port, workers, upload.maxBytes, indicatorsPerJob,"
                + " synchronousBatchSaveLimit, fault.<n>, owner.<n>)", problem("fault.first=drop\n"));
        // The messages are FaultSpec.parse's own: the settings check uses the sandbox's parser.
        assertEquals("FILE: fault.1: unknown fault kind 'ratelimit'; kinds: rate-limit, error, slow, drop, hold-running,"
                + " errors-lag, flat-status, clock-offset", problem("fault.1=ratelimit count=3\n"));
        assertEquals("FILE: fault.2: rate-limit: unknown key 'delay'; keys: count, retry-after, date, on",
                problem("fault.2=rate-limit delay=5s\n"));
        assertEquals("FILE: fault.2: drop: 'count' needs a value (count=…)", problem("fault.2=drop count=\n"));
        // Values are checked too, not only the keys: before, these passed the settings and
        // only failed when the sandbox started.
        assertEquals("FILE: fault.3: error: status must be 500, 502 or 503, not 404",
                problem("fault.3=error status=404\n"));
        assertEquals("FILE: fault.3: hold-running: 'for=DURATION' is required (e.g. for=30s)",
                problem("fault.3=hold-running count=2\n"));
        assertEquals("FILE: owner.1 has owner type 'Team'; expected Organization, Community or Source",
                problem("owner.1=Bad|Team\n"));
        assertEquals("FILE: owner.1 must look like 'Name|Organization' (or Community, Source)", problem("owner.1=No Type\n"));
    }

    @Test
    void everyFormOfTheFaultContractPassesTheCheck() {
        for (String spec : List.of("rate-limit", "rate-limit count=3 retry-after=5 date on=status", "error",
                "error count=2 status=502 html on=upload", "slow count=1 delay=500ms on=any", "drop count=1 on=create",
                "hold-running for=30s count=2", "errors-lag for=2m", "flat-status count=all", "clock-offset by=-5m",
                "clock-offset by=+90")) {
            SandboxSettings.checkFault(spec, "test");
        }
    }
}
