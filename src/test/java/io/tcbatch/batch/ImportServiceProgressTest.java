package io.tcbatch.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.tcbatch.TestClock;
import io.tcbatch.api.BatchError;
import io.tcbatch.journal.Journal;

/** What the import service tells a progress bar: preflight bytes and items, chunks uploaded, error files fetched. */
class ImportServiceProgressTest {
    @TempDir
    Path home;

    private final ObjectMapper json = new ObjectMapper();
    private final FakeBatchApi api = new FakeBatchApi();
    private final TestClock clock = new TestClock();

    /** Writes down every call as text. */
    private static final class Recorder implements Progress {
        final List<String> calls = new ArrayList<>();
        long done;

        @Override
        public void start(String label, long total, String unit) {
            done = 0;
            calls.add("start " + label + " " + total + " " + unit);
        }

        @Override
        public void advance(long n) {
            done += n;
        }

        @Override
        public void at(long position) {
            done = position;
        }

        @Override
        public void detail(String text) {
            calls.add("detail " + text);
        }

        @Override
        public void done() {
            calls.add("done at " + done);
        }
    }

    private Path list(int count) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            lines.add("198.51." + (i / 250) + "." + (i % 250 + 1));
        }
        Path f = home.resolve("list.txt");
        Files.write(f, lines);
        return f;
    }

    @Test
    void preflightUploadAndErrorDownloadsReportTheirProgress() throws Exception {
        Path f = list(600);
        api.errorsPerJob = List.of(new BatchError("Error (0x1005): x", "x", null));
        Recorder r = new Recorder();
        ImportService s = new ImportService(api, null, "test", new Journal(home, json, clock),
                ImportOptions.defaults().withChunkSize(200), clock, clock, json, new java.util.Random(7)).progress(r);
        ImportSpec spec = new ImportSpec("Example Org", Action.Create, AttributeWriteType.Replace, false, List.of(f));
        SubmittedRun run = s.submit(spec);
        long size = Files.size(f);
        int first = Math.min(3, ImportOptions.defaults().inFlight());
        assertEquals("start reading list.txt " + size + " bytes", r.calls.get(0));
        assertTrue(r.calls.contains("detail 512 items"), r.calls.toString());
        int read = r.calls.indexOf("done at " + size);
        assertTrue(read > 0, "the bar ends at the file's size: " + r.calls);
        assertEquals("detail 600 items", r.calls.get(read - 1));
        assertEquals("start uploading " + first + " of 3 chunk(s) " + first + " chunks", r.calls.get(read + 1));
        assertEquals("done at " + first, r.calls.get(r.calls.size() - 1), r.calls.toString());
        r.calls.clear();
        RunSummary sum = s.watch(List.of(run), WatchListener.NONE);
        assertEquals(3, sum.jobs().size());
        // three jobs with errors: one file each
        assertEquals("start downloading error files 3 files", r.calls.get(0));
        assertEquals("done at 3", r.calls.get(r.calls.size() - 1));
    }

    @Test
    void withoutAProgressNothingIsToldAndTheImportIsTheSame() throws Exception {
        Path f = list(10);
        ImportService s = new ImportService(api, null, "test", new Journal(home, json, clock),
                ImportOptions.defaults().withChunkSize(200), clock, clock, json, new java.util.Random(7));
        ImportSpec spec = new ImportSpec("Example Org", Action.Create, AttributeWriteType.Replace, false, List.of(f));
        RunSummary sum = s.watch(List.of(s.submit(spec)), WatchListener.NONE);
        assertEquals(0, sum.exitCode());
    }
}
