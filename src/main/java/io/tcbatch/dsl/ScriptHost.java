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
import groovy.lang.GroovyClassLoader;
import groovy.lang.GroovyCodeSource;
import groovy.lang.MissingMethodException;
import groovy.lang.MissingPropertyException;
import groovy.transform.ThreadInterrupt;

import org.codehaus.groovy.runtime.InvokerHelper;

import io.tcbatch.api.ApiException;
import io.tcbatch.batch.WatchTimeoutException;
import io.tcbatch.input.InputException;

/**
 * Compiles and runs one script. Errors that are the script's own (syntax, unknown verb, bad
 * value) become a {@link ScriptException} naming {@code script:line}; errors of the inputs, the
 * server or the watch keep their own types so they map to their own exit codes.
 */
public final class ScriptHost {

    private final ScriptCache cache;

    /** A host that compiles every script it runs. */
    public ScriptHost() {
        this(null);
    }

    /**
     * @param cacheDir where compiled scripts are kept between runs ({@code TCBATCH_HOME/cache/scripts},
     *                 see {@link ScriptCache}), or null to compile every time
     */
    public ScriptHost(Path cacheDir) {
        this.cache = cacheDir == null ? null : new ScriptCache(cacheDir);
    }

    /**
     * Runs {@code script} with {@code args}; the context prints and records what it needs.
     *
     * @return the exit code the script asked for with {@code exit n}, or null when it did not
     */
    public Integer run(Path script, List<String> args, DslContext context) {
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
        TcbatchScript compiled;
        try {
            compiled = (TcbatchScript) InvokerHelper.createScript(compile(source, className(name)), binding);
        } catch (MultipleCompilationErrorsException e) {
            throw compileError(script.toString(), source, e);
        } catch (CompilationFailedException e) {
            throw new ScriptException(script.toString(), 0, oneLine(e.getMessage()), e);
        }
        compiled.context(context, script.toString(), className(name));
        try {
            compiled.run();
            compiled.watchRemaining();
            return null;
        } catch (ScriptExit e) {
            return e.code;
        } catch (ApiException | WatchTimeoutException | io.tcbatch.batch.WatchInterruptedException e) {
            // The server's refusal, a timeout, Ctrl-C: their own messages and exit codes (3, 4, 130).
            throw e;
        } catch (InputException e) {
            // A bad input names its own file:line; after runs were sent, accounted for as below.
            throw afterSent(compiled, e);
        } catch (RuntimeException e) {
            if (interrupted(e)) {
                // Ctrl-C inside the preflight or an upload: exit 130 and the note on what was sent.
                throw e;
            }
            int line = e instanceof AtLine at ? at.line : lineOf(e, className(name));
            String word = e instanceof UnknownWord u ? u.word
                    : e instanceof MissingMethodException m ? m.getMethod()
                    : e instanceof MissingPropertyException p ? p.getProperty() : null;
            throw afterSent(compiled, new ScriptException(script.toString(), line, columnOf(source, line, word), describe(e), e));
        }
    }

    /**
     * The script's class: from the cache when it holds this script, else compiled as
     * {@code GroovyShell.parse} does (a {@code GroovyClassLoader} on this class's loader, the same
     * code source name), keeping the class files for the cache. A script that does not compile
     * throws here every time, with the compiler's own exception, cache or not.
     */
    Class<?> compile(String source, String fileName) {
        String key = null;
        if (cache != null) {
            key = ScriptCache.key(source, fileName);
            ScriptCache.Entry hit = cache.load(key);
            if (hit != null) {
                try {
                    return Class.forName(hit.mainClass(), false,
                            new ScriptCache.Loader(ScriptHost.class.getClassLoader(), hit.classes()));
                } catch (ClassNotFoundException | LinkageError e) {
                    // An entry that does not define its class is damaged: compiled again and replaced below.
                }
            }
        }
        RecordingLoader loader = new RecordingLoader(ScriptHost.class.getClassLoader(), compilerConfiguration());
        Class<?> main = loader.parseClass(new GroovyCodeSource(source, fileName, "/groovy/shell"), false);
        if (cache != null) {
            cache.store(key, new ScriptCache.Entry(main.getName(), loader.classes));
        }
        return main;
    }

    /** Groovy's class loader, keeping the bytes of every class it defines (the script and its closures). */
    private static final class RecordingLoader extends GroovyClassLoader {
        final java.util.Map<String, byte[]> classes = new java.util.LinkedHashMap<>();

        RecordingLoader(ClassLoader parent, CompilerConfiguration cc) {
            super(parent, cc);
        }

        @Override
        protected ClassCollector createCollector(org.codehaus.groovy.control.CompilationUnit unit,
                                                 org.codehaus.groovy.control.SourceUnit su) {
            return new ClassCollector(new InnerLoader(this), unit, su) {
                @Override
                protected Class createClass(byte[] code, org.codehaus.groovy.ast.ClassNode classNode) {
                    Class c = super.createClass(code, classNode);
                    classes.put(classNode.getName(), code);
                    return c;
                }
            };
        }
    }

    /**
     * The script failed: when it had sent nothing, {@code error} as it is (exit 2, "nothing was
     * submitted"). When it had sent runs, those not watched yet are watched to their end first, as
     * at a normal end (their summary printed; Ctrl-C still stops that), and the error then names
     * the runs, with exit code 1: the script stopped before its end, its jobs are accounted for.
     */
    private static RuntimeException afterSent(TcbatchScript compiled, RuntimeException error) {
        List<String> runs = compiled.sentRuns();
        if (runs.isEmpty()) {
            return error;
        }
        try {
            compiled.watchRemaining();
        } catch (RuntimeException watch) {
            // The watch itself timed out or failed: its own exit code, the script's error said first.
            watch.addSuppressed(error);
            compiled.logLine("tcbatch: " + error.getMessage());
            throw watch;
        }
        return new ScriptException(error, runs);
    }

    /** Whether {@code e} comes from an interrupt (Ctrl-C), in whatever wrapping. */
    private static boolean interrupted(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof InterruptedException || t instanceof java.nio.channels.ClosedByInterruptException
                    || (t instanceof java.io.InterruptedIOException && !(t instanceof java.net.SocketTimeoutException))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The column of a runtime error on {@code line}: where {@code word} (the unknown name) is written
     * on it, else where the first statement starting on that line starts (from the script's syntax
     * tree), else its first non-blank character; 0 when the line is not known.
     */
    static int columnOf(String source, int line, String word) {
        List<String> lines = source.lines().toList();
        if (line <= 0 || line > lines.size()) {
            return 0;
        }
        String text = lines.get(line - 1);
        if (word != null && !word.isEmpty()) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?<![A-Za-z0-9_$])"
                    + java.util.regex.Pattern.quote(word) + "(?![A-Za-z0-9_$])").matcher(text);
            if (m.find()) {
                return m.start() + 1;
            }
        }
        int ast = statementColumn(source, line);
        if (ast > 0) {
            return ast;
        }
        for (int i = 0; i < text.length(); i++) {
            if (!Character.isWhitespace(text.charAt(i))) {
                return i + 1;
            }
        }
        return 0;
    }

    /** The column of the first statement that starts on {@code line}, or 0 (the source is parsed again, only on error). */
    private static int statementColumn(String source, int line) {
        try {
            org.codehaus.groovy.control.CompilationUnit cu = new org.codehaus.groovy.control.CompilationUnit();
            org.codehaus.groovy.control.SourceUnit unit = cu.addSource("script.groovy", source);
            cu.compile(org.codehaus.groovy.control.Phases.CONVERSION);
            org.codehaus.groovy.ast.ModuleNode module = cu.getAST().getModules().get(0);
            int[] best = {0};
            // ClassCodeVisitorSupport sends every statement kind through visitStatement, so one hook sees them all.
            org.codehaus.groovy.ast.ClassCodeVisitorSupport v = new org.codehaus.groovy.ast.ClassCodeVisitorSupport() {
                @Override
                protected void visitStatement(org.codehaus.groovy.ast.stmt.Statement st) {
                    // A block starts at its brace, not where the user wrote a statement.
                    if (!(st instanceof org.codehaus.groovy.ast.stmt.BlockStatement)
                            && st.getLineNumber() == line && st.getColumnNumber() > 0
                            && (best[0] == 0 || st.getColumnNumber() < best[0])) {
                        best[0] = st.getColumnNumber();
                    }
                }

                @Override
                protected org.codehaus.groovy.control.SourceUnit getSourceUnit() {
                    return unit;
                }
            };
            module.getStatementBlock().visit(v);
            for (org.codehaus.groovy.ast.MethodNode m : module.getMethods()) {
                if (m.getCode() != null) {
                    m.getCode().visit(v);
                }
            }
            return best[0];
        } catch (RuntimeException e) {
            return 0;
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

    /**
     * Words a class may not be named: Java's and Groovy's keywords, the primitives, the literals
     * and the contextual words ({@code var}, {@code record}, {@code yield}…). {@code long.groovy}
     * failed with an empty reason and {@code int.groovy} with a VerifyError before these were kept out.
     */
    private static final java.util.Set<String> RESERVED = java.util.Set.of(
            "abstract", "assert", "boolean", "break", "byte", "case", "catch", "char", "class", "const", "continue",
            "default", "do", "double", "else", "enum", "extends", "final", "finally", "float", "for", "goto", "if",
            "implements", "import", "instanceof", "int", "interface", "long", "native", "new", "package", "private",
            "protected", "public", "return", "short", "static", "strictfp", "super", "switch", "synchronized", "this",
            "throw", "throws", "transient", "try", "void", "volatile", "while", "true", "false", "null", "var",
            "record", "yield", "sealed", "permits", "non", "exports", "module", "open", "opens", "provides",
            "requires", "to", "transitive", "uses", "with", "as", "def", "in", "trait", "it", "threadsafe");

    /** Packages every script sees by default (Groovy's default imports and this DSL's own). */
    private static final List<String> VISIBLE_PACKAGES = List.of("java.lang.", "java.util.", "java.io.", "java.net.",
            "java.math.", "groovy.lang.", "groovy.util.", "io.tcbatch.dsl.", "io.tcbatch.batch.");

    /**
     * Groovy turns the file name into the script's class name: keep it a legal identifier that is
     * no keyword and names no class the script sees ({@code String.groovy}, {@code Script.groovy},
     * {@code TcbatchScript.groovy} would shadow or extend themselves); those get a leading {@code _}.
     */
    static String className(String fileName) {
        String base = fileName.endsWith(".groovy") ? fileName.substring(0, fileName.length() - 7) : fileName;
        String id = base.replaceAll("[^A-Za-z0-9_$]", "_");
        boolean clash = id.isEmpty() || !Character.isJavaIdentifierStart(id.charAt(0))
                || RESERVED.contains(id.toLowerCase(java.util.Locale.ROOT)) || visibleClass(id);
        return (clash ? "_" + id : id) + ".groovy";
    }

    private static boolean visibleClass(String id) {
        for (String pkg : VISIBLE_PACKAGES) {
            try {
                Class.forName(pkg + id, false, ScriptHost.class.getClassLoader());
                return true;
            } catch (ClassNotFoundException | LinkageError e) {
                // Not there: look in the next package.
            }
        }
        return false;
    }

    /** A syntax error: where it is in the script (1-based) and what is said of it. */
    record SyntaxError(int line, int column, String what) {
    }

    private static ScriptException compileError(String name, String source, MultipleCompilationErrorsException e) {
        for (Message m : e.getErrorCollector().getErrors()) {
            if (m instanceof SyntaxErrorMessage s) {
                var c = s.getCause();
                SyntaxError at = new SyntaxError(c.getLine(), c.getStartColumn(), oneLine(c.getOriginalMessage()));
                SyntaxError inner = withinBlock(source, at.line(), at.column(), 0);
                if (inner != null) {
                    at = inner;
                }
                SyntaxError words = inWords(source, at);
                return new ScriptException(name, words.line(), words.column(), words.what(), e);
            }
        }
        return new ScriptException(name, 0, oneLine(e.getMessage()), e);
    }

    private static final String OPENING = "([{";
    private static final String CLOSING = ")]}";

    /**
     * The parser's common complaints in words: an unclosed bracket or string is named where it was
     * opened ({@code a '(' opened here is never closed}), any other unexpected token as
     * {@code unexpected 'x'}. Other messages keep Groovy's text and place.
     */
    static SyntaxError inWords(String source, SyntaxError error) {
        int line = error.line();
        int column = error.column();
        String what = error.what();
        int offset = offsetOf(source, line, column);
        if (offset < 0 || offset > source.length()) {
            return error;
        }
        java.util.regex.Matcher ch = java.util.regex.Pattern.compile("Unexpected character: '(.*)'").matcher(what);
        if (ch.matches() && offset < source.length() && (source.charAt(offset) == '\'' || source.charAt(offset) == '"')) {
            char q = source.charAt(offset);
            return new SyntaxError(line, column, "a string opened here with " + q + " is never closed (a " + q
                    + " is missing at its end)");
        }
        if (what.startsWith("Unexpected input: ") || ch.matches()) {
            int open = unclosedBefore(source, Math.min(source.length(), offset + 1));
            if (open >= 0) {
                char b = source.charAt(open);
                int[] at = lineColumn(source, open);
                return new SyntaxError(at[0], at[1], "a '" + b + "' opened here is never closed (a '"
                        + CLOSING.charAt(OPENING.indexOf(b)) + "' is missing)");
            }
            java.util.regex.Matcher t = java.util.regex.Pattern.compile("[A-Za-z_$][A-Za-z0-9_$]*|[0-9][0-9.]*|[^\\s()\\[\\]{}'\"A-Za-z0-9_$]+|[)\\]}]")
                    .matcher(source);
            String token = offset < source.length() && t.find(offset) && t.start() == offset ? t.group() : "";
            if (!token.isEmpty()) {
                // An opening bracket that is closed later stays in Groovy's words (the mistake is inside it).
                return new SyntaxError(line, column, "unexpected '" + token + "'");
            }
        }
        return error;
    }

    /**
     * The offset of the last bracket opened before {@code end} that nothing in the whole source
     * closes (a closing bracket of another kind leaves it unclosed), or -1. Strings ('…', "…") and
     * // comments are skipped, naively (no slashy strings): a wrong guess only means the parser's
     * own position is kept. Blocks ({ … }) are named by withinBlock already, so only ( and [ count.
     */
    private static int unclosedBefore(String source, int end) {
        java.util.ArrayDeque<Integer> open = new java.util.ArrayDeque<>();
        List<Integer> unclosed = new java.util.ArrayList<>();
        char quote = 0;
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (quote != 0) {
                if (c == '\\') {
                    i++;
                } else if (c == quote || c == '\n' && quote == '\'' && !source.startsWith("\'\'\'", i)) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '/' && i + 1 < source.length() && source.charAt(i + 1) == '/') {
                int nl = source.indexOf('\n', i);
                i = nl < 0 ? source.length() : nl;
            } else if (OPENING.indexOf(c) >= 0) {
                open.push(i);
            } else if (CLOSING.indexOf(c) >= 0) {
                char opener = OPENING.charAt(CLOSING.indexOf(c));
                while (!open.isEmpty() && source.charAt(open.peek()) != opener) {
                    unclosed.add(open.pop());
                }
                if (!open.isEmpty()) {
                    open.pop();
                }
            }
        }
        unclosed.addAll(open);
        int best = -1;
        for (int i : unclosed) {
            if (i < end && source.charAt(i) != '{' && i > best) {
                best = i;
            }
        }
        return best;
    }

    private static int[] lineColumn(String source, int offset) {
        int line = 1;
        int start = 0;
        for (int i = 0; i < offset; i++) {
            if (source.charAt(i) == '\n') {
                line++;
                start = i + 1;
            }
        }
        return new int[] {line, offset - start + 1};
    }

    /** The first syntax error of {@code source}, as the parser places and words it; null when it parses. */
    private static SyntaxError syntaxError(String source) {
        org.codehaus.groovy.control.CompilationUnit cu = new org.codehaus.groovy.control.CompilationUnit();
        cu.addSource("block.groovy", source);
        try {
            cu.compile(org.codehaus.groovy.control.Phases.CONVERSION);
            return null;
        } catch (MultipleCompilationErrorsException e) {
            for (Message m : e.getErrorCollector().getErrors()) {
                if (m instanceof SyntaxErrorMessage s) {
                    var c = s.getCause();
                    return new SyntaxError(c.getLine(), c.getStartColumn(), oneLine(c.getOriginalMessage()));
                }
            }
            return null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Groovy's parser reports a mistake inside a block ({@code batch { … }}, a closure) at the
     * block's opening brace, which names the wrong line. When it does, the block's text alone is
     * parsed again: its own first error, mapped back to the script, is where the mistake is (the
     * brace is kept when the block alone parses). Braces are matched naively (inside strings too);
     * a wrong match only means the parser's own position is kept.
     */
    private static SyntaxError withinBlock(String source, int line, int column, int depth) {
        int offset = offsetOf(source, line, column);
        if (depth > 8 || offset < 0 || offset >= source.length() || source.charAt(offset) != '{') {
            return null;
        }
        int level = 0;
        int end = source.length();
        for (int i = offset; i < source.length(); i++) {
            char ch = source.charAt(i);
            if (ch == '{') {
                level++;
            } else if (ch == '}' && --level == 0) {
                end = i;
                break;
            }
        }
        String body = source.substring(offset + 1, end);
        SyntaxError err = syntaxError(body);
        if (err == null) {
            // The block's text is fine alone: when nothing closes it, that is the mistake.
            return level > 0 ? new SyntaxError(line, column, "the block opened here with '{' is never closed (a '}' is missing)")
                    : null;
        }
        SyntaxError deeper = withinBlock(body, err.line(), err.column(), depth + 1);
        if (deeper != null) {
            err = deeper;
        }
        // The body starts right after the brace: its first line continues the brace's line.
        return err.line() == 1 ? new SyntaxError(line, column + err.column(), err.what())
                : new SyntaxError(line + err.line() - 1, err.column(), err.what());
    }

    /** The index in {@code source} of a 1-based line and column, or -1. */
    private static int offsetOf(String source, int line, int column) {
        int at = 0;
        for (int l = 1; l < line; l++) {
            at = source.indexOf('\n', at);
            if (at < 0) {
                return -1;
            }
            at++;
        }
        return at + column - 1;
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
        if (e instanceof UnknownWord || e instanceof AtLine) {
            return e.getMessage();
        }
        if (e instanceof MissingMethodException m) {
            String verb = m.getMethod();
            Class<?> type = m.getType();
            boolean known = type != null && java.util.Arrays.stream(type.getMethods()).anyMatch(x -> x.getName().equals(verb));
            if (known) {
                // The word is right, what it was given is not.
                return "'" + verb + "' does not take " + argTypes(m.getArguments());
            }
            if (type != null && TcbatchScript.class.isAssignableFrom(type)) {
                return "unknown verb '" + verb + "'" + Suggest.hint(verb, Suggest.TOP);
            }
            if (type == BatchSpec.class) {
                return "unknown option '" + verb + "' in batch { }" + Suggest.hint(verb, Suggest.BATCH);
            }
            return "'" + verb + "' is not a method of " + (type == null ? "this value" : type.getSimpleName())
                    + Suggest.hint(verb, Suggest.WORDS);
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

    private static String argTypes(Object[] args) {
        if (args == null || args.length == 0) {
            return "no arguments";
        }
        return "(" + String.join(", ", java.util.Arrays.stream(args)
                .map(a -> a == null ? "null" : a instanceof groovy.lang.Closure<?> ? "a { } block" : a.getClass().getSimpleName())
                .toList()) + ")";
    }

    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        String line = s.strip().lines().findFirst().orElse("");
        return line.replaceFirst("^startup failed:\\s*", "");
    }
}
