package io.tcbatch.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.tcbatch.api.ThreatConnectClient;
import io.tcbatch.batch.Action;
import io.tcbatch.batch.AttributeWriteType;
import io.tcbatch.batch.Converter;
import io.tcbatch.batch.Enums;
import io.tcbatch.batch.ImportOptions;
import io.tcbatch.batch.ImportService;
import io.tcbatch.batch.ImportSpec;
import io.tcbatch.batch.Plan;
import io.tcbatch.batch.UsageException;
import io.tcbatch.config.ConfigException;
import io.tcbatch.dsl.Suggest;
import io.tcbatch.input.InputException;
import io.tcbatch.journal.JobRecord;
import io.tcbatch.journal.RunRecord;
import io.tcbatch.shell.DraftCommands;
import io.tcbatch.shell.DraftOps;
import io.tcbatch.shell.Vocab;

/**
 * The staged job of one TCBATCH_HOME, kept in {@code staged-job.json} there so it survives a
 * restart of the shell, and {@code convert}. Nothing is sent before {@link #draftCommit}; the
 * file is written whole to a temporary file and moved into place, so a crash mid-write leaves
 * the previous version, never half of one.
 */
final class Drafts implements DraftOps {
    static final String FILE = "staged-job.json";
    private static final String NO_DRAFT = "no staged job: start one with batch new";
    private final Session session;
    private final ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.ALWAYS);

    Drafts(Session session) {
        this.session = session;
    }

    /** The draft file: job options as the API spells them, and the files with what they were when staged. */
    static final class Draft {
        public String owner;
        public String action = "Create";
        public String version = "V2";
        public String attributeWriteType = "Replace";
        public boolean haltOnError;
        public String tagWriteType;
        public String securityLabelWriteType;
        public String fileMergeMode;
        public String hashCollisionMode;
        public List<Staged> files = new ArrayList<>();
        public String createdAt;
    }

    /** A staged file: its absolute path, and its size and modified time when it was staged. */
    static final class Staged {
        public String path;
        public long size;
        public String modified;
    }

    Path file() {
        return session.settings().home().resolve(FILE);
    }

    // ------------------------------------------------------------------ the commands

    @Override
    public void draftNew(Map<String, String> settings, boolean replace) {
        Draft existing = load();
        if (existing != null && !replace) {
            throw new UsageException("a staged job exists (owner " + existing.owner + ", " + existing.files.size()
                    + " file" + (existing.files.size() == 1 ? "" : "s") + "): batch show, batch commit, or batch discard"
                    + " first (or batch new --replace)");
        }
        Draft d = new Draft();
        d.owner = session.defaultOwner();
        d.createdAt = Instant.now().toString();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            set(d, e.getKey(), e.getValue(), true);
        }
        checkV1(d);
        save(d);
        report(d, (existing != null ? "Replaced the staged job. " : "") + "Staged job started: " + describe(d)
                + "\nNext: batch upload FILE, batch show, batch commit.\n");
    }

    @Override
    public void draftSet(String key, String value) {
        draftSet(java.util.Collections.singletonMap(key, value));
    }

    @Override
    public void draftSet(Map<String, String> settings) {
        Draft d = required();
        // All applied to this copy first: one wrong value saves none of them.
        for (Map.Entry<String, String> e : settings.entrySet()) {
            set(d, e.getKey(), e.getValue());
        }
        checkV1(d);
        save(d);
        report(d, "Staged job: " + describe(d) + "\n");
    }

    @Override
    public void draftRemove(List<String> names) {
        Draft d = required();
        List<Staged> gone = new ArrayList<>();
        // Every name is matched before any is removed, so a typo in the second removes none.
        for (String n : names) {
            Staged s = stagedNamed(d, n);
            if (s == null) {
                throw new UsageException(n + " is not staged; the staged files are "
                        + (d.files.isEmpty() ? "none" : String.join(", ", d.files.stream().map(f -> f.path).toList()))
                        + " (see: batch show)");
            }
            gone.add(s);
        }
        d.files.removeAll(gone);
        save(d);
        StringBuilder b = new StringBuilder();
        for (Staged s : gone) {
            b.append("removed ").append(s.path).append(" from the staged job (the file itself is untouched)\n");
        }
        report(d, b + "Staged job: " + describe(d) + "\n");
    }

    @Override
    public List<String> stagedFiles() {
        try {
            Draft d = load();
            return d == null ? List.of() : d.files.stream().map(f -> f.path).toList();
        } catch (RuntimeException unreadable) {
            // Called on TAB: an unreadable staged job proposes nothing; batch show says why.
            return List.of();
        }
    }

    /** The staged file {@code name} names: as staged, or a path (relative or not) to the same file. */
    private static Staged stagedNamed(Draft d, String name) {
        for (Staged s : d.files) {
            if (s.path.equals(name)) {
                return s;
            }
        }
        String abs = Path.of(name).toAbsolutePath().normalize().toString();
        for (Staged s : d.files) {
            if (s.path.equals(abs)) {
                return s;
            }
        }
        return null;
    }

    @Override
    public void draftUpload(List<Path> files) {
        Draft d = required();
        List<Staged> added = new ArrayList<>();
        // Every file is checked before any is added, so a typo in the second adds none.
        for (Path f : files) {
            added.add(staged(f));
        }
        for (Staged s : added) {
            d.files.removeIf(old -> old.path.equals(s.path));
            d.files.add(s);
        }
        save(d);
        StringBuilder b = new StringBuilder();
        for (Staged s : added) {
            b.append("staged ").append(s.path).append(" (").append(s.size).append(" bytes)\n");
        }
        report(d, b + "Staged job: " + describe(d) + "\n");
    }

    @Override
    public void draftShow() {
        Draft d = required();
        ImportSpec spec = spec(d);
        Object config = ThreatConnectClient.configJson(ImportService.jobConfig(spec));
        List<Map<String, Object>> files = new ArrayList<>();
        for (Staged s : d.files) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("path", s.path);
            f.put("size", s.size);
            f.put("modified", s.modified);
            f.put("change", change(s));
            files.add(f);
        }
        ImportOptions limits = session.limits(null, null);
        Plan plan = null;
        RuntimeException failed = null;
        try {
            plan = d.files.isEmpty() ? null : session.dryRun(spec, limits);
        } catch (UsageException | InputException | ConfigException e) {
            // The config and the files are still shown: the error line comes after them (exit 2).
            failed = e;
        }
        int code = plan != null && plan.rejected() > 0 ? 1 : 0;
        if (session.output().json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("config", config);
            doc.put("files", files);
            doc.put("plan", plan == null ? null : Session.planDocument(spec, limits, plan));
            if (failed != null) {
                // This is the one document on standard output; the failure adds no second one.
                doc.put("error", failed.getMessage());
                doc.put("exitCode", 2);
            }
            session.output().printJson(doc);
        } else {
            StringBuilder b = new StringBuilder("Job config sent with every job of this run:\n");
            b.append(pretty(config)).append('\n');
            if (d.files.isEmpty()) {
                b.append("No files yet: batch upload FILE\n");
            } else {
                b.append("Files:\n");
                for (Map<String, Object> f : files) {
                    b.append("  ").append(f.get("path")).append(" (").append(f.get("size")).append(" bytes)");
                    Object change = f.get("change");
                    b.append(change == null ? "" : "  " + change).append('\n');
                }
                if (plan != null) {
                    b.append(Session.planText(spec, plan));
                }
            }
            session.output().text(b.toString());
        }
        if (failed != null) {
            throw failed;
        }
        session.exitCode(code);
    }

    @Override
    public int draftCommit(boolean yes) {
        Draft d = required();
        ImportSpec spec;
        try {
            spec = spec(d);
            if (spec.files().isEmpty()) {
                throw new UsageException("the staged job has no files: add some with batch upload FILE");
            }
            for (Staged s : d.files) {
                Path p = Path.of(s.path);
                if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
                    throw InputException.unreadable(p, Files.exists(p) ? "cannot be read" : "no such file (it was staged,"
                            + " then moved or deleted)");
                }
                String change = change(s);
                if (change != null) {
                    session.output().info("tcbatch: " + s.path + " " + change + "; sending it as it is now");
                }
            }
            String line = session.destructive(spec);
            if (line != null) {
                session.prompter().confirm(line, yes);
            }
        } catch (UsageException | InputException | ConfigException e) {
            throw kept(e);
        }
        List<String> before = session.journal().recent(5).stream().map(RunRecord::run).toList();
        // Whether the run reached the server: asked of the journal once, by a failure or at the end.
        Boolean sent = null;
        try {
            return session.importFiles(spec);
        } catch (UsageException | InputException | ConfigException e) {
            sent = submitted(before);
            throw sent ? e : kept(e);
        } catch (RuntimeException | Error e) {
            sent = submitted(before);
            if (!sent) {
                session.output().info("tcbatch: nothing was sent; the staged job is kept (batch show, batch commit)");
            }
            throw e;
        } finally {
            if (sent != null ? sent : submitted(before)) {
                delete();
                // Information, not an error: it goes out as a note, without the error prefix.
                session.output().info("note: the staged job was sent (run " + newestRun() + ") and removed");
            }
        }
    }

    @Override
    public void draftDiscard() {
        Path f = file();
        if (!Files.exists(f)) {
            throw new UsageException(NO_DRAFT);
        }
        Draft d;
        try {
            d = load();
        } catch (UsageException corrupt) {
            d = null;
        }
        delete();
        String what = d == null ? "Discarded the staged job file " + f + " (it could not be read)."
                : "Discarded the staged job: " + describe(d) + "; nothing was sent.";
        if (session.output().json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("discarded", d);
            doc.put("file", f.toString());
            session.output().printJson(doc);
        } else {
            session.output().text(what + "\n");
        }
        session.exitCode(0);
    }

    @Override
    public int convert(List<Path> files, Path out, String version) {
        return convertInputs(files.stream().map(io.tcbatch.input.Inputs::file).toList(), out, version);
    }

    @Override
    public int convertInputs(List<io.tcbatch.input.Input> inputs, Path out, String version) {
        List<Path> files = inputs.stream().map(io.tcbatch.input.Input::path).filter(java.util.Objects::nonNull).toList();
        var output = session.output();
        if (output.json() && out == null) {
            throw new UsageException("convert --output json needs --out FILE: standard output carries the counts document");
        }
        Path work = session.settings().home().resolve("convert");
        String id = Instant.now().toString().replace(":", "").replace(".", "-");
        if (out != null && (out.toAbsolutePath().getParent() == null || !Files.isDirectory(out.toAbsolutePath().getParent()))) {
            throw new UsageException("--out " + out + ": its folder does not exist; create it or name another file");
        }
        if (out != null && Files.isDirectory(out)) {
            throw new UsageException("--out " + out + " is a folder; name the file to write");
        }
        if (out != null) {
            for (Path in : files) {
                if (sameFile(in, out)) {
                    // Writing it would replace the input with its accepted items: the rejected ones would be lost.
                    throw new UsageException("--out " + out + " is the input file " + in
                            + "; name another file to write (convert never overwrites its input)");
                }
            }
        }
        Path rejects = out != null ? rejectsBeside(out) : work.resolve("rejects-" + id + ".jsonl");
        Converter converter = new Converter(new ObjectMapper(), version);
        Converter.Result r;
        try {
            Files.createDirectories(work);
            Files.deleteIfExists(rejects);
            if (out == null) {
                r = converter.convertInputs(inputs, output.out(), work, rejects, io.tcbatch.input.ItemTransform.NONE);
                output.out().flush();
            } else {
                // Written beside the target and moved into place: a failed convert leaves no half document.
                Path abs = out.toAbsolutePath();
                Path tmp = Files.createTempFile(abs.getParent(), abs.getFileName().toString(), ".part");
                try {
                    try (OutputStream o = Files.newOutputStream(tmp)) {
                        r = converter.convertInputs(inputs, o, work, rejects, io.tcbatch.input.ItemTransform.NONE);
                    }
                    move(tmp, abs);
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        int code = r.rejected() > 0 ? 1 : 0;
        if (output.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("read", r.read());
            doc.put("written", r.written());
            doc.put("duplicates", r.duplicates());
            doc.put("rejected", r.rejected());
            doc.put("out", out.toAbsolutePath().toString());
            doc.put("rejectsFile", r.rejectsFile() == null ? null : r.rejectsFile().toString());
            doc.put("exitCode", code);
            output.printJson(doc);
        } else {
            String line = String.format("read %d, written %d, duplicates %d, rejected %d%s%s%n", r.read(), r.written(),
                    r.duplicates(), r.rejected(), r.rejectsFile() == null ? "" : " (see " + r.rejectsFile() + ")",
                    out == null ? "" : " -> " + out);
            // The document is on standard output: the counts must not get into it.
            (out == null ? output.err() : output.out()).print(line);
        }
        session.exitCode(code);
        return code;
    }

    private String pretty(Object tree) {
        try {
            return json.writeValueAsString(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether {@code a} and {@code b} are one file: the same file when both exist, else the same path. */
    static boolean sameFile(Path a, Path b) {
        try {
            if (Files.exists(a) && Files.exists(b)) {
                return Files.isSameFile(a, b);
            }
        } catch (IOException e) {
            // Cannot tell by the file system: compare the paths below.
        }
        return a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
    }

    private static Path rejectsBeside(Path out) {
        String name = out.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return out.toAbsolutePath().resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".rejects.jsonl");
    }

    // ------------------------------------------------------------------ the draft and its file

    /** Sets one key (either spelling), checking the value against the vocabulary of {@code import}. */
    static void set(Draft d, String key, String value) {
        set(d, key, value, false);
    }

    /** {@link #set(Draft, String, String)}, with a refusal naming {@code --key} when it was given as an option. */
    static void set(Draft d, String key, String value, boolean asOption) {
        String k = DraftCommands.canonicalKey(key == null ? "" : key);
        if (k == null) {
            String near = Suggest.closest(String.valueOf(key), DraftOps.KEYS);
            throw new UsageException("unknown key '" + key + "'" + (near == null ? "" : " (did you mean '" + near + "'?)")
                    + "; the keys are " + String.join(", ", DraftOps.KEYS));
        }
        // Named as the user typed it: batch new takes options (--action), batch set keys (action).
        String option = asOption ? "--" + k : k;
        switch (k) {
            case "owner" -> {
                if (value == null || value.isBlank()) {
                    throw new UsageException("owner needs a name, e.g. batch set owner \"Example Org\"");
                }
                d.owner = value.strip();
            }
            case "action" -> d.action = Vocab.pick(Vocab.ACTIONS, value, option);
            case "version" -> d.version = Vocab.pick(Vocab.VERSIONS, value, option);
            case "attribute-write-type" -> d.attributeWriteType = Vocab.pick(Vocab.ATTRIBUTE_WRITE_TYPES, value, option);
            case "tag-write-type" -> d.tagWriteType = Vocab.pick(Vocab.TAG_WRITE_TYPES, value, option);
            case "security-label-write-type" ->
                    d.securityLabelWriteType = Vocab.pick(Vocab.SECURITY_LABEL_WRITE_TYPES, value, option);
            case "file-merge-mode" -> d.fileMergeMode = Vocab.pick(Vocab.FILE_MERGE_MODES, value, option);
            case "hash-collision-mode" -> d.hashCollisionMode = Vocab.pick(Vocab.HASH_COLLISION_MODES, value, option);
            case "halt-on-error" -> d.haltOnError = Boolean.parseBoolean(Vocab.pick(Vocab.BOOLEANS, value, option));
            default -> throw new IllegalStateException("key without a setter: " + k);
        }
    }

    /** A V1 job with a V2-only option is refused as an import of it would be. */
    private static void checkV1(Draft d) {
        ImportService.checkedJobConfig(spec(d));
    }

    static ImportSpec spec(Draft d) {
        return new ImportSpec(d.owner, Enums.parse(Action.class, d.action, "action"),
                Enums.parse(AttributeWriteType.class, d.attributeWriteType, "attributeWriteType"), d.haltOnError,
                d.files.stream().map(s -> Path.of(s.path)).toList(), d.version,
                new ImportSpec.JobExtras(d.tagWriteType, d.securityLabelWriteType, d.fileMergeMode, d.hashCollisionMode));
    }

    private static Staged staged(Path f) {
        Path abs = f.toAbsolutePath().normalize();
        if (!Files.isRegularFile(abs)) {
            throw InputException.unreadable(f, Files.isDirectory(abs) ? "is a directory, not a file"
                    : Files.exists(abs) ? "not a regular file" : "no such file");
        }
        if (!Files.isReadable(abs)) {
            throw InputException.unreadable(f, "file is not readable");
        }
        Staged s = new Staged();
        s.path = abs.toString();
        try {
            s.size = Files.size(abs);
            s.modified = Files.getLastModifiedTime(abs).toInstant().toString();
        } catch (IOException e) {
            throw InputException.unreadable(f, "cannot be read (" + e.getMessage() + ")");
        }
        return s;
    }

    /** How a staged file differs from when it was staged, or null when it does not. */
    private static String change(Staged s) {
        Path p = Path.of(s.path);
        try {
            if (!Files.exists(p)) {
                return "is gone since it was staged";
            }
            long size = Files.size(p);
            String modified = Files.getLastModifiedTime(p).toInstant().toString();
            if (size != s.size || !modified.equals(s.modified)) {
                return "changed since it was staged (" + s.size + " bytes at " + s.modified + ", now " + size
                        + " bytes at " + modified + ")";
            }
            return null;
        } catch (IOException e) {
            return "cannot be read (" + e.getMessage() + ")";
        }
    }

    private static String describe(Draft d) {
        StringBuilder b = new StringBuilder();
        b.append("owner ").append(d.owner == null ? "(none: batch set owner NAME)" : "'" + d.owner + "'")
                .append(", ").append(d.action).append(", ").append(d.version)
                .append(", attributeWriteType ").append(d.attributeWriteType);
        if (d.haltOnError) {
            b.append(", haltOnError");
        }
        appendIfSet(b, "tagWriteType", d.tagWriteType);
        appendIfSet(b, "securityLabelWriteType", d.securityLabelWriteType);
        appendIfSet(b, "fileMergeMode", d.fileMergeMode);
        appendIfSet(b, "hashCollisionMode", d.hashCollisionMode);
        b.append(", ").append(d.files.size()).append(d.files.size() == 1 ? " file" : " files");
        return b.toString();
    }

    private static void appendIfSet(StringBuilder b, String name, String value) {
        if (value != null) {
            b.append(", ").append(name).append(' ').append(value);
        }
    }

    private void report(Draft d, String text) {
        if (session.output().json()) {
            session.output().printJson(d);
        } else {
            session.output().text(text);
        }
        session.exitCode(0);
    }

    private Draft required() {
        Draft d = load();
        if (d == null) {
            throw new UsageException(NO_DRAFT);
        }
        return d;
    }

    /** The draft, or null when there is none; a file that cannot be read is a one-line usage error. */
    Draft load() {
        Path f = file();
        if (!Files.exists(f)) {
            return null;
        }
        try {
            Draft d = json.readValue(f.toFile(), Draft.class);
            if (d == null || d.files == null) {
                throw new IOException("not a staged job");
            }
            spec(d); // its values must still name an action and a write type
            return d;
        } catch (IOException | RuntimeException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
            throw new UsageException("the staged job file " + f + " cannot be read (" + why + "); remove it with:"
                    + " batch discard");
        }
    }

    private void save(Draft d) {
        Path f = file();
        try {
            Files.createDirectories(f.getParent());
            Path tmp = Files.createTempFile(f.getParent(), FILE, ".tmp");
            try {
                json.writeValue(tmp.toFile(), d);
                move(tmp, f);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the staged job to " + f + ": " + e.getMessage(), e);
        }
    }

    private static void move(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void delete() {
        try {
            Files.deleteIfExists(file());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove the staged job " + file() + ": " + e.getMessage(), e);
        }
    }

    private RuntimeException kept(RuntimeException e) {
        String note = (String.valueOf(e.getMessage()).contains("nothing was sent") ? "" : "; nothing was sent")
                + "; the staged job is kept (batch show, batch discard)";
        if (e instanceof InputException i) {
            return new InputException(i.file(), i.line(), i.column(), i.detail() + note, i);
        }
        if (e instanceof ConfigException) {
            return new ConfigException(e.getMessage() + note);
        }
        return new UsageException(e.getMessage() + note);
    }

    private String newestRun() {
        return session.journal().recent(1).stream().findFirst().map(RunRecord::run).orElse(null);
    }

    /**
     * True when a run that was not among {@code before} (the newest runs when the commit began)
     * exists with at least one job the server has (a batch id).
     */
    private boolean submitted(List<String> before) {
        for (RunRecord r : session.journal().recent(before.size() + 1)) {
            if (before.contains(r.run())) {
                continue;
            }
            if (r.jobs() != null && r.jobs().stream().map(JobRecord::batchId).anyMatch(java.util.Objects::nonNull)) {
                return true;
            }
        }
        return false;
    }
}
