package io.tcbatch.batch;

/** A request that cannot be carried out as asked (no owner, no input, bad option); exit code 2. */
public class UsageException extends RuntimeException {
    public UsageException(String message) {
        super(message);
    }
}
