package io.tcbatch.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import groovy.lang.Binding;
import groovy.lang.GroovyShell;

/** Every script file name becomes a class name Groovy compiles and runs, as the host names it. */
class ScriptClassNameTest {
    @Test
    void keywordsPrimitivesLiteralsAndVisibleClassesAllCompileAndRun() {
        List<String> names = List.of("long", "int", "short", "byte", "char", "float", "double", "boolean", "void",
                "var", "record", "yield", "sealed", "permits", "true", "false", "null", "class", "interface", "enum",
                "def", "trait", "in", "as", "assert", "goto", "const", "new", "this", "super", "switch", "default",
                "String", "Object", "Integer", "Long", "Math", "System", "Thread", "Script", "TcbatchScript",
                "Closure", "Binding", "List", "Map", "File", "URL", "BigDecimal", "BatchSpec", "RunSummary", "Action",
                "1st-try", "my import", "feed.v2", "-", "ok_name");
        for (String n : names) {
            String className = ScriptHost.className(n + ".groovy");
            GroovyShell shell = new GroovyShell(ScriptHost.class.getClassLoader(), new Binding(),
                    ScriptHost.compilerConfiguration());
            Object v = shell.parse("def x = 40\nreturn x + 2", className).run();
            assertEquals(42, v, n + " as " + className);
        }
        assertEquals("ok_name.groovy", ScriptHost.className("ok_name.groovy"), "a name that is fine stays as it is");
        assertEquals("_long.groovy", ScriptHost.className("long.groovy"));
    }
}
