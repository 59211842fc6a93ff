package io.tcbatch.batch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The set of item keys already in this run, for counting duplicates. It keeps 128 bits of a
 * SHA-256 of each key (16 bytes an item instead of the whole string), in an open-addressing
 * table, so a run of millions of items stays within tens of megabytes. A false "duplicate"
 * would need a 128-bit collision: not a practical concern.
 */
final class SeenSet {
    private long[] table = new long[2 * 1024];
    private int size;
    private final MessageDigest sha;

    SeenSet() {
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds the key; returns false when it was already there. */
    boolean add(String key) {
        byte[] d = sha.digest(key.getBytes(StandardCharsets.UTF_8));
        long a = toLong(d, 0);
        long b = toLong(d, 8);
        if (a == 0 && b == 0) {
            b = 1; // (0,0) marks an empty slot
        }
        if ((size + 1) * 4L > (table.length / 2) * 3L) {
            grow();
        }
        return insert(table, a, b);
    }

    int size() {
        return size;
    }

    private boolean insert(long[] t, long a, long b) {
        int slots = t.length / 2;
        int i = (int) ((a ^ (a >>> 32)) & (slots - 1));
        while (true) {
            long x = t[2 * i];
            long y = t[2 * i + 1];
            if (x == 0 && y == 0) {
                t[2 * i] = a;
                t[2 * i + 1] = b;
                if (t == table) {
                    size++;
                }
                return true;
            }
            if (x == a && y == b) {
                return false;
            }
            i = (i + 1) & (slots - 1);
        }
    }

    private void grow() {
        long[] old = table;
        long[] bigger = new long[old.length * 2];
        for (int i = 0; i < old.length; i += 2) {
            if (old[i] != 0 || old[i + 1] != 0) {
                insert(bigger, old[i], old[i + 1]);
            }
        }
        table = bigger;
    }

    private static long toLong(byte[] d, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (d[off + i] & 0xff);
        }
        return v;
    }
}
