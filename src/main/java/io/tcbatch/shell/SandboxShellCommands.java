package io.tcbatch.shell;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.command.CommandRegistration;
import org.springframework.shell.command.CommandRegistration.OptionArity;

/**
 * {@code sandbox status}, {@code sandbox fault <spec…>|clear}, {@code sandbox indicators} and
 * {@code sandbox reset}: looking at, emptying and rehearsing misbehaviour of the sandbox the
 * current profile points at. Each target is one call.
 */
@Configuration(proxyBeanMethods = false)
public class SandboxShellCommands {
    private static final String GROUP = "Sandbox";

    @Bean
    CommandRegistration sandboxStatusCommand(SandboxOps ops, Engine engine) {
        return ShellCommands.builder()
                .command("sandbox", "status")
                .group(GROUP)
                .description("The sandbox's faults (remaining, triggered), counters per fault kind, jobs by state and"
                        + " stored items per owner.")
                .withTarget().consumer(ctx -> engine.exitCode(ops.sandboxStatus())).and()
                .build();
    }

    @Bean
    CommandRegistration sandboxFaultCommand(SandboxOps ops, Engine engine) {
        return ShellCommands.builder()
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

    @Bean
    CommandRegistration sandboxIndicatorsCommand(SandboxOps ops, Engine engine) {
        return ShellCommands.builder()
                .command("sandbox", "indicators")
                .group(GROUP)
                .description("What the sandbox holds, newest first: type, summary, rating, confidence, tags and last"
                        + " modified, from its read API. Example: sandbox indicators --owner \"Example Org\" --type Host"
                        + " --limit 50")
                .withOption().longNames("owner").arity(OptionArity.EXACTLY_ONE)
                .description("only this owner's (default: every owner of the sandbox)").and()
                .withOption().longNames("type").arity(OptionArity.EXACTLY_ONE)
                .description("only this indicator type, e.g. Host, Address, URL").and()
                .withOption().longNames("limit").type(Integer.class).arity(OptionArity.EXACTLY_ONE).defaultValue("20")
                .description("at most this many rows (default 20)").and()
                .withTarget().consumer(ctx -> {
                    Integer limit = ctx.getOptionValue("limit");
                    engine.exitCode(ops.sandboxIndicators(ctx.getOptionValue("owner"), ctx.getOptionValue("type"),
                            limit == null ? 20 : limit));
                }).and()
                .build();
    }

    @Bean
    CommandRegistration sandboxResetCommand(SandboxOps ops, Engine engine) {
        return ShellCommands.builder()
                .command("sandbox", "reset")
                .group(GROUP)
                .description("Empty the sandbox: every indicator, group, association and job (faults stay). Asks first;"
                        + " --yes does not. Example: sandbox reset --yes")
                .withOption().longNames("yes").type(boolean.class).arity(OptionArity.ZERO)
                .description("go ahead without asking").and()
                .withTarget().consumer(ctx -> engine.exitCode(ops.sandboxReset(Boolean.TRUE.equals(ctx.getOptionValue("yes")))))
                .and()
                .build();
    }
}
