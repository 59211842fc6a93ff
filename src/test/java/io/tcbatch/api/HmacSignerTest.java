package io.tcbatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** The five worked vectors of API doc §1.2 (secret example-secret-key, timestamp 1700000000). */
class HmacSignerTest {
    private static final String SECRET = "example-secret-key";
    private static final long TS = 1700000000L;

    @ParameterizedTest(name = "{1} {0}")
    @CsvSource(delimiter = '|', value = {
            "/api/v2/batch | POST | ouAXRxo+fzvXcm3ffYA4/Ah3x2Zh0RIHFPNl56W+WL8=",
            "/api/v2/batch/12345?includeAdditional=true | GET | /U2TRMSj/0vVJeYXa6/6P8J2tdZfM5XyQbxHwV7Nrto=",
            "/api/v2/batch/createAndUpload?includeAdditional=true | POST | KRgAqJIrcVgnYvVqpRWTDinm2w6dGggD9/AGQrxS14Q=",
            "/api/v2/batch/12345/errors | GET | Il3HBKRuApkV6za8PtV33qzgw9T9HtQk9878+BGkoxM=",
            "/api/v2/batch?owner=Demo%20Organization&createActivityLog=false | POST | 29Va9RSu7iFVUdXy4adcFCgcQF++20+LC9W2x3eCZzA="
    })
    void signatureMatchesTheDocumentedVector(String pathAndQuery, String method, String expected) {
        assertEquals(expected, HmacSigner.signature(SECRET, pathAndQuery, method, TS));
    }

    @Test
    void lowerCaseMethodIsSignedUpperCase() {
        assertEquals("ouAXRxo+fzvXcm3ffYA4/Ah3x2Zh0RIHFPNl56W+WL8=",
                HmacSigner.signature(SECRET, "/api/v2/batch", "post", TS));
    }

    @Test
    void stringToSignHasNoQuestionMarkWithoutQuery() {
        assertEquals("/api/v2/batch/12345/errors:GET:1700000000",
                HmacSigner.stringToSign("/api/v2/batch/12345/errors", "GET", TS));
    }

    @Test
    void authorizationHeaderIsTcSpaceAccessIdColonSignature() {
        assertEquals("TC my-id:ouAXRxo+fzvXcm3ffYA4/Ah3x2Zh0RIHFPNl56W+WL8=",
                HmacSigner.authorization("my-id", SECRET, "/api/v2/batch", "POST", TS));
    }
}
