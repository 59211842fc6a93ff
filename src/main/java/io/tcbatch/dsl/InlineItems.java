package io.tcbatch.dsl;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import groovy.lang.Closure;
import groovy.lang.MissingMethodException;

import io.tcbatch.batch.UsageException;
import io.tcbatch.input.GroupRules;
import io.tcbatch.input.IndicatorRules;
import io.tcbatch.input.IndicatorType;
import io.tcbatch.input.Input;
import io.tcbatch.input.InputItem;
import io.tcbatch.input.Inputs;
import io.tcbatch.input.ItemKind;

/**
 * Items written in the script: {@code indicators { host 'bad.example.com', rating: 3 }},
 * {@code groups { incident 'Phish 42', xid: 'incident-42' }} and {@code associate a, b} inside
 * {@code batch { }}. Each item keeps the script line it was written on, so a rejected one names it.
 *
 * <p>The verbs are the types' names in camelCase, taken from {@link IndicatorType} and
 * {@link GroupRules#TYPES}, so a type added there is a verb here. Each item is built as Batch
 * JSON V2, as {@code BatchJsonReader} would read it from a file, and the same rules judge it.
 *
 * <p>{@code associate a, b} becomes an entry of the {@code association} array (API doc §3.6), not
 * {@code associatedGroups} on the item: it works the same whether {@code a} is written in the
 * script, read from a file of the same batch or already in the owner. {@code a} is a group when it
 * is the xid or name of a group written in the script, an indicator when it is the summary of one
 * written in the script (its type from there) or looks like one (an address, CIDR, email address,
 * URL, ASN, hash, or a host name with a dot), else a group xid; {@code b} is a group's xid (or the
 * name of one written in the script).
 */
final class InlineItems {
    private final List<InputItem> items = new ArrayList<>();
    private final List<Pending> associations = new ArrayList<>();

    private record Pending(Object from, Object to, long line) {
    }

    static final Map<String, IndicatorType> INDICATOR_VERBS = new LinkedHashMap<>();
    static final Map<String, String> GROUP_VERBS = new LinkedHashMap<>();
    private static final Map<IndicatorType, Set<String>> ALLOWED = new HashMap<>();

    static {
        for (IndicatorType t : IndicatorType.values()) {
            INDICATOR_VERBS.put(ItemFields.camel(t.apiName()), t);
            Set<String> allowed = new HashSet<>(ItemFields.INDICATOR);
            allowed.addAll(ItemFields.BY_TYPE.getOrDefault(t, Set.of()));
            allowed.addAll(ItemFields.valueFields(t).keySet());
            ALLOWED.put(t, allowed);
        }
        for (String g : GroupRules.TYPES) {
            GROUP_VERBS.put(ItemFields.camel(g), g);
        }
    }

    void indicators(Closure<?> body) {
        run(body, new IndicatorVerbs());
    }

    void groups(Closure<?> body) {
        run(body, new GroupVerbs());
    }

    void associate(Object from, Object to) {
        if (from == null || to == null) {
            throw new UsageException("associate takes two items, e.g. associate 'bad.example.com', 'incident-42'");
        }
        associations.add(new Pending(from, to, ScriptLines.caller().line()));
    }

    boolean isEmpty() {
        return items.isEmpty() && associations.isEmpty();
    }

    /** The items as one input named {@code name} (the script). */
    Input input(String name) {
        List<InputItem> all = new ArrayList<>(items);
        if (!associations.isEmpty()) {
            Map<String, String> indicatorTypes = new HashMap<>();
            Map<String, String> groupXids = new HashMap<>();
            for (InputItem i : items) {
                ObjectNode n = i.node();
                if (i.kind() == ItemKind.INDICATOR) {
                    Object s = new ItemView(i.kind(), n, i.line()).get("summary");
                    if (s != null) {
                        indicatorTypes.putIfAbsent(s.toString(), n.path("type").asText());
                    }
                } else {
                    String xid = n.path("xid").asText();
                    groupXids.putIfAbsent(xid, xid);
                    groupXids.putIfAbsent(n.path("name").asText(), xid);
                }
            }
            for (Pending p : associations) {
                all.add(InputItem.of(ItemKind.ASSOCIATION, association(p, indicatorTypes, groupXids), p.line(), 1));
            }
        }
        return Inputs.items(name, all);
    }

    private static ObjectNode association(Pending p, Map<String, String> indicatorTypes, Map<String, String> groupXids) {
        ObjectNode a = ItemJson.NODES.objectNode();
        String from = String.valueOf(p.from());
        String to = String.valueOf(p.to());
        if (groupXids.containsKey(from)) {
            a.put("ref_1", groupXids.get(from));
        } else {
            a.put("ref_1", from);
            String type = indicatorTypes.getOrDefault(from, detect(from));
            if (type != null) {
                a.put("type_1", type);
            }
        }
        if (groupXids.containsKey(to)) {
            a.put("ref_2", groupXids.get(to));
        } else {
            a.put("ref_2", to);
            if (indicatorTypes.containsKey(to)) {
                // Two indicators: the rules ask for an associationType, naming this line.
                a.put("type_2", indicatorTypes.get(to));
            }
        }
        return a;
    }

    private static final IndicatorType[] DETECTED = {IndicatorType.ADDRESS, IndicatorType.CIDR,
            IndicatorType.EMAIL_ADDRESS, IndicatorType.URL, IndicatorType.ASN, IndicatorType.FILE};

    /** The type of an indicator not written in the script, from its value; null when it looks like a group xid. */
    static String detect(String value) {
        for (IndicatorType t : DETECTED) {
            if (IndicatorRules.normalise(t, value).isPresent()) {
                return t.apiName();
            }
        }
        if (value.indexOf('.') > 0 && IndicatorRules.normalise(IndicatorType.HOST, value).isPresent()) {
            return IndicatorType.HOST.apiName();
        }
        return null;
    }

    private static void run(Closure<?> body, Object delegate) {
        Closure<?> c = (Closure<?>) body.clone();
        c.setResolveStrategy(Closure.DELEGATE_FIRST);
        c.setDelegate(delegate);
        c.call();
    }

    /** The arguments of one item verb: named ones, the values, and a trailing closure. */
    private record Args(Map<?, ?> named, List<Object> values, Closure<?> extras) {
        static Args of(Object args) {
            Object[] a = args instanceof Object[] arr ? arr : new Object[] {args};
            Map<?, ?> named = Map.of();
            Closure<?> extras = null;
            List<Object> values = new ArrayList<>();
            for (int i = 0; i < a.length; i++) {
                if (i == 0 && a[i] instanceof Map<?, ?> m) {
                    named = m;
                } else if (i == a.length - 1 && a[i] instanceof Closure<?> c) {
                    extras = c;
                } else {
                    values.add(a[i]);
                }
            }
            return new Args(named, values, extras);
        }
    }

    private static void extras(Closure<?> extras, ObjectNode node) {
        if (extras != null) {
            run(extras, new ItemFields.Extras(node));
        }
    }

    /**
     * Not one of this block's verbs: a type of the other block, or a near miss, is said so here;
     * anything else goes on to the script (println, a variable's method), as DELEGATE_FIRST means.
     */
    private static RuntimeException unknown(String name, Object args, Class<?> receiver, Set<String> verbs,
            Map<String, ?> others, String what, String otherBlock) {
        if (others.containsKey(name)) {
            return new UsageException("'" + name + "' is a " + (what.equals("indicator") ? "group" : "indicator")
                    + " type: write it inside " + otherBlock + " { }");
        }
        String near = Suggest.closest(name, verbs);
        if (near != null && !scriptKnows(name)) {
            return new UsageException("unknown " + what + " type '" + name + "' (did you mean '" + near + "'?)");
        }
        return new MissingMethodException(name, receiver, args instanceof Object[] a ? a : new Object[] {args});
    }

    private static boolean scriptKnows(String name) {
        for (Class<?> c : List.of(TcbatchScript.class, BatchSpec.class, groovy.lang.Script.class)) {
            if (Arrays.stream(c.getMethods()).anyMatch(m -> m.getName().equals(name))) {
                return true;
            }
        }
        return false;
    }

    /** The delegate of {@code indicators { }}: one verb per indicator type, and {@code indicator 'Type', 'value'}. */
    public final class IndicatorVerbs {
        public Object methodMissing(String name, Object args) {
            IndicatorType t = INDICATOR_VERBS.get(name);
            if (t == null) {
                throw unknown(name, args, getClass(), INDICATOR_VERBS.keySet(), GROUP_VERBS, "indicator", "groups");
            }
            add(ItemKind.INDICATOR, buildIndicator(name, t.apiName(), t, Args.of(args)));
            return null;
        }

        /** {@code address} with nothing after it: Groovy reads a bare word as a property. */
        public Object propertyMissing(String name) {
            IndicatorType t = INDICATOR_VERBS.get(name);
            if (t == null) {
                throw new groovy.lang.MissingPropertyException(name, getClass());
            }
            throw new UsageException(name + " needs a value, e.g. " + name + " '" + example(t) + "'");
        }

        /** {@code indicator 'Custom Type', 'value', rating: 3}: any type by its API name (custom types too). */
        public void indicator(Object... args) {
            Args a = Args.of(args);
            if (a.values().isEmpty()) {
                throw new UsageException("indicator takes a type and a value, e.g. indicator 'Host', 'bad.example.com'");
            }
            String type = String.valueOf(a.values().get(0));
            add(ItemKind.INDICATOR, buildIndicator("indicator '" + type + "'", type, IndicatorType.fromApiName(type).orElse(null),
                    new Args(a.named(), a.values().subList(1, a.values().size()), a.extras())));
        }
    }

    /** The delegate of {@code groups { }}: one verb per group type, and {@code group 'Type', 'name'}. */
    public final class GroupVerbs {
        public Object methodMissing(String name, Object args) {
            String type = GROUP_VERBS.get(name);
            if (type == null) {
                throw unknown(name, args, getClass(), GROUP_VERBS.keySet(), INDICATOR_VERBS, "group", "indicators");
            }
            add(ItemKind.GROUP, buildGroup(name, type, Args.of(args)));
            return null;
        }

        /** {@code incident} with nothing after it: Groovy reads a bare word as a property. */
        public Object propertyMissing(String name) {
            if (!GROUP_VERBS.containsKey(name)) {
                throw new groovy.lang.MissingPropertyException(name, getClass());
            }
            throw new UsageException(name + " needs a name, e.g. " + name + " 'Phish 42', xid: 'incident-42'");
        }

        /** {@code group 'Type', 'name', xid: '…'}: any group type by its API name. */
        public void group(Object... args) {
            Args a = Args.of(args);
            if (a.values().isEmpty()) {
                throw new UsageException("group takes a type and a name, e.g. group 'Incident', 'Phish 42'");
            }
            String type = String.valueOf(a.values().get(0));
            add(ItemKind.GROUP, buildGroup("group '" + type + "'", type, new Args(a.named(), a.values().subList(1, a.values().size()), a.extras())));
        }
    }

    private void add(ItemKind kind, ObjectNode node) {
        items.add(InputItem.of(kind, node, ScriptLines.caller().line(), 1));
    }

    private static ObjectNode buildIndicator(String verb, String apiName, IndicatorType t, Args a) {
        ObjectNode n = ItemJson.NODES.objectNode().put("type", apiName);
        List<String> fields = t == null ? List.of() : t.valueFields();
        List<Object> v = a.values();
        if (v.size() == 1) {
            n.put("summary", text(v.get(0)));
        } else if (v.size() > 1 && v.size() == fields.size()) {
            for (int i = 0; i < v.size(); i++) {
                n.put(fields.get(i), text(v.get(i)));
            }
        } else if (v.size() > 1) {
            throw new UsageException(verb + " takes one value" + (fields.size() > 1 ? " (the summary) or its "
                    + fields.size() + " parts " + fields : "") + ", not " + v.size());
        }
        Map<String, String> valueFields = t == null ? Map.of() : ItemFields.valueFields(t);
        Set<String> allowed = t == null ? ItemFields.INDICATOR : ALLOWED.get(t);
        a.named().forEach((k, val) -> {
            String key = String.valueOf(k);
            if (valueFields.containsKey(key)) {
                n.put(valueFields.get(key), text(val));
            } else {
                ItemFields.set(n, false, key, val, allowed, verb);
            }
        });
        if (!n.has("summary") && fields.stream().noneMatch(n::has) && t != null) {
            throw new UsageException(verb + " needs a value, e.g. " + verb + " '" + example(t) + "'"
                    + (fields.size() > 1 ? " or " + verb + " " + ItemFields.camel(fields.get(0)) + ": '…'" : ""));
        }
        extras(a.extras(), n);
        return n;
    }

    private static ObjectNode buildGroup(String verb, String type, Args a) {
        if (a.values().size() != 1) {
            throw new UsageException(verb + " takes a name, e.g. " + verb + " 'Phish 42', xid: 'incident-42'");
        }
        String name = text(a.values().get(0));
        ObjectNode n = ItemJson.NODES.objectNode().put("type", type).put("name", name);
        a.named().forEach((k, val) -> ItemFields.set(n, true, String.valueOf(k), val, ItemFields.GROUP, verb));
        if (!n.hasNonNull("xid")) {
            n.put("xid", xid(type, name));
        }
        extras(a.extras(), n);
        return n;
    }

    /**
     * The xid of a group written without one: the same for the same type and name, so running the
     * script again updates the group (an xid names one group in the whole instance) instead of
     * adding a copy.
     */
    static String xid(String type, String name) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((type + "\u0000" + name).getBytes(StandardCharsets.UTF_8));
            return "tcbatch-" + HexFormat.of().formatHex(h, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(Object v) {
        if (v instanceof JsonNode n) {
            return n.asText();
        }
        return v == null ? null : v.toString();
    }

    private static String example(IndicatorType t) {
        return switch (t) {
            case ADDRESS -> "192.0.2.7";
            case EMAIL_ADDRESS -> "phish@example.com";
            case FILE -> "d41d8cd98f00b204e9800998ecf8427e";
            case HOST -> "bad.example.com";
            case URL -> "http://bad.example.com/login";
            case ASN -> "ASN64500";
            case CIDR -> "198.51.100.0/24";
            case REGISTRY_KEY -> "HKEY_LOCAL_MACHINE\\\\Software\\\\Bad : Run : REG_SZ";
            default -> "…";
        };
    }
}
