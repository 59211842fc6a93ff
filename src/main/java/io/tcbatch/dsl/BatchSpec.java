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


    BatchSpec(String defaultOwner) {
        this.owner = defaultOwner;
    }

    public void owner(String name) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("owner needs a name, e.g. owner 'Example Org'");
        }
        this.owner = name;
    }

    public void action(Object a) {
        this.action = Enums.parse(Action.class, word(a), "action");
    }

    public void attributeWriteType(Object t) {
        this.attributeWriteType = Enums.parse(AttributeWriteType.class, word(t), "attributeWriteType");
    }

    /** {@code version V1} or {@code version 'V1'}; V2 when not given, as in every other front end. */
    public void version(Object v) {
        this.version = Enums.parse(BatchVersion.class, word(v), "version");
    }

    public void haltOnError(boolean halt) {
        this.haltOnError = halt;
    }

    /** {@code tagWriteType Append} (V2 only; not sent when not given, the server's default applies). */
    public void tagWriteType(Object t) {
        this.tagWriteType = oneOf(t, "tagWriteType", io.tcbatch.batch.JobValues.TAG_WRITE_TYPES);
    }

    /** {@code securityLabelWriteType Replace} (V2 only). */
    public void securityLabelWriteType(Object t) {
        this.securityLabelWriteType = oneOf(t, "securityLabelWriteType", io.tcbatch.batch.JobValues.SECURITY_LABEL_WRITE_TYPES);
    }

    /** {@code fileMergeMode Merge} (V2 only). */
    public void fileMergeMode(Object m) {
        this.fileMergeMode = oneOf(m, "fileMergeMode", io.tcbatch.batch.JobValues.FILE_MERGE_MODES);
    }

    /** {@code hashCollisionMode Split} (V2 only). */
    public void hashCollisionMode(Object m) {
        this.hashCollisionMode = oneOf(m, "hashCollisionMode", io.tcbatch.batch.JobValues.HASH_COLLISION_MODES);
    }

    /** tcbatch's own: items per job (the configured {@code chunk.size} when not given). */
    public void chunkSize(Object n) {
        this.chunkSize = Math.toIntExact(positive(n, "chunkSize", "items per job, e.g. chunkSize 5000"));
    }

    /** tcbatch's own: bytes per chunk file (the configured {@code chunk.maxBytes} when not given). */
    public void maxBytes(Object n) {
        this.maxBytes = positive(n, "maxBytes", "bytes per chunk file, e.g. maxBytes 50_000_000");
    }

    Integer chunkSize() {
        return chunkSize;
    }

    Long maxBytes() {
        return maxBytes;
    }

    /** {@code upload file('a.json')}, {@code upload file('a.json'), csv('b.csv')}; may be given several times. */
    public void upload(Input... inputs) {
        uploads.addAll(java.util.Arrays.asList(inputs));
    }

    /** tcbatch's own: at most this many jobs of this batch in flight at once (jobs.inFlight when not given). */
    public void parallel(Object n) {
        this.parallel = Math.toIntExact(positive(n, "parallel", "jobs in flight at once, e.g. parallel 4"));
    }

    /** tcbatch's own: {@code dryRun true} reads and checks everything and prints the plan; nothing is sent. */
    public void dryRun(boolean dry) {
        this.dryRun = dry;
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

    /** {@code upload 'file.json'} without {@code file(…)} also works. */
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
        return io.tcbatch.batch.JobValues.pick(allowed, s, option);
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
