package io.tcbatch.dsl;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import groovy.lang.Closure;

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
        c.call(m);
        return placed(Inputs.csv(p, m));
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
        return at.line() <= 0 ? input : new Placed(input, scriptName + ":" + at.line());
    }

    private record Placed(Input input, String where) implements Input {
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
