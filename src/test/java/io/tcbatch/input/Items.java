package io.tcbatch.input;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Every item of an input, read to its end as the preflight reads it: the loop the input tests each had a copy of. */
final class Items {
    private Items() {
    }

    /** The items {@code s} has left; the caller closes it (and may still ask its format name). */
    static List<InputItem> all(ItemSource s) throws IOException {
        List<InputItem> items = new ArrayList<>();
        for (InputItem i = s.next(); i != null; i = s.next()) {
            items.add(i);
        }
        return items;
    }

    /** The items of the file at {@code p}, its format told from its content. */
    static List<InputItem> all(Path p) throws IOException {
        try (ItemSource s = Inputs.open(p)) {
            return all(s);
        }
    }

    /** The items of {@code input}, its bytes read as they are. */
    static List<InputItem> all(Input input) throws IOException {
        try (ItemSource s = input.open(in -> in)) {
            return all(s);
        }
    }
}
