package io.tcbatch.api;

/**
 * The instance does not serve an optional endpoint (it answered 404 or 405 to
 * {@code createAndUpload}); the caller falls back to the documented E1 + E2.
 */
public class UnsupportedEndpointException extends ApiException {
    public UnsupportedEndpointException(int httpStatus, String message) {
        super(httpStatus, null, message, null);
    }
}
