package io.tcbatch.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tcbatch.TestClock;

/** The upload ledger: each accepted upload once, with the hash and size of the file as stored. */
class UploadLedgerTest {
    private static final String ID = "ledger-id";
    private static final String SECRET = "ledger-secret";
    private static final String CONFIG = SignedClient.config("Example Org", "Create", "Replace", false);

    @TempDir
    Path dir;
    private final TestClock clock = new TestClock(Instant.ofEpochSecond(1_700_000_000L));
    private Sandbox sandbox;
    private SignedClient client;

    @BeforeEach
    void start() throws Exception {
        sandbox = Sandbox.start(SandboxConfig.defaults(dir, ID, SECRET).withClock(clock), new FakeValidator());
        client = new SignedClient(sandbox, ID, SECRET, clock);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    @Test
    void recordsEachAcceptedUploadOnceAndNotARefusedSecondOneNorAJobWithoutAFile() throws Exception {
        byte[] one = "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"one.example.com\"}]}".getBytes(StandardCharsets.UTF_8);
        byte[] two = "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"two.example.com\"}]}".getBytes(StandardCharsets.UTF_8);
        long a = client.createJob(CONFIG);
        assertEquals(202, client.upload(a, one).statusCode());
        // A second upload to the same job is refused (400) and must not be counted.
        assertEquals(400, client.upload(a, two).statusCode());
        long orphan = client.createJob(CONFIG);
        long b = client.createJob(CONFIG);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(two);
        }
        assertEquals(202, client.send(client.signed("POST", "/api/v2/batch/" + b)
                .header("Content-Type", "application/octet-stream").header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gz.toByteArray())).build()).statusCode());
        // E3: the content part is what is recorded.
        String boundary = "ledger-boundary";
        String body = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"config\"; filename=\"config\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + CONFIG + "\r\n--" + boundary
                + "\r\nContent-Disposition: form-data; name=\"content\"; filename=\"content\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + new String(one, StandardCharsets.UTF_8) + "\r\n--" + boundary + "--\r\n";
        var e3 = client.send(client.signed("POST", "/api/v2/batch/createAndUpload")
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(201, e3.statusCode(), new String(e3.body(), StandardCharsets.UTF_8));
        long c = SignedClient.json(e3).at("/data/batchStatus/id").asLong();

        assertEquals(List.of(new SandboxStore.Upload(a, sha256(one), one.length),
                        new SandboxStore.Upload(b, sha256(two), two.length),
                        new SandboxStore.Upload(c, sha256(one), one.length)),
                sandbox.store().uploads());
        assertEquals(List.of(a, b, c), sandbox.store().uploads().stream().map(SandboxStore.Upload::jobId).toList(),
                "job " + orphan + " was created and never given a file: no row");
    }
}
