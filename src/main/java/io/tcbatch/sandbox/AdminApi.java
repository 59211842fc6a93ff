package io.tcbatch.sandbox;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

/**
 * The sandbox's own routes under {@code /api/sandbox/}, authenticated like every other request
 * (so only the sandbox's credentials reach them) and never faulted:
 * {@code GET /api/sandbox/status}, {@code POST /api/sandbox/faults},
 * {@code DELETE /api/sandbox/faults} and {@code DELETE /api/sandbox/data} (empties the store).
 */
final class AdminApi {

    static final String PREFIX = "/api/sandbox/";

    /** A fault spec is one line; anything near this size is not one. */
    private static final int MAX_BODY = 64 * 1024;

    private final Database db;
    private final Faults faults;
    private final List<SandboxConfig.Owner> owners;
    private final int workers;
    private final long maxUploadBytes;

    AdminApi(Database db, Faults faults, List<SandboxConfig.Owner> owners, int workers, long maxUploadBytes) {
        this.db = db;
        this.faults = faults;
        this.owners = List.copyOf(owners);
        this.workers = workers;
        this.maxUploadBytes = maxUploadBytes;
    }

    /** Answers an admin request (the path starts with {@link #PREFIX}). */
    void handle(HttpExchange ex, String method, String path) throws IOException, SQLException {
        if (path.equals(PREFIX + "status") && method.equals("GET")) {
            Wire.send(ex, 200, Wire.success(status()));
        } else if (path.equals(PREFIX + "faults") && method.equals("POST")) {
            addFault(ex);
        } else if (path.equals(PREFIX + "faults") && method.equals("DELETE")) {
            ObjectNode data = Wire.JSON.createObjectNode();
            data.put("cleared", faults.clear());
            Wire.send(ex, 200, Wire.success(data));
        } else if (path.equals(PREFIX + "data") && method.equals("DELETE")) {
            Wire.send(ex, 200, Wire.success(reset()));
        } else {
            Wire.send(ex, 404, Wire.failure(Wire.NOT_FOUND));
        }
    }

    private void addFault(HttpExchange ex) throws IOException {
        byte[] body = ex.getRequestBody().readNBytes(MAX_BODY + 1);
        if (body.length > MAX_BODY) {
            Wire.send(ex, 413, Wire.invalid("A fault is one line; the body is larger than " + MAX_BODY + " bytes"));
            return;
        }
        FaultSpec spec;
        try {
            JsonNode json = Wire.JSON.readTree(body);
            spec = FaultSpec.parse(json);
        } catch (JsonProcessingException e) {
            Wire.send(ex, 400, Wire.invalid("The fault is not valid JSON; send {\"spec\":\"<text form>\"}, kinds: "
                    + FaultSpec.KINDS));
            return;
        } catch (FaultSpec.Invalid e) {
            Wire.send(ex, 400, Wire.invalid(e.getMessage()));
            return;
        }
        ObjectNode data = Wire.JSON.createObjectNode();
        data.set("fault", view(faults.add(spec)));
        Wire.send(ex, 201, Wire.success(data));
    }

    static ObjectNode view(Faults.View v) {
        ObjectNode o = Wire.JSON.createObjectNode();
        o.put("spec", v.spec());
        if (v.remaining() == null) {
            // Until cleared (flat-status count=all, clock-offset): no count to show.
            o.putNull("remaining");
        } else {
            o.put("remaining", v.remaining());
        }
        o.put("triggered", v.triggered());
        return o;
    }

    ObjectNode status() throws SQLException {
        ObjectNode data = Wire.JSON.createObjectNode();
        ArrayNode list = data.putArray("faults");
        for (Faults.View v : faults.views()) {
            list.add(view(v));
        }
        ObjectNode triggered = data.putObject("triggered");
        for (Map.Entry<FaultSpec.Kind, Long> e : faults.triggered().entrySet()) {
            triggered.put(e.getKey().text, e.getValue());
        }
        ObjectNode jobs = data.putObject("jobs");
        for (JobState s : JobState.values()) {
            jobs.put(s.name(), 0);
        }
        ArrayNode ownerList;
        try (Connection c = db.connection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT status, COUNT(*) FROM job GROUP BY status");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    jobs.put(rs.getString(1), rs.getLong(2));
                }
            }
            data.put("workers", workers);
            data.put("maxUploadBytes", maxUploadBytes);
            ownerList = data.putArray("owners");
            for (SandboxConfig.Owner owner : owners) {
                ObjectNode o = ownerList.addObject();
                o.put("name", owner.name());
                o.put("indicators", count(c, "indicator", owner.name()));
                o.put("groups", count(c, "grp", owner.name()));
            }
        }
        return data;
    }

    private static long count(Connection c, String table, String owner) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE owner = ?")) {
            ps.setString(1, owner);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * Tables emptied by {@code DELETE /api/sandbox/data}, children before the rows they point
     * at. The owner table stays: the owners come from the configuration, not from imports.
     */
    static final List<String> DATA_TABLES = List.of("item_tag", "item_attribute", "item_label", "association",
            "file_occurrence", "security_label", "indicator", "grp", "job_error", "job_upload", "job");

    /**
     * Empties the store in one transaction and says what was removed, by table ("indicators",
     * "groups", "associations", "jobs" and the rest). Faults stay: they are cleared on their own.
     */
    ObjectNode reset() throws SQLException {
        ObjectNode removed = Wire.JSON.createObjectNode();
        try (Connection c = db.connection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                long indicators = 0;
                long groups = 0;
                long associations = 0;
                long jobs = 0;
                for (String table : DATA_TABLES) {
                    try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + table)) {
                        int n = ps.executeUpdate();
                        switch (table) {
                            case "indicator" -> indicators = n;
                            case "grp" -> groups = n;
                            case "association" -> associations = n;
                            case "job" -> jobs = n;
                            default -> {
                                // counted with the rows they belong to
                            }
                        }
                    }
                }
                c.commit();
                removed.put("indicators", indicators);
                removed.put("groups", groups);
                removed.put("associations", associations);
                removed.put("jobs", jobs);
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        }
        ObjectNode data = Wire.JSON.createObjectNode();
        data.set("removed", removed);
        return data;
    }
}
