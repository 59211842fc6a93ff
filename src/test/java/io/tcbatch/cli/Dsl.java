package io.tcbatch.cli;

import java.util.regex.Pattern;

/** Checks of script error messages, which name {@code script.groovy:LINE:COLUMN}. */
final class Dsl {
    private Dsl() {
    }

    /** Whether {@code err} says {@code place:COLUMN: rest}, for any column. */
    static boolean says(String err, String place, String rest) {
        return Pattern.compile(Pattern.quote(place) + ":\\d+: " + Pattern.quote(rest)).matcher(err).find();
    }
}
