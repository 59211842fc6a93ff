package io.tcbatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.ZoneOffset;

import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;

import org.junit.jupiter.api.Test;

/** The headers that reach the server, compared with the worked vectors of API doc §1.2. */
class AuthInterceptorTest extends MockServerSupport {

    @Test
    void createJobIsSignedLikeVectorOne() throws Exception {
        enqueueJson(201, "{\"status\":\"Success\",\"data\":{\"batchId\":2446}}");
        try (ThreatConnectClient c = hmacClient()) {
            c.createJob(new JobConfig("V2", "Example Org", false, "Create", "Replace"));
        }
        RecordedRequest r = take();
        assertEquals("/api/v2/batch", r.getTarget());
        assertEquals("1700000000", r.getHeaders().get("Timestamp"));
        assertEquals("TC my-access-id:ouAXRxo+fzvXcm3ffYA4/Ah3x2Zh0RIHFPNl56W+WL8=", r.getHeaders().get("Authorization"));
    }

    @Test
    void statusIsSignedLikeVectorTwoIncludingTheQuery() throws Exception {
        enqueueJson(200, "{\"status\":\"Success\",\"data\":{\"batchStatus\":{\"id\":12345,\"status\":\"Running\"}}}");
        try (ThreatConnectClient c = hmacClient()) {
            c.status(12345);
        }
        RecordedRequest r = take();
        assertEquals("/api/v2/batch/12345?includeAdditional=true", r.getTarget());
        assertEquals("1700000000", r.getHeaders().get("Timestamp"));
        assertEquals("TC my-access-id:/U2TRMSj/0vVJeYXa6/6P8J2tdZfM5XyQbxHwV7Nrto=", r.getHeaders().get("Authorization"));
    }

    @Test
    void errorsPathWithoutQueryIsSignedLikeVectorFour() throws Exception {
        server.enqueue(new mockwebserver3.MockResponse.Builder().code(404).build());
        try (ThreatConnectClient c = hmacClient()) {
            c.errors(12345);
        }
        assertEquals("TC my-access-id:Il3HBKRuApkV6za8PtV33qzgw9T9HtQk9878+BGkoxM=", take().getHeaders().get("Authorization"));
    }

    @Test
    void tokenCredentialsSendTcTokenAndNoTimestamp() throws Exception {
        enqueueJson(201, "{\"status\":\"Success\",\"data\":{\"batchId\":1}}");
        try (ThreatConnectClient c = client(new Credentials.Token("APIV2:1:2:3:abc="), Clock.fixed(T0, ZoneOffset.UTC))) {
            c.createJob(new JobConfig("V2", "Example Org", false, "Create", "Replace"));
        }
        RecordedRequest r = take();
        assertEquals("TC-Token APIV2:1:2:3:abc=", r.getHeaders().get("Authorization"));
        assertNull(r.getHeaders().get("Timestamp"));
    }

    @Test
    void signedTargetIsTheEncodedWireFormNeverReEncoded() {
        HttpUrl url = HttpUrl.get("http://h/api/v2/batch?owner=Demo%20Organization&createActivityLog=false");
        String target = AuthInterceptor.pathAndQuery(url);
        assertEquals("/api/v2/batch?owner=Demo%20Organization&createActivityLog=false", target);
        // Vector 5 of §1.2: the %20 must survive into the signed string.
        assertEquals("29Va9RSu7iFVUdXy4adcFCgcQF++20+LC9W2x3eCZzA=",
                HmacSigner.signature(SECRET, target, "POST", 1700000000L));
        assertEquals("/api/v2/batch?owner=Demo+Org", AuthInterceptor.pathAndQuery(HttpUrl.get("http://h/api/v2/batch?owner=Demo+Org")));
    }

    @Test
    void baseUrlWithTrailingSlashGivesTheSamePath() throws Exception {
        enqueueJson(201, "{\"status\":\"Success\",\"data\":{\"batchId\":1}}");
        java.net.URI slashed = java.net.URI.create(server.url("/api/").toString());
        try (ThreatConnectClient c = new ThreatConnectClient(slashed, new Credentials.Hmac(ACCESS_ID, SECRET),
                Clock.fixed(T0, ZoneOffset.UTC), new okhttp3.OkHttpClient(), recordingSleeper)) {
            c.createJob(new JobConfig("V2", "Example Org", false, "Create", "Replace"));
        }
        RecordedRequest r = take();
        assertEquals("/api/v2/batch", r.getTarget());
        assertEquals("TC my-access-id:ouAXRxo+fzvXcm3ffYA4/Ah3x2Zh0RIHFPNl56W+WL8=", r.getHeaders().get("Authorization"));
    }

    @Test
    void blankSecretIsRejectedUpFrontWithoutEchoingCredentials() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ThreatConnectClient(apiBase(), new Credentials.Hmac("id-xyz", " "), Clock.systemUTC()));
        assertEquals("HMAC credentials need a secret key", e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> new ThreatConnectClient(apiBase(), new Credentials.Token(null), Clock.systemUTC()));
    }
}
