package io.tcbatch.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import groovy.lang.Closure;
import groovy.lang.GroovyShell;

import io.tcbatch.batch.ImportService;
import io.tcbatch.batch.RunSummary;
import io.tcbatch.batch.WatchListener;
import io.tcbatch.input.CsvMapping;
import io.tcbatch.input.Input;
import io.tcbatch.input.InputException;
import io.tcbatch.input.ItemSource;

/**
 * The wiring of {@code csv(path)}, {@code csv(path) { … }} and {@code stix(path)}: each gives an
 * input read by the CSV or STIX reader, whichever state those readers are in (their own tests
 * check what they read), and a relative path is found beside the script.
 */
class DslCsvStixInputsTest {
    @TempDir
    Path dir;

    private InputVerbs verbs() {
        return new InputVerbs(new DslContext() {
            @Override
            public ImportService service() {
                return null;
            }

            @Override
            public WatchListener watchListener() {
                return WatchListener.NONE;
            }

            @Override
            public void summary(RunSummary summary) {
            }

            @Override
            public String defaultOwner() {
                return null;
            }

            @Override
            public PrintStream console() {
                return System.out;
            }

            @Override
            public Path scriptDir() {
                return dir;
            }
        }, "feed.groovy");
    }

    /** The name of the reader {@code input} is read by: its format name, or what it said when it refused. */
    private static String readerOf(Input input) throws IOException {
        try (ItemSource s = input.open(in -> in)) {
            return s.formatName();
        } catch (InputException e) {
            return e.getMessage();
        }
    }

    @Test
    void csvWithoutAMappingIsReadByTheCsvReaderAndARelativePathIsFoundBesideTheScript() throws IOException {
        Path csv = Files.writeString(dir.resolve("feed.csv"), "value\n192.0.2.90\n");
        Input in = verbs().csv("feed.csv", null);
        assertEquals(csv, in.path());
        assertEquals(csv.toString(), in.name());
        String reader = readerOf(in);
        assertTrue(reader.contains("CSV"), reader);
        // A .dat file forced to CSV is read by the CSV reader too.
        Path dat = Files.writeString(dir.resolve("feed.dat"), "value\n192.0.2.91\n");
        assertTrue(readerOf(verbs().file(java.util.Map.of("format", "csv"), dat.toString())).contains("CSV"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMappingBlockRunsOnceWithACsvMappingAsItsDelegateFirst() throws IOException {
        Path csv = Files.writeString(dir.resolve("mapped.csv"), "ip\n192.0.2.92\n");
        List<Object> both = (List<Object>) new GroovyShell().evaluate(
                "def seen = []; [{ m -> seen << delegate << m << resolveStrategy }, seen]");
        Input in = verbs().csv(csv.toString(), (Closure<?>) both.get(0));
        List<Object> seen = (List<Object>) both.get(1);
        assertEquals(3, seen.size(), seen.toString());
        assertTrue(seen.get(0) instanceof CsvMapping, seen.toString());
        assertSame(seen.get(0), seen.get(1));
        assertEquals(Closure.DELEGATE_FIRST, seen.get(2));
        assertTrue(readerOf(in).contains("CSV"));
    }

    @Test
    void stixIsReadByTheStixReaderWhateverTheFileIsCalled() throws IOException {
        Path bundle = Files.writeString(dir.resolve("bundle.txt"), "{\"type\":\"bundle\",\"id\":\"bundle--1\",\"objects\":[]}");
        Input in = verbs().stix("bundle.txt");
        assertEquals(bundle, in.path());
        String reader = readerOf(in);
        assertTrue(reader.contains("STIX"), reader);
    }

    @Test
    void aMissingFileIsNamedWithTheScriptLineOnlyWhenMadeInAScript() {
        // Made outside a running script there is no script line to add; the file's own message stays.
        Input in = verbs().stix("nowhere.json");
        InputException e = org.junit.jupiter.api.Assertions.assertThrows(InputException.class, in::check);
        assertEquals("nowhere.json: no such file", e.getMessage());
        assertNull(in.path().getParent());
    }
}
