package io.tcbatch.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reading ahead on a second thread must not change what the caller sees: every input is read
 * with read-ahead off (the reference) and on from several points, and the items, their order and
 * positions, the format name and the error (message, line, column, and that nothing follows it)
 * must be the same.
 */
class BatchJsonReaderReadAheadTest {
    /** What one complete read produced, in a form that compares with equals. */
    private record Outcome(List<String> items, String format, String error) {
    }

    private static Outcome read(String json, int readAheadAfter) throws IOException {
        return read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), readAheadAfter);
    }

    private static Outcome read(InputStream in, int readAheadAfter) throws IOException {
        List<String> items = new ArrayList<>();
        String format = null;
        String error = null;
        BatchJsonReader r;
        try {
            r = new BatchJsonReader("in.json", in);
        } catch (InputException e) {
            return new Outcome(items, null, describe(e));
        }
        r.readAheadAfter = readAheadAfter;
        try (r) {
            InputItem i;
            while ((i = r.next()) != null) {
                items.add(i.kind() + "@" + i.line() + ":" + i.column() + " " + i.node());
            }
            assertNull(r.next(), "stays at the end");
            format = r.formatName();
        } catch (InputException e) {
            error = describe(e);
        }
        return new Outcome(items, format, error);
    }

    private static String describe(InputException e) {
        return e.file() + ":" + e.line() + ":" + e.column() + " " + e.getMessage();
    }

    private static String many(int n, String open, String close) {
        StringBuilder b = new StringBuilder(open);
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",\n").append("{\"type\":\"Host\",\"summary\":\"h").append(i)
                    .append(".example.com\",\"rating\":").append(i % 6).append(",\"tag\":[{\"name\":\"t").append(i % 7)
                    .append("\"}]}");
        }
        return b.append(close).toString();
    }

    private static void sameAsWithoutReadAhead(String json) throws IOException {
        Outcome reference = read(json, -1);
        for (int after : new int[] {0, 1, 2, 5, 300}) {
            assertEquals(reference, read(json, after), "read ahead after " + after + " items");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "[]",
        "{}",
        "[{\"type\":\"Host\",\"summary\":\"a.example.com\"},{\"type\":\"Address\",\"summary\":\"192.0.2.1\"}]",
        "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"a.example.com\"}],\"group\":[{\"type\":\"Incident\",\"name\":\"n\"}],"
                + "\"association\":[{\"ref_1\":\"a\",\"ref_2\":\"b\"}]}",
        " [{\"indicator\": [{\"type\":\"Host\",\"summary\":\"a.example.com\"}]}, {\"group\": [{\"type\":\"Incident\",\"name\":\"n\"}]}]",
        "{\"owner\":\"x\",\"meta\":{\"indicator\":[1]},\"indicator\":[{\"type\":\"Host\",\"summary\":\"a.example.com\"}],\"n\":1}",
        // Errors at the first item, in the middle, and after the end of the document.
        "[{\"type\":\"Host\",\"summary\":\"a.example.com\",}]",
        "[{\"type\":\"Host\",\"summary\":\"a.example.com\"},{\"type\":\"Host\",\"type\":\"Host\"},{\"type\":\"Host\"}]",
        "[{\"type\":\"Host\",\"summary\":\"a.example.com\"},{\"type\":\"Host\"}] [1]",
        "[{\"type\":\"Host\",\"summary\":\"a.example.com\"},{\"type\":\"Host\"}",
        "[{\"type\":\"Host\"},{\"type\":\"Host\"},3]",
        "{\"indicator\":[{\"type\":\"Host\"}],\"group\":7}",
        "{\"owner\":\"x\",\"meta\":1}",
        "{\"indicator\":[{\"summary\":\"tab\there\"}]}",
    })
    void smallInputsReadTheSameWithAndWithoutReadAhead(String json) throws IOException {
        sameAsWithoutReadAhead(json);
    }

    @Test
    void moreItemsThanTheQueueHoldsReadTheSame() throws IOException {
        String json = many(3_000, "{\"indicator\":[\n", "\n]}\n");
        Outcome reference = read(json, -1);
        assertEquals(3_000, reference.items().size());
        assertNull(reference.error());
        sameAsWithoutReadAhead(json);
    }

    @Test
    void anErrorAfterThousandsOfItemsComesAfterEveryItemBeforeItAndNothingAfter() throws IOException {
        // A trailing comma inside item 2,501 (line 2,502): the 2,500 items before it are handed out, then the error.
        String json = many(2_500, "[\n", ",\n{\"type\":\"Host\",\"summary\":\"x.example.com\",}\n,{\"type\":\"Host\"}]");
        Outcome reference = read(json, -1);
        assertEquals(2_500, reference.items().size());
        assertNotNull(reference.error());
        assertTrue(reference.error().startsWith("in.json:2502:42 "), reference.error());
        sameAsWithoutReadAhead(json);
    }

    @Test
    void theErrorIsThrownAgainOnEveryLaterCallAndNoItemFollowsIt() throws IOException {
        String json = "[{\"type\":\"Host\"},{\"type\":\"Host\",}, {\"type\":\"Host\"}]";
        try (BatchJsonReader r = new BatchJsonReader("in.json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)))) {
            r.readAheadAfter = 0;
            assertNotNull(r.next());
            InputException first = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, r::next);
            InputException again = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, r::next);
            assertEquals(first.getMessage(), again.getMessage());
            assertEquals(1, first.line());
        }
    }

    @Test
    void closingBeforeTheEndStopsTheReadingThread() throws IOException, InterruptedException {
        String json = many(5_000, "[", "]");
        int before = readAheadThreads();
        for (int k = 0; k < 5; k++) {
            BatchJsonReader r = new BatchJsonReader("in.json", new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
            r.readAheadAfter = 0;
            assertNotNull(r.next());
            assertNotNull(r.next());
            r.close(); // the thread is blocked on a full queue here
        }
        assertEquals(before, readAheadThreads(), "no reading thread outlives close()");
    }

    @Test
    void smallInputsStartNoThreadByDefault() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(System.getProperty("tcbatch.input.readAheadAfter") == null,
                "the threshold is overridden for this run");
        assertEquals(2_000, BatchJsonReader.READ_AHEAD_AFTER);
        int before = readAheadThreads();
        try (BatchJsonReader r = new BatchJsonReader("in.json",
                new ByteArrayInputStream(many(1_999, "[", "]").getBytes(StandardCharsets.UTF_8)))) {
            int n = 0;
            while (r.next() != null) {
                n++;
                assertEquals(before, readAheadThreads());
            }
            assertEquals(1_999, n);
            assertEquals(before, readAheadThreads(), "not even to find the end");
        }
    }

    private static int readAheadThreads() {
        int n = 0;
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("tcbatch-read-ahead") && t.isAlive()) {
                n++;
            }
        }
        return n;
    }
}
