package io.tcbatch.input;

import static io.tcbatch.input.IndicatorRulesTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The metadata fields of §3.3/§3.7 as the indicator and group rules see them. */
class CommonFieldsTest {

    private static RuleResult host(String fields) {
        return IndicatorRules.check(json("{'type':'Host','summary':'a.example.com'," + fields + "}"));
    }

    private static RuleResult file(String fields) {
        return IndicatorRules.check(json("{'type':'File','md5':'d41d8cd98f00b204e9800998ecf8427e'," + fields + "}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"'rating':4.5", "'rating':'2.5'", "'rating':' 3 '", "'confidence':'0'", "'rating':1e0",
        "'confidence':'1e2'", "'rating':'-0'"})
    void acceptsNumbersInEveryFormTheSdksSend(String field) {
        RuleResult r = host(field);
        assertTrue(r.isValid(), r::toString);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'confidence':60.5|0x1003|a.example.com: confidence 60.5 is not a whole number",
        "'confidence':'60.5'|0x1003|a.example.com: confidence \"60.5\" is not a whole number",
        "'rating':'5.01'|0x1005|a.example.com: rating 5.01 is out of range (0 to 5)",
        "'rating':'NaN'|0x1003|a.example.com: rating \"NaN\" is not a number",
        "'rating':'Infinity'|0x1003|a.example.com: rating \"Infinity\" is not a number",
        "'rating':'0x3'|0x1003|a.example.com: rating \"0x3\" is not a number",
        "'rating':'4d'|0x1003|a.example.com: rating \"4d\" is not a number",
        "'rating':''|0x1003|a.example.com: rating \"\" is not a number",
        "'rating':[4]|0x1003|a.example.com: rating [4] is not a number",
        "'confidence':-1|0x1005|a.example.com: confidence -1 is out of range (0 to 100)",
    })
    void refusesFractionalConfidenceAndNonJsonNumbers(String field, String code, String reason) {
        RuleResult r = host(field);
        assertEquals(code, r.code());
        assertEquals(reason, r.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"active", "activeLocked", "privateFlag", "dnsActive", "whoisActive", "flag1", "flag2"})
    void booleansAreTrueFalseOrTheirStrings(String field) {
        for (String ok : new String[] {"true", "false", "'true'", "'false'", "'TRUE'", "'False'"}) {
            RuleResult r = host("'" + field + "':" + ok);
            assertTrue(r.isValid(), r::toString);
        }
        for (String bad : new String[] {"1", "'yes'", "''", "'t'", "{}"}) {
            RuleResult r = host("'" + field + "':" + bad);
            assertEquals("0x1003", r.code(), r::toString);
            assertEquals("a.example.com: " + field + " " + json("{'x':" + bad + "}").get("x") + " is not true or false",
                    r.reason());
        }
    }

    @Test
    void booleanReasonQuotesTheValue() {
        assertEquals("a.example.com: privateFlag \"yes\" is not true or false", host("'privateFlag':'yes'").reason());
        assertEquals("a.example.com: active 1 is not true or false", host("'active':1").reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"'size':0", "'size':1024", "'size':'2048'", "'size':4096.0", "'intValue1':7"})
    void fileSizeIsANonNegativeInteger(String field) {
        assertTrue(file(field).isValid(), () -> file(field).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'size':-1|0x1005|d41d8cd98f00b204e9800998ecf8427e: size -1 must not be negative",
        "'size':1.5|0x1003|d41d8cd98f00b204e9800998ecf8427e: size 1.5 is not a whole number",
        "'intValue1':'big'|0x1003|d41d8cd98f00b204e9800998ecf8427e: intValue1 \"big\" is not a whole number",
    })
    void refusesNegativeOrFractionalSizes(String field, String code, String reason) {
        RuleResult r = file(field);
        assertEquals(code, r.code());
        assertEquals(reason, r.reason());
    }

    @Test
    void securityLabelsNeedANameAndASixDigitColor() {
        assertTrue(host("'securityLabel':[{'name':'TLP:RED','color':'FF0000','description':'d'}]").isValid());
        assertTrue(host("'securityLabel':[{'name':'TLP:AMBER'}]").isValid());
        assertEquals("a.example.com: securityLabel entry {\"color\":\"FF0000\"} has no name",
                host("'securityLabel':[{'color':'FF0000'}]").reason());
        RuleResult hash = host("'securityLabel':[{'name':'TLP:RED','color':'#FF0000'}]");
        assertEquals("0x1005", hash.code());
        assertEquals("a.example.com: securityLabel 'TLP:RED' color \"#FF0000\" is not six hex digits such as FF0000",
                hash.reason());
        assertEquals("0x1005", host("'securityLabel':[{'name':'x','color':'FF00'}]").code());
        assertEquals("0x1005", host("'securityLabel':[{'name':'x','color':'GG0000'}]").code());
        assertEquals("0x1003", host("'securityLabel':{'name':'x'}").code());
    }

    @Test
    void attributeFlagsAndLabelsAreCheckedToo() {
        assertTrue(host("'attribute':[{'type':'Description','value':'v','displayed':'true','pinned':false,"
                + "'securityLabel':[{'name':'TLP:GREEN'}]}]").isValid());
        assertEquals("a.example.com: attribute 'Description' displayed \"maybe\" is not true or false",
                host("'attribute':[{'type':'Description','value':'v','displayed':'maybe'}]").reason());
        assertEquals("a.example.com: attribute 'Description' securityLabel entry {} has no name",
                host("'attribute':[{'type':'Description','value':'v','securityLabel':[{}]}]").reason());
        RuleResult objectValue = host("'attribute':[{'type':'Description','value':{'a':1}}]");
        assertEquals("0x1003", objectValue.code());
        assertEquals("a.example.com: attribute 'Description' value must be text, not an object", objectValue.reason());
        assertTrue(host("'attribute':[{'type':'Score','value':7}]").isValid());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "'fileOccurrence':{'fileName':'a.exe'}",
        "'fileOccurrence':[{'path':'C:\\\\tmp\\\\'},{'date':'2024-01-02T03:04:05Z'}]",
        "'fileOccurrence':[]",
        "'fileAction':{'fileOccurrence':[{'fileName':'a.exe','path':'/opt/samples','date':'2024-01-02T03:04:05+01:00'}]}",
        "'fileAction':{}",
    })
    void fileOccurrenceAsObjectArrayOrUnderFileAction(String field) {
        assertTrue(file(field).isValid(), () -> file(field).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'fileOccurrence':{}|0x1005|fileOccurrence {} needs at least one of fileName, path and date",
        "'fileOccurrence':[{'fileName':' '}]|0x1005|fileOccurrence {\"fileName\":\" \"} needs at least one of fileName, path and date",
        "'fileOccurrence':'a.exe'|0x1003|fileOccurrence must be an object or an array of {fileName, path, date}",
        "'fileOccurrence':['a.exe']|0x1003|fileOccurrence entry \"a.exe\" is not an object",
        "'fileOccurrence':{'date':'2024-01-02'}|0x1003|fileOccurrence date \"2024-01-02\" is not an ISO-8601 date-time with Z or a ±hh:mm offset (for example 2024-05-01T00:00:00Z)",
        "'fileAction':{'fileOccurrence':[{}]}|0x1005|fileAction.fileOccurrence {} needs at least one of fileName, path and date",
        "'fileAction':[]|0x1003|fileAction must be an object holding fileOccurrence",
    })
    void refusesOccurrencesWithNothingInThemOrOfTheWrongShape(String field, String code, String reason) {
        RuleResult r = file(field);
        assertEquals(code, r.code());
        assertEquals("d41d8cd98f00b204e9800998ecf8427e: " + reason, r.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "'associatedGroups':[{'groupXid':'incident-42'}]",
        "'associatedGroups':['incident-42','campaign-1']",
        "'associatedGroups':['incident-42',{'groupXid':'c-1','dateAdded':'2024-01-01T00:00:00Z'}]",
        "'associatedGroup':[1,'12345']",
    })
    void associatedGroupsAsObjectsOrXidStrings(String field) {
        assertTrue(host(field).isValid(), () -> host(field).toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "'associatedGroups':{'groupXid':'x'}|0x1003|associatedGroups must be an array of {\"groupXid\": …}",
        "'associatedGroups':[{'xid':'x'}]|0x1005|associatedGroups entry {\"xid\":\"x\"} has no groupXid",
        "'associatedGroups':['']|0x1005|associatedGroups has an empty xid",
        "'associatedGroups':[42]|0x1003|associatedGroups entry 42 is neither {\"groupXid\": …} nor an xid",
        "'associatedGroups':[{'groupXid':'x','dateAdded':'now'}]|0x1003|associatedGroups dateAdded \"now\" is not an ISO-8601 date-time with Z or a ±hh:mm offset (for example 2024-05-01T00:00:00Z)",
        "'associatedGroup':['abc']|0x1003|associatedGroup entry \"abc\" is not a numeric group id",
    })
    void refusesMalformedGroupLinks(String field, String code, String reason) {
        RuleResult r = host(field);
        assertEquals(code, r.code());
        assertEquals("a.example.com: " + reason, r.reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-08-04T00:00:00Z", "2017-03-03T18:00:00-06:00", "2024-02-29T23:59:59.999999999+05:30",
        "2024-05-01T12:30Z", "2024-05-01t12:30:00z", "2000-02-29T00:00:00+14:00"})
    void acceptsEveryIsoDateTimeWithAnOffset(String date) {
        for (String field : new String[] {"firstSeen", "lastSeen", "externalDateAdded", "externalDateExpires",
            "externalLastModified", "externalDateCreated", "externalDateLastModified"}) {
            RuleResult r = host("'" + field + "':'" + date + "'");
            assertTrue(r.isValid(), r::toString);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2023-02-29T00:00:00Z", "1900-02-29T00:00:00Z", "2024-04-31T00:00:00Z",
        "2024-05-01T24:00:00Z", "2024-05-01T00:60:00Z", "2024-05-01T00:00:60Z", "2024-05-01T00:00:00+0500",
        "2024-05-01T00:00:00+05", "2024-05-01T00:00:00.Z", "2024-05-01T00:00:00.1234567890Z",
        "2024-05-01 00:00:00Z", "2024-05-01T00:00:00+19:00", "2024-05-01T00:00:00Z ", "1714521600"})
    void refusesImpossibleOrZonelessDatesAsSyntaxErrors(String date) {
        RuleResult r = host("'externalDateExpires':'" + date + "'");
        assertEquals("0x1003", r.code(), r::toString);
        assertTrue(r.reason().startsWith("a.example.com: externalDateExpires \"" + date + "\" is not an ISO-8601"),
                r.reason());
    }

    @Test
    void associatedIndicatorsNeedATypeAndASummaryValidForIt() {
        assertTrue(GroupRules.check(json("{'type':'Incident','name':'n','xid':'x','associatedIndicators':"
                + "[{'summary':'Bad.Example.com','indicatorType':'Host'},{'summary':'192.0.2.1','indicatorType':'Address'}]}"))
                .isValid());
        RuleResult badSummary = GroupRules.check(json("{'type':'Incident','name':'n','xid':'x','associatedIndicators':"
                + "[{'summary':'bad_host','indicatorType':'Host'}]}"));
        assertEquals("0x1006", badSummary.code());
        assertEquals("Incident x: associatedIndicators entry {\"summary\":\"bad_host\",\"indicatorType\":\"Host\"}"
                + " has no valid Host summary", badSummary.reason());
        RuleResult noType = host("'associatedIndicators':[{'summary':'b.example.com'}]");
        assertEquals("0x1005", noType.code());
        assertEquals("a.example.com: associatedIndicators entry {\"summary\":\"b.example.com\"} has no indicatorType among"
                + " Address, EmailAddress, File, Host, URL, ASN, CIDR, Email Subject, Hashtag, Mutex, Registry Key,"
                + " User Agent", noType.reason());
        assertEquals("0x1003", host("'associatedIndicators':{'summary':'b.example.com'}").code());
    }

    @Test
    void descriptionAndSourceMustBeText() {
        assertTrue(host("'description':'C2 domain','source':'Feed X'").isValid());
        RuleResult r = host("'source':['Feed X']");
        assertEquals("0x1003", r.code());
        assertEquals("a.example.com: source must be text, not an array", r.reason());
        assertEquals("Threat x: description must be text, not an object",
                GroupRules.check(json("{'type':'Threat','name':'n','xid':'x','description':{}}")).reason());
    }

    @Test
    void numericDateIsASyntaxError() {
        assertEquals("0x1003", host("'firstSeen':1714521600").code());
    }

    @Test
    void groupFieldsOnAnIndicatorAreLeftAlone() {
        assertTrue(host("'eventDate':'soon','malware':'perhaps','associatedGroupXid':'x'").isValid());
        assertFalse(GroupRules.check(json("{'type':'Incident','name':'n','xid':'x','eventDate':'soon'}")).isValid());
    }
}
