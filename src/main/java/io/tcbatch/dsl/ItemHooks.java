package io.tcbatch.dsl;

import groovy.lang.Closure;

import io.tcbatch.input.ItemTransform;

/**
 * {@code defaults { rating 2; tag 'feed-x' }} and {@code each { item -> … }} inside {@code batch { }}:
 * what every item of the batch goes through after it is read, defaults first.
 *
 * <p>FROZEN SURFACE: BatchSpec calls these methods; the inputs' owner fills in the bodies.
 */
final class ItemHooks {

    void defaults(Closure<?> body) {
        throw new UnsupportedOperationException("defaults { } is not built yet");
    }

    void each(Closure<?> body) {
        throw new UnsupportedOperationException("each { } is not built yet");
    }

    /** The transform of the preflight: {@link ItemTransform#NONE} when neither was given. */
    ItemTransform transform() {
        return ItemTransform.NONE;
    }
}
