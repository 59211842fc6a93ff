package io.tcbatch.dsl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import groovy.lang.Closure;
import groovy.lang.MissingMethodException;

import io.tcbatch.batch.UsageException;
import io.tcbatch.input.CsvMapping;
import io.tcbatch.input.Format;
import io.tcbatch.input.Input;
import io.tcbatch.input.InputException;
import io.tcbatch.input.Inputs;
import io.tcbatch.input.ItemSource;

/**
 * The script's input verbs: {@code file}, {@code text}, {@code csv}, {@code stix}. Each returns an
 * {@link Input} for {@code upload}; nothing is read until the batch is committed.
 *
 * <p>Each input remembers the script line it was made on: a file that is missing when the batch
 * is committed is named with that line ({@code feed.json: no such file (given at
 * nightly.groovy:4)}), since the path alone may not say which {@code upload} it was.
 */
final class InputVerbs {
    private static final Set<String> FILE_OPTIONS = Set.of("format");

    private final DslContext context;
    private final String scriptName;

    InputVerbs(DslContext context) {
        this(context, "script");
    }

    InputVerbs(DslContext context, String scriptName) {
        this.context = context;
        this.scriptName = scriptName;
    }

    /** {@code file(path)} and {@code file(path, format: 'csv')}. */
    Input file(Map<String, ?> options, Object path) {
        Format format = format(options, "file");
        return placed(Inputs.file(resolve(required(path, "file", "file('indicators.json')")), format));
    }

    /** {@code text('''…''')} and {@code text('…', format: 'csv')}. */
    Input text(Map<String, ?> options, Object content) {
        Format format = format(options, "text");
        if (!(content instanceof CharSequence)) {
            throw new UsageException("text takes the items as a string, e.g. text('''192.0.2.7\nbad.example.com''')"
                    + (content == null ? "" : ", not " + content.getClass().getSimpleName()));
        }
        ScriptLines.Place at = ScriptLines.caller();
        // "s.groovy:3 (text)": a place of its own, so an item's line reads "s.groovy:3 (text) line 2", not "s.groovy:3:2:1".
        return Inputs.text(scriptName + ":" + at.line() + io.tcbatch.input.InputException.TEXT, content.toString(), format);
    }

    /** {@code csv(path)} (mapping from the header) and {@code csv(path) { value 'dst_ip'; … }}. */
    Input csv(Object path, Closure<?> mapping) {
        Path p = resolve(required(path, "csv", "csv('feed.csv')"));
        if (mapping == null) {
            return placed(Inputs.csv(p, CsvMapping.auto()));
        }
        CsvMapping m = new CsvMapping();
        Closure<?> c = (Closure<?>) mapping.clone();
        c.setResolveStrategy(Closure.DELEGATE_FIRST);
        c.setDelegate(m);
        try {
            c.call(m);
        } catch (MissingMethodException e) {
            throw csvWord(e.getMethod(), e.getArguments(), e);
        } catch (UnknownWord e) {
            // batch { }'s own miss (BatchSpec.methodMissing), when the block is inside a batch.
            if (!e.getMessage().startsWith("unknown option '")) {
                throw e;
            }
            throw csvWord(e.word, null, e);
        }
        return mapped(placed(Inputs.csv(p, m)));
    }

    /**
     * The words of a {@code csv { }} block: {@link CsvMapping}'s public instance methods (its
     * javadoc lists them), so a word added there is known here without a second list.
     */
    static final java.util.List<String> CSV_WORDS = java.util.Arrays.stream(CsvMapping.class.getDeclaredMethods())
            .filter(x -> java.lang.reflect.Modifier.isPublic(x.getModifiers())
                    && !java.lang.reflect.Modifier.isStatic(x.getModifiers()) && !x.isSynthetic()
                    && !x.getName().equals("toString"))
            .map(java.lang.reflect.Method::getName).distinct().sorted().toList();

    /*
     * Groovy looks a word of the block up on the mapping, then on the blocks around it, and
     * reports the outermost miss ("unknown option 'tgs' in batch { }", hinted from batch's
     * words). Every miss that leaves the block is a word of the block, so it is named as such,
     * hinted from the mapping's words; the exception keeps Groovy's stack, whose first script
     * frame is the line of the word (which may be below the csv(…) line).
     */
    private static RuntimeException csvWord(String word, Object[] args, RuntimeException e) {
        String message = CSV_WORDS.contains(word)
                ? "'" + word + "' in csv { } does not take " + (args == null ? "what it was given" : argTypes(args))
                + usage(word)
                : "unknown word '" + word + "' in csv { }" + Suggest.hint(word, CSV_WORDS);
        UnknownWord u = new UnknownWord(word, message);
        u.setStackTrace(e.getStackTrace());
        return u;
    }

    /** How a word that was given the wrong arguments is written. */
    private static String usage(String word) {
        return switch (word) {
            case "header" -> " (header false: the first row is data)";
            case "attribute" -> " (attribute 'TYPE', 'COLUMN' or attribute 'TYPE', value: 'TEXT')";
            case "delimiter", "zone" -> " (a string, e.g. " + (word.equals("zone") ? "zone 'UTC'" : "delimiter ';'") + ")";
            default -> "";
        };
    }

    private static String argTypes(Object[] args) {
        if (args == null || args.length == 0) {
            return "no arguments";
        }
        return "(" + String.join(", ", java.util.Arrays.stream(args)
                .map(a -> a == null ? "null" : a instanceof Closure<?> ? "a { } block" : a.getClass().getSimpleName())
                .toList()) + ")";
    }

    /**
     * A CSV input whose mapping was written in the script: a mapping error found when the file is
     * opened (a column the header does not have) names the file's header line, and also the
     * script line of the {@code csv { }} block, which is where it is fixed.
     */
    private static Input mapped(Input input) {
        return input instanceof Placed p ? new Placed(p.input(), p.where(), true) : input;
    }

    /** {@code stix(path)}. */
    Input stix(Object path) {
        return placed(Inputs.file(resolve(required(path, "stix", "stix('bundle.json')")), Format.STIX));
    }

    private static Object required(Object path, String verb, String example) {
        if (path == null || String.valueOf(path).isBlank()) {
            throw new UsageException(verb + " needs a path, e.g. " + example);
        }
        return path;
    }

    private static Format format(Map<String, ?> options, String verb) {
        if (options == null || options.isEmpty()) {
            return Format.AUTO;
        }
        for (String k : options.keySet()) {
            if (!FILE_OPTIONS.contains(k)) {
                throw new UsageException(verb + " has no option '" + k + "'" + (Suggest.closest(k, FILE_OPTIONS) != null
                        ? " (did you mean 'format'?)" : " (it takes: format)"));
            }
        }
        Object f = options.get("format");
        try {
            return Format.parse(f == null ? null : String.valueOf(f));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** {@code input}, whose file-level failures (missing, unreadable) also name the script line that gave it. */
    private Input placed(Input input) {
        ScriptLines.Place at = ScriptLines.caller();
        return at.line() <= 0 ? input : new Placed(input, scriptName + ":" + at.line(), false);
    }

    /** {@code mapping}: the input is a CSV with a mapping written at {@code where}; its open errors are the mapping's. */
    private record Placed(Input input, String where, boolean mapping) implements Input {
        @Override
        public String name() {
            return input.name();
        }

        @Override
        public Path path() {
            return input.path();
        }

        @Override
        public long size() throws IOException {
            return input.size();
        }

        @Override
        public ItemSource open(UnaryOperator<InputStream> wrap) throws IOException {
            try {
                return input.open(wrap);
            } catch (InputException e) {
                if (mapping && e.line() > 0) {
                    // Opening a CSV reads only its header: what fails there is the mapping against it.
                    throw new InputException(e.file(), e.line(), e.column(), e.detail() + " (csv mapping given at "
                            + where + ")", e);
                }
                throw placed(e);
            }
        }

        @Override
        public void check() {
            try {
                input.check();
            } catch (InputException e) {
                throw placed(e);
            }
        }

        private InputException placed(InputException e) {
            // A problem inside the file names its own line; one of the file as a whole gets the script's.
            return e.line() > 0 ? e : new InputException(e.file(), 0, 0, e.detail() + " (given at " + where + ")", e);
        }

        @Override
        public String toString() {
            return input.toString();
        }
    }

    /**
     * A relative path is taken from the working directory, or, when no such file is there, from
     * the script's own folder — so shipped examples run from anywhere.
     */
    Path resolve(Object path) {
        Path p = Path.of(String.valueOf(path));
        if (!p.isAbsolute() && !Files.exists(p) && context.scriptDir() != null) {
            Path beside = context.scriptDir().resolve(p);
            if (Files.exists(beside)) {
                p = beside;
            }
        }
        return p;
    }
}
