package io.tcbatch.dsl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Where a runtime error's column points when the message names no word: the statement that starts
 * on the line, found in the syntax tree. A comment before each statement moves the first non-blank
 * character away from it, so a statement kind the finder missed would show as column 1.
 */
class ScriptColumnTest {
    private static final String C = "/* c */ ";
    private static final int AT = C.length() + 1;

    @Test
    void eachStatementKindIsFoundAfterALeadingComment() {
        assertEquals(AT, ScriptHost.columnOf(C + "println 'x'\n", 1, null), "expression");
        assertEquals(AT, ScriptHost.columnOf(C + "return 1\n", 1, null), "return");
        assertEquals(AT, ScriptHost.columnOf(C + "throw new RuntimeException('x')\n", 1, null), "throw");
        assertEquals(AT, ScriptHost.columnOf(C + "if (true) { }\n", 1, null), "if");
        assertEquals(AT, ScriptHost.columnOf(C + "for (i in [1]) { }\n", 1, null), "for");
        assertEquals(AT, ScriptHost.columnOf(C + "while (false) { }\n", 1, null), "while");
        // Kinds the six overrides it replaced did not see, now found too (they fell back to column 1 here).
        assertEquals(AT, ScriptHost.columnOf(C + "assert true\n", 1, null), "assert");
        assertEquals(AT, ScriptHost.columnOf(C + "switch (1) { }\n", 1, null), "switch");
        assertEquals(AT, ScriptHost.columnOf("def f() {\n" + C + "return 2\n}\n", 2, null), "inside a method");
    }

    @Test
    void aBlockIsNotAStatementTheUserWroteAtItsBrace() {
        // The else block starts at its brace (column 8); the statement in it at column 10.
        assertEquals(10, ScriptHost.columnOf("if (a) {\n  b()\n} else { c() }\n", 3, null));
    }

    @Test
    void theWordComesFirstAndTheFirstNonBlankIsTheLastResort() {
        assertEquals(15, ScriptHost.columnOf("println 'a' + Crate\n", 1, "Crate"));
        assertEquals(3, ScriptHost.columnOf("  // only a comment\n", 1, null));
        assertEquals(0, ScriptHost.columnOf("x\n", 2, null));
    }
}
