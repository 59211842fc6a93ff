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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;

import io.tcbatch.TestClock;
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
    /** A clock that only moves when {@link #recordingSleeper} sleeps: retries show as new timestamps. */
    final TestClock sleepClock = new TestClock(T0);
    final List<Duration> sleeps = sleepClock.sleeps;
    final Sleeper recordingSleeper = sleepClock;
    /** The "random" value of every jitter draw: 1.0 makes each wait the full backoff ceiling. */
    double jitter = 1.0;

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
        return new ThreatConnectClient(apiBase(), credentials, clock, http, recordingSleeper, RetryPolicy.DEFAULT,
                () -> jitter);
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

    /** A client signing with {@link #sleepClock}. */
    ThreatConnectClient sleepClockClient() {
        return client(new Credentials.Hmac(ACCESS_ID, SECRET), sleepClock);
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
