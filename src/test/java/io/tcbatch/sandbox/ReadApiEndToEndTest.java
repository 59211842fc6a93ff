package io.tcbatch.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.tcbatch.TestClock;

/**
 * The read API over a store filled the way a user fills it: real Batch files through the
 * sandbox's HTTP API (E1+E2 and E3; V1 array, V1 wrapped and V2 files; two owners), read back
 * through {@code GET /api/v2/...} with the real validator. Where {@link ReadApiTest} checks the
 * read API against a hand-written store, this checks that what the store writes (ids, normalised
 * summaries, hash columns, group JSON, associations of every form) is what the read API reads.
 */
class ReadApiEndToEndTest {

    static final String ID = "e2e-read-id";
    static final String SECRET = "e2e-read-secret";
    static final String ORG = "Example Org";
    static final String COMMUNITY = "Example Community";
    static final String MD5 = "d41d8cd98f00b204e9800998ecf8427e";
    static final String SHA1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
    static final String SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @TempDir
    static Path dir;
    static final TestClock CLOCK = new TestClock(Instant.parse("2026-02-03T04:05:06Z"));
    static Sandbox sandbox;
    static SignedClient client;

    static final String V2_FILE = """
            {"indicator":[
              {"type":"Host","hostName":"Bad.Example.COM","rating":3,"confidence":60,"dnsActive":true,
               "description":"C2 host","source":"Feed X",
               "attribute":[{"type":"Additional Analysis and Context","value":"seen twice"}],
               "tag":[{"name":"C2"},{"name":"Nation State"}],
               "securityLabel":[{"name":"TLP:AMBER","color":"FFC000","description":"Limited disclosure"}],
               "associatedGroups":[{"groupXid":"inc-1"}]},
              {"type":"Address","ip":"2001:0DB8:0:0:0:0:0:0001"},
              {"type":"Address","summary":"192.0.2.7","associatedGroups":["adv-1"]},
              {"type":"URL","text":"http://bad.example.com/login.php?a=1&b=2"},
              {"type":"CIDR","Block":"10.0.0.0/8"},
              {"type":"File","md5":"MD5","sha1":"SHA1","sha256":"SHA256","size":0,
               "fileOccurrence":[{"fileName":"empty.bin","path":"C:\\\\tmp\\\\","date":"2024-01-02T03:04:05Z"}]},
              {"type":"Mutex","Mutex":"Global\\\\Bad"}],
             "group":[
              {"type":"Incident","name":"Op Bad","xid":"inc-1","eventDate":"2026-01-02T00:00:00Z","status":"Open",
               "tag":[{"name":"Ops"}],"attribute":[{"type":"Description","value":"The incident","displayed":true}],
               "associatedGroupXid":["adv-1"],
               "associatedIndicators":[{"summary":"10.0.0.0/8","indicatorType":"CIDR"}]},
              {"type":"Adversary","name":"APT Sandbox","xid":"adv-1"},
              {"type":"Email","name":"Invoice","xid":"mail-1","subject":"Your invoice","header":"From: a@example.com",
               "body":"Pay now","from":"a@example.com","score":0}],
             "association":[
              {"ref_1":"bad.example.com","type_1":"Host","ref_2":"mail-1"},
              {"ref_1":"bad.example.com","type_1":"Host","ref_2":"http://bad.example.com/login.php?a=1&b=2",
               "type_2":"URL","associationType":"URL Host"}]}
            """.replace("SHA256", SHA256).replace("SHA1", SHA1).replace("MD5", MD5);

    static final String V1_FILE = """
            [{"summary":"BAD.example.com","type":"Host","rating":1,"confidence":20,"description":"Seen by the community",
              "tag":[{"name":"shared"}]},
             {"summary":"198.51.100.7","type":"Address","attribute":[{"type":"Source","value":"Community feed"}]}]
            """;
    static final String V1_WRAPPED = """
            {"indicator":[{"summary":"ASN64500","type":"ASN","associatedGroup":[2]},
                          {"summary":"phish@example.com","type":"EmailAddress","tag":[{"name":"phishing"}]}]}
            """;
    /** A second File upload that shares only the sha256 of the first: it is the same File (§4.5). */
    static final String V2_MORE = """
            {"indicator":[{"type":"File","summary":"SHA256","rating":4,
               "fileOccurrence":{"fileName":"again.bin","path":"D:\\\\x"}},
              {"type":"Registry Key","Key Name":"HKEY_LOCAL_MACHINE\\\\Software\\\\Bad","Value Name":"Run","Value Type":"REG_SZ"},
              {"type":"User Agent","User Agent String":"Bad/1.0 (X11)"}],
             "group":[{"type":"Signature","name":"Yara 1","xid":"sig-1","fileName":"bad.yar","fileType":"YARA",
                       "fileText":"rule bad { condition: true }","associatedIndicators":[{"summary":"ASN64500","indicatorType":"ASN"}]},
                      {"type":"Campaign","name":"Spring","xid":"camp-1","firstSeen":"2026-01-01T00:00:00Z"}],
             "association":[{"ref_1":"camp-1","ref_2":"inc-1"},{"id_1":6,"type_1":"File","ref_2":"sig-1"}]}
            """.replace("SHA256", SHA256);

    static JsonNode createAndUpload(String config, String file) throws Exception {
        String b = "e2e-boundary";
        String body = "--" + b + "\r\nContent-Disposition: form-data; name=\"config\"\r\n\r\n" + config + "\r\n"
                + "--" + b + "\r\nContent-Disposition: form-data; name=\"content\"; filename=\"batch.json\"\r\n"
                + "Content-Type: application/json\r\n\r\n" + file + "\r\n--" + b + "--\r\n";
        HttpResponse<byte[]> r = client.send(client.signed("POST", "/api/v2/batch/createAndUpload")
                .header("Content-Type", "multipart/form-data; boundary=" + b)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        assertEquals(201, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
        return client.awaitCompleted(SignedClient.json(r).path("data").path("batchStatus").path("id").asLong());
    }

    static String base;
    static final List<JsonNode> JOBS = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        sandbox = Sandbox.start(SandboxConfig.defaults(dir, ID, SECRET).withClock(CLOCK).withOwners(
                List.of(new SandboxConfig.Owner(ORG, "Organization"), new SandboxConfig.Owner(COMMUNITY, "Community"))));
        client = new SignedClient(sandbox, ID, SECRET, CLOCK);
        base = "http://127.0.0.1:" + sandbox.port();
        JOBS.add(client.run(config(ORG, "V2"), V2_FILE));
        JOBS.add(createAndUpload(config(COMMUNITY, "V1"), V1_FILE));
        JOBS.add(createAndUpload(config(ORG, "V1"), V1_WRAPPED));
        JOBS.add(createAndUpload(config(ORG, "V2"), V2_MORE));
    }

    static String config(String owner, String version) {
        return "{\"version\":\"" + version + "\",\"owner\":\"" + owner + "\",\"haltOnError\":false,\"action\":\"Create\","
                + "\"attributeWriteType\":\"Replace\"}";
    }

    @AfterAll
    static void stop() {
        if (sandbox != null) {
            sandbox.close();
        }
    }

    /** Status, content type and the exact JSON body; {@code BASE} stands for the sandbox's address. */
    static void assertAnswer(int status, String expected, String target) throws Exception {
        HttpResponse<byte[]> r = client.get(target);
        String text = new String(r.body(), StandardCharsets.UTF_8);
        assertEquals(status, r.statusCode(), target + ": " + text);
        assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(null), target);
        assertEquals(SignedClient.JSON.readTree(expected.replace("BASE", base)), SignedClient.JSON.readTree(r.body()),
                target + ": " + text);
    }

    @Test
    void everyJobCompletedWithoutErrorsAndCountedEachKindOfItem() {
        List<String> counts = new ArrayList<>();
        for (JsonNode j : JOBS) {
            counts.add(j.path("status").asText() + " " + j.path("errorCount").asInt() + " "
                    + j.path("successIndicatorCount").asInt() + "/" + j.path("successGroupCount").asInt() + "/"
                    + j.path("successAssociationCount").asInt());
        }
        // Associations count the association[] entries; the inline forms (associatedGroups,
        // associatedGroupXid, associatedIndicators) are part of their item.
        assertEquals(List.of("Completed 0 7/3/2", "Completed 0 2/0/0", "Completed 0 2/0/0", "Completed 0 3/2/2"), counts);
    }

    @Test
    void everyAdvertisedIndicatorTypeIsABranchTheReadApiAnswers() throws Exception {
        JsonNode types = SignedClient.json(client.get("/api/v2/types/indicatorTypes")).path("data").path("indicatorType");
        assertEquals(ReadTypes.INDICATORS.size(), types.size());
        List<String> custom = new ArrayList<>();
        for (JsonNode t : types) {
            String branch = t.path("apiBranch").asText();
            HttpResponse<byte[]> r = client.get("/api/v2/indicators/" + branch);
            assertEquals(200, r.statusCode(), branch);
            assertTrue(SignedClient.json(r).path("data").has(t.path("apiEntity").asText()), branch);
            if (t.path("custom").asText().equals("true")) {
                custom.add(t.path("name").asText());
            }
        }
        assertEquals(List.of("ASN", "CIDR", "Email Subject", "Hashtag", "Mutex", "Registry Key", "User Agent"), custom);
    }

    @Test
    void ownersAndPagedListsShowWhatTheFourJobsWrote() throws Exception {
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":2,"owner":[{"id":1,"name":"Example Org",
                "type":"Organization"},{"id":2,"name":"Example Community","type":"Community"}]}}""",
                "/api/v2/owners");
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":1,"owner":{"id":1,"name":"Example Org",
                "type":"Organization"}}}""",
                "/api/v2/owners/mine");
        // Every active indicator of the default owner, in the order the jobs created them: a
        // File uploaded twice (the second time by its sha256 alone) is one indicator.
        JsonNode all = SignedClient.json(client.get("/api/v2/indicators"));
        assertEquals(11, all.path("data").path("resultCount").asInt());
        List<String> rows = new ArrayList<>();
        for (JsonNode i : all.path("data").path("indicator")) {
            rows.add(i.path("id").asInt() + " " + i.path("type").asText() + " " + i.path("summary").asText());
        }
        assertEquals(List.of("1 Host bad.example.com", "2 Address 2001:db8::1", "3 Address 192.0.2.7",
                "4 URL http://bad.example.com/login.php?a=1&b=2", "5 CIDR 10.0.0.0/8",
                "6 File " + MD5 + " : " + SHA1 + " : " + SHA256, "7 Mutex Global\\Bad", "10 ASN ASN64500",
                "11 EmailAddress phish@example.com",
                "12 Registry Key HKEY_LOCAL_MACHINE\\Software\\Bad : Run : REG_SZ", "13 User Agent Bad/1.0 (X11)"), rows);
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":11,"indicator":[{"id":2,"ownerName":"Example Org",
                "type":"Address","dateAdded":"2026-02-03T04:05:06Z","lastModified":"2026-02-03T04:05:06Z",
                "webLink":"BASE/auth/indicators/details/address.xhtml?address=2001%3Adb8%3A%3A1&owner=Example+Org",
                "summary":"2001:db8::1"},{"id":3,"ownerName":"Example Org","type":"Address",
                "dateAdded":"2026-02-03T04:05:06Z","lastModified":"2026-02-03T04:05:06Z",
                "webLink":"BASE/auth/indicators/details/address.xhtml?address=192.0.2.7&owner=Example+Org",
                "summary":"192.0.2.7"}]}}""",
                "/api/v2/indicators?resultStart=1&resultLimit=2");
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":2,"indicator":[{"id":8,"ownerName":"Example Community",
                "type":"Host","dateAdded":"2026-02-03T04:05:06Z","lastModified":"2026-02-03T04:05:06Z","rating":1.0,
                "confidence":20,
                "webLink":"BASE/auth/indicators/details/host.xhtml?host=bad.example.com&owner=Example+Community",
                "summary":"bad.example.com"},{"id":9,"ownerName":"Example Community","type":"Address",
                "dateAdded":"2026-02-03T04:05:06Z","lastModified":"2026-02-03T04:05:06Z",
                "webLink":"BASE/auth/indicators/details/address.xhtml?address=198.51.100.7&owner=Example+Community",
                "summary":"198.51.100.7"}]}}""",
                "/api/v2/indicators?owner=Example%20Community");
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":5,"group":[{"id":1,"name":"Op Bad","type":"Incident",
                "ownerName":"Example Org","dateAdded":"2026-02-03T04:05:06Z","lastModified":"2026-02-03T04:05:06Z",
                "webLink":"BASE/auth/incident/incident.xhtml?incident=1"},{"id":2,"name":"APT Sandbox",
                "type":"Adversary","ownerName":"Example Org","dateAdded":"2026-02-03T04:05:06Z",
                "lastModified":"2026-02-03T04:05:06Z","webLink":"BASE/auth/adversary/adversary.xhtml?adversary=2"},
                {"id":3,"name":"Invoice","type":"Email","ownerName":"Example Org",
                "dateAdded":"2026-02-03T04:05:06Z","lastModified":"2026-02-03T04:05:06Z",
                "webLink":"BASE/auth/email/email.xhtml?email=3"},{"id":4,"name":"Yara 1","type":"Signature",
                "ownerName":"Example Org","dateAdded":"2026-02-03T04:05:06Z","lastModified":"2026-02-03T04:05:06Z",
                "webLink":"BASE/auth/signature/signature.xhtml?signature=4"},{"id":5,"name":"Spring",
                "type":"Campaign","ownerName":"Example Org","dateAdded":"2026-02-03T04:05:06Z",
                "lastModified":"2026-02-03T04:05:06Z","webLink":"BASE/auth/campaign/campaign.xhtml?campaign=5"}]}}""",
                "/api/v2/groups");
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":0,"group":[]}}""",
                "/api/v2/groups?owner=Example%20Community");
    }

    @Test
    void singleIndicatorsAreFoundByTheirValueInEveryEncoding() throws Exception {
        assertAnswer(200, """
                {"status":"Success","data":{"host":{"id":1,"owner":{"id":1,"name":"Example Org",
                "type":"Organization"},"dateAdded":"2026-02-03T04:05:06Z","lastModified":"2026-02-03T04:05:06Z",
                "rating":3.0,"confidence":60,
                "webLink":"BASE/auth/indicators/details/host.xhtml?host=bad.example.com&owner=Example+Org",
                "hostName":"bad.example.com","dnsActive":"true","whoisActive":"false","description":"C2 host",
                "attribute":[{"id":1,"type":"Description","dateAdded":"2026-02-03T04:05:06Z",
                "lastModified":"2026-02-03T04:05:06Z","displayed":true,"value":"C2 host"},{"id":2,"type":"Source",
                "dateAdded":"2026-02-03T04:05:06Z","lastModified":"2026-02-03T04:05:06Z","displayed":true,
                "value":"Feed X"},{"id":3,"type":"Additional Analysis and Context",
                "dateAdded":"2026-02-03T04:05:06Z","lastModified":"2026-02-03T04:05:06Z","displayed":false,
                "value":"seen twice"}],"tag":[{"name":"C2",
                "webLink":"BASE/auth/tags/tag.xhtml?tag=C2&owner=Example+Org"},{"name":"Nation State",
                "webLink":"BASE/auth/tags/tag.xhtml?tag=Nation+State&owner=Example+Org"}],
                "securityLabel":[{"name":"TLP:AMBER","description":"Limited disclosure","color":"FFC000",
                "dateAdded":"2026-02-03T04:05:06Z"}]}}}""",
                "/api/v2/indicators/hosts/bad.example.com");
        String v6 = """
                {"status":"Success","data":{"address":{"id":2,"owner":{"id":1,"name":"Example Org",
                "type":"Organization"},"dateAdded":"2026-02-03T04:05:06Z","lastModified":"2026-02-03T04:05:06Z",
                "webLink":"BASE/auth/indicators/details/address.xhtml?address=2001%3Adb8%3A%3A1&owner=Example+Org",
                "ip":"2001:db8::1","attribute":[],"tag":[],"securityLabel":[]}}}""";
        for (String v : List.of("2001:db8::1", "2001:0DB8:0:0:0:0:0:0001", "2001%3Adb8%3A%3A1")) {
            assertAnswer(200, v6, "/api/v2/indicators/addresses/" + v);
        }
        assertAnswer(200, """
                {"status":"Success","data":{"url":{"id":4,"owner":{"id":1,"name":"Example Org",
                "type":"Organization"},"dateAdded":"2026-02-03T04:05:06Z","lastModified":"2026-02-03T04:05:06Z",
                "webLink":"BASE/auth/indicators/details/url.xhtml?orgid=4&owner=Example+Org",
                "text":"http://bad.example.com/login.php?a=1&b=2","attribute":[],"tag":[],"securityLabel":[]}}}""",
                "/api/v2/indicators/urls/http%3A%2F%2Fbad.example.com%2Flogin.php%3Fa%3D1%26b%3D2");
        assertAnswer(200, """
                {"status":"Success","data":{"cidrBlock":{"id":5,"owner":{"id":1,"name":"Example Org",
                "type":"Organization"},"type":"CIDR","dateAdded":"2026-02-03T04:05:06Z",
                "lastModified":"2026-02-03T04:05:06Z",
                "webLink":"BASE/auth/indicators/details/customIndicator.xhtml?id=5&owner=Example+Org",
                "Block":"10.0.0.0/8","attribute":[],"tag":[],"securityLabel":[]}}}""",
                "/api/v2/indicators/cidrBlocks/10.0.0.0%2F8");
        String file = """
                {"status":"Success","data":{"file":{"id":6,"owner":{"id":1,"name":"Example Org",
                "type":"Organization"},"dateAdded":"2026-02-03T04:05:06Z","lastModified":"2026-02-03T04:05:06Z",
                "rating":4.0,"webLink":"BASE/auth/indicators/details/file.xhtml?file=MD5&owner=Example+Org",
                "md5":"MD5","sha1":"SHA1","sha256":"SHA256","size":0,"attribute":[],"tag":[],"securityLabel":[]}}}"""
                .replace("SHA256", SHA256).replace("SHA1", SHA1).replace("MD5", MD5);
        for (String hash : List.of(MD5, SHA1, SHA256, SHA256.toUpperCase(Locale.ROOT))) {
            assertAnswer(200, file, "/api/v2/indicators/files/" + hash);
        }
        assertAnswer(200, """
                {"status":"Success","data":{"mutex":{"id":7,"owner":{"id":1,"name":"Example Org",
                "type":"Organization"},"type":"Mutex","dateAdded":"2026-02-03T04:05:06Z",
                "lastModified":"2026-02-03T04:05:06Z",
                "webLink":"BASE/auth/indicators/details/customIndicator.xhtml?id=7&owner=Example+Org",
                "Mutex":"Global\\\\Bad","attribute":[],"tag":[],"securityLabel":[]}}}""",
                "/api/v2/indicators/mutexes/Global%5CBad");
        assertAnswer(200, """
                {"status":"Success","data":{"registryKey":{"id":12,"owner":{"id":1,"name":"Example Org",
                "type":"Organization"},"type":"Registry Key","dateAdded":"2026-02-03T04:05:06Z",
                "lastModified":"2026-02-03T04:05:06Z",
                "webLink":"BASE/auth/indicators/details/customIndicator.xhtml?id=12&owner=Example+Org",
                "Key Name":"HKEY_LOCAL_MACHINE\\\\Software\\\\Bad","Value Name":"Run","Value Type":"REG_SZ",
                "attribute":[],"tag":[],"securityLabel":[]}}}""",
                "/api/v2/indicators/registryKeys/HKEY_LOCAL_MACHINE%5CSoftware%5CBad%20%3A%20Run%20%3A%20REG_SZ");
        assertAnswer(200, """
                {"status":"Success","data":{"userAgent":{"id":13,"owner":{"id":1,"name":"Example Org",
                "type":"Organization"},"type":"User Agent","dateAdded":"2026-02-03T04:05:06Z",
                "lastModified":"2026-02-03T04:05:06Z",
                "webLink":"BASE/auth/indicators/details/customIndicator.xhtml?id=13&owner=Example+Org",
                "User Agent String":"Bad/1.0 (X11)","attribute":[],"tag":[],"securityLabel":[]}}}""",
                "/api/v2/indicators/userAgents/Bad%2F1.0%20(X11)");
        // The same host in the Community: its own id, rating, attributes and tags (V1, E3).
        assertAnswer(200, """
                {"status":"Success","data":{"host":{"id":8,"owner":{"id":2,"name":"Example Community",
                "type":"Community"},"dateAdded":"2026-02-03T04:05:06Z","lastModified":"2026-02-03T04:05:06Z",
                "rating":1.0,"confidence":20,
                "webLink":"BASE/auth/indicators/details/host.xhtml?host=bad.example.com&owner=Example+Community",
                "hostName":"bad.example.com","dnsActive":"false","whoisActive":"false",
                "description":"Seen by the community","attribute":[{"id":5,"type":"Description",
                "dateAdded":"2026-02-03T04:05:06Z","lastModified":"2026-02-03T04:05:06Z","displayed":true,
                "value":"Seen by the community"}],"tag":[{"name":"shared",
                "webLink":"BASE/auth/tags/tag.xhtml?tag=shared&owner=Example+Community"}],"securityLabel":[]}}}""",
                "/api/v2/indicators/hosts/bad.example.com?owner=Example+Community");
    }

    @Test
    void associationsOfEveryFormAreReadFromBothEnds() throws Exception {
        // association[] with associationType (I-I), and associatedGroups {groupXid} plus
        // association[] by ref (I-G).
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":1,"indicator":[{"id":4,"ownerName":"Example Org",
                "type":"URL","dateAdded":"2026-02-03T04:05:06Z","lastModified":"2026-02-03T04:05:06Z",
                "webLink":"BASE/auth/indicators/details/url.xhtml?orgid=4&owner=Example+Org",
                "summary":"http://bad.example.com/login.php?a=1&b=2"}]}}""",
                "/api/v2/indicators/hosts/bad.example.com/indicators");
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":2,"group":[{"id":1,"name":"Op Bad","type":"Incident",
                "ownerName":"Example Org","dateAdded":"2026-02-03T04:05:06Z","lastModified":"2026-02-03T04:05:06Z",
                "webLink":"BASE/auth/incident/incident.xhtml?incident=1"},{"id":3,"name":"Invoice","type":"Email",
                "ownerName":"Example Org","dateAdded":"2026-02-03T04:05:06Z","lastModified":"2026-02-03T04:05:06Z",
                "webLink":"BASE/auth/email/email.xhtml?email=3"}]}}""",
                "/api/v2/indicators/hosts/bad.example.com/groups");
        // associatedGroups as plain xid strings (2019 docs).
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":1,"group":[{"id":2,"name":"APT Sandbox",
                "type":"Adversary","ownerName":"Example Org","dateAdded":"2026-02-03T04:05:06Z",
                "lastModified":"2026-02-03T04:05:06Z",
                "webLink":"BASE/auth/adversary/adversary.xhtml?adversary=2"}]}}""",
                "/api/v2/indicators/addresses/192.0.2.7/groups");
        // V1 associatedGroup by numeric group id, and a group's associatedIndicators.
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":2,"group":[{"id":2,"name":"APT Sandbox",
                "type":"Adversary","ownerName":"Example Org","dateAdded":"2026-02-03T04:05:06Z",
                "lastModified":"2026-02-03T04:05:06Z","webLink":"BASE/auth/adversary/adversary.xhtml?adversary=2"},
                {"id":4,"name":"Yara 1","type":"Signature","ownerName":"Example Org",
                "dateAdded":"2026-02-03T04:05:06Z","lastModified":"2026-02-03T04:05:06Z",
                "webLink":"BASE/auth/signature/signature.xhtml?signature=4"}]}}""",
                "/api/v2/indicators/asns/asn64500/groups");
        // associatedGroupXid (G-G), association[] by ref between two groups, associatedIndicators.
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":2,"group":[{"id":2,"name":"APT Sandbox",
                "type":"Adversary","ownerName":"Example Org","dateAdded":"2026-02-03T04:05:06Z",
                "lastModified":"2026-02-03T04:05:06Z","webLink":"BASE/auth/adversary/adversary.xhtml?adversary=2"},
                {"id":5,"name":"Spring","type":"Campaign","ownerName":"Example Org",
                "dateAdded":"2026-02-03T04:05:06Z","lastModified":"2026-02-03T04:05:06Z",
                "webLink":"BASE/auth/campaign/campaign.xhtml?campaign=5"}]}}""",
                "/api/v2/groups/incidents/1/groups");
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":1,"group":[{"id":1,"name":"Op Bad","type":"Incident",
                "ownerName":"Example Org","dateAdded":"2026-02-03T04:05:06Z","lastModified":"2026-02-03T04:05:06Z",
                "webLink":"BASE/auth/incident/incident.xhtml?incident=1"}]}}""",
                "/api/v2/groups/campaigns/5/groups");
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":2,"indicator":[{"id":1,"ownerName":"Example Org",
                "type":"Host","dateAdded":"2026-02-03T04:05:06Z","lastModified":"2026-02-03T04:05:06Z","rating":3.0,
                "confidence":60,
                "webLink":"BASE/auth/indicators/details/host.xhtml?host=bad.example.com&owner=Example+Org",
                "summary":"bad.example.com"},{"id":5,"ownerName":"Example Org","type":"CIDR",
                "dateAdded":"2026-02-03T04:05:06Z","lastModified":"2026-02-03T04:05:06Z",
                "webLink":"BASE/auth/indicators/details/customIndicator.xhtml?id=5&owner=Example+Org",
                "summary":"10.0.0.0/8"}]}}""",
                "/api/v2/groups/incidents/1/indicators");
        // association[] by id_1 (the File's numeric id) to a group by ref.
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":2,"indicator":[{"id":6,"ownerName":"Example Org",
                "type":"File","dateAdded":"2026-02-03T04:05:06Z","lastModified":"2026-02-03T04:05:06Z","rating":4.0,
                "webLink":"BASE/auth/indicators/details/file.xhtml?file=MD5&owner=Example+Org",
                "summary":"MD5 : SHA1 : SHA256"},{"id":10,"ownerName":"Example Org","type":"ASN",
                "dateAdded":"2026-02-03T04:05:06Z","lastModified":"2026-02-03T04:05:06Z",
                "webLink":"BASE/auth/indicators/details/customIndicator.xhtml?id=10&owner=Example+Org",
                "summary":"ASN64500"}]}}""".replace("SHA256", SHA256).replace("SHA1", SHA1).replace("MD5", MD5),
                "/api/v2/groups/signatures/4/indicators");
    }

    @Test
    void subResourcesHoldTheLabelsTagsAndOccurrencesAsUploaded() throws Exception {
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":1,"securityLabel":[{"name":"TLP:AMBER",
                "description":"Limited disclosure","color":"FFC000","dateAdded":"2026-02-03T04:05:06Z"}]}}""",
                "/api/v2/indicators/hosts/bad.example.com/securityLabels");
        assertAnswer(200, """
                {"status":"Success","data":{"resultCount":1,"tag":[{"name":"phishing",
                "webLink":"BASE/auth/tags/tag.xhtml?tag=phishing&owner=Example+Org"}]}}""",
                "/api/v2/indicators/emailAddresses/phish@example.com/tags");
        // Both uploads' occurrences (an array with a date, then a single object without one).
        String occurrences = """
                {"status":"Success","data":{"resultCount":2,"fileOccurrence":[{"id":1,"fileName":"empty.bin",
                "path":"C:\\\\tmp\\\\","date":"2024-01-02T03:04:05Z"},{"id":2,"fileName":"again.bin",
                "path":"D:\\\\x"}]}}""";
        assertAnswer(200, occurrences, "/api/v2/indicators/files/" + MD5 + "/fileOccurrences");
        assertAnswer(200, occurrences, "/api/v2/indicators/files/" + SHA1 + "/fileOccurrences");
    }

    @Test
    void groupsByIdCarryTheirTypeFieldsFromTheUploadedJson() throws Exception {
        assertAnswer(200, """
                {"status":"Success","data":{"incident":{"id":1,"name":"Op Bad","owner":{"id":1,"name":"Example Org",
                "type":"Organization"},"dateAdded":"2026-02-03T04:05:06Z","lastModified":"2026-02-03T04:05:06Z",
                "webLink":"BASE/auth/incident/incident.xhtml?incident=1","xid":"inc-1",
                "eventDate":"2026-01-02T00:00:00Z","status":"Open","description":"The incident",
                "attribute":[{"id":4,"type":"Description","dateAdded":"2026-02-03T04:05:06Z",
                "lastModified":"2026-02-03T04:05:06Z","displayed":true,"value":"The incident"}],
                "tag":[{"name":"Ops","webLink":"BASE/auth/tags/tag.xhtml?tag=Ops&owner=Example+Org"}],
                "securityLabel":[]}}}""",
                "/api/v2/groups/incidents/1");
        assertAnswer(200, """
                {"status":"Success","data":{"email":{"id":3,"name":"Invoice","owner":{"id":1,"name":"Example Org",
                "type":"Organization"},"dateAdded":"2026-02-03T04:05:06Z","lastModified":"2026-02-03T04:05:06Z",
                "webLink":"BASE/auth/email/email.xhtml?email=3","xid":"mail-1","subject":"Your invoice",
                "from":"a@example.com","score":0,"header":"From: a@example.com","body":"Pay now","attribute":[],
                "tag":[],"securityLabel":[]}}}""",
                "/api/v2/groups/emails/3");
        assertAnswer(200, """
                {"status":"Success","data":{"signature":{"id":4,"name":"Yara 1","owner":{"id":1,
                "name":"Example Org","type":"Organization"},"dateAdded":"2026-02-03T04:05:06Z",
                "lastModified":"2026-02-03T04:05:06Z","webLink":"BASE/auth/signature/signature.xhtml?signature=4",
                "xid":"sig-1","fileName":"bad.yar","fileType":"YARA","fileText":"rule bad { condition: true }",
                "attribute":[],"tag":[],"securityLabel":[]}}}""",
                "/api/v2/groups/signatures/4");
    }

    @Test
    void aSecondUploadIsReadBackWithItsNewValuesAndLastModified(@TempDir Path other) throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-05-01T08:00:00Z"));
        try (Sandbox s = Sandbox.start(SandboxConfig.defaults(other, ID, SECRET).withClock(clock))) {
            SignedClient c = new SignedClient(s, ID, SECRET, clock);
            String config = "{\"version\":\"V2\",\"owner\":\"Example Org\",\"action\":\"Create\",\"haltOnError\":false,"
                    + "\"attributeWriteType\":\"Replace\",\"tagWriteType\":\"Replace\"}";
            c.run(config, """
                    {"indicator":[{"type":"Host","summary":"upd.example.com","rating":1,"tag":[{"name":"old"}],
                                   "attribute":[{"type":"Source","value":"first"}]}],
                     "group":[{"type":"Incident","name":"Op","xid":"g-1","status":"Open","eventDate":"2026-04-01T00:00:00Z"}]}
                    """);
            clock.set(clock.instant().plusSeconds(3600));
            c.run(config, """
                    {"indicator":[{"type":"Host","summary":"UPD.example.com","rating":5,"tag":[{"name":"new"}],
                                   "attribute":[{"type":"Source","value":"second"}]}],
                     "group":[{"type":"Incident","name":"Op renamed","xid":"g-1","status":"Closed"}]}
                    """);
            String link = "http://127.0.0.1:" + s.port();
            HttpResponse<byte[]> host = c.get("/api/v2/indicators/hosts/upd.example.com");
            assertEquals(SignedClient.JSON.readTree("""
                    {"status":"Success","data":{"host":{"id":1,"owner":{"id":1,"name":"Example Org","type":"Organization"},
                      "dateAdded":"2026-05-01T08:00:00Z","lastModified":"2026-05-01T09:00:00Z","rating":5.0,
                      "webLink":"BASE/auth/indicators/details/host.xhtml?host=upd.example.com&owner=Example+Org",
                      "hostName":"upd.example.com","dnsActive":"false","whoisActive":"false",
                      "attribute":[{"id":2,"type":"Source","dateAdded":"2026-05-01T09:00:00Z",
                        "lastModified":"2026-05-01T09:00:00Z","displayed":false,"value":"second"}],
                      "tag":[{"name":"new","webLink":"BASE/auth/tags/tag.xhtml?tag=new&owner=Example+Org"}],
                      "securityLabel":[]}}}""".replace("BASE", link)), SignedClient.json(host));
            // The group JSON is overwritten whole (API doc §3.5): the first upload's eventDate is gone.
            HttpResponse<byte[]> group = c.get("/api/v2/groups/incidents/1");
            assertEquals(SignedClient.JSON.readTree("""
                    {"status":"Success","data":{"incident":{"id":1,"name":"Op renamed",
                      "owner":{"id":1,"name":"Example Org","type":"Organization"},
                      "dateAdded":"2026-05-01T08:00:00Z","lastModified":"2026-05-01T09:00:00Z",
                      "webLink":"BASE/auth/incident/incident.xhtml?incident=1","xid":"g-1","status":"Closed",
                      "attribute":[],"tag":[],"securityLabel":[]}}}""".replace("BASE", link)), SignedClient.json(group));
        }
    }

    @Test
    void aReadFaultMeetsHeadRequestsOfTheReadApiAsWellAsGets(@TempDir Path other) throws Exception {
        TestClock clock = new TestClock(Instant.parse("2026-05-01T08:00:00Z"));
        try (Sandbox s = Sandbox.start(SandboxConfig.defaults(other, ID, SECRET).withClock(clock)
                .withFaults(List.of("error count=2 status=503 on=read")))) {
            SignedClient c = new SignedClient(s, ID, SECRET, clock);
            HttpResponse<byte[]> head = c.send(c.signed("HEAD", "/api/v2/owners")
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(503, head.statusCode());
            HttpResponse<byte[]> get = c.get("/api/v2/indicators/hosts/nothing.example.com");
            assertEquals(503, get.statusCode());
            assertEquals("{\"status\":\"Failure\",\"message\":\"Service Temporarily Unavailable\"}",
                    new String(get.body(), StandardCharsets.UTF_8));
            HttpResponse<byte[]> after = c.send(c.signed("HEAD", "/api/v2/owners")
                    .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
            assertEquals(200, after.statusCode(), "both uses taken");
        }
    }
}
