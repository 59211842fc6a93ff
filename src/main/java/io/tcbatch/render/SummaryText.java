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
            boolean kinds = s.jobs().stream().anyMatch(j -> j.indicators() != null || j.groups() != null
                    || j.associations() != null);
            b.append(String.format("  %-10s %-12s %8s %10s %8s %12s", "job", "status", "items", "succeeded", "failed", "unprocessed"));
            b.append(kinds ? String.format("  %-13s %-13s %-13s %-13s%n", "indicators", "groups", "associations", "other")
                    : System.lineSeparator());
            for (RunSummary.Job j : s.jobs()) {
                String status = j.halted() && "Completed".equals(j.status()) ? "Halted" : shortStatus(j.status());
                b.append(String.format("  %-10s %-12s %8s %10s %8s %12s", id(j), status,
                        j.items() == 0 ? "-" : String.valueOf(j.items()), num(j.successCount()), num(j.errorCount()),
                        num(j.unprocessCount())));
                if (kinds) {
                    b.append(String.format("  %-13s %-13s %-13s %-13s", kind(j.indicators()), kind(j.groups()),
                            kind(j.associations()), kind(j.other())));
                }
                b.append('\n');
                if (j.fatal() != null) {
                    b.append("             ").append(id(j).strip()).append(": ").append(j.fatal()).append('\n');
                }
            }
            if (kinds) {
                b.append("  (per kind: succeeded/failed; ? = not sent by the server)\n");
            }
        }
        RunSummary.Totals t = s.totals();
        b.append(String.format("Totals: read %d, duplicates %d, rejected %d%s, submitted %d, succeeded %d, failed %d, unprocessed %d",
                t.read(), t.duplicates(), t.rejected(),
                // Only a script's each hook drops items; other runs keep the line they always had.
                t.dropped() > 0 ? ", dropped by the script " + t.dropped() : "",
                t.submitted(), t.succeeded(), t.failed(), t.unprocessed()));
        // Shown only when some outcome is unknown, so the usual line stays as it was.
        b.append(t.unconfirmed() > 0 ? ", unconfirmed " + t.unconfirmed() : "").append(System.lineSeparator());
        errors(s.errors(), b);
        unconfirmed(s, b);
        if (s.rejects() != null) {
            b.append("Rejected before sending: ").append(Bars.count(t.rejected(), "item", "items")).append(", listed in ").append(s.rejects()).append('\n');
        }
        if (s.failedItems() != null) {
            b.append("Items the server failed, as Batch JSON to fix and import again: ").append(s.failedItems()).append('\n');
        }
        if (s.untracedErrors() > 0) {
            b.append(Bars.count(s.untracedErrors(), "server error", "server errors")).append(" could not be traced to an item of the input\n");
        }
        if (s.error() != null) {
            b.append("Stopped on a remote failure: ").append(s.error()).append('\n');
        }
        b.append("Result: ").append(verdict(s.exitCode())).append(" (exit ").append(s.exitCode()).append(")\n");
        out.print(b);
        out.flush();
    }

    /** Prints grouped errors, e.g. for the {@code errors ID} command. */
    public static void errors(List<RunSummary.ErrorGroup> all, StringBuilder b) {
        // A create never confirmed is no error of the server's: it is listed apart (unconfirmed()).
        List<RunSummary.ErrorGroup> errors = all.stream().filter(g -> !g.unconfirmed()).toList();
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

    /**
     * Chunks whose create was sent but never answered: a job may exist on the server, so they are
     * not sent again by themselves; say what they are and how to find out.
     */
    private static void unconfirmed(RunSummary s, StringBuilder b) {
        List<RunSummary.ErrorGroup> lost = s.errors().stream().filter(RunSummary.ErrorGroup::unconfirmed).toList();
        if (lost.isEmpty()) {
            return;
        }
        b.append("Not confirmed (the answer to the create was lost; not a server error):\n");
        for (RunSummary.ErrorGroup g : lost) {
            b.append(String.format("  %s  %s%n", Bars.count(g.count(), "item", "items"), g.reason()));
        }
        b.append("  Next: a job may exist on the server for it. Look for it among the owner's batch jobs in ThreatConnect"
                + " (jobs shows what this machine recorded); if it is there, follow it with: watch ID; if not, import"
                + " those items again\n");
    }

    /** Statuses too long for the table's column, said shortly. */
    static String shortStatus(String status) {
        if (status == null) {
            return "?";
        }
        if (status.endsWith(io.tcbatch.batch.ImportService.CREATE_NOT_CONFIRMED)) {
            return "unconfirmed";
        }
        return status;
    }

    static String verdict(int code) {
        return switch (code) {
            case 0 -> "every item accepted";
            case 1 -> "partial: some items were rejected, failed or left unprocessed";
            case 3 -> "failed: a job could not be followed to the end (see the errors above)";
            case 4 -> "timed out waiting for jobs";
            default -> "failed";
        };
    }

    private static String id(RunSummary.Job j) {
        if (j.batchId() != null) {
            return String.valueOf(j.batchId());
        }
        // Only a Completed answer without an id was answered inline; anything else never got an id.
        return "Completed".equals(j.status()) ? "inline" : "chunk " + j.chunk();
    }

    private static String kind(RunSummary.Kind k) {
        return k == null ? "-" : num(k.succeeded()) + "/" + num(k.failed());
    }

    private static String num(Integer i) {
        return i == null ? "?" : String.valueOf(i);
    }
}
