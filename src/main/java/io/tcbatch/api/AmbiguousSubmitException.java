package io.tcbatch.api;

/**
 * A create (E1 or E3) was sent but its answer was lost, so whether a job now exists on the server
 * cannot be known. It is not retried, because a retry could create a second job with the same data;
 * the caller stops and tells the user.
 */
public class AmbiguousSubmitException extends ApiException {
    public AmbiguousSubmitException(String message, Throwable cause) {
        super(0, null, message, cause);
    }
}
