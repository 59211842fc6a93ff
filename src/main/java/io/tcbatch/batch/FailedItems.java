package io.tcbatch.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.api.BatchError;

/**
 * Traces server errors back to the items of the chunk files that were sent and writes those items
 * to one Batch JSON file that can be fixed and imported again. An error names its item in one of
 * three ways: {@code errorSource} (a summary, an xid, the item as a JSON object, or text), the
 * summary or xid inside the reason ({@code "x.example is not valid"}), or a JSON path in the message
 * ({@code $.indicator[6]}, 0-based as JSON paths are). Chunk files are streamed item by item; only the
 * matched items are kept.
 */
final class FailedItems {
    static final String FILE = "failed-items.json";
    private static final List<String> KINDS = List.of("indicator", "group", "association");
    private static final Pattern PATH = Pattern.compile("\\$\\.(indicator|group|association)\\[(\\d+)]");
    private static final Pattern SPACED_COLON = Pattern.compile("\\s*:\\s*");

    /** One sent chunk and the errors its job reported. */
    record Source(Path chunkFile, List<BatchError> errors) {
    }

    /**
     * @param file     the file written, or null when no error was traced
     * @param items    items written
     * @param untraced errors that could not be traced to any item
     */
    record Result(Path file, long items, long untraced) {
    }

    private final ObjectMapper json;

    FailedItems(ObjectMapper json) {
        this.json = json;
    }

    Result write(Path runDir, List<Source> sources) throws IOException {
        Map<String, List<JsonNode>> found = new LinkedHashMap<>();
        for (String k : KINDS) {
            found.put(k, new ArrayList<>());
        }
        boolean v1 = false;
        boolean v2 = false;
        long untraced = 0;
        for (Source s : sources) {
            if (s.errors().isEmpty()) {
                continue;
            }
            if (s.chunkFile() == null || !Files.isRegularFile(s.chunkFile())) {
                untraced += s.errors().size();
                continue;
            }
            Index index = new Index(s.errors());
            BitSet traced = new BitSet(s.errors().size());
            boolean isV1 = scan(s.chunkFile(), index, traced, found);
            v1 |= isV1;
            v2 |= !isV1;
            untraced += s.errors().size() - traced.cardinality();
        }
        long items = found.values().stream().mapToLong(List::size).sum();
        if (items == 0) {
            return new Result(null, 0, untraced);
        }
        Path out = runDir.resolve(FILE);
        try (JsonGenerator g = json.getFactory().createGenerator(Preflight.utf8Writer(out))) {
            g.useDefaultPrettyPrinter();
            if (v1 && !v2) {
                // A V1 job takes a bare array of indicators: write it the same way so it imports as it was sent.
                g.writeStartArray();
                for (JsonNode n : found.get("indicator")) {
                    g.writeTree(n);
                }
                g.writeEndArray();
            } else {
                g.writeStartObject();
                for (String k : KINDS) {
                    g.writeArrayFieldStart(k);
                    for (JsonNode n : found.get(k)) {
                        g.writeTree(n);
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
        }
        return new Result(out, items, untraced);
    }

    /** Streams one chunk file; returns true when it is a V1 file (a bare array of indicators). */
    private boolean scan(Path file, Index index, BitSet traced, Map<String, List<JsonNode>> found) throws IOException {
        try (JsonParser p = json.getFactory().createParser(file.toFile())) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_ARRAY) {
                items(p, "indicator", index, traced, found);
                return true;
            }
            if (t != JsonToken.START_OBJECT) {
                return false;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String kind = p.currentName();
                JsonToken v = p.nextToken();
                if (v == JsonToken.START_ARRAY && KINDS.contains(kind)) {
                    items(p, kind, index, traced, found);
                } else {
                    p.skipChildren();
                }
            }
            return false;
        }
    }

    private void items(JsonParser p, String kind, Index index, BitSet traced, Map<String, List<JsonNode>> found)
            throws IOException {
        int i = 0;
        while (p.nextToken() == JsonToken.START_OBJECT) {
            JsonNode item = p.readValueAsTree();
            List<Integer> hits = index.match(kind, i, item);
            if (!hits.isEmpty()) {
                hits.forEach(traced::set);
                found.get(kind).add(item);
            }
            i++;
        }
    }

    /** The ways the errors of one job name their items, each pointing at the errors that use it. */
    private static final class Index {
        final Map<String, List<Integer>> paths = new HashMap<>();
        final Map<String, List<Integer>> keys = new HashMap<>();
        final List<String> texts = new ArrayList<>();

        Index(List<BatchError> errors) {
            ObjectMapper m = new ObjectMapper();
            for (int e = 0; e < errors.size(); e++) {
                BatchError err = errors.get(e);
                String all = String.join("\n", nz(err.reason()), nz(err.message()), nz(err.source()));
                texts.add(normal(all));
                Matcher pm = PATH.matcher(all);
                while (pm.find()) {
                    put(paths, pm.group(1) + "#" + pm.group(2), e);
                }
                String src = err.source();
                if (src != null && !src.isBlank()) {
                    String trimmed = src.strip();
                    JsonNode obj = null;
                    if (trimmed.startsWith("{")) {
                        try {
                            obj = m.readTree(trimmed);
                        } catch (IOException notJson) {
                            // Text that merely starts with a brace: matched as text below.
                        }
                    }
                    if (obj != null && obj.isObject()) {
                        for (String f : List.of("xid", "summary", "name")) {
                            if (obj.hasNonNull(f)) {
                                put(keys, normal(obj.get(f).asText()), e);
                            }
                        }
                    } else {
                        put(keys, normal(trimmed), e);
                    }
                }
                // The item named inside the reason: every word is a candidate summary or xid.
                for (String w : (nz(err.reason()) + " " + nz(err.message())).split("\\s+")) {
                    String token = trimToken(w);
                    if (token.length() >= 3) {
                        put(keys, normal(token), e);
                    }
                }
            }
        }

        List<Integer> match(String kind, int i, JsonNode item) {
            List<Integer> hits = new ArrayList<>(paths.getOrDefault(kind + "#" + i, List.of()));
            for (String f : List.of("xid", "summary", "name")) {
                JsonNode v = item.get(f);
                if (v == null || !v.isTextual() || v.asText().isBlank()) {
                    continue;
                }
                String key = normal(v.asText());
                hits.addAll(keys.getOrDefault(key, List.of()));
                if (key.indexOf(' ') >= 0) {
                    // A summary with spaces (file hashes "md5 : sha1") is no single word of a reason.
                    for (int e = 0; e < texts.size(); e++) {
                        if (texts.get(e).contains(key)) {
                            hits.add(e);
                        }
                    }
                }
            }
            return hits;
        }

        private static void put(Map<String, List<Integer>> map, String key, int e) {
            List<Integer> l = map.computeIfAbsent(key, k -> new ArrayList<>());
            if (l.isEmpty() || l.get(l.size() - 1) != e) {
                l.add(e);
            }
        }
    }

    /** Case and the doubled spaces around a hash summary's colons do not tell items apart. */
    static String normal(String s) {
        return SPACED_COLON.matcher(s.strip()).replaceAll(" : ").toLowerCase(Locale.ROOT);
    }

    private static String trimToken(String w) {
        int a = 0;
        int b = w.length();
        while (a < b && "'\"([{<,;".indexOf(w.charAt(a)) >= 0) {
            a++;
        }
        while (b > a && "'\")]}>,;:.!?".indexOf(w.charAt(b - 1)) >= 0) {
            b--;
        }
        return w.substring(a, b);
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }
}
