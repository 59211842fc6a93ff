package io.tcbatch.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of a job's error file (E5).
 *
 * @param reason  {@code errorReason}, typically {@code Error (0x1005): …}
 * @param source  {@code errorSource}: the offending item (may be null)
 * @param message {@code errorMessage}, when present
 */
public record BatchError(String reason, String source, String message) {
    private static final Pattern CODE = Pattern.compile("\\((0x[0-9A-Fa-f]{4})\\)");
    private static final Pattern PREFIX = Pattern.compile("^\\s*Error\\s*\\(0x[0-9A-Fa-f]{4}\\)\\s*:\\s*");

    /** The {@code 0x….} code in the reason, or "unknown". */
    public String code() {
        if (reason == null) {
            return "unknown";
        }
        Matcher m = CODE.matcher(reason);
        return m.find() ? m.group(1) : "unknown";
    }

    /** The reason without its {@code Error (0x….): } prefix. */
    public String reasonText() {
        return reason == null ? "" : PREFIX.matcher(reason).replaceFirst("");
    }
}
