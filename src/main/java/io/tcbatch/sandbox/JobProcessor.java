package io.tcbatch.sandbox;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;

import io.tcbatch.input.ItemKind;
import io.tcbatch.input.RuleResult;

/**
 * Processes queued jobs on {@code workers} threads, in upload order, each job on its own
 * connection and transaction per chunk.
 *
 * <p>Each job is read twice by streaming. The first pass only counts items: it finds a file
 * that is not valid JSON before anything is saved (so such a job saves nothing and reports
 * unprocessCount 0, API doc §4.2), applies the indicator limit up front, and gives the total
 * from which unprocessCount follows when {@code haltOnError} stops early. The second pass
 * validates and writes {@link #CHUNK} items per transaction together with the job's counts and
 * error entries, so a poll during processing shows progress that matches the stored data.
 *
 * <p>Two jobs may upsert the same indicators at once. H2 then makes one wait for the other's
 * row locks; when that ends in a unique-key violation (both inserted the same new indicator), a
 * lock timeout or a deadlock, the chunk is rolled back and replayed from its items: counts, error
 * entries and associations of a chunk are built afresh on every attempt and only kept once it
 * commits, so nothing is counted twice.
 *
 * <p>Associations are resolved last, after every item of the job is written, because an item may
 * name a group that comes later in the file. How a failed association counts (undocumented,
 * API doc §5.23): an element of the {@code association} array is an item of its own and counts in
 * successCount or errorCount; a link inside an indicator or group ({@code associatedGroups},
 * {@code associatedGroupXid}, {@code associatedIndicators}) belongs to that item, so the item
 * moves from the success to the error count (once, however many of its links fail), with one
 * 0x1009 entry per failed link whose errorSource is the item's summary or xid. Either way
 * successCount + errorCount + unprocessCount stays the number of items in the file, and the
 * client's rejects file holds the item to fix and send again (its upsert is idempotent).
 */
final class JobProcessor implements AutoCloseable {

    static final int CHUNK = 2_000;
    /** Replays of one chunk after lock conflicts before the job is given up as an internal error. */
    static final int MAX_ATTEMPTS = 12;

    private static final System.Logger LOG = System.getLogger(JobProcessor.class.getName());
    static final String FATAL = "Encountered an unexpected Exception while processing batch job";

    private final Database db;
    private final JobRepository jobs;
    private final ItemValidator validator;
    private final Path uploads;
    private final int maxIndicators;
    private final Clock clock;
    private final ExecutorService workers;
    private final Set<Long> active = ConcurrentHashMap.newKeySet();
    private volatile boolean stopping;

    /** One worker on the system clock (tests of other parts that only need jobs to complete). */
    JobProcessor(Database db, JobRepository jobs, ItemValidator validator, Path uploads, int maxIndicators) {
        this(db, jobs, validator, uploads, maxIndicators, Clock.systemUTC(), 1);
    }

    JobProcessor(Database db, JobRepository jobs, ItemValidator validator, Path uploads, int maxIndicators,
                 Clock clock, int workerCount) {
        this.db = db;
        this.jobs = jobs;
        this.validator = validator;
        this.uploads = uploads;
        this.maxIndicators = maxIndicators;
        this.clock = clock;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(workerCount, r -> {
            Thread t = new Thread(r, "sandbox-job-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    static Path uploadFile(Path uploads, long id) {
        return uploads.resolve(id + ".json");
    }

    void enqueue(long jobId) {
        workers.execute(() -> {
            // A job queued twice (an upload racing a restart's re-queue) is processed once.
            if (stopping || !active.add(jobId)) {
                return;
            }
            try {
                process(jobId);
            } catch (Exception | Error e) {
                // A job must never stay Running silently; it is picked up again on the next start.
                LOG.log(Level.ERROR, "batch job " + jobId + " failed unexpectedly", e);
            } finally {
                active.remove(jobId);
            }
        });
    }

    /**
     * Bytes per item above which a file is not even counted for the synchronous mode: an upload
     * far larger than {@code limit} small items goes to the workers without a counting pass of
     * its own, so the synchronous mode never slows a real feed down.
     */
    static final long INLINE_BYTES_PER_ITEM = 4_096;

    /**
     * The synchronous mode (API doc §2.3): processes a job just moved to Queued in the calling
     * thread when its file holds at most {@code limit} items, and returns true once it is
     * Completed; false (nothing done) when the job is larger, the limit is 0 or the processor is
     * stopping, and the caller enqueues it as usual. A file that cannot be counted (not JSON, the
     * wrong shape) is small by its bytes and is processed inline too: it completes at once with
     * its 0x1003 entry, as it would on a worker.
     */
    boolean processInline(long jobId, int limit) {
        if (limit <= 0 || stopping) {
            return false;
        }
        Path file = uploadFile(uploads, jobId);
        try {
            if (Files.size(file) > limit * INLINE_BYTES_PER_ITEM) {
                return false;
            }
            if (count(file).all() > limit) {
                return false;
            }
        } catch (IOException | RuntimeException e) {
            // Not countable: process() records why, inline as on a worker.
        }
        if (!active.add(jobId)) {
            return false;
        }
        try {
            process(jobId);
            return jobs.find(jobId).map(j -> j.state() == JobState.Completed).orElse(false);
        } catch (Exception | Error e) {
            // As on a worker: the job stays unfinished and is picked up on the next start; the
            // caller answers with the stored state instead.
            LOG.log(Level.ERROR, "batch job " + jobId + " failed unexpectedly (inline)", e);
            return false;
        } finally {
            active.remove(jobId);
        }
    }

    private void process(long jobId) throws SQLException {
        Job job = jobs.find(jobId).orElse(null);
        if (job == null || job.state() == JobState.Completed || job.state() == JobState.Created) {
            return;
        }
        // A job stopped mid-way continues after its last committed chunk, so that nothing is
        // applied twice (an Append attribute would be added again). Associations are resolved
        // from memory after all items, so a job whose committed items carried some starts over
        // instead: its upserts are idempotent apart from Append.
        JobRepository.Progress resume = jobs.progress(jobId);
        if (resume != null && resume.links()) {
            resume = null;
        }
        if (resume == null) {
            jobs.begin(jobId);
        } else {
            LOG.log(Level.INFO, "batch job " + jobId + " continues after item " + resume.items());
        }
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
        write(job, file, totals, resume);
    }

    /** What one committed chunk leaves behind. */
    private record Step(JobCounts counts, int seq, List<ItemHandler.Link> links, boolean halted) {
    }

    private void write(Job job, Path file, Totals totals, JobRepository.Progress resume) throws SQLException {
        JobCounts committed = resume == null ? new JobCounts() : resume.counts();
        int seq = resume == null ? 0 : resume.seq();
        int done = 0;
        try (Connection c = db.connection()) {
            c.setAutoCommit(false);
            try (ItemWriter writer = new ItemWriter(c, job, clock);
                 BatchFileReader reader = new BatchFileReader(file, false)) {
                ItemHandler handler = new ItemHandler(validator, writer, "Delete".equals(job.action()));
                List<ItemHandler.Link> links = new ArrayList<>();
                List<BatchFileReader.Item> chunk = new ArrayList<>(CHUNK);
                boolean halted = false;
                for (; resume != null && done < resume.items() && reader.next() != null; done++) {
                    // skipping what the committed chunks already applied
                }
                while (!halted) {
                    chunk.clear();
                    BatchFileReader.Item item;
                    while (chunk.size() < CHUNK && (item = reader.next()) != null) {
                        chunk.add(item);
                    }
                    if (chunk.isEmpty()) {
                        break;
                    }
                    if (stopping) {
                        // Leave the job Running: the next start continues after the last
                        // committed chunk.
                        c.rollback();
                        return;
                    }
                    done += chunk.size();
                    Step step = items(c, writer, handler, job, chunk, committed, seq, done, !links.isEmpty());
                    committed = step.counts();
                    seq = step.seq();
                    links.addAll(step.links());
                    halted = step.halted();
                }
                for (int from = 0; from < links.size() && !halted; from += CHUNK) {
                    if (stopping) {
                        c.rollback();
                        return;
                    }
                    Step step = links(c, writer, handler, job, links.subList(from, Math.min(links.size(), from + CHUNK)),
                            committed, seq);
                    committed = step.counts();
                    seq = step.seq();
                    halted = step.halted();
                }
                JobCounts last = committed.copy();
                last.unprocessed = halted ? Math.max(0, totals.all - last.processed()) : 0;
                jobs.saveCounts(c, job.id(), last, JobState.Completed);
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

    /** Writes one chunk of items and commits it with the counts; replays it after a lock conflict. */
    private Step items(Connection c, ItemWriter writer, ItemHandler handler, Job job, List<BatchFileReader.Item> chunk,
                       JobCounts before, int seq, int doneAfter, boolean linksBefore) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            JobCounts counts = before.copy();
            List<JobRepository.ErrorEntry> errors = new ArrayList<>();
            List<ItemHandler.Link> links = new ArrayList<>();
            boolean halted = false;
            try {
                for (BatchFileReader.Item item : chunk) {
                    List<JobRepository.ErrorEntry> notes = new ArrayList<>();
                    JobRepository.ErrorEntry error;
                    try {
                        error = v1Only(job, item);
                        if (error == null) {
                            error = handler.handle(item, notes, links);
                        }
                    } catch (RuntimeException e) {
                        // A fault of the sandbox on one item fails that item, not the job.
                        LOG.log(Level.WARNING, "batch job " + job.id() + ": internal error at " + item.path(), e);
                        error = new JobRepository.ErrorEntry("0x1004", FATAL + " (" + e.getClass().getSimpleName()
                                + ") at " + item.path(), item.node() == null ? item.path() : item.node().toString());
                    }
                    errors.addAll(notes);
                    if (item.kind() == ItemKind.ASSOCIATION && error == null) {
                        continue; // counted when resolved
                    }
                    tally(counts, item.kind(), error == null);
                    if (error != null) {
                        errors.add(error);
                        if (job.haltOnError()) {
                            halted = true;
                            break;
                        }
                    }
                }
                writer.flush();
                jobs.addErrors(c, job.id(), seq, errors);
                jobs.saveCounts(c, job.id(), counts, JobState.Running);
                jobs.saveProgress(c, job.id(), doneAfter, seq + errors.size(), linksBefore || !links.isEmpty());
                c.commit();
                return new Step(counts, seq + errors.size(), links, halted);
            } catch (SQLException e) {
                retryOrThrow(c, writer, job, e, attempt);
            }
        }
    }

    /** Resolves one chunk of associations and commits it; replays it after a lock conflict. */
    private Step links(Connection c, ItemWriter writer, ItemHandler handler, Job job, List<ItemHandler.Link> chunk,
                       JobCounts before, int seq) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            JobCounts counts = before.copy();
            List<JobRepository.ErrorEntry> errors = new ArrayList<>();
            Set<String> failedItems = new HashSet<>();
            boolean halted = false;
            try {
                for (ItemHandler.Link link : chunk) {
                    JobRepository.ErrorEntry error = handler.resolve(link);
                    if (link.itemKind() == ItemKind.ASSOCIATION) {
                        tally(counts, ItemKind.ASSOCIATION, error == null);
                    } else if (error != null && failedItems.add(link.path()) && !before.failedLinkItems.contains(link.path())) {
                        // The carrying item was counted a success when it was written.
                        if (link.itemKind() == ItemKind.INDICATOR) {
                            counts.successIndicators--;
                            counts.errorIndicators++;
                        } else {
                            counts.successGroups--;
                            counts.errorGroups++;
                        }
                    }
                    if (error != null) {
                        errors.add(error);
                        if (job.haltOnError()) {
                            halted = true;
                            break;
                        }
                    }
                }
                writer.flush();
                jobs.addErrors(c, job.id(), seq, errors);
                jobs.saveCounts(c, job.id(), counts, JobState.Running);
                c.commit();
                counts.failedLinkItems.addAll(failedItems);
                return new Step(counts, seq + errors.size(), List.of(), halted);
            } catch (SQLException e) {
                retryOrThrow(c, writer, job, e, attempt);
            }
        }
    }

    private static void retryOrThrow(Connection c, ItemWriter writer, Job job, SQLException e, int attempt)
            throws SQLException {
        if (!conflict(e) || attempt >= MAX_ATTEMPTS) {
            throw e;
        }
        c.rollback();
        writer.discard();
        LOG.log(Level.DEBUG, "batch job " + job.id() + ": chunk replayed after a lock conflict (" + e.getErrorCode() + ")");
        try {
            // Random backoff so that two workers that collided do not collide again in step.
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt + 6));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    /** A failure caused by another transaction, which a replay of the chunk can get past. */
    static boolean conflict(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s) {
                for (SQLException x = s; x != null; x = x.getNextException()) {
                    int code = x.getErrorCode();
                    // H2: duplicate key, deadlock, lock timeout, concurrent update.
                    if (code == 23505 || code == 40001 || code == 50200 || code == 90131) {
                        return true;
                    }
                }
            }
        }
        return false;
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

    /**
     * A V1 job takes indicators only (API doc §3.1; groups and associations came with V2, §4.1).
     * Undocumented what the server does with a group in a V1 job; chosen: the item fails with a
     * message saying to send it in a V2 job, rather than being saved, so that a rehearsal on the
     * sandbox is no more lenient than the client's own check of a V1 file.
     */
    private static JobRepository.ErrorEntry v1Only(Job job, BatchFileReader.Item item) {
        if (!"V1".equals(job.version()) || item.kind() == ItemKind.INDICATOR) {
            return null;
        }
        boolean group = item.kind() == ItemKind.GROUP;
        String source = item.node() == null ? item.path() : item.node().toString();
        return new JobRepository.ErrorEntry(group ? "0x1006" : "0x1009", "A V1 batch job takes indicators only: the "
                + (group ? "group" : "association") + " at " + item.path() + " was not saved; send it in a V2 job",
                source);
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
        workers.shutdown();
        try {
            if (!workers.awaitTermination(30, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
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
