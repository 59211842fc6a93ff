package io.tcbatch.batch;

import java.io.BufferedOutputStream;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.LongConsumer;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.MinimalPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tcbatch.input.Input;
import io.tcbatch.input.InputItem;
import io.tcbatch.input.ItemTransform;
import io.tcbatch.input.Inputs;
import io.tcbatch.input.ItemKind;
import io.tcbatch.input.ItemNormaliser;
import io.tcbatch.input.ItemSource;
import io.tcbatch.input.RuleResult;

/**
 * {@code convert}: any input {@link Inputs} can open (Batch JSON V1/V2, IOC lists; a new reader
 * plugged in there is converted too) to one Batch JSON document, with the checks, normalisation
 * and de-duplication of the preflight ({@link Preflight}'s own rules, not a copy of them).
 *
 * <p>Memory does not grow with the input beyond the 16 bytes a distinct item the duplicate set
 * keeps: items are read one at a time and appended to a spool file of their kind (a V2 document
 * lists indicators, then groups, then associations, while the input may mix them), and the
 * document is then written by a Jackson generator copying the spools, one item a line.
 */
public final class Converter {
    private final ObjectMapper json;
    private final Preflight rules;
    private final boolean v1;
    private LongConsumer progress = n -> { };

    /** @param version "V1" (an array of indicators) or "V2" */
    public Converter(ObjectMapper json, String version) {
        if (!"V1".equals(version) && !"V2".equals(version)) {
            throw new UsageException("unknown Batch version '" + version + "' (expected V1 or V2)");
        }
        this.json = json;
        this.v1 = "V1".equals(version);
        this.rules = new Preflight(json, 1, Long.MAX_VALUE, version);
    }

    /** Called with the number of items read, every 1,000 items (for a progress bar, and the memory test). */
    public Converter progress(LongConsumer everyThousand) {
        this.progress = everyThousand;
        return this;
    }

    /** What a conversion did; {@code rejectsFile} is null when nothing was rejected. */
    public record Result(long read, long written, long duplicates, long rejected, Path rejectsFile, long dropped) {
        public Result(long read, long written, long duplicates, long rejected, Path rejectsFile) {
            this(read, written, duplicates, rejected, rejectsFile, 0);
        }
    }

    /**
     * Reads every file, then writes the document to {@code out} (not closed). Nothing is written
     * to {@code out} when a file cannot be read as its format: that {@code InputException} propagates.
     *
     * @param workDir     a directory for the spool files (deleted again) and the rejects file
     * @param rejectsFile where rejected items go, one JSON line each as the preflight writes them
     */
    public Result convert(List<Path> files, OutputStream out, Path workDir, Path rejectsFile) throws IOException {
        return convertInputs(files.stream().map(Inputs::file).toList(), out, workDir, rejectsFile, ItemTransform.NONE);
    }

    /** {@link #convert} of any inputs (a CSV with its mapping, a forced format), through {@code transform}. */
    public Result convertInputs(List<Input> inputs, OutputStream out, Path workDir, Path rejectsFile,
                                ItemTransform transform) throws IOException {
        inputs.forEach(Input::check);
        Files.createDirectories(workDir);
        Path[] spools = new Path[ItemKind.values().length];
        BufferedWriter[] writers = new BufferedWriter[spools.length];
        SeenSet seen = new SeenSet();
        long read = 0;
        long written = 0;
        long duplicates = 0;
        long rejected = 0;
        long dropped = 0;
        BufferedWriter rejects = null;
        try {
            for (ItemKind k : ItemKind.values()) {
                spools[k.ordinal()] = Files.createTempFile(workDir, "convert-" + k.arrayName(), ".ndjson");
                writers[k.ordinal()] = Preflight.utf8Writer(spools[k.ordinal()]);
            }
            for (Input input : inputs) {
                String file = input.name();
                try (ItemSource source = input.open(in -> in)) {
                    InputItem item;
                    while ((item = source.next()) != null) {
                        read++;
                        if (read % 1000 == 0) {
                            progress.accept(read);
                        }
                        if (!item.isRejected() && !transform.isNone()) {
                            ObjectNode changed = Preflight.applyTransform(transform, file, item);
                            if (changed == null) {
                                dropped++;
                                continue;
                            }
                            item = new InputItem(item.kind(), changed, item.line(), item.column(), item.raw(), null);
                        }
                        if (v1) {
                            Preflight.refuseForV1(file, item);
                        }
                        RuleResult result = item.isRejected() ? null : Preflight.check(item);
                        if (result == null || !result.isValid()) {
                            rejected++;
                            if (rejects == null) {
                                rejects = Preflight.utf8Writer(rejectsFile);
                            }
                            rejects.write(rules.rejectLine(file, item.line(), item.column(), item.kind(), item.raw(),
                                    item.node(), result, result == null ? item.rejectReason() : null, item.stixType()));
                            rejects.newLine();
                            continue;
                        }
                        if (item.kind() != ItemKind.ASSOCIATION && Preflight.repeated(seen, item.kind(), result)) {
                            duplicates++;
                            continue;
                        }
                        ObjectNode node = item.node();
                        ItemNormaliser.apply(item.kind(), node, result);
                        // Jackson never writes a raw newline inside a value: one item a line.
                        writers[item.kind().ordinal()].write(json.writeValueAsString(node));
                        writers[item.kind().ordinal()].newLine();
                        written++;
                    }
                }
            }
            for (BufferedWriter w : writers) {
                w.close();
            }
            write(out, spools);
            return new Result(read, written, duplicates, rejected, rejects == null ? null : rejectsFile, dropped);
        } finally {
            if (rejects != null) {
                rejects.close();
            }
            for (int i = 0; i < spools.length; i++) {
                if (writers[i] != null) {
                    writers[i].close();
                }
                if (spools[i] != null) {
                    Files.deleteIfExists(spools[i]);
                }
            }
        }
    }

    /** V2: {"indicator":[…],"group":[…],"association":[…]} (empty kinds left out); V1: [indicators]. */
    private void write(OutputStream out, Path[] spools) throws IOException {
        OutputStream buffered = new BufferedOutputStream(new NotClosing(out), 64 * 1024);
        try (JsonGenerator g = json.getFactory().createGenerator(buffered, JsonEncoding.UTF8)) {
            g.setPrettyPrinter(new OneItemALine());
            if (v1) {
                g.writeStartArray();
                copy(g, spools[ItemKind.INDICATOR.ordinal()]);
                g.writeEndArray();
            } else {
                g.writeStartObject();
                for (ItemKind k : ItemKind.values()) {
                    Path spool = spools[k.ordinal()];
                    if (k != ItemKind.INDICATOR && Files.size(spool) == 0) {
                        continue;
                    }
                    g.writeFieldName(k.arrayName());
                    g.writeStartArray();
                    copy(g, spool);
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeRaw('\n');
        }
        buffered.flush();
    }

    private static void copy(JsonGenerator g, Path spool) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(spool, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                g.writeRawValue(line);
            }
        }
    }

    /** Compact items, each on a line of its own, so an error in the output names a useful line. */
    private static final class OneItemALine extends MinimalPrettyPrinter {
        @Override
        public void beforeArrayValues(JsonGenerator g) throws IOException {
            g.writeRaw('\n');
        }

        @Override
        public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
            g.writeRaw(",\n");
        }

        @Override
        public void writeEndArray(JsonGenerator g, int nrOfValues) throws IOException {
            if (nrOfValues > 0) {
                g.writeRaw('\n');
            }
            g.writeRaw(']');
        }
    }

    /** Standard output must stay open after the document is written. */
    private static final class NotClosing extends java.io.FilterOutputStream {
        NotClosing(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
