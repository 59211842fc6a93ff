package io.tcbatch.dsl;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import groovy.lang.Closure;

import io.tcbatch.input.Input;
import io.tcbatch.input.Inputs;

/**
 * The script's input verbs: {@code file}, {@code text}, {@code csv}, {@code stix}. Each returns an
 * {@link Input} for {@code upload}; nothing is read until the batch is committed.
 *
 * <p>FROZEN SURFACE: the method signatures are what TcbatchScript calls; the inputs' owner fills
 * in the bodies.
 */
final class InputVerbs {
    private final DslContext context;

    InputVerbs(DslContext context) {
        this.context = context;
    }

    /** {@code file(path)} and {@code file(path, format: 'csv')}. */
    Input file(Map<String, ?> options, Object path) {
        return Inputs.file(resolve(path));
    }

    /** {@code text('''…''')} and {@code text('…', format: 'csv')}. */
    Input text(Map<String, ?> options, Object content) {
        throw new UnsupportedOperationException("text() is not built yet");
    }

    /** {@code csv(path)} (mapping from the header) and {@code csv(path) { value 'dst_ip'; … }}. */
    Input csv(Object path, Closure<?> mapping) {
        throw new UnsupportedOperationException("csv() is not built yet");
    }

    /** {@code stix(path)}. */
    Input stix(Object path) {
        throw new UnsupportedOperationException("stix() is not built yet");
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
