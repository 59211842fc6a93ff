package io.tcbatch.cli;

import java.util.Map;

/**
 * Where the build's Spring AOT step ({@code spring-boot-maven-plugin:process-aot}) starts: it runs
 * this main, stops the Spring application at its refresh and writes the bean set as plain Java,
 * which the shell then loads instead of scanning and evaluating conditions at each start
 * ({@code -Dspring.aot.enabled=true}, set by bin/tcbatch). Not {@link Main}: that one would make a
 * session (a TCBATCH_HOME, a profile) first. Both runner switches are on, so the one frozen bean
 * set serves the interactive shell and single commands; everything else is as
 * {@link ShellLauncher#properties} gives it. The session's own beans (engine, mode, …) are
 * registered at run time by ShellLauncher's initializers, as without AOT.
 */
public final class ShellAot {
    private ShellAot() {
    }

    public static void main(String[] args) {
        Map<String, Object> props = ShellLauncher.properties(true, "tcbatch-history.log");
        props.put("spring.shell.interactive.enabled", "true");
        props.put("spring.shell.noninteractive.enabled", "true");
        ShellLauncher.application(props).run(args);
    }
}
