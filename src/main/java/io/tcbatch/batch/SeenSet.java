package io.tcbatch.batch;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The set of item keys already in this run, for counting duplicates. It keeps a 128-bit keyed
 * hash of each key (16 bytes an item instead of the whole string), in an open-addressing table,
 * so a run of millions of items stays within tens of megabytes.
 *
 * <p>Why a keyed hash is as safe here as the SHA-256 it replaced: a false "duplicate" (an item
 * dropped that is not a repeat) needs two different keys with the same 128 bits. The hash is
 * SipHash-2-4 with its 128-bit output, a pseudorandom function under a 128-bit key drawn from
 * {@link SecureRandom} for each set (each preflight) and never written anywhere. Someone crafting
 * an input file does not know that key, so to them every key's 128 bits are as good as random:
 * among n items the chance of any collision is at most n²/2¹²⁹ (about 10⁻²⁷ for a billion items),
 * the same bound a truncated SHA-256 gives. The key also keeps a crafted file from piling its
 * items into one run of the table's slots (hash flooding), which with an unkeyed hash is a
 * matter of trying inputs. SipHash is a few times cheaper than SHA-256 on keys this short, and
 * it needs no MessageDigest, so the hash can be taken on another thread than the insertion
 * ({@link #hash}, then {@link #add(long, long)}).
 */
final class SeenSet {
    private long[] table = new long[2 * 1024];
    private int size;
    private final long k0;
    private final long k1;

    SeenSet() {
        this(new SecureRandom());
    }

    /** With the key taken from {@code random} (tests pass a seeded one to reproduce a table). */
    SeenSet(java.util.Random random) {
        this(random.nextLong(), random.nextLong());
    }

    SeenSet(long k0, long k1) {
        this.k0 = k0;
        this.k1 = k1;
    }

    /** Adds the key; returns false when it was already there. */
    boolean add(String key) {
        long[] h = hash(key);
        return add(h[0], h[1]);
    }

    /**
     * The 128 bits this set keeps for {@code key}: pure and thread-safe, so another thread may
     * take it ahead of {@link #add(long, long)}.
     */
    long[] hash(String key) {
        byte[] b = key.getBytes(StandardCharsets.UTF_8);
        return sipHash128(k0, k1, b, 0, b.length);
    }

    /**
     * Adds the key {@code prefix + "\u0000" + rest} without building it: the same bytes are
     * hashed, encoded into a buffer this set reuses (so, unlike {@link #hash}, only for the
     * thread that adds). Returns false when the key was already there.
     */
    boolean add(String prefix, String rest) {
        int n = prefix.length() + 1 + rest.length();
        if (scratch.length < n) {
            scratch = new byte[Math.max(n, scratch.length * 2)];
        }
        byte[] b = scratch;
        int at = ascii(prefix, b, 0);
        if (at >= 0) {
            b[at++] = 0;
            at = ascii(rest, b, at);
        }
        if (at < 0) {
            return add(prefix + "\u0000" + rest);
        }
        long[] h = sipHash128(k0, k1, b, 0, at);
        return add(h[0], h[1]);
    }

    private byte[] scratch = new byte[256];

    /** Writes {@code s} from {@code at} as its UTF-8 (ASCII) bytes; -1 when it has any other character. */
    private static int ascii(String s, byte[] b, int at) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                return -1;
            }
            b[at++] = (byte) c;
        }
        return at;
    }

    /** Adds a key by its {@link #hash}; returns false when it was already there. */
    boolean add(long a, long b) {
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

    /**
     * SipHash-2-4 with 128-bit output (Aumasson and Bernstein; the reference implementation's
     * {@code outlen = 16}), over {@code len} bytes of {@code m} from {@code off}, with the key
     * as two little-endian 64-bit halves. Returns the output's two little-endian halves.
     * The SipRound is written out at each of its four places on purpose: as a method it would
     * need the four state words in an array or fields, and this runs once per item on the
     * preflight's main thread.
     */
    static long[] sipHash128(long k0, long k1, byte[] m, int off, int len) {
        long v0 = 0x736f6d6570736575L ^ k0;
        long v1 = 0x646f72616e646f6dL ^ k1 ^ 0xeeL;
        long v2 = 0x6c7967656e657261L ^ k0;
        long v3 = 0x7465646279746573L ^ k1;
        int end = off + (len & ~7);
        for (int i = off; i < end; i += 8) {
            long w = (m[i] & 0xffL) | (m[i + 1] & 0xffL) << 8 | (m[i + 2] & 0xffL) << 16 | (m[i + 3] & 0xffL) << 24
                    | (m[i + 4] & 0xffL) << 32 | (m[i + 5] & 0xffL) << 40 | (m[i + 6] & 0xffL) << 48
                    | (m[i + 7] & 0xffL) << 56;
            v3 ^= w;
            for (int r = 0; r < 2; r++) {
                v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
                v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
                v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
                v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
            }
            v0 ^= w;
        }
        long last = ((long) len & 0xff) << 56;
        for (int i = 0; i < (len & 7); i++) {
            last |= (m[end + i] & 0xffL) << (8 * i);
        }
        v3 ^= last;
        for (int r = 0; r < 2; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        v0 ^= last;
        v2 ^= 0xeeL;
        for (int r = 0; r < 4; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        long h0 = v0 ^ v1 ^ v2 ^ v3;
        v1 ^= 0xddL;
        for (int r = 0; r < 4; r++) {
            v0 += v1; v1 = Long.rotateLeft(v1, 13); v1 ^= v0; v0 = Long.rotateLeft(v0, 32);
            v2 += v3; v3 = Long.rotateLeft(v3, 16); v3 ^= v2;
            v0 += v3; v3 = Long.rotateLeft(v3, 21); v3 ^= v0;
            v2 += v1; v1 = Long.rotateLeft(v1, 17); v1 ^= v2; v2 = Long.rotateLeft(v2, 32);
        }
        long h1 = v0 ^ v1 ^ v2 ^ v3;
        return new long[] {h0, h1};
    }
}
