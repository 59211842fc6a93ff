package io.tcbatch.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.journal.Journal;
import io.tcbatch.journal.RunRecord;
import io.tcbatch.render.Output;

/** What the tests of the everyday commands share: the journal of a home, and the shell fed typed lines. */
final class CommandsTestSupport {
    private CommandsTestSupport() {
    }

    static Journal journal(Path home) {
        return new Journal(home, new ObjectMapper(), Clock.systemUTC());
    }

    static RunRecord latest(Path home) {
        return journal(home).recent(1).get(0);
    }

    /** What the interactive shell printed (standard output, standard error) for these typed lines. */
    record Shell(String out, String err) {
    }

    /**
     * Runs the interactive shell on a dumb terminal that reads {@code typed}, as a person typing
     * would, and ends at the end of the input.
     */
    static Shell shell(Path home, String... lines) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        byte[] typed = (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8);
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
             PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            GlobalOptions opts = GlobalOptions.parse(new String[0]);
            Map<String, String> env = Map.of("TCBATCH_HOME", home.toString(),
                    "XDG_CONFIG_HOME", home.resolve("user-config").toString());
            try (Session session = Session.create(opts, env, new Output(opts.output(), opts.quiet(), o, e, false))) {
                ShellLauncher.run(session, opts, List.of(), builder -> builder.system(false).dumb(true)
                        .streams(new ByteArrayInputStream(typed), o));
            }
        }
        return new Shell(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
