package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;

/** The line as typed at the shell's prompt follows NO_COLOR like everything else printed. */
class ShellHighlightTest {

    private static LineReader boldingReader(Terminal t) {
        // As Spring Shell's own highlighter does for a known command.
        return LineReaderBuilder.builder().terminal(t)
                .highlighter((r, buffer) -> new AttributedString(buffer, AttributedStyle.BOLD)).build();
    }

    private static Terminal xterm() throws IOException {
        return TerminalBuilder.builder().system(false).type("xterm-256color")
                .streams(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream())
                .encoding(StandardCharsets.UTF_8).size(new Size(80, 24)).build();
    }

    @Test
    void underNoColorTheTypedLineIsNotHighlighted() throws IOException {
        try (Terminal t = xterm()) {
            LineReader reader = boldingReader(t);
            ShellLauncher.plainIfNoColor(reader, Map.of("NO_COLOR", "1"));
            String shown = reader.getHighlighter().highlight(reader, "import big.txt").toAnsi(t);
            assertEquals("import big.txt", shown);
        }
    }

    @Test
    void withoutNoColorTheShellsHighlighterStays() throws IOException {
        try (Terminal t = xterm()) {
            LineReader reader = boldingReader(t);
            ShellLauncher.plainIfNoColor(reader, Map.of("NO_COLOR", ""));
            String shown = reader.getHighlighter().highlight(reader, "import big.txt").toAnsi(t);
            assertTrue(shown.contains("\u001b[1m"), shown);
            assertFalse(shown.equals("import big.txt"));
        }
    }
}
