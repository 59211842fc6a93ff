package io.tcbatch.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs recorded under {@code <home>/runs}. One instance per process and home; {@link #close()} it
 * when done (the store behind it may hold a database open).
 *
 * <p>The API below is what every caller uses; the store behind it is the journal part's to change.
 * {@link #addErrorFile}, {@link #errorFiles}, {@link #history} and {@link #prune} are kept here in a
 * simple form (a JSON list beside the run's record; no status history) until the database lands.
 */
public final class Journal implements AutoCloseable {
    private static final DateTimeFormatter RUN_ID = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final String FILE = "run.json";

    private final Path runsDir;
    private final ObjectMapper json;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public Journal(Path home, ObjectMapper json, Clock clock) {
        this.runsDir = home.resolve("runs");
        this.json = json;
        this.clock = clock;
    }

    /** A new, unique run id: UTC time plus a short random suffix, so ids sort by age. */
    public String newRunId() {
        return RUN_ID.format(clock.instant()) + "-" + Integer.toHexString(0x1000 + random.nextInt(0xf000));
    }

    public Path runDir(String runId) {
        return runsDir.resolve(runId);
    }

    public void save(RunRecord run) {
        Path dir = runDir(run.run());
        try {
            Files.createDirectories(dir);
            Path tmp = dir.resolve(FILE + ".tmp");
            json.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), run);
            try {
                Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal of run " + run.run() + " in " + dir, e);
        }
    }

    public Optional<RunRecord> load(String runId) {
        Path f = runDir(runId).resolve(FILE);
        if (!Files.isRegularFile(f)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(f.toFile(), RunRecord.class));
        } catch (IOException e) {
            // A damaged record must not hide the others: skip it.
            return Optional.empty();
        }
    }

    /** The most recent runs first. */
    public List<RunRecord> recent(int limit) {
        if (!Files.isDirectory(runsDir)) {
            return List.of();
        }
        List<RunRecord> out = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(runsDir)) {
            List<String> names = dirs.filter(Files::isDirectory).map(p -> p.getFileName().toString())
                    .sorted(Comparator.reverseOrder()).toList();
            // Ids sort by their second; runs started within the same second (a resubmit right after
            // its import, scripts in a loop) are ordered by their recorded start, so "the most
            // recent run" is never a coin toss between two.
            int i = 0;
            while (i < names.size() && out.size() < limit) {
                String second = second(names.get(i));
                List<RunRecord> group = new ArrayList<>();
                for (; i < names.size() && second(names.get(i)).equals(second); i++) {
                    load(names.get(i)).ifPresent(group::add);
                }
                group.sort(Comparator.comparing((RunRecord r) -> started(r)).thenComparing(RunRecord::run).reversed());
                out.addAll(group);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list runs in " + runsDir, e);
        }
        return out.size() > limit ? List.copyOf(out.subList(0, limit)) : out;
    }

    private static java.time.Instant started(RunRecord r) {
        try {
            return java.time.Instant.parse(r.createdAt());
        } catch (RuntimeException unreadable) {
            return java.time.Instant.EPOCH;
        }
    }

    /** The part of a run id that says when it started (to the second): all but the random suffix. */
    private static String second(String runId) {
        int dash = runId.lastIndexOf('-');
        return dash > 0 ? runId.substring(0, dash) : runId;
    }

    /** Records an error file downloaded for a job of the run (written before the run goes on). */
    public void addErrorFile(String runId, ErrorFileRecord file) {
        List<ErrorFileRecord> all = new ArrayList<>(errorFiles(runId));
        all.removeIf(f -> f.batchId() == file.batchId());
        all.add(file);
        Path dir = runDir(runId);
        try {
            Files.createDirectories(dir);
            json.writeValue(dir.resolve("error-files.json").toFile(), all);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the journal of run " + runId + " in " + dir, e);
        }
    }

    /** The error files downloaded for the run's jobs, in the order they were recorded. */
    public List<ErrorFileRecord> errorFiles(String runId) {
        Path f = runDir(runId).resolve("error-files.json");
        if (!Files.isRegularFile(f)) {
            return List.of();
        }
        try {
            return List.of(json.readValue(f.toFile(), ErrorFileRecord[].class));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Every recorded step of one chunk's job, oldest first (empty until the database journal keeps them). */
    public List<StatusChange> history(String runId, int chunk) {
        return List.of();
    }

    /**
     * Removes the runs created before {@code before} (records and run folders: chunks, rejects,
     * error files). Runs not finished (state other than done or failed) are kept unless
     * {@code evenUnfinished}: they may still be resumed.
     *
     * @return the ids removed, oldest first
     */
    public List<String> prune(java.time.Instant before, boolean evenUnfinished) {
        List<String> removed = new ArrayList<>();
        List<RunRecord> all = new ArrayList<>(recent(Integer.MAX_VALUE));
        java.util.Collections.reverse(all);
        for (RunRecord r : all) {
            boolean finished = "done".equals(r.state()) || "failed".equals(r.state());
            if (started(r).isBefore(before) && (finished || evenUnfinished)) {
                discard(r.run());
                removed.add(r.run());
            }
        }
        return removed;
    }

    /** Nothing to release for the file store; the database store closes its connection here. */
    @Override
    public void close() {
    }

    /** Deletes a run folder that should leave no trace (nothing was sent). */
    public void discard(String runId) {
        Path dir = runDir(runId);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }
}
