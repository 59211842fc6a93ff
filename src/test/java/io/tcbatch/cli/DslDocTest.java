package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every example of {@code docs/DSL.md} is true: each {@code ```groovy} block is marked
 * {@code <!-- run: NAME.groovy exit N -->} (or {@code <!-- fragment -->} for a piece that is no
 * whole script) and the marked ones run against the sandbox, beside a copy of
 * {@code dsl-examples/samples}, ending with exit code N. A {@code ```text} block right after one
 * is what it prints: each of its lines must be in the output (the script's folder taken out of
 * paths, as when run from that folder).
 */
class DslDocTest {
    private static final Path DOC = Path.of("docs", "DSL.md");
    private static final Pattern MARK = Pattern.compile("<!-- (run: (\\S+) exit (\\d+)|fragment) -->");

    record Snippet(String name, int exit, String code, List<String> expected, int line) {
    }

    @TempDir
    Path home;

    static List<Snippet> snippets() throws IOException {
        List<String> lines = Files.readAllLines(DOC);
        List<Snippet> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).equals("```groovy")) {
                continue;
            }
            Matcher m = i > 0 ? MARK.matcher(lines.get(i - 1)) : null;
            assertTrue(m != null && m.matches(), DOC + ":" + (i + 1) + ": a groovy block without <!-- run: NAME.groovy exit N -->"
                    + " or <!-- fragment --> above it");
            int start = i;
            StringBuilder code = new StringBuilder();
            for (i++; !lines.get(i).equals("```"); i++) {
                code.append(lines.get(i)).append('\n');
            }
            int j = i + 1;
            while (j < lines.size() && lines.get(j).isBlank()) {
                j++;
            }
            List<String> expected = new ArrayList<>();
            if (j < lines.size() && lines.get(j).equals("```text")) {
                for (j++; !lines.get(j).equals("```"); j++) {
                    if (!lines.get(j).isBlank()) {
                        expected.add(lines.get(j));
                    }
                }
            }
            if (m.group(2) != null) {
                out.add(new Snippet(m.group(2), Integer.parseInt(m.group(3)), code.toString(), expected, start + 1));
            }
        }
        return out;
    }

    @Test
    void theDocHasExamplesToRun() throws IOException {
        List<Snippet> s = snippets();
        assertTrue(s.size() >= 10, "examples found: " + s.size());
        assertEquals(s.size(), s.stream().map(Snippet::name).distinct().count(), "each example has its own name");
    }

    @TestFactory
    Stream<DynamicTest> everyExampleOfTheDocRunsAsItSays() throws IOException {
        return snippets().stream().map(s -> DynamicTest.dynamicTest(s.name() + " (DSL.md:" + s.line() + ")", () -> {
            Path dir = Files.createDirectories(home.resolve(s.name().replace(".groovy", "")));
            Path samples = Files.createDirectories(dir.resolve("samples"));
            try (Stream<Path> files = Files.list(Path.of("dsl-examples", "samples"))) {
                for (Path f : files.toList()) {
                    Files.copy(f, samples.resolve(f.getFileName()));
                }
            }
            Path script = Files.writeString(dir.resolve(s.name()), s.code());
            Cli.Result r = new Cli(Files.createDirectories(dir.resolve("home"))).env("TCBATCH_POLL_FIRST_MS", "20")
                    .workDir(dir).run(script.toString());
            String all = (r.out() + r.err()).replace(dir + java.io.File.separator, "");
            assertEquals(s.exit(), r.code(), all);
            for (String line : s.expected()) {
                assertTrue(all.contains(line), "DSL.md:" + s.line() + " promises '" + line + "' in:\n" + all);
            }
            assertFalse(all.contains("Exception"), all);
        }));
    }
}
