package io.tcbatch.shell;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.CompletionContext;
import org.springframework.shell.CompletionProposal;
import org.springframework.shell.command.CommandRegistration;
import org.springframework.shell.command.CommandRegistration.OptionArity;

/**
 * The staged job, as in the SDKs users come from ({@code batch = tcex.batch(owner)}, {@code batch.add…},
 * {@code batch.submit_all()}): settings and files are collected first, nothing is sent before
 * {@code batch commit}. Also {@code convert}. Each target is one {@link DraftOps} call.
 */
@Configuration(proxyBeanMethods = false)
public class DraftCommands {
    private static final String GROUP = "Staged job";
    /** The job options {@code batch new} takes as values: the keys but halt-on-error, a flag there. */
    private static final List<String> NEW_OPTIONS = DraftOps.KEYS.stream().filter(k -> !k.equals("halt-on-error")).toList();

    @Bean
    CommandRegistration batchNewCommand(DraftOps ops) {
        CommandRegistration.Builder b = ShellCommands.builder()
                .command("batch", "new")
                .group(GROUP)
                .description("Start a staged job (nothing is sent before batch commit). Example: batch new --owner"
                        + " \"Example Org\" --action Create");
        for (String name : NEW_OPTIONS) {
            b.withOption().longNames(name).arity(OptionArity.EXACTLY_ONE)
                    .description(name.equals("owner") ? "owner name (default: the profile's owner)"
                            : String.join(" | ", Vocab.BY_OPTION.get(name)))
                    .completion(ctx -> proposals(Vocab.BY_OPTION.getOrDefault(name, List.of()))).and();
        }
        return b.withOption().longNames("halt-on-error").type(boolean.class).arity(OptionArity.ZERO)
                .description("stop each job at its first error").and()
                .withOption().longNames("replace").type(boolean.class).arity(OptionArity.ZERO)
                .description("replace a staged job that exists").and()
                .withTarget().consumer(ctx -> {
                    Map<String, String> given = new LinkedHashMap<>();
                    for (String name : NEW_OPTIONS) {
                        Object v = ctx.getOptionValue(name);
                        if (v != null) {
                            given.put(name, String.valueOf(v));
                        }
                    }
                    if (Boolean.TRUE.equals(ctx.getOptionValue("halt-on-error"))) {
                        given.put("halt-on-error", "true");
                    }
                    ops.draftNew(given, Boolean.TRUE.equals(ctx.getOptionValue("replace")));
                }).and()
                .build();
    }

    @Bean
    CommandRegistration batchSetCommand(DraftOps ops) {
        CommandRegistration.Builder b = ShellCommands.builder()
                .command("batch", "set")
                .group(GROUP)
                .description("Set options of the staged job, as KEY VALUE or as --KEY VALUE (several at once; Tab"
                        + " completes the values of the --KEY form): " + String.join(", ", DraftOps.KEYS)
                        + ". Example: batch set --attribute-write-type Append --action Delete")
                // Not required: the --KEY VALUE form needs neither. Spring Shell completes no positional
                // value, so these two are the form to type, the options below the one to complete.
                .withOption().longNames("key").position(0).arity(OptionArity.ZERO_OR_ONE)
                .description("the option to set").completion(ctx -> proposals(DraftOps.KEYS)).and()
                .withOption().longNames("value").position(1).arity(OptionArity.ZERO_OR_ONE)
                .description("its new value").completion(DraftCommands::valueProposals).and();
        for (String name : DraftOps.KEYS) {
            // Plain strings, halt-on-error too (true | false): batch set must be able to switch it off.
            b.withOption().longNames(name).arity(OptionArity.EXACTLY_ONE)
                    .description(name.equals("owner") ? "owner name"
                            : String.join(" | ", Vocab.BY_OPTION.get(name)))
                    .completion(ctx -> proposals(Vocab.BY_OPTION.getOrDefault(name, List.of()))).and();
        }
        return b.withTarget().consumer(ctx -> {
                    Object key = ctx.getOptionValue("key");
                    Object value = ctx.getOptionValue("value");
                    Map<String, String> given = new LinkedHashMap<>();
                    if (key != null) {
                        if (value == null) {
                            throw new io.tcbatch.batch.UsageException("batch set " + key + " needs a value: batch set KEY"
                                    + " VALUE or batch set --KEY VALUE (see: help batch set)");
                        }
                        given.put(String.valueOf(key), String.valueOf(value));
                    }
                    for (String name : DraftOps.KEYS) {
                        Object v = ctx.getOptionValue(name);
                        if (v != null) {
                            given.put(name, String.valueOf(v));
                        }
                    }
                    if (given.isEmpty()) {
                        throw new io.tcbatch.batch.UsageException("batch set needs what to set: batch set KEY VALUE or"
                                + " batch set --KEY VALUE…, e.g. batch set --action Delete (see: help batch set)");
                    }
                    ops.draftSet(given);
                }).and()
                .build();
    }

    @Bean
    CommandRegistration batchUploadCommand(DraftOps ops) {
        return ShellCommands.builder()
                .command("batch", "upload")
                .group(GROUP)
                .description("Add input files to the staged job: each must exist and be readable now; their content"
                        + " is checked by batch show (and read at commit). Example: batch upload feed.json iocs.txt")
                .withOption().longNames("files").type(String[].class).position(0).arity(1, Integer.MAX_VALUE).required()
                .description("the input files").and()
                .withTarget().consumer(ctx -> {
                    String[] files = ctx.getOptionValue("files");
                    List<Path> paths = ShellCommands.paths(files);
                    ops.draftUpload(paths);
                }).and()
                .build();
    }

    @Bean
    CommandRegistration batchRemoveCommand(DraftOps ops) {
        return ShellCommands.builder()
                .command("batch", "remove")
                .group(GROUP)
                .description("Take staged files out of the staged job (the files themselves stay). Example: batch remove"
                        + " feed.json")
                .withOption().longNames("files").type(String[].class).position(0).arity(1, Integer.MAX_VALUE).required()
                .description("staged files (as staged, or as a path to them)")
                .completion(ctx -> proposals(ops.stagedFiles())).and()
                .withTarget().consumer(ctx -> {
                    String[] files = ctx.getOptionValue("files");
                    ops.draftRemove(List.of(files));
                }).and()
                .build();
    }

    @Bean
    CommandRegistration batchShowCommand(DraftOps ops) {
        return ShellCommands.builder()
                .command("batch", "show")
                .group(GROUP)
                .description("Show the staged job: the exact job config that will be sent, its files and the job plan"
                        + " (the full check of the files' content, as validate); sends nothing. Example: batch show")
                .withTarget().consumer(ctx -> ops.draftShow()).and()
                .build();
    }

    @Bean
    CommandRegistration batchCommitCommand(DraftOps ops) {
        return ShellCommands.builder()
                .command("batch", "commit")
                .group(GROUP)
                .description("Send the staged job and watch it to the end, like import (a Delete, or a Replace on a"
                        + " shared instance, asks first; --yes as a single command). Example: batch commit")
                .withOption().longNames("yes").type(boolean.class).arity(OptionArity.ZERO)
                .description("go ahead without asking").and()
                .withTarget().consumer(ctx -> ops.draftCommit(Boolean.TRUE.equals(ctx.getOptionValue("yes")))).and()
                .build();
    }

    @Bean
    CommandRegistration batchDiscardCommand(DraftOps ops) {
        return ShellCommands.builder()
                .command("batch", "discard")
                .group(GROUP)
                .description("Drop the staged job; nothing is sent. Example: batch discard")
                .withTarget().consumer(ctx -> ops.draftDiscard()).and()
                .build();
    }

    @Bean
    CommandRegistration convertCommand(DraftOps ops) {
        return ShellCommands.builder()
                .command("convert")
                .group("Import")
                .description("Convert inputs (Batch JSON V1/V2, IOC lists, CSV, STIX) to one Batch JSON document, checked and"
                        + " de-duplicated as an import would. Exit 0, 1 when some items were rejected, 2 on a syntax"
                        + " error. Example: convert iocs.txt --out feed.json")
                .withOption().longNames("files").type(String[].class).position(0).arity(1, Integer.MAX_VALUE).required()
                .description("the input files").and()
                .withOption().longNames("out").arity(OptionArity.EXACTLY_ONE)
                .description("the Batch JSON file to write (default: standard output)").and()
                .withOption().longNames("format").arity(OptionArity.EXACTLY_ONE)
                .description(ShellCommands.FORMAT_HELP).completion(ctx -> proposals(Vocab.FORMATS)).and()
                .withOption().longNames("map").arity(OptionArity.EXACTLY_ONE)
                .description(ShellCommands.MAP_HELP).and()
                .withOption().longNames("version").arity(OptionArity.EXACTLY_ONE).defaultValue("V2")
                .description("V1 | V2").completion(ctx -> proposals(Vocab.VERSIONS)).and()
                .withTarget().consumer(ctx -> {
                    String[] files = ctx.getOptionValue("files");
                    List<Path> paths = ShellCommands.paths(files);
                    String out = ctx.getOptionValue("out");
                    ops.convertInputs(ShellCommands.inputs(paths, ctx.getOptionValue("format"), ctx.getOptionValue("map")),
                            out == null ? null : Path.of(out),
                            Vocab.pick(Vocab.VERSIONS, ctx.getOptionValue("version"), "--version"));
                }).and()
                .build();
    }

    /**
     * The values of the key already typed ({@code batch set action Cr<TAB>} offers Create); the
     * key is the word after {@code set}, or after {@code --key}.
     */
    public static List<CompletionProposal> valueProposals(CompletionContext ctx) {
        String key = keyTyped(ctx.getWords());
        if (key == null) {
            return List.of();
        }
        return proposals(Vocab.BY_OPTION.getOrDefault(canonicalKey(key), List.of()));
    }

    static String keyTyped(List<String> words) {
        for (int i = 0; i < words.size() - 1; i++) {
            String w = words.get(i);
            if (w.equals("--key")) {
                return words.get(i + 1);
            }
        }
        for (String w : words) {
            if (canonicalKey(w) != null) {
                return w;
            }
        }
        return null;
    }

    /** A key as {@link DraftOps#KEYS} spells it, from it or its camelCase form; null when it is none. */
    public static String canonicalKey(String key) {
        String squeezed = key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
        for (String k : DraftOps.KEYS) {
            if (k.replace("-", "").equals(squeezed)) {
                return k;
            }
        }
        return null;
    }

    private static List<CompletionProposal> proposals(List<String> values) {
        return values.stream().map(CompletionProposal::new).toList();
    }
}
