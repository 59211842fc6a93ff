package io.tcbatch.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A pass-through in front of a sandbox that answers {@code createAndUpload} (E3) with 404, as
 * instances that do not serve it do: the client then creates and uploads each chunk with E1 + E2,
 * the path where the crash points between create and upload are. Paths and queries are passed on
 * as received, so the HMAC signatures still hold. Counts the creates (E1) it passed on, so that a
 * test can kill the client right after the first job exists.
 */
final class NoE3Proxy implements AutoCloseable {
    /** Headers the JDK client sets itself (or refuses), never copied. */
    private static final Set<String> SKIPPED = Set.of("host", "content-length", "connection", "expect", "upgrade",
            "transfer-encoding", "keep-alive");

    final AtomicInteger creates = new AtomicInteger();
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "no-e3-proxy");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();
    private final URI target;

    /** @param target the sandbox's origin, e.g. {@code http://127.0.0.1:40123} */
    NoE3Proxy(URI target) throws IOException {
        this.target = target;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The base URL a profile points at, with {@code /api}. */
    URI apiBase() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api");
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body;
            try {
                body = ex.getRequestBody().readAllBytes();
            } catch (IOException cut) {
                // The client died mid-request (the crash test's during-upload): nothing reaches the sandbox.
                return;
            }
            String path = ex.getRequestURI().getRawPath();
            if (path.endsWith("/v2/batch/createAndUpload")) {
                reply(ex, 404, Map.of("Content-Type", List.of("application/json")),
                        "{\"status\":\"Failure\",\"message\":\"Not Found\"}".getBytes(StandardCharsets.UTF_8));
                return;
            }
            String query = ex.getRequestURI().getRawQuery();
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(target + path + (query == null ? "" : "?" + query)))
                    .timeout(Duration.ofSeconds(60))
                    .method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            ex.getRequestHeaders().forEach((name, values) -> {
                if (!SKIPPED.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> b.header(name, v));
                }
            });
            HttpResponse<byte[]> r;
            try {
                r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (ex.getRequestMethod().equals("POST") && path.endsWith("/v2/batch") && r.statusCode() == 201) {
                creates.incrementAndGet();
            }
            reply(ex, r.statusCode(), r.headers().map(), r.body());
        }
    }

    private static void reply(HttpExchange ex, int code, Map<String, List<String>> headers, byte[] body) throws IOException {
        headers.forEach((name, values) -> {
            String n = name.toLowerCase(Locale.ROOT);
            if (!SKIPPED.contains(n) && !n.equals(":status") && !n.equals("date")) {
                ex.getResponseHeaders().put(name, values);
            }
        });
        ex.sendResponseHeaders(code, body.length == 0 ? -1 : body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
