package io.tcbatch.input;

import java.util.Random;

/**
 * A Batch JSON document of 4,000 Host indicators with random extra fields, for the reader tests
 * that compare two ways of reading: some items compact, some with spaces or line breaks, and now
 * and then one of 300–400 KB, so that items straddle every kind of buffer boundary.
 */
final class RandomItems {
    private RandomItems() {
    }

    /** The document for this seed, each extra field's value one of {@code values} (JSON text). */
    static String document(long seed, String[] values) {
        Random random = new Random(seed);
        StringBuilder b = new StringBuilder("{\"group\":[],\"indicator\":[");
        for (int i = 0; i < 4_000; i++) {
            b.append(i == 0 ? "" : random.nextInt(3) == 0 ? ",\n " : ",");
            b.append("{\"type\":\"Host\",\"summary\":\"h").append(i).append(".example.com\"");
            int fields = random.nextInt(6);
            for (int f = 0; f < fields; f++) {
                b.append(",\"f").append(f).append("\":").append(values[random.nextInt(values.length)]);
            }
            if (random.nextInt(500) == 0) {
                b.append(",\"big\":\"").append("y".repeat(300_000 + random.nextInt(100_000))).append('"');
            }
            b.append(random.nextInt(20) == 0 ? " }" : "}");
        }
        return b.append("]}").toString();
    }
}
