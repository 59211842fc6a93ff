package io.tcbatch.batch;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tcbatch.input.AssociationRules;
import io.tcbatch.input.GroupRules;
import io.tcbatch.input.IndicatorRules;
import io.tcbatch.input.InputItem;
import io.tcbatch.input.Inputs;
import io.tcbatch.input.ItemKind;
import io.tcbatch.input.ItemSource;
import io.tcbatch.input.RuleResult;

/**
 * Reads every input file once, start to end, before anything is sent: each item is checked
 * against the Batch API rules, repeats are dropped (and counted), failures go to the rejects
 * file with their line, and the rest is written to chunk files. A syntax error anywhere aborts
 * the whole run before the first job exists, which is why this is a separate pass and not
 * interleaved with submission.
 */
final class Preflight {
    private static final int MAX_VALUE = 2000;
    private final ObjectMapper json;
    private final int chunkSize;

    Preflight(ObjectMapper json, int chunkSize) {
        this.json = json;
        this.chunkSize = chunkSize;
    }

    Plan run(String runId, Path runDir, Iterable<Path> files) throws IOException {
        Path rejectsFile = runDir.resolve("rejects.jsonl");
        long read = 0;
        long duplicates = 0;
        long rejected = 0;
        SeenSet seen = new SeenSet();
        List<Path> empty = new ArrayList<>();
        BufferedWriter rejects = null;
        try (ChunkWriter chunks = new ChunkWriter(runDir.resolve("chunks"), chunkSize, json)) {
            for (Path file : files) {
                long before = read;
                try (ItemSource source = Inputs.open(file)) {
                    InputItem item;
                    while ((item = source.next()) != null) {
                        read++;
                        RuleResult result = item.isRejected() ? null : check(item);
                        if (result == null || !result.isValid()) {
                            rejected++;
                            if (rejects == null) {
                                rejects = Files.newBufferedWriter(rejectsFile, StandardCharsets.UTF_8);
                            }
                            rejects.write(rejectLine(file, item, result));
                            rejects.newLine();
                            continue;
                        }
                        if (item.kind() != ItemKind.ASSOCIATION && !seen.add(identity(item.kind(), result))) {
                            duplicates++;
                            continue;
                        }
                        ObjectNode node = item.node();
                        if (item.raw() != null && item.kind() == ItemKind.INDICATOR) {
                            // A line of a text list: send the normalised value the rules produced.
                            node.put("summary", result.key());
                        }
                        chunks.add(item.kind(), node);
                    }
                }
                if (read == before) {
                    empty.add(file);
                }
            }
            chunks.flush();
            return new Plan(runId, runDir, read, duplicates, rejected, rejects == null ? null : rejectsFile,
                    chunks.chunks(), List.copyOf(empty));
        } finally {
            if (rejects != null) {
                rejects.close();
            }
        }
    }

    /** What makes two items "the same": the input rules' key for indicators, the xid for groups. */
    private static String identity(ItemKind kind, RuleResult valid) {
        return kind == ItemKind.INDICATOR ? IndicatorRules.dedupKey(valid) : "group\u0000" + valid.key();
    }

    private static RuleResult check(InputItem item) {
        return switch (item.kind()) {
            case INDICATOR -> IndicatorRules.check(item.node());
            case GROUP -> GroupRules.check(item.node());
            case ASSOCIATION -> AssociationRules.check(item.node());
        };
    }

    private String rejectLine(Path file, InputItem item, RuleResult result) throws IOException {
        ObjectNode o = json.createObjectNode();
        o.put("file", file.toString());
        o.put("line", item.line());
        o.put("column", item.column());
        o.put("kind", item.kind().arrayName());
        if (result != null) {
            o.put("code", result.code());
            o.put("reason", result.reason());
        } else {
            o.putNull("code");
            o.put("reason", item.rejectReason());
        }
        if (item.raw() != null) {
            // A runaway line (a whole file without newlines) must not be copied whole into the rejects file.
            String raw = item.raw();
            o.put("value", raw.length() > MAX_VALUE ? raw.substring(0, MAX_VALUE) + "… (" + raw.length() + " characters)" : raw);
        }
        if (item.node() != null) {
            o.set("item", (JsonNode) item.node());
        }
        return json.writeValueAsString(o);
    }
}
