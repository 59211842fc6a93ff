package io.tcbatch.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import io.tcbatch.input.IndicatorRules;
import io.tcbatch.input.IndicatorType;
import io.tcbatch.sandbox.ReadStore.AttributeRow;
import io.tcbatch.sandbox.ReadStore.GroupRow;
import io.tcbatch.sandbox.ReadStore.IndicatorRow;
import io.tcbatch.sandbox.ReadStore.LabelRow;
import io.tcbatch.sandbox.ReadStore.OccurrenceRow;
import io.tcbatch.sandbox.ReadStore.Owner;
import io.tcbatch.sandbox.ReadTypes.GroupKind;
import io.tcbatch.sandbox.ReadTypes.IndicatorKind;

/**
 * The v2 read API (API doc §2.8 and issue "read API"): owners, indicators and groups as
 * ThreatConnect's v2 REST API gives them, so an import can be checked by any client. Reads the
 * tables of {@link Schema} directly; writes nothing.
 *
 * <p>Routes (all GET or HEAD; the envelope is {@code {"status":"Success","data":{…}}}, failures
 * {@code {"status":"Failure","message":…}}):
 * <ul>
 *   <li>{@code /v2/owners}, {@code /v2/owners/mine}, {@code /v2/owners/{id}}</li>
 *   <li>{@code /v2/indicators}, {@code /v2/indicators/{branch}}: {@code owner},
 *       {@code resultStart}, {@code resultLimit}</li>
 *   <li>{@code /v2/indicators/{branch}/{value}} and its {@code attributes}, {@code tags},
 *       {@code securityLabels}, {@code groups[/{branch}]}, {@code indicators[/{branch}]},
 *       {@code owners}, and for files {@code fileOccurrences}</li>
 *   <li>{@code /v2/groups}, {@code /v2/groups/{branch}}, {@code /v2/groups/{branch}/{id}} and
 *       its {@code attributes}, {@code tags}, {@code securityLabels}, {@code groups[/{branch}]},
 *       {@code indicators[/{branch}]}</li>
 * </ul>
 */
final class ReadApi {

    private static final String V2 = "/api/v2/";
    private static final List<String> ROOTS = List.of("owners", "indicators", "groups");

    private final Database db;
    private final List<SandboxConfig.Owner> owners;

    ReadApi(Database db, List<SandboxConfig.Owner> owners) {
        this.db = db;
        this.owners = List.copyOf(owners);
    }

    /** A refusal with its status, thrown from anywhere below and answered in one place. */
    private static final class Refusal extends Exception {
        final int status;

        Refusal(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    /**
     * Answers the request when it is a read-API route ({@code GET /api/v2/owners…},
     * {@code /api/v2/indicators…}, {@code /api/v2/groups…}) and returns true; returns false,
     * having sent nothing, for any other path. Called after authentication.
     */
    boolean handle(HttpExchange ex, String method, String rawPath, String rawQuery) throws IOException, SQLException {
        List<String> raw = segments(rawPath);
        if (raw == null) {
            return false;
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            // Undocumented for a stand-in; chosen: 405 with Allow, since the real server does
            // accept writes here and a 404 would wrongly say the resource does not exist.
            drain(ex);
            ex.getResponseHeaders().set("Allow", "GET, HEAD");
            Wire.send(ex, 405, Wire.failure("The sandbox's read API answers GET and HEAD only ("
                    + method + " given); add or change data with the Batch API"));
            return true;
        }
        JsonNode body;
        try {
            List<String> path = new ArrayList<>(raw.size());
            for (String s : raw) {
                path.add(ReadQuery.decode(s, false, "path"));
            }
            ReadQuery query = ReadQuery.parse(rawQuery);
            try (ReadStore store = new ReadStore(db)) {
                body = route(ex, store, path, query);
            }
        } catch (ReadQuery.BadRequest e) {
            Wire.send(ex, 400, Wire.failure(e.getMessage()));
            return true;
        } catch (Refusal e) {
            Wire.send(ex, e.status, Wire.failure(e.getMessage()));
            return true;
        }
        Wire.send(ex, 200, Wire.success(body));
        return true;
    }

    /**
     * The raw segments after {@code /api/v2/} when the path is one of ours, else null. One
     * trailing slash is ignored ({@code /v2/groups/} as the docs sometimes write it); a value
     * that ends in a slash is sent with it encoded ({@code %2F}), so nothing is lost.
     */
    private static List<String> segments(String rawPath) {
        if (rawPath == null || !rawPath.startsWith(V2)) {
            return null;
        }
        String rest = rawPath.substring(V2.length());
        if (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        List<String> parts = Arrays.asList(rest.split("/", -1));
        return ROOTS.contains(parts.get(0)) ? parts : null;
    }

    private JsonNode route(HttpExchange ex, ReadStore store, List<String> p, ReadQuery q)
            throws SQLException, ReadQuery.BadRequest, Refusal {
        String base = linkBase(ex);
        List<Owner> all = owners(store);
        return switch (p.get(0)) {
            case "owners" -> ownersRoute(all, p);
            case "indicators" -> indicatorsRoute(new Ctx(store, q, base, all), p);
            default -> groupsRoute(new Ctx(store, q, base, all), p);
        };
    }

    /** What every builder needs: the store, the query, the link base and the owners. */
    private record Ctx(ReadStore store, ReadQuery q, String base, List<Owner> owners) {
        Owner owner(String name) {
            for (Owner o : owners) {
                if (o.name().equals(name)) {
                    return o;
                }
            }
            // An owner row missing for stored data should not happen; show it rather than fail.
            return new Owner(0, name, "Organization");
        }
    }

    /**
     * The owners: the {@code owner} table, and the configured owners (ids in their order from
     * 1) while that table is still empty, so that a sandbox whose store has not written it yet
     * still answers.
     */
    private List<Owner> owners(ReadStore store) throws SQLException {
        List<Owner> rows = store.owners();
        if (!rows.isEmpty()) {
            return rows;
        }
        List<Owner> out = new ArrayList<>();
        for (int i = 0; i < owners.size(); i++) {
            out.add(new Owner(i + 1, owners.get(i).name(), owners.get(i).type()));
        }
        return out;
    }

    // ---------------------------------------------------------------- owners

    private static JsonNode ownersRoute(List<Owner> all, List<String> p) throws Refusal {
        if (p.size() == 1) {
            ArrayNode list = Wire.JSON.createArrayNode();
            all.forEach(o -> list.add(ownerJson(o)));
            return listData("owner", all.size(), list);
        }
        if (p.size() == 2) {
            Owner found = null;
            if (p.get(1).equals("mine")) {
                found = defaultOwner(all);
            } else if (isId(p.get(1))) {
                long id = Long.parseLong(p.get(1));
                found = all.stream().filter(o -> o.id() == id).findFirst().orElse(null);
            }
            if (found != null) {
                ObjectNode data = Wire.JSON.createObjectNode();
                data.put("resultCount", 1);
                data.set("owner", ownerJson(found));
                return data;
            }
        }
        throw notFound();
    }

    private static ObjectNode ownerJson(Owner o) {
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("id", o.id());
        n.put("name", o.name());
        n.put("type", o.type());
        return n;
    }

    /**
     * The owner of a request without {@code owner}: the API user's Organization in
     * ThreatConnect. The sandbox's user belongs to all its owners; chosen (undocumented for a
     * multi-organization user): the first Organization by id, else the first owner.
     */
    private static Owner defaultOwner(List<Owner> all) {
        return all.stream().filter(o -> o.type().equals("Organization")).findFirst()
                .orElse(all.isEmpty() ? null : all.get(0));
    }

    /**
     * The owner named by {@code owner} (any letter case of the parameter name; the value exact),
     * or the default. Undocumented for reads; chosen: an unknown owner gets the same 403 as a
     * batch job for it (API doc §2.9), naming the owner.
     */
    private static Owner requestOwner(Ctx ctx) throws Refusal {
        String name = ctx.q().get("owner");
        if (name == null || name.isEmpty()) {
            Owner o = defaultOwner(ctx.owners());
            if (o == null) {
                throw new Refusal(403, "Access Denied: the sandbox has no owners");
            }
            return o;
        }
        for (Owner o : ctx.owners()) {
            if (o.name().equals(name)) {
                return o;
            }
        }
        throw new Refusal(403, "Access Denied: owner '" + name + "' is not accessible");
    }

    // ---------------------------------------------------------------- indicators

    private JsonNode indicatorsRoute(Ctx ctx, List<String> p) throws SQLException, ReadQuery.BadRequest, Refusal {
        if (p.size() == 1) {
            return indicatorList(ctx, typeFilter(ctx.q().get("type")), true);
        }
        IndicatorKind kind = ReadTypes.indicatorByBranch(p.get(1));
        if (kind == null) {
            throw new Refusal(404, "Unknown indicator type '" + p.get(1) + "'; the types are "
                    + String.join(", ", ReadTypes.INDICATORS.stream().map(IndicatorKind::branch).toList()));
        }
        if (p.size() == 2) {
            return indicatorList(ctx, kind, false);
        }
        Owner owner = requestOwner(ctx);
        IndicatorRow row = findIndicator(ctx.store(), owner.name(), kind, p.get(2)).orElseThrow(ReadApi::notFound);
        if (p.size() == 3) {
            ObjectNode data = Wire.JSON.createObjectNode();
            data.set(kind.entity(), indicatorSingle(ctx, kind, row));
            return data;
        }
        if (p.size() == 4 && p.get(3).equals("owners")) {
            return indicatorOwners(ctx, kind, p.get(2));
        }
        if (p.size() == 4 && p.get(3).equals("fileOccurrences") && kind.type() == IndicatorType.FILE) {
            ArrayNode list = Wire.JSON.createArrayNode();
            for (OccurrenceRow o : ctx.store().occurrences(row.id())) {
                ObjectNode n = list.addObject();
                n.put("id", o.id());
                putIfNotNull(n, "fileName", o.fileName());
                putIfNotNull(n, "path", o.path());
                putIfNotNull(n, "date", date(o.occurred()));
            }
            // The docs show one occurrence as a bare object (a list is undocumented); chosen:
            // always a list, since a
            // File can have several and a client must not have to guess the shape.
            return page(ctx.q(), "fileOccurrence", list);
        }
        return itemSubResource(ctx, 'I', row.id(), row.owner(), p);
    }

    /**
     * The {@code type} filter of {@code /v2/indicators}: a type name ({@code Host},
     * {@code EmailAddress}, {@code Registry Key}) or a branch ({@code hosts}), either case.
     * Undocumented in the v2 docs, which filter by path; chosen so that an SDK that passes a type
     * as a query parameter gets what it asked for, and a wrong type a 400 listing the types,
     * never the unfiltered list. The answer keeps the list's {@code indicator} shape.
     */
    private static IndicatorKind typeFilter(String type) throws ReadQuery.BadRequest {
        if (type == null || type.isBlank()) {
            return null;
        }
        for (IndicatorKind k : ReadTypes.INDICATORS) {
            if (k.type().apiName().equalsIgnoreCase(type.trim()) || k.branch().equalsIgnoreCase(type.trim())) {
                return k;
            }
        }
        throw new ReadQuery.BadRequest("type '" + type + "' is not an indicator type; the types are "
                + String.join(", ", ReadTypes.INDICATORS.stream().map(k -> k.type().apiName()).toList()));
    }

    private JsonNode indicatorList(Ctx ctx, IndicatorKind kind, boolean all) throws SQLException, ReadQuery.BadRequest, Refusal {
        int start = ctx.q().resultStart();
        int limit = ctx.q().resultLimit();
        Owner owner = requestOwner(ctx);
        String type = kind == null ? null : kind.type().apiName();
        long count = ctx.store().countIndicators(owner.name(), type);
        ArrayNode list = Wire.JSON.createArrayNode();
        for (IndicatorRow r : ctx.store().indicators(owner.name(), type, start, limit)) {
            list.add(kind == null || all ? indicatorItem(ctx, r) : indicatorBranchItem(ctx, kind, r));
        }
        return listData(kind == null || all ? "indicator" : kind.entity(), count, list);
    }

    /**
     * The stored indicator a path value names, matched after the normalisation the store
     * applies (host and hashes lower case, IPv6 compressed, URL scheme and host lower case…).
     * A value that is not valid for the type cannot be stored, so it is simply not found.
     */
    private static Optional<IndicatorRow> findIndicator(ReadStore store, String owner, IndicatorKind kind, String value)
            throws SQLException {
        String normal = IndicatorRules.normalise(kind.type(), value).orElse(null);
        if (normal == null) {
            return Optional.empty();
        }
        if (kind.type() == IndicatorType.FILE && !normal.contains(":")) {
            return store.fileByHash(owner, normal);
        }
        return store.indicator(owner, kind.type().apiName(), normal);
    }

    /** {@code …/{value}/owners}: every owner holding this indicator, in the v2 shape (no resultCount). */
    private JsonNode indicatorOwners(Ctx ctx, IndicatorKind kind, String value) throws SQLException {
        ArrayNode list = Wire.JSON.createArrayNode();
        for (Owner o : ctx.owners()) {
            if (findIndicator(ctx.store(), o.name(), kind, value).isPresent()) {
                list.add(ownerJson(o));
            }
        }
        ObjectNode data = Wire.JSON.createObjectNode();
        data.set("owner", list);
        return data;
    }

    /** An item of {@code /v2/indicators} and of association lists: type and summary. */
    private static ObjectNode indicatorItem(Ctx ctx, IndicatorRow r) {
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("id", r.id());
        n.put("ownerName", r.owner());
        n.put("type", r.type());
        putDates(n, r.dateAdded(), r.lastModified());
        putRating(n, r);
        n.put("webLink", indicatorLink(ctx.base(), ReadTypes.indicatorByType(r.type()), r));
        n.put("summary", r.summary());
        return n;
    }

    /** An item of {@code /v2/indicators/{branch}}: the type's own fields instead of the summary (v2 docs). */
    private static ObjectNode indicatorBranchItem(Ctx ctx, IndicatorKind kind, IndicatorRow r) {
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("id", r.id());
        n.put("ownerName", r.owner());
        if (kind.custom()) {
            n.put("type", r.type());
        }
        putDates(n, r.dateAdded(), r.lastModified());
        putRating(n, r);
        n.put("webLink", indicatorLink(ctx.base(), kind, r));
        putValueFields(n, kind, r);
        return n;
    }

    /** {@code data.<entity>} of one indicator, with its description, attributes, tags and labels. */
    private static ObjectNode indicatorSingle(Ctx ctx, IndicatorKind kind, IndicatorRow r) throws SQLException {
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("id", r.id());
        n.set("owner", ownerJson(ctx.owner(r.owner())));
        if (kind.custom()) {
            n.put("type", r.type());
        }
        putDates(n, r.dateAdded(), r.lastModified());
        putRating(n, r);
        n.put("webLink", indicatorLink(ctx.base(), kind, r));
        if (ctx.q().flag("includeAdditional")) {
            n.put("privateFlag", r.privateFlag());
            n.put("active", r.active());
            n.put("activeLocked", r.activeLocked());
        }
        putValueFields(n, kind, r);
        if (kind.type() == IndicatorType.HOST) {
            // Strings, as the v2 docs show them ("dnsActive": "false").
            n.put("dnsActive", String.valueOf(Boolean.TRUE.equals(r.dnsActive())));
            n.put("whoisActive", String.valueOf(Boolean.TRUE.equals(r.whoisActive())));
        }
        if (kind.type() == IndicatorType.FILE && r.fileSize() != null) {
            n.put("size", r.fileSize());
        }
        putMetadata(ctx, n, 'I', r.id(), r.owner());
        return n;
    }

    private static void putRating(ObjectNode n, IndicatorRow r) {
        if (r.rating() != null) {
            n.put("rating", r.rating());
        }
        if (r.confidence() != null) {
            n.put("confidence", r.confidence());
        }
    }

    /**
     * The type-specific value fields, named as in the batch V2 input and the v2 REST API
     * ({@code ip}, {@code hostName}, {@code text}, {@code md5}, {@code AS Number}, …).
     */
    private static void putValueFields(ObjectNode n, IndicatorKind kind, IndicatorRow r) {
        List<String> fields = kind.type().valueFields();
        switch (kind.type()) {
            case FILE -> {
                String[] hashes = fileHashes(r);
                for (int i = 0; i < 3; i++) {
                    putIfNotNull(n, fields.get(i), hashes[i]);
                }
            }
            case REGISTRY_KEY -> {
                // KEY : VALUE NAME : TYPE, split on the first and the last " : " as the input
                // rules do, because a value name may itself contain " : ".
                String s = r.summary();
                int first = s.indexOf(" : ");
                int last = s.lastIndexOf(" : ");
                if (first >= 0 && last > first) {
                    n.put(fields.get(0), s.substring(0, first));
                    n.put(fields.get(1), s.substring(first + 3, last));
                    n.put(fields.get(2), s.substring(last + 3));
                } else {
                    n.put(fields.get(0), s);
                }
            }
            default -> n.put(fields.get(0), r.summary());
        }
    }

    /** md5, sha1, sha256 from their columns, or from the summary's hashes when a column is empty. */
    private static String[] fileHashes(IndicatorRow r) {
        String[] out = {r.md5(), r.sha1(), r.sha256()};
        for (String part : r.summary().split(":")) {
            String h = part.strip();
            int slot = h.length() == 32 ? 0 : h.length() == 40 ? 1 : h.length() == 64 ? 2 : -1;
            if (slot >= 0 && out[slot] == null) {
                out[slot] = h;
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- groups

    private JsonNode groupsRoute(Ctx ctx, List<String> p) throws SQLException, ReadQuery.BadRequest, Refusal {
        if (p.size() == 1) {
            return groupList(ctx, null);
        }
        GroupKind kind = ReadTypes.groupByBranch(p.get(1));
        if (kind == null) {
            throw new Refusal(404, "Unknown group type '" + p.get(1) + "'; the types are "
                    + String.join(", ", ReadTypes.GROUPS.stream().map(GroupKind::branch).toList()));
        }
        if (p.size() == 2) {
            return groupList(ctx, kind);
        }
        GroupRow row = findGroup(ctx, kind, p.get(2));
        if (p.size() == 3) {
            ObjectNode data = Wire.JSON.createObjectNode();
            data.set(kind.entity(), groupSingle(ctx, kind, row));
            return data;
        }
        return itemSubResource(ctx, 'G', row.id(), row.owner(), p);
    }

    /**
     * A group by numeric id, of the path's type. Undocumented; chosen: without {@code owner}
     * the id alone finds it (ids are unique across owners); with {@code owner} it must belong
     * to that owner. A non-numeric or out-of-range id is simply not found.
     */
    private static GroupRow findGroup(Ctx ctx, GroupKind kind, String id) throws SQLException, Refusal {
        if (!isId(id)) {
            throw notFound();
        }
        Optional<GroupRow> row = ctx.store().group(Long.parseLong(id));
        String owner = ctx.q().get("owner");
        if (owner != null && !owner.isEmpty()) {
            requestOwner(ctx);
        }
        if (row.isEmpty() || !row.get().type().equals(kind.type())
                || (owner != null && !owner.isEmpty() && !row.get().owner().equals(owner))) {
            throw notFound();
        }
        return row.get();
    }

    private JsonNode groupList(Ctx ctx, GroupKind kind) throws SQLException, ReadQuery.BadRequest, Refusal {
        int start = ctx.q().resultStart();
        int limit = ctx.q().resultLimit();
        Owner owner = requestOwner(ctx);
        String type = kind == null ? null : kind.type();
        long count = ctx.store().countGroups(owner.name(), type);
        ArrayNode list = Wire.JSON.createArrayNode();
        for (GroupRow r : ctx.store().groups(owner.name(), type, start, limit)) {
            list.add(kind == null ? groupItem(ctx, r) : groupBranchItem(ctx, kind, r));
        }
        return listData(kind == null ? "group" : kind.entity(), count, list);
    }

    /** An item of {@code /v2/groups} and of association lists. */
    private static ObjectNode groupItem(Ctx ctx, GroupRow r) {
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("id", r.id());
        n.put("name", r.name());
        n.put("type", r.type());
        n.put("ownerName", r.owner());
        putDates(n, r.dateAdded(), r.lastModified());
        n.put("webLink", groupLink(ctx.base(), ReadTypes.groupByType(r.type()), r));
        return n;
    }

    private static ObjectNode groupBranchItem(Ctx ctx, GroupKind kind, GroupRow r) {
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("id", r.id());
        n.put("name", r.name());
        n.put("ownerName", r.owner());
        putDates(n, r.dateAdded(), r.lastModified());
        n.put("webLink", groupLink(ctx.base(), kind, r));
        putGroupFields(n, kind.listFields(), r);
        return n;
    }

    private static ObjectNode groupSingle(Ctx ctx, GroupKind kind, GroupRow r) throws SQLException {
        ObjectNode n = Wire.JSON.createObjectNode();
        n.put("id", r.id());
        n.put("name", r.name());
        n.set("owner", ownerJson(ctx.owner(r.owner())));
        putDates(n, r.dateAdded(), r.lastModified());
        n.put("webLink", groupLink(ctx.base(), kind, r));
        n.put("xid", r.xid());
        putGroupFields(n, kind.fields(), r);
        putMetadata(ctx, n, 'G', r.id(), r.owner());
        return n;
    }

    /**
     * The type-specific fields from the stored group JSON, as they were uploaded. A body that
     * is not a JSON object (a store bug or a hand-edited database) contributes nothing rather
     * than failing the read.
     */
    private static void putGroupFields(ObjectNode n, List<String> fields, GroupRow r) {
        if (fields.isEmpty() || r.body() == null) {
            return;
        }
        JsonNode body;
        try {
            body = Wire.JSON.readTree(r.body());
        } catch (JsonProcessingException e) {
            return;
        }
        if (body == null || !body.isObject()) {
            return;
        }
        for (String f : fields) {
            JsonNode v = body.get(f);
            if (v != null && !v.isNull()) {
                n.set(f, v);
            }
        }
    }

    // ---------------------------------------------------------------- shared by both

    /**
     * {@code description} (the first Description attribute, a displayed one first), and the
     * attributes, tags and security labels in the shapes of their own sub-resources. v2 gives
     * the last three only with {@code includes=…} (their key names there are undocumented;
     * chosen: the item keys of the sub-resources); chosen here: always, since checking an
     * import is what this API is for and the extra keys cost a client nothing.
     */
    private static void putMetadata(Ctx ctx, ObjectNode n, char kind, long id, String owner) throws SQLException {
        List<AttributeRow> attributes = ctx.store().attributes(kind, id);
        attributes.stream().filter(a -> a.type().equals("Description") && a.displayed()).findFirst()
                .or(() -> attributes.stream().filter(a -> a.type().equals("Description")).findFirst())
                .ifPresent(a -> n.put("description", a.value()));
        n.set("attribute", attributeList(attributes));
        n.set("tag", tagList(ctx, ctx.store().tags(kind, id), owner));
        n.set("securityLabel", labelList(ctx.store().labels(owner, kind, id)));
    }

    /** {@code …/attributes}, {@code …/tags}, {@code …/securityLabels}, {@code …/groups}, {@code …/indicators}. */
    private static JsonNode itemSubResource(Ctx ctx, char kind, long id, String owner, List<String> p)
            throws SQLException, ReadQuery.BadRequest, Refusal {
        String sub = p.get(3);
        if (p.size() == 4) {
            switch (sub) {
                case "attributes" -> {
                    return page(ctx.q(), "attribute", attributeList(ctx.store().attributes(kind, id)));
                }
                case "tags" -> {
                    return page(ctx.q(), "tag", tagList(ctx, ctx.store().tags(kind, id), owner));
                }
                case "securityLabels" -> {
                    return page(ctx.q(), "securityLabel", labelList(ctx.store().labels(owner, kind, id)));
                }
                default -> {
                }
            }
        }
        if (p.size() <= 5 && sub.equals("groups")) {
            GroupKind only = p.size() == 5 ? ReadTypes.groupByBranch(p.get(4)) : null;
            if (p.size() == 5 && only == null) {
                throw notFound();
            }
            ArrayNode list = Wire.JSON.createArrayNode();
            for (GroupRow g : ctx.store().associatedGroups(kind, id, only == null ? null : only.type())) {
                list.add(only == null ? groupItem(ctx, g) : groupBranchItem(ctx, only, g));
            }
            return page(ctx.q(), only == null ? "group" : only.entity(), list);
        }
        if (p.size() <= 5 && sub.equals("indicators")) {
            IndicatorKind only = p.size() == 5 ? ReadTypes.indicatorByBranch(p.get(4)) : null;
            if (p.size() == 5 && only == null) {
                throw notFound();
            }
            ArrayNode list = Wire.JSON.createArrayNode();
            for (IndicatorRow i : ctx.store().associatedIndicators(kind, id, only == null ? null : only.type().apiName())) {
                list.add(only == null ? indicatorItem(ctx, i) : indicatorBranchItem(ctx, only, i));
            }
            return page(ctx.q(), only == null ? "indicator" : only.entity(), list);
        }
        throw notFound();
    }

    private static ArrayNode attributeList(List<AttributeRow> rows) {
        ArrayNode list = Wire.JSON.createArrayNode();
        for (AttributeRow a : rows) {
            ObjectNode n = list.addObject();
            n.put("id", a.id());
            n.put("type", a.type());
            putDates(n, a.dateAdded(), a.lastModified());
            n.put("displayed", a.displayed());
            putIfNotNull(n, "source", a.source());
            n.put("value", a.value());
        }
        return list;
    }

    private static ArrayNode tagList(Ctx ctx, List<String> tags, String owner) {
        ArrayNode list = Wire.JSON.createArrayNode();
        for (String t : tags) {
            ObjectNode n = list.addObject();
            n.put("name", t);
            n.put("webLink", ctx.base() + "/auth/tags/tag.xhtml?tag=" + form(t) + "&owner=" + form(owner));
        }
        return list;
    }

    private static ArrayNode labelList(List<LabelRow> rows) {
        ArrayNode list = Wire.JSON.createArrayNode();
        for (LabelRow l : rows) {
            ObjectNode n = list.addObject();
            n.put("name", l.name());
            putIfNotNull(n, "description", l.description());
            putIfNotNull(n, "color", l.color());
            putIfNotNull(n, "dateAdded", date(l.dateAdded()));
        }
        return list;
    }

    /**
     * A list answered in memory (sub-resources), paged like the top-level lists so that every
     * list honours {@code resultStart} and {@code resultLimit} (undocumented for sub-resources;
     * chosen for uniformity); {@code resultCount} is the total.
     */
    private static JsonNode page(ReadQuery q, String key, ArrayNode all) throws ReadQuery.BadRequest {
        int start = q.resultStart();
        int limit = q.resultLimit();
        ArrayNode list = Wire.JSON.createArrayNode();
        for (int i = start; i < all.size() && i - start < limit; i++) {
            list.add(all.get(i));
        }
        return listData(key, all.size(), list);
    }

    private static ObjectNode listData(String key, long count, ArrayNode list) {
        ObjectNode data = Wire.JSON.createObjectNode();
        data.put("resultCount", count);
        data.set(key, list);
        return data;
    }

    private static void putDates(ObjectNode n, Instant added, Instant modified) {
        putIfNotNull(n, "dateAdded", date(added));
        putIfNotNull(n, "lastModified", date(modified));
    }

    /** ThreatConnect's form: UTC, whole seconds, {@code Z}. */
    private static String date(Instant t) {
        return t == null ? null : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static void putIfNotNull(ObjectNode n, String key, String value) {
        if (value != null) {
            n.put(key, value);
        }
    }

    /** Digits only, at most 18 of them, so that it always fits a long. */
    private static boolean isId(String s) {
        return !s.isEmpty() && s.length() <= 18 && s.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    private static Refusal notFound() {
        return new Refusal(404, Wire.NOT_FOUND);
    }

    /**
     * Web links point at this sandbox (its own address, not the client's Host header) in the
     * form of ThreatConnect's legacy links; the sandbox serves no pages there, but a link that
     * names the item and owner is what a client stores and shows.
     */
    private static String linkBase(HttpExchange ex) {
        InetSocketAddress a = ex.getLocalAddress();
        String host = a.getHostString();
        return "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + a.getPort();
    }

    private static String indicatorLink(String base, IndicatorKind kind, IndicatorRow r) {
        String query;
        if (kind == null || kind.custom()) {
            query = "customIndicator.xhtml?id=" + r.id();
        } else if (kind.type() == IndicatorType.URL) {
            query = "url.xhtml?orgid=" + r.id();
        } else if (kind.type() == IndicatorType.FILE) {
            // One hash names the File, as on the real server; the first it has, md5 first.
            String[] hashes = fileHashes(r);
            String hash = hashes[0] != null ? hashes[0] : hashes[1] != null ? hashes[1] : hashes[2];
            query = "file.xhtml?file=" + form(hash == null ? r.summary() : hash);
        } else {
            query = kind.linkPage() + ".xhtml?" + kind.linkPage() + "=" + form(r.summary());
        }
        return base + "/auth/indicators/details/" + query + "&owner=" + form(r.owner());
    }

    private static String groupLink(String base, GroupKind kind, GroupRow r) {
        String page = kind == null ? "group" : kind.entity().toLowerCase(java.util.Locale.ROOT);
        return base + "/auth/" + page + "/" + page + ".xhtml?" + page + "=" + r.id();
    }

    private static String form(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** Reads what the client sent, so that a keep-alive connection stays usable after an early reply. */
    private static void drain(HttpExchange ex) {
        try (InputStream in = ex.getRequestBody()) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException ignored) {
            // The reply is what matters.
        }
    }
}
