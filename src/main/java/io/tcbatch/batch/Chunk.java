package io.tcbatch.batch;

import java.nio.file.Path;

/**
 * One job's worth of items, written as a Batch JSON file ready to upload: V2
 * {@code {"group":[…],"indicator":[…],"association":[…]}} (association last), or for a V1 job a
 * bare array of indicators (§3.1).
 *
 * @param index         1-based position in the run
 * @param file          the chunk file
 * @param items         all items in it
 * @param indicators    indicators among them
 * @param groups        groups among them
 * @param associations  associations among them
 * @param bytes         size of the file in bytes (UTF-8), brackets and commas included
 * @param afterPrevious true when its items may name items of earlier chunks (it holds
 *                      associations, or indicators after groups went in earlier chunks, and it
 *                      is not the first chunk): submit it only once every earlier chunk is
 *                      Completed, or the server may not find what it refers to
 * @param sha256        lower-case hex SHA-256 of the file as written, or null when not known (a run read back)
 */
public record Chunk(int index, Path file, int items, int indicators, int groups, int associations, long bytes,
                    boolean afterPrevious, String sha256) {

    public Chunk(int index, Path file, int items, int indicators, int groups, int associations, long bytes,
                 boolean afterPrevious) {
        this(index, file, items, indicators, groups, associations, bytes, afterPrevious, null);
    }

    public Chunk(int index, Path file, int items, int indicators, int groups, int associations, long bytes) {
        this(index, file, items, indicators, groups, associations, bytes, false);
    }
}
