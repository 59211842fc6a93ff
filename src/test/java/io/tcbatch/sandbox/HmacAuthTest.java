package io.tcbatch.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

class HmacAuthTest {

    private static final String SECRET = "example-secret-key";
    private static final Clock AT_VECTOR_TIME = Clock.fixed(Instant.ofEpochSecond(1_700_000_000L), ZoneOffset.UTC);

    private final HmacAuth auth = new HmacAuth("example-id", SECRET, "APIV2:1:2:3:tok", Duration.ofSeconds(300),
            AT_VECTOR_TIME);

    // The five worked vectors of API doc §1.2, as path, query ('-' = none), method, signature.
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "/api/v2/batch|-|POST|ouAXRxo+fzvXcm3ffYA4/Ah3x2Zh0RIHFPNl56W+WL8=",
        "/api/v2/batch/12345|includeAdditional=true|GET|/U2TRMSj/0vVJeYXa6/6P8J2tdZfM5XyQbxHwV7Nrto=",
        "/api/v2/batch/createAndUpload|includeAdditional=true|POST|KRgAqJIrcVgnYvVqpRWTDinm2w6dGggD9/AGQrxS14Q=",
        "/api/v2/batch/12345/errors|-|GET|Il3HBKRuApkV6za8PtV33qzgw9T9HtQk9878+BGkoxM=",
        "/api/v2/batch|owner=Demo%20Organization&createActivityLog=false|POST|29Va9RSu7iFVUdXy4adcFCgcQF++20+LC9W2x3eCZzA=",
    })
    void matchesTheDocumentedVectors(String path, String query, String method, String signature) {
        String q = query.equals("-") ? null : query;
        String message = HmacAuth.stringToSign(path, q, method, "1700000000");
        assertEquals(signature, HmacAuth.sign(SECRET.getBytes(StandardCharsets.UTF_8), message));
        assertEquals(signature, SignedClient.hmac(SECRET, message), "independent computation");
        assertNull(auth.check("TC example-id:" + signature, "1700000000", method, path, q));
    }

    @Test
    void rejectsAWrongSignature() {
        assertEquals("Signature data did not match expected result",
                auth.check("TC example-id:ouAXRxo+fzvXcm3ffYA4/Ah3x2Zh0RIHFPNl56W+WL8=", "1700000000", "GET",
                        "/api/v2/batch", null));
    }

    @Test
    void checksTheSameCredentialsOnAnotherClock() {
        HmacAuth later = auth.withClock(Clock.fixed(Instant.ofEpochSecond(1_700_003_600L), ZoneOffset.UTC));
        String old = "TC example-id:" + SignedClient.hmac(SECRET, "/api/v2/batch:POST:1700000000");
        assertNull(auth.check(old, "1700000000", "POST", "/api/v2/batch", null));
        assertEquals("Timestamp out of acceptable time range", later.check(old, "1700000000", "POST", "/api/v2/batch", null));
        String now = "TC example-id:" + SignedClient.hmac(SECRET, "/api/v2/batch:POST:1700003600");
        assertNull(later.check(now, "1700003600", "POST", "/api/v2/batch", null));
        assertNull(later.check("TC-Token APIV2:1:2:3:tok", null, "GET", "/api/v2/batch/1", null), "the token too");
        assertEquals("Signature data did not match expected result", later.check(
                "TC example-id:" + SignedClient.hmac("other", "/api/v2/batch:POST:1700003600"), "1700003600", "POST",
                "/api/v2/batch", null));
    }

    @Test
    void acceptsExactlyFiveMinutesOfSkewButNotOneSecondMore() {
        for (long ts : new long[] {1_700_000_300L, 1_699_999_700L}) {
            String sig = SignedClient.hmac(SECRET, "/api/v2/batch:POST:" + ts);
            assertNull(auth.check("TC example-id:" + sig, Long.toString(ts), "POST", "/api/v2/batch", null));
        }
        for (long ts : new long[] {1_700_000_301L, 1_699_999_699L}) {
            String sig = SignedClient.hmac(SECRET, "/api/v2/batch:POST:" + ts);
            assertEquals("Timestamp out of acceptable time range",
                    auth.check("TC example-id:" + sig, Long.toString(ts), "POST", "/api/v2/batch", null));
        }
    }

    @Test
    void namesTheFailureOfEachMalformedRequest() {
        String sig = SignedClient.hmac(SECRET, "/api/v2/batch:POST:1700000000");
        assertEquals("Invalid timestamp", auth.check("TC example-id:" + sig, "17e8", "POST", "/api/v2/batch", null));
        assertEquals("Invalid timestamp", auth.check("TC example-id:" + sig, null, "POST", "/api/v2/batch", null));
        assertEquals("Access Denied", auth.check("TC other-id:" + sig, "1700000000", "POST", "/api/v2/batch", null));
        assertEquals("Access Denied", auth.check(null, "1700000000", "POST", "/api/v2/batch", null));
        assertEquals("Access Denied", auth.check("Basic abc", null, "POST", "/api/v2/batch", null));
    }

    @Test
    void acceptsTheTokenAndIgnoresATimestampSentWithIt() {
        assertNull(auth.check("TC-Token APIV2:1:2:3:tok", "1", "GET", "/api/v2/batch/1", null));
        assertEquals("Unauthorized", auth.check("TC-Token APIV2:1:2:3:other", null, "GET", "/api/v2/batch/1", null));
        HmacAuth noToken = new HmacAuth("example-id", SECRET, null, Duration.ofSeconds(300), AT_VECTOR_TIME);
        assertEquals("Unauthorized", noToken.check("TC-Token anything", null, "GET", "/api/v2/batch/1", null));
    }

    @Test
    void neverShowsTheSecretInToString() {
        assertEquals(-1, auth.toString().indexOf(SECRET));
    }
}
