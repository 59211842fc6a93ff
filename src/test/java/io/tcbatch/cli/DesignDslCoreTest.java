package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.SharedData;

/**
 * The DSL core of the design card runs exactly as written: the groovy block under "The DSL core"
 * in ../shared/DESIGN.md is taken from the file as it is (not copied here), saved as a script
 * and run against the sandbox, with an {@code indicators.json} of reserved values beside it.
 */
class DesignDslCoreTest {
    @TempDir
    Path home;

    @Test
    void theDesignCardsScriptRunsAsWritten() throws Exception {
        // SharedData.dir() fails under CI when ../shared is missing, and skips (saying why) elsewhere.
        Path design = SharedData.dir().getParent().resolve("DESIGN.md");
        String text = Files.readString(design);
        Matcher m = Pattern.compile("### The DSL core.*?```groovy\\n(.*?)```", Pattern.DOTALL).matcher(text);
        assertTrue(m.find(), "DESIGN.md has a groovy block under 'The DSL core'");
        String script = m.group(1);
        assertTrue(script.contains("upload file('indicators.json')"), script);
        Path work = Files.createDirectories(home.resolve("work"));
        Files.writeString(work.resolve("core.groovy"), script);
        Files.writeString(work.resolve("indicators.json"), """
                {"indicator": [
                  {"type": "Address", "summary": "192.0.2.10", "rating": 3},
                  {"type": "Host", "summary": "core.example.com", "confidence": 50}
                ]}
                """);
        Cli.Result r = new Cli(home).workDir(work).run("--output", "json", work.resolve("core.groovy").toString());
        assertEquals(0, r.code(), r.err() + r.out());
        JsonNode sum = new ObjectMapper().readTree(r.out());
        assertEquals(2, sum.at("/totals/read").asLong());
        assertEquals(2, sum.at("/totals/succeeded").asLong());
        assertEquals("Example Org", sum.path("owner").asText());
        assertEquals("Create", sum.path("action").asText());
    }
}
