package io.tcbatch.dsl;

import java.util.List;

/**
 * Where in the script a verb was called: the line of the innermost stack frame of the script's own
 * classes (the script and its closures share its source file name). Used for items written in the
 * script and for inputs, so a reject or a missing file names {@code script.groovy:LINE}.
 */
final class ScriptLines {
    private static final StackWalker WALKER = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE);

    private ScriptLines() {
    }

    /** The script's source file name (as in its stack frames) and the line being run; line 0 when not in a script. */
    record Place(String fileName, int line) {
        static final Place NONE = new Place(null, 0);
    }

    /** Where the script called the verb that is running now. */
    static Place caller() {
        return WALKER.walk(frames -> {
            List<StackWalker.StackFrame> all = frames.toList();
            String file = scriptFile(all);
            if (file == null) {
                return Place.NONE;
            }
            for (StackWalker.StackFrame f : all) {
                if (file.equals(f.getFileName()) && f.getLineNumber() > 0) {
                    return new Place(file, f.getLineNumber());
                }
            }
            return new Place(file, 0);
        });
    }

    /**
     * The script's file name: that of the frame running the script's body (a subclass of
     * {@link TcbatchScript}, never the base class itself, whose file is TcbatchScript.java).
     */
    private static String scriptFile(List<StackWalker.StackFrame> frames) {
        for (int i = frames.size() - 1; i >= 0; i--) {
            StackWalker.StackFrame f = frames.get(i);
            Class<?> c = f.getDeclaringClass();
            if (c != TcbatchScript.class && TcbatchScript.class.isAssignableFrom(c) && f.getFileName() != null) {
                return f.getFileName();
            }
        }
        return null;
    }

    /** The innermost line of {@code fileName} in the stack of {@code e} (or its causes); 0 when none. */
    static int lineIn(Throwable e, String fileName) {
        if (fileName == null) {
            return 0;
        }
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            for (StackTraceElement el : t.getStackTrace()) {
                if (fileName.equals(el.getFileName()) && el.getLineNumber() > 0) {
                    return el.getLineNumber();
                }
            }
        }
        return 0;
    }
}
