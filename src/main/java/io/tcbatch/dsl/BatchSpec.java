package io.tcbatch.dsl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.tcbatch.batch.Action;
import io.tcbatch.batch.AttributeWriteType;
import io.tcbatch.batch.Enums;
import io.tcbatch.batch.ImportSpec;
import io.tcbatch.batch.UsageException;

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
    private final List<Path> files = new ArrayList<>();
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

    public void upload(InputRef input) {
        files.add(input.path());
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

    ImportSpec toSpec() {
        return new ImportSpec(owner, action, attributeWriteType, haltOnError, files, version.name(),
                new ImportSpec.JobExtras(tagWriteType, securityLabelWriteType, fileMergeMode, hashCollisionMode));
    }
}
