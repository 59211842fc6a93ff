package io.tcbatch.cli;

import java.util.List;
import java.util.Map;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.shell.boot.NonInteractiveShellRunnerCustomizer;
import org.springframework.shell.boot.TerminalCustomizer;
import org.springframework.shell.command.CommandExceptionResolver;
import org.springframework.shell.command.CommandHandlingResult;
import org.springframework.shell.jline.PromptProvider;

import io.tcbatch.shell.Engine;
import io.tcbatch.shell.ShellCommands;

/**
 * Starts Spring Shell for the interactive shell or one command. The session (our wiring) is
 * handed in as a ready bean; Spring only hosts the commands.
 */
final class ShellLauncher {
    private ShellLauncher() {
    }

    static int run(Session session, GlobalOptions opts, List<String> command) {
        return run(session, opts, command, null);
    }

    /**
     * @param terminal for tests of the interactive shell: the terminal it reads commands from (a dumb
     *                 one over streams), instead of the system terminal; null for the real one
     */
    static int run(Session session, GlobalOptions opts, List<String> command, TerminalCustomizer terminal) {
        boolean interactive = command.isEmpty();
        session.prompter().interactive(interactive);
        // The shell lives on: a built-in sandbox it starts serves this TCBATCH_HOME's other commands.
        session.longLived(interactive);
        SpringApplication app = application(properties(interactive, session.historyFile().toString()));
        app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("engine", session));
        app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("profileOps", new Profiles(session)));
        app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("interactive", new Mode(interactive, opts.stacktrace(), List.copyOf(command))));
        app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("drafts", new Drafts(session)));
        if (terminal != null) {
            app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("givenTerminal", terminal));
        } else if (!interactive && session.output().json()) {
            // Standard output carries only the JSON document: whatever the shell itself prints
            // (an unknown command, a parse error) goes to standard error instead.
            app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("jsonModeTerminal",
                    (TerminalCustomizer) builder -> builder.system(false).dumb(true)
                            .streams(System.in, notClosing(session.output().err()))));
        }
        try {
            app.run(command.toArray(new String[0]));
        } catch (RuntimeException e) {
            if (session.exitCode() == 0) {
                return Main.fail(e, session, opts.stacktrace(), session.output().err());
            }
        }
        // Leaving the interactive shell is a success; its commands' codes were shown as they ran.
        return interactive ? 0 : session.exitCode();
    }

    /** The Spring application of the shell, as run here and as the build's AOT step sees it (see {@link ShellAot}). */
    static SpringApplication application(Map<String, Object> props) {
        SpringApplication app = new SpringApplication(ShellApp.class);
        app.setBannerMode(Banner.Mode.OFF);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setAddCommandLineProperties(false);
        app.setLogStartupInfo(false);
        // Under AOT, Spring looks for the bean set generated for this class (ShellAot__ApplicationContextInitializer);
        // deduced from the stack it would be Main, for which none is made.
        app.setMainApplicationClass(ShellAot.class);
        app.setDefaultProperties(props);
        return app;
    }

    /**
     * Spring Shell's settings. With Spring AOT (bin/tcbatch runs the shell so) the conditions they
     * feed are decided once, when the jar is built: {@link ShellAot} must keep the same values for
     * every key but the two runner switches, which it turns both on (our {@link InteractiveRunner}
     * and the non-interactive runner each decline the mode that is not theirs).
     */
    static Map<String, Object> properties(boolean interactive, String historyFile) {
        Map<String, Object> props = new java.util.HashMap<>(Map.of(
                "spring.shell.interactive.enabled", String.valueOf(interactive),
                "spring.shell.noninteractive.enabled", String.valueOf(!interactive),
                "spring.shell.script.enabled", "false",
                "spring.shell.history.name", historyFile,
                "spring.shell.command.script.enabled", "false",
                // The built-in version command needs Boot build info we do not ship; ours is in ShellCommands.
                "spring.shell.command.version.enabled", "false",
                "logging.level.root", "WARN",
                "logging.level.org.jline", "ERROR",
                // Failures are reported once, by us, as one line (see Exits); not again by Boot.
                "logging.level.org.springframework.boot.SpringApplication", "OFF"));
        // Ours, in io.tcbatch.shell.BuiltinCommands: Spring Shell's stacktrace never sees a failure our
        // resolver handled, its history prints a Java list, its help knows no option values.
        props.put("spring.shell.command.stacktrace.enabled", "false");
        props.put("spring.shell.command.history.enabled", "false");
        props.put("spring.shell.command.help.enabled", "false");
        return props;
    }

    // No proxy of this class: its bean methods never call each other, and Spring AOT's generated
    // code could not name the CGLIB subclass of a nested class (it failed to compile).
    @SpringBootApplication(proxyBeanMethods = false)
    @Import({ShellCommands.class, io.tcbatch.shell.SandboxShellCommands.class, io.tcbatch.shell.ProfileCommands.class,
            io.tcbatch.shell.DraftCommands.class, io.tcbatch.shell.Completions.class, io.tcbatch.shell.BuiltinCommands.class,
            io.tcbatch.shell.RunsCommands.class})
    static class ShellApp {

        /** One mapping of failures to exit codes, shared with the script path (Exits). */
        @Bean
        @org.springframework.core.annotation.Order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE)
        CommandExceptionResolver tcbatchExceptionResolver(Engine engine, Mode mode,
                org.springframework.beans.factory.ObjectProvider<org.springframework.shell.command.CommandCatalog> catalog,
                org.springframework.beans.factory.ObjectProvider<org.jline.reader.LineReader> reader) {
            return e -> {
                Session s = (Session) engine;
                Exits.Failure f = Exits.classify(rewritten(e, mode, catalog, reader), mode.interactive(),
                        commandOf(mode, catalog, reader));
                // For `stacktrace` typed right after the error.
                s.lastFailure(e);
                // A timeout or a run stopped by a remote failure still shows what was done, as on the command line.
                io.tcbatch.batch.RunSummary partial = Main.partialSummary(e);
                if (partial != null) {
                    Main.printPartial(s, partial);
                }
                s.exitCode(f.code());
                // Printed by us on standard error, like every other failure; the shell prints nothing more.
                String note = f.code() == Exits.INTERRUPTED ? s.interruptedNote() : null;
                if (f.code() == Exits.INTERRUPTED) {
                    // The interrupt is handled here, at the command's boundary: clear it, or the
                    // shell's next read of the prompt sees it and ends the whole session.
                    Thread.interrupted();
                    s.output().err().println(); // end the line the live view was drawing
                }
                s.output().err().println(note != null ? note : "tcbatch: " + f.message());
                s.output().failure(f.message(), f.code());
                if (mode.stacktrace()) {
                    e.printStackTrace(s.output().err());
                }
                s.output().err().flush();
                return CommandHandlingResult.of(null, f.code());
            };
        }

        /** The line the failed command came from: the one just read in the shell, the arguments as a single command. */
        private static String line(Mode mode, org.springframework.beans.factory.ObjectProvider<org.jline.reader.LineReader> reader) {
            if (!mode.interactive()) {
                return String.join(" ", mode.words());
            }
            org.jline.reader.LineReader r = reader.getIfAvailable();
            org.jline.reader.ParsedLine p = r == null ? null : r.getParsedLine();
            return p == null ? null : p.line();
        }

        private static String commandOf(Mode mode,
                org.springframework.beans.factory.ObjectProvider<org.springframework.shell.command.CommandCatalog> catalog,
                org.springframework.beans.factory.ObjectProvider<org.jline.reader.LineReader> reader) {
            org.springframework.shell.command.CommandCatalog c = catalog.getIfAvailable();
            return c == null ? null : io.tcbatch.shell.Usage.commandOf(c.getRegistrations().keySet(), line(mode, reader));
        }

        /**
         * Spring Shell's parse failure in the words of the command it was for ({@code import needs a
         * FILE: import FILE [--owner …]}); the failure itself when the command is not known.
         */
        private static Throwable rewritten(Throwable e, Mode mode,
                org.springframework.beans.factory.ObjectProvider<org.springframework.shell.command.CommandCatalog> catalog,
                org.springframework.beans.factory.ObjectProvider<org.jline.reader.LineReader> reader) {
            if (!(e instanceof org.springframework.shell.command.CommandExecution.CommandParserExceptionsException pe)) {
                return e;
            }
            String command = commandOf(mode, catalog, reader);
            if (command == null) {
                return e;
            }
            org.springframework.shell.command.CommandRegistration reg = catalog.getObject().getRegistrations().get(command);
            List<String> parts = new java.util.ArrayList<>();
            for (Throwable p : pe.getParserExceptions()) {
                String m = io.tcbatch.shell.Usage.rewrite(reg, p.getMessage());
                if (!parts.contains(m)) {
                    parts.add(m);
                }
            }
            return org.springframework.shell.command.CommandExecution.CommandParserExceptionsException.of(
                    String.join("; ", parts), parts.stream()
                            .map(org.springframework.shell.command.CommandParser.CommandParserException::of).toList());
        }

        /**
         * An unknown command: in the interactive shell the shell prints our one line (no colour);
         * as a single command it prints nothing and the failure is reported once, on standard
         * error, like any other.
         */
        @Bean
        org.springframework.shell.result.CommandNotFoundMessageProvider notFound(Mode mode) {
            return ctx -> mode.interactive() ? "tcbatch: " + Exits.classify(ctx.error(), true, null).message() : "";
        }

        /** Keeps each argument whole, even with spaces (--owner "Example Org"), when joined for the parser. */
        @Bean
        NonInteractiveShellRunnerCustomizer quotingArgs() {
            return runner -> runner.setCommandsFromArgs(args -> args.length == 0 ? List.of()
                    : List.of(String.join(" ", java.util.Arrays.stream(args).map(ShellLauncher::quote).toList())));
        }

        /** The live watch draws on the shell's own terminal; a second system terminal would fight it. */
        @Bean
        org.springframework.beans.factory.SmartInitializingSingleton shareTerminal(Engine engine, org.jline.terminal.Terminal terminal) {
            return () -> engine.output().useTerminal(terminal);
        }

        /** NO_COLOR holds for the typed line too: Spring Shell's highlighter would make a known command bold. */
        @Bean
        org.springframework.beans.factory.SmartInitializingSingleton plainLineUnderNoColor(Engine engine,
                org.springframework.beans.factory.ObjectProvider<org.jline.reader.LineReader> reader) {
            return () -> plainIfNoColor(reader.getIfAvailable(), ((Session) engine).settings().environment());
        }

        /**
         * The interactive loop, as Spring Shell's own but for Ctrl-C at an empty prompt: there it
         * would leave the shell without a word, which is what people hit when they press Ctrl-C to
         * stop a watch that has just ended. Here Ctrl-C only clears the line (as in bash) and says
         * how to leave; Ctrl-D or {@code exit} leaves. Ordered before Spring's runner, which then
         * never runs; in single-command mode this one declines and Spring's non-interactive runs.
         */
        @Bean
        org.springframework.shell.ShellRunner tcbatchInteractiveRunner(Mode mode, org.jline.reader.LineReader reader,
                PromptProvider prompt, org.springframework.shell.Shell shell,
                org.springframework.shell.context.ShellContext context) {
            return new InteractiveRunner(mode, reader, prompt, shell, context);
        }

        @Bean
        PromptProvider prompt(Engine engine) {
            // Asked before every line, so it follows `profile use`; a profile that cannot be resolved is shown, not thrown.
            return () -> {
                Session s = (Session) engine;
                io.tcbatch.config.Profile p;
                try {
                    p = s.profile();
                } catch (RuntimeException unusable) {
                    p = null;
                }
                return Prompts.prompt(s.currentProfileName(), p, Prompts.noColor(s.settings().environment()));
            };
        }
    }

    /** Under NO_COLOR the line as typed is shown as it is, without styles. */
    static void plainIfNoColor(org.jline.reader.LineReader reader, java.util.Map<String, String> env) {
        if (reader instanceof org.jline.reader.impl.LineReaderImpl impl && Prompts.noColor(env)) {
            impl.setHighlighter((r, buffer) -> new org.jline.utils.AttributedString(buffer));
        }
    }

    /** See {@link ShellApp#tcbatchInteractiveRunner}. */
    static final class InteractiveRunner implements org.springframework.shell.ShellRunner, org.springframework.core.Ordered {
        private final Mode mode;
        private final org.jline.reader.LineReader reader;
        private final PromptProvider prompt;
        private final org.springframework.shell.Shell shell;
        private final org.springframework.shell.context.ShellContext context;

        InteractiveRunner(Mode mode, org.jline.reader.LineReader reader, PromptProvider prompt,
                          org.springframework.shell.Shell shell, org.springframework.shell.context.ShellContext context) {
            this.mode = mode;
            this.reader = reader;
            this.prompt = prompt;
            this.shell = shell;
            this.context = context;
        }

        @Override
        public boolean run(String[] args) throws Exception {
            if (!mode.interactive()) {
                return false;
            }
            context.setInteractionMode(org.springframework.shell.context.InteractionMode.INTERACTIVE);
            shell.run(this::readInput);
            return true;
        }

        private org.springframework.shell.Input readInput() {
            try {
                reader.readLine(prompt.getPrompt().toAnsi(reader.getTerminal()));
            } catch (org.jline.reader.UserInterruptException e) {
                if (e.getPartialLine().isEmpty()) {
                    reader.getTerminal().writer().println("(Ctrl-C does not leave the shell: type exit, or press Ctrl-D)");
                    reader.getTerminal().flush();
                }
                return org.springframework.shell.Input.EMPTY;
            } catch (org.jline.reader.EndOfFileException e) {
                throw new org.springframework.shell.ExitRequest(1);
            }
            org.jline.reader.ParsedLine line = reader.getParsedLine();
            return new org.springframework.shell.Input() {
                @Override
                public String rawText() {
                    return line.line();
                }

                @Override
                public List<String> words() {
                    return org.springframework.shell.Utils.sanitizeInput(line.words());
                }
            };
        }

        @Override
        public int getOrder() {
            return org.springframework.shell.jline.InteractiveShellRunner.PRECEDENCE - 1;
        }
    }

    /** Whether this Spring run is the interactive shell or one command. */
    record Mode(boolean interactive, boolean stacktrace, List<String> words) {
    }

    /** The shell closes its terminal's streams on exit; standard error must outlive it. */
    private static java.io.OutputStream notClosing(java.io.OutputStream out) {
        return new java.io.FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws java.io.IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws java.io.IOException {
                flush();
            }
        };
    }

    static String quote(String arg) {
        if (!arg.isEmpty() && arg.chars().noneMatch(c -> Character.isWhitespace(c) || c == '"' || c == '\'' || c == '\\')) {
            return arg;
        }
        return "\"" + arg.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
