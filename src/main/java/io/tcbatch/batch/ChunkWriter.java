package io.tcbatch.batch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.tcbatch.input.ItemKind;

/**
 * Writes already serialised items into chunk files bounded by item count, indicator count (at
 * most 25,000 a job, §3.7) and the real UTF-8 size of the file. Items arrive in run order —
 * groups, then indicators, then associations — so each chunk is written front to back in one
 * stream: V2 chunks as {@code {"group":[…],"indicator":[…],"association":[…]}} (association last,
 * §3.2), V1 chunks as a bare array of indicators (§3.1). The caller asks {@link #fits} before
 * each addition and {@link #cut}s when the answer is no; sizes are known exactly beforehand
 * because the envelope is fixed and items are separated by single commas.
 */
final class ChunkWriter implements AutoCloseable {
    /** The server's hard per-job limit (API doc §3.7). */
    static final int MAX_INDICATORS_PER_JOB = 25_000;

    private static final List<ItemKind> V2_ORDER = List.of(ItemKind.GROUP, ItemKind.INDICATOR, ItemKind.ASSOCIATION);

    private final Path dir;
    private final int maxItems;
    private final int maxIndicators;
    private final long maxBytes;
    private final boolean v1;
    private final List<Chunk> done = new ArrayList<>();
    private boolean groupsInEarlierChunks;

    // The chunk being written, if any.
    private OutputStream out;
    private Path file;
    private int section = -1;
    private final int[] counts = new int[3];
    private int items;
    private long bytes;
    /**
     * The SHA-256 of the chunk being written, fed with every byte as it goes out, so the hash a
     * resume checks costs no second read of the file (SHA-NI makes it a small share of preflight).
     */
    private java.security.MessageDigest digest;
    /**
     * What is not yet written of the current chunk. Items are gathered here and both hashed and
     * written a full buffer at a time: fed an item (a hundred bytes) and a comma at a time, the
     * digest and a BufferedOutputStream cost several times what the bytes themselves do.
     */
    private final byte[] pending = new byte[256 * 1024];
    private int pendingLength;

    ChunkWriter(Path dir, int maxItems, long maxBytes, boolean v1) throws IOException {
        if (maxItems < 1) {
            throw new UsageException("chunk size must be at least 1, not " + maxItems);
        }
        if (maxBytes < envelope(v1) + 1) {
            throw new UsageException("chunk byte limit must be at least " + (envelope(v1) + 1) + ", not " + maxBytes);
        }
        this.dir = Files.createDirectories(dir);
        this.maxItems = maxItems;
        this.maxIndicators = Math.min(maxItems, MAX_INDICATORS_PER_JOB);
        this.maxBytes = maxBytes;
        this.v1 = v1;
    }

    /** Bytes of a chunk file with no items: the brackets and array names. */
    static long envelope(boolean v1) {
        return v1 ? 2 : "{\"group\":[],\"indicator\":[],\"association\":[]}".length();
    }

    long maxBytes() {
        return maxBytes;
    }

    int maxItems() {
        return maxItems;
    }

    /** Whether {@code n} items of {@code len} bytes in all fit one chunk that holds nothing else. */
    boolean fitsEmpty(ItemKind kind, int n, long len) {
        int cap = kind == ItemKind.INDICATOR ? maxIndicators : maxItems;
        return n <= cap && envelope(v1) + len + (n - 1) <= maxBytes;
    }

    /** Whether {@code n} more items of {@code len} bytes in all fit the current chunk. */
    boolean fits(ItemKind kind, int n, long len) {
        if (out == null) {
            return fitsEmpty(kind, n, len);
        }
        if (items + n > maxItems || (kind == ItemKind.INDICATOR && counts[slot(kind)] + n > maxIndicators)) {
            return false;
        }
        int already = counts[slot(kind)];
        long added = len + (n - 1) + (already > 0 ? 1 : 0);
        return projected() + added <= maxBytes;
    }

    /** Size the current chunk file will have if closed now. */
    private long projected() {
        // Asked once per item: the closing bytes come from a table, not from building the strings.
        return bytes + (v1 ? 1 : CLOSING[section + 1]);
    }

    /*
     * CLOSING[s]: bytes still to write when the sections before s are open (and s-1 is the
     * current one): the openings of sections s..2, then "]}". Section names are ASCII, so
     * length() is the UTF-8 size.
     */
    private static final int[] CLOSING = new int[4];

    static {
        CLOSING[3] = 2; // "]}"
        for (int s = 2; s >= 0; s--) {
            CLOSING[s] = CLOSING[s + 1] + sectionOpen(s).length();
        }
    }

    /** Appends one serialised item (no trailing newline) to the current chunk, opening one if needed. */
    void add(ItemKind kind, byte[] buf, int off, int len) throws IOException {
        if (v1 && kind != ItemKind.INDICATOR) {
            throw new IllegalStateException("a V1 chunk holds indicators only");
        }
        if (out == null) {
            open();
        }
        int s = slot(kind);
        if (s < section) {
            throw new IllegalStateException(kind + " after " + V2_ORDER.get(section) + ": items must come in run order");
        }
        while (section < s) {
            section++;
            bytes += write(sectionOpen(section));
        }
        if (counts[s] > 0) {
            if (pendingLength == pending.length) {
                flush();
            }
            pending[pendingLength++] = ',';
            bytes++;
        }
        put(buf, off, len);
        bytes += len;
        counts[s]++;
        items++;
    }

    /** Closes the current chunk, if it holds anything. */
    void cut() throws IOException {
        if (out == null) {
            return;
        }
        if (v1) {
            bytes += write("]");
        } else {
            while (section < 2) {
                section++;
                bytes += write(sectionOpen(section));
            }
            bytes += write("]}");
        }
        flush();
        out.close();
        out = null;
        int index = done.size() + 1;
        // A V1 chunk holds indicators only, all counted in one slot: groups and associations are 0.
        int groups = v1 ? 0 : counts[slot(ItemKind.GROUP)];
        int indicators = counts[slot(ItemKind.INDICATOR)];
        int associations = v1 ? 0 : counts[slot(ItemKind.ASSOCIATION)];
        boolean after = index > 1 && (associations > 0 || (indicators > 0 && groupsInEarlierChunks));
        done.add(new Chunk(index, file, items, indicators, groups, associations, bytes, after,
                java.util.HexFormat.of().formatHex(digest.digest())));
        groupsInEarlierChunks |= groups > 0;
    }

    /**
     * Closes the current chunk and forgets every chunk written so far, as if none had been: the
     * next one is numbered 1 again. Returns their files, in order, for the caller to take the
     * items back and delete them.
     */
    List<Path> abandon() throws IOException {
        cut();
        List<Path> files = done.stream().map(Chunk::file).toList();
        done.clear();
        groupsInEarlierChunks = false;
        return files;
    }

    List<Chunk> chunks() {
        return List.copyOf(done);
    }

    private void open() throws IOException {
        file = dir.resolve(String.format("chunk-%04d.json", done.size() + 1));
        out = Files.newOutputStream(file);
        pendingLength = 0;
        digest = sha256();
        items = 0;
        counts[0] = counts[1] = counts[2] = 0;
        if (v1) {
            section = slot(ItemKind.INDICATOR);
            bytes = write("[");
        } else {
            section = -1;
            bytes = write("{");
        }
    }

    private int slot(ItemKind kind) {
        return v1 ? 1 : V2_ORDER.indexOf(kind);
    }

    private static String sectionOpen(int s) {
        return (s == 0 ? "" : "],") + "\"" + V2_ORDER.get(s).arrayName() + "\":[";
    }

    private long write(String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        put(b, 0, b.length);
        return b.length;
    }

    private void put(byte[] b, int off, int len) throws IOException {
        if (len > pending.length - pendingLength) {
            flush();
            if (len > pending.length) {
                digest.update(b, off, len);
                out.write(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, pending, pendingLength, len);
        pendingLength += len;
    }

    /** Hashes and writes what is pending, in that order of bytes. */
    private void flush() throws IOException {
        if (pendingLength > 0) {
            digest.update(pending, 0, pendingLength);
            out.write(pending, 0, pendingLength);
            pendingLength = 0;
        }
    }

    static java.security.MessageDigest sha256() {
        try {
            return java.security.MessageDigest.getInstance("SHA-256");
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            pendingLength = 0;
            out.close();
            out = null;
            Files.deleteIfExists(file);
        }
    }
}
