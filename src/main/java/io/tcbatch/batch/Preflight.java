package io.tcbatch.batch;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tcbatch.api.JobConfig;
import io.tcbatch.input.AssociationRules;
import io.tcbatch.input.GroupRules;
import io.tcbatch.input.IndicatorRules;
import io.tcbatch.input.InputException;
import io.tcbatch.input.InputItem;
import io.tcbatch.input.ItemNormaliser;
import io.tcbatch.input.Input;
import io.tcbatch.input.ItemTransform;
import io.tcbatch.input.ItemKind;
import io.tcbatch.input.ItemSource;
import io.tcbatch.input.RuleResult;

/**
 * Reads every input file once, start to end, before anything is sent: each item is checked
 * against the Batch API rules, repeats are dropped (and counted), failures go to the rejects
 * file with their line, and the rest is cut into chunk files. A syntax error anywhere aborts
 * the whole run before the first job exists, which is why this is a separate pass and not
 * interleaved with submission.
 *
 * <p>Two passes keep memory at one item plus a few numbers per group, whatever the input size.
 * The read pass serialises each accepted item once and appends it to a run-level spool file of
 * its kind (one item a line: Jackson never writes a raw newline), noting for each group only its
 * offset, length, position in the input and the xids it names. The cut pass then copies bytes:
 * groups first, each together with every group it names in {@code associatedGroupXid}
 * (transitively, by union-find over xids, so the server can link them inside one job), then
 * indicators, then associations, as tcex does (§4.6). Until the first group is accepted,
 * indicators skip their spool and go straight into the chunks, which is where the cut pass
 * would put them (see {@code Run.direct}).
 */
final class Preflight {
    private static final int MAX_VALUE = 2000;
    private final ObjectMapper json;
    private final int chunkSize;
    private final long maxBytes;
    private final boolean v1;
    private Progress progress = Progress.NONE;
    /** Every input of the last {@link #run} as read: size and SHA-256 of its bytes, for the journal. */
    private final List<io.tcbatch.journal.InputRecord> inputRecords = new ArrayList<>();

    /**
     * A new UTF-8 text file for what was read (rejects, duplicates, failed items, spools). Not
     * Files.newBufferedWriter, whose encoder refuses a lone surrogate: Jackson decodes the bytes
     * ED A0 80 of an input to one, and the whole run then failed on writing its reject ("Input
     * length = 1", exit 5). This writer writes '?' in its place, and the item keeps its line and
     * reason.
     */
    static BufferedWriter utf8Writer(Path file) throws IOException {
        return new BufferedWriter(new java.io.OutputStreamWriter(Files.newOutputStream(file), StandardCharsets.UTF_8));
    }

    Preflight(ObjectMapper json, int chunkSize) {
        this(json, chunkSize, ImportOptions.defaults().chunkMaxBytes(), "V2");
    }

    Preflight(ObjectMapper json, int chunkSize, long maxBytes, String version) {
        this.json = json;
        this.chunkSize = chunkSize;
        this.maxBytes = maxBytes;
        this.v1 = "V1".equals(version);
    }

    /**
     * Refuses job options a V1 job does not have (§5.6: V1 documents Replace, Append and Static;
     * the write types of tags and labels and the file merge modes are V2 only), so they are not
     * silently ignored by the server. For the code that builds the {@link JobConfig}.
     */
    static void requireV1Compatible(JobConfig c) {
        if (!"V1".equals(c.version())) {
            return;
        }
        if ("Singleton".equals(c.attributeWriteType())) {
            throw new UsageException("a V1 job cannot use attributeWriteType Singleton (V1 has Append, Replace and Static);"
                    + " use a V2 job or another write type");
        }
        List<String> v2 = new ArrayList<>();
        if (c.tagWriteType() != null) {
            v2.add("tagWriteType");
        }
        if (c.securityLabelWriteType() != null) {
            v2.add("securityLabelWriteType");
        }
        if (c.fileMergeMode() != null) {
            v2.add("fileMergeMode");
        }
        if (c.hashCollisionMode() != null) {
            v2.add("hashCollisionMode");
        }
        if (!v2.isEmpty()) {
            throw new UsageException("a V1 job has no " + String.join(", ", v2) + " (V2 only); use a V2 job or leave "
                    + (v2.size() == 1 ? "it" : "them") + " out");
        }
    }

    /** What the last {@link #run} read of each input (name, path, size, SHA-256), in order. */
    List<io.tcbatch.journal.InputRecord> inputRecords() {
        return List.copyOf(inputRecords);
    }

    /** Told how far the read of each file has come (bytes of the file, items read). */
    Preflight progress(Progress p) {
        this.progress = p == null ? Progress.NONE : p;
        return this;
    }

    Plan run(String runId, Path runDir, Iterable<Input> inputs) throws IOException {
        return run(runId, runDir, inputs, ItemTransform.NONE);
    }

    /**
     * {@code transform} applied to {@code item}; a failure in it (the script's {@code each} hook)
     * stops the read, named with the input and line of the item it failed on.
     */
    static ObjectNode applyTransform(ItemTransform transform, String file, InputItem item) {
        try {
            return transform.apply(item.kind(), item.node(), item.line());
        } catch (InputException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new InputException(file, item.line(), item.column(), e.getMessage(), e);
        }
    }

    /** Reads every input through {@code transform} (the DSL's defaults and each hook) and cuts the chunks. */
    Plan run(String runId, Path runDir, Iterable<Input> inputs, ItemTransform transform) throws IOException {
        inputRecords.clear();
        try (Run run = new Run(runDir, transform)) {
            for (Input input : inputs) {
                run.read(input);
            }
            run.cut();
            return new Plan(runId, runDir, run.read, run.duplicates, run.rejected,
                    run.rejects == null ? null : run.rejectsFile, run.chunks.chunks(), List.copyOf(run.empty),
                    run.dropped, List.copyOf(run.formats));
        }
    }

    /** The state of one preflight: counters, spools, group bookkeeping, rejects. */
    private final class Run implements AutoCloseable {
        final Path rejectsFile;
        final Path spoolDir;
        final ChunkWriter chunks;
        final SeenSet seen = new SeenSet();
        final List<String> empty = new ArrayList<>();
        final ItemTransform transform;
        long dropped;
        final Spool[] spools = new Spool[3];
        final Groups groups = new Groups();
        BufferedWriter rejects;
        final Path duplicatesFile;
        BufferedWriter duplicatesOut;
        long read;
        long duplicates;
        long rejected;
        /** What each input was read as, for validate (Plan.inputs). */
        final List<java.util.Map<String, Object>> formats = new java.util.ArrayList<>();

        Run(Path runDir, ItemTransform transform) throws IOException {
            this.transform = transform;
            rejectsFile = runDir.resolve("rejects.jsonl");
            duplicatesFile = runDir.resolve("duplicates.jsonl");
            spoolDir = Files.createDirectories(runDir.resolve("spool"));
            chunks = new ChunkWriter(runDir.resolve("chunks"), chunkSize, maxBytes, v1);
            for (ItemKind k : ItemKind.values()) {
                spools[k.ordinal()] = new Spool(spoolDir.resolve(k.arrayName() + ".ndjson"));
            }
        }

        /** Where the read of the current file is: bytes taken from it, items read of it. */
        private void reportProgress(long bytes, long items) {
            progress.at(bytes);
            progress.detail(items + (items == 1 ? " item" : " items"));
        }

        void read(Input input) throws IOException {
            String file = input.name();
            long before = read;
            int fileIndex = groups.file(file);
            long[] bytesRead = {0};
            // The hash of the bytes read, taken in the same pass (no second read), so the journal can
            // tell later whether the input changed since.
            java.security.MessageDigest inputHash = ChunkWriter.sha256();
            Path path = input.path();
            progress.start("reading " + (path == null ? file : path.getFileName() == null ? path : path.getFileName()),
                    input.size(), "bytes");
            try (ItemSource source = input.open(in -> new java.io.FilterInputStream(in) {
                // Counts what the reader has taken from the file, so the bar can show bytes done.
                @Override
                public int read() throws IOException {
                    int b = super.read();
                    if (b >= 0) {
                        bytesRead[0]++;
                        inputHash.update((byte) b);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    int n = super.read(buf, off, len);
                    if (n > 0) {
                        bytesRead[0] += n;
                        inputHash.update(buf, off, n);
                    }
                    return n;
                }
            })) {
                InputItem item;
                while ((item = source.next()) != null) {
                    read++;
                    if ((read & 255) == 0) {
                        reportProgress(bytesRead[0], read - before);
                    }
                    if (v1) {
                        refuseForV1(file, item);
                    }
                    if (!item.isRejected() && !transform.isNone()) {
                        ObjectNode changed = applyTransform(transform, file, item);
                        if (changed == null) {
                            dropped++;
                            continue;
                        }
                        item = new InputItem(item.kind(), changed, item.line(), item.column(), item.raw(), null);
                    }
                    RuleResult result = item.isRejected() ? null : check(item);
                    if (result == null || !result.isValid()) {
                        reject(file, item.line(), item.column(), item.kind(), item.raw(), item.node(), result,
                                result == null ? item.rejectReason() : null, item.stixType());
                        continue;
                    }
                    if (item.kind() != ItemKind.ASSOCIATION && repeated(seen, item.kind(), result)) {
                        duplicate(file, item, result);
                        continue;
                    }
                    ObjectNode node = item.node();
                    // Send what was checked: the normalised value, numbers and booleans as such.
                    boolean changed = ItemNormaliser.apply(item.kind(), node, result);
                    // Unchanged and read in the form the mapper writes: its own bytes, not serialised again.
                    byte[] asRead = changed || !writtenAsRead ? null : item.json();
                    int length = asRead != null ? asRead.length : serialise(node);
                    if (!chunks.fitsEmpty(item.kind(), 1, length)) {
                        reject(file, item.line(), item.column(), item.kind(), item.raw(), null, null,
                                "item is " + length + " bytes as JSON; a chunk file may be at most " + maxBytes
                                        + " bytes (chunk.maxBytes), so it cannot be sent in any job");
                        continue;
                    }
                    byte[] bytes = asRead != null ? asRead : serialised.bytes();
                    if (direct && item.kind() == ItemKind.INDICATOR) {
                        if (!chunks.fits(ItemKind.INDICATOR, 1, length)) {
                            chunks.cut();
                        }
                        chunks.add(ItemKind.INDICATOR, bytes, 0, length);
                        continue;
                    }
                    if (direct && item.kind() == ItemKind.GROUP) {
                        spill();
                    }
                    long offset = spools[item.kind().ordinal()].append(bytes, 0, length);
                    if (item.kind() == ItemKind.GROUP) {
                        groups.add(result.key(), node.get("associatedGroupXid"), offset, length, fileIndex,
                                item.line(), item.column());
                    }
                }
                // After the last item: a reader may say more once it has read (a CSV's mapping, a STIX version).
                java.util.Map<String, Object> described = new java.util.LinkedHashMap<>();
                described.put("name", file);
                described.putAll(source.description());
                described.put("description", source.formatName());
                formats.add(described);
                inputRecords.add(new io.tcbatch.journal.InputRecord(file,
                        path == null ? null : path.toAbsolutePath().normalize().toString(), bytesRead[0],
                        java.util.HexFormat.of().formatHex(inputHash.digest())));
            } catch (IOException | RuntimeException e) {
                // Clear the bar, so the error message does not share its line or follow a half bar.
                progress.failed();
                throw e;
            }
            reportProgress(bytesRead[0], read - before);
            progress.done();
            if (read == before) {
                empty.add(file);
            }
        }

        private final boolean writtenAsRead = io.tcbatch.input.InputItem.writtenAsRead(json);

        /** One serialised item, reused: a generator and buffer per run instead of per item. */
        private final Buffer serialised = new Buffer();
        private JsonGenerator generator;

        private int serialise(ObjectNode node) throws IOException {
            if (generator == null) {
                generator = json.getFactory().createGenerator(serialised);
                // Items are written one after another into the same buffer; no separator between them.
                generator.setRootValueSeparator(null);
            }
            serialised.reset();
            json.writeTree(generator, node);
            generator.flush();
            return serialised.size();
        }

        /**
         * Indicators go straight into the chunks while no group has been accepted: the chunks then
         * begin with the indicators in input order, exactly as the cut pass would copy them from
         * their spool, so writing them at once spares writing, reading and splitting every
         * indicator a second time. The first accepted group ends it ({@link #spill}), since groups
         * must come first.
         */
        private boolean direct = true;

        /**
         * Moves the indicators written straight into chunks back into their spool, in order, and
         * deletes those chunks, as if they had been spooled from the start. Their bytes are cut
         * out of the chunk files unchanged, so the chunks cut later are the same either way.
         */
        private void spill() throws IOException {
            direct = false;
            Spool s = spools[ItemKind.INDICATOR.ordinal()];
            for (Path f : chunks.abandon()) {
                // One chunk file at a time (at most chunk.maxBytes), written by this run in the compact form.
                byte[] b = Files.readAllBytes(f);
                try (JsonParser p = json.getFactory().createParser(b)) {
                    JsonToken t;
                    while ((t = p.nextToken()) != null) {
                        if (t != JsonToken.FIELD_NAME || !"indicator".equals(p.currentName())
                                || p.nextToken() != JsonToken.START_ARRAY) {
                            continue;
                        }
                        while (p.nextToken() == JsonToken.START_OBJECT) {
                            int from = (int) p.currentTokenLocation().getByteOffset();
                            p.skipChildren();
                            int to = (int) p.currentLocation().getByteOffset();
                            s.append(b, from, to - from);
                        }
                    }
                }
                Files.delete(f);
            }
        }

        /** Second pass: cuts the spools into chunk files. */
        void cut() throws IOException {
            for (Spool s : spools) {
                s.finish();
            }
            cutGroups();
            copySequential(ItemKind.INDICATOR);
            copySequential(ItemKind.ASSOCIATION);
            chunks.cut();
        }

        private void cutGroups() throws IOException {
            int n = groups.size();
            if (n == 0) {
                return;
            }
            // Each closure is listed by its members' input order, closures in order of their
            // first member, so the chunks follow the input as closely as the links allow.
            int[] closureOf = new int[n];
            Map<Integer, Integer> closureByRoot = new HashMap<>();
            List<int[]> sizes = new ArrayList<>(); // {count, first member, last member}
            long[] lengths = new long[0];
            int[] next = new int[n];
            Arrays.fill(next, -1);
            for (int g = 0; g < n; g++) {
                int root = groups.root(g);
                Integer c = closureByRoot.get(root);
                if (c == null) {
                    c = sizes.size();
                    closureByRoot.put(root, c);
                    sizes.add(new int[] {0, g, g});
                    lengths = Arrays.copyOf(lengths, Math.max(lengths.length * 2, c + 1));
                } else {
                    next[sizes.get(c)[2]] = g;
                    sizes.get(c)[2] = g;
                }
                sizes.get(c)[0]++;
                lengths[c] += groups.length[g];
                closureOf[g] = c;
            }
            try (FileChannel ch = FileChannel.open(spools[ItemKind.GROUP.ordinal()].file, StandardOpenOption.READ)) {
                for (int c = 0; c < sizes.size(); c++) {
                    int count = sizes.get(c)[0];
                    long len = lengths[c];
                    if (!chunks.fitsEmpty(ItemKind.GROUP, count, len)) {
                        String why = "this group is linked through associatedGroupXid with " + (count - 1)
                                + " other group(s) that must travel in the same job: " + count + " groups, "
                                + (len + count - 1) + " bytes, over the limit of one chunk (" + chunks.maxItems()
                                + " items, " + chunks.maxBytes() + " bytes)";
                        for (int g = sizes.get(c)[1]; g != -1; g = next[g]) {
                            byte[] b = readAt(ch, groups.offset[g], groups.length[g]);
                            reject(groups.files.get(groups.fileIndex[g]), groups.line[g], groups.column[g],
                                    ItemKind.GROUP, null, (ObjectNode) json.readTree(b), null, why);
                        }
                        continue;
                    }
                    if (!chunks.fits(ItemKind.GROUP, count, len)) {
                        chunks.cut();
                    }
                    for (int g = sizes.get(c)[1]; g != -1; g = next[g]) {
                        byte[] b = readAt(ch, groups.offset[g], groups.length[g]);
                        chunks.add(ItemKind.GROUP, b, 0, b.length);
                    }
                }
            }
        }

        private byte[] readAt(FileChannel ch, long offset, int length) throws IOException {
            ByteBuffer bb = ByteBuffer.allocate(length);
            while (bb.hasRemaining()) {
                if (ch.read(bb, offset + bb.position()) < 0) {
                    throw new IOException("spool file ended early");
                }
            }
            return bb.array();
        }

        /** Copies one kind's spool into the chunks, item by item, in input order. */
        private void copySequential(ItemKind kind) throws IOException {
            Spool s = spools[kind.ordinal()];
            if (s.count == 0) {
                return;
            }
            try (InputStream in = Files.newInputStream(s.file)) {
                Lines lines = new Lines(in);
                while (lines.next()) {
                    if (!chunks.fits(kind, 1, lines.length)) {
                        chunks.cut();
                    }
                    chunks.add(kind, lines.buf, lines.start, lines.length);
                }
            }
        }

        /**
         * A repeat is not sent, but it may carry tags or attributes the first one lacks: it is
         * listed with its line, so nothing leaves the run without a trace.
         */
        void duplicate(String file, InputItem item, RuleResult result) throws IOException {
            duplicates++;
            if (duplicatesOut == null) {
                duplicatesOut = utf8Writer(duplicatesFile);
            }
            ObjectNode o = json.createObjectNode();
            o.put("file", file);
            o.put("line", item.line());
            o.put("column", item.column());
            o.put("kind", item.kind().arrayName());
            o.put("key", result.key());
            o.set("item", item.node());
            duplicatesOut.write(json.writeValueAsString(o));
            duplicatesOut.newLine();
        }

        void reject(String file, long line, long column, ItemKind kind, String raw, ObjectNode node, RuleResult result,
                    String reason) throws IOException {
            reject(file, line, column, kind, raw, node, result, reason, null);
        }

        void reject(String file, long line, long column, ItemKind kind, String raw, ObjectNode node, RuleResult result,
                    String reason, String stixType) throws IOException {
            rejected++;
            if (rejects == null) {
                rejects = utf8Writer(rejectsFile);
            }
            rejects.write(rejectLine(file, line, column, kind, raw, node, result, reason, stixType));
            rejects.newLine();
        }

        @Override
        public void close() throws IOException {
            try {
                chunks.close();
                for (Spool s : spools) {
                    if (s != null) {
                        s.delete();
                    }
                }
                Files.deleteIfExists(spoolDir);
            } finally {
                if (rejects != null) {
                    rejects.close();
                }
                if (duplicatesOut != null) {
                    duplicatesOut.close();
                }
            }
        }
    }

    /**
     * Splits a spool into its lines without copying them: each line is handed out as a range of
     * the read buffer, which only grows when one item is longer than it.
     */
    private static final class Lines {
        private final InputStream in;
        byte[] buf = new byte[256 * 1024];
        int start;
        int length;
        private int pos;
        private int limit;

        Lines(InputStream in) {
            this.in = in;
        }

        boolean next() throws IOException {
            int scan = pos;
            while (true) {
                for (; scan < limit; scan++) {
                    if (buf[scan] == '\n') {
                        start = pos;
                        length = scan - pos;
                        pos = scan + 1;
                        return true;
                    }
                }
                // No newline in what is buffered: move the partial line to the front, read more.
                int partial = limit - pos;
                if (pos > 0) {
                    System.arraycopy(buf, pos, buf, 0, partial);
                } else if (partial == buf.length) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                }
                pos = 0;
                limit = partial;
                scan = partial;
                int n = in.read(buf, limit, buf.length - limit);
                if (n < 0) {
                    if (partial == 0) {
                        return false;
                    }
                    throw new IOException("spool file ends inside an item");
                }
                limit += n;
            }
        }
    }

    /** A byte buffer whose array can be read without a copy. */
    private static final class Buffer extends java.io.ByteArrayOutputStream {
        Buffer() {
            super(4096);
        }

        byte[] bytes() {
            return buf;
        }
    }

    /** One kind's accepted items, one serialised item a line. */
    private static final class Spool {
        final Path file;
        OutputStream out;
        long size;
        long count;

        Spool(Path file) {
            this.file = file;
        }

        long append(byte[] item, int off, int length) throws IOException {
            if (out == null) {
                out = new BufferedOutputStream(Files.newOutputStream(file), 256 * 1024);
            }
            long at = size;
            out.write(item, off, length);
            out.write('\n');
            size += length + 1;
            count++;
            return at;
        }

        void finish() throws IOException {
            if (out != null) {
                out.close();
                out = null;
            }
        }

        void delete() throws IOException {
            finish();
            Files.deleteIfExists(file);
        }
    }

    /**
     * Per-group bookkeeping for the cut pass, in parallel arrays (a few dozen bytes a group), and
     * a union-find over every xid a group has or names, so linked groups share one root.
     */
    private static final class Groups {
        final List<String> files = new ArrayList<>();
        final Map<String, Integer> xids = new HashMap<>();
        int[] parent = new int[64];
        int[] node = new int[64];
        long[] offset = new long[64];
        int[] length = new int[64];
        int[] fileIndex = new int[64];
        long[] line = new long[64];
        long[] column = new long[64];
        int size;

        int file(String f) {
            files.add(f);
            return files.size() - 1;
        }

        int size() {
            return size;
        }

        void add(String xid, JsonNode linked, long off, int len, int file, long ln, long col) {
            if (size == offset.length) {
                int m = size * 2;
                node = Arrays.copyOf(node, m);
                offset = Arrays.copyOf(offset, m);
                length = Arrays.copyOf(length, m);
                fileIndex = Arrays.copyOf(fileIndex, m);
                line = Arrays.copyOf(line, m);
                column = Arrays.copyOf(column, m);
            }
            int me = id(xid);
            node[size] = me;
            offset[size] = off;
            length[size] = len;
            fileIndex[size] = file;
            line[size] = ln;
            column[size] = col;
            size++;
            if (linked != null && linked.isArray()) {
                for (JsonNode x : linked) {
                    if (x.isTextual() || x.isNumber()) {
                        union(me, id(x.asText()));
                    }
                }
            }
        }

        int root(int group) {
            return find(node[group]);
        }

        private int id(String xid) {
            Integer i = xids.get(xid);
            if (i != null) {
                return i;
            }
            int n = xids.size();
            if (n == parent.length) {
                parent = Arrays.copyOf(parent, n * 2);
            }
            parent[n] = n;
            xids.put(xid, n);
            return n;
        }

        private int find(int x) {
            while (parent[x] != x) {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            return x;
        }

        private void union(int a, int b) {
            int ra = find(a);
            int rb = find(b);
            if (ra != rb) {
                parent[Math.max(ra, rb)] = Math.min(ra, rb);
            }
        }
    }

    /**
     * V1 takes indicators only (§3.1) and none of V2's fields: a V2-shaped file or V2 data sent
     * as V1 would be dropped by the server without a word, so the job is refused, naming where.
     */
    static void refuseForV1(String file, InputItem item) {
        String at = file + ":" + item.line() + ":" + item.column() + ": ";
        if (item.kind() != ItemKind.INDICATOR) {
            throw new UsageException(at + "a V1 job takes indicators only, but this file holds " + (item.kind() == ItemKind.GROUP
                    ? "groups" : "associations") + " (it is V2-shaped); import it as a V2 job");
        }
        if (item.node() != null) {
            List<String> extra = IndicatorRules.v2OnlyFields(item.node());
            if (!extra.isEmpty()) {
                throw new UsageException(at + "this indicator has V2-only field(s) " + String.join(", ", extra)
                        + ", which a V1 job would drop; import it as a V2 job or remove them");
            }
        }
    }

    /**
     * Whether an item "the same" as this one was seen before in the run, which adds it: for
     * indicators the input rules' key ({@link IndicatorRules#dedupKey}: type, NUL, normalised
     * value), for groups "group", NUL and the xid. Preflight and convert both ask here; the key is
     * hashed from its parts, not built as a string for every item.
     */
    static boolean repeated(SeenSet seen, ItemKind kind, RuleResult valid) {
        return !seen.add(kind == ItemKind.INDICATOR ? valid.type() : "group", valid.key());
    }

    static RuleResult check(InputItem item) {
        return switch (item.kind()) {
            case INDICATOR -> IndicatorRules.check(item.node());
            case GROUP -> GroupRules.check(item.node());
            case ASSOCIATION -> AssociationRules.check(item.node());
        };
    }

    String rejectLine(String file, long line, long column, ItemKind kind, String raw, ObjectNode node,
                              RuleResult result, String reason) throws IOException {
        return rejectLine(file, line, column, kind, raw, node, result, reason, null);
    }

    /** As above; {@code stixType} (an entry of a STIX bundle: what it was, e.g. observed-data) is written after "kind". */
    String rejectLine(String file, long line, long column, ItemKind kind, String raw, ObjectNode node,
                              RuleResult result, String reason, String stixType) throws IOException {
        ObjectNode o = json.createObjectNode();
        o.put("file", file);
        o.put("line", line);
        o.put("column", column);
        o.put("kind", kind.arrayName());
        if (stixType != null) {
            o.put("stixType", stixType);
        }
        if (result != null) {
            o.put("code", result.code());
            o.put("reason", result.reason());
        } else {
            o.putNull("code");
            o.put("reason", reason);
        }
        if (raw != null) {
            // A runaway line (a whole file without newlines) must not be copied whole into the rejects file.
            o.put("value", raw.length() > MAX_VALUE ? raw.substring(0, MAX_VALUE) + "… (" + raw.length() + " characters)" : raw);
        }
        if (node != null) {
            o.set("item", (JsonNode) node);
        }
        return json.writeValueAsString(o);
    }
}
