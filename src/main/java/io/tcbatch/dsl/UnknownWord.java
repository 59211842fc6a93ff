package io.tcbatch.dsl;

/**
 * A word that is not valid where it was written, with the words that are ("did you mean …"
 * comes from those, not from every word of the DSL).
 */
final class UnknownWord extends RuntimeException {
    final String word;

    UnknownWord(String word, String message) {
        // With its stack trace: the script line is found from it.
        super(message);
        this.word = word;
    }
}
