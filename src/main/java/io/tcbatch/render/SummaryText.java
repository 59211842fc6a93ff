package io.tcbatch.render;

import java.io.PrintStream;
import java.util.List;

import io.tcbatch.batch.RunSummary;

/** The run summary as text for people: per-job table, totals, grouped errors, where rejects went. */
public final class SummaryText {
    private SummaryText() {
    }

    public static void print(RunSummary s, PrintStream out) {
        StringBuilder b = new StringBuilder();
        if (s.run() != null) {
            b.append("Run ").append(s.run()).append("  profile ").append(s.profile());
            if (s.owner() != null) {
                b.append("  owner ").append(s.owner());
            }
            if (s.action() != null) {
                b.append("  action ").append(s.action());
            }
            b.append('\n');
        }
        if (!s.jobs().isEmpty()) {
            b.append(String.format("  %-10s %-10s %8s %10s %8s %12s%n", "job", "status", "items", "succeeded", "failed", "unprocessed"));
            for (RunSummary.Job j : s.jobs()) {
                b.append(String.format("  %-10d %-10s %8s %10s %8s %12s%n", j.batchId(), j.status(),
                        j.items() == 0 ? "-" : String.valueOf(j.items()), num(j.successCount()), num(j.errorCount()),
                        num(j.unprocessCount())));
            }
        }
        RunSummary.Totals t = s.totals();
        b.append(String.format("Totals: read %d, duplicates %d, rejected %d, submitted %d, succeeded %d, failed %d, unprocessed %d%n",
                t.read(), t.duplicates(), t.rejected(), t.submitted(), t.succeeded(), t.failed(), t.unprocessed()));
        errors(s.errors(), b);
        if (s.rejects() != null) {
            b.append("Rejected before sending: ").append(t.rejected()).append(" item(s), listed in ").append(s.rejects()).append('\n');
        }
        b.append("Result: ").append(verdict(s.exitCode())).append(" (exit ").append(s.exitCode()).append(")\n");
        out.print(b);
        out.flush();
    }

    /** Prints grouped errors, e.g. for the {@code errors ID} command. */
    public static void errors(List<RunSummary.ErrorGroup> errors, StringBuilder b) {
        if (errors.isEmpty()) {
            return;
        }
        b.append("Errors reported by the server:\n");
        for (RunSummary.ErrorGroup g : errors) {
            b.append(String.format("  %-7s x%-6d %s%n", g.code(), g.count(), g.reason()));
            if (!g.examples().isEmpty()) {
                b.append("          e.g. ").append(String.join(", ", g.examples())).append('\n');
            }
        }
    }

    static String verdict(int code) {
        return switch (code) {
            case 0 -> "every item accepted";
            case 1 -> "partial: some items were rejected, failed or left unprocessed";
            case 4 -> "timed out waiting for jobs";
            default -> "failed";
        };
    }

    private static String num(Integer i) {
        return i == null ? "?" : String.valueOf(i);
    }
}
