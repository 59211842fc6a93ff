package io.tcbatch.journal;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One input of a run as preflight read it, so a resume can tell whether the file changed since.
 *
 * @param name   the input's name as the user gave it (a path, or {@code script.groovy:12 (text)})
 * @param path   the absolute path of a file input, or null for text in a script or inline items
 * @param size   bytes read
 * @param sha256 lower-case hex SHA-256 of the bytes read, or null when it was not computed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InputRecord(String name, String path, long size, String sha256) {
}
