package io.tcbatch.dsl;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tcbatch.batch.UsageException;

/**
 * Durations as a script writes them: {@code '30m'}, {@code '5s'}, {@code '1h30m'}, {@code '500ms'},
 * {@code '2 min'}, or ISO-8601 ({@code 'PT5M'}). A bare number is refused: "5" could be seconds or
 * minutes, and a watch that waits sixty times too long is a bad way to find out.
 */
final class DurationWords {
    private static final Pattern PART = Pattern.compile("(\\d+)\\s*(ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?)");

    private DurationWords() {
    }

    static Duration parse(Object value, String what) {
        if (value instanceof Duration d) {
            return d;
        }
        String s = value == null ? "" : String.valueOf(value).strip().toLowerCase(Locale.ROOT);
        if (s.startsWith("pt") || s.startsWith("p")) {
            try {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            } catch (java.time.format.DateTimeParseException e) {
                throw bad(value, what);
            }
        }
        Matcher m = PART.matcher(s);
        Duration total = Duration.ZERO;
        int at = 0;
        boolean any = false;
        while (at < s.length()) {
            while (at < s.length() && s.charAt(at) == ' ') {
                at++;
            }
            if (at == s.length()) {
                break;
            }
            if (!m.find(at) || m.start() != at) {
                throw bad(value, what);
            }
            long n = Long.parseLong(m.group(1));
            String unit = m.group(2);
            total = total.plus(switch (unit.charAt(0)) {
                case 'h' -> Duration.ofHours(n);
                case 'd' -> Duration.ofDays(n);
                case 's' -> Duration.ofSeconds(n);
                default -> unit.equals("ms") ? Duration.ofMillis(n) : Duration.ofMinutes(n);
            });
            at = m.end();
            any = true;
        }
        if (!any) {
            throw bad(value, what);
        }
        if (total.isZero()) {
            throw new UsageException(what + " must be longer than 0, not '" + value + "'");
        }
        return total;
    }

    private static UsageException bad(Object value, String what) {
        return new UsageException(what + " takes a duration with its unit, such as '30m', '90s', '1h30m' or '500ms', not '"
                + value + "'");
    }
}
