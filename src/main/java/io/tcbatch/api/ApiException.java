package io.tcbatch.api;

/**
 * A remote failure: the server refused the request (auth, unknown owner, bad request) or could
 * not be reached. The message is one line with the server's own message; it never holds a
 * credential.
 */
public class ApiException extends RuntimeException {
    private final int httpStatus;
    private final String serverMessage;

    public ApiException(int httpStatus, String serverMessage, String message, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.serverMessage = serverMessage;
    }

    /** HTTP status, or 0 when no response was received. */
    public int httpStatus() {
        return httpStatus;
    }

    /** The server's message ({@code message} or {@code description} of the envelope, or the body text). */
    public String serverMessage() {
        return serverMessage;
    }
}
