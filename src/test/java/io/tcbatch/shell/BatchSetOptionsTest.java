package io.tcbatch.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.shell.command.CommandRegistration;

/**
 * {@code batch set --KEY VALUE}: Spring Shell completes no positional value, so every key is an
 * option too, named as import names it, and the name-based completion proposes its values.
 */
class BatchSetOptionsTest {

    @Test
    void everyKeyIsAnOptionAndItsValuesCompleteByName() {
        CommandRegistration set = new DraftCommands().batchSetCommand(null);
        for (String key : DraftOps.KEYS) {
            assertEquals(1, set.getOptions().stream().filter(o -> List.of(o.getLongNames()).contains(key)).count(), key);
        }
        List<String> words = List.of("--action", "Delete", "--attribute-write-type", "A");
        assertEquals("attribute-write-type", Completions.optionAtCursor(set, words, 3));
        Completions.Completer c = new Completions.Completer(null, null, null, null);
        assertEquals(Vocab.ATTRIBUTE_WRITE_TYPES,
                c.valuesFor("batch set", "attribute-write-type", "A").stream().map(p -> p.value()).toList());
        assertEquals(Vocab.BOOLEANS, c.valuesFor("batch set", "halt-on-error", "").stream().map(p -> p.value()).toList());
        // The positional form still parses as before: KEY at 0, VALUE at 1.
        assertEquals("key", Completions.optionAtCursor(set, List.of(""), 0));
        assertEquals("value", Completions.optionAtCursor(set, List.of("action", ""), 1));
    }

    @Test
    void batchRemoveProposesTheStagedFilesOnly() {
        DraftOps staged = (DraftOps) java.lang.reflect.Proxy.newProxyInstance(DraftOps.class.getClassLoader(),
                new Class<?>[] {DraftOps.class}, (proxy, method, args) -> {
                    if (method.getName().equals("stagedFiles")) {
                        return List.of("/data/feed.json", "/data/iocs.txt");
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        CommandRegistration remove = new DraftCommands().batchRemoveCommand(staged);
        var files = remove.getOptions().stream().filter(o -> o.getLongNames()[0].equals("files")).findFirst().orElseThrow();
        assertEquals(List.of("/data/feed.json", "/data/iocs.txt"),
                files.getCompletion().apply(new org.springframework.shell.CompletionContext(List.of(""), 0, 0, remove, files))
                        .stream().map(p -> p.value()).toList());
        // The name-based resolver adds no paths of the working directory to them.
        Completions.Completer c = new Completions.Completer(null, null, java.nio.file.Path.of("."), java.nio.file.Path.of("."));
        assertEquals(List.of(), c.valuesFor("batch remove", "files", ""));
    }
}
