package io.tcbatch.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.tcbatch.input.InputItem;
import io.tcbatch.input.Inputs;

/**
 * Sending an unchanged item's own bytes instead of serialising its tree must not change a byte of
 * any chunk: the same inputs are prepared with a default mapper (bytes as read where they qualify)
 * and with a mapper that differs only in a feature no tree uses (so every item is serialised), and
 * the chunk files, counts, rejects and duplicates must be identical.
 */
class PreflightAsReadTest {
    @TempDir
    Path dir;

    private static final String INPUT = "{\"group\":[{\"type\":\"Incident\",\"name\":\"n\",\"xid\":\"g-1\"},"
            + " {\"type\":\"Adversary\",\"name\":\"m\",\"xid\":\"g-2\",\"associatedGroupXid\":[\"g-1\"]}],\n"
            + "\"indicator\":[\n"
            + "{\"type\":\"Host\",\"summary\":\"a.example.com\",\"rating\":3,\"confidence\":50},\n"
            + "{\"type\":\"Host\",\"summary\":\"B.Example.COM\"},\n"             // normalised: lower case
            + "{\"type\":\"Address\",\"summary\":\"2001:DB8:0:0:0:0:0:1\"},\n"    // normalised: RFC 5952
            + "{\"type\":\"Address\",\"summary\":\"192.0.2.1\",\"rating\":\"4\"},\n" // normalised: number
            + "{\"type\":\"Address\", \"summary\":\"192.0.2.2\"},\n"               // white space: serialised
            + "{\"type\":\"URL\",\"summary\":\"https://www.example.com/a\\/b\"},\n"   // escape: serialised
            + "{\"type\":\"File\",\"summary\":\"D41D8CD98F00B204E9800998ECF8427E\"},\n"
            + "{\"type\":\"File\",\"md5\":\"d41d8cd98f00b204e9800998ecf8427f\",\"rating\":2.5},\n"
            + "{\"type\":\"Host\",\"summary\":\"a.example.com\"},\n"              // duplicate
            + "{\"type\":\"Host\",\"summary\":\"not a host\"},\n"                 // rejected
            + "{\"type\":\"EmailAddress\",\"summary\":\"user@example.com\",\"tag\":[{\"name\":\"t\"}],"
            + "\"attribute\":[{\"type\":\"Description\",\"value\":\"caf\u00e9\"}]},\n"
            + "{\"type\":\"Host\",\"summary\":\"c.example.com\",\"active\":\"TRUE\",\"associatedGroups\":[{\"groupXid\":\"g-2\"}]}\n"
            + "],\"association\":[{\"ref_1\":\"g-1\",\"ref_2\":\"g-2\"}]}";

    private Plan prepare(ObjectMapper json, Path input, int chunkSize, String name) throws IOException {
        Path runDir = Files.createDirectories(dir.resolve(name));
        return new Preflight(json, chunkSize, 2_000_000, "V2").run("r1", runDir, List.of(Inputs.file(input)));
    }

    private void sameChunks(Path input, int chunkSize) throws IOException {
        ObjectMapper fast = new ObjectMapper();
        // Changes nothing a tree writes, but is not the default: every item is serialised again.
        ObjectMapper slow = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        assertTrue(InputItem.writtenAsRead(fast));
        assertFalse(InputItem.writtenAsRead(slow));
        Plan a = prepare(fast, input, chunkSize, "fast-" + chunkSize);
        Plan b = prepare(slow, input, chunkSize, "slow-" + chunkSize);
        assertEquals(List.of(b.read(), b.duplicates(), b.rejected(), (long) b.chunks().size()),
                List.of(a.read(), a.duplicates(), a.rejected(), (long) a.chunks().size()));
        for (int i = 0; i < a.chunks().size(); i++) {
            Chunk x = a.chunks().get(i);
            Chunk y = b.chunks().get(i);
            assertEquals(y.bytes(), x.bytes());
            assertEquals(List.of(y.items(), y.indicators(), y.groups(), y.associations()),
                    List.of(x.items(), x.indicators(), x.groups(), x.associations()));
            assertArrayEquals(Files.readAllBytes(y.file()), Files.readAllBytes(x.file()), "chunk " + x.index());
        }
        for (String f : List.of("rejects.jsonl", "duplicates.jsonl")) {
            Path x = a.runDir().resolve(f);
            Path y = b.runDir().resolve(f);
            assertEquals(Files.exists(y), Files.exists(x), f);
            if (Files.exists(y)) {
                assertEquals(Files.readString(y), Files.readString(x), f);
            }
        }
    }

    @Test
    void chunksAreByteForByteTheSameWhetherItemsAreSerialisedOrSentAsRead() throws IOException {
        Path input = Files.writeString(dir.resolve("in.json"), INPUT, StandardCharsets.UTF_8);
        sameChunks(input, 5_000);
        sameChunks(input, 3);
        Plan p = prepare(new ObjectMapper(), input, 5_000, "check");
        assertEquals(1, p.duplicates());
        assertEquals(1, p.rejected());
        String chunk = Files.readString(p.chunks().get(0).file());
        // The normalised ones went out normalised, the others as written.
        assertTrue(chunk.contains("{\"type\":\"Host\",\"summary\":\"b.example.com\"}"), chunk);
        assertTrue(chunk.contains("{\"type\":\"Address\",\"summary\":\"2001:db8::1\"}"), chunk);
        assertTrue(chunk.contains("{\"type\":\"Address\",\"summary\":\"192.0.2.1\",\"rating\":4}"), chunk);
        assertTrue(chunk.contains("\"active\":true"), chunk);
        assertTrue(chunk.contains("{\"type\":\"Host\",\"summary\":\"a.example.com\",\"rating\":3,\"confidence\":50}"), chunk);
    }

    @Test
    void aLargeFileReadAheadGivesTheSameChunksAsSerialisingEveryItem() throws IOException {
        StringBuilder b = new StringBuilder("{\"indicator\":[\n");
        for (int i = 0; i < 6_000; i++) {
            b.append(i == 0 ? "" : ",\n");
            switch (i % 5) {
                case 0 -> b.append("{\"type\":\"Host\",\"summary\":\"h").append(i).append(".example.com\",\"rating\":").append(i % 6).append('}');
                case 1 -> b.append("{\"type\":\"Host\",\"summary\":\"H").append(i).append(".Example.com\"}");
                case 2 -> b.append("{\"type\":\"Address\",\"summary\":\"2001:db8::").append(Integer.toHexString(i)).append("\"}");
                case 3 -> b.append("{\"type\":\"URL\",\"summary\":\"https://example.com/").append(i).append("\", \"confidence\":\"7\"}");
                default -> b.append("{\"type\":\"Host\",\"summary\":\"h").append(i - 4).append(".example.com\"}"); // duplicate
            }
        }
        Path input = Files.writeString(dir.resolve("big.json"), b.append("]}").toString(), StandardCharsets.UTF_8);
        sameChunks(input, 1_000);
        Plan p = prepare(new ObjectMapper(), input, 1_000, "check");
        assertEquals(6_000, p.read());
        assertEquals(1_200, p.duplicates()); // every fifth item repeats the one four before it
    }
}
