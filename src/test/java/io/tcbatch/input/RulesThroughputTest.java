package io.tcbatch.input;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A quick look at what the rules cost next to reading the JSON: prints items per second for a
 * bare Jackson token scan of 200,000 generated Host/Address/URL/File indicators, for building
 * their trees and checking them, and for the checks alone. Not a timed assertion (machines
 * differ); it asserts that every generated item is judged valid and normalised as expected, so
 * the measured path is the real one.
 */
class RulesThroughputTest {
    private static final int ITEMS = 200_000;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Test
    void printsItemsPerSecondForTheHotTypes() throws IOException {
        Random random = new Random(42);
        ArrayNode array = MAPPER.createArrayNode();
        for (int i = 0; i < ITEMS; i++) {
            array.add(item(i, random));
        }
        byte[] file = MAPPER.writeValueAsBytes(MAPPER.createObjectNode().set("indicator", array));

        List<JsonNode> nodes = read(file, false, true);
        long[] best = {Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE};
        int valid = 0;
        int lowerCaseHosts = 0;
        for (int round = 0; round < 5; round++) {
            long t0 = System.nanoTime();
            int tokens = scan(file);
            long t1 = System.nanoTime();
            read(file, false, false);
            long t2 = System.nanoTime();
            read(file, true, false);
            long t3 = System.nanoTime();
            valid = 0;
            lowerCaseHosts = 0;
            for (JsonNode n : nodes) {
                RuleResult r = IndicatorRules.check(n);
                if (r.isValid()) {
                    valid++;
                }
                if (r.type().equals("Host") && r.key().equals(r.key().toLowerCase(Locale.ROOT))) {
                    lowerCaseHosts++;
                }
            }
            long t4 = System.nanoTime();
            best[0] = Math.min(best[0], t1 - t0);
            best[3] = Math.min(best[3], t2 - t1);
            best[1] = Math.min(best[1], t3 - t2);
            best[2] = Math.min(best[2], t4 - t3);
            assertEquals(true, tokens > ITEMS * 4);
        }
        double scan = ITEMS / (best[0] / 1e9);
        double readCheck = ITEMS / (best[1] / 1e9);
        double check = ITEMS / (best[2] / 1e9);
        double tree = ITEMS / (best[3] / 1e9);
        System.out.printf(Locale.ROOT, "rules throughput (%d items, %d bytes): token scan %.0f items/s;"
                + " tree only %.0f items/s (%.2f of the scan); tree + check %.0f items/s (%.2f of the scan);"
                + " check alone over built trees %.0f items/s%n",
                ITEMS, file.length, scan, tree, tree / scan, readCheck, readCheck / scan, check);
        assertEquals(ITEMS, valid);
        assertEquals(ITEMS / 4, lowerCaseHosts);
    }

    private static int scan(byte[] file) throws IOException {
        int tokens = 0;
        try (JsonParser p = MAPPER.getFactory().createParser(file)) {
            while (p.nextToken() != null) {
                tokens++;
            }
        }
        return tokens;
    }

    /*
     * Reads each indicator as a tree, the way the batch reader hands items to preflight, and
     * checks it right away (while it is in cache, as preflight does) when asked to.
     */
    private static List<JsonNode> read(byte[] file, boolean check, boolean keep) throws IOException {
        List<JsonNode> nodes = keep ? new ArrayList<>(ITEMS) : null;
        try (JsonParser p = MAPPER.getFactory().createParser(file)) {
            p.nextToken(); // {
            p.nextToken(); // "indicator"
            p.nextToken(); // [
            while (p.nextToken() == JsonToken.START_OBJECT) {
                JsonNode n = MAPPER.readTree(p);
                if (check && !IndicatorRules.check(n).isValid()) {
                    throw new AssertionError(n.toString());
                }
                if (keep) {
                    nodes.add(n);
                }
            }
        }
        return nodes;
    }

    private static ObjectNode item(int i, Random random) {
        ObjectNode n = MAPPER.createObjectNode();
        switch (i % 4) {
            case 0 -> {
                n.put("type", "Host");
                n.put("summary", (i % 8 == 0 ? "C2-" : "c2-") + i + ".Example" + (i % 7) + ".com");
                n.put("dnsActive", "true");
            }
            case 1 -> {
                n.put("type", "Address");
                n.put("summary", i % 16 == 1 ? "2001:DB8:0:0:" + Integer.toHexString(i & 0xffff) + "::1"
                        : (i >>> 16 & 255) + "." + (i >>> 8 & 255) + "." + (i & 255) + "." + (1 + random.nextInt(254)));
            }
            case 2 -> {
                n.put("type", "URL");
                n.put("summary", "http://Bad-" + i + ".example.net:8080/path/" + i + "?q=" + random.nextInt());
            }
            default -> {
                n.put("type", "File");
                // Most feeds write hashes in lower case; one in eight here is upper case.
                n.put("md5", hex(random, 32, i % 32 == 3));
                n.put("sha256", hex(random, 64, false));
                n.put("size", random.nextInt(1 << 20));
            }
        }
        n.put("rating", random.nextInt(6));
        n.put("confidence", random.nextInt(101));
        n.putArray("tag").addObject().put("name", "feed-" + (i % 10));
        n.put("firstSeen", "2024-05-01T12:30:00Z");
        return n;
    }

    private static String hex(Random random, int length, boolean upper) {
        StringBuilder b = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            b.append((upper ? "0123456789ABCDEF" : "0123456789abcdef").charAt(random.nextInt(16)));
        }
        return b.toString();
    }
}
