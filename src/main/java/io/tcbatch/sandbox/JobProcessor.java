package io.tcbatch.sandbox;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;

import io.tcbatch.input.ItemKind;
import io.tcbatch.input.RuleResult;

/**
 * Processes queued jobs one at a time on a single worker thread, in upload order. One thread
 * keeps the semantics simple (two jobs for the same owner never race on the same indicator)
 * and is fast enough: the database, not the CPU, bounds the throughput.
 *
 * <p>Each job is read twice by streaming. The first pass only counts items: it finds a file
 * that is not valid JSON before anything is saved (so such a job saves nothing and reports
 * unprocessCount 0, API doc §4.2), applies the indicator limit up front, and gives the total
 * from which unprocessCount follows when {@code haltOnError} stops early. The second pass
 * validates and writes, committing every {@link #CHUNK} items together with the job's counts,
 * so a poll during processing shows progress that matches the stored data.
 */
final class JobProcessor implements AutoCloseable {

    static final int CHUNK = 2_000;

    private static final System.Logger LOG = System.getLogger(JobProcessor.class.getName());
    static final String FATAL = "Encountered an unexpected Exception while processing batch job";

    private final Database db;
    private final JobRepository jobs;
    private final ItemValidator validator;
    private final Path uploads;
    private final int maxIndicators;
    private final ExecutorService worker;
    private volatile boolean stopping;

    JobProcessor(Database db, JobRepository jobs, ItemValidator validator, Path uploads, int maxIndicators) {
        this.db = db;
        this.jobs = jobs;
        this.validator = validator;
        this.uploads = uploads;
        this.maxIndicators = maxIndicators;
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "sandbox-job-worker");
            t.setDaemon(true);
            return t;
        });
    }

    static Path uploadFile(Path uploads, long id) {
        return uploads.resolve(id + ".json");
    }

    void enqueue(long jobId) {
        worker.execute(() -> {
            if (stopping) {
                return;
            }
            try {
                process(jobId);
            } catch (Exception | Error e) {
                // A job must never stay Running silently; it is picked up again on the next start.
                LOG.log(Level.ERROR, "batch job " + jobId + " failed unexpectedly", e);
            }
        });
    }

    private void process(long jobId) throws SQLException {
        Job job = jobs.find(jobId).orElse(null);
        if (job == null || job.state() == JobState.Completed || job.state() == JobState.Created) {
            return;
        }
        jobs.begin(jobId);
        Path file = uploadFile(uploads, jobId);
        JobCounts counts = new JobCounts();
        List<JobRepository.ErrorEntry> errors = new ArrayList<>();

        Totals totals;
        try {
            totals = count(file);
        } catch (BatchFileReader.ShapeException e) {
            counts.otherErrors = 1;
            errors.add(new JobRepository.ErrorEntry("0x1003", e.getMessage(), "$"));
            finish(jobId, counts, errors, 0);
            return;
        } catch (IOException e) {
            counts.otherErrors = 1;
            errors.add(new JobRepository.ErrorEntry("0x100B", "The uploaded file could not be read", "$"));
            finish(jobId, counts, errors, 0);
            return;
        }
        if (totals.indicators > maxIndicators) {
            // Undocumented whether the first 25,000 are saved; chosen: nothing is. The message says the job "would exceed" the
            // limit, and all-or-nothing lets the user split the file and send it again without
            // wondering which part already arrived.
            counts.otherErrors = 1;
            counts.unprocessed = totals.all;
            errors.add(new JobRepository.ErrorEntry("0x1008", "Batch job has " + totals.indicators
                    + " indicators, which would exceed the number of allowed indicators (" + maxIndicators
                    + " per job)", "$.indicator"));
            finish(jobId, counts, errors, 0);
            return;
        }
        write(job, file, totals, counts);
    }

    private void write(Job job, Path file, Totals totals, JobCounts counts) throws SQLException {
        int seq = 0;
        JobCounts committed = new JobCounts();
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            List<JobRepository.ErrorEntry> errors = new ArrayList<>();
            try (ItemWriter writer = new ItemWriter(c, job.owner(), job.attributeWriteType(), job.tagWriteType());
                 BatchFileReader reader = new BatchFileReader(file, false)) {
                ItemHandler handler = new ItemHandler(validator, writer, "Delete".equals(job.action()));
                int inChunk = 0;
                BatchFileReader.Item item;
                boolean halted = false;
                while ((item = reader.next()) != null) {
                    if (stopping) {
                        // Leave the job Running: the next start processes it again from the top.
                        c.rollback();
                        return;
                    }
                    JobRepository.ErrorEntry error = handler.handle(item);
                    tally(counts, item.kind(), error == null);
                    if (error != null) {
                        errors.add(error);
                    }
                    if (++inChunk >= CHUNK || (error != null && job.haltOnError())) {
                        writer.flush();
                        jobs.addErrors(c, job.id(), seq, errors);
                        seq += errors.size();
                        errors.clear();
                        jobs.saveCounts(c, job.id(), counts, JobState.Running);
                        c.commit();
                        committed = counts.copy();
                        inChunk = 0;
                    }
                    if (error != null && job.haltOnError()) {
                        halted = true;
                        break;
                    }
                }
                writer.flush();
                jobs.addErrors(c, job.id(), seq, errors);
                seq += errors.size();
                counts.unprocessed = halted ? totals.all - counts.processed() : 0;
                jobs.saveCounts(c, job.id(), counts, JobState.Completed);
                c.commit();
            } catch (IOException | SQLException | RuntimeException e) {
                // The file passed the counting pass, so this is a fault of the sandbox (or the
                // disk): keep what was committed, report the rest as unprocessed.
                LOG.log(Level.WARNING, "batch job " + job.id() + " stopped by an internal error", e);
                c.rollback();
                committed.otherErrors += 1;
                committed.unprocessed = Math.max(0, totals.all - committed.processed());
                List<JobRepository.ErrorEntry> fatal = List.of(new JobRepository.ErrorEntry("0x1004",
                        FATAL + " (" + e.getClass().getSimpleName() + ")", "$"));
                jobs.addErrors(c, job.id(), seq, fatal);
                jobs.saveCounts(c, job.id(), committed, JobState.Completed);
                c.commit();
            }
        }
    }

    private void finish(long jobId, JobCounts counts, List<JobRepository.ErrorEntry> errors, int seq)
            throws SQLException {
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            jobs.addErrors(c, jobId, seq, errors);
            jobs.saveCounts(c, jobId, counts, JobState.Completed);
            c.commit();
        }
    }

    private static void tally(JobCounts n, ItemKind kind, boolean ok) {
        switch (kind) {
            case INDICATOR -> {
                if (ok) {
                    n.successIndicators++;
                } else {
                    n.errorIndicators++;
                }
            }
            case GROUP -> {
                if (ok) {
                    n.successGroups++;
                } else {
                    n.errorGroups++;
                }
            }
            case ASSOCIATION -> {
                if (ok) {
                    n.successAssociations++;
                } else {
                    n.errorAssociations++;
                }
            }
        }
    }

    private record Totals(int all, int indicators) {
    }

    private static Totals count(Path file) throws IOException {
        int all = 0;
        int indicators = 0;
        try (BatchFileReader reader = new BatchFileReader(file, true)) {
            BatchFileReader.Item item;
            while ((item = reader.next()) != null) {
                all++;
                if (item.kind() == ItemKind.INDICATOR) {
                    indicators++;
                }
            }
        }
        return new Totals(all, indicators);
    }

    /** Stops after the current item; unfinished jobs stay Running and resume on the next start. */
    @Override
    public void close() {
        stopping = true;
        worker.shutdown();
        try {
            if (!worker.awaitTermination(30, TimeUnit.SECONDS)) {
                worker.shutdownNow();
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    /** For a validator that throws: the item is an internal error, not a crash of the job. */
    static RuleResult internalError(ItemKind kind, RuntimeException e) {
        return RuleResult.invalid(kind, null, null, "0x1004", FATAL + ": " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage()));
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }
}
