package io.tcbatch.dsl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.tcbatch.batch.Action;
import io.tcbatch.batch.AttributeWriteType;
import io.tcbatch.batch.Enums;
import io.tcbatch.batch.ImportSpec;
import io.tcbatch.batch.UsageException;
import io.tcbatch.input.Input;

import groovy.lang.Closure;
import groovy.lang.DelegatesTo;

/**
 * The delegate of a {@code batch { }} block. The closure runs with DELEGATE_FIRST, so
 * {@code owner 'X'} reaches {@link #owner(String)} here before Groovy's own
 * {@code Closure.getOwner()} could — deliberately, because the design card uses that word.
 * Nothing is sent while the block runs; the job is committed when the block ends.
 */
public class BatchSpec {
    private String owner;
    private Action action = Action.Create;
    private AttributeWriteType attributeWriteType = AttributeWriteType.Replace;
    private boolean haltOnError;
    private BatchVersion version = BatchVersion.V2;
    private final List<Input> uploads = new ArrayList<>();
    private final InlineItems inline = new InlineItems();
    private final ItemHooks hooks = new ItemHooks();
    private Integer parallel;
    private boolean dryRun;
    private String tagWriteType;
    private String securityLabelWriteType;
    private String fileMergeMode;
    private String hashCollisionMode;
    private Integer chunkSize;
    private Long maxBytes;
    /** The script this block is written in (for words that are the script's, not the block's); may be null. */
    private final TcbatchScript script;
    /** The script line each option was given on, for an error found only when the block ends. */
    private final java.util.Map<String, Integer> lines = new java.util.LinkedHashMap<>();

    BatchSpec(String defaultOwner) {
        this(defaultOwner, null);
    }

    BatchSpec(String defaultOwner, TcbatchScript script) {
        this.owner = defaultOwner;
        this.script = script;
    }

    /** Remembers the script line an option is written on (the innermost frame of the script's class). */
    private void at(String option) {
        if (script != null) {
            int line = script.currentLine();
            if (line > 0) {
                lines.put(option, line);
            }
        }
    }

    /** The line {@code option} was given on, or 0. */
    int lineOf(String option) {
        return lines.getOrDefault(option, 0);
    }

    /** The options given in this block, in the order they were written. */
    java.util.Set<String> given() {
        return lines.keySet();
    }

    /**
     * A word that is no option of {@code batch { }}. Words the script itself knows (its own methods and
     * closures, {@code file}, {@code println} …) go on to the script, as Groovy would send them; the
     * top-level verbs are refused here, where they cannot work; anything else is a mistyped option,
     * and the suggestion comes from the words of this block.
     */
    public Object methodMissing(String name, Object args) {
        if (List.of("batch", "watch", "resubmit", "exit").contains(name)) {
            throw new UnknownWord(name, "'" + name + "' cannot be used inside batch { }: the batch is sent when its block ends;"
                    + " write " + name + " after the block");
        }
        if (script != null && (!script.getMetaClass().respondsTo(script, name).isEmpty()
                || script.getBinding().hasVariable(name))) {
            throw new groovy.lang.MissingMethodException(name, BatchSpec.class, args instanceof Object[] a ? a : new Object[] {args});
        }
        throw new UnknownWord(name, "unknown option '" + name + "' in batch { }" + Suggest.hint(name, Suggest.BATCH));
    }

    /** {@code owner 'Example Org'}: the owner the data goes to (the profile's owner when not given). */
    public void owner(String name) {
        at("owner");
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("owner needs a name, e.g. owner 'Example Org'");
        }
        this.owner = name;
    }

    /** {@code action Create} or {@code action Delete} (Create when not given); a string is taken ignoring case. */
    public void action(Object a) {
        at("action");
        this.action = choice(Action.class, a, "action");
    }

    /** {@code attributeWriteType Replace} (default) or {@code Append}; V2 jobs also {@code Singleton} and {@code Static}. */
    public void attributeWriteType(Object t) {
        at("attributeWriteType");
        this.attributeWriteType = choice(AttributeWriteType.class, t, "attributeWriteType");
    }

    /** {@code version V1} or {@code version 'V1'}; V2 when not given, as in every other front end. */
    public void version(Object v) {
        at("version");
        this.version = choice(BatchVersion.class, v, "version");
    }

    /** {@code haltOnError true}: each job stops at its first error; an item that fails the checks stops the batch before sending. */
    public void haltOnError(Object halt) {
        at("haltOnError");
        if (!(halt instanceof Boolean b)) {
            throw new UsageException("haltOnError takes true or false, not '" + halt + "'");
        }
        this.haltOnError = b;
    }

    /** {@code tagWriteType Append} (V2 only; not sent when not given, the server's default applies). */
    public void tagWriteType(Object t) {
        at("tagWriteType");
        this.tagWriteType = oneOf(t, "tagWriteType", io.tcbatch.batch.JobValues.TAG_WRITE_TYPES);
    }

    /** {@code securityLabelWriteType Replace} (V2 only). */
    public void securityLabelWriteType(Object t) {
        at("securityLabelWriteType");
        this.securityLabelWriteType = oneOf(t, "securityLabelWriteType", io.tcbatch.batch.JobValues.SECURITY_LABEL_WRITE_TYPES);
    }

    /** {@code fileMergeMode Merge} (V2 only). */
    public void fileMergeMode(Object m) {
        at("fileMergeMode");
        this.fileMergeMode = oneOf(m, "fileMergeMode", io.tcbatch.batch.JobValues.FILE_MERGE_MODES);
    }

    /** {@code hashCollisionMode Split} (V2 only). */
    public void hashCollisionMode(Object m) {
        at("hashCollisionMode");
        this.hashCollisionMode = oneOf(m, "hashCollisionMode", io.tcbatch.batch.JobValues.HASH_COLLISION_MODES);
    }

    /** tcbatch's own: items per job (the configured {@code chunk.size} when not given). */
    public void chunkSize(Object n) {
        at("chunkSize");
        this.chunkSize = Math.toIntExact(positive(n, "chunkSize", "items per job, e.g. chunkSize 5000"));
    }

    /** tcbatch's own: bytes per chunk file (the configured {@code chunk.maxBytes} when not given). */
    public void maxBytes(Object n) {
        at("maxBytes");
        this.maxBytes = positive(n, "maxBytes", "bytes per chunk file, e.g. maxBytes 50_000_000");
    }

    Integer chunkSize() {
        return chunkSize;
    }

    Long maxBytes() {
        return maxBytes;
    }

    /**
     * {@code upload file('a.json')}, {@code upload file('a.json'), csv('b.csv')}; may be given several
     * times: every input goes into the one run of this batch (checked together, duplicates across
     * them sent once).
     */
    public void upload(Input... inputs) {
        at("upload");
        for (Input i : inputs) {
            if (i == null) {
                throw new UsageException("upload got null: give an input, e.g. upload file('feed.json')");
            }
        }
        uploads.addAll(java.util.Arrays.asList(inputs));
    }

    /** tcbatch's own: at most this many jobs of this batch in flight at once (jobs.inFlight when not given). */
    public void parallel(Object n) {
        at("parallel");
        this.parallel = Math.toIntExact(positive(n, "parallel", "jobs in flight at once, e.g. parallel 4"));
    }

    /** tcbatch's own: {@code dryRun true} reads and checks everything and prints the plan; nothing is sent. */
    public void dryRun(Object dry) {
        at("dryRun");
        if (!(dry instanceof Boolean b)) {
            throw new UsageException("dryRun takes true or false, not '" + dry + "'");
        }
        this.dryRun = b;
    }

    Integer parallel() {
        return parallel;
    }

    boolean dryRun() {
        return dryRun;
    }

    /** Items written in the script: {@code indicators { host 'bad.example.com', rating: 3 }}. */
    public void indicators(@DelegatesTo(strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        inline.indicators(body);
    }

    /** Groups written in the script: {@code groups { incident 'Phish 42', xid: 'incident-42' }}. */
    public void groups(@DelegatesTo(strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        inline.groups(body);
    }

    /** {@code associate 'bad.example.com', 'incident-42'}: an indicator (or group xid) with a group xid. */
    public void associate(Object from, Object to) {
        inline.associate(from, to);
    }

    /** {@code defaults { rating 2; tag 'feed-x' }}: given to every item that lacks them. */
    public void defaults(@DelegatesTo(strategy = Closure.DELEGATE_FIRST) Closure<?> body) {
        hooks.defaults(body);
    }

    /** {@code each { item -> … }}: change every item, or return false/null to drop it. */
    public void each(Closure<?> body) {
        hooks.each(body);
    }

    /** {@code upload 'file.json'} without {@code file(…)} is refused with the form to write instead. */
    public void upload(String path) {
        throw new IllegalArgumentException("upload takes an input, e.g. upload file('" + path + "')");
    }

    /**
     * A bare word that Groovy resolved to a class instead of our constant: Groovy looks class names
     * up before static imports, so {@code attributeWriteType Singleton} arrives as the annotation
     * {@code groovy.lang.Singleton} (auto-imported). Its simple name is what the user wrote.
     */
    private static Object word(Object value) {
        return value instanceof Class<?> c ? c.getSimpleName() : value;
    }

    /**
     * The allowed value {@code value} names, ignoring case, spelled as the API spells it. A bare word
     * arrives as a constant of whichever enum owns it ({@code Append} is an {@link AttributeWriteType}),
     * or as a class; its name is what the user wrote.
     */
    private static String oneOf(Object value, String option, List<String> allowed) {
        Object w = word(value);
        String s = w instanceof Enum<?> e ? e.name() : String.valueOf(w);
        if (allowed.stream().noneMatch(a -> a.equalsIgnoreCase(s))) {
            throw notOneOf(option, allowed, s);
        }
        return io.tcbatch.batch.JobValues.pick(allowed, s, option);
    }

    /** The constant of {@code type} that {@code value} names, ignoring case; a bare word arrives as a constant or a class. */
    private static <E extends Enum<E>> E choice(Class<E> type, Object value, String option) {
        Object w = word(value);
        if (type.isInstance(w)) {
            return type.cast(w);
        }
        String s = w instanceof Enum<?> e ? e.name() : String.valueOf(w);
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(s)) {
                return e;
            }
        }
        throw notOneOf(option, java.util.Arrays.stream(type.getEnumConstants()).map(Enum::name).toList(), s);
    }

    /** "action must be one of Create, Delete (did you mean Create?)", or with "not 'x'" when nothing is close. */
    private static UsageException notOneOf(String option, List<String> allowed, String given) {
        // The same wording as the shell's options: one rule (batch.JobValues).
        return io.tcbatch.batch.JobValues.notOneOf(option, allowed, given);
    }

    private static long positive(Object n, String option, String what) {
        long v;
        if (n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte
                || n instanceof java.math.BigInteger b && b.bitLength() < 64) {
            v = ((Number) n).longValue();
        } else {
            throw new UsageException(option + " takes a whole number of " + what + ", not '" + n + "'");
        }
        if (v <= 0 || option.equals("chunkSize") && v > Integer.MAX_VALUE) {
            throw new UsageException(option + " must be a positive number of " + what + ", not " + v);
        }
        return v;
    }

    /** The job as the core takes it; {@code scriptName} names the items written in the script. */
    ImportSpec toSpec(String scriptName) {
        List<Input> inputs = new ArrayList<>(uploads);
        if (!inline.isEmpty()) {
            inputs.add(inline.input(scriptName));
        }
        return new ImportSpec(owner, action, attributeWriteType, haltOnError, inputs, version.name(),
                new ImportSpec.JobExtras(tagWriteType, securityLabelWriteType, fileMergeMode, hashCollisionMode),
                hooks.transform());
    }
}
