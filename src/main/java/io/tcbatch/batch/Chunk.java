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
 */
public record Chunk(int index, Path file, int items, int indicators, int groups, int associations, long bytes) {
}
