package io.tcbatch.dsl;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import groovy.lang.Closure;

import io.tcbatch.batch.UsageException;
import io.tcbatch.input.ItemKind;
import io.tcbatch.input.ItemTransform;

/**
 * {@code defaults { rating 2; tag 'feed-x' }} and {@code each { item -> … }} inside {@code batch { }}:
 * what every item of the batch goes through after it is read, defaults first.
 *
 * <p>Both run once per item of every input (a feed may have millions), so the defaults are turned
 * into JSON once, when the block is read, and {@code each} gets one small live view per item.
 */
final class ItemHooks {
    /** Fields set when an item lacks them; per kind, since rating and confidence are indicators' only. */
    private final List<Fill> fills = new ArrayList<>();
    private final List<String> tags = new ArrayList<>();
    private final List<ObjectNode> attributes = new ArrayList<>();
    private final List<ObjectNode> labels = new ArrayList<>();
    private final List<Each> each = new ArrayList<>();

    private record Fill(String field, JsonNode value, boolean groups) {
    }

    private record Each(Closure<?> body, String scriptName, String scriptFile, int line) {
    }

    /** Fields that mean the same on a group (description and source are attribute shortcuts on both). */
    private static final Set<String> GROUP_TOO = Set.of("description", "source", "firstSeen", "lastSeen",
            "externalDateAdded", "externalDateExpires", "externalLastModified");

    /** What defaults { } can set, for its "did you mean". */
    private static final Set<String> FIELDS = ItemFields.INDICATOR.stream().filter(f -> !f.equals("summary"))
            .collect(java.util.stream.Collectors.toUnmodifiableSet());

    void defaults(Closure<?> body) {
        Closure<?> c = (Closure<?>) body.clone();
        c.setResolveStrategy(Closure.DELEGATE_FIRST);
        c.setDelegate(new Defaults());
        c.call();
    }

    void each(Closure<?> body) {
        if (body == null) {
            throw new UsageException("each takes a closure, e.g. each { item -> item.rating = 4 }");
        }
        ScriptLines.Place at = ScriptLines.caller();
        each.add(new Each(body, scriptName(body, at.fileName()), at.fileName(), at.line()));
    }

    /** The script as the user gave it (its path), from the closure's owners; the class file name when not found. */
    private static String scriptName(Closure<?> body, String fallback) {
        Object o = body.getOwner();
        while (o instanceof Closure<?> c && c.getOwner() != c) {
            o = c.getOwner();
        }
        return o instanceof TcbatchScript s ? s.scriptName() : fallback;
    }

    /** The transform of the preflight: {@link ItemTransform#NONE} when neither was given. */
    ItemTransform transform() {
        if (fills.isEmpty() && tags.isEmpty() && attributes.isEmpty() && labels.isEmpty() && each.isEmpty()) {
            return ItemTransform.NONE;
        }
        Fill[] f = fills.toArray(new Fill[0]);
        String[] t = tags.toArray(new String[0]);
        ObjectNode[] a = attributes.toArray(new ObjectNode[0]);
        ObjectNode[] l = labels.toArray(new ObjectNode[0]);
        Each[] e = each.toArray(new Each[0]);
        return (kind, node, line) -> {
            if (kind != ItemKind.ASSOCIATION) {
                boolean group = kind == ItemKind.GROUP;
                for (Fill fill : f) {
                    if ((!group || fill.groups()) && !node.hasNonNull(fill.field())) {
                        node.set(fill.field(), fill.value().deepCopy());
                    }
                }
                for (String tag : t) {
                    ItemFields.addTag(node, tag);
                }
                for (ObjectNode attr : a) {
                    ItemFields.addAttribute(node, attr.deepCopy());
                }
                for (ObjectNode label : l) {
                    ItemFields.addLabel(node, label.deepCopy());
                }
            }
            ObjectNode current = node;
            for (Each hook : e) {
                current = apply(hook, kind, current, line);
                if (current == null) {
                    return null;
                }
            }
            return current;
        };
    }

    /**
     * One {@code each}: {@code false} drops the item; an item view or a Map returned is the item
     * to keep; anything else keeps the item as the hook left it. Not {@code null}: a Groovy block
     * whose last statement is an {@code if} without {@code else} returns null whenever the test
     * fails, so a hook written {@code if (bad) return false} would silently drop every good item.
     */
    private static ObjectNode apply(Each hook, ItemKind kind, ObjectNode node, long line) {
        ItemView view = new ItemView(kind, node, line);
        Object r;
        try {
            r = hook.body().call(view);
        } catch (RuntimeException | AssertionError ex) {
            // AssertionError: Groovy's assert in the hook, which is the script's own check failing.
            int at = ScriptLines.lineIn(ex, hook.scriptFile());
            String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage().strip().lines().findFirst().orElse("");
            if (ex instanceof groovy.lang.MissingPropertyException p) {
                msg = "unknown name '" + p.getProperty() + "'";
            } else if (ex instanceof groovy.lang.MissingMethodException m) {
                msg = "unknown method '" + m.getMethod() + "'";
            }
            throw new HookFailure(hook.scriptName() + ":" + (at > 0 ? at : hook.line()) + ": each { } failed on this "
                    + kind.arrayName() + ": " + msg + "; nothing was sent", ex);
        }
        if (Boolean.FALSE.equals(r)) {
            return null;
        }
        if (r instanceof ItemJson.NodeMap m) {
            return m.node;
        }
        if (r instanceof Map<?, ?> m) {
            return (ObjectNode) ItemJson.toJson(m);
        }
        return node;
    }

    /** A failure inside {@code each { }}; the preflight adds the input and line of the item. */
    static final class HookFailure extends RuntimeException {
        HookFailure(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The delegate of {@code defaults { }}: item fields by name, plus tag, attribute and securityLabel. */
    public final class Defaults {
        public void rating(Object v) {
            fill("rating", v, false);
        }

        public void confidence(Object v) {
            fill("confidence", v, false);
        }

        public void tag(Object... names) {
            for (Object n : names) {
                if (!tags.contains(String.valueOf(n))) {
                    tags.add(String.valueOf(n));
                }
            }
        }

        public void attribute(Object type, Object value) {
            attributes.add(ItemFields.attribute(null, type, value));
        }

        public void attribute(Map<String, ?> options, Object type, Object value) {
            attributes.add(ItemFields.attribute(options, type, value));
        }

        public void securityLabel(Object name) {
            labels.add(ItemFields.label(null, name));
        }

        public void securityLabel(Map<String, ?> options, Object name) {
            labels.add(ItemFields.label(options, name));
        }

        /** Any other indicator field: {@code description '…'}, {@code source 'Feed X'}, {@code active true}. */
        public Object methodMissing(String name, Object args) {
            Object[] a = args instanceof Object[] arr ? arr : new Object[] {args};
            boolean field = ItemFields.INDICATOR.contains(name) && !name.equals("summary");
            if (field && a.length == 1) {
                fill(name, a[0], GROUP_TOO.contains(name));
                return null;
            }
            if (field) {
                throw new UsageException("defaults: " + name + " takes one value, e.g. " + name + " 'x'");
            }
            String near = Suggest.closest(name, FIELDS);
            if (near == null) {
                // Not near a field: the script's own (println, a variable's method) as DELEGATE_FIRST means.
                throw new groovy.lang.MissingMethodException(name, getClass(), a);
            }
            throw new UsageException("defaults: '" + name + "' is not a field to default (did you mean '" + near + "'?)");
        }

        private void fill(String field, Object value, boolean groups) {
            ObjectNode scratch = ItemJson.NODES.objectNode();
            ItemFields.set(scratch, false, field, value, ItemFields.INDICATOR, "defaults");
            JsonNode v = scratch.get(field);
            if (v != null) {
                fills.removeIf(x -> x.field().equals(field));
                fills.add(new Fill(field, v, groups));
            } else {
                // tag/attribute/securityLabel given as fields: keep what set() built.
                scratch.fields().forEachRemaining(e -> fills.add(new Fill(e.getKey(), e.getValue(), true)));
            }
        }
    }
}
