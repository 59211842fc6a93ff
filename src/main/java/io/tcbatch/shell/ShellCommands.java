package io.tcbatch.shell;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.command.CommandRegistration;
import org.springframework.shell.command.CommandRegistration.OptionArity;

import io.tcbatch.batch.Action;
import io.tcbatch.batch.AttributeWriteType;
import io.tcbatch.batch.Enums;
import io.tcbatch.batch.ImportSpec;
import io.tcbatch.batch.UsageException;
import io.tcbatch.journal.JobRecord;
import io.tcbatch.journal.RunRecord;

/**
 * The commands, registered programmatically so positional arguments ({@code import FILE},
 * {@code run SCRIPT ARGS…}) are declared exactly. Each target is one engine call.
 */
@Configuration(proxyBeanMethods = false)
public class ShellCommands {
    private static final String GROUP = "Import";

    @Bean
    CommandRegistration importCommand(Engine engine) {
        return CommandRegistration.builder()
                .command("import")
                .group(GROUP)
                .description("Import one file (Batch JSON V1/V2 or a .txt IOC list) and watch it to the end."
                        + " Example: import feed.json --owner \"Example Org\"")
                .withOption().longNames("file").position(0).arity(OptionArity.EXACTLY_ONE).required()
                .description("the input file").and()
                .withOption().longNames("owner").arity(OptionArity.EXACTLY_ONE)
                .description("owner name (default: the profile's owner)").and()
                .withOption().longNames("action").arity(OptionArity.EXACTLY_ONE).defaultValue("Create")
                .description("Create | Delete").and()
                .withOption().longNames("attribute-write-type").arity(OptionArity.EXACTLY_ONE).defaultValue("Replace")
                .description("Replace | Append | Singleton | Static").and()
                .withOption().longNames("halt-on-error").type(boolean.class).arity(OptionArity.ZERO)
                .description("stop each job at its first error").and()
                .withOption().longNames("version").arity(OptionArity.EXACTLY_ONE).defaultValue("V2")
                .description("V1 | V2").and()
                .withOption().longNames("tag-write-type").arity(OptionArity.EXACTLY_ONE)
                .description("V2: " + String.join(" | ", Vocab.TAG_WRITE_TYPES)).and()
                .withOption().longNames("security-label-write-type").arity(OptionArity.EXACTLY_ONE)
                .description("V2: " + String.join(" | ", Vocab.SECURITY_LABEL_WRITE_TYPES)).and()
                .withOption().longNames("file-merge-mode").arity(OptionArity.EXACTLY_ONE)
                .description("V2: " + String.join(" | ", Vocab.FILE_MERGE_MODES)).and()
                .withOption().longNames("hash-collision-mode").arity(OptionArity.EXACTLY_ONE)
                .description("V2: " + String.join(" | ", Vocab.HASH_COLLISION_MODES)).and()
                .withOption().longNames("yes").type(boolean.class).arity(OptionArity.ZERO)
                .description("go ahead with a destructive import (Delete; Replace on a shared instance) without asking").and()
                .withTarget().consumer(ctx -> {
                    String owner = ctx.getOptionValue("owner");
                    // Read before the owner: a wrong value is a usage error even without a profile.
                    String version = version(ctx.getOptionValue("version"));
                    ImportSpec.JobExtras extras = new ImportSpec.JobExtras(
                            pickIfGiven(Vocab.TAG_WRITE_TYPES, ctx.getOptionValue("tag-write-type"), "--tag-write-type"),
                            pickIfGiven(Vocab.SECURITY_LABEL_WRITE_TYPES, ctx.getOptionValue("security-label-write-type"),
                                    "--security-label-write-type"),
                            pickIfGiven(Vocab.FILE_MERGE_MODES, ctx.getOptionValue("file-merge-mode"), "--file-merge-mode"),
                            pickIfGiven(Vocab.HASH_COLLISION_MODES, ctx.getOptionValue("hash-collision-mode"),
                                    "--hash-collision-mode"));
                    ImportSpec spec = new ImportSpec(owner != null ? owner : engine.defaultOwner(),
                            Enums.parse(Action.class, ctx.getOptionValue("action"), "--action"),
                            Enums.parse(AttributeWriteType.class, ctx.getOptionValue("attribute-write-type"), "--attribute-write-type"),
                            Boolean.TRUE.equals(ctx.getOptionValue("halt-on-error")),
                            List.of(Path.of((String) ctx.getOptionValue("file"))), version, extras);
                    // Refused before anything is sent; in the shell it asks, as a single command it needs --yes.
                    String destructive = engine.destructive(spec);
                    if (destructive != null) {
                        engine.prompter().confirm(destructive, Boolean.TRUE.equals(ctx.getOptionValue("yes")));
                    }
                    engine.importFiles(spec);
                }).and()
                .build();
    }

    @Bean
    CommandRegistration validateCommand(Engine engine) {
        return CommandRegistration.builder()
                .command("validate")
                .group(GROUP)
                .description("Check files as an import would and show the jobs it would send; sends nothing."
                        + " Exit 0 when every item is fine, 1 when some were rejected, 2 on a syntax error."
                        + " Example: validate feed.json --max-bytes 1000000")
                .withOption().longNames("files").type(String[].class).position(0).arity(1, Integer.MAX_VALUE).required()
                .description("the input files").and()
                .withOption().longNames("owner").arity(OptionArity.EXACTLY_ONE)
                .description("owner name (default: the profile's owner)").and()
                .withOption().longNames("version").arity(OptionArity.EXACTLY_ONE).defaultValue("V2")
                .description("V1 | V2").and()
                .withOption().longNames("chunk-size").arity(OptionArity.EXACTLY_ONE)
                .description("items per job (default: chunk.size)").and()
                .withOption().longNames("max-bytes").arity(OptionArity.EXACTLY_ONE)
                .description("bytes per chunk file (default: chunk.maxBytes)").and()
                .withTarget().consumer(ctx -> {
                    String[] files = ctx.getOptionValue("files");
                    String owner = ctx.getOptionValue("owner");
                    String version = version(ctx.getOptionValue("version"));
                    List<Path> paths = new ArrayList<>();
                    for (String f : files) {
                        paths.add(Path.of(f));
                    }
                    String o = owner != null ? owner : ownerIfConfigured(engine);
                    // The owner only matters to the server; a dry run needs none.
                    ImportSpec spec = new ImportSpec(o != null && !o.isBlank() ? o : "-", Action.Create,
                            AttributeWriteType.Replace, false, paths, version);
                    Long chunkSize = number(ctx.getOptionValue("chunk-size"), "--chunk-size");
                    Long maxBytes = number(ctx.getOptionValue("max-bytes"), "--max-bytes");
                    engine.validate(spec, chunkSize == null ? null : (int) Math.min(chunkSize, Integer.MAX_VALUE), maxBytes);
                }).and()
                .build();
    }

    /** {@code --version}, the same for every command that sends or checks files. */
    private static String version(Object value) {
        String version = String.valueOf(value).toUpperCase(java.util.Locale.ROOT);
        if (!version.equals("V1") && !version.equals("V2")) {
            throw new UsageException("--version is V1 or V2, not '" + version + "'");
        }
        return version;
    }

    /** The profile's owner, or null when the profile is not usable (validate needs no profile). */
    private static String ownerIfConfigured(Engine engine) {
        try {
            return engine.defaultOwner();
        } catch (RuntimeException unusableProfile) {
            return null;
        }
    }

    private static Long number(Object value, String option) {
        if (value == null) {
            return null;
        }
        try {
            long n = Long.parseLong(String.valueOf(value).trim());
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a positive whole number, not '" + value + "'");
        }
    }

    @Bean
    CommandRegistration runCommand(Engine engine) {
        return CommandRegistration.builder()
                .command("run")
                .group(GROUP)
                .description("Run a DSL script. Example: run dsl-examples/quickstart.groovy")
                .withOption().longNames("script").position(0).arity(OptionArity.EXACTLY_ONE).required()
                .description("the .groovy script").and()
                .withOption().longNames("args").type(String[].class).position(1).arity(0, 100)
                .description("arguments the script sees as args").and()
                .withTarget().consumer(ctx -> {
                    String[] args = ctx.getOptionValue("args");
                    engine.runScript(Path.of((String) ctx.getOptionValue("script")), args == null ? List.of() : List.of(args));
                }).and()
                .build();
    }

    @Bean
    CommandRegistration versionCommand(Engine engine) {
        return CommandRegistration.builder()
                .command("version")
                .description("Show the tcbatch version.")
                .withTarget().consumer(ctx -> engine.output().text("tcbatch " + engine.version() + "\n")).and()
                .build();
    }

    @Bean
    CommandRegistration jobsCommand(Engine engine) {
        return CommandRegistration.builder()
                .command("jobs")
                .group(GROUP)
                .description("Recent jobs of this data directory, newest first.")
                .withOption().longNames("limit").type(int.class).arity(OptionArity.EXACTLY_ONE).defaultValue("10")
                .description("how many runs to show").and()
                .withTarget().consumer(ctx -> {
                    int limit = ctx.getOptionValue("limit");
                    List<RunRecord> runs = engine.journal().recent(limit);
                    if (engine.output().json()) {
                        engine.output().printJson(runs);
                        return;
                    }
                    StringBuilder b = new StringBuilder();
                    if (runs.isEmpty()) {
                        b.append("No runs yet in this data directory.\n");
                    }
                    for (RunRecord r : runs) {
                        b.append(String.format("run %s  %s  %s  owner %s  %s%s%n", r.run(), r.createdAt(), r.profile(), r.owner(),
                                r.state(), r.exitCode() == null ? "" : "  exit " + r.exitCode()));
                        for (JobRecord j : r.jobs()) {
                            b.append(String.format("  job %-8s chunk %-3d items %-6d %-10s succeeded %s failed %s unprocessed %s%n",
                                    j.batchId() == null ? "-" : j.batchId(), j.chunk(), j.items(), j.status(),
                                    q(j.successCount()), q(j.errorCount()), q(j.unprocessCount())));
                        }
                    }
                    engine.output().text(b.toString());
                }).and()
                .build();
    }

    @Bean
    CommandRegistration watchCommand(Engine engine) {
        return CommandRegistration.builder()
                .command("watch")
                .group(GROUP)
                .description("Watch jobs until they are Completed. Without ids: the jobs of the most recent run.")
                .withOption().longNames("ids").type(String[].class).position(0).arity(OptionArity.ZERO_OR_MORE)
                .description("batch ids").and()
                .withTarget().consumer(ctx -> {
                    String[] given = ctx.getOptionValue("ids");
                    if (given == null || given.length == 0) {
                        engine.watchRun(engine.journal().recent(1).stream().findFirst().orElseThrow(
                                () -> new UsageException("no jobs to watch: give batch ids, or import something first")));
                        return;
                    }
                    List<Long> ids = new ArrayList<>();
                    for (String id : given) {
                        ids.add(parseId(id));
                    }
                    RunRecord run = recordedRun(ids, engine);
                    if (run != null) {
                        engine.watchRun(run);
                    } else {
                        engine.watch(ids);
                    }
                }).and()
                .build();
    }

    @Bean
    CommandRegistration errorsCommand(Engine engine) {
        return CommandRegistration.builder()
                .command("errors")
                .group(GROUP)
                .description("The errors of one job, grouped by code and reason.")
                .withOption().longNames("id").position(0).arity(OptionArity.EXACTLY_ONE).required()
                .description("batch id").and()
                .withTarget().consumer(ctx -> {
                    long id = parseId(ctx.getOptionValue("id"));
                    try {
                        var groups = engine.service().errors(id);
                        if (engine.output().json()) {
                            engine.output().printJson(groups);
                        } else {
                            engine.output().errors(groups);
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e.getMessage(), e);
                    }
                }).and()
                .build();
    }

    /** The recorded run whose jobs are exactly these ids, so its totals can be reported whole. */
    private static RunRecord recordedRun(List<Long> ids, Engine engine) {
        for (RunRecord r : engine.journal().recent(50)) {
            List<Long> jobIds = r.jobs().stream().map(JobRecord::batchId).toList();
            if (jobIds.equals(ids)) {
                return r;
            }
        }
        return null;
    }

    private static long parseId(Object s) {
        try {
            return Long.parseLong(String.valueOf(s).trim());
        } catch (NumberFormatException e) {
            throw new UsageException("a batch id is a number, not '" + s + "'");
        }
    }

    private static String q(Integer i) {
        return i == null ? "?" : i.toString();
    }

    /** An enumerated option that may be left out (null: the server's default). */
    private static String pickIfGiven(java.util.List<String> values, Object given, String option) {
        return given == null ? null : Vocab.pick(values, String.valueOf(given), option);
    }
}
