package io.tcbatch.shell;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.shell.command.CommandRegistration;
import org.springframework.shell.command.CommandRegistration.OptionArity;

import io.tcbatch.batch.Action;
import io.tcbatch.batch.AttributeWriteType;
import io.tcbatch.batch.Enums;
import io.tcbatch.batch.ImportService;
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
        return builder()
                .command("import")
                .group(GROUP)
                .description("Import one file (Batch JSON V1/V2, an IOC list, CSV, STIX) and watch it to the end."
                        + " Example: import feed.json --owner \"Example Org\"")
                .withOption().longNames("file").position(0).arity(OptionArity.EXACTLY_ONE).required()
                .description("the input file").and()
                .withOption().longNames("owner").arity(OptionArity.EXACTLY_ONE)
                .description("owner name (default: the profile's owner)").and()
                .withOption().longNames("format").arity(OptionArity.EXACTLY_ONE)
                .description(FORMAT_HELP).and()
                .withOption().longNames("map").arity(OptionArity.EXACTLY_ONE)
                .description(MAP_HELP).and()
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
                .withOption().longNames("chunk-size").arity(OptionArity.EXACTLY_ONE)
                .description("items per job (default: chunk.size)").and()
                .withOption().longNames("max-bytes").arity(OptionArity.EXACTLY_ONE)
                .description("bytes per chunk file (default: chunk.maxBytes)").and()
                .withOption().longNames("yes").type(boolean.class).arity(OptionArity.ZERO)
                .description("go ahead with a destructive import (Delete; Replace on a shared instance) without asking").and()
                .withTarget().consumer(ctx -> {
                    String owner = ctx.getOptionValue("owner");
                    // Checked first, as validate checks them: a wrong limit is a usage error before anything is read.
                    Long chunkSize = number(ctx.getOptionValue("chunk-size"), "--chunk-size");
                    Long maxBytes = number(ctx.getOptionValue("max-bytes"), "--max-bytes");
                    // Read before the owner: a wrong value is a usage error even without a profile.
                    String version = version(ctx.getOptionValue("version"));
                    ImportSpec.JobExtras extras = new ImportSpec.JobExtras(
                            pickIfGiven(Vocab.TAG_WRITE_TYPES, ctx.getOptionValue("tag-write-type"), "--tag-write-type"),
                            pickIfGiven(Vocab.SECURITY_LABEL_WRITE_TYPES, ctx.getOptionValue("security-label-write-type"),
                                    "--security-label-write-type"),
                            pickIfGiven(Vocab.FILE_MERGE_MODES, ctx.getOptionValue("file-merge-mode"), "--file-merge-mode"),
                            pickIfGiven(Vocab.HASH_COLLISION_MODES, ctx.getOptionValue("hash-collision-mode"),
                                    "--hash-collision-mode"));
                    List<io.tcbatch.input.Input> inputs = inputs(List.of(Path.of((String) ctx.getOptionValue("file"))),
                            ctx.getOptionValue("format"), ctx.getOptionValue("map"));
                    ImportSpec spec = new ImportSpec(owner != null ? owner : engine.defaultOwner(),
                            Enums.parse(Action.class, ctx.getOptionValue("action"), "--action"),
                            Enums.parse(AttributeWriteType.class, ctx.getOptionValue("attribute-write-type"), "--attribute-write-type"),
                            Boolean.TRUE.equals(ctx.getOptionValue("halt-on-error")),
                            List.of(Path.of((String) ctx.getOptionValue("file"))), version, extras).withInputs(inputs);
                    // Refused before anything is sent; in the shell it asks, as a single command it needs --yes.
                    String destructive = engine.destructive(spec);
                    if (destructive != null) {
                        engine.prompter().confirm(destructive, Boolean.TRUE.equals(ctx.getOptionValue("yes")));
                    }
                    engine.importFiles(spec, chunkSize == null ? null : (int) Math.min(chunkSize, Integer.MAX_VALUE), maxBytes);
                }).and()
                .build();
    }

    @Bean
    CommandRegistration validateCommand(Engine engine) {
        return builder()
                .command("validate")
                .group(GROUP)
                .description("Check files as an import would and show the jobs it would send; sends nothing."
                        + " Exit 0 when every item is fine, 1 when some were rejected, 2 on a syntax error."
                        + " Example: validate feed.json --max-bytes 1000000")
                .withOption().longNames("files").type(String[].class).position(0).arity(1, Integer.MAX_VALUE).required()
                .description("the input files").and()
                .withOption().longNames("owner").arity(OptionArity.EXACTLY_ONE)
                .description("owner name (default: the profile's owner)").and()
                .withOption().longNames("format").arity(OptionArity.EXACTLY_ONE)
                .description(FORMAT_HELP).and()
                .withOption().longNames("map").arity(OptionArity.EXACTLY_ONE)
                .description(MAP_HELP).and()
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
                    List<Path> paths = paths(files);
                    List<io.tcbatch.input.Input> inputs = inputs(paths, ctx.getOptionValue("format"), ctx.getOptionValue("map"));
                    String o = owner != null ? owner : ownerIfConfigured(engine);
                    // The owner only matters to the server; a dry run needs none.
                    ImportSpec spec = new ImportSpec(o != null && !o.isBlank() ? o : "-", Action.Create,
                            AttributeWriteType.Replace, false, paths, version).withInputs(inputs);
                    Long chunkSize = number(ctx.getOptionValue("chunk-size"), "--chunk-size");
                    Long maxBytes = number(ctx.getOptionValue("max-bytes"), "--max-bytes");
                    engine.validate(spec, chunkSize == null ? null : (int) Math.min(chunkSize, Integer.MAX_VALUE), maxBytes);
                }).and()
                .build();
    }

    /** The help of {@code --format}, the same on import, validate and convert. */
    static final String FORMAT_HELP = String.join(" | ", Vocab.FORMATS)
            + ": the input format (default auto: from the extension and the content)";
    static final String MAP_HELP = "CSV column mapping, e.g. value=dst_ip,type=Address,tags=malware,port=dst_port"
            + " (default: guessed from the header); implies --format csv";

    /**
     * The inputs of {@code --format}/{@code --map}: each file in the format given (auto when none),
     * or, with a mapping, as CSV read by it.
     *
     * @throws UsageException for a wrong format or mapping, listing what is allowed
     */
    static List<io.tcbatch.input.Input> inputs(List<Path> paths, Object format, Object map) {
        io.tcbatch.input.Format f;
        try {
            f = format == null ? io.tcbatch.input.Format.AUTO : io.tcbatch.input.Format.parse(String.valueOf(format));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--format: " + e.getMessage());
        }
        if (map == null) {
            io.tcbatch.input.Format given = f;
            return paths.stream().map(p -> io.tcbatch.input.Inputs.file(p, given)).toList();
        }
        if (f != io.tcbatch.input.Format.AUTO && f != io.tcbatch.input.Format.CSV) {
            throw new UsageException("--map is a CSV column mapping; it does not go with --format " + f.word());
        }
        io.tcbatch.input.CsvMapping mapping;
        try {
            mapping = io.tcbatch.input.CsvMapping.parse(String.valueOf(map));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--map: " + e.getMessage());
        }
        return paths.stream().map(p -> io.tcbatch.input.Inputs.csv(p, mapping)).toList();
    }

    /** The paths a String[] option (files) names. */
    static List<Path> paths(String[] files) {
        return java.util.Arrays.stream(files).map(Path::of).toList();
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
        return builder()
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
        return builder()
                .command("version")
                .group(BuiltinCommands.GROUP)
                .description("Show the tcbatch version. Example: version")
                .withTarget().consumer(ctx -> {
                    if (engine.output().json()) {
                        engine.output().printJson(Map.of("version", engine.version(), "exitCode", 0));
                    } else {
                        engine.output().text("tcbatch " + engine.version() + "\n");
                    }
                }).and()
                .build();
    }

    /** The group of the commands about recorded runs and their jobs. */
    static final String JOBS = "Jobs";

    /**
     * A registration builder with {@code --help} and {@code -h} (which show {@code help COMMAND});
     * Spring Shell only adds them to builders it hands out, not to {@link CommandRegistration#builder()}.
     */
    public static CommandRegistration.Builder builder() {
        return CommandRegistration.builder()
                .withHelpOptions().enabled(true).longNames("help").shortNames('h').command("help").and();
    }

    @Bean
    CommandRegistration jobsCommand(Engine engine) {
        return builder()
                .command("jobs")
                .group(JOBS)
                .description("Runs recorded in this data directory, newest first, with their jobs' counts; --run RUN shows"
                        + " one run's jobs. Example: jobs --status pending --since 2h")
                .withOption().longNames("status").arity(OptionArity.EXACTLY_ONE)
                .description("only runs in this state: " + String.join(" | ", Vocab.RUN_STATES)
                        + " (pending = neither done nor failed)").and()
                .withOption().longNames("run").arity(OptionArity.EXACTLY_ONE)
                .description("one run (its id or the start of it) with its jobs").and()
                .withOption().longNames("owner").arity(OptionArity.EXACTLY_ONE)
                .description("only runs for this owner").and()
                .withOption().longNames("since").arity(OptionArity.EXACTLY_ONE)
                .description("only runs started within this age: 30m, 2h, 7d").and()
                .withOption().longNames("limit").arity(OptionArity.EXACTLY_ONE).defaultValue("20")
                .description("at most this many runs").and()
                .withTarget().consumer(ctx -> {
                    Instant now = Instant.now();
                    String run = ctx.getOptionValue("run");
                    if (run != null) {
                        RunRecord r = Runs.byId(engine.journal(), run);
                        if (engine.output().json()) {
                            engine.output().printJson(r);
                        } else {
                            engine.output().text(Runs.detail(r, engine.journal(), now, ZoneId.systemDefault()));
                        }
                        engine.exitCode(0);
                        return;
                    }
                    Long limit = number(ctx.getOptionValue("limit"), "--limit");
                    Runs.Filter f = new Runs.Filter(ctx.getOptionValue("status"), ctx.getOptionValue("owner"),
                            Runs.age(ctx.getOptionValue("since")), (int) Math.min(limit, Integer.MAX_VALUE));
                    List<RunRecord> runs = Runs.find(engine.journal(), f, now);
                    if (engine.output().json()) {
                        engine.output().printJson(runs);
                    } else if (runs.isEmpty()) {
                        boolean filtered = f.status() != null || f.owner() != null || f.since() != null;
                        engine.output().text(filtered
                                ? "No runs match; without filters: jobs\n"
                                : "No runs yet in this data directory; import a file to make one, e.g.: import dsl-examples/samples/iocs.txt\n");
                    } else {
                        engine.output().text(Runs.table(runs, now, ZoneId.systemDefault()));
                    }
                    engine.exitCode(0);
                }).and()
                .build();
    }

    @Bean
    CommandRegistration watchCommand(Engine engine) {
        return builder()
                .command("watch")
                .group(JOBS)
                .description("Watch jobs to the end, then show the summary and the errors. Batch ids, a recorded run"
                        + " (--run), or with nothing: every run still pending. Ctrl-C stops watching, not the jobs."
                        + " Example: watch --run 20261204-100200-a1b2")
                .withOption().longNames("ids").type(String[].class).position(0).arity(OptionArity.ZERO_OR_MORE)
                .description("batch ids").and()
                .withOption().longNames("run").arity(OptionArity.EXACTLY_ONE)
                .description("a run of the journal (its id or the start of it), with its totals").and()
                .withOption().longNames("resume").type(boolean.class).arity(OptionArity.ZERO)
                .description("the same as resume: the run of --run, or the most recent unfinished run").and()
                .withTarget().consumer(ctx -> {
                    String[] given = ctx.getOptionValue("ids");
                    String run = ctx.getOptionValue("run");
                    if (Boolean.TRUE.equals(ctx.getOptionValue("resume"))) {
                        if (given != null && given.length > 0) {
                            throw new UsageException("watch --resume takes a run (--run RUN) or nothing, not batch ids");
                        }
                        resume(engine, run);
                        return;
                    }
                    if (run != null) {
                        if (given != null && given.length > 0) {
                            throw new UsageException("watch takes batch ids or --run RUN, not both");
                        }
                        RunRecord rec = Runs.byId(engine.journal(), run);
                        Runs.requireProfile(rec, engine.profileName(), "watch");
                        engine.watchRun(rec);
                        return;
                    }
                    if (given == null || given.length == 0) {
                        watchPending(engine);
                        return;
                    }
                    List<Long> ids = new ArrayList<>();
                    for (String id : given) {
                        ids.add(parseId(id));
                    }
                    RunRecord recorded = recordedRun(ids, engine);
                    if (recorded != null) {
                        engine.watchRun(recorded);
                    } else {
                        engine.watch(ids);
                    }
                }).and()
                .build();
    }

    @Bean
    CommandRegistration resumeCommand(Engine engine) {
        return builder()
                .command("resume")
                .group(JOBS)
                .description("Pick up a run where it stopped (Ctrl-C, a crash, kill -9): uploads whose fate is unknown are"
                        + " checked on the server first, chunks not sent are sent, jobs in flight are watched; nothing is"
                        + " sent twice. With no run: the most recent unfinished one. Example: resume 20261204-100200-a1b2")
                .withOption().longNames("run").position(0).arity(OptionArity.ZERO_OR_ONE)
                .description("the run (its id or the start of it); default: the most recent unfinished run").and()
                .withTarget().consumer(ctx -> resume(engine, ctx.getOptionValue("run"))).and()
                .build();
    }

    /**
     * {@code resume [RUN]} and {@code watch --resume}: the run given, or the most recent unfinished
     * one. A finished run, or none unfinished, is one line and exit 0: there is nothing wrong, and
     * a cron job that resumes "whatever stopped" must not fail when nothing did.
     */
    private static void resume(Engine engine, String given) {
        RunRecord rec = given == null || given.isBlank() ? Runs.lastResumable(engine.journal())
                : Runs.byId(engine.journal(), given);
        String line = null;
        if (rec == null) {
            line = "nothing to resume: no unfinished run in this data directory (see the recorded runs with: jobs)";
        } else if (!Runs.resumable(rec)) {
            line = rec.jobs().isEmpty() ? "run " + rec.run() + " has no chunks (it stopped in its preflight, nothing was"
                    + " sent); nothing to resume: import its input again"
                    : "run " + rec.run() + " is finished (exit " + (rec.exitCode() == null ? "?" : rec.exitCode())
                    + "); nothing to resume";
        }
        if (line != null) {
            if (engine.output().json()) {
                Map<String, Object> doc = new LinkedHashMap<>();
                doc.put("run", rec == null ? null : rec.run());
                doc.put("message", line);
                doc.put("exitCode", 0);
                engine.output().printJson(doc);
            } else {
                engine.output().text(line + "\n");
            }
            engine.exitCode(0);
            return;
        }
        engine.resume(rec);
    }

    /** {@code watch} with nothing: every pending run together, or say that nothing is. */
    private static void watchPending(Engine engine) {
        String profile = engine.profileName();
        List<RunRecord> allPending = Runs.pendingRuns(engine.journal());
        List<RunRecord> pending = allPending.stream().filter(r -> Runs.sentWith(r, profile)).toList();
        if (!pending.isEmpty()) {
            engine.watchRuns(pending);
            return;
        }
        // None is this profile's: every pending run is another profile's.
        List<String> elsewhere = allPending.stream().map(RunRecord::profile).distinct().toList();
        RunRecord last = engine.journal().recent(Integer.MAX_VALUE).stream()
                .filter(r -> Runs.sentWith(r, profile)).findFirst().orElse(null);
        String line;
        if (last == null) {
            line = "nothing is pending, and no run is recorded yet (import a file first: import FILE)";
        } else {
            long unsent = last.jobs().stream().filter(j -> j.batchId() == null && !"Completed".equals(j.status())).count();
            line = "nothing is pending; the last run " + last.run() + " ended "
                    + Runs.when(Runs.lastWritten(engine.journal(), last), Instant.now(), ZoneId.systemDefault())
                    + (last.exitCode() == null ? "" : " with exit " + last.exitCode())
                    // A failed run is not pending, but its unsent chunks are still there to send.
                    + (unsent > 0 ? ", " + unsent + " of its chunks never sent (resume " + last.run() + " sends them)"
                            : " (watch --run " + last.run() + " to see it again)");
        }
        if (!elsewhere.isEmpty()) {
            line += "; runs of profile " + String.join(", ", elsewhere) + " are pending (watch them with: bin/tcbatch --profile "
                    + elsewhere.get(0) + " watch)";
        }
        if (engine.output().json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("pending", List.of());
            doc.put("message", line);
            doc.put("lastRun", last == null ? null : last.run());
            doc.put("exitCode", 0);
            engine.output().printJson(doc);
        } else {
            engine.output().text(line + "\n");
        }
        engine.exitCode(0);
    }

    @Bean
    CommandRegistration errorsCommand(Engine engine) {
        return builder()
                .command("errors")
                .group(JOBS)
                .description("The errors of a job (batch id) or of a run (run id, over all its jobs), grouped by code and"
                        + " reason, and where the run's failed-items file is. Example: errors 20261204-100200-a1b2 --save errors.json")
                .withOption().longNames("id").position(0).arity(OptionArity.EXACTLY_ONE).required()
                .description("a batch id (a number) or a run id (see: jobs)").and()
                .withOption().longNames("raw").type(boolean.class).arity(OptionArity.ZERO)
                .description("the server's entries as they came, one JSON object per line").and()
                .withOption().longNames("save").arity(OptionArity.EXACTLY_ONE)
                .description("also write the server's entries to this file, as a JSON array").and()
                .withTarget().consumer(ctx -> errors(engine, ctx.getOptionValue("id"),
                        Boolean.TRUE.equals(ctx.getOptionValue("raw")), ctx.getOptionValue("save"))).and()
                .build();
    }

    private static void errors(Engine engine, Object idValue, boolean raw, String save) {
        String id = String.valueOf(idValue).trim();
        RunRecord run;
        List<Long> ids;
        Long batchId = null;
        if (id.matches("\\d+")) {
            batchId = parseId(id);
            ids = List.of(batchId);
            run = Runs.holding(engine.journal(), batchId);
        } else {
            run = Runs.byId(engine.journal(), id);
            ids = run.jobs().stream().map(JobRecord::batchId).filter(java.util.Objects::nonNull).toList();
            if (ids.isEmpty()) {
                throw new UsageException("run " + run.run() + " has no jobs on the server yet (state " + run.state()
                        + "); send them with: watch --run " + run.run());
            }
        }
        ImportService.ErrorReport report;
        try {
            report = engine.service().errorReport(ids);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        Path failedItems = run == null ? null : engine.journal().runDir(run.run()).resolve("failed-items.json");
        if (failedItems != null && !Files.isRegularFile(failedItems)) {
            failedItems = null;
        }
        if (save != null) {
            Path to = Path.of(save);
            try {
                if (to.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(to.toAbsolutePath().getParent());
                }
                Files.writeString(to, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report.raw()) + "\n");
            } catch (IOException e) {
                throw new UsageException("cannot write " + to + ": " + e.getMessage()
                        + "; give --save a file in a folder you can write to");
            }
        }
        LocalRejects rejects = run == null ? null : LocalRejects.of(run);
        if (engine.output().json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            if (batchId != null) {
                doc.put("batchId", batchId);
            }
            doc.put("run", run == null ? null : run.run());
            doc.put("jobs", ids);
            doc.put("errors", report.groups());
            if (raw) {
                doc.put("raw", report.raw());
            }
            doc.put("failedItems", failedItems == null ? null : failedItems.toString());
            doc.put("rejected", rejects == null ? null : rejects.document());
            doc.put("saved", save);
            doc.put("exitCode", 0);
            engine.output().printJson(doc);
        } else if (raw) {
            StringBuilder b = new StringBuilder();
            for (Map<String, Object> e : report.raw()) {
                try {
                    b.append(JSON.writeValueAsString(e)).append('\n');
                } catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
                    throw new UncheckedIOException(ex);
                }
            }
            engine.output().text(b.toString());
        } else {
            String what = batchId != null ? "job " + batchId : "run " + run.run() + " (" + ids.size() + " job"
                    + (ids.size() == 1 ? "" : "s") + ")";
            StringBuilder b = new StringBuilder();
            if (report.groups().isEmpty()) {
                b.append("No errors reported for ").append(what).append(".\n");
            } else {
                b.append(what).append(":\n");
                io.tcbatch.render.SummaryText.errors(report.groups(), b);
            }
            if (rejects != null) {
                b.append(rejects.text());
            }
            if (failedItems != null) {
                b.append("failed items: ").append(failedItems).append(" (fix them there, then: resubmit ").append(run.run())
                        .append(")\n");
            }
            engine.output().text(b.toString());
        }
        if (save != null) {
            // After the document, so standard output stays the one JSON document.
            engine.output().err().println("saved " + report.raw().size() + " entr" + (report.raw().size() == 1 ? "y" : "ies")
                    + " to " + save);
        }
        engine.exitCode(0);
    }

    /**
     * The items of a run its preflight rejected (never sent, so the server's errors cannot show
     * them): how many, where they are, and the commonest reasons. The rejects file is read as a
     * stream, a line at a time: it can be as large as the input.
     */
    record LocalRejects(long count, String file, List<Map.Entry<String, Long>> reasons) {
        static final int TOP = 5;

        static LocalRejects of(RunRecord run) {
            RunRecord.Preflight p = run.preflight();
            if (p == null || p.rejected() <= 0) {
                return null;
            }
            Map<String, Long> byReason = new LinkedHashMap<>();
            if (p.rejectsFile() != null && Files.isRegularFile(Path.of(p.rejectsFile()))) {
                try (java.io.BufferedReader r = Files.newBufferedReader(Path.of(p.rejectsFile()),
                        java.nio.charset.StandardCharsets.UTF_8)) {
                    for (String line = r.readLine(); line != null; line = r.readLine()) {
                        if (line.isBlank()) {
                            continue;
                        }
                        String reason;
                        try {
                            reason = JSON.readTree(line).path("reason").asText("(no reason given)");
                        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                            reason = "(a line that is not JSON)";
                        }
                        byReason.merge(reason, 1L, Long::sum);
                    }
                } catch (IOException e) {
                    // The count and the file are still worth saying; the reasons are a bonus.
                    byReason.clear();
                }
            }
            List<Map.Entry<String, Long>> top = byReason.entrySet().stream()
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(TOP)
                    .map(e -> Map.entry(e.getKey(), e.getValue())).toList();
            return new LocalRejects(p.rejected(), p.rejectsFile(), top);
        }

        String text() {
            StringBuilder b = new StringBuilder();
            b.append(count).append(count == 1 ? " item was" : " items were").append(" rejected before sending (not sent)")
                    .append(file == null ? "" : ": see " + file).append('\n');
            for (Map.Entry<String, Long> e : reasons) {
                // Laid out as the server's error groups are (SummaryText.errors).
                b.append(String.format("  x%-6d %s%n", e.getValue(), e.getKey()));
            }
            return b.toString();
        }

        Map<String, Object> document() {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("count", count);
            doc.put("file", file);
            List<Map<String, Object>> rs = new ArrayList<>();
            for (Map.Entry<String, Long> e : reasons) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("reason", e.getKey());
                one.put("count", e.getValue());
                rs.add(one);
            }
            doc.put("reasons", rs);
            return doc;
        }
    }

    @Bean
    CommandRegistration resubmitCommand(Engine engine) {
        return builder()
                .command("resubmit")
                .group(JOBS)
                .description("Send the failed items of a run again, as a new run with the same options, and watch it."
                        + " Fix them first in place, in the run's failed-items.json (errors RUN says where it is)."
                        + " Example: resubmit 20261204-100200-a1b2 --yes")
                .withOption().longNames("run").position(0).arity(OptionArity.EXACTLY_ONE).required()
                .description("the run (its id or the start of it)").and()
                .withOption().longNames("yes").type(boolean.class).arity(OptionArity.ZERO)
                .description("confirm a destructive resubmit (Delete, or Replace on a shared instance) without asking").and()
                .withTarget().consumer(ctx -> {
                    RunRecord run = Runs.byId(engine.journal(), ctx.getOptionValue("run"));
                    Path file = engine.journal().runDir(run.run()).resolve("failed-items.json");
                    long items = failedItems(run, file);
                    if (items == 0) {
                        String line = "run " + run.run() + " has no failed items";
                        if (engine.output().json()) {
                            engine.output().printJson(Map.of("run", run.run(), "message", line, "exitCode", 0));
                        } else {
                            engine.output().text(line + "\n");
                        }
                        engine.exitCode(0);
                        return;
                    }
                    engine.resubmit(run, file, Boolean.TRUE.equals(ctx.getOptionValue("yes")));
                }).and()
                .build();
    }

    /**
     * How many items the run's failed-items file holds: 0 when the run failed nothing; a usage error
     * naming the file when it should be there and is missing, empty or not Batch JSON.
     */
    private static long failedItems(RunRecord run, Path file) {
        if (!Files.exists(file)) {
            long failed = run.jobs().stream().mapToLong(j -> (j.errorCount() == null ? 0 : j.errorCount())
                    + (j.unprocessCount() == null ? 0 : j.unprocessCount())).sum();
            if (failed == 0) {
                return 0;
            }
            throw new UsageException(file + " is missing, though run " + run.run() + " counted " + failed
                    + " failed or unprocessed item(s); the server's errors could not be traced to items (see: errors "
                    + run.run() + ")");
        }
        try {
            if (Files.size(file) == 0) {
                throw new UsageException(file + " is empty; put the fixed items back (Batch JSON:"
                        + " {\"indicator\":[…],\"group\":[…]}) or see what failed with: errors " + run.run());
            }
            com.fasterxml.jackson.databind.JsonNode doc = JSON.readTree(file.toFile());
            if (doc == null || !doc.isObject()) {
                throw new UsageException(file + " is not Batch JSON (an object with indicator, group and"
                        + " association lists); fix it, or see what failed with: errors " + run.run());
            }
            long n = 0;
            for (String k : List.of("indicator", "group", "association")) {
                n += doc.path(k).size();
            }
            return n;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            var loc = e.getLocation();
            throw new UsageException(file + (loc == null ? "" : ":" + loc.getLineNr() + ":" + loc.getColumnNr())
                    + ": not valid JSON (" + e.getOriginalMessage().replaceAll("\\s*\\(start marker.*$", "").replaceAll("\\s*at \\[Source.*$", "")
                    + "); fix the file and run resubmit again");
        } catch (IOException e) {
            throw new UsageException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper();

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

    static long parseId(Object s) {
        String t = String.valueOf(s).trim();
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            // All digits and still no long: it is too large, not "not a number".
            if (t.matches("\\d+")) {
                throw new UsageException("batch id " + t + " is too large: batch ids are at most " + Long.MAX_VALUE);
            }
            throw new UsageException("a batch id is a number, not '" + s + "'");
        }
    }

    /** An enumerated option that may be left out (null: the server's default). */
    private static String pickIfGiven(java.util.List<String> values, Object given, String option) {
        return given == null ? null : Vocab.pick(values, String.valueOf(given), option);
    }
}
