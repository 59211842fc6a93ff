package io.tcbatch.render;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.List;

import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.tcbatch.batch.RunSummary;
import io.tcbatch.batch.WatchListener;

/**
 * Where and how results are shown. With {@code json}, standard output carries exactly one JSON
 * document (the run summary) and everything else goes to standard error. Progress always goes to
 * standard error unless a terminal is attached, where the live block is drawn on it.
 */
public final class Output {
    public enum Mode { TEXT, JSON }

    private final Mode mode;
    private final boolean quiet;
    private final PrintStream out;
    private final PrintStream err;
    private final boolean terminal;
    /**
     * Made on first JSON output, not with the Output: Jackson's first mapper initialises its date
     * formats (the JDK's calendar and locale data), which in a text-mode script was the main
     * thread's largest single step before the script began.
     */
    private ObjectMapper json;
    private Terminal jline;
    private boolean printedJson;
    private boolean noColor;
    /** The clock of the rates and ETAs shown. */
    private final java.time.Clock clock = java.time.Clock.systemUTC();

    public Output(Mode mode, boolean quiet, PrintStream out, PrintStream err, boolean terminal) {
        this.mode = mode;
        this.quiet = quiet;
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    public Mode mode() {
        return mode;
    }

    public boolean json() {
        return mode == Mode.JSON;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    /**
     * The terminal the live views will draw on, opened now; null when output goes to a pipe, as
     * JSON or with {@code --quiet} (nothing is drawn then, and no terminal is opened).
     */
    public Terminal liveTerminal() {
        return terminal && mode == Mode.TEXT && !quiet ? jline() : null;
    }

    /** The watch progress view that fits where output goes. */
    public WatchListener watchListener() {
        if (quiet) {
            return WatchListener.NONE;
        }
        if (terminal && mode == Mode.TEXT) {
            return new LiveWatch(jline(), clock, !noColor);
        }
        return new WatchLines(err);
    }

    /**
     * The progress bar of long steps (reading a large file, uploading chunks, downloading error
     * files): drawn on a terminal in text mode only; nothing on a pipe, with {@code --quiet}, or
     * with {@code --output json} (standard output is the one JSON document there).
     */
    public io.tcbatch.batch.Progress progress() {
        if (quiet || !terminal || mode != Mode.TEXT) {
            return io.tcbatch.batch.Progress.NONE;
        }
        return new ProgressBar(this::jline, clock);
    }

    /** NO_COLOR (https://no-color.org): set and not empty means plain text, no colour escapes. */
    public Output noColor(boolean plain) {
        this.noColor = plain;
        return this;
    }

    /** A progress or information line (standard error; silent with --quiet). */
    public void info(String line) {
        if (!quiet) {
            err.println(line);
            err.flush();
        }
    }

    /** Prints a run summary in the chosen mode. In JSON mode call once per process. */
    public void summary(RunSummary s) {
        if (mode == Mode.JSON) {
            printJson(s);
        } else {
            SummaryText.print(s, out);
        }
    }

    /** Prints any value as the one JSON document of standard output. */
    public void printJson(Object value) {
        printedJson = true;
        try {
            if (json == null) {
                json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            }
            out.println(json.writeValueAsString(value));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * With {@code --output json}, a failure still leaves one JSON document on standard output
     * ({@code {"error":…,"exitCode":…}}) unless a summary was printed already.
     */
    public void failure(String message, int exitCode) {
        if (mode == Mode.JSON && !printedJson) {
            java.util.Map<String, Object> doc = new java.util.LinkedHashMap<>();
            doc.put("error", message);
            doc.put("exitCode", exitCode);
            printJson(doc);
        }
    }

    /** Text for people; in JSON mode it goes to standard error so standard output stays one document. */
    public void text(String s) {
        (mode == Mode.JSON ? err : out).print(s);
        (mode == Mode.JSON ? err : out).flush();
    }

    public void errors(List<RunSummary.ErrorGroup> groups) {
        StringBuilder b = new StringBuilder();
        SummaryText.errors(groups, b);
        text(b.length() == 0 ? "No errors.\n" : b.toString());
    }

    /** In the interactive shell, draw on the shell's own terminal rather than opening another. */
    public void useTerminal(Terminal t) {
        this.jline = t;
    }

    /** The terminal the shell draws on (opened on first use outside the shell). */
    public Terminal terminal() {
        return jline();
    }

    private Terminal jline() {
        if (jline == null) {
            try {
                jline = TerminalBuilder.builder().system(true).build();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot open the terminal", e);
            }
        }
        return jline;
    }
}
