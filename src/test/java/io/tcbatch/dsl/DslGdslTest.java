package io.tcbatch.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import io.tcbatch.input.CsvMapping;

/**
 * The IntelliJ descriptor {@code dsl-examples/tcbatch.gdsl} stays true to the DSL: every public
 * verb of the script, the batch block, the csv block and defaults is listed there (by reflection,
 * so a verb added to the code and not to the descriptor fails here), and the file is Groovy that
 * compiles (IntelliJ silently ignores a descriptor that does not).
 */
class DslGdslTest {
    private static final Path GDSL = Path.of("dsl-examples", "tcbatch.gdsl");
    /** Groovy's hooks and Object's methods: not words a user writes. */
    private static final Set<String> NOT_VERBS = Set.of("methodMissing", "propertyMissing", "toString", "run");

    private static Set<String> listed() throws IOException {
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("name: '(\\w+)'").matcher(Files.readString(GDSL));
        while (m.find()) {
            names.add(m.group(1));
        }
        // The inline builders' verbs are listed as ['address', 'host', …].each { verb -> method name: verb … }.
        Matcher lists = Pattern.compile("\\[([^\\]]*)\\]\\.each \\{", Pattern.DOTALL).matcher(Files.readString(GDSL));
        while (lists.find()) {
            Matcher word = Pattern.compile("'(\\w+)'").matcher(lists.group(1));
            while (word.find()) {
                names.add(word.group(1));
            }
        }
        return names;
    }

    private static Set<String> verbs(Class<?> type) {
        Set<String> names = new TreeSet<>();
        for (Method m : type.getDeclaredMethods()) {
            if (Modifier.isPublic(m.getModifiers()) && !Modifier.isStatic(m.getModifiers()) && !m.isSynthetic()
                    && !NOT_VERBS.contains(m.getName())) {
                names.add(m.getName());
            }
        }
        return names;
    }

    @Test
    void everyPublicVerbOfTheDslIsInTheDescriptor() throws IOException {
        Set<String> listed = listed();
        for (Class<?> c : List.of(TcbatchScript.class, BatchSpec.class, CsvMapping.class, ItemHooks.Defaults.class,
                ItemFields.Extras.class, InlineItems.IndicatorVerbs.class, InlineItems.GroupVerbs.class)) {
            Set<String> missing = new TreeSet<>(verbs(c));
            missing.removeAll(listed);
            assertEquals(Set.of(), missing, "verbs of " + c.getSimpleName() + " not in " + GDSL);
        }
        // The words the code suggests ("did you mean") are the ones the editor offers.
        Set<String> suggested = new TreeSet<>(Suggest.BATCH);
        suggested.addAll(Suggest.TOP);
        suggested.addAll(Suggest.VALUES);
        suggested.removeAll(Set.of("true", "false"));
        suggested.removeAll(listed);
        assertEquals(Set.of(), suggested, "words of Suggest not in " + GDSL);
        assertTrue(verbs(BatchSpec.class).contains("dryRun"), "the reflection sees the verbs: " + verbs(BatchSpec.class));
    }

    @Test
    void theDescriptorCompilesAsGroovy() throws IOException {
        // Compiling (not running: context/contributor exist only inside IntelliJ) catches a syntax error.
        new groovy.lang.GroovyShell().parse(Files.readString(GDSL), "tcbatch.gdsl");
    }
}
