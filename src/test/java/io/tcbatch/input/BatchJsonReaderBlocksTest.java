package io.tcbatch.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * The read-ahead thread hands items over in blocks (64 an exchange), and the compact-form test
 * scans strings through a table: neither may change what the caller sees.
 */
class BatchJsonReaderBlocksTest {
    private static String many(int n, String tail) {
        StringBuilder b = new StringBuilder("[\n");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",\n").append("{\"type\":\"Host\",\"summary\":\"h").append(i).append(".example.com\"}");
        }
        return b.append(tail).toString();
    }

    private static List<String> readAll(String json, int readAheadAfter) throws IOException {
        List<String> out = new ArrayList<>();
        try (BatchJsonReader r = new BatchJsonReader("in.json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))) {
            r.readAheadAfter = readAheadAfter;
            InputItem i;
            while ((i = r.next()) != null) {
                out.add(i.line() + ":" + i.column() + " " + i.node() + " " + (i.json() == null ? "-" : new String(i.json(), StandardCharsets.US_ASCII)));
            }
            assertNull(r.next());
        }
        return out;
    }

    @Test
    void everyCountAroundABlockBoundaryReadsTheSame() throws IOException {
        for (int n : new int[] {1, 63, 64, 65, 127, 128, 129, 255, 256, 257, 320, 321}) {
            String json = many(n, "\n]");
            List<String> reference = readAll(json, -1);
            assertEquals(n, reference.size());
            for (int after : new int[] {0, 1, 63, 64}) {
                assertEquals(reference, readAll(json, after), n + " items, read ahead after " + after);
            }
        }
    }

    @Test
    void anErrorRightAfterAFullBlockComesAfterItsItemsAndNothingElse() throws IOException {
        for (int n : new int[] {63, 64, 65, 256, 257}) {
            String json = many(n, ",\n{\"type\":\"Host\",}]");
            for (int after : new int[] {-1, 0, 7}) {
                List<String> seen = new ArrayList<>();
                try (BatchJsonReader r = new BatchJsonReader("in.json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))) {
                    r.readAheadAfter = after;
                    InputException e = assertThrows(InputException.class, () -> {
                        InputItem i;
                        while ((i = r.next()) != null) {
                            seen.add(String.valueOf(i.line()));
                        }
                    });
                    assertEquals(n, seen.size(), n + " items, read ahead after " + after);
                    assertEquals(n + 2, e.line());
                    assertThrows(InputException.class, r::next, "the error again, no item after it");
                }
            }
        }
    }

    /** The compact-form test as it was before the table, byte by byte: the reference. */
    private static boolean reference(byte[] b) {
        int n = b.length;
        if (n < 2 || b[0] != '{' || b[n - 1] != '}') {
            return false;
        }
        int i = 0;
        while (i < n) {
            int c = b[i];
            if (c < 0x20 || c == '\\') {
                return false;
            }
            if (c == '"') {
                i++;
                while (i < n && b[i] != '"') {
                    if (b[i] == '\\' || b[i] < 0x20) {
                        return false;
                    }
                    i++;
                }
                i++;
                continue;
            }
            if (c == '-' || c >= '0' && c <= '9') {
                if (c == '-' && i + 1 < n && b[i + 1] == '0') {
                    return false;
                }
                i++;
                while (i < n && b[i] >= '0' && b[i] <= '9') {
                    i++;
                }
                if (i < n && (b[i] == '.' || b[i] == 'e' || b[i] == 'E')) {
                    return false;
                }
                continue;
            }
            if (c == '{' || c == '}' || c == '[' || c == ']' || c == ':' || c == ',' || c >= 'a' && c <= 'z') {
                i++;
                continue;
            }
            return false;
        }
        return true;
    }

    @Test
    void theCompactFormTestAgreesWithTheByteByByteOne() {
        // Random objects built from the bytes that matter: quotes, escapes, controls, DEL, non-ASCII, digits, signs.
        byte[] alphabet = "\"\"\"\"\\\t\u007f-0.5eE:,[]{}atrue \u00e9".getBytes(StandardCharsets.ISO_8859_1);
        Random r = new Random(1);
        int compact = 0;
        for (int k = 0; k < 200_000; k++) {
            byte[] b = new byte[2 + r.nextInt(14)];
            b[0] = '{';
            b[b.length - 1] = '}';
            for (int i = 1; i < b.length - 1; i++) {
                b[i] = r.nextInt(3) == 0 ? (byte) r.nextInt(256) : alphabet[r.nextInt(alphabet.length)];
            }
            boolean expected = reference(b);
            compact += expected ? 1 : 0;
            assertEquals(expected, BatchJsonReader.isCompactForm(b), () -> new String(b, StandardCharsets.ISO_8859_1));
        }
        assertTrue(compact > 1_000, "both outcomes are exercised: " + compact + " compact");
        for (String s : List.of("{\"a\":\"b\"}", "{\"a\":\"\u007f\"}", "{\"a\":\"b\\\"\"}", "{\"a\":\"\u00e9\"}", "{\"a\":1.5}",
                "{\"a\":-0}", "{\"a\":\"b}")) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            assertEquals(reference(b), BatchJsonReader.isCompactForm(b), s);
        }
    }
}
