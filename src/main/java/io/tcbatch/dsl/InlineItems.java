package io.tcbatch.dsl;

import java.util.ArrayList;
import java.util.List;

import groovy.lang.Closure;

import io.tcbatch.input.Input;
import io.tcbatch.input.InputItem;
import io.tcbatch.input.Inputs;

/**
 * Items written in the script: {@code indicators { host 'bad.example.com', rating: 3 }},
 * {@code groups { incident 'Phish 42', xid: 'incident-42' }} and {@code associate a, b} inside
 * {@code batch { }}. Each item keeps the script line it was written on, so a rejected one names it.
 *
 * <p>FROZEN SURFACE: BatchSpec calls these methods; the inputs' owner fills in the bodies.
 */
final class InlineItems {
    private final List<InputItem> items = new ArrayList<>();

    void indicators(Closure<?> body) {
        throw new UnsupportedOperationException("indicators { } is not built yet");
    }

    void groups(Closure<?> body) {
        throw new UnsupportedOperationException("groups { } is not built yet");
    }

    void associate(Object from, Object to) {
        throw new UnsupportedOperationException("associate is not built yet");
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    /** The items as one input named {@code name} (the script). */
    Input input(String name) {
        return Inputs.items(name, items);
    }
}
