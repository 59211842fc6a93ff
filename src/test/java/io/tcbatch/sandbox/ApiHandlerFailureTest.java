package io.tcbatch.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.net.httpserver.HttpServer;
import io.tcbatch.TestClock;

/** A handler that fails inside answers 500 with the failure envelope instead of hanging. */
class ApiHandlerFailureTest {

    @TempDir
    Path dir;

    @Test
    void answersAFailureInsideAHandlerWith500() throws Exception {
        TestClock clock = new TestClock(Instant.ofEpochSecond(1_700_000_000L));
        Database db = Database.open(dir);
        db.close(); // every query now fails with an SQLException
        JobRepository jobs = new JobRepository(db, clock);
        HttpServer server = Sandbox.httpServer(0);
        try (JobProcessor processor = new JobProcessor(db, jobs, new FakeValidator(), dir, 10)) {
            server.createContext("/", new ApiHandler(new HmacAuth("id", "s", "tok", Duration.ofSeconds(300), clock),
                    jobs, processor, SandboxConfig.defaultOwners(), dir, new ReadApi(db, SandboxConfig.defaultOwners()),
                    new Faults(clock), new AdminApi(db, new Faults(clock), SandboxConfig.defaultOwners(), 1, 100),
                    100, clock));
            server.start();
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api/v2/batch/1"))
                    .header("Authorization", "TC-Token tok").timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(500, r.statusCode());
            assertEquals("application/json", r.headers().firstValue("Content-Type").orElseThrow());
            // The disposed pool refuses connections with an IllegalStateException.
            assertEquals("{\"status\":\"Failure\",\"message\":\"Internal error: IllegalStateException\"}", r.body());
        } finally {
            server.stop(0);
        }
    }
}
