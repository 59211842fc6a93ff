package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Errors are one line; the stack trace only with --stacktrace, or by typing stacktrace right after the error in the shell. */
class StacktraceCommandTest {
    @TempDir
    Path home;

    @Test
    void aSingleCommandFailsInOneLineAndShowsTheTraceOnlyWithTheFlag() {
        Cli cli = new Cli(home);
        Cli.Result plain = cli.run("import", "no/such.json", "--owner", "Example Org");
        assertEquals(2, plain.code());
        assertEquals(1, plain.err().lines().filter(l -> l.startsWith("tcbatch: ")).count(), plain.err());
        assertTrue(plain.err().contains("no/such.json"), plain.err());
        assertFalse(plain.err().contains("\tat "), plain.err());

        Cli.Result traced = cli.run("--stacktrace", "import", "no/such.json", "--owner", "Example Org");
        assertEquals(2, traced.code());
        assertTrue(traced.err().contains("\tat io.tcbatch."), "a stack trace of our code: " + traced.err());

        Cli.Result none = cli.run("stacktrace");
        assertEquals(0, none.code());
        assertTrue(none.out().startsWith("no failure to show yet"), none.out());
    }

    @Test
    void inTheShellStacktraceRightAfterAnErrorShowsThatErrorsTrace() {
        CommandsTestSupport.Shell s = CommandsTestSupport.shell(home, "stacktrace", "import no/such.json --owner x", "stacktrace",
                "exit");
        assertTrue(s.out().contains("no failure to show yet"), s.out());
        assertEquals(1, s.err().lines().filter(l -> l.startsWith("tcbatch: ") && l.contains("no/such.json")).count(), s.err());
        assertFalse(s.err().contains("\tat "), "the error itself is one line: " + s.err());
        int after = s.out().indexOf("no failure to show yet");
        String trace = s.out().substring(after);
        assertTrue(trace.contains("no/such.json"), "the trace is of that failure: " + s.out());
        assertTrue(trace.contains("\tat io.tcbatch."), s.out());
    }
}
