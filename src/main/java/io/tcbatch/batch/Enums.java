package io.tcbatch.batch;

import java.util.Arrays;

/** Reading an enumerated job option the same way in every front end (DSL words, shell options). */
public final class Enums {
    private Enums() {
    }

    /**
     * The constant of {@code type} that {@code value} names, ignoring case; a constant is taken as is.
     *
     * @throws UsageException listing the allowed values, e.g. "action must be one of Create, Delete (did you mean Create?)"
     */
    public static <E extends Enum<E>> E parse(Class<E> type, Object value, String option) {
        if (type.isInstance(value)) {
            return type.cast(value);
        }
        String s = String.valueOf(value);
        for (E e : type.getEnumConstants()) {
            if (e.name().equalsIgnoreCase(s)) {
                return e;
            }
        }
        throw JobValues.notOneOf(option, Arrays.stream(type.getEnumConstants()).map(Enum::name).toList(), s);
    }
}
