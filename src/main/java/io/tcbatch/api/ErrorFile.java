package io.tcbatch.api;

import java.util.List;

/**
 * The result of fetching a job's error file (E5).
 *
 * @param available false when the server answered 404 (no errors, or not ready yet)
 * @param errors    parsed entries; empty when the body was not a JSON array
 * @param rawText   the decoded body when it was not a JSON array, else null
 */
public record ErrorFile(boolean available, List<BatchError> errors, String rawText) {
    public static ErrorFile notAvailable() {
        return new ErrorFile(false, List.of(), null);
    }
}
