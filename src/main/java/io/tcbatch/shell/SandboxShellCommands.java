package io.tcbatch.shell;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.command.CommandRegistration;
import org.springframework.shell.command.CommandRegistration.OptionArity;

/**
 * {@code sandbox status} and {@code sandbox fault <spec…>|clear}: rehearsing misbehaviour of an
 * instance on the sandbox the current profile points at. Each target is one call.
 */
@Configuration(proxyBeanMethods = false)
public class SandboxShellCommands {
    private static final String GROUP = "Sandbox";

    @Bean
    CommandRegistration sandboxStatusCommand(SandboxOps ops, Engine engine) {
        return CommandRegistration.builder()
                .command("sandbox", "status")
                .group(GROUP)
                .description("The sandbox's faults (remaining, triggered), counters per fault kind, jobs by state and"
                        + " stored items per owner.")
                .withTarget().consumer(ctx -> engine.exitCode(ops.sandboxStatus())).and()
                .build();
    }

    @Bean
    CommandRegistration sandboxFaultCommand(SandboxOps ops, Engine engine) {
        return CommandRegistration.builder()
                .command("sandbox", "fault")
                .group(GROUP)
                .description("Make the sandbox misbehave, or stop it. Kinds: rate-limit, error, slow, drop, hold-running,"
                        + " errors-lag, flat-status, clock-offset. Examples: sandbox fault rate-limit count=3 retry-after=5;"
                        + " sandbox fault error status=502 html on=status; sandbox fault clear")
                .withOption().longNames("spec").type(String[].class).position(0).arity(1, Integer.MAX_VALUE).required()
                .description("the fault in its text form, or: clear").and()
                .withTarget().consumer(ctx -> {
                    String[] words = ctx.getOptionValue("spec");
                    engine.exitCode(ops.sandboxFault(List.of(words)));
                }).and()
                .build();
    }
}
