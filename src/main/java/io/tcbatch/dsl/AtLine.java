package io.tcbatch.dsl;

/**
 * An error that belongs to another line of the script than the one running when it was found: a
 * V1 job's V2-only option is refused when the block ends, but the line to fix is the option's.
 */
final class AtLine extends RuntimeException {
    final int line;

    AtLine(int line, RuntimeException cause) {
        super(cause.getMessage(), cause, false, false);
        this.line = line;
    }
}
