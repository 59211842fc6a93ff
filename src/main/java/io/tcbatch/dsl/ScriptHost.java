package io.tcbatch.dsl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import org.codehaus.groovy.control.CompilationFailedException;
import org.codehaus.groovy.control.CompilerConfiguration;
import org.codehaus.groovy.control.MultipleCompilationErrorsException;
import org.codehaus.groovy.control.customizers.ASTTransformationCustomizer;
import org.codehaus.groovy.control.customizers.ImportCustomizer;
import org.codehaus.groovy.control.messages.Message;
import org.codehaus.groovy.control.messages.SyntaxErrorMessage;

import groovy.lang.Binding;
import groovy.lang.GroovyShell;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import groovy.transform.ThreadInterrupt;

import io.tcbatch.api.ApiException;
import io.tcbatch.batch.WatchTimeoutException;
import io.tcbatch.input.InputException;

/**
 * Compiles and runs one script. Errors that are the script's own (syntax, unknown verb, bad
 * value) become a {@link ScriptException} naming {@code script:line}; errors of the inputs, the
 * server or the watch keep their own types so they map to their own exit codes.
 */
public final class ScriptHost {

    /** Runs {@code script} with {@code args}; the context prints and records what it needs. */
    public void run(Path script, List<String> args, DslContext context) {
        String name = script.getFileName().toString();
        String source;
        try {
            source = Files.readString(script, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new ScriptException(script.toString(), 0, "no such script", null);
        } catch (IOException e) {
            throw new ScriptException(script.toString(), 0, "cannot read the script: " + e.getMessage(), null);
        }
        Binding binding = new Binding();
        binding.setVariable("args", args.toArray(new String[0]));
        GroovyShell shell = new GroovyShell(ScriptHost.class.getClassLoader(), binding, compilerConfiguration());
        TcbatchScript compiled;
        try {
            compiled = (TcbatchScript) shell.parse(source, className(name));
        } catch (MultipleCompilationErrorsException e) {
            throw compileError(script.toString(), e);
        } catch (CompilationFailedException e) {
            throw new ScriptException(script.toString(), 0, oneLine(e.getMessage()), e);
        }
        compiled.context(context, script.toString());
        try {
            compiled.run();
            compiled.watchRemaining();
        } catch (InputException | ApiException | WatchTimeoutException | io.tcbatch.batch.WatchInterruptedException e) {
            // These name their own place (file:line, the server's message) and have their own exit codes.
            throw e;
        } catch (RuntimeException e) {
            List<Long> sent = compiled.submittedIds();
            String also = sent.isEmpty() ? "" : " (jobs already submitted before the error: " + sent
                    + "; they keep running — see them with: bin/tcbatch jobs)";
            throw new ScriptException(script.toString(), lineOf(e, className(name)), describe(e) + also, e);
        }
    }

    static CompilerConfiguration compilerConfiguration() {
        CompilerConfiguration cc = new CompilerConfiguration();
        cc.setScriptBaseClass(TcbatchScript.class.getName());
        ImportCustomizer imports = new ImportCustomizer();
        // The enums' constants become the DSL's bare words: action Create, attributeWriteType Replace, version V1,
        // fileMergeMode Merge, hashCollisionMode Split (tagWriteType Append takes AttributeWriteType's Append).
        imports.addStaticStars("io.tcbatch.batch.Action", "io.tcbatch.batch.AttributeWriteType",
                BatchVersion.class.getName(), FileMergeMode.class.getName(), HashCollisionMode.class.getName());
        imports.addImports("io.tcbatch.batch.Action", "io.tcbatch.batch.AttributeWriteType", "io.tcbatch.batch.RunSummary");
        cc.addCompilationCustomizers(imports, new ASTTransformationCustomizer(ThreadInterrupt.class));
        return cc;
    }

    /** Groovy turns the file name into a class name; keep it a valid identifier. */
    static String className(String fileName) {
        String base = fileName.endsWith(".groovy") ? fileName.substring(0, fileName.length() - 7) : fileName;
        String id = base.replaceAll("[^A-Za-z0-9_$]", "_");
        return Character.isJavaIdentifierStart(id.isEmpty() ? '_' : id.charAt(0)) ? id + ".groovy" : "_" + id + ".groovy";
    }

    private static ScriptException compileError(String name, MultipleCompilationErrorsException e) {
        for (Message m : e.getErrorCollector().getErrors()) {
            if (m instanceof SyntaxErrorMessage s) {
                var c = s.getCause();
                return new ScriptException(name, c.getLine(), oneLine(c.getOriginalMessage()) + " (column " + c.getStartColumn() + ")", e);
            }
        }
        return new ScriptException(name, 0, oneLine(e.getMessage()), e);
    }

    private static int lineOf(Throwable e, String fileName) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (StackTraceElement el : t.getStackTrace()) {
                if (fileName.equals(el.getFileName()) && el.getLineNumber() > 0) {
                    return el.getLineNumber();
                }
            }
        }
        return 0;
    }

    private static String describe(RuntimeException e) {
        if (e instanceof MissingMethodException m) {
            String verb = m.getMethod();
            return "unknown verb or option '" + verb + "'" + Suggest.hint(verb);
        }
        if (e instanceof MissingPropertyException p) {
            return "unknown name '" + p.getProperty() + "'" + Suggest.hint(p.getProperty());
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && root instanceof java.io.UncheckedIOException) {
            root = root.getCause();
        }
        String msg = root.getMessage();
        return msg == null ? root.getClass().getSimpleName() : oneLine(msg);
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.strip().lines().findFirst().orElse("");
        return line.replaceFirst("^startup failed:\\s*", "");
    }
}
