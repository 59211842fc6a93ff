package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --debug-http, TCBATCH_DEBUG_HTTP, the plain-HTTP warning and a bad CA bundle, as a user meets them. */
class TransportOptionsTest {
    @TempDir
    Path home;

    @Test
    void debugHttpIsAGlobalOption() {
        GlobalOptions o = GlobalOptions.parse(new String[] {"--debug-http", "--output", "json", "jobs"});
        assertTrue(o.debugHttp());
        assertEquals(List.of("jobs"), o.rest());
        assertFalse(GlobalOptions.parse(new String[] {"jobs"}).debugHttp());
    }

    @Test
    void debugHttpLogsRequestsToStandardErrorWithTheCredentialsRedacted() {
        Cli.Result r = new Cli(home).run("--debug-http", "errors", "999");
        assertEquals(3, r.code(), r.err());
        assertTrue(r.err().contains("http --> GET http://127.0.0.1:"), r.err());
        assertTrue(r.err().contains("/api/v2/batch/999?includeAdditional=true"), r.err());
        assertTrue(r.err().contains("http     Authorization: ██ (redacted)"), r.err());
        assertFalse(r.err().contains("Authorization: TC"), r.err());
        assertFalse(r.out().contains("http -->"), "the log never mixes into standard output");
    }

    @Test
    void theEnvironmentVariableTurnsTheLogOnToo() {
        Cli.Result r = new Cli(home).env("TCBATCH_DEBUG_HTTP", "1").run("errors", "999");
        assertTrue(r.err().contains("http --> GET "), r.err());
        Cli.Result quiet = new Cli(home).run("errors", "999");
        assertFalse(quiet.err().contains("http -->"), quiet.err());
    }

    @Test
    void aBadCaBundleIsAConfigurationErrorNamingTheFile() {
        Path missing = home.resolve("no-such-ca.pem");
        Cli.Result r = new Cli(home).env("TC_API_PATH", "https://127.0.0.1:9/api").env("TC_API_TOKEN", "tok")
                .env("TCBATCH_HTTP_CABUNDLE", missing.toString()).run("errors", "5");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("CA bundle " + missing + " does not exist or is not a file"), r.err());
    }

    @Test
    void plainHttpToAnotherHostIsWarnedAboutOnce() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Cli.Result r = new Cli(home).env("TC_API_PATH", "http://0.0.0.0:" + port + "/api").env("TC_API_TOKEN", "tok-123456")
                .env("TCBATCH_HTTP_RETRY_MAXATTEMPTS", "1").run("errors", "5");
        assertEquals(3, r.code(), r.err());
        String warning = "warning: http://0.0.0.0:" + port + " is plain HTTP";
        assertTrue(r.err().contains(warning), r.err());
        assertEquals(r.err().indexOf(warning), r.err().lastIndexOf(warning));
        assertFalse(r.err().contains("tok-123456"), r.err());
    }

    @Test
    void ambiguousAndUnsupportedAndTimedOutRemoteFailuresAreExitThreeNotAnInterrupt() {
        assertEquals(3, Exits.classify(new io.tcbatch.api.AmbiguousSubmitException("POST /api/v2/batch: 502",
                new java.net.SocketTimeoutException("timeout"))).code());
        assertEquals(3, Exits.classify(new io.tcbatch.api.UnsupportedEndpointException(404, "no E3")).code());
        assertEquals(3, Exits.classify(new io.tcbatch.api.ApiException(401, "Access Denied",
                "GET /api/v2/batch/5: 401 Access Denied", null)).code());
        assertEquals("GET /api/v2/batch/5: 401 Access Denied", Exits.classify(new io.tcbatch.api.ApiException(401,
                "Access Denied", "GET /api/v2/batch/5: 401 Access Denied", null)).message());
    }

    @Test
    void theLocalSandboxOverLoopbackIsNotWarnedAbout() {
        Cli.Result r = new Cli(home).run("errors", "999");
        assertFalse(r.err().contains("plain HTTP"), r.err());
    }
}
