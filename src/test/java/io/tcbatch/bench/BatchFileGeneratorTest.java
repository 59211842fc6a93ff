package io.tcbatch.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import inet.ipaddr.IPAddress;
import inet.ipaddr.IPAddressString;
import io.tcbatch.input.IndicatorRules;
import io.tcbatch.input.InputItem;
import io.tcbatch.input.Inputs;
import io.tcbatch.input.ItemKind;
import io.tcbatch.input.ItemSource;
import io.tcbatch.input.RuleResult;

class BatchFileGeneratorTest {

    private static final List<IPAddress> RESERVED = List.of(
            block("192.0.2.0/24"), block("198.51.100.0/24"), block("203.0.113.0/24"), block("2001:db8::/32"));
    private static final Set<String> DOMAINS = Set.of("example.com", "example.net", "example.org");

    @TempDir
    Path dir;

    @Test
    void writesValidBatchJsonWithUniqueReservedValuesOnly() throws IOException {
        Path file = dir.resolve("bench.json");
        new BatchFileGenerator(BatchFileGenerator.DEFAULT_SEED).write(file, 1_000);

        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertEquals(List.of("indicator"), iterable(root.fieldNames()));
        JsonNode indicators = root.get("indicator");
        assertEquals(1_000, indicators.size());

        Map<String, Integer> types = new HashMap<>();
        Set<String> keys = new HashSet<>();
        int tagged = 0;
        int rated = 0;
        int withAttribute = 0;
        for (JsonNode i : indicators) {
            String type = i.get("type").asText();
            String summary = i.get("summary").asText();
            types.merge(type, 1, Integer::sum);
            assertTrue(reserved(type, summary), type + " " + summary + " is not a documentation-reserved value");
            RuleResult r = IndicatorRules.check(i);
            assertTrue(r.isValid(), summary + ": " + r.reason());
            assertTrue(keys.add(IndicatorRules.dedupKey(r)), "repeated: " + summary);
            tagged += i.has("tag") ? 1 : 0;
            rated += i.has("rating") && i.has("confidence") ? 1 : 0;
            withAttribute += i.has("attribute") ? 1 : 0;
        }
        assertEquals(Set.of("Address", "Host", "URL", "EmailAddress", "File", "CIDR"), types.keySet());
        // The mix is drawn from a fixed seed: near 30 % addresses, 30 % tagged, 70 % rated, 20 % with an attribute.
        assertTrue(types.get("Address") > 250 && types.get("Address") < 350, types.toString());
        assertTrue(tagged > 250 && tagged < 350, "tagged " + tagged);
        assertTrue(rated > 650 && rated < 750, "rated " + rated);
        assertTrue(withAttribute > 150 && withAttribute < 250, "attribute " + withAttribute);
    }

    @Test
    void theProjectsReaderSeesOneIndicatorPerLine() throws IOException {
        Path file = dir.resolve("bench.json");
        new BatchFileGenerator(7).write(file, 1_000);
        int n = 0;
        try (ItemSource source = Inputs.open(file)) {
            InputItem item;
            while ((item = source.next()) != null) {
                assertEquals(ItemKind.INDICATOR, item.kind());
                assertEquals(false, item.isRejected(), item.rejectReason());
                n++;
                // Line 1 is the opening of the object and array.
                assertEquals(n + 1, item.line());
            }
        }
        assertEquals(1_000, n);
    }

    @Test
    void theSameSeedWritesTheSameBytesAndAnotherSeedDoesNot() throws IOException {
        assertArrayEquals(bytes(42, 500), bytes(42, 500));
        assertTrue(!java.util.Arrays.equals(bytes(42, 500), bytes(43, 500)));
    }

    @Test
    void addressesLeaveTheIpv4TestNetsAfter768() {
        assertEquals("192.0.2.0", BatchFileGenerator.address(0));
        assertEquals("203.0.113.255", BatchFileGenerator.address(767));
        assertEquals("2001:db8:0:0::1", BatchFileGenerator.address(768));
        assertEquals("2001:db8:1:1::1", BatchFileGenerator.address(768 + 65_537));
    }

    private static byte[] bytes(long seed, int n) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new BatchFileGenerator(seed).write(out, n);
        return out.toByteArray();
    }

    private static boolean reserved(String type, String summary) {
        return switch (type) {
            case "Address", "CIDR" -> inReservedBlock(summary);
            case "Host" -> reservedDomain(summary);
            case "URL" -> reservedDomain(URI.create(summary).getHost());
            case "EmailAddress" -> summary.endsWith("@example.com");
            // Digests of a counter: hexadecimal, in one of the two summary forms.
            case "File" -> summary.matches("[0-9a-f]{32}( : [0-9a-f]{40} : [0-9a-f]{64})?");
            default -> false;
        };
    }

    private static boolean inReservedBlock(String value) {
        IPAddress a = new IPAddressString(value).getAddress();
        return a != null && RESERVED.stream().anyMatch(b -> b.getIPVersion() == a.getIPVersion() && b.contains(a));
    }

    private static boolean reservedDomain(String host) {
        return DOMAINS.stream().anyMatch(d -> host.equals(d) || host.endsWith("." + d));
    }

    private static IPAddress block(String cidr) {
        return new IPAddressString(cidr).getAddress().toPrefixBlock();
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> out = new java.util.ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }
}
