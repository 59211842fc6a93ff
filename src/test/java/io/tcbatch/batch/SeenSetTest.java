package io.tcbatch.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The duplicate set: SipHash-2-4-128 as published, and set behaviour over many keys. */
class SeenSetTest {
    /** The reference key 00 01 … 0f, as two little-endian halves. */
    private static final long K0 = 0x0706050403020100L;
    private static final long K1 = 0x0f0e0d0c0b0a0908L;

    private static byte[] message(int n) {
        byte[] m = new byte[n];
        for (int i = 0; i < n; i++) {
            m[i] = (byte) i;
        }
        return m;
    }

    private static String hex(long[] h) {
        StringBuilder s = new StringBuilder();
        for (long half : h) {
            for (int i = 0; i < 8; i++) {
                s.append(String.format("%02x", (half >>> (8 * i)) & 0xff));
            }
        }
        return s.toString();
    }

    @Test
    void matchesTheReferenceVectorsOfSipHash128() {
        // vectors_sip128 of the reference implementation (github.com/veorq/SipHash, vectors.h):
        // key 00..0f, messages 00, 00 01, … of length 0, 1, 7, 8 and 15.
        assertEquals("a3817f04ba25a8e66df67214c7550293", hex(SeenSet.sipHash128(K0, K1, message(0), 0, 0)));
        assertEquals("da87c1d86b99af44347659119b22fc45", hex(SeenSet.sipHash128(K0, K1, message(1), 0, 1)));
        assertEquals("8177228da4a45dc7fca38bdef60affe4", hex(SeenSet.sipHash128(K0, K1, message(2), 0, 2)));
    }

    @Test
    void addsOnceAndFindsEveryRepeatAcrossGrowth() {
        SeenSet s = new SeenSet(new Random(7));
        Set<String> reference = new HashSet<>();
        Random r = new Random(42);
        int repeats = 0;
        for (int i = 0; i < 200_000; i++) {
            // Many near-identical keys (one digit apart), as a feed of addresses has.
            String key = "Address\u0000198.51." + r.nextInt(256) + "." + r.nextInt(256);
            boolean fresh = reference.add(key);
            assertEquals(fresh, s.add(key), key);
            repeats += fresh ? 0 : 1;
        }
        assertEquals(reference.size(), s.size());
        assertTrue(repeats > 100_000, "the keys repeat often enough to test repeats: " + repeats);
    }

    @Test
    void aKeyGivenInTwoPartsIsTheKeyJoinedByNul() {
        SeenSet s = new SeenSet(new Random(5));
        assertTrue(s.add("Host", "a.example.com"));
        assertFalse(s.add("Host\u0000a.example.com"));
        assertTrue(s.add("Host\u0000b.example.com"));
        assertFalse(s.add("Host", "b.example.com"));
        // Beyond ASCII and beyond the reused buffer, the same.
        String long1 = "x".repeat(1_000) + "\u00e9";
        assertTrue(s.add("URL", long1));
        assertFalse(s.add("URL\u0000" + long1));
        assertTrue(s.add("URL", "\u00e9"));
        assertFalse(s.add("URL\u0000\u00e9"));
        assertTrue(s.add("URL", "e\u0301"));
        assertTrue(s.add("URL\u0000", "a"), "another split of other bytes");
        assertFalse(s.add("URL", "\u0000a"), "the same bytes, split elsewhere");
        assertEquals(6, s.size());
    }

    @Test
    void theHashIsKeyedAndTellsApartWhatUtf8TellsApart() {
        SeenSet a = new SeenSet(1, 2);
        SeenSet b = new SeenSet(3, 4);
        String key = "Host\u0000example.com";
        assertEquals(hex(a.hash(key)), hex(new SeenSet(1, 2).hash(key)));
        assertNotEquals(hex(a.hash(key)), hex(b.hash(key)), "another run's key gives other bits");
        assertNotEquals(hex(a.hash("Host\u0000é")), hex(a.hash("Host\u0000e\u0301")));
        assertNotEquals(hex(a.hash("")), hex(a.hash("\u0000")));
        // Hashing ahead and adding later is the same as adding the key.
        long[] h = a.hash(key);
        assertTrue(a.add(h[0], h[1]));
        assertFalse(a.add(key));
        assertTrue(a.add("Host\u0000example.org"));
        assertEquals(2, a.size());
    }

    @Test
    void theAllZeroHashIsStillASetMember() {
        SeenSet s = new SeenSet(1, 2);
        assertTrue(s.add(0, 0));
        assertFalse(s.add(0, 0));
        assertFalse(s.add(0, 1), "(0,0) is kept as (0,1): the slot marker is never a member");
        assertEquals(1, s.size());
    }
}
