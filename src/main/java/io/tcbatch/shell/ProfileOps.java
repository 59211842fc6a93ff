package io.tcbatch.shell;

import java.util.List;

/**
 * What the {@code profile …} and {@code config show} commands call. The cli package provides it
 * (it reads and writes the user's config file and switches the running session); each method
 * prints its result (one JSON document with {@code --output json}) and records the exit code.
 */
public interface ProfileOps {

    /** Every profile: name, URL, auth, default owner, production mark, and which one is current. */
    void list();

    /** Makes {@code name} the default (the user file's {@code profile=}); in the shell, switches to it now. */
    void use(String name);

    /**
     * A profile to store in the user file. The secret (or token) is never an option: it is asked
     * for with {@link Prompter#secret}.
     */
    record NewProfile(String name, String apiPath, String auth, String accessId, String owner, String proxy,
                      String caBundle, Boolean production, boolean replace) {
    }

    void add(NewProfile profile);

    /** Every field of a profile (null: the current one) with where it came from; secrets only as set or not. */
    void show(String name);

    /** Removes a profile's lines from the user file, after confirmation ({@code yes} skips it). */
    void remove(String name, boolean yes);

    /** Every effective setting with its value and source, secrets masked. */
    void configShow();
}
