package io.tcbatch.api;

import java.util.List;

/**
 * The result of fetching a job's error details (E5 or E6).
 *
 * @param available false when the server answered 404 (no errors, or not ready yet) or 400 while running
 * @param errors    parsed entries; empty when the body was not a JSON array
 * @param rawText   the decoded body when it was not a JSON array, else null
 * @param endpoint  "errors" (E5) or "results" (E6); null when not available
 */
public record ErrorFile(boolean available, List<BatchError> errors, String rawText, String endpoint) {

    public ErrorFile(boolean available, List<BatchError> errors, String rawText) {
        this(available, errors, rawText, available ? "errors" : null);
    }

    public static ErrorFile notAvailable() {
        return new ErrorFile(false, List.of(), null, null);
    }
}
