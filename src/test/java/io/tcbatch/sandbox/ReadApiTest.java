package io.tcbatch.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.tcbatch.TestClock;

/**
 * The v2 read API over a small hand-written store ({@link ReadFixture}): exact bodies for each
 * route, paging boundaries, owner filters spelled with {@code +} and {@code %20}, 404s, and odd
 * input that must never become a 500.
 */
class ReadApiTest {

    static final String ID = "read-id";
    static final String SECRET = "read-secret";
    static final String ORG = "Example Org";
    static final String COMMUNITY = "Example Community";

    static final String MD5 = "d41d8cd98f00b204e9800998ecf8427e";
    static final String SHA1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
    static final String SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @TempDir
    static Path dir;

    static final TestClock CLOCK = new TestClock(Instant.ofEpochSecond(1_700_000_000L));
    static Sandbox sandbox;
    static SignedClient client;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        try (ReadFixture f = new ReadFixture(dir)) {
            f.owner(1, ORG, "Organization");
            f.owner(2, COMMUNITY, "Community");
            f.owner(3, "Demo Organization", "Organization");
            long address = f.indicator(ORG, "Address", "192.0.2.1", 3.0, 80);          // 1
            long host = f.indicator(ORG, "Host", "bad.example.com", 4.5, null);        // 2
            f.indicator(ORG, "URL", "http://example.com/login.php?a=1", null, null);   // 3
            long file = f.file(ORG, MD5, SHA1, SHA256, 0L);                            // 4
            f.indicator(ORG, "Address", "2001:db8::1", null, null);                    // 5
            f.indicator(ORG, "CIDR", "10.0.0.0/8", null, null);                        // 6
            f.indicator(ORG, "ASN", "ASN64500", null, 10);                             // 7
            f.indicator(ORG, "Registry Key", "HKEY_LOCAL_MACHINE\\Software\\Bad : Run : REG_SZ", null, null); // 8
            long old = f.indicator(ORG, "Host", "old.example.com", null, null);        // 9
            f.sql("UPDATE indicator SET active = FALSE WHERE id = ?", old);
            f.indicator(ORG, "EmailAddress", "phish@example.com", null, null);         // 10
            long shared = f.indicator(COMMUNITY, "Host", "bad.example.com", 1.0, 20);  // 11
            f.indicator(COMMUNITY, "Mutex", "Global\\Bad Mutex", null, null);          // 12
            f.sql("UPDATE indicator SET dns_active = TRUE WHERE id = ?", host);

            long incident = f.group(ORG, "inc-1", "Incident", "Op Bad",                // 1
                    "{\"type\":\"Incident\",\"name\":\"Op Bad\",\"xid\":\"inc-1\",\"eventDate\":\"2026-01-02T00:00:00Z\","
                            + "\"status\":\"Open\",\"tag\":[{\"name\":\"Ops\"}]}");
            long adversary = f.group(ORG, "adv-1", "Adversary", "APT Sandbox",         // 2
                    "{\"type\":\"Adversary\",\"name\":\"APT Sandbox\",\"xid\":\"adv-1\"}");
            f.group(COMMUNITY, "mail-1", "Email", "Invoice",                          // 3
                    "{\"type\":\"Email\",\"name\":\"Invoice\",\"xid\":\"mail-1\",\"subject\":\"Your invoice\","
                            + "\"header\":\"From: a@example.com\",\"body\":\"Pay now\",\"from\":\"a@example.com\",\"score\":0}");

            f.attribute('I', host, "Source", "feed A", false, null);
            f.attribute('I', host, "Description", "A bad host", true, "analyst");
            f.tag('I', host, "phishing");
            f.tag('I', host, "Nation State");
            f.labelDefinition(ORG, "TLP:AMBER", "FFC000", "Limited disclosure");
            f.label('I', host, "TLP:AMBER");
            f.label('I', host, "Undefined Label");
            f.tag('G', incident, "Ops");
            f.attribute('G', incident, "Description", "The incident", true, null);
            f.associate(ORG, 'I', host, 'G', incident);
            f.associate(ORG, 'G', adversary, 'G', incident);
            f.associate(ORG, 'I', host, 'I', address);
            f.occurrence(file, "bad.dll", "C:\\Windows", Instant.parse("2026-01-03T04:05:06Z"));
        }
        sandbox = Sandbox.start(SandboxConfig.defaults(dir, ID, SECRET).withClock(CLOCK).withOwners(
                List.of(new SandboxConfig.Owner(ORG, "Organization"), new SandboxConfig.Owner(COMMUNITY, "Community"),
                        new SandboxConfig.Owner("Demo Organization", "Organization"))), new FakeValidator());
        client = new SignedClient(sandbox, ID, SECRET, CLOCK);
        base = "http://127.0.0.1:" + sandbox.port();
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    static HttpResponse<byte[]> get(String target) throws Exception {
        return client.get(target);
    }

    static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** Status and the exact JSON body; {@code BASE} in the expectation stands for the sandbox's address. */
    static void assertAnswer(int status, String expected, HttpResponse<byte[]> r) throws Exception {
        assertEquals(status, r.statusCode(), text(r));
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(null));
        assertEquals(SignedClient.JSON.readTree(expected.replace("BASE", base)), SignedClient.JSON.readTree(r.body()), text(r));
    }

    static void assertAnswer(int status, String expected, String target) throws Exception {
        assertAnswer(status, expected, get(target));
    }

    static String failure(String message) {
        return "{\"status\":\"Failure\",\"message\":\"" + message.replace("\\", "\\\\").replace("\"", "\\\"") + "\"}";
    }

    static final String NOT_FOUND = failure("The requested resource was not found");

    // ------------------------------------------------------------------ owners

    @Test
    void ownersListsEveryOwnerWithIdNameAndType() throws Exception {
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":3,"owner":[
                  {"id":1,"name":"Example Org","type":"Organization"},
                  {"id":2,"name":"Example Community","type":"Community"},
                  {"id":3,"name":"Demo Organization","type":"Organization"}]}}""", "/api/v2/owners");
    }

    @Test
    void ownersMineIsTheFirstOrganizationAndOneOwnerIsFoundById() throws Exception {
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":1,"owner":{"id":1,"name":"Example Org","type":"Organization"}}}""",
                "/api/v2/owners/mine");
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":1,"owner":{"id":2,"name":"Example Community","type":"Community"}}}""",
                "/api/v2/owners/2");
        assertAnswer(404, NOT_FOUND, "/api/v2/owners/9");
        assertAnswer(404, NOT_FOUND, "/api/v2/owners/abc");
        assertAnswer(404, NOT_FOUND, "/api/v2/owners/99999999999999999999999");
    }

    // ------------------------------------------------------------------ indicator lists

    static final String ADDRESS_ITEM = """
            {"id":1,"ownerName":"Example Org","type":"Address","dateAdded":"2026-01-01T10:00:00Z",
             "lastModified":"2026-01-01T10:01:00Z","rating":3.0,"confidence":80,
             "webLink":"BASE/auth/indicators/details/address.xhtml?address=192.0.2.1&owner=Example+Org",
             "summary":"192.0.2.1"}""";

    static final String HOST_ITEM = """
            {"id":2,"ownerName":"Example Org","type":"Host","dateAdded":"2026-01-01T10:00:00Z",
             "lastModified":"2026-01-01T10:01:00Z","rating":4.5,
             "webLink":"BASE/auth/indicators/details/host.xhtml?host=bad.example.com&owner=Example+Org",
             "summary":"bad.example.com"}""";

    static final String URL_ITEM = """
            {"id":3,"ownerName":"Example Org","type":"URL","dateAdded":"2026-01-01T10:00:00Z",
             "lastModified":"2026-01-01T10:01:00Z",
             "webLink":"BASE/auth/indicators/details/url.xhtml?orgid=3&owner=Example+Org",
             "summary":"http://example.com/login.php?a=1"}""";

    static final String EMAIL_ITEM = """
            {"id":10,"ownerName":"Example Org","type":"EmailAddress","dateAdded":"2026-01-01T10:00:00Z",
             "lastModified":"2026-01-01T10:01:00Z",
             "webLink":"BASE/auth/indicators/details/emailaddress.xhtml?emailaddress=phish%40example.com&owner=Example+Org",
             "summary":"phish@example.com"}""";

    @Test
    void allIndicatorsOfTheDefaultOwnerArePagedByIdAndCountOnlyActiveOnes() throws Exception {
        // Nine active indicators in Example Org (id 9 is inactive, 11 and 12 are the community's).
        assertAnswer(200, "{\"status\":\"Success\",\"data\":{\"resultCount\":9,\"indicator\":["
                + ADDRESS_ITEM + "," + HOST_ITEM + "," + URL_ITEM + "]}}", "/api/v2/indicators?resultLimit=3");
        assertAnswer(200, "{\"status\":\"Success\",\"data\":{\"resultCount\":9,\"indicator\":[" + EMAIL_ITEM + "]}}",
                "/api/v2/indicators?resultStart=8&resultLimit=5");
        assertAnswer(200, "{\"status\":\"Success\",\"data\":{\"resultCount\":9,\"indicator\":[]}}",
                "/api/v2/indicators?resultStart=9");
        assertAnswer(200, "{\"status\":\"Success\",\"data\":{\"resultCount\":9,\"indicator\":[]}}",
                "/api/v2/indicators?resultStart=2147483647&resultLimit=10000");
        JsonNode all = SignedClient.json(get("/api/v2/indicators"));
        assertEquals(9, all.path("data").path("indicator").size());
        List<Integer> ids = new java.util.ArrayList<>();
        all.path("data").path("indicator").forEach(n -> ids.add(n.path("id").asInt()));
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8, 10), ids);
        // The same list with a trailing slash, as the docs sometimes write paths.
        assertAnswer(200, "{\"status\":\"Success\",\"data\":{\"resultCount\":9,\"indicator\":[" + ADDRESS_ITEM + "]}}",
                "/api/v2/indicators/?resultLimit=1");
    }

    @Test
    void theIndicatorListFiltersByATypeParameterByNameOrBranch() throws Exception {
        String hostsOnly = "{\"status\":\"Success\",\"data\":{\"resultCount\":1,\"indicator\":[" + HOST_ITEM + "]}}";
        assertAnswer(200, hostsOnly, "/api/v2/indicators?type=Host");
        assertAnswer(200, hostsOnly, "/api/v2/indicators?owner=Example+Org&type=hosts");
        JsonNode bad = SignedClient.json(get("/api/v2/indicators?type=bogus"));
        assertEquals("Failure", bad.path("status").asText());
        assertTrue(bad.path("message").asText().startsWith("type 'bogus' is not an indicator type; the types are Address,"),
                bad.toString());
    }

    @Test
    void badPagingValuesAreRefusedWithA400NamingTheParameter() throws Exception {
        String limit = "a whole number from 1 to 10000 is expected";
        assertAnswer(400, failure("Invalid resultLimit '10001': " + limit), "/api/v2/indicators?resultLimit=10001");
        assertAnswer(400, failure("Invalid resultLimit '0': " + limit), "/api/v2/indicators/hosts?resultLimit=0");
        assertAnswer(400, failure("Invalid resultLimit 'ten': " + limit), "/api/v2/groups?resultLimit=ten");
        assertAnswer(400, failure("Invalid resultLimit '': " + limit), "/api/v2/indicators?resultLimit=");
        assertAnswer(400, failure("Invalid resultStart '-1': a whole number from 0 is expected"),
                "/api/v2/indicators?resultStart=-1");
        assertAnswer(400, failure("Invalid resultStart '99999999999999999999': a whole number from 0 is expected"),
                "/api/v2/indicators?resultStart=99999999999999999999");
        assertAnswer(400, failure("Invalid resultStart '2147483648': a whole number from 0 is expected"),
                "/api/v2/indicators?resultStart=2147483648");
        assertAnswer(400, failure("Invalid resultLimit '" + "9".repeat(40) + "…': " + limit),
                "/api/v2/indicators?resultLimit=" + "9".repeat(60));
        assertAnswer(400, failure("Invalid resultLimit '1.5': " + limit), "/api/v2/indicators/hosts/bad.example.com/tags?resultLimit=1.5");
    }

    static final String COMMUNITY_HOSTS = """
            {"status":"Success","data":{"resultCount":1,"host":[
              {"id":11,"ownerName":"Example Community","dateAdded":"2026-01-01T10:00:00Z",
               "lastModified":"2026-01-01T10:01:00Z","rating":1.0,"confidence":20,
               "webLink":"BASE/auth/indicators/details/host.xhtml?host=bad.example.com&owner=Example+Community",
               "hostName":"bad.example.com"}]}}""";

    @Test
    void theOwnerFilterReadsPlusAndPercent20AlikeAndAnyCaseOfItsName() throws Exception {
        assertAnswer(200, COMMUNITY_HOSTS, "/api/v2/indicators/hosts?owner=Example+Community");
        assertAnswer(200, COMMUNITY_HOSTS, "/api/v2/indicators/hosts?owner=Example%20Community");
        assertAnswer(200, COMMUNITY_HOSTS, "/api/v2/indicators/hosts?Owner=Example%20Community&resultStart=0");
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":1,"host":[
                  {"id":2,"ownerName":"Example Org","dateAdded":"2026-01-01T10:00:00Z",
                   "lastModified":"2026-01-01T10:01:00Z","rating":4.5,
                   "webLink":"BASE/auth/indicators/details/host.xhtml?host=bad.example.com&owner=Example+Org",
                   "hostName":"bad.example.com"}]}}""", "/api/v2/indicators/hosts");
        assertAnswer(200, "{\"status\":\"Success\",\"data\":{\"resultCount\":0,\"indicator\":[]}}",
                "/api/v2/indicators?owner=Demo+Organization");
        assertAnswer(403, failure("Access Denied: owner 'Nobody Org' is not accessible"),
                "/api/v2/indicators?owner=Nobody+Org");
        assertAnswer(403, failure("Access Denied: owner 'example community' is not accessible"),
                "/api/v2/indicators/hosts/bad.example.com?owner=example%20community");
    }

    @Test
    void branchListsShowTheTypeFieldsAndCustomTypesTheirType() throws Exception {
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":2,"address":[
                  {"id":1,"ownerName":"Example Org","dateAdded":"2026-01-01T10:00:00Z","lastModified":"2026-01-01T10:01:00Z",
                   "rating":3.0,"confidence":80,
                   "webLink":"BASE/auth/indicators/details/address.xhtml?address=192.0.2.1&owner=Example+Org","ip":"192.0.2.1"},
                  {"id":5,"ownerName":"Example Org","dateAdded":"2026-01-01T10:00:00Z","lastModified":"2026-01-01T10:01:00Z",
                   "webLink":"BASE/auth/indicators/details/address.xhtml?address=2001%3Adb8%3A%3A1&owner=Example+Org",
                   "ip":"2001:db8::1"}]}}""", "/api/v2/indicators/addresses");
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":1,"asn":[
                  {"id":7,"ownerName":"Example Org","type":"ASN","dateAdded":"2026-01-01T10:00:00Z",
                   "lastModified":"2026-01-01T10:01:00Z","confidence":10,
                   "webLink":"BASE/auth/indicators/details/customIndicator.xhtml?id=7&owner=Example+Org",
                   "AS Number":"ASN64500"}]}}""", "/api/v2/indicators/asns");
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":1,"file":[
                  {"id":4,"ownerName":"Example Org","dateAdded":"2026-01-01T10:00:00Z","lastModified":"2026-01-01T10:01:00Z",
                   "webLink":"BASE/auth/indicators/details/file.xhtml?file=MD5&owner=Example+Org",
                   "md5":"MD5","sha1":"SHA1","sha256":"SHA256"}]}}"""
                .replace("SHA256", SHA256).replace("SHA1", SHA1).replace("MD5", MD5), "/api/v2/indicators/files");
        assertAnswer(200, "{\"status\":\"Success\",\"data\":{\"resultCount\":0,\"userAgent\":[]}}",
                "/api/v2/indicators/userAgents");
    }

    // ------------------------------------------------------------------ one indicator

    static final String HOST_SINGLE = """
            {"status":"Success","data":{"host":{"id":2,
              "owner":{"id":1,"name":"Example Org","type":"Organization"},
              "dateAdded":"2026-01-01T10:00:00Z","lastModified":"2026-01-01T10:01:00Z","rating":4.5,
              "webLink":"BASE/auth/indicators/details/host.xhtml?host=bad.example.com&owner=Example+Org",
              "hostName":"bad.example.com","dnsActive":"true","whoisActive":"false","description":"A bad host",
              "attribute":[
                {"id":1,"type":"Source","dateAdded":"2026-01-01T10:00:00Z","lastModified":"2026-01-01T10:01:00Z",
                 "displayed":false,"value":"feed A"},
                {"id":2,"type":"Description","dateAdded":"2026-01-01T10:00:00Z","lastModified":"2026-01-01T10:01:00Z",
                 "displayed":true,"source":"analyst","value":"A bad host"}],
              "tag":[
                {"name":"Nation State","webLink":"BASE/auth/tags/tag.xhtml?tag=Nation+State&owner=Example+Org"},
                {"name":"phishing","webLink":"BASE/auth/tags/tag.xhtml?tag=phishing&owner=Example+Org"}],
              "securityLabel":[
                {"name":"TLP:AMBER","description":"Limited disclosure","color":"FFC000","dateAdded":"2026-01-01T10:00:00Z"},
                {"name":"Undefined Label"}]}}}""";

    @Test
    void oneHostWithItsDescriptionAttributesTagsAndLabelsFoundInAnyCase() throws Exception {
        assertAnswer(200, HOST_SINGLE, "/api/v2/indicators/hosts/bad.example.com");
        assertAnswer(200, HOST_SINGLE, "/api/v2/indicators/hosts/BAD.Example.COM");
        assertAnswer(200, HOST_SINGLE, "/api/v2/indicators/hosts/bad.example.com?owner=Example+Org");
        HttpResponse<byte[]> head = client.send(client.signed("HEAD", "/api/v2/indicators/hosts/bad.example.com")
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, head.statusCode());
        assertEquals(0, head.body().length);
    }

    @Test
    void includeAdditionalAddsTheFlagsAndAnInactiveIndicatorIsStillFoundAlone() throws Exception {
        assertAnswer(200, """
                {"status":"Success","data":{"host":{"id":9,
                  "owner":{"id":1,"name":"Example Org","type":"Organization"},
                  "dateAdded":"2026-01-01T10:00:00Z","lastModified":"2026-01-01T10:01:00Z",
                  "webLink":"BASE/auth/indicators/details/host.xhtml?host=old.example.com&owner=Example+Org",
                  "privateFlag":false,"active":false,"activeLocked":false,
                  "hostName":"old.example.com","dnsActive":"false","whoisActive":"false",
                  "attribute":[],"tag":[],"securityLabel":[]}}}""",
                "/api/v2/indicators/hosts/old.example.com?includeAdditional=true");
    }

    @Test
    void valuesInThePathAreMatchedAfterTheStoresNormalisation() throws Exception {
        String v6 = """
                {"status":"Success","data":{"address":{"id":5,
                  "owner":{"id":1,"name":"Example Org","type":"Organization"},
                  "dateAdded":"2026-01-01T10:00:00Z","lastModified":"2026-01-01T10:01:00Z",
                  "webLink":"BASE/auth/indicators/details/address.xhtml?address=2001%3Adb8%3A%3A1&owner=Example+Org",
                  "ip":"2001:db8::1","attribute":[],"tag":[],"securityLabel":[]}}}""";
        assertAnswer(200, v6, "/api/v2/indicators/addresses/2001:db8::1");
        assertAnswer(200, v6, "/api/v2/indicators/addresses/2001:0DB8:0:0:0:0:0:0001");
        assertAnswer(200, v6, "/api/v2/indicators/addresses/2001%3Adb8%3A%3A1");
        assertAnswer(200, """
                {"status":"Success","data":{"url":{"id":3,
                  "owner":{"id":1,"name":"Example Org","type":"Organization"},
                  "dateAdded":"2026-01-01T10:00:00Z","lastModified":"2026-01-01T10:01:00Z",
                  "webLink":"BASE/auth/indicators/details/url.xhtml?orgid=3&owner=Example+Org",
                  "text":"http://example.com/login.php?a=1","attribute":[],"tag":[],"securityLabel":[]}}}""",
                "/api/v2/indicators/urls/HTTP%3A%2F%2FExample.com%2Flogin.php%3Fa%3D1");
        assertAnswer(404, NOT_FOUND, "/api/v2/indicators/urls/http%3A%2F%2Fexample.com%2FLOGIN.php%3Fa%3D1");
        assertAnswer(200, """
                {"status":"Success","data":{"cidrBlock":{"id":6,
                  "owner":{"id":1,"name":"Example Org","type":"Organization"},"type":"CIDR",
                  "dateAdded":"2026-01-01T10:00:00Z","lastModified":"2026-01-01T10:01:00Z",
                  "webLink":"BASE/auth/indicators/details/customIndicator.xhtml?id=6&owner=Example+Org",
                  "Block":"10.0.0.0/8","attribute":[],"tag":[],"securityLabel":[]}}}""",
                "/api/v2/indicators/cidrBlocks/10.0.0.0%2F8");
        assertAnswer(200, """
                {"status":"Success","data":{"asn":{"id":7,
                  "owner":{"id":1,"name":"Example Org","type":"Organization"},"type":"ASN",
                  "dateAdded":"2026-01-01T10:00:00Z","lastModified":"2026-01-01T10:01:00Z","confidence":10,
                  "webLink":"BASE/auth/indicators/details/customIndicator.xhtml?id=7&owner=Example+Org",
                  "AS Number":"ASN64500","attribute":[],"tag":[],"securityLabel":[]}}}""",
                "/api/v2/indicators/asns/as%2064500");
        assertAnswer(200, """
                {"status":"Success","data":{"emailAddress":{"id":10,
                  "owner":{"id":1,"name":"Example Org","type":"Organization"},
                  "dateAdded":"2026-01-01T10:00:00Z","lastModified":"2026-01-01T10:01:00Z",
                  "webLink":"BASE/auth/indicators/details/emailaddress.xhtml?emailaddress=phish%40example.com&owner=Example+Org",
                  "address":"phish@example.com","attribute":[],"tag":[],"securityLabel":[]}}}""",
                "/api/v2/indicators/emailAddresses/phish@example.com");
        assertAnswer(200, """
                {"status":"Success","data":{"registryKey":{"id":8,
                  "owner":{"id":1,"name":"Example Org","type":"Organization"},"type":"Registry Key",
                  "dateAdded":"2026-01-01T10:00:00Z","lastModified":"2026-01-01T10:01:00Z",
                  "webLink":"BASE/auth/indicators/details/customIndicator.xhtml?id=8&owner=Example+Org",
                  "Key Name":"HKEY_LOCAL_MACHINE\\\\Software\\\\Bad","Value Name":"Run","Value Type":"REG_SZ",
                  "attribute":[],"tag":[],"securityLabel":[]}}}""",
                "/api/v2/indicators/registryKeys/HKEY_LOCAL_MACHINE%5CSoftware%5CBad%20%3A%20Run%20%3A%20REG_SZ");
        assertAnswer(200, """
                {"status":"Success","data":{"mutex":{"id":12,
                  "owner":{"id":2,"name":"Example Community","type":"Community"},"type":"Mutex",
                  "dateAdded":"2026-01-01T10:00:00Z","lastModified":"2026-01-01T10:01:00Z",
                  "webLink":"BASE/auth/indicators/details/customIndicator.xhtml?id=12&owner=Example+Community",
                  "Mutex":"Global\\\\Bad Mutex","attribute":[],"tag":[],"securityLabel":[]}}}""",
                "/api/v2/indicators/mutexes/Global%5CBad%20Mutex?owner=Example+Community");
        // Case matters for a Mutex; and it lives in the community, not in the default owner.
        assertAnswer(404, NOT_FOUND, "/api/v2/indicators/mutexes/global%5Cbad%20mutex?owner=Example+Community");
        assertAnswer(404, NOT_FOUND, "/api/v2/indicators/mutexes/Global%5CBad%20Mutex");
        assertAnswer(404, NOT_FOUND, "/api/v2/indicators/addresses/192.0.2.99");
        assertAnswer(404, NOT_FOUND, "/api/v2/indicators/addresses/not-an-ip");
    }

    @Test
    void aFileIsFoundByAnyOfItsHashesInAnyCase() throws Exception {
        String expected = """
                {"status":"Success","data":{"file":{"id":4,
                  "owner":{"id":1,"name":"Example Org","type":"Organization"},
                  "dateAdded":"2026-01-01T10:00:00Z","lastModified":"2026-01-01T10:01:00Z",
                  "webLink":"BASE/auth/indicators/details/file.xhtml?file=MD5&owner=Example+Org",
                  "md5":"MD5","sha1":"SHA1","sha256":"SHA256","size":0,
                  "attribute":[],"tag":[],"securityLabel":[]}}}"""
                .replace("SHA256", SHA256).replace("SHA1", SHA1).replace("MD5", MD5);
        for (String hash : List.of(MD5, SHA1, SHA256, SHA256.toUpperCase(), MD5 + "%20%3A%20" + SHA1 + "%20%3A%20" + SHA256)) {
            assertAnswer(200, expected, "/api/v2/indicators/files/" + hash);
        }
        assertAnswer(404, NOT_FOUND, "/api/v2/indicators/files/" + "0".repeat(32));
        assertAnswer(404, NOT_FOUND, "/api/v2/indicators/files/xyz");
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":1,"fileOccurrence":[
                  {"id":1,"fileName":"bad.dll","path":"C:\\\\Windows","date":"2026-01-03T04:05:06Z"}]}}""",
                "/api/v2/indicators/files/" + SHA1 + "/fileOccurrences");
        assertAnswer(404, NOT_FOUND, "/api/v2/indicators/hosts/bad.example.com/fileOccurrences");
    }

    // ------------------------------------------------------------------ indicator sub-resources

    @Test
    void anIndicatorsAttributesTagsAndLabelsInTheirListEnvelopes() throws Exception {
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":2,"attribute":[
                  {"id":1,"type":"Source","dateAdded":"2026-01-01T10:00:00Z","lastModified":"2026-01-01T10:01:00Z",
                   "displayed":false,"value":"feed A"},
                  {"id":2,"type":"Description","dateAdded":"2026-01-01T10:00:00Z","lastModified":"2026-01-01T10:01:00Z",
                   "displayed":true,"source":"analyst","value":"A bad host"}]}}""",
                "/api/v2/indicators/hosts/bad.example.com/attributes");
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":2,"attribute":[
                  {"id":2,"type":"Description","dateAdded":"2026-01-01T10:00:00Z","lastModified":"2026-01-01T10:01:00Z",
                   "displayed":true,"source":"analyst","value":"A bad host"}]}}""",
                "/api/v2/indicators/hosts/bad.example.com/attributes?resultStart=1&resultLimit=1");
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":2,"tag":[
                  {"name":"Nation State","webLink":"BASE/auth/tags/tag.xhtml?tag=Nation+State&owner=Example+Org"},
                  {"name":"phishing","webLink":"BASE/auth/tags/tag.xhtml?tag=phishing&owner=Example+Org"}]}}""",
                "/api/v2/indicators/hosts/bad.example.com/tags");
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":2,"securityLabel":[
                  {"name":"TLP:AMBER","description":"Limited disclosure","color":"FFC000","dateAdded":"2026-01-01T10:00:00Z"},
                  {"name":"Undefined Label"}]}}""",
                "/api/v2/indicators/hosts/bad.example.com/securityLabels");
        assertAnswer(200, "{\"status\":\"Success\",\"data\":{\"resultCount\":0,\"tag\":[]}}",
                "/api/v2/indicators/hosts/bad.example.com/tags?owner=Example+Community");
        assertAnswer(404, NOT_FOUND, "/api/v2/indicators/hosts/nothing.example.com/tags");
    }

    @Test
    void anIndicatorsAssociatedGroupsIndicatorsAndOwners() throws Exception {
        String incidentItem = """
                {"id":1,"name":"Op Bad","type":"Incident","ownerName":"Example Org","dateAdded":"2026-01-01T10:00:00Z",
                 "lastModified":"2026-01-01T10:01:00Z","webLink":"BASE/auth/incident/incident.xhtml?incident=1"}""";
        assertAnswer(200, "{\"status\":\"Success\",\"data\":{\"resultCount\":1,\"group\":[" + incidentItem + "]}}",
                "/api/v2/indicators/hosts/bad.example.com/groups");
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":1,"incident":[
                  {"id":1,"name":"Op Bad","ownerName":"Example Org","dateAdded":"2026-01-01T10:00:00Z",
                   "lastModified":"2026-01-01T10:01:00Z","webLink":"BASE/auth/incident/incident.xhtml?incident=1",
                   "eventDate":"2026-01-02T00:00:00Z","status":"Open"}]}}""",
                "/api/v2/indicators/hosts/bad.example.com/groups/incidents");
        assertAnswer(200, "{\"status\":\"Success\",\"data\":{\"resultCount\":0,\"adversary\":[]}}",
                "/api/v2/indicators/hosts/bad.example.com/groups/adversaries");
        assertAnswer(404, NOT_FOUND, "/api/v2/indicators/hosts/bad.example.com/groups/nonsense");
        assertAnswer(200, "{\"status\":\"Success\",\"data\":{\"resultCount\":1,\"indicator\":[" + ADDRESS_ITEM + "]}}",
                "/api/v2/indicators/hosts/bad.example.com/indicators");
        assertAnswer(200, "{\"status\":\"Success\",\"data\":{\"resultCount\":1,\"indicator\":[" + HOST_ITEM + "]}}",
                "/api/v2/indicators/addresses/192.0.2.1/indicators");
        assertAnswer(200, "{\"status\":\"Success\",\"data\":{\"resultCount\":0,\"url\":[]}}",
                "/api/v2/indicators/addresses/192.0.2.1/indicators/urls");
        assertAnswer(200, """
                {"status":"Success","data":{"owner":[
                  {"id":1,"name":"Example Org","type":"Organization"},
                  {"id":2,"name":"Example Community","type":"Community"}]}}""",
                "/api/v2/indicators/hosts/bad.example.com/owners");
        assertAnswer(404, NOT_FOUND, "/api/v2/indicators/hosts/bad.example.com/victims");
        assertAnswer(404, NOT_FOUND, "/api/v2/indicators/hosts/bad.example.com/groups/incidents/1");
    }

    // ------------------------------------------------------------------ groups

    static final String INCIDENT_ITEM = """
            {"id":1,"name":"Op Bad","type":"Incident","ownerName":"Example Org","dateAdded":"2026-01-01T10:00:00Z",
             "lastModified":"2026-01-01T10:01:00Z","webLink":"BASE/auth/incident/incident.xhtml?incident=1"}""";
    static final String ADVERSARY_ITEM = """
            {"id":2,"name":"APT Sandbox","type":"Adversary","ownerName":"Example Org","dateAdded":"2026-01-01T10:00:00Z",
             "lastModified":"2026-01-01T10:01:00Z","webLink":"BASE/auth/adversary/adversary.xhtml?adversary=2"}""";

    @Test
    void groupListsByOwnerAndTypeWithPaging() throws Exception {
        assertAnswer(200, "{\"status\":\"Success\",\"data\":{\"resultCount\":2,\"group\":[" + INCIDENT_ITEM + ","
                + ADVERSARY_ITEM + "]}}", "/api/v2/groups");
        assertAnswer(200, "{\"status\":\"Success\",\"data\":{\"resultCount\":2,\"group\":[" + ADVERSARY_ITEM + "]}}",
                "/api/v2/groups?resultStart=1&resultLimit=1");
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":1,"email":[
                  {"id":3,"name":"Invoice","ownerName":"Example Community","dateAdded":"2026-01-01T10:00:00Z",
                   "lastModified":"2026-01-01T10:01:00Z","webLink":"BASE/auth/email/email.xhtml?email=3",
                   "subject":"Your invoice","from":"a@example.com","score":0}]}}""",
                "/api/v2/groups/emails?owner=Example%20Community");
        assertAnswer(200, "{\"status\":\"Success\",\"data\":{\"resultCount\":0,\"email\":[]}}", "/api/v2/groups/emails");
        assertAnswer(200, "{\"status\":\"Success\",\"data\":{\"resultCount\":0,\"vulnerability\":[]}}",
                "/api/v2/groups/vulnerabilities");
        assertAnswer(404, failure("Unknown group type 'victims'; the types are adversaries, attackPatterns, campaigns, "
                + "coursesOfAction, documents, emails, events, incidents, intrusionSets, malware, reports, signatures, "
                + "tactics, threats, tools, vulnerabilities"), "/api/v2/groups/victims");
    }

    @Test
    void oneGroupWithItsTypeFieldsXidAndMetadata() throws Exception {
        String incident = """
                {"status":"Success","data":{"incident":{"id":1,"name":"Op Bad",
                  "owner":{"id":1,"name":"Example Org","type":"Organization"},
                  "dateAdded":"2026-01-01T10:00:00Z","lastModified":"2026-01-01T10:01:00Z",
                  "webLink":"BASE/auth/incident/incident.xhtml?incident=1","xid":"inc-1",
                  "eventDate":"2026-01-02T00:00:00Z","status":"Open","description":"The incident",
                  "attribute":[{"id":3,"type":"Description","dateAdded":"2026-01-01T10:00:00Z",
                    "lastModified":"2026-01-01T10:01:00Z","displayed":true,"value":"The incident"}],
                  "tag":[{"name":"Ops","webLink":"BASE/auth/tags/tag.xhtml?tag=Ops&owner=Example+Org"}],
                  "securityLabel":[]}}}""";
        assertAnswer(200, incident, "/api/v2/groups/incidents/1");
        assertAnswer(200, incident, "/api/v2/groups/incidents/1?owner=Example+Org");
        assertAnswer(200, """
                {"status":"Success","data":{"email":{"id":3,"name":"Invoice",
                  "owner":{"id":2,"name":"Example Community","type":"Community"},
                  "dateAdded":"2026-01-01T10:00:00Z","lastModified":"2026-01-01T10:01:00Z",
                  "webLink":"BASE/auth/email/email.xhtml?email=3","xid":"mail-1",
                  "subject":"Your invoice","from":"a@example.com","score":0,"header":"From: a@example.com","body":"Pay now",
                  "attribute":[],"tag":[],"securityLabel":[]}}}""", "/api/v2/groups/emails/3");
        // Another type's id, another owner, a non-numeric id (tcex's xid) or a huge one: not found.
        assertAnswer(404, NOT_FOUND, "/api/v2/groups/threats/1");
        assertAnswer(404, NOT_FOUND, "/api/v2/groups/incidents/1?owner=Example+Community");
        assertAnswer(404, NOT_FOUND, "/api/v2/groups/incidents/inc-1");
        assertAnswer(404, NOT_FOUND, "/api/v2/groups/incidents/99");
        assertAnswer(404, NOT_FOUND, "/api/v2/groups/incidents/9223372036854775808");
        assertAnswer(404, NOT_FOUND, "/api/v2/groups/incidents/" + "9".repeat(200));
        assertAnswer(403, failure("Access Denied: owner 'Nobody' is not accessible"), "/api/v2/groups/incidents/1?owner=Nobody");
    }

    @Test
    void aGroupsSubResources() throws Exception {
        assertAnswer(200, "{\"status\":\"Success\",\"data\":{\"resultCount\":1,\"indicator\":[" + HOST_ITEM + "]}}",
                "/api/v2/groups/incidents/1/indicators");
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":1,"host":[
                  {"id":2,"ownerName":"Example Org","dateAdded":"2026-01-01T10:00:00Z",
                   "lastModified":"2026-01-01T10:01:00Z","rating":4.5,
                   "webLink":"BASE/auth/indicators/details/host.xhtml?host=bad.example.com&owner=Example+Org",
                   "hostName":"bad.example.com"}]}}""", "/api/v2/groups/incidents/1/indicators/hosts");
        assertAnswer(200, "{\"status\":\"Success\",\"data\":{\"resultCount\":1,\"group\":[" + ADVERSARY_ITEM + "]}}",
                "/api/v2/groups/incidents/1/groups");
        assertAnswer(200, "{\"status\":\"Success\",\"data\":{\"resultCount\":1,\"group\":[" + INCIDENT_ITEM + "]}}",
                "/api/v2/groups/adversaries/2/groups");
        assertAnswer(200, "{\"status\":\"Success\",\"data\":{\"resultCount\":0,\"indicator\":[]}}",
                "/api/v2/groups/adversaries/2/indicators");
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":1,"tag":[
                  {"name":"Ops","webLink":"BASE/auth/tags/tag.xhtml?tag=Ops&owner=Example+Org"}]}}""",
                "/api/v2/groups/incidents/1/tags");
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":1,"attribute":[{"id":3,"type":"Description",
                  "dateAdded":"2026-01-01T10:00:00Z","lastModified":"2026-01-01T10:01:00Z","displayed":true,
                  "value":"The incident"}]}}""", "/api/v2/groups/incidents/1/attributes");
        assertAnswer(200, "{\"status\":\"Success\",\"data\":{\"resultCount\":0,\"securityLabel\":[]}}",
                "/api/v2/groups/incidents/1/securityLabels");
        assertAnswer(404, NOT_FOUND, "/api/v2/groups/incidents/1/adversaryAssets");
        assertAnswer(404, NOT_FOUND, "/api/v2/groups/incidents/2/tags");
    }

    // ------------------------------------------------------------------ odd requests

    @Test
    void otherMethodsGet405WithAllowAndTheConnectionStaysUsable() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
            HttpResponse<byte[]> r = client.send(client.signed(method, "/api/v2/indicators/hosts/bad.example.com")
                    .header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString("{\"rating\":5}")).build());
            assertAnswer(405, failure("The sandbox's read API answers GET and HEAD only (" + method
                    + " given); add or change data with the Batch API"), r);
            assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElse(null));
        }
        assertAnswer(200, HOST_SINGLE, "/api/v2/indicators/hosts/bad.example.com");
    }

    @Test
    void malformedEncodingsAndUnknownPathsAreClearAnswersNever500() throws Exception {
        // java.net.URI refuses to build these, so they go over a plain socket; the JDK's server
        // refuses them too, with its own 400, before any handler (ReadQueryTest covers the
        // read API's own refusal of them).
        for (String target : List.of("/api/v2/indicators/hosts/bad%zz", "/api/v2/indicators/hosts/bad%4",
                "/api/v2/indicators?owner=%E")) {
            assertTrue(rawGet(target).startsWith("400 "), target);
        }
        assertTrue(rawGet("/api/v2/indicators/hosts/bad.example.com").startsWith("200 {\"status\":\"Success\""));
        assertAnswer(400, failure("The request path is not percent-encoded UTF-8"), "/api/v2/indicators/hosts/%FF%FE");
        assertAnswer(400, failure("The request query is not percent-encoded UTF-8"), "/api/v2/indicators?owner=%C3%28");
        assertAnswer(404, failure("Unknown indicator type 'Hosts'; the types are addresses, emailAddresses, files, hosts, "
                + "urls, asns, cidrBlocks, emailSubjects, hashtags, mutexes, registryKeys, userAgents"),
                "/api/v2/indicators/Hosts");
        assertAnswer(404, NOT_FOUND, "/api/v2/indicators/hosts/a/b/c/d/e");
        assertAnswer(404, NOT_FOUND, "/api/v2/indicators/hosts/%2F%2F");
        assertAnswer(404, NOT_FOUND, "/api/v2/indicators/hosts//tags");
        assertAnswer(404, NOT_FOUND, "/api/v2/groups/incidents/-1");
        assertAnswer(404, NOT_FOUND, "/api/v2/owners/mine/members");
        // Not the read API's paths: the handler's own 404.
        assertAnswer(404, NOT_FOUND, "/api/v2/indicatorsX");
        assertAnswer(404, NOT_FOUND, "/api/v2/victims");
        // Odd but well-formed input: long values, control characters, many parameters.
        String[] odd = {"/api/v2/indicators/hosts/" + "a".repeat(5000) + ".com",
            "/api/v2/indicators/urls/%00%01%02", "/api/v2/indicators/registryKeys/%20%3A%20%3A%20",
            "/api/v2/indicators?" + "x=1&".repeat(500) + "resultLimit=1", "/api/v2/indicators?owner",
            "/api/v2/indicators?&&=&owner=", "/api/v2/groups/signatures/0/indicators/files",
            "/api/v2/indicators/files/%E2%82%AC", "/api/v2/indicators/emailSubjects/%E2%82%AC"};
        for (String target : odd) {
            int status = get(target).statusCode();
            assertTrue(status == 200 || status == 404, target + " answered " + status);
        }
        assertAnswer(200, HOST_SINGLE, "/api/v2/indicators/hosts/bad.example.com");
    }

    @Test
    void randomValuesOnEveryBranchAreAnsweredWithoutA500() throws Exception {
        java.util.Random random = new java.util.Random(42);
        List<String> branches = List.of("addresses", "emailAddresses", "files", "hosts", "urls", "asns", "cidrBlocks",
                "emailSubjects", "hashtags", "mutexes", "registryKeys", "userAgents");
        String alphabet = "aZ09.:/\\@%+ -_~?#[]{}|^`\"'<>;=&,*()!$\u00e9\u20ac\u0000\t";
        for (int i = 0; i < 120; i++) {
            StringBuilder value = new StringBuilder();
            for (int n = random.nextInt(40); n >= 0; n--) {
                value.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            String encoded = java.net.URLEncoder.encode(value.toString(), StandardCharsets.UTF_8).replace("+", "%20");
            String sub = List.of("", "/tags", "/attributes", "/securityLabels", "/groups", "/indicators/hosts",
                    "/owners", "/fileOccurrences").get(random.nextInt(8));
            String target = "/api/v2/indicators/" + branches.get(random.nextInt(branches.size())) + "/" + encoded + sub;
            int status = get(target).statusCode();
            assertTrue(status == 200 || status == 404, target + " answered " + status);
        }
        assertAnswer(200, HOST_SINGLE, "/api/v2/indicators/hosts/bad.example.com");
    }

    @Test
    void withoutOwnerRowsTheConfiguredOwnersAnswerInTheirOrder(@TempDir Path other) throws Exception {
        try (ReadFixture f = new ReadFixture(other)) {
            f.indicator("Second Org", "Host", "only.example.com", null, null);
        }
        try (Sandbox s = Sandbox.start(SandboxConfig.defaults(other, ID, SECRET).withClock(CLOCK).withOwners(
                List.of(new SandboxConfig.Owner("First Source", "Source"), new SandboxConfig.Owner("Second Org", "Organization"))),
                new FakeValidator())) {
            SignedClient c = new SignedClient(s, ID, SECRET, CLOCK);
            String b = "http://127.0.0.1:" + s.port();
            HttpResponse<byte[]> owners = c.get("/api/v2/owners");
            assertEquals(SignedClient.JSON.readTree("""
                    {"status":"Success","data":{"resultCount":2,"owner":[
                      {"id":1,"name":"First Source","type":"Source"},{"id":2,"name":"Second Org","type":"Organization"}]}}"""),
                    SignedClient.json(owners), text(owners));
            // The default owner is the first Organization, not the first owner.
            HttpResponse<byte[]> hosts = c.get("/api/v2/indicators/hosts");
            assertEquals(SignedClient.JSON.readTree("""
                    {"status":"Success","data":{"resultCount":1,"host":[
                      {"id":1,"ownerName":"Second Org","dateAdded":"2026-01-01T10:00:00Z",
                       "lastModified":"2026-01-01T10:01:00Z",
                       "webLink":"BASE/auth/indicators/details/host.xhtml?host=only.example.com&owner=Second+Org",
                       "hostName":"only.example.com"}]}}""".replace("BASE", b)), SignedClient.json(hosts), text(hosts));
        }
    }

    @Test
    void withoutResultLimitAPageHoldsOneHundred(@TempDir Path other) throws Exception {
        try (ReadFixture f = new ReadFixture(other)) {
            f.owner(1, ORG, "Organization");
            for (int i = 1; i <= 103; i++) {
                f.indicator(ORG, "Host", "h" + i + ".example.com", null, null);
            }
        }
        try (Sandbox s = Sandbox.start(SandboxConfig.defaults(other, ID, SECRET).withClock(CLOCK).withOwners(
                List.of(new SandboxConfig.Owner(ORG, "Organization"))), new FakeValidator())) {
            SignedClient c = new SignedClient(s, ID, SECRET, CLOCK);
            JsonNode first = SignedClient.json(c.get("/api/v2/indicators/hosts")).path("data");
            assertEquals(103, first.path("resultCount").asInt());
            assertEquals(100, first.path("host").size());
            assertEquals("h1.example.com", first.path("host").get(0).path("hostName").asText());
            assertEquals("h100.example.com", first.path("host").get(99).path("hostName").asText());
            JsonNode rest = SignedClient.json(c.get("/api/v2/indicators/hosts?resultStart=100")).path("data");
            assertEquals(103, rest.path("resultCount").asInt());
            List<String> names = new java.util.ArrayList<>();
            rest.path("host").forEach(n -> names.add(n.path("hostName").asText()));
            assertEquals(List.of("h101.example.com", "h102.example.com", "h103.example.com"), names);
        }
    }

    /**
     * A signed GET written by hand on a socket, for request targets {@link java.net.URI} will
     * not carry; returns the status and the body.
     */
    static String rawGet(String target) throws Exception {
        String ts = Long.toString(CLOCK.instant().getEpochSecond());
        String request = "GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nTimestamp: " + ts
                + "\r\nAuthorization: TC " + ID + ":" + SignedClient.hmac(SECRET, target + ":GET:" + ts)
                + "\r\nConnection: close\r\n\r\n";
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", sandbox.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String status = answer.substring(answer.indexOf(' ') + 1, answer.indexOf(' ') + 4);
            return status + " " + answer.substring(answer.indexOf("\r\n\r\n") + 4);
        }
    }

    @Test
    void unsignedReadsAreRefusedBeforeAnyRouting() throws Exception {
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(
                java.net.URI.create(base + "/api/v2/owners")).GET().build());
        assertEquals(401, r.statusCode());
    }
}
