package io.tcbatch.sandbox;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One fault the sandbox can be told to show, in the one-line text form used by the sandbox
 * configuration ({@code fault.<n>=<spec>}), the admin endpoint and the shell command, e.g.
 * {@code rate-limit count=3 retry-after=5}. {@link #toString()} gives the canonical text form
 * back: the kind, then its keys in a fixed order with the defaults filled in (only {@code on=any}
 * and unset flags are left out), so that the same fault always reads the same.
 *
 * @param kind       what the fault does
 * @param count      how many requests (request faults), jobs ({@code hold-running},
 *                   {@code errors-lag}) or status answers ({@code flat-status}) it affects;
 *                   {@link #UNLIMITED} for {@code flat-status count=all} and {@code clock-offset}
 * @param retryAfter {@code rate-limit}: the Retry-After in seconds
 * @param httpDate   {@code rate-limit}: Retry-After as an HTTP date instead of seconds
 * @param status     {@code error}: 500, 502 or 503
 * @param html       {@code error}: an HTML page as a proxy sends, instead of the JSON envelope
 * @param duration   {@code slow}: the delay; {@code hold-running}, {@code errors-lag}: how long;
 *                   {@code clock-offset}: the signed shift
 * @param on         request faults: which requests they hit
 * @param after      {@code drop}: the request is processed first and only its answer is lost
 *                   (a create that made a job, an upload that was queued), the case a client
 *                   must settle without sending twice; without it nothing is processed
 */
record FaultSpec(Kind kind, int count, long retryAfter, boolean httpDate, int status, boolean html,
                 Duration duration, Target on, boolean after) {

    static final int UNLIMITED = -1;

    /** The kinds, by their text names. */
    enum Kind {
        RATE_LIMIT("rate-limit", true, Set.of("count", "retry-after", "date", "on")),
        ERROR("error", true, Set.of("count", "status", "html", "on")),
        SLOW("slow", true, Set.of("count", "delay", "on")),
        DROP("drop", true, Set.of("count", "on", "after")),
        HOLD_RUNNING("hold-running", false, Set.of("for", "count")),
        ERRORS_LAG("errors-lag", false, Set.of("for", "count")),
        FLAT_STATUS("flat-status", false, Set.of("count")),
        CLOCK_OFFSET("clock-offset", false, Set.of("by"));

        final String text;
        /** Applied to a request before it is routed (the others change what a route answers). */
        final boolean request;
        final Set<String> keys;

        Kind(String text, boolean request, Set<String> keys) {
            this.text = text;
            this.request = request;
            this.keys = keys;
        }

        static Kind of(String text) {
            for (Kind k : values()) {
                if (k.text.equals(text)) {
                    return k;
                }
            }
            return null;
        }

        /** The keys in the order of the contract, for messages. */
        List<String> orderedKeys() {
            List<String> out = new ArrayList<>();
            for (String k : List.of("count", "retry-after", "date", "status", "html", "delay", "for", "by", "on", "after")) {
                if (keys.contains(k)) {
                    out.add(k);
                }
            }
            return out;
        }
    }

    /** Which requests a request fault hits ({@code on=…}). */
    enum Target {
        CREATE, UPLOAD, STATUS, ERRORS, RESULTS, READ, ANY;

        String text() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A spec that cannot be parsed; the message is one line naming the problem and what is allowed. */
    static final class Invalid extends IllegalArgumentException {
        Invalid(String message) {
            super(message);
        }
    }

    static final String KINDS = "rate-limit, error, slow, drop, hold-running, errors-lag, flat-status, clock-offset";
    private static final Set<Integer> STATUSES = Set.of(500, 502, 503);
    private static final Pattern DURATION = Pattern.compile("([+-]?)(\\d{1,9})(ms|s|m)?");

    /** Parses the text form, e.g. {@code error count=2 status=502 html}. */
    static FaultSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new Invalid("empty fault spec; kinds: " + KINDS);
        }
        String[] tokens = text.trim().split("\\s+");
        Kind kind = Kind.of(tokens[0].toLowerCase(Locale.ROOT));
        if (kind == null) {
            throw new Invalid("unknown fault kind '" + shorten(tokens[0]) + "'; kinds: " + KINDS);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 1; i < tokens.length; i++) {
            String t = tokens[i];
            int eq = t.indexOf('=');
            String key = (eq < 0 ? t : t.substring(0, eq)).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? null : t.substring(eq + 1);
            if (!kind.keys.contains(key)) {
                throw new Invalid(kind.text + ": unknown key '" + shorten(key) + "'; keys: "
                        + String.join(", ", kind.orderedKeys()));
            }
            if (values.containsKey(key)) {
                throw new Invalid(kind.text + ": key '" + key + "' given twice");
            }
            values.put(key, value);
        }
        return build(kind, values);
    }

    /**
     * Parses the JSON form: {@code {"spec":"<text form>"}}, or the keys as fields,
     * {@code {"kind":"rate-limit","count":3,"retry-after":5}} (flags as {@code true}).
     */
    static FaultSpec parse(JsonNode json) {
        if (json == null || !json.isObject()) {
            throw new Invalid("a fault is a JSON object: {\"spec\":\"<text form>\"} or {\"kind\":\"<kind>\", <key>: <value>…}; kinds: " + KINDS);
        }
        if (json.has("spec")) {
            if (json.size() != 1 || !json.get("spec").isTextual()) {
                throw new Invalid("\"spec\" must be the only field and a string, e.g. {\"spec\":\"rate-limit count=3\"}");
            }
            return parse(json.get("spec").asText());
        }
        JsonNode kindNode = json.get("kind");
        if (kindNode == null || !kindNode.isTextual()) {
            throw new Invalid("a fault needs \"spec\" or \"kind\"; kinds: " + KINDS);
        }
        StringBuilder text = new StringBuilder(kindNode.asText().replaceAll("\\s", ""));
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("kind")) {
                continue;
            }
            JsonNode v = f.getValue();
            String key = f.getKey().replaceAll("[\\s=]", "");
            if (v.isBoolean()) {
                if (v.asBoolean()) {
                    text.append(' ').append(key);
                }
            } else if (v.isNumber() || v.isTextual()) {
                text.append(' ').append(key).append('=').append(v.asText().replaceAll("\\s", ""));
            } else {
                throw new Invalid("fault key '" + shorten(key) + "' must be a string, number or boolean");
            }
        }
        return parse(text.toString());
    }

    private static FaultSpec build(Kind kind, Map<String, String> v) {
        int count = 1;
        if (v.containsKey("count")) {
            String c = required(kind, v, "count");
            if (c.equalsIgnoreCase("all") && kind == Kind.FLAT_STATUS) {
                count = UNLIMITED;
            } else {
                count = (int) number(kind, "count", c, 1, 1_000_000);
            }
        }
        long retryAfter = v.containsKey("retry-after") ? number(kind, "retry-after", required(kind, v, "retry-after"), 0, 86_400) : 1;
        boolean date = flag(kind, v, "date");
        int status = 503;
        if (v.containsKey("status")) {
            status = (int) number(kind, "status", required(kind, v, "status"), 100, 599);
            if (!STATUSES.contains(status)) {
                throw new Invalid("error: status must be 500, 502 or 503, not " + status);
            }
        }
        boolean html = flag(kind, v, "html");
        boolean after = flag(kind, v, "after");
        Duration duration = switch (kind) {
            case SLOW -> v.containsKey("delay") ? duration(kind, "delay", required(kind, v, "delay"), false) : Duration.ofSeconds(2);
            case HOLD_RUNNING, ERRORS_LAG -> {
                if (!v.containsKey("for")) {
                    throw new Invalid(kind.text + ": 'for=DURATION' is required (e.g. for=30s)");
                }
                yield duration(kind, "for", required(kind, v, "for"), false);
            }
            case CLOCK_OFFSET -> {
                if (!v.containsKey("by")) {
                    throw new Invalid("clock-offset: 'by=±DURATION' is required (e.g. by=-10m)");
                }
                yield duration(kind, "by", required(kind, v, "by"), true);
            }
            default -> Duration.ZERO;
        };
        if (kind == Kind.CLOCK_OFFSET) {
            count = UNLIMITED;
        }
        Target on = Target.ANY;
        if (v.containsKey("on")) {
            String t = required(kind, v, "on");
            try {
                on = Target.valueOf(t.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new Invalid(kind.text + ": on='" + shorten(t) + "' is not one of create, upload, status, errors, results, read, any");
            }
        }
        return new FaultSpec(kind, count, retryAfter, date, status, html, duration, on, after);
    }

    private static String required(Kind kind, Map<String, String> v, String key) {
        String value = v.get(key);
        if (value == null || value.isEmpty()) {
            throw new Invalid(kind.text + ": '" + key + "' needs a value (" + key + "=…)");
        }
        return value;
    }

    private static boolean flag(Kind kind, Map<String, String> v, String key) {
        if (!v.containsKey(key)) {
            return false;
        }
        String value = v.get(key);
        if (value == null || value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new Invalid(kind.text + ": '" + key + "' is a flag and takes no value");
    }

    private static long number(Kind kind, String key, String text, long min, long max) {
        long n;
        try {
            n = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new Invalid(kind.text + ": " + key + "='" + shorten(text) + "' is not a whole number");
        }
        if (n < min || n > max) {
            throw new Invalid(kind.text + ": " + key + " must be between " + min + " and " + max + ", not " + n);
        }
        return n;
    }

    /** {@code 500ms}, {@code 5s}, {@code 2m} or a bare number of seconds; a sign only where allowed. */
    static Duration duration(Kind kind, String key, String text, boolean signed) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches() || (!signed && !m.group(1).isEmpty())) {
            throw new Invalid(kind.text + ": " + key + "='" + shorten(text) + "' is not a duration like "
                    + (signed ? "-10m, +30s, 500ms" : "500ms, 5s, 2m or a number of seconds"));
        }
        long n = Long.parseLong(m.group(2));
        String unit = m.group(3) == null ? "s" : m.group(3);
        Duration d = switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            default -> Duration.ofSeconds(n);
        };
        if (d.compareTo(Duration.ofDays(1)) > 0) {
            throw new Invalid(kind.text + ": " + key + " must be at most one day");
        }
        return m.group(1).equals("-") ? d.negated() : d;
    }

    static String format(Duration d, boolean signed) {
        String sign = d.isNegative() ? "-" : signed ? "+" : "";
        Duration a = d.abs();
        long ms = a.toMillis();
        String body;
        if (ms % 1000 != 0) {
            body = ms + "ms";
        } else if (ms != 0 && ms % 60_000 == 0) {
            body = (ms / 60_000) + "m";
        } else {
            body = (ms / 1000) + "s";
        }
        return sign + body;
    }

    private static String shorten(String s) {
        String oneLine = s.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() > 40 ? oneLine.substring(0, 40) + "…" : oneLine;
    }

    /** True when the fault lasts until cleared rather than for a number of uses. */
    boolean unlimited() {
        return count == UNLIMITED;
    }

    /** Whether this request fault hits a request of that target. */
    boolean hits(Target target) {
        return on == Target.ANY || on == target;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(kind.text);
        switch (kind) {
            case RATE_LIMIT -> {
                s.append(" count=").append(count).append(" retry-after=").append(retryAfter);
                if (httpDate) {
                    s.append(" date");
                }
            }
            case ERROR -> {
                s.append(" count=").append(count).append(" status=").append(status);
                if (html) {
                    s.append(" html");
                }
            }
            case SLOW -> s.append(" count=").append(count).append(" delay=").append(format(duration, false));
            case DROP -> {
                s.append(" count=").append(count);
                if (after) {
                    s.append(" after");
                }
            }
            case HOLD_RUNNING, ERRORS_LAG -> s.append(" for=").append(format(duration, false)).append(" count=").append(count);
            case FLAT_STATUS -> s.append(" count=").append(unlimited() ? "all" : Integer.toString(count));
            case CLOCK_OFFSET -> s.append(" by=").append(format(duration, true));
        }
        if (kind.request && on != Target.ANY) {
            s.append(" on=").append(on.text());
        }
        return s.toString();
    }
}
