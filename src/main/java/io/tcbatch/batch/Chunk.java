package io.tcbatch.batch;

import java.nio.file.Path;

/**
 * One job's worth of items, written as a Batch JSON V2 file ready to upload.
 *
 * @param index        1-based position in the run
 * @param file         the chunk file
 * @param items        all items in it
 * @param indicators   indicators among them
 * @param groups       groups among them
 * @param associations associations among them
 * @param bytes        size of the file in bytes (UTF-8)
 * @param afterPrevious submit only once every earlier chunk of the run is Completed (its items
 *                      name items of earlier chunks, which must exist first)
 */
public record Chunk(int index, Path file, int items, int indicators, int groups, int associations, long bytes,
                    boolean afterPrevious) {

    public Chunk(int index, Path file, int items, int indicators, int groups, int associations, long bytes) {
        this(index, file, items, indicators, groups, associations, bytes, false);
    }
}
