package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/tcbatch sandbox reset}: refuses without {@code --yes} (nothing removed), empties a
 * real sandbox's store with it, and a server that is not a sandbox is a configuration error.
 */
class SandboxResetTest {
    @TempDir
    Path dir;
    private SandboxFixture sb;

    @BeforeEach
    void setUp() throws Exception {
        sb = new SandboxFixture(dir);
    }

    @AfterEach
    void tearDown() {
        sb.close();
    }

    @Test
    void withoutYesNothingIsRemovedAndWithYesEverythingIs() throws Exception {
        sb.importSample();
        Cli.Result refused = sb.run("--profile", "sb", "sandbox", "reset");
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("this needs confirmation; add --yes to go ahead"), refused.err());
        assertTrue(sb.run("--profile", "sb", "sandbox", "status").out().contains("Example Org        indicators 8, groups 1"));

        Cli.Result reset = sb.run("--profile", "sb", "--output", "json", "sandbox", "reset", "--yes");
        assertEquals(0, reset.code(), reset.err());
        JsonNode removed = SandboxFixture.JSON.readTree(reset.out()).path("removed");
        assertEquals(8, removed.path("indicators").asInt(), reset.out());
        assertEquals(1, removed.path("groups").asInt());
        // The Host names the incident in associatedGroups, the Address in the association list.
        assertEquals(2, removed.path("associations").asInt());
        assertEquals(1, removed.path("jobs").asInt());

        String status = sb.run("--profile", "sb", "sandbox", "status").out();
        assertTrue(status.contains("Jobs: Created 0, Queued 0, Running 0, Completed 0"), status);
        assertTrue(status.contains("Example Org        indicators 0, groups 0"), status);
        assertEquals("The sandbox holds no indicators\n", sb.run("--profile", "sb", "sandbox", "indicators").out());

        Cli.Result text = sb.run("--profile", "sb", "sandbox", "reset", "--yes");
        assertEquals("Sandbox emptied: removed 0 indicators, 0 groups, 0 associations, 0 jobs.\n", text.out());
    }
}
