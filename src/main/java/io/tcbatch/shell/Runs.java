package io.tcbatch.shell;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.tcbatch.batch.UsageException;
import io.tcbatch.journal.JobRecord;
import io.tcbatch.journal.Journal;
import io.tcbatch.journal.RunRecord;

/**
 * The journal queries behind {@code jobs}, {@code watch}, {@code errors} and {@code resubmit}: runs
 * by state, owner and age, a run by its id or a prefix of it, and the text of the {@code jobs} table.
 * Plain functions over {@link Journal}, so they are tested without a shell.
 */
public final class Runs {
    private static final Pattern AGE = Pattern.compile("(\\d+)\\s*([smhdw])");
    /** A local time to the minute, as the jobs table and the run completions show it. */
    static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT);
    /** Every run of a data directory; recent() reads them in three queries, so asking for all is cheap. */
    private static final int ALL = Integer.MAX_VALUE;

    private Runs() {
    }

    /** What {@code jobs} was asked for; null fields do not filter. */
    public record Filter(String status, String owner, Duration since, int limit) {
    }

    /** A run is pending while it is neither done nor failed: it may still have jobs running or chunks unsent. */
    public static boolean pending(RunRecord r) {
        return !"done".equals(r.state()) && !"failed".equals(r.state());
    }

    /** The runs that match, newest first. */
    public static List<RunRecord> find(Journal journal, Filter f, Instant now) {
        String status = f.status() == null ? null : Vocab.pick(Vocab.RUN_STATES, f.status(), "--status");
        List<RunRecord> out = new ArrayList<>();
        for (RunRecord r : journal.recent(ALL)) {
            if (status != null && !(status.equals("pending") ? pending(r) : status.equals(r.state()))) {
                continue;
            }
            if (f.owner() != null && !f.owner().equalsIgnoreCase(String.valueOf(r.owner()))) {
                continue;
            }
            if (f.since() != null) {
                Instant started = started(r);
                if (started == null || started.isBefore(now.minus(f.since()))) {
                    continue;
                }
            }
            out.add(r);
            if (out.size() >= f.limit()) {
                break;
            }
        }
        return out;
    }

    /** Every pending run that has jobs to watch, oldest first (the order they were started). */
    public static List<RunRecord> pendingRuns(Journal journal) {
        List<RunRecord> out = new ArrayList<>(journal.recent(ALL).stream()
                .filter(Runs::pending).filter(r -> !r.jobs().isEmpty()).toList());
        java.util.Collections.reverse(out);
        return out;
    }

    /** Whether the run may be watched with this profile (others' batch ids mean nothing to its server). */
    public static boolean sentWith(RunRecord r, String profile) {
        return r.profile() == null || r.profile().equals(profile);
    }

    /**
     * The run with this id, or the only one whose id starts with it.
     *
     * @throws UsageException naming the candidates when the prefix is ambiguous, or saying how to list runs
     */
    public static RunRecord byId(Journal journal, String id) {
        String given = id == null ? "" : id.trim();
        if (given.isEmpty()) {
            throw new UsageException("give a run id (see them with: jobs)");
        }
        if (!given.contains("/") && !given.contains("\\") && !given.startsWith(".")) {
            var exact = journal.load(given);
            if (exact.isPresent()) {
                return exact.get();
            }
        }
        List<RunRecord> matches = journal.recent(ALL).stream().filter(r -> r.run().startsWith(given)).toList();
        if (matches.size() == 1) {
            return matches.get(0);
        }
        if (matches.isEmpty()) {
            throw new UsageException("no run '" + given + "' in this data directory; see the recorded runs with: jobs");
        }
        throw new UsageException("run id '" + given + "' matches " + matches.size() + " runs ("
                + String.join(", ", matches.stream().limit(5).map(RunRecord::run).toList())
                + (matches.size() > 5 ? ", …" : "") + "); give more of it");
    }

    /**
     * A run's batch ids belong to the instance of the profile it was sent with: watching or resending
     * it with another profile would ask the wrong server.
     */
    public static void requireProfile(RunRecord run, String profile, String command) {
        if (run.profile() != null && !run.profile().equals(profile)) {
            throw new UsageException("run " + run.run() + " was sent with profile '" + run.profile() + "', this is profile '"
                    + profile + "'; " + command + " it with: bin/tcbatch --profile " + run.profile() + " " + command + " "
                    + (command.equals("watch") ? "--run " : "") + run.run());
        }
    }

    /** The recorded run holding this batch id, or null. */
    public static RunRecord holding(Journal journal, long batchId) {
        for (RunRecord r : journal.recent(ALL)) {
            for (JobRecord j : r.jobs()) {
                if (j.batchId() != null && j.batchId() == batchId) {
                    return r;
                }
            }
        }
        return null;
    }

    /** {@code 2h}, {@code 30m}, {@code 7d}, {@code 90s}, {@code 2w}. */
    public static Duration age(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = AGE.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new UsageException("--since takes an age such as 30m, 2h or 7d, not '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofDays(7 * n);
        };
    }

    static Instant started(RunRecord r) {
        try {
            return r.createdAt() == null ? null : Instant.parse(r.createdAt());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** When the run was last written (its end, once it is done), from the journal's record of it. */
    public static Instant lastWritten(Journal journal, RunRecord r) {
        return journal.lastWritten(r.run()).orElseGet(() -> started(r));
    }

    /** {@code 2026-12-04 10:02 (3m ago)}, in the local time zone. */
    public static String when(Instant t, Instant now, ZoneId zone) {
        if (t == null) {
            return "?";
        }
        return LOCAL.format(t.atZone(zone)) + " (" + ago(Duration.between(t, now)) + ")";
    }

    static String ago(Duration d) {
        if (d.isNegative()) {
            return "just now";
        }
        long s = d.toSeconds();
        if (s < 60) {
            return s + "s ago";
        }
        if (s < 3600) {
            return s / 60 + "m ago";
        }
        if (s < 86400) {
            return s / 3600 + "h ago";
        }
        return s / 86400 + "d ago";
    }

    /** The {@code jobs} table: one row per run, newest first. */
    public static String table(List<RunRecord> runs, Instant now, ZoneId zone) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"RUN", "STARTED", "PROFILE", "OWNER", "ACTION", "JOBS", "ITEMS", "OK/FAILED/UNPROC", "STATE",
            "EXIT"});
        for (RunRecord r : runs) {
            rows.add(new String[] {r.run(), when(started(r), now, zone), s(r.profile()), s(r.owner()), s(r.action()),
                String.valueOf(r.jobs().size()), String.valueOf(r.jobs().stream().mapToLong(JobRecord::items).sum()),
                sum(r, JobRecord::successCount) + "/" + sum(r, JobRecord::errorCount) + "/" + sum(r, JobRecord::unprocessCount),
                s(r.state()), r.exitCode() == null ? "-" : r.exitCode().toString()});
        }
        return columns(rows);
    }

    /** One run with its jobs ({@code jobs --run RUN}). */
    public static String detail(RunRecord r, Journal journal, Instant now, ZoneId zone) {
        StringBuilder b = new StringBuilder();
        b.append("run ").append(r.run()).append('\n');
        b.append("  started   ").append(when(started(r), now, zone)).append('\n');
        b.append("  profile   ").append(s(r.profile())).append("   owner ").append(s(r.owner())).append("   action ")
                .append(s(r.action())).append('\n');
        b.append("  files     ").append(r.files() == null ? "-" : String.join(", ", r.files())).append('\n');
        b.append("  state     ").append(s(r.state())).append(r.exitCode() == null ? "" : ", exit " + r.exitCode()).append('\n');
        if (r.preflight() != null) {
            b.append(String.format("  read %d, duplicates %d, rejected %d%n", r.preflight().read(), r.preflight().duplicates(),
                    r.preflight().rejected()));
        }
        Path failed = journal.runDir(r.run()).resolve("failed-items.json");
        if (Files.isRegularFile(failed)) {
            b.append("  failed items: ").append(failed).append(" (fix them, then: resubmit ").append(r.run()).append(")\n");
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"BATCH ID", "CHUNK", "ITEMS", "STATUS", "SUCCEEDED", "FAILED", "UNPROCESSED"});
        for (JobRecord j : r.jobs()) {
            rows.add(new String[] {j.batchId() == null ? "-" : j.batchId().toString(), String.valueOf(j.chunk()),
                String.valueOf(j.items()), s(j.status()), q(j.successCount()), q(j.errorCount()), q(j.unprocessCount())});
        }
        b.append(columns(rows).indent(2));
        return b.toString();
    }

    private static long sum(RunRecord r, java.util.function.Function<JobRecord, Integer> f) {
        return r.jobs().stream().map(f).filter(Objects::nonNull).mapToLong(Integer::longValue).sum();
    }

    static String columns(List<String[]> rows) {
        int[] w = new int[rows.get(0).length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                w[i] = Math.max(w[i], row[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + w[i] + "s  ", row[i]));
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }

    private static String s(String v) {
        return v == null ? "-" : v;
    }

    private static String q(Integer i) {
        return i == null ? "?" : i.toString();
    }

    /**
     * Whether {@code resume} has anything to do for this run: it has chunks (a run stopped in its
     * preflight sent nothing and has none), and it is not done: still "submitting" or "watching"
     * (stopped by Ctrl-C or a crash), or "failed" with a chunk not yet Completed (never sent, its
     * upload not confirmed, or its job still running on the server).
     */
    public static boolean resumable(RunRecord r) {
        if (r.jobs().isEmpty() || "done".equals(r.state()) || "preflight".equals(r.state())) {
            return false;
        }
        if (!"failed".equals(r.state())) {
            return true;
        }
        return r.jobs().stream().anyMatch(j -> !"Completed".equals(j.status())
                && (j.status() == null || !j.status().startsWith("Abandoned")));
    }

    /** The most recent run {@code resume} can pick up (see {@link #resumable}), or null when none is. */
    public static RunRecord lastResumable(Journal journal) {
        return journal.recent(ALL).stream().filter(Runs::resumable).findFirst().orElse(null);
    }
}
