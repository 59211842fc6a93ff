package io.tcbatch.batch;

import java.nio.file.Path;
import java.util.List;

/**
 * The result of preflight: what was read, what was left out and why, and the jobs to send.
 *
 * @param runId       the run these chunks belong to
 * @param runDir      {@code TCBATCH_HOME/runs/<run>}
 * @param read        items read from the inputs
 * @param duplicates  repeats of an item already in the run (sent once)
 * @param rejected    items that failed local validation (not sent)
 * @param rejectsFile where the rejected items are listed, or null when there are none
 * @param chunks      the jobs to create, in order
 * @param emptyFiles  inputs that held no indicator, group or association at all (often the wrong file), by name
 * @param dropped     items the script's {@code each { }} hook dropped on purpose (not sent, not an error)
 * @param inputs      per input, in order, what was read: {@code name}, {@code format} and for CSV
 *                    {@code mapping}, {@code guessed}, {@code ignored} (see
 *                    {@link io.tcbatch.input.ItemSource#description()}), and {@code description},
 *                    the reader's one-line name of it; empty when not known (a run read back)
 */
public record Plan(String runId, Path runDir, long read, long duplicates, long rejected, Path rejectsFile,
                   List<Chunk> chunks, List<String> emptyFiles, long dropped, List<java.util.Map<String, Object>> inputs) {

    public Plan(String runId, Path runDir, long read, long duplicates, long rejected, Path rejectsFile,
                List<Chunk> chunks, List<String> emptyFiles, long dropped) {
        this(runId, runDir, read, duplicates, rejected, rejectsFile, chunks, emptyFiles, dropped, List.of());
    }

    public Plan(String runId, Path runDir, long read, long duplicates, long rejected, Path rejectsFile,
                List<Chunk> chunks, List<String> emptyFiles) {
        this(runId, runDir, read, duplicates, rejected, rejectsFile, chunks, emptyFiles, 0);
    }

    public long submitted() {
        return chunks.stream().mapToLong(Chunk::items).sum();
    }
}
