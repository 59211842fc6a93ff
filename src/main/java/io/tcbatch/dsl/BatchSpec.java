package io.tcbatch.dsl;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.tcbatch.batch.Action;
import io.tcbatch.batch.AttributeWriteType;
import io.tcbatch.batch.Enums;
import io.tcbatch.batch.ImportSpec;

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

    ImportSpec toSpec() {
        return new ImportSpec(owner, action, attributeWriteType, haltOnError, files, version.name());
    }
}
