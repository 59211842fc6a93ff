package io.tcbatch.shell;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.command.CommandRegistration;
import org.springframework.shell.command.CommandRegistration.OptionArity;

/**
 * {@code profile list|use|add|show|remove} and {@code config show}: the instances tcbatch talks to
 * and where each setting comes from. Each target is one {@link ProfileOps} call. No option takes a
 * secret: it would be kept in the shell history; {@code profile add} asks for it instead.
 */
@Configuration(proxyBeanMethods = false)
public class ProfileCommands {
    private static final String GROUP = "Profiles";

    @Bean
    CommandRegistration profileListCommand(ProfileOps ops) {
        return ShellCommands.builder()
                .command("profile", "list")
                .group(GROUP)
                .description("Every profile: URL, auth, default owner, PROD mark; * marks the current one."
                        + " Example: profile list")
                .withTarget().consumer(ctx -> ops.list()).and()
                .build();
    }

    @Bean
    CommandRegistration profileUseCommand(ProfileOps ops) {
        return ShellCommands.builder()
                .command("profile", "use")
                .group(GROUP)
                .description("Make a profile the default (written to the user config file); in the shell, switch to it now."
                        + " Example: profile use staging")
                .withOption().longNames("name").position(0).arity(OptionArity.EXACTLY_ONE).required()
                .description("profile name").and()
                .withTarget().consumer(ctx -> ops.use(ctx.getOptionValue("name"))).and()
                .build();
    }

    @Bean
    CommandRegistration profileAddCommand(ProfileOps ops) {
        return ShellCommands.builder()
                .command("profile", "add")
                .group(GROUP)
                .description("Add an instance to the user config file (0600); asks for the secret key or token"
                        + " (as a single command: one line of standard input)."
                        + " Example: profile add staging --api-path https://staging.example.com/api --access-id 123"
                        + " --owner \"Example Org\" --production false")
                .withOption().longNames("name").position(0).arity(OptionArity.EXACTLY_ONE).required()
                .description("profile name (letters, digits, - and _)").and()
                .withOption().longNames("api-path").arity(OptionArity.EXACTLY_ONE).required()
                .description("base URL of the API, e.g. https://app.threatconnect.com/api").and()
                .withOption().longNames("auth").arity(OptionArity.EXACTLY_ONE)
                .description("hmac | token (default: hmac with --access-id, else token)").and()
                .withOption().longNames("access-id").arity(OptionArity.EXACTLY_ONE)
                .description("HMAC access id").and()
                .withOption().longNames("owner").arity(OptionArity.EXACTLY_ONE)
                .description("default owner").and()
                .withOption().longNames("proxy").arity(OptionArity.EXACTLY_ONE)
                .description("http://[user@]host:port (a proxy password is asked for, never given here)").and()
                .withOption().longNames("ca-bundle").arity(OptionArity.EXACTLY_ONE)
                .description("PEM file of CA certificates to trust").and()
                .withOption().longNames("production").arity(OptionArity.EXACTLY_ONE)
                .description("true | false (default true: marked PROD in the prompt)").and()
                .withOption().longNames("replace").type(boolean.class).arity(OptionArity.ZERO)
                .description("overwrite a profile of that name").and()
                .withTarget().consumer(ctx -> {
                    String production = ctx.getOptionValue("production");
                    ops.add(new ProfileOps.NewProfile(ctx.getOptionValue("name"), ctx.getOptionValue("api-path"),
                            ctx.getOptionValue("auth"), ctx.getOptionValue("access-id"), ctx.getOptionValue("owner"),
                            ctx.getOptionValue("proxy"), ctx.getOptionValue("ca-bundle"),
                            production == null ? null : Boolean.valueOf(Vocab.pick(Vocab.BOOLEANS, production, "--production")),
                            Boolean.TRUE.equals(ctx.getOptionValue("replace"))));
                }).and()
                .build();
    }

    @Bean
    CommandRegistration profileShowCommand(ProfileOps ops) {
        return ShellCommands.builder()
                .command("profile", "show")
                .group(GROUP)
                .description("Every field of a profile (default: the current one) and where it came from; secrets only"
                        + " as set or not. Example: profile show staging")
                .withOption().longNames("name").position(0).arity(OptionArity.ZERO_OR_ONE)
                .description("profile name").and()
                .withTarget().consumer(ctx -> ops.show(ctx.getOptionValue("name"))).and()
                .build();
    }

    @Bean
    CommandRegistration profileRemoveCommand(ProfileOps ops) {
        return ShellCommands.builder()
                .command("profile", "remove")
                .group(GROUP)
                .description("Remove a profile from the user config file (asks first; --yes as a single command)."
                        + " Example: profile remove staging --yes")
                .withOption().longNames("name").position(0).arity(OptionArity.EXACTLY_ONE).required()
                .description("profile name").and()
                .withOption().longNames("yes").type(boolean.class).arity(OptionArity.ZERO)
                .description("do not ask").and()
                .withTarget().consumer(ctx -> ops.remove(ctx.getOptionValue("name"), Boolean.TRUE.equals(ctx.getOptionValue("yes")))).and()
                .build();
    }

    @Bean
    CommandRegistration configShowCommand(ProfileOps ops) {
        return ShellCommands.builder()
                .command("config", "show")
                .group(GROUP)
                .description("Every effective setting, its value and where it came from (file, environment variable,"
                        + " option or built-in default); secrets masked. Example: config show")
                .withTarget().consumer(ctx -> ops.configShow()).and()
                .build();
    }
}
