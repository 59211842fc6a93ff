package io.tcbatch.batch;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.tcbatch.api.BatchError;

/**
 * Groups server errors by code and reason. Reasons usually embed the item ("x.example is not
 * valid…"), which would make every error its own group, so the item text is replaced by
 * {@code {item}} before grouping and kept as an example instead.
 */
final class ErrorSummary {
    private static final int EXAMPLES = 3;

    private final Map<String, Acc> groups = new LinkedHashMap<>();

    void add(BatchError e) {
        String reason = e.reasonText();
        String source = e.source();
        if (source != null && !source.isBlank() && reason.contains(source)) {
            reason = reason.replace(source, "{item}");
        }
        add(e.code(), reason, source);
    }

    void add(String code, String reason, String example) {
        Acc acc = groups.computeIfAbsent(code + '\u0000' + reason, k -> new Acc(code, reason));
        acc.count++;
        if (example != null && acc.examples.size() < EXAMPLES) {
            acc.examples.add(example);
        }
    }

    /** Records errors the server counted but whose details could not be fetched. */
    void addUnavailable(long batchId, long count) {
        addUnavailable("job " + batchId, count, "errors not available for job " + batchId
                + ": the server counted errors but did not serve their details (never read this as \"no errors\")");
    }

    /** Records errors that were counted but cannot be listed, with the reason why. */
    void addUnavailable(String what, long count, String reason) {
        Acc acc = groups.computeIfAbsent("unavailable\u0000" + what, k -> new Acc("unknown", reason));
        acc.count += count;
    }

    /**
     * Records items whose create was sent but never confirmed: not an error the server reported
     * (it may well have made the job), so they are grouped under their own code,
     * {@value RunSummary.ErrorGroup#UNCONFIRMED}, and shown apart from the server's errors.
     */
    void addUnconfirmed(String what, long count, String reason) {
        Acc acc = groups.computeIfAbsent("unconfirmed\u0000" + what, k -> new Acc(RunSummary.ErrorGroup.UNCONFIRMED, reason));
        acc.count += count;
    }

    List<RunSummary.ErrorGroup> groups() {
        List<RunSummary.ErrorGroup> out = new ArrayList<>();
        groups.values().stream()
                .sorted((a, b) -> Long.compare(b.count, a.count))
                .forEach(a -> out.add(new RunSummary.ErrorGroup(a.code, a.reason, a.count, List.copyOf(a.examples))));
        return out;
    }

    private static final class Acc {
        final String code;
        final String reason;
        final List<String> examples = new ArrayList<>();
        long count;

        Acc(String code, String reason) {
            this.code = code;
            this.reason = reason;
        }
    }
}
