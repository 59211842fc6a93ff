package io.tcbatch.batch;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tcbatch.input.ItemKind;

/**
 * Splits a stream of checked items into Batch JSON V2 chunk files of at most {@code maxItems}
 * items and {@code maxIndicators} indicators. Each kind goes to its own part file while a chunk
 * fills, so memory holds one item at a time whatever the chunk size; the parts are joined into
 * {@code {"indicator":[…],"group":[…],"association":[…]}} when the chunk closes — association
 * last, as the API doc asks.
 */
final class ChunkWriter implements AutoCloseable {
    /** The server's hard per-job limit (API doc §3.7). */
    static final int MAX_INDICATORS_PER_JOB = 25_000;

    private final Path dir;
    private final int maxItems;
    private final int maxIndicators;
    private final ObjectMapper json;
    private final List<Chunk> done = new ArrayList<>();
    private final Map<ItemKind, Part> parts = new EnumMap<>(ItemKind.class);
    private int items;

    ChunkWriter(Path dir, int maxItems, ObjectMapper json) throws IOException {
        if (maxItems < 1) {
            throw new UsageException("chunk size must be at least 1, not " + maxItems);
        }
        this.dir = Files.createDirectories(dir);
        this.maxItems = maxItems;
        this.maxIndicators = Math.min(maxItems, MAX_INDICATORS_PER_JOB);
        this.json = json;
    }

    void add(ItemKind kind, ObjectNode node) throws IOException {
        if (items >= maxItems || (kind == ItemKind.INDICATOR && count(ItemKind.INDICATOR) >= maxIndicators)) {
            flush();
        }
        Part p = parts.get(kind);
        if (p == null) {
            p = new Part(dir.resolve(String.format("chunk-%04d.%s.part", done.size() + 1, kind.arrayName())));
            parts.put(kind, p);
        }
        p.write(json.writeValueAsBytes(node));
        items++;
    }

    private int count(ItemKind kind) {
        Part p = parts.get(kind);
        return p == null ? 0 : p.count;
    }

    /** Closes the current chunk, if it holds anything. */
    void flush() throws IOException {
        if (items == 0) {
            return;
        }
        int index = done.size() + 1;
        Path file = dir.resolve(String.format("chunk-%04d.json", index));
        long bytes = 0;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
            bytes += write(out, "{");
            boolean first = true;
            for (ItemKind kind : List.of(ItemKind.INDICATOR, ItemKind.GROUP, ItemKind.ASSOCIATION)) {
                bytes += write(out, (first ? "" : ",") + "\"" + kind.arrayName() + "\":[");
                first = false;
                Part p = parts.get(kind);
                if (p != null) {
                    p.out.close();
                    try (InputStream in = Files.newInputStream(p.file)) {
                        bytes += in.transferTo(out);
                    }
                    Files.delete(p.file);
                }
                bytes += write(out, "]");
            }
            bytes += write(out, "}\n");
        }
        done.add(new Chunk(index, file, items, count(ItemKind.INDICATOR), count(ItemKind.GROUP),
                count(ItemKind.ASSOCIATION), bytes));
        parts.clear();
        items = 0;
    }

    List<Chunk> chunks() {
        return List.copyOf(done);
    }

    private static long write(OutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.write(b);
        return b.length;
    }

    @Override
    public void close() throws IOException {
        for (Part p : parts.values()) {
            p.out.close();
            Files.deleteIfExists(p.file);
        }
        parts.clear();
    }

    private static final class Part {
        final Path file;
        final OutputStream out;
        int count;

        Part(Path file) throws IOException {
            this.file = file;
            this.out = new BufferedOutputStream(Files.newOutputStream(file));
        }

        void write(byte[] element) throws IOException {
            if (count > 0) {
                out.write(',');
            }
            out.write(element);
            count++;
        }
    }
}
