package io.tcbatch.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;

/**
 * Writes a Batch JSON V2 file of N indicators for the benchmarks, by streaming (memory stays
 * flat whatever N is) and from a fixed seed (two runs write the same bytes, so figures of two
 * runs compare).
 *
 * <p>Every value is reserved for documentation, so a generated file can never point at a real
 * host: IPv4 only from the three TEST-NET blocks (RFC 5737; 768 addresses, which is why most
 * addresses are IPv6 from 2001:db8::/32, RFC 3849), names under example.com/.net/.org
 * (RFC 2606), e-mail addresses at example.com, and File hashes that are digests of a counter,
 * not of any real file. Each value is unique in the file, so every item counts as one new
 * indicator and none is dropped as a duplicate.
 *
 * <p>Usage: {@code BatchFileGenerator OUTPUT.json [N] [SEED]}.
 */
public final class BatchFileGenerator {

    public static final int DEFAULT_COUNT = 1_000_000;
    public static final long DEFAULT_SEED = 20_261_203L;

    private static final String[] TEST_NETS = {"192.0.2.", "198.51.100.", "203.0.113."};
    private static final String[] DOMAINS = {"example.com", "example.net", "example.org"};
    private static final String[] TAGS = {"bench", "phishing", "c2", "scanner", "malware"};
    private static final HexFormat HEX = HexFormat.of();

    private final SplittableRandom random;
    private final MessageDigest md5;
    private final MessageDigest sha1;
    private final MessageDigest sha256;
    // One counter per type: the value of each item derives from it, which keeps values unique.
    private int addresses;
    private int hosts;
    private int urls;
    private int emails;
    private int files;
    private int cidrs;

    public BatchFileGenerator(long seed) {
        this.random = new SplittableRandom(seed);
        try {
            md5 = MessageDigest.getInstance("MD5");
            sha1 = MessageDigest.getInstance("SHA-1");
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK always has MD5, SHA-1 and SHA-256", e);
        }
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 3) {
            System.err.println("usage: BatchFileGenerator OUTPUT.json [N] [SEED]");
            System.exit(2);
        }
        Path out = Path.of(args[0]);
        int n = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : DEFAULT_COUNT;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : DEFAULT_SEED;
        long t0 = System.nanoTime();
        new BatchFileGenerator(seed).write(out, n);
        System.err.printf("generated %,d indicators, %,d bytes, in %.1f s: %s%n", n, Files.size(out),
                (System.nanoTime() - t0) / 1e9, out);
    }

    /** Writes {@code n} indicators to {@code out} (created or replaced). */
    public void write(Path out, int n) throws IOException {
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
            write(os, n);
        }
    }

    public void write(OutputStream os, int n) throws IOException {
        JsonFactory factory = new JsonFactory();
        try (JsonGenerator g = factory.createGenerator(os, JsonEncoding.UTF8)) {
            // One indicator per line, like a real export: line numbers in messages stay meaningful.
            g.setPrettyPrinter(new OnePerLine());
            g.writeStartObject();
            g.writeArrayFieldStart("indicator");
            for (int i = 0; i < n; i++) {
                indicator(g);
            }
            g.writeEndArray();
            g.writeEndObject();
        }
    }

    private void indicator(JsonGenerator g) throws IOException {
        int draw = random.nextInt(100);
        g.writeStartObject();
        // The mix roughly follows what feeds carry: addresses, hosts and URLs first, then hashes.
        if (draw < 30) {
            g.writeStringField("type", "Address");
            g.writeStringField("summary", address(addresses++));
        } else if (draw < 55) {
            g.writeStringField("type", "Host");
            g.writeStringField("summary", host(hosts++));
        } else if (draw < 73) {
            g.writeStringField("type", "URL");
            g.writeStringField("summary", url(urls++));
        } else if (draw < 83) {
            g.writeStringField("type", "EmailAddress");
            g.writeStringField("summary", "user" + (emails++) + "@example.com");
        } else if (draw < 98) {
            g.writeStringField("type", "File");
            g.writeStringField("summary", file(files++));
        } else {
            g.writeStringField("type", "CIDR");
            g.writeStringField("summary", cidr(cidrs++));
        }
        if (random.nextInt(100) < 70) {
            g.writeNumberField("rating", random.nextInt(6));
            g.writeNumberField("confidence", random.nextInt(101));
        }
        if (random.nextInt(100) < 30) {
            g.writeArrayFieldStart("tag");
            g.writeStartObject();
            g.writeStringField("name", TAGS[random.nextInt(TAGS.length)]);
            g.writeEndObject();
            g.writeEndArray();
        }
        if (random.nextInt(100) < 20) {
            g.writeArrayFieldStart("attribute");
            g.writeStartObject();
            g.writeStringField("type", "Description");
            g.writeStringField("value", "Generated for the tcbatch benchmark, item " + random.nextInt(1_000_000));
            g.writeEndObject();
            g.writeEndArray();
        }
        g.writeEndObject();
    }

    /** The 768 TEST-NET addresses first, then IPv6 in 2001:db8::/32 (room for 2^32 values). */
    static String address(int k) {
        if (k < 3 * 256) {
            return TEST_NETS[k / 256] + (k % 256);
        }
        int v = k - 3 * 256;
        // Groups 3 and 4 carry the counter; a non-zero last group keeps it a host address.
        return "2001:db8:" + Integer.toHexString(v >>> 16) + ":" + Integer.toHexString(v & 0xffff) + "::1";
    }

    static String host(int k) {
        return "h" + k + ".bench." + DOMAINS[k % DOMAINS.length];
    }

    static String url(int k) {
        return "https://www." + DOMAINS[k % DOMAINS.length] + "/bench/" + k + "/index.html?id=" + (k * 7L);
    }

    /** /48 blocks of 2001:db8::/32 (65,536 of them), written without "::" as §3.4 documents. */
    static String cidr(int k) {
        return "2001:db8:" + Integer.toHexString(k & 0xffff) + ":0:0:0:0:0/48";
    }

    private String file(int k) {
        byte[] seed = ("tcbatch-bench-file-" + k).getBytes(StandardCharsets.US_ASCII);
        String md = HEX.formatHex(md5.digest(seed));
        // Half of the files carry one hash, half the three-hash summary form of §3.4.
        if ((k & 1) == 0) {
            return md;
        }
        return md + " : " + HEX.formatHex(sha1.digest(seed)) + " : " + HEX.formatHex(sha256.digest(seed));
    }

    /** Compact JSON with a line break after each element of the top-level arrays only. */
    private static final class OnePerLine extends MinimalPrettyPrinter {
        private static final long serialVersionUID = 1L;

        @Override
        public void writeStartArray(JsonGenerator g) throws IOException {
            g.writeRaw(topLevel(g) ? "[\n" : "[");
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(topLevel(g) ? ",\n" : ",");
        }

        @Override
        public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
            g.writeRaw(topLevel(g) && nrOfValues > 0 ? "\n]" : "]");
        }

        private static boolean topLevel(JsonGenerator g) {
            // The current context is the array; top-level arrays sit in the root object.
            var object = g.getOutputContext().getParent();
            return object != null && object.getParent() != null && object.getParent().inRoot();
        }
    }
}
