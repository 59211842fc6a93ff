package io.tcbatch.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

import io.tcbatch.SharedData;
import io.tcbatch.TestClock;
import io.tcbatch.sandbox.SandboxStore.Association;
import io.tcbatch.sandbox.SandboxStore.Attribute;
import io.tcbatch.sandbox.SandboxStore.Occurrence;
import io.tcbatch.sandbox.SandboxStore.SecurityLabel;
import io.tcbatch.sandbox.SandboxStore.StoredIndicator;

/** What a job leaves in the store, exactly: fields, aliases, write types, deletes, associations. */
class SandboxStoreTest {

    private static final String ID = "store-test-id";
    private static final String SECRET = "store-test-secret";
    private static final String ORG = "Example Org";
    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
    private static final OffsetDateTime NOW = OffsetDateTime.parse("2026-03-01T10:00:00Z");

    @TempDir
    Path dir;

    private final TestClock clock = new TestClock(T0);
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

    private SandboxStore store() {
        return sandbox.store();
    }

    /** A V2 Create job with these write types. */
    private static String create(String attributeWriteType, String tagWriteType, String labelWriteType) {
        return "{\"version\":\"V2\",\"owner\":\"" + ORG + "\",\"haltOnError\":false,\"action\":\"Create\","
                + "\"attributeWriteType\":\"" + attributeWriteType + "\",\"tagWriteType\":\"" + tagWriteType
                + "\",\"securityLabelWriteType\":\"" + labelWriteType + "\"}";
    }

    private static String create(String attributeWriteType) {
        return create(attributeWriteType, "Replace", "Replace");
    }

    private static final String DELETE = "{\"version\":\"V2\",\"owner\":\"" + ORG
            + "\",\"haltOnError\":false,\"action\":\"Delete\",\"attributeWriteType\":\"Replace\"}";

    private StoredIndicator host(String name) {
        return store().findIndicator(ORG, "Host", name).orElseThrow();
    }

    // --- the example: four attribute write types, four exact results -------------------

    @Test
    void appliesEachAttributeWriteTypeToAHostWithSourceFeedA() throws Exception {
        String seed = "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"%s\",\"description\":\"kept?\","
                + "\"attribute\":[{\"type\":\"Source\",\"value\":\"feed A\"}]}]}";
        String feedB = "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"%s\","
                + "\"attribute\":[{\"type\":\"Source\",\"value\":\"feed B\",\"displayed\":true}]}]}";
        for (String wt : List.of("Append", "Replace", "Singleton", "Static")) {
            String host = wt.toLowerCase() + ".example.com";
            client.run(create("Replace"), seed.formatted(host));
            assertEquals(List.of(new Attribute("Description", "kept?", true, false, null), new Attribute("Source", "feed A")),
                    host(host).attributes());
            JsonNode status = client.run(create(wt), feedB.formatted(host));
            assertEquals(1, status.path("successCount").asInt(), wt);
        }
        Attribute feedBShown = new Attribute("Source", "feed B", true, false, null);
        assertEquals(List.of(new Attribute("Description", "kept?", true, false, null), new Attribute("Source", "feed A"), feedBShown),
                host("append.example.com").attributes(), "Append adds, keeps all");
        assertEquals(List.of(feedBShown), host("replace.example.com").attributes(), "Replace drops all, adds");
        assertEquals(List.of(new Attribute("Description", "kept?", true, false, null), feedBShown), host("singleton.example.com").attributes(),
                "Singleton replaces only the types sent");
        assertEquals(List.of(new Attribute("Description", "kept?", true, false, null), new Attribute("Source", "feed A")),
                host("static.example.com").attributes(), "Static ignores the incoming attributes");
    }

    @Test
    void aV1JobSavesIndicatorsOnlyAndFailsItsGroupsAndAssociations() throws Exception {
        String v1 = "{\"version\":\"V1\",\"owner\":\"" + ORG + "\",\"haltOnError\":false,\"action\":\"Create\","
                + "\"attributeWriteType\":\"Replace\"}";
        JsonNode status = client.run(v1, "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"v1.example.com\"}],"
                + "\"group\":[{\"type\":\"Incident\",\"name\":\"I\",\"xid\":\"v1-incident\"}],"
                + "\"association\":[{\"ref_1\":\"v1.example.com\",\"type_1\":\"Host\",\"ref_2\":\"v1-incident\"}]}");
        assertEquals(1, status.path("successCount").asInt());
        assertEquals(2, status.path("errorCount").asInt());
        assertEquals(0, store().countGroups(ORG));
        assertEquals(0, store().countAssociations(ORG));
        JsonNode errors = client.errors(status.path("id").asLong());
        assertEquals("Error (0x1006): A V1 batch job takes indicators only: the group at $.group[0] was not saved;"
                + " send it in a V2 job", errors.get(0).path("errorReason").asText());
        assertEquals("Error (0x1009): A V1 batch job takes indicators only: the association at $.association[0]"
                + " was not saved; send it in a V2 job", errors.get(1).path("errorReason").asText());
    }

    @Test
    void staticWritesTheAttributesOfAnIndicatorThatDidNotExist() throws Exception {
        client.run(create("Static"), "[{\"type\":\"Host\",\"summary\":\"new.example.com\",\"source\":\"feed B\"}]");
        assertEquals(List.of(new Attribute("Source", "feed B", true, false, null)), host("new.example.com").attributes());
    }

    @Test
    void storesAttributeDetails() throws Exception {
        client.run(create("Replace"), "[{\"type\":\"Host\",\"summary\":\"a.example.com\",\"attribute\":["
                + "{\"type\":\"Description\",\"value\":\"shown\",\"displayed\":\"true\",\"pinned\":true,\"source\":\"analyst\"},"
                + "{\"type\":\"Source\",\"value\":42},{\"type\":\"Source\"},{\"value\":\"no type\"}]}]");
        assertEquals(List.of(new Attribute("Description", "shown", true, true, "analyst"), new Attribute("Source", "42")),
                host("a.example.com").attributes(), "incomplete attributes are dropped, the item is saved");
    }

    // --- tags and security labels --------------------------------------------------------------

    @Test
    void appendsOrReplacesTags() throws Exception {
        client.run(create("Replace"), "[{\"type\":\"Host\",\"summary\":\"t.example.com\",\"tag\":[{\"name\":\"b\"},{\"name\":\"a\"}]}]");
        client.run(create("Replace", "Append", "Replace"), "[{\"type\":\"Host\",\"summary\":\"t.example.com\","
                + "\"tag\":[{\"name\":\"c\"},\"a\"]}]");
        assertEquals(List.of("a", "b", "c"), host("t.example.com").tags());
        client.run(create("Replace", "Replace", "Replace"), "[{\"type\":\"Host\",\"summary\":\"t.example.com\","
                + "\"rating\":2}]");
        assertEquals(List.of("a", "b", "c"), host("t.example.com").tags(), "no tag key: tags untouched");
        client.run(create("Replace", "Replace", "Replace"), "[{\"type\":\"Host\",\"summary\":\"t.example.com\","
                + "\"tag\":[{\"name\":\"d\"},{\"name\":\"d\"}]}]");
        assertEquals(List.of("d"), host("t.example.com").tags());
        client.run(create("Replace"), "[{\"type\":\"Host\",\"summary\":\"t.example.com\",\"tag\":[]}]");
        assertEquals(List.of(), host("t.example.com").tags(), "an empty list with Replace removes all");
    }

    @Test
    void createsSecurityLabelsOnFirstUseAndAppendsOrReplacesThem() throws Exception {
        client.run(create("Replace"), "[{\"type\":\"Host\",\"summary\":\"l.example.com\",\"securityLabel\":["
                + "{\"name\":\"TLP:AMBER\",\"color\":\"#ffc000\",\"description\":\"limited\"},{\"name\":\"Internal\"}]}]");
        assertEquals(List.of(new SecurityLabel("Internal", null, null), new SecurityLabel("TLP:AMBER", "FFC000", "limited")),
                host("l.example.com").securityLabels());
        client.run(create("Replace", "Replace", "Append"), "[{\"type\":\"Host\",\"summary\":\"l.example.com\","
                + "\"securityLabel\":[{\"name\":\"TLP:AMBER\",\"color\":\"FF0000\",\"description\":\"changed\"},"
                + "{\"name\":\"TLP:RED\",\"color\":\"FF0000\"}]}]");
        assertEquals(List.of(new SecurityLabel("Internal", null, null), new SecurityLabel("TLP:AMBER", "FFC000", "limited"),
                new SecurityLabel("TLP:RED", "FF0000", null)), host("l.example.com").securityLabels(),
                "Append adds; an existing label keeps its own color and description");
        client.run(create("Replace"), "[{\"type\":\"Host\",\"summary\":\"l.example.com\",\"securityLabel\":[\"TLP:RED\"]}]");
        assertEquals(List.of(new SecurityLabel("TLP:RED", "FF0000", null)), host("l.example.com").securityLabels());
        assertEquals(3, store().securityLabels(ORG).size(), "labels stay defined in the owner");
    }

    // --- every indicator field, with the aliases of the SDKs ------------------------------------

    @Test
    void storesEveryIndicatorFieldInItsDocumentedForm() throws Exception {
        client.run(create("Replace"), """
                {"indicator":[{"type":"File","summary":"D41D8CD98F00B204E9800998ECF8427E","rating":2.5,"confidence":50,
                  "active":false,"activeLocked":true,"privateFlag":false,"size":0,
                  "firstSeen":"2024-08-04T00:00:00Z","lastSeen":"2017-03-03T18:00:00-06:00",
                  "externalDateAdded":"2024-01-01T00:00:00Z","externalDateExpires":"2025-01-01T00:00:00+01:00",
                  "externalLastModified":"2024-02-02T02:02:02.5Z","xid":"file-1",
                  "fileOccurrence":{"fileName":"empty.bin","path":"C:\\\\tmp\\\\","date":"2024-01-02T03:04:05Z"}}]}
                """);
        StoredIndicator f = store().findFile(ORG, "d41d8cd98f00b204e9800998ecf8427e").orElseThrow();
        assertEquals(new StoredIndicator(f.id(), ORG, "File", "d41d8cd98f00b204e9800998ecf8427e",
                "d41d8cd98f00b204e9800998ecf8427e", null, null, 2.5, 50, false, true, false, null, null, 0L,
                odt("2024-08-04T00:00:00Z"), odt("2017-03-04T00:00:00Z"), odt("2024-01-01T00:00:00Z"),
                odt("2024-12-31T23:00:00Z"), odt("2024-02-02T02:02:02.5Z"), "file-1", NOW, NOW, List.of(), List.of(),
                List.of(), List.of(new Occurrence("empty.bin", "C:\\tmp\\", odt("2024-01-02T03:04:05Z")))), f);
    }

    @Test
    void acceptsTheAliasesTcexAndTheJavaSdkSend() throws Exception {
        client.run(create("Replace"), """
                {"indicator":[
                  {"type":"Host","summary":"flags.example.com","flag1":"true","flag2":false,"rating":"4","confidence":"60.0",
                   "externalDateCreated":"2024-05-01T00:00:00Z","externalDateLastModified":"2024-05-02T00:00:00Z"},
                  {"type":"Host","summary":"named.example.com","dnsActive":false,"whoisActive":"TRUE","rating":3.0,"confidence":60.0},
                  {"type":"File","summary":"da39a3ee5e6b4b0d3255bfef95601890afd80709","intValue1":"1024",
                   "fileOccurrence":[{"fileName":"a.exe"},{"path":"/opt/drop","date":"2024-01-01T00:00:00Z"}]},
                  {"type":"File","summary":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855","intValue1":7,
                   "fileAction":{"fileOccurrence":[{"fileName":"b.dll","date":"2024-01-01T01:00:00+01:00"}]}}]}
                """);
        StoredIndicator flags = host("flags.example.com");
        assertEquals(List.of(true, false, 4.0, 60), List.of(flags.dnsActive(), flags.whoisActive(), flags.rating(),
                flags.confidence()));
        assertEquals(odt("2024-05-01T00:00:00Z"), flags.externalDateAdded());
        assertEquals(odt("2024-05-02T00:00:00Z"), flags.externalLastModified());
        StoredIndicator named = host("named.example.com");
        assertEquals(List.of(false, true, 3.0, 60), List.of(named.dnsActive(), named.whoisActive(), named.rating(),
                named.confidence()));
        StoredIndicator sha1 = store().findFile(ORG, "da39a3ee5e6b4b0d3255bfef95601890afd80709").orElseThrow();
        assertEquals(1024L, sha1.size());
        assertEquals(List.of(new Occurrence("a.exe", null, null), new Occurrence(null, "/opt/drop", odt("2024-01-01T00:00:00Z"))),
                sha1.occurrences());
        StoredIndicator sha256 = store().findFile(ORG, "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")
                .orElseThrow();
        assertEquals(7L, sha256.size());
        assertEquals(List.of(new Occurrence("b.dll", null, odt("2024-01-01T00:00:00Z"))), sha256.occurrences());
    }

    @Test
    void importsTheJavaSdkSampleWithStringBooleansAndNumbers() throws Exception {
        String sample = Files.readString(SharedData.file("threatconnect/java/batch_sample5.json"));
        JsonNode status = client.run(create("Replace"), sample);
        assertEquals(1, status.path("successCount").asInt());
        StoredIndicator a = store().findIndicator(ORG, "Address", "17.1.1.6").orElseThrow();
        assertEquals(new StoredIndicator(a.id(), ORG, "Address", "17.1.1.6", null, null, null, 4.0, 40, true, true, true,
                null, null, null, null, null, null, null, null, "eccdc5f4-1997-4d2f-9189-68a874433741", NOW, NOW,
                List.of(), List.of(), List.of(), List.of()), a);
    }

    @Test
    void importsTheTcexBatchFileWithItsDateAliasesAndEmptyHashPlaces() throws Exception {
        sandbox.close();
        sandbox = Sandbox.start(SandboxConfig.defaults(dir, ID, SECRET).withClock(clock));
        client = new SignedClient(sandbox, ID, SECRET, clock);
        long id = client.createJob(create("Replace"));
        client.upload(id, Files.readAllBytes(SharedData.file("threatconnect/tcex/batch_data.json")));
        JsonNode status = client.awaitCompleted(id);
        // Every item links to a my-xid-… group that the file does not hold: each is saved, and
        // counted failed for its link (JobProcessor's rule), 13 indicators and 6 groups.
        assertEquals(List.of(0, 19, 0), List.of(status.path("successCount").asInt(), status.path("errorCount").asInt(),
                status.path("unprocessCount").asInt()));
        long links = 0;
        for (JsonNode e : client.errors(id)) {
            String reason = e.path("errorReason").asText();
            if (reason.startsWith("Error (0x1009): ")) {
                links++;
            } else {
                assertTrue(reason.startsWith("Error (0x2"), "only 0x1009 failures and hash-merge notes: " + reason);
            }
        }
        assertEquals(19, links);
        assertEquals(5, store().countGroups(ORG), "doc-01-xid twice is one group");
        assertTrue(store().findGroup(ORG, "doc-01-xid").orElseThrow().body().contains("my-xid-001-dup"), "the later one wins");
        StoredIndicator f = store().findFile(ORG, "098f6bcd4621d373cade4e832627b4f6").orElseThrow();
        assertEquals(List.of(3.0, 75, "a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"), List.of(f.rating(), f.confidence(), f.sha1()));
        assertEquals(odt("2026-01-06T13:00:00Z"), f.externalDateAdded());
        assertEquals(odt("2026-01-15T01:07:33Z"), f.externalLastModified(), "externalDateLastModified, tcex's name");
        StoredIndicator md5Only = store().findFile(ORG, "e10adc3949ba59abbe56e057f20f883e").orElseThrow();
        assertEquals(List.of(new Occurrence("drop1.exe", null, odt("2017-03-04T00:00:00Z"))), md5Only.occurrences());
    }

    @Test
    void keepsStoredFieldsThatAnUpdateDoesNotSendAndMovesLastModified() throws Exception {
        client.run(create("Replace"), "[{\"type\":\"Host\",\"summary\":\"u.example.com\",\"rating\":1,\"confidence\":10,"
                + "\"active\":false,\"firstSeen\":\"2024-01-01T00:00:00Z\",\"xid\":\"x-1\"}]");
        clock.set(T0.plusSeconds(60));
        client.run(create("Replace"), "[{\"type\":\"Host\",\"summary\":\"u.example.com\",\"rating\":5,\"privateFlag\":true}]");
        StoredIndicator u = host("u.example.com");
        assertEquals(List.of(5.0, 10, false, true, "x-1"), List.of(u.rating(), u.confidence(), u.active(), u.privateFlag(),
                u.xid()));
        assertEquals(odt("2024-01-01T00:00:00Z"), u.firstSeen());
        assertEquals(NOW, u.dateAdded());
        assertEquals(NOW.plusSeconds(60), u.lastModified());
    }

    @Test
    void refusesAnUnreadableDateOrBooleanAsAJsonSyntaxErrorOfThatItem() throws Exception {
        long id = client.createJob(create("Replace"));
        client.upload(id, ("{\"indicator\":[{\"type\":\"Host\",\"summary\":\"d.example.com\",\"firstSeen\":\"yesterday\"},"
                + "{\"type\":\"Host\",\"summary\":\"b.example.com\",\"active\":\"maybe\"},"
                + "{\"type\":\"Host\",\"summary\":\"ok.example.com\"}]}").getBytes());
        JsonNode status = client.awaitCompleted(id);
        assertEquals(1, status.path("successCount").asInt());
        assertEquals(2, status.path("errorCount").asInt());
        JsonNode errors = client.errors(id);
        assertEquals("Error (0x1003): firstSeen 'yesterday' is not an ISO-8601 date-time at $.indicator[0]",
                errors.get(0).path("errorReason").asText());
        assertEquals("d.example.com", errors.get(0).path("errorSource").asText());
        assertEquals("Error (0x1003): active must be true or false, not \"maybe\" at $.indicator[1]",
                errors.get(1).path("errorReason").asText());
        assertEquals(1, store().countIndicators(ORG));
    }

    // --- duplicates, delete -------------------------------------------------------------------

    @Test
    void appliesDuplicatesOfOneFileInOrder() throws Exception {
        client.run(create("Append", "Append", "Replace"), "[{\"type\":\"Host\",\"summary\":\"dup.example.com\",\"rating\":1,"
                + "\"tag\":[\"a\"],\"source\":\"s1\"},{\"type\":\"Host\",\"summary\":\"DUP.example.com\",\"confidence\":5,"
                + "\"tag\":[\"b\"],\"source\":\"s2\"},{\"type\":\"Host\",\"summary\":\"dup.example.com\",\"rating\":3}]");
        StoredIndicator d = host("dup.example.com");
        assertEquals(List.of(3.0, 5), List.of(d.rating(), d.confidence()), "later wins for scalars");
        assertEquals(List.of("a", "b"), d.tags());
        assertEquals(List.of(new Attribute("Source", "s1", true, false, null), new Attribute("Source", "s2", true, false, null)),
                d.attributes(), "the source shortcut is a displayed Source attribute");
        assertEquals(1, store().countIndicators(ORG));
    }

    @Test
    void deleteRemovesItemsAndEverythingHangingOffThem() throws Exception {
        client.run(create("Replace"), """
                {"indicator":[{"type":"Host","summary":"gone.example.com","tag":["t"],"source":"s",
                               "securityLabel":[{"name":"TLP:RED"}],"associatedGroups":["inc-1","adv-1"]},
                              {"type":"File","summary":"d41d8cd98f00b204e9800998ecf8427e","fileOccurrence":{"fileName":"x"}}],
                 "group":[{"type":"Incident","name":"I","xid":"inc-1","tag":["g"]},{"type":"Adversary","name":"A","xid":"adv-1"}],
                 "association":[{"ref_1":"d41d8cd98f00b204e9800998ecf8427e","type_1":"File","ref_2":"adv-1"}]}
                """);
        assertEquals(3, store().countAssociations(ORG));
        JsonNode status = client.run(DELETE, """
                {"indicator":[{"type":"Host","summary":"gone.example.com"},
                              {"type":"File","summary":"d41d8cd98f00b204e9800998ecf8427e : da39a3ee5e6b4b0d3255bfef95601890afd80709"}],
                 "group":[{"type":"Incident","name":"I","xid":"inc-1"},{"type":"Incident","name":"N","xid":"never"}]}
                """);
        assertEquals(4, status.path("successCount").asInt());
        assertEquals(0, store().countIndicators(ORG));
        assertEquals(List.of("adv-1"), store().groups(ORG).stream().map(SandboxStore.StoredGroup::xid).toList());
        assertEquals(0, store().countAssociations(ORG));
        assertEquals(List.of(), store().associations(store().findGroup(ORG, "adv-1").orElseThrow()));
        // Recreated, they start bare: nothing was left behind under their old ids.
        client.run(create("Append", "Append", "Append"), "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"gone.example.com\"},"
                + "{\"type\":\"File\",\"summary\":\"d41d8cd98f00b204e9800998ecf8427e\"}],"
                + "\"group\":[{\"type\":\"Incident\",\"name\":\"I\",\"xid\":\"inc-1\"}]}");
        StoredIndicator back = host("gone.example.com");
        assertEquals(List.of(List.of(), List.of(), List.of()), List.of(back.tags(), back.attributes(), back.securityLabels()));
        assertEquals(List.of(), store().findFile(ORG, "d41d8cd98f00b204e9800998ecf8427e").orElseThrow().occurrences());
        assertEquals(List.of(), store().findGroup(ORG, "inc-1").orElseThrow().tags());
    }

    @Test
    void deletesAssociationsNamedInTheAssociationArray() throws Exception {
        client.run(create("Replace"), "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"h.example.com\","
                + "\"associatedGroups\":[\"g-1\",\"g-2\"]}],\"group\":[{\"type\":\"Threat\",\"name\":\"G1\",\"xid\":\"g-1\"},"
                + "{\"type\":\"Threat\",\"name\":\"G2\",\"xid\":\"g-2\"}]}");
        JsonNode status = client.run(DELETE, "{\"association\":[{\"ref_1\":\"g-1\",\"ref_2\":\"h.example.com\",\"type_2\":\"Host\"},"
                + "{\"ref_1\":\"g-1\",\"ref_2\":\"missing.example.com\",\"type_2\":\"Host\"}]}");
        assertEquals(2, status.path("successCount").asInt(), "an association whose end is gone is deleted already");
        assertEquals(List.of("g-2"), store().associations(host("h.example.com")).stream().map(Association::key).toList());
        assertEquals(2, store().countIndicators(ORG) + store().countGroups(ORG) - 1);
    }

    // --- associations -------------------------------------------------------------------------

    @Test
    void resolvesEveryFormOfAssociationWithinTheFileAndTheOwner() throws Exception {
        client.run(create("Replace"), "{\"group\":[{\"type\":\"Adversary\",\"name\":\"Old\",\"xid\":\"old-adv\"}]}");
        long oldAdv = store().findGroup(ORG, "old-adv").orElseThrow().id();
        JsonNode status = client.run(create("Replace"), """
                {"association":[{"ref_1":"h.example.com","type_1":"Host","ref_2":"u.example.com/x","type_2":"URL",
                                 "association_type":"URL Host"},
                                {"ref_1":"late-incident","id_1":%d,"ref_2":"h.example.com","type_2":"Host"},
                                {"ref_1":"late-incident","type_1":"Incident","ref_2":"H.EXAMPLE.COM","type_2":"Host"}],
                 "indicator":[{"type":"Host","summary":"h.example.com","associatedGroups":[{"groupXid":"late-incident"},"old-adv"]},
                              {"type":"URL","summary":"u.example.com/x"}],
                 "group":[{"type":"Incident","name":"Late","xid":"late-incident","associatedGroupXid":["old-adv"],
                           "associatedIndicators":[{"summary":"u.example.com/x","indicatorType":"URL"}]}]}
                """.formatted(oldAdv));
        assertEquals(6, status.path("successCount").asInt());
        assertEquals(0, status.path("errorCount").asInt());
        long h = host("h.example.com").id();
        long u = store().findIndicator(ORG, "URL", "u.example.com/x").orElseThrow().id();
        long late = store().findGroup(ORG, "late-incident").orElseThrow().id();
        assertEquals(List.of(new Association(false, late, "Incident", "late-incident", ""),
                        new Association(false, oldAdv, "Adversary", "old-adv", ""),
                        new Association(true, u, "URL", "u.example.com/x", "URL Host")),
                store().associations(host("h.example.com")).stream()
                        .sorted(java.util.Comparator.comparing(Association::indicator).thenComparing(Association::key)).toList());
        assertEquals(List.of(new Association(false, oldAdv, "Adversary", "old-adv", ""),
                        new Association(true, h, "Host", "h.example.com", ""),
                        new Association(true, u, "URL", "u.example.com/x", "")),
                store().associations(store().findGroup(ORG, "late-incident").orElseThrow()).stream()
                        .sorted(java.util.Comparator.comparing(Association::indicator).thenComparing(Association::key)).toList());
        // id_1 (old-adv) won over ref_1; the indicator's link and the array's link to late-incident are one pair.
        assertEquals(5, store().countAssociations(ORG));
    }

    @Test
    void reportsAMissingEndAs0x1009NamingBothEndsAndCountsTheItemThatCarriesIt() throws Exception {
        long id = client.createJob(create("Replace"));
        client.upload(id, """
                {"indicator":[{"type":"Host","summary":"a.example.com","associatedGroups":["nowhere","g-1","elsewhere"]},
                              {"type":"Host","summary":"b.example.com"}],
                 "group":[{"type":"Threat","name":"G","xid":"g-1"}],
                 "association":[{"ref_1":"g-1","ref_2":"c.example.com","type_2":"Host"},
                                {"ref_1":"g-1","ref_2":"b.example.com","type_2":"Host"}]}
                """.getBytes());
        JsonNode status = client.awaitCompleted(id);
        assertEquals(List.of(3, 2, 0, 1, 1, 1, 1, 1, 0), List.of(status.path("successCount").asInt(),
                status.path("errorCount").asInt(), status.path("unprocessCount").asInt(),
                status.path("successIndicatorCount").asInt(), status.path("errorIndicatorCount").asInt(),
                status.path("successGroupCount").asInt(), status.path("successAssociationCount").asInt(),
                status.path("errorAssociationCount").asInt(), status.path("errorGroupCount").asInt()));
        JsonNode errors = client.errors(id);
        assertEquals(3, errors.size());
        assertEquals("Error (0x1009): Association between Host 'a.example.com' and group 'nowhere' at $.indicator[0]"
                + " could not be made: group 'nowhere' was not found in the owner", errors.get(0).path("errorReason").asText());
        assertEquals("a.example.com", errors.get(0).path("errorSource").asText());
        assertEquals("Error (0x1009): Association between Host 'a.example.com' and group 'elsewhere' at $.indicator[0]"
                + " could not be made: group 'elsewhere' was not found in the owner", errors.get(1).path("errorReason").asText());
        assertEquals("Error (0x1009): Association between group 'g-1' and Host 'c.example.com' at $.association[0]"
                + " could not be made: Host 'c.example.com' was not found in the owner", errors.get(2).path("errorReason").asText());
        assertEquals("{\"ref_1\":\"g-1\",\"ref_2\":\"c.example.com\",\"type_2\":\"Host\"}", errors.get(2).path("errorSource").asText());
        assertEquals(2, store().countAssociations(ORG), "the links that could be made are kept");
    }

    @Test
    void haltOnErrorStopsAtTheFirstFailedAssociationAndLeavesTheRestUnprocessed() throws Exception {
        String halt = create("Replace").replace("\"haltOnError\":false", "\"haltOnError\":true");
        JsonNode status = client.run(halt, "{\"group\":[{\"type\":\"Threat\",\"name\":\"G\",\"xid\":\"g-1\"}],"
                + "\"indicator\":[{\"type\":\"Host\",\"summary\":\"h.example.com\"}],"
                + "\"association\":[{\"ref_1\":\"g-1\",\"ref_2\":\"h.example.com\",\"type_2\":\"Host\"},"
                + "{\"ref_1\":\"g-1\",\"ref_2\":\"absent\"},{\"ref_1\":\"g-1\",\"ref_2\":\"h.example.com\",\"type_2\":\"Host\","
                + "\"associationType\":\"x\"}]}");
        assertEquals(List.of(3, 1, 1), List.of(status.path("successCount").asInt(), status.path("errorCount").asInt(),
                status.path("unprocessCount").asInt()));
        assertEquals(1, store().countAssociations(ORG));
    }

    @Test
    void neverAssociatesAcrossOwners() throws Exception {
        client.run(create("Replace"), "{\"group\":[{\"type\":\"Threat\",\"name\":\"G\",\"xid\":\"theirs\"}]}");
        long theirs = store().findGroup(ORG, "theirs").orElseThrow().id();
        String community = "{\"version\":\"V2\",\"owner\":\"Example Community\",\"haltOnError\":false,\"action\":\"Create\","
                + "\"attributeWriteType\":\"Replace\"}";
        JsonNode status = client.run(community, "{\"indicator\":[{\"type\":\"Host\",\"summary\":\"c.example.com\","
                + "\"associatedGroups\":[\"theirs\"],\"associatedGroup\":[" + theirs + "]}]}");
        assertEquals(1, status.path("errorCount").asInt());
        assertEquals(0, store().countAssociations("Example Community") + store().countAssociations(ORG));
    }

    @Test
    void importsTheDocumentedAssociationExamples() throws Exception {
        sandbox.close();
        sandbox = Sandbox.start(SandboxConfig.defaults(dir, ID, SECRET).withClock(clock));
        client = new SignedClient(sandbox, ID, SECRET, clock);
        for (String f : List.of("v2_indicator_to_group_associatedGroups.json", "v2_group_to_group_associatedGroupXid.json",
                "v2_group_to_new_indicator_associatedIndicators.json")) {
            JsonNode status = client.run(create("Replace"), Files.readString(SharedData.file("threatconnect/docs/" + f)));
            assertEquals(0, status.path("errorCount").asInt(), f);
        }
        // This example also links to "id_2":12345, a group that exists only on the docs' instance.
        long id = client.createJob(create("Replace"));
        client.upload(id, Files.readAllBytes(SharedData.file("threatconnect/docs/v2_indicator_to_group_association_array.json")));
        JsonNode status = client.awaitCompleted(id);
        assertEquals(List.of(3, 1), List.of(status.path("successCount").asInt(), status.path("errorCount").asInt()));
        assertEquals("Error (0x1009): Association between Host 'badguyz.com' and group id 12345 at $.association[1]"
                + " could not be made: group id 12345 was not found in the owner",
                client.errors(id).get(0).path("errorReason").asText());
        assertEquals(3, store().countAssociations(ORG), "the array's Host-Incident pair was made by the first example");
        String x = "00000000-0000-0000-0000-000000000000:000";
        assertEquals(List.of("badguyz.com"), keys(store().associations(store().findGroup(ORG, x + "1").orElseThrow())));
        assertEquals(List.of("http://www.badguyz.com"), keys(store().associations(store().findGroup(ORG, x + "2").orElseThrow())));
        assertEquals(List.of(x + "4"), keys(store().associations(store().findGroup(ORG, x + "3").orElseThrow())));
    }

    // --- the database --------------------------------------------------------------------------

    @Test
    void syncsConfiguredOwnersKeepingTheIdsOfKnownNames() throws Exception {
        sandbox.close();
        sandbox = Sandbox.start(SandboxConfig.defaults(dir, ID, SECRET).withClock(clock).withOwners(List.of(
                new SandboxConfig.Owner("New Source", "Source"), new SandboxConfig.Owner("Example Org", "Organization"))),
                new FakeValidator());
        try (Database db = Database.open(dir.resolve("other"));
             var c = db.connection()) {
            assertTrue(c.isValid(1));
        }
        sandbox.close();
        try (Database db = Database.open(dir); var c = db.connection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT id, name, type FROM owner ORDER BY id")) {
            StringBuilder rows = new StringBuilder();
            while (rs.next()) {
                rows.append(rs.getInt(1)).append(' ').append(rs.getString(2)).append(' ').append(rs.getString(3)).append('\n');
            }
            assertEquals("1 Example Org Organization\n2 Example Community Community\n3 Example Source Source\n"
                    + "4 New Source Source\n", rows.toString());
        }
        sandbox = Sandbox.start(SandboxConfig.defaults(dir, ID, SECRET).withClock(clock), new FakeValidator());
    }

    @Test
    void movesAnOldSchemaDatabaseAsideAndContinuesItsJobIds() throws Exception {
        sandbox.close();
        Path old = dir.resolve("old");
        Files.createDirectories(old);
        try (var c = java.sql.DriverManager.getConnection("jdbc:h2:file:" + old.resolve("sandbox"), "sa", "");
             var s = c.createStatement()) {
            s.execute("CREATE TABLE job (id BIGINT AUTO_INCREMENT PRIMARY KEY, owner VARCHAR NOT NULL)");
            s.execute("INSERT INTO job (id, owner) VALUES (41, 'Example Org')");
            s.execute("CREATE TABLE indicator (owner VARCHAR, type VARCHAR, summary VARCHAR)");
        }
        sandbox = Sandbox.start(SandboxConfig.defaults(old, ID, SECRET).withClock(clock), new FakeValidator());
        client = new SignedClient(sandbox, ID, SECRET, clock);
        assertEquals(42, client.createJob(create("Replace")), "job ids continue above the old maximum");
        Optional<Path> aside;
        try (var files = Files.list(old)) {
            aside = files.filter(p -> p.getFileName().toString().startsWith("sandbox-schema1-")).findFirst();
        }
        assertEquals("sandbox-schema1-20260301-100000.mv.db", aside.orElseThrow().getFileName().toString());
        sandbox.close();
        sandbox = Sandbox.start(SandboxConfig.defaults(old, ID, SECRET).withClock(clock), new FakeValidator());
        client = new SignedClient(sandbox, ID, SECRET, clock);
        assertEquals(43, client.createJob(create("Replace")), "a current database is opened as it is");
    }

    @Test
    void closesDoNotCompactEachTimeYetTheFileStaysWithinTwiceTheThreshold() throws Exception {
        Path grow = dir.resolve("grow");
        java.util.List<Long> sizes = new java.util.ArrayList<>();
        int sessions = 150;
        for (int i = 0; i < sessions; i++) {
            try (Database db = Database.open(grow); var c = db.connection(); var s = c.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS t (id INT PRIMARY KEY, v VARCHAR(1000))");
                // A short session's writes: rows rewritten, pages left dead behind them.
                for (int k = 0; k < 40; k++) {
                    s.execute("MERGE INTO t VALUES (" + (i * 13 + k) % 400 + ", '" + ("session " + i + " ").repeat(20) + "')");
                }
            }
            sizes.add(Files.size(grow.resolve("sandbox.mv.db")));
        }
        long max = sizes.stream().mapToLong(Long::longValue).max().orElseThrow();
        assertTrue(max >= Database.COMPACT_FROM_BYTES, "never reached the threshold: " + sizes);
        assertTrue(max < 2 * Database.COMPACT_FROM_BYTES + 512 * 1024, "grew unbounded: " + sizes);
        boolean shrank = false;
        for (int i = 1; i < sizes.size(); i++) {
            shrank |= sizes.get(i) < sizes.get(i - 1) / 2;
        }
        assertTrue(shrank, "never compacted: " + sizes);
        try (Database db = Database.open(grow); var c = db.connection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
            rs.next();
            assertEquals(400, rs.getInt(1));
        }
    }

    @Test
    void refusesADatabaseOfANewerSchemaWithoutTouchingIt() throws Exception {
        sandbox.close();
        try (Database db = Database.open(dir); var c = db.connection(); var s = c.createStatement()) {
            s.execute("UPDATE schema_info SET version = " + (Schema.VERSION + 1));
        }
        java.io.IOException e = org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class,
                () -> Sandbox.start(SandboxConfig.defaults(dir, ID, SECRET).withClock(clock), new FakeValidator()));
        assertTrue(e.getMessage().contains("has schema version " + (Schema.VERSION + 1) + ", newer than this tcbatch"
                + " understands (" + Schema.VERSION + ")"), e.getMessage());
        assertTrue(Files.exists(dir.resolve("sandbox.mv.db")));
        try (Database db = Database.open(dir.resolve("fresh"))) {
            sandbox = Sandbox.start(SandboxConfig.defaults(dir.resolve("fresh2"), ID, SECRET).withClock(clock),
                    new FakeValidator());
        }
    }

    private static List<String> keys(List<Association> associations) {
        return associations.stream().map(Association::key).toList();
    }

    private static OffsetDateTime odt(String s) {
        return OffsetDateTime.parse(s);
    }
}
