package io.tcbatch.api;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of a job's error file (E5) or error details (E6).
 *
 * @param reason   {@code errorReason}, typically {@code Error (0x1005): …}
 * @param source   {@code errorSource}: the offending item (may be null)
 * @param message  {@code errorMessage}, when present
 * @param wireCode {@code code} as E6 sends it, or null
 * @param severity {@code severity} as E6 sends it, or null
 */
public record BatchError(String reason, String source, String message, String wireCode, String severity) {
    private static final Pattern CODE = Pattern.compile("\\(?\\b(0x[0-9A-Fa-f]{4})\\b\\)?");
    private static final Pattern PREFIX = Pattern.compile("^\\s*Error\\s*\\(0x[0-9A-Fa-f]{4}\\)\\s*:\\s*");

    public BatchError(String reason, String source, String message) {
        this(reason, source, message, null, null);
    }

    /** The {@code 0x….} code: E6's own field, else found in the reason, else in the message; "unknown" when none. */
    public String code() {
        if (wireCode != null && wireCode.trim().matches("0x[0-9A-Fa-f]{4}")) {
            return wireCode.trim();
        }
        for (String text : new String[] {reason, message}) {
            if (text != null) {
                Matcher m = CODE.matcher(text);
                if (m.find()) {
                    return m.group(1);
                }
            }
        }
        return "unknown";
    }

    /** The reason without its {@code Error (0x….): } prefix (the message when there is no reason). */
    public String reasonText() {
        String text = reason != null && !reason.isBlank() ? reason : message;
        return text == null ? "" : PREFIX.matcher(text).replaceFirst("");
    }
}
