package io.tcbatch.cli;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.tcbatch.api.ApiException;
import io.tcbatch.api.AuthInterceptor;
import io.tcbatch.api.Credentials;
import io.tcbatch.batch.UsageException;
import io.tcbatch.config.ConfigException;
import io.tcbatch.render.Output;

import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * {@code sandbox status}, {@code sandbox fault <spec…>} and {@code sandbox fault clear}: the
 * sandbox's admin routes ({@code /api/sandbox/status}, {@code /api/sandbox/faults}) called over
 * HTTP with the profile's base URL and credentials, signed by the api package's
 * {@link AuthInterceptor} like every other request, then shown as text or as one JSON document.
 * Admin calls are not retried: a fault added twice would fire twice.
 */
final class SandboxAdmin {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json; charset=utf-8");

    private final URI apiBase;
    private final OkHttpClient http;

    /**
     * @param apiBase base URL including {@code /api}
     * @param base    the process's HTTP client (proxy, CA bundle, timeouts); signing is added on top
     */
    SandboxAdmin(URI apiBase, Credentials credentials, Clock clock, OkHttpClient base) {
        this.apiBase = apiBase;
        this.http = base.newBuilder().addInterceptor(new AuthInterceptor(credentials, clock))
                .followRedirects(false).followSslRedirects(false).retryOnConnectionFailure(false).build();
    }

    /** The {@code data} of {@code GET /api/sandbox/status}. */
    JsonNode status() {
        return call(new Request.Builder().url(url("status")).get().build());
    }

    /** Adds a fault given in its text form; the {@code data.fault} of the answer. */
    JsonNode addFault(String spec) {
        ObjectNode body = JSON.createObjectNode().put("spec", spec);
        JsonNode data = call(new Request.Builder().url(url("faults"))
                .post(RequestBody.create(body.toString(), JSON_TYPE)).build());
        return data.path("fault");
    }

    /** Clears every fault; how many there were. */
    int clearFaults() {
        return call(new Request.Builder().url(url("faults")).delete().build()).path("cleared").asInt();
    }

    /** Empties the sandbox's store; the {@code data.removed} counts of the answer. */
    JsonNode resetData() {
        return call(new Request.Builder().url(url("data")).delete().build()).path("removed");
    }

    /** One page of {@code GET /api/v2/<path>} with the query parameters given (nulls left out). */
    JsonNode read(String path, Map<String, String> query) {
        return getV2(query, path.split("/"));
    }

    /** Single path segment (a value such as a URL indicator, slashes and all). */
    JsonNode readItem(String root, String branch, String value, String sub, Map<String, String> query) {
        return getV2(query, root, branch, value, sub);
    }

    /** {@code GET /api/v2/<segments…>} (each one path segment, escaped as such) with the query parameters given (nulls left out). */
    private JsonNode getV2(Map<String, String> query, String... segments) {
        String base = apiBase.toString();
        HttpUrl.Builder b = HttpUrl.get((base.endsWith("/") ? base : base + "/") + "v2/").newBuilder();
        for (String segment : segments) {
            b.addPathSegment(segment);
        }
        query.forEach((k, v) -> {
            if (v != null) {
                b.addQueryParameter(k, v);
            }
        });
        return call(new Request.Builder().url(b.build()).get().build());
    }

    private HttpUrl url(String last) {
        String base = apiBase.toString();
        return HttpUrl.get((base.endsWith("/") ? base : base + "/") + "sandbox/" + last);
    }

    private JsonNode call(Request request) {
        String what = request.method() + " " + request.url().encodedPath();
        try (Response response = http.newCall(request).execute()) {
            String text = response.body() == null ? "" : response.body().string();
            JsonNode doc = parse(text);
            String message = doc == null ? null : firstText(doc, "description", "message");
            int code = response.code();
            if (code >= 200 && code < 300 && doc != null && doc.has("data")) {
                return doc.path("data");
            }
            // 404, 405 and 501 all mean the route or method is unknown there: a server that is
            // not a sandbox (a real instance, or anything else at that URL).
            if (code == 404 || code == 405 || code == 501) {
                throw new ConfigException(apiBase + " is not a tcbatch sandbox (it answered " + code + " to " + what
                        + "); the sandbox commands work only with a sandbox profile");
            }
            if (code == 400) {
                throw new UsageException(message != null ? message : "the sandbox refused " + what + " (400)");
            }
            throw new ApiException(code, message, "the sandbox at " + apiBase + " answered " + code + " to " + what
                    + (message != null ? ": " + message : code < 300 ? ": not the admin JSON envelope" : ""), null);
        } catch (IOException e) {
            // The message of an I/O failure names the host and the problem, never a header.
            throw new ApiException(0, null, "cannot reach the sandbox at " + apiBase + ": " + e.getMessage(), e);
        }
    }

    private static JsonNode parse(String text) {
        try {
            JsonNode n = JSON.readTree(text);
            return n != null && n.isObject() ? n : null;
        } catch (IOException notJson) {
            return null;
        }
    }

    private static String firstText(JsonNode doc, String... fields) {
        for (String f : fields) {
            if (doc.path(f).isTextual() && !doc.path(f).asText().isBlank()) {
                return doc.path(f).asText();
            }
        }
        return null;
    }

    // ---------------------------------------------------------------- commands

    /** Where admin calls go, and whether that sandbox lives only as long as this process. */
    record Target(URI apiBase, Credentials credentials, boolean throwAway) {
    }

    /** Prints the status; returns the exit code (0). */
    static int printStatus(SandboxAdmin admin, Target target, Output out) {
        JsonNode data = admin.status();
        if (out.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("url", target.apiBase().toString());
            doc.put("throwAway", target.throwAway());
            doc.putAll(JSON.convertValue(data, Map.class));
            out.printJson(doc);
        } else {
            out.text(statusText(target, data));
        }
        return 0;
    }

    /** {@code fault clear}, or {@code fault <spec…>} with the words joined by single spaces. */
    static int fault(SandboxAdmin admin, List<String> words, Output out) {
        if (words.isEmpty()) {
            throw new UsageException("sandbox fault needs a fault, e.g. sandbox fault rate-limit count=3 retry-after=5,"
                    + " or: sandbox fault clear");
        }
        if (words.size() == 1 && words.get(0).equals("clear")) {
            int n = admin.clearFaults();
            if (out.json()) {
                out.printJson(Map.of("cleared", n));
            } else {
                out.text("Cleared " + n + (n == 1 ? " fault.\n" : " faults.\n"));
            }
            return 0;
        }
        JsonNode fault = admin.addFault(String.join(" ", words));
        if (out.json()) {
            out.printJson(Map.of("fault", fault));
        } else {
            out.text("Fault added: " + fault.path("spec").asText() + " (remaining" + remaining(fault) + ")\n");
        }
        return 0;
    }

    /** The status for people: faults, what fired, jobs by state, limits, owners. */
    static String statusText(Target target, JsonNode data) {
        StringBuilder b = new StringBuilder();
        b.append("Sandbox at ").append(target.apiBase());
        if (target.throwAway()) {
            b.append(" (started for this command only)");
        }
        b.append('\n');
        b.append(String.format("  workers %s, upload limit %s bytes%n", text(data.path("workers")),
                text(data.path("maxUploadBytes"))));
        JsonNode faults = data.path("faults");
        if (faults.isEmpty()) {
            b.append("Faults: none\n");
        } else {
            b.append("Faults:\n");
            int width = 0;
            for (JsonNode f : faults) {
                width = Math.max(width, f.path("spec").asText().length());
            }
            for (JsonNode f : faults) {
                b.append(String.format("  %-" + width + "s  remaining%s, triggered %s%n", f.path("spec").asText(),
                        remaining(f), text(f.path("triggered"))));
            }
        }
        b.append("Triggered: ").append(pairs(data.path("triggered"))).append('\n');
        b.append("Jobs: ").append(pairs(data.path("jobs"))).append('\n');
        JsonNode owners = data.path("owners");
        if (!owners.isEmpty()) {
            b.append("Owners:\n");
            int width = 0;
            for (JsonNode o : owners) {
                width = Math.max(width, o.path("name").asText().length());
            }
            for (JsonNode o : owners) {
                b.append(String.format("  %-" + width + "s  indicators %s, groups %s%n", o.path("name").asText(),
                        text(o.path("indicators")), text(o.path("groups"))));
            }
        }
        return b.toString();
    }

    /** {@code {"a":1,"b":0}} as {@code a 1, b 0}, in the server's order. */
    private static String pairs(JsonNode object) {
        if (!object.isObject() || object.isEmpty()) {
            return "none";
        }
        StringBuilder b = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(e.getKey()).append(' ').append(text(e.getValue()));
        }
        return b.toString();
    }

    /**
     * " 3", or ": until cleared" for a fault without a count (count=all, clock-offset), which
     * the contract leaves unstated: undocumented there, so null, absent or negative all read so.
     */
    private static String remaining(JsonNode fault) {
        JsonNode n = fault.path("remaining");
        return n.isNumber() && n.asLong() >= 0 ? " " + n.asText() : ": until cleared";
    }

    /** A number or text as shown; a missing field as {@code ?}. */
    private static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? "?" : n.asText();
    }

    // ---------------------------------------------------------------- indicators and reset

    /** The read API's path branch of each indicator type (API doc, v2 indicators). */
    private static final Map<String, String> BRANCHES = Map.ofEntries(
            Map.entry("Address", "addresses"), Map.entry("EmailAddress", "emailAddresses"), Map.entry("File", "files"),
            Map.entry("Host", "hosts"), Map.entry("URL", "urls"), Map.entry("ASN", "asns"),
            Map.entry("CIDR", "cidrBlocks"), Map.entry("Email Subject", "emailSubjects"),
            Map.entry("Hashtag", "hashtags"), Map.entry("Mutex", "mutexes"), Map.entry("Registry Key", "registryKeys"),
            Map.entry("User Agent", "userAgents"));

    /** The page size of the read API calls: well under its documented maximum of 10,000. */
    static final int PAGE = 500;

    /** One row of {@code sandbox indicators}. */
    record IndicatorRow(String owner, String type, String summary, Double rating, Integer confidence, Integer tags,
                        String lastModified) {
    }

    /**
     * The indicators the sandbox holds, newest (last modified) first, at most {@code limit}: every
     * page of {@code /api/v2/indicators} of each owner asked for (all the sandbox's owners when
     * {@code owner} is null), then the tags of the rows shown ({@code …/{value}/tags}).
     */
    static List<IndicatorRow> indicators(SandboxAdmin admin, String owner, String type, int limit) {
        List<String> owners = new java.util.ArrayList<>();
        if (owner != null) {
            owners.add(owner);
        } else {
            for (JsonNode o : admin.read("owners", Map.of()).path("owner")) {
                owners.add(o.path("name").asText());
            }
        }
        List<JsonNode> all = new java.util.ArrayList<>();
        Map<JsonNode, String> ownerOf = new java.util.IdentityHashMap<>();
        for (String o : owners) {
            for (int start = 0; ; start += PAGE) {
                Map<String, String> q = new LinkedHashMap<>();
                q.put("owner", o);
                q.put("type", type);
                q.put("resultStart", String.valueOf(start));
                q.put("resultLimit", String.valueOf(PAGE));
                JsonNode data = admin.read("indicators", q);
                JsonNode list = data.path("indicator");
                for (JsonNode i : list) {
                    all.add(i);
                    ownerOf.put(i, i.path("ownerName").asText(o));
                }
                if (list.size() < PAGE || start + list.size() >= data.path("resultCount").asLong()) {
                    break;
                }
            }
        }
        // ISO-8601 UTC strings of one form sort as the instants they name; the id breaks ties.
        all.sort(java.util.Comparator.comparing((JsonNode i) -> i.path("lastModified").asText(""))
                .thenComparing(i -> i.path("id").asLong()).reversed());
        List<IndicatorRow> rows = new java.util.ArrayList<>();
        for (JsonNode i : all.subList(0, Math.min(limit, all.size()))) {
            String t = i.path("type").asText();
            String summary = i.path("summary").asText();
            rows.add(new IndicatorRow(ownerOf.get(i), t, summary,
                    i.path("rating").isNumber() ? i.path("rating").asDouble() : null,
                    i.path("confidence").isNumber() ? i.path("confidence").asInt() : null,
                    tagCount(admin, ownerOf.get(i), t, summary), i.path("lastModified").asText(null)));
        }
        return rows;
    }

    /** The number of tags of one indicator, or null when the read API cannot say. */
    private static Integer tagCount(SandboxAdmin admin, String owner, String type, String summary) {
        String branch = BRANCHES.get(type);
        if (branch == null) {
            return null;
        }
        // A File's summary lists its hashes ("md5 : sha1 : sha256"); any one of them names it.
        String value = type.equals("File") ? summary.split(" : ")[0].trim() : summary;
        try {
            JsonNode data = admin.readItem("indicators", branch, value, "tags", Map.of("owner", owner, "resultLimit", "1"));
            return data.path("resultCount").isNumber() ? data.path("resultCount").asInt() : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** {@code sandbox indicators}: a table for people, or one JSON document. */
    static int printIndicators(SandboxAdmin admin, Target target, Output out, String owner, String type, int limit) {
        if (limit < 1) {
            throw new UsageException("sandbox indicators: --limit must be at least 1, not " + limit);
        }
        List<IndicatorRow> rows = indicators(admin, owner, type, limit);
        if (out.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("url", target.apiBase().toString());
            doc.put("indicators", rows);
            out.printJson(doc);
            return 0;
        }
        out.text(indicatorsText(rows));
        return 0;
    }

    static String indicatorsText(List<IndicatorRow> rows) {
        if (rows.isEmpty()) {
            return "The sandbox holds no indicators" + "\n";
        }
        String[] head = {"owner", "type", "summary", "rating", "confidence", "tags", "last modified"};
        List<String[]> cells = new java.util.ArrayList<>();
        cells.add(head);
        for (IndicatorRow r : rows) {
            cells.add(new String[] {r.owner(), r.type(), r.summary(), r.rating() == null ? "-" : trim(r.rating()),
                    r.confidence() == null ? "-" : r.confidence().toString(), r.tags() == null ? "?" : r.tags().toString(),
                    r.lastModified() == null ? "-" : r.lastModified()});
        }
        return Profiles.table(cells);
    }

    private static String trim(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }

    /** {@code sandbox reset}: asks first (or takes {@code --yes}), then empties the store. */
    static int reset(SandboxAdmin admin, Target target, Output out, io.tcbatch.shell.Prompter prompter, boolean yes) {
        // Throws (exit 2, nothing removed) on "no", or without --yes when no one can be asked.
        prompter.confirm("Empty the sandbox at " + target.apiBase() + " (every indicator, group, association and job)",
                yes);
        JsonNode removed = admin.resetData();
        if (out.json()) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("removed", JSON.convertValue(removed, Map.class));
            out.printJson(doc);
        } else {
            out.text(String.format("Sandbox emptied: removed %s indicators, %s groups, %s associations, %s jobs.%n",
                    text(removed.path("indicators")), text(removed.path("groups")), text(removed.path("associations")),
                    text(removed.path("jobs"))));
        }
        return 0;
    }
}
