package io.tcbatch.shell;

/**
 * Asking the person at the keyboard: a secret at a masked prompt, a plain answer, or a yes/no
 * before something destructive. In the interactive shell it reads from the shell's terminal; as a
 * single command there is no one to ask, so a confirmation needs {@code --yes} and a secret is
 * read from standard input.
 */
public interface Prompter {

    /** True in the interactive shell, where a question can be asked. */
    boolean interactive();

    /**
     * Reads a secret without echoing it (shell: masked prompt; single command: one line of
     * standard input). Never recorded in the history. Throws a usage error when nothing can be read.
     */
    String secret(String prompt);

    /** Reads one line (shell: the terminal; single command: standard input), or null at end of input. */
    String line(String prompt);

    /**
     * Before a destructive step: true when {@code yes} was given or the person answers yes. As a
     * single command without {@code yes} it throws a usage error (exit 2) that says to add
     * {@code --yes}; in the shell a "no" throws a usage error "cancelled: nothing was sent".
     *
     * @param what one line saying what will happen, e.g. "Delete the items of feed.json from 'Example Org' on profile prod"
     */
    void confirm(String what, boolean yes);
}
