package io.tcbatch.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.OkHttpClient;
import okio.Buffer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A started MockWebServer, a client pointed at its {@code /api}, and a sleeper that only records. */
abstract class MockServerSupport {
    static final String ACCESS_ID = "my-access-id";
    static final String SECRET = "example-secret-key";
    static final Instant T0 = Instant.ofEpochSecond(1700000000L);

    MockWebServer server;
    final List<Duration> sleeps = new ArrayList<>();
    final Sleeper recordingSleeper = sleeps::add;

    @BeforeEach
    void startServer() throws IOException {
        server = new MockWebServer();
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    URI apiBase() {
        return URI.create(server.url("/api").toString());
    }

    ThreatConnectClient client(Credentials credentials, Clock clock) {
        OkHttpClient http = new OkHttpClient.Builder()
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(5))
                .build();
        return new ThreatConnectClient(apiBase(), credentials, clock, http, recordingSleeper);
    }

    ThreatConnectClient hmacClient() {
        return client(new Credentials.Hmac(ACCESS_ID, SECRET), Clock.fixed(T0, ZoneOffset.UTC));
    }

    void enqueueJson(int code, String json) {
        server.enqueue(new MockResponse.Builder().code(code)
                .setHeader("Content-Type", "application/json").body(json).build());
    }

    void enqueueText(int code, String text) {
        server.enqueue(new MockResponse.Builder().code(code)
                .setHeader("Content-Type", "text/plain").body(text).build());
    }

    RecordedRequest take() throws InterruptedException {
        RecordedRequest r = server.takeRequest(5, TimeUnit.SECONDS);
        if (r == null) {
            throw new AssertionError("the server received no (further) request");
        }
        return r;
    }

    static Buffer gzip(String text) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return new Buffer().write(out.toByteArray());
    }

    /** A clock that moves one second forward every time it is read, to see re-signing. */
    static final class TickingClock extends Clock {
        private Instant now;

        TickingClock(Instant start) {
            this.now = start;
        }

        @Override
        public synchronized Instant instant() {
            Instant t = now;
            now = now.plusSeconds(1);
            return t;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
