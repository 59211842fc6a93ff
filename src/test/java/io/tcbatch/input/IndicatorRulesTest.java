package io.tcbatch.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

class IndicatorRulesTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static JsonNode json(String s) {
        try {
            return MAPPER.readTree(s.replace('\'', '"'));
        } catch (JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static RuleResult summary(String type, String summary) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("type", type);
        n.put("summary", summary);
        return IndicatorRules.check(n);
    }

    private static String valid(String type, String summary) {
        RuleResult r = summary(type, summary);
        assertTrue(r.isValid(), () -> "expected valid: " + r);
        assertEquals(type, r.type());
        return r.key();
    }

    private static RuleResult invalid(String type, String summary) {
        RuleResult r = summary(type, summary);
        assertFalse(r.isValid(), () -> "expected invalid: " + r);
        return r;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Address|192.0.2.1|192.0.2.1",
        "Address|2001:DB8:0:0:0:0:0:1|2001:db8::1",
        "Address|2001:0db8:0000:0000:0000:0000:0000:00ff|2001:db8::ff",
        "Address|' 198.51.100.7 '|198.51.100.7",
        "CIDR|203.0.113.0/24|203.0.113.0/24",
        "CIDR|2001:db8::/32|2001:db8:0:0:0:0:0:0/32",
        "CIDR|0ABC:0DEF:0010::/48|abc:def:10:0:0:0:0:0/48",
        "Host|Bad.Example.COM|bad.example.com",
        "Host|xn--bcher-kva.example|xn--bcher-kva.example",
        "Host|bücher.example|xn--bcher-kva.example",
        "Host|a-b.example.org|a-b.example.org",
        "URL|HTTP://Bad.Example.com/Path?Q=A#Frag|http://bad.example.com/Path?Q=A#Frag",
        "URL|https://bücher.example/x|https://xn--bcher-kva.example/x",
        "URL|http://192.0.2.1:8080/a|http://192.0.2.1:8080/a",
        "URL|http://[2001:DB8::1]/a|http://[2001:db8::1]/a",
        "URL|ftp://user@files.example.net|ftp://user@files.example.net",
        "EmailAddress|Bad.Actor@Example.COM|bad.actor@example.com",
        "ASN|ASN64496|ASN64496",
        "ASN|asn64496|ASN64496",
        "ASN|AS64496|ASN64496",
        "ASN|AS 64496|ASN64496",
        "ASN|asn 64496|ASN64496",
        "ASN|ASN064496|ASN64496",
        "ASN|ASN4294967295|ASN4294967295",
        "File|d41d8cd98f00b204e9800998ecf8427e|d41d8cd98f00b204e9800998ecf8427e",
        "File|D41D8CD98F00B204E9800998ECF8427E|d41d8cd98f00b204e9800998ecf8427e",
        "CIDR|abc:def:10::/48|abc:def:10:0:0:0:0:0/48",
        "CIDR|ABC:DEF:10:0:0:0:0:0/48|abc:def:10:0:0:0:0:0/48",
        "CIDR|::/16|0:0:0:0:0:0:0:0/16",
        "CIDR|2001:db8::1/128|2001:db8:0:0:0:0:0:1/128",
        "CIDR|128.0.0.0/1|128.0.0.0/1",
        "CIDR|192.0.2.1/32|192.0.2.1/32",
        "CIDR|' 10.0.0.0/8 '|10.0.0.0/8",
        "Address|2001:db8:0:1:0:0:0:1|2001:db8:0:1::1",
        "Address|2001:db8:0:0:1:0:0:1|2001:db8::1:0:0:1",
        "Address|::|::",
        "Address|0.0.0.0|0.0.0.0",
        "Address|255.255.255.255|255.255.255.255",
        "Host|BÜCHER.Example|xn--bcher-kva.example",
        "Host|a.b.c.d.example|a.b.c.d.example",
        "Host|1password.com|1password.com",
        "URL|HTTPS://WWW.Example.COM:8443/A?B=C|https://www.example.com:8443/A?B=C",
        "URL|hxxp://x.example|hxxp://x.example",
        "URL|http://User:Pw@Bad.Example/|http://User:Pw@bad.example/",
        "URL|http://bad.example|http://bad.example",
        "URL|http://bad.example?q=1|http://bad.example?q=1",
        "URL|http://BAD.example#top|http://bad.example#top",
        "URL|http://bücher.example/Ä|http://xn--bcher-kva.example/Ä",
        "EmailAddress|x@BÜCHER.example|x@xn--bcher-kva.example",
        "Mutex|MyMutex|MyMutex",
        "User Agent|' curl/8.0 '|' curl/8.0 '",
        "Email Subject|Your invoice  is ready|Your invoice  is ready",
        "Hashtag|#phishing|#phishing",
        "Mutex|Global\\MyMutex|Global\\MyMutex",
        "User Agent|Mozilla/5.0 (X11; Linux)|Mozilla/5.0 (X11; Linux)",
    })
    void acceptsAndNormalisesValidSummaries(String type, String summary, String expected) {
        assertEquals(expected, valid(type, summary));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Address|192.0.2.256", "Address|192.0.2", "Address|010.0.2.1", "Address|192.0.2.0/24",
        "Address|example.com", "Address|2001:db8::1%eth0", "Address|1",
        "CIDR|203.0.113.5/24", "CIDR|203.0.113.0", "CIDR|203.0.113.0/33", "CIDR|2001:db8::1/32",
        "Host|bad_host.example", "Host|localhost", "Host|-bad.example", "Host|bad-.example",
        "Host|192.0.2.1", "Host|C91.196.152.28", "Host|bad..example", "Host|bad.example.",
        "Host|a b.example",
        "URL|bad.example/path", "URL|http://", "URL|http://bad_host.example/", "URL|http://bad.example:99999/",
        "URL|http://bad.example/a b",
        "EmailAddress|nobody", "EmailAddress|@example.com", "EmailAddress|a@localhost", "EmailAddress|a b@example.com",
        "ASN|64496", "ASN|ASN99999999999", "ASN|ASN4294967296", "ASN|AS-64496", "ASN|ASN64496x", "ASN|ASN",
        "ASN|XASN1", "ASN|ASN 1 2",
        "CIDR|2001:db8::/129", "CIDR|0.0.0.0/0", "CIDR|::/0", "CIDR|203.0.113.0/024", "CIDR|203.0.113.0/", "CIDR|/24", "CIDR|2001:db8::1:0/120x",
        "CIDR|2001:db8::%1/64", "CIDR|203.0.113.0/24/1", "CIDR|1.2.3/24",
        "Address|1.2.3.4.5", "Address|1.2.3.", "Address|2001:db8:::1", "Address|2001:db8::g", "Address|12345::1",
        "Address|::1/128",
        "Host|bücher_x.example", "Host|a.123", "Host|" + "xn--", "Host|exa mple.com", "Host|bad.example:80",
        "URL|//bad.example/x", "URL|http://[2001:db8::1/a", "URL|http://bad.example:/x", "URL|http://a@/x",
        "URL|1http://bad.example/", "URL|http://[192.0.2.1]/", "URL|http://2001:db8::1/",
        "File|d41d8cd98f00b204e9800998ecf8427ed41d8cd98f00b204e9800998ecf8427",
        "File|d41d8cd98f00b204e9800998ecf8427e : d41d8cd98f00b204e9800998ecf8427x",
        "Registry Key|HKEY_LOCAL_MACHINE\\Software : : REG_SZ",
        "Registry Key|HKEY_LOCAL_MACHINE\\Software :  : REG_SZ",
        "Registry Key|HKEY_LOCAL_MACHINE\\Software : x : reg_sz",
        "Registry Key|HKCU\\Software : x : REG_SZ",
        "File|d41d8cd98f00b204e9800998ecf8427", "File|z41d8cd98f00b204e9800998ecf8427e", "File|not a hash",
        "Registry Key|HKLM\\Software : x : REG_SZ", "Registry Key|HKEY_LOCAL_MACHINE\\Software : x : REG_TEXT",
        "Registry Key|HKEY_LOCAL_MACHINE\\Software : x", "Registry Key|HKEY_LOCAL_MACHINEX : x : REG_SZ",
        "Email Subject|'   '", "Mutex|''",
    })
    void rejectsInvalidSummariesWithThreatConnectsWording(String type, String summary) {
        RuleResult r = invalid(type, summary);
        assertEquals("0x1005", r.code());
        assertEquals(type, r.type());
        if (!summary.isBlank()) {
            assertEquals(summary + " is not valid. The indicator could not be processed as a valid " + type + ".",
                    r.reason());
        }
    }

    @Test
    void rejectsUnderscoreHostWithTheWordingOfTheServer() {
        assertEquals("bad_host.example is not valid. The indicator could not be processed as a valid Host.",
                invalid("Host", "bad_host.example").reason());
    }

    @Test
    void fileSummaryIsOrderedMd5Sha1Sha256InLowerCaseWhateverTheInputOrderAndSpacing() {
        String md5 = "d41d8cd98f00b204e9800998ecf8427e";
        String sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709";
        String sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        String expected = md5 + " : " + sha1 + " : " + sha256;
        assertEquals(expected, valid("File", md5 + " : " + sha1 + " : " + sha256));
        assertEquals(expected, valid("File", sha256 + ":" + md5 + ": " + sha1));
        assertEquals(sha1 + " : " + sha256, valid("File", " : " + sha1 + " : " + sha256));
        assertEquals(expected, valid("File", md5.toUpperCase() + " :" + sha1 + " :" + sha256.toUpperCase()));
        assertEquals(md5, valid("File", md5 + " :  : "));
    }

    @Test
    void fileWithTwoHashesOfTheSameKindIsInvalid() {
        invalid("File", "d41d8cd98f00b204e9800998ecf8427e : 00000000000000000000000000000000");
    }

    @Test
    void fileHashFieldsWinOverSummary() {
        RuleResult r = IndicatorRules.check(json("{'type':'File','summary':'garbage',"
                + "'sha256':'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',"
                + "'md5':'d41d8cd98f00b204e9800998ecf8427e'}"));
        assertTrue(r.isValid(), r::toString);
        assertEquals("d41d8cd98f00b204e9800998ecf8427e : "
                + "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", r.key());
    }

    @Test
    void fileHashInTheWrongFieldIsInvalid() {
        RuleResult r = IndicatorRules.check(json("{'type':'File','md5':'da39a3ee5e6b4b0d3255bfef95601890afd80709'}"));
        assertEquals("0x1005", r.code());
        assertEquals("da39a3ee5e6b4b0d3255bfef95601890afd80709", r.key());
    }

    @Test
    void registryKeyAcceptsASingleSpaceValueName() {
        assertEquals("HKEY_LOCAL_MACHINE\\Software\\Run :   : REG_SZ",
                valid("Registry Key", "HKEY_LOCAL_MACHINE\\Software\\Run :   : REG_SZ"));
        assertEquals("HKEY_CURRENT_USER_LOCAL_SETTINGS : x : REG_DWORD",
                valid("Registry Key", "HKEY_CURRENT_USER_LOCAL_SETTINGS : x : REG_DWORD"));
    }

    @Test
    void registryKeyIsBuiltFromItsThreeFields() {
        RuleResult r = IndicatorRules.check(json("{'type':'Registry Key','Key Name':'HKEY_USERS\\\\S-1-5',"
                + "'Value Name':'Run','Value Type':'REG_EXPAND_SZ'}"));
        assertEquals("HKEY_USERS\\S-1-5 : Run : REG_EXPAND_SZ", r.key());
        assertTrue(r.isValid());
        RuleResult missing = IndicatorRules.check(json("{'type':'Registry Key','Key Name':'HKEY_USERS\\\\S-1-5',"
                + "'Value Type':'REG_SZ'}"));
        assertFalse(missing.isValid());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'type':'Address','ip':'192.0.2.9'}|192.0.2.9",
        "{'type':'EmailAddress','address':'a@example.org'}|a@example.org",
        "{'type':'Host','hostName':'c2.example.net'}|c2.example.net",
        "{'type':'URL','text':'http://c2.example.net/x'}|http://c2.example.net/x",
        "{'type':'ASN','AS Number':'ASN64500'}|ASN64500",
        "{'type':'CIDR','Block':'198.51.100.0/24'}|198.51.100.0/24",
        "{'type':'Email Subject','Subject':'Hi'}|Hi",
        "{'type':'Hashtag','Hashtag':'#x'}|#x",
        "{'type':'Mutex','Mutex':'m1'}|m1",
        "{'type':'User Agent','User Agent String':'curl/8.0'}|curl/8.0",
        "{'type':'Host','value1':'c2.example.org'}|c2.example.org",
        "{'type':'Host','value':'c3.example.org'}|c3.example.org",
        "{'type':'Host','summary':'S.example.org','hostName':'s.EXAMPLE.org'}|s.example.org",
        "{'type':'Address','summary':'2001:db8::1','ip':'2001:DB8:0:0:0:0:0:1'}|2001:db8::1",
        "{'type':'File','value1':'d41d8cd98f00b204e9800998ecf8427e'}|d41d8cd98f00b204e9800998ecf8427e",
        "{'type':'File','sha1':'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709'}|da39a3ee5e6b4b0d3255bfef95601890afd80709",
        "{'type':'ASN','AS Number':'AS 64500'}|ASN64500",
        "{'type':'Registry Key','value1':'HKEY_USERS','value2':'Run','value3':'REG_SZ'}|HKEY_USERS : Run : REG_SZ",
    })
    void takesTheValueFromTypeSpecificFieldsAndAliases(String indicator, String expected) {
        RuleResult r = IndicatorRules.check(json(indicator));
        assertTrue(r.isValid(), r::toString);
        assertEquals(expected, r.key());
    }

    @Test
    void unknownOrMiscasedTypeIsRejected() {
        RuleResult r = IndicatorRules.check(json("{'type':'host','summary':'a.example.com'}"));
        assertEquals("0x1005", r.code());
        assertTrue(r.reason().startsWith("unknown indicator type \"host\""), r.reason());
        assertEquals("0x1005", IndicatorRules.check(json("{'summary':'a.example.com'}")).code());
        assertEquals("0x1005", IndicatorRules.check(json("{'type':'Email Address','summary':'a@example.com'}")).code());
    }

    @Test
    void indicatorWithoutAnyValueSaysWhichFieldsItLacks() {
        RuleResult r = IndicatorRules.check(json("{'type':'Host'}"));
        assertEquals("0x1005", r.code());
        assertEquals("The indicator could not be processed as a valid Host: it has no summary and no hostName field.",
                r.reason());
    }

    @Test
    void summaryThatIsAnObjectIsASyntaxError() {
        assertEquals("0x1003", IndicatorRules.check(json("{'type':'Host','summary':{'a':1}}")).code());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'rating':4", "'rating':'4'", "'rating':0", "'rating':5.0", "'confidence':'40'", "'confidence':60.0",
        "'confidence':100", "'rating':null",
    })
    void coercesNumericStringsAndFloatsForRatingAndConfidence(String field) {
        assertTrue(IndicatorRules.check(json("{'type':'Address','summary':'192.0.2.1'," + field + "}")).isValid());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'rating':6|0x1005|192.0.2.1: rating 6 is out of range (0 to 5)",
        "'rating':-1|0x1005|192.0.2.1: rating -1 is out of range (0 to 5)",
        "'confidence':101|0x1005|192.0.2.1: confidence 101 is out of range (0 to 100)",
        "'confidence':'high'|0x1003|192.0.2.1: confidence \"high\" is not a number",
        "'rating':true|0x1003|192.0.2.1: rating true is not a number",
    })
    void rejectsOutOfRangeAsInvalidAndNonNumericAsSyntaxError(String field, String code, String reason) {
        RuleResult r = IndicatorRules.check(json("{'type':'Address','summary':'192.0.2.1'," + field + "}"));
        assertEquals(code, r.code());
        assertEquals(reason, r.reason());
        assertEquals("192.0.2.1", r.key());
    }

    @Test
    void tagNamesUpTo128CharactersAreAccepted() {
        String ok = "t".repeat(128);
        assertTrue(IndicatorRules.check(json("{'type':'Host','summary':'a.example.com','tag':[{'name':'" + ok + "'}]}"))
                .isValid());
        RuleResult r = IndicatorRules.check(json("{'type':'Host','summary':'a.example.com','tag':[{'name':'"
                + ok + "x'}]}"));
        assertEquals("0x1005", r.code());
        assertTrue(r.reason().contains("longer than 128 characters"), r.reason());
        assertFalse(IndicatorRules.check(json("{'type':'Host','summary':'a.example.com','tag':[{}]}")).isValid());
    }

    @Test
    void attributesNeedTypeAndValue() {
        assertTrue(IndicatorRules.check(json("{'type':'Host','summary':'a.example.com',"
                + "'attribute':[{'type':'Description','value':'C2'}]}")).isValid());
        RuleResult noValue = IndicatorRules.check(json("{'type':'Host','summary':'a.example.com',"
                + "'attribute':[{'type':'Description'}]}"));
        assertEquals("a.example.com: attribute 'Description' has no value", noValue.reason());
        RuleResult noType = IndicatorRules.check(json("{'type':'Host','summary':'a.example.com',"
                + "'attribute':[{'value':'C2'}]}"));
        assertEquals("a.example.com: attribute entry has no type", noType.reason());
    }

    @Test
    void datesNeedAnOffsetAndBadOnesAreSyntaxErrors() {
        assertTrue(IndicatorRules.check(json("{'type':'Host','summary':'a.example.com',"
                + "'firstSeen':'2024-08-04T00:00:00Z','lastSeen':'2017-03-03T18:00:00-06:00'}")).isValid());
        RuleResult bare = IndicatorRules.check(json("{'type':'Host','summary':'a.example.com','firstSeen':'2024-05-01'}"));
        assertEquals("0x1003", bare.code());
        assertTrue(bare.reason().startsWith("a.example.com: firstSeen \"2024-05-01\" is not an ISO-8601 date-time"),
                bare.reason());
    }

    @Test
    void dedupKeyJoinsTypeAndNormalisedSummaryWithNul() {
        RuleResult a = summary("Host", "C2.Example.com");
        RuleResult b = summary("Host", "c2.example.COM");
        assertEquals("Host\u0000c2.example.com", IndicatorRules.dedupKey(a));
        assertEquals(IndicatorRules.dedupKey(a), IndicatorRules.dedupKey(b));
        assertEquals("Address\u00002001:db8::1", IndicatorRules.dedupKey(summary("Address", "2001:db8:0::1")));
        assertThrows(IllegalArgumentException.class, () -> IndicatorRules.dedupKey(invalid("Host", "x")));
    }

    @Test
    void normaliseIsUsableWithoutAJsonObject() {
        assertEquals("bad.example.com", IndicatorRules.normalise(IndicatorType.HOST, "BAD.example.com").orElseThrow());
        assertTrue(IndicatorRules.normalise(IndicatorType.HOST, "bad_host.example").isEmpty());
        assertNull(IndicatorRules.normalise(IndicatorType.ASN, null).orElse(null));
    }

    @Test
    void summaryAndValueFieldThatDisagreeAreRefusedNamingBoth() {
        RuleResult r = IndicatorRules.check(json("{'type':'Host','summary':'s.example.org','hostName':'f.example.org'}"));
        assertEquals("0x1005", r.code());
        assertEquals("s.example.org", r.key());
        assertEquals("summary 's.example.org' and hostName 'f.example.org' name different Host indicators;"
                + " give one of them, or make them agree.", r.reason());
        RuleResult badField = IndicatorRules.check(json("{'type':'Host','summary':'s.example.org','hostName':'f_x.org'}"));
        assertEquals("f_x.org is not valid. The indicator could not be processed as a valid Host.", badField.reason());
        RuleResult registry = IndicatorRules.check(json("{'type':'Registry Key','summary':'HKEY_USERS : Run : REG_SZ',"
                + "'Key Name':'HKEY_USERS','Value Name':'Run','Value Type':'REG_DWORD'}"));
        assertEquals("summary 'HKEY_USERS : Run : REG_SZ' and Key Name/Value Name/Value Type"
                + " 'HKEY_USERS : Run : REG_DWORD' name different Registry Key indicators;"
                + " give one of them, or make them agree.", registry.reason());
    }

    @Test
    void mutexAndUserAgentKeepTheirCaseSoTheyAreDistinct() {
        assertEquals("Global\\MUTEX", valid("Mutex", "Global\\MUTEX"));
        RuleResult a = summary("Mutex", "abc");
        RuleResult b = summary("Mutex", "ABC");
        assertFalse(IndicatorRules.dedupKey(a).equals(IndicatorRules.dedupKey(b)));
        assertEquals("Mozilla/5.0 (Windows NT 10.0)", valid("User Agent", "Mozilla/5.0 (Windows NT 10.0)"));
    }

    @Test
    void registryKeyValueNameMayContainTheSeparatorAndEveryHiveAndTypeIsAccepted() {
        assertEquals("HKEY_LOCAL_MACHINE\\x : a : b : REG_SZ", valid("Registry Key", "HKEY_LOCAL_MACHINE\\x : a : b : REG_SZ"));
        for (String hive : new String[] {"HKEY_CLASSES_ROOT", "HKEY_CURRENT_CONFIG", "HKEY_CURRENT_USER",
            "HKEY_CURRENT_USER_LOCAL_SETTINGS", "HKEY_LOCAL_MACHINE", "HKEY_PERFORMANCE_DATA",
            "HKEY_PERFORMANCE_NLSTEXT", "HKEY_PERFORMANCE_TEXT", "HKEY_USERS"}) {
            for (String type : new String[] {"REG_NONE", "REG_BINARY", "REG_DWORD", "REG_DWORD_LITTLE_ENDIAN",
                "REG_DWORD_BIG_ENDIAN", "REG_EXPAND_SZ", "REG_LINK", "REG_MULTI_SZ", "REG_QWORD",
                "REG_QWORD_LITTLE_ENDIAN", "REG_SZ"}) {
                assertEquals(hive + "\\Soft : v : " + type, valid("Registry Key", hive + "\\Soft : v : " + type));
            }
        }
        RuleResult spaceName = IndicatorRules.check(json("{'type':'Registry Key','Key Name':'HKEY_USERS\\\\S',"
                + "'Value Name':' ','Value Type':'REG_SZ'}"));
        assertEquals("HKEY_USERS\\S :   : REG_SZ", spaceName.key());
        assertTrue(spaceName.isValid());
    }

    @Test
    void fileHashFieldsInUpperCaseAreLowerCasedAndSummaryIgnored() {
        RuleResult r = IndicatorRules.check(json("{'type':'File','summary':'whatever',"
                + "'sha1':'DA39A3EE5E6B4B0D3255BFEF95601890AFD80709','md5':' D41D8CD98F00B204E9800998ECF8427E '}"));
        assertEquals("d41d8cd98f00b204e9800998ecf8427e : da39a3ee5e6b4b0d3255bfef95601890afd80709", r.key());
        assertTrue(r.isValid());
    }

    @Test
    void v2OnlyFieldsNamesWhatV1DoesNotDocumentInOrder() {
        ObjectNode plain = (ObjectNode) json("{'type':'Host','summary':'a.example.com','rating':3,'confidence':50,"
                + "'description':'d','source':'s','xid':'x-1','attribute':[{'type':'T','value':'v'}],"
                + "'tag':[{'name':'t'}],'associatedGroup':[1],'ownerName':'o','id':5,'webLink':'w',"
                + "'threatAssessRating':2,'dateAdded':'2024-01-01T00:00:00Z','lastModified':'2024-01-01T00:00:00Z'}");
        assertEquals(java.util.List.of(), IndicatorRules.v2OnlyFields(plain));
        ObjectNode v2 = (ObjectNode) json("{'type':'File','md5':'d41d8cd98f00b204e9800998ecf8427e',"
                + "'securityLabel':[{'name':'TLP:RED'}],'activeLocked':true,'externalDateAdded':'2024-01-01T00:00:00Z',"
                + "'attribute':[{'type':'T','value':'v','pinned':true,'securityLabel':[]},{'type':'U','value':'w','pinned':true}],"
                + "'associatedGroups':['g'],'fileOccurrence':{'fileName':'a'},'summary':'x'}");
        assertEquals(java.util.List.of("md5", "securityLabel", "activeLocked", "externalDateAdded",
                "attribute[].securityLabel", "attribute[].pinned", "associatedGroups", "fileOccurrence"),
                IndicatorRules.v2OnlyFields(v2));
    }

    @Test
    void theJavaSdksV1FixturesCarryNoV2OnlyField() throws Exception {
        // batch_sample1 and 3 send attribute[].source in V1, as the vendor SDK does.
        for (String name : java.util.List.of("batch_sample1.json", "batch_sample2.json", "batch_sample3.json")) {
            JsonNode list = new ObjectMapper().readTree(io.tcbatch.SharedData.file("threatconnect/java/" + name).toFile());
            assertTrue(list.isArray() && list.size() == 1, name);
            assertEquals(java.util.List.of(), IndicatorRules.v2OnlyFields((ObjectNode) list.get(0)), name);
            assertTrue(IndicatorRules.check(list.get(0)).isValid(), name);
        }
        ObjectNode sourced = (ObjectNode) json("{'type':'Host','summary':'a.example.com',"
                + "'attribute':[{'type':'T','value':'v','source':'s','displayed':true}]}");
        assertEquals(java.util.List.of("attribute[].displayed"), IndicatorRules.v2OnlyFields(sourced));
    }

    @Test
    void unknownTypeReasonListsTheTwelveTypes() {
        assertEquals("unknown indicator type \"Domain\" (expected one of Address, EmailAddress, File, Host, URL, ASN,"
                + " CIDR, Email Subject, Hashtag, Mutex, Registry Key, User Agent)",
                IndicatorRules.check(json("{'type':'Domain','summary':'a.example.com'}")).reason());
    }

    @Test
    void reasonsStayOneLineAndBoundedWhateverTheValue() {
        RuleResult newline = summary("Host", "bad\nhost.example");
        assertEquals("bad\\nhost.example is not valid. The indicator could not be processed as a valid Host.",
                newline.reason());
        assertEquals("bad\nhost.example", newline.key());
        RuleResult huge = summary("Address", "1".repeat(10_000));
        assertEquals("1".repeat(197) + "... is not valid. The indicator could not be processed as a valid Address.",
                huge.reason());
        RuleResult subject = IndicatorRules.check(json("{'type':'Email Subject','summary':'Hi\\u0007there','rating':9}"));
        assertEquals("Hi\\u0007there: rating 9 is out of range (0 to 5)", subject.reason());
        assertEquals("Hi\u0007there", subject.key());
    }

    @Test
    void ipv4MappedAndEmbeddedIpv6AddressesTakeTheCanonicalForm() {
        assertEquals("::ffff:c000:201", IndicatorRules.normalise(IndicatorType.ADDRESS, "::ffff:192.0.2.1").orElseThrow());
        assertEquals("::ffff:c000:201", IndicatorRules.normalise(IndicatorType.ADDRESS, "::FFFF:C000:0201").orElseThrow());
        assertTrue(IndicatorRules.normalise(IndicatorType.ADDRESS, "::ffff:192.0.02.1").isEmpty());
    }
}
