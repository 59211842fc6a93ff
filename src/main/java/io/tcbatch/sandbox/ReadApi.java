package io.tcbatch.sandbox;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;

import com.sun.net.httpserver.HttpExchange;

/**
 * The v2 read API (API doc §2.8 and issue "read API"): owners, indicators and groups as
 * ThreatConnect's v2 REST API gives them, so an import can be checked by any client. Reads the
 * tables of {@link Schema} directly; writes nothing.
 */
final class ReadApi {

    private final Database db;
    private final List<SandboxConfig.Owner> owners;

    ReadApi(Database db, List<SandboxConfig.Owner> owners) {
        this.db = db;
        this.owners = List.copyOf(owners);
    }

    /**
     * Answers the request when it is a read-API route ({@code GET /api/v2/owners…},
     * {@code /api/v2/indicators…}, {@code /api/v2/groups…}) and returns true; returns false,
     * having sent nothing, for any other path. Called after authentication.
     */
    boolean handle(HttpExchange ex, String method, String rawPath, String rawQuery) throws IOException, SQLException {
        return false;
    }
}
