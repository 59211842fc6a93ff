package io.tcbatch.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;

import io.tcbatch.batch.UsageException;
import io.tcbatch.shell.Prompter;

/**
 * The {@link Prompter} of one process. In the interactive shell it reads from the shell's own
 * terminal through a line reader of its own with no history, so nothing typed here (a secret
 * least of all) reaches the history file. As a single command it reads standard input.
 */
// Not final: tests put a Prompts that answers as a person would in the shell on the Session.
class Prompts implements Prompter {
    private final Supplier<Terminal> terminal;
    private final InputStream stdin;
    private volatile boolean interactive;
    private BufferedReader in;

    /**
     * @param terminal the shell's terminal (asked only in the interactive shell)
     * @param stdin    what a single command reads answers from
     */
    Prompts(Supplier<Terminal> terminal, InputStream stdin) {
        this.terminal = terminal;
        this.stdin = stdin;
    }

    /** Set by the shell launcher once it knows whether this is the interactive shell. */
    void interactive(boolean value) {
        this.interactive = value;
    }

    @Override
    public boolean interactive() {
        return interactive;
    }

    @Override
    public String secret(String prompt) {
        String s = interactive ? read(prompt, '*') : stdinLine();
        if (s == null || s.isBlank()) {
            throw new UsageException(interactive ? "no secret entered: nothing was saved"
                    : "no secret on standard input: pipe it in (for example from a password manager), or run this in the shell");
        }
        return s.strip();
    }

    @Override
    public String line(String prompt) {
        return interactive ? read(prompt, null) : stdinLine();
    }

    @Override
    public void confirm(String what, boolean yes) {
        if (yes) {
            return;
        }
        if (!interactive) {
            throw new UsageException(what + ": this needs confirmation; add --yes to go ahead");
        }
        String answer = read(what + ". Type yes to go ahead: ", null);
        if (answer == null || !answer.trim().equalsIgnoreCase("yes")) {
            throw new UsageException("cancelled: nothing was sent");
        }
    }

    private String read(String prompt, Character mask) {
        // A history of its own, in memory and without a file: the shell's history never sees the answer.
        LineReader reader = LineReaderBuilder.builder().terminal(terminal.get())
                .history(new org.jline.reader.impl.history.DefaultHistory()).build();
        try {
            return reader.readLine(prompt, mask);
        } catch (UserInterruptException | EndOfFileException e) {
            return null;
        }
    }

    private synchronized String stdinLine() {
        try {
            if (in == null) {
                in = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8));
            }
            return in.readLine();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read standard input", e);
        }
    }

    /**
     * The shell's prompt: {@code tcbatch [local · Example Org]> }; a production profile reads
     * {@code tcbatch [PROD prod-us · Example Org]> } with PROD in bold red, or plain with
     * {@code NO_COLOR} set, so nobody types into production thinking it is the sandbox.
     *
     * @param profile the session's profile, or null when it cannot be resolved (shown as {@code name ?})
     */
    static org.jline.utils.AttributedString prompt(String name, io.tcbatch.config.Profile profile, boolean noColor) {
        org.jline.utils.AttributedStringBuilder b = new org.jline.utils.AttributedStringBuilder().append("tcbatch [");
        if (profile == null) {
            b.append(name).append(" ?");
        } else {
            if (profile.production()) {
                if (noColor) {
                    b.append("PROD");
                } else {
                    b.styled(org.jline.utils.AttributedStyle.BOLD.foreground(org.jline.utils.AttributedStyle.RED), "PROD");
                }
                b.append(" ");
            }
            b.append(profile.name());
            if (profile.defaultOwner() != null) {
                b.append(" \u00b7 ").append(profile.defaultOwner());
            }
        }
        return b.append("]> ").toAttributedString();
    }

    /** {@code NO_COLOR} set to anything but the empty string turns colour off (no-color.org). */
    static boolean noColor(java.util.Map<String, String> env) {
        String v = env.get("NO_COLOR");
        return v != null && !v.isEmpty();
    }
}
