package io.tcbatch.input;

import static io.tcbatch.input.IndicatorRulesTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GroupRulesTest {

    private static RuleResult check(String group) {
        return GroupRules.check(json(group));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Adversary", "Attack Pattern", "Campaign", "Course of Action", "Document", "Event",
        "Incident", "Intrusion Set", "Malware", "Report", "Tactic", "Threat", "Tool", "Vulnerability"})
    void acceptsEveryTypeThatNeedsOnlyNameTypeAndXid(String type) {
        RuleResult r = check("{'type':'" + type + "','name':'Example','xid':'example-1'}");
        assertTrue(r.isValid(), r::toString);
        assertEquals(type, r.type());
        assertEquals("example-1", r.key());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'name':'n','xid':'x-1'}|group x-1: the group has no type",
        "{'type':'Incident','xid':'x-1'}|Incident x-1: the group has no name",
        "{'type':'Incident','name':'n'}|Incident: the group has no xid",
        "{'type':'Incident','name':'n','xid':'  '}|Incident: the group has no xid",
        "{'type':'Email','name':'n','xid':'x-1','subject':'s','header':'h'}|Email x-1: Email groups need body",
        "{'type':'Signature','name':'n','xid':'x-1','fileName':'a.yar','fileType':'YARA'}|Signature x-1: Signature groups need fileText",
        "{'type':'Document','name':'n','xid':'x-1','malware':true}|Document x-1: a Document with malware=true needs a password",
        "{'type':'Document','name':'n','xid':'x-1','malware':'true'}|Document x-1: a Document with malware=true needs a password",
        "{'type':'Report','name':'n','xid':'x-1','insights':'summary'}|Report x-1: insights need an aiProvider",
    })
    void rejectsMissingRequiredFields(String group, String reason) {
        RuleResult r = check(group);
        assertEquals("0x1006", r.code());
        assertEquals(reason, r.reason());
    }

    @Test
    void rejectsUnknownTypesSuchAsTheOldFilePseudoGroups() {
        RuleResult r = check("{'type':'File Drop','name':'n','xid':'x-1'}");
        assertEquals("0x1006", r.code());
        assertTrue(r.reason().startsWith("File Drop x-1: unknown group type 'File Drop' (expected one of Adversary,"),
                r.reason());
        assertEquals("0x1006", check("{'type':'Task','name':'n','xid':'x-1'}").code());
        assertEquals("0x1006", check("{'type':'incident','name':'n','xid':'x-1'}").code());
    }

    @Test
    void emailAndSignatureAreValidWithTheirFields() {
        assertTrue(check("{'type':'Email','name':'n','xid':'x-1','subject':'s','header':'h','body':'b',"
                + "'from':'a@example.com'}").isValid());
        assertTrue(check("{'type':'Signature','name':'n','xid':'x-1','fileName':'a.yar','fileType':'YARA',"
                + "'fileText':'rule a {condition: true}'}").isValid());
        assertTrue(check("{'type':'Document','name':'n','xid':'x-1','malware':true,'password':'infected'}").isValid());
    }

    @Test
    void signatureFileTypeMustBeOneOfTheEnumeration() {
        RuleResult r = check("{'type':'Signature','name':'n','xid':'x-1','fileName':'a','fileType':'yara','fileText':'t'}");
        assertEquals("0x1006", r.code());
        assertTrue(r.reason().startsWith("Signature x-1: fileType 'yara' is not one of Bro, ClamAV,"), r.reason());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Event|Needs Review|true", "Event|No Further Action|true", "Event|Open|false", "Event|None|true",
        "Incident|Containment Achieved|true", "Incident|Open|true", "Incident|Needs Review|false",
        "Incident|None|true", "Incident|closed|false",
    })
    void checksEventAndIncidentStatus(String type, String status, boolean valid) {
        RuleResult r = check("{'type':'" + type + "','name':'n','xid':'x-1','status':'" + status + "'}");
        assertEquals(valid, r.isValid(), r::toString);
        if (!valid) {
            assertEquals("0x1006", r.code());
        }
    }

    @Test
    void checksEventType() {
        assertTrue(check("{'type':'Event','name':'n','xid':'x-1','eventType':'Alert [urgent]'}").isValid());
        assertEquals("0x1006", check("{'type':'Event','name':'n','xid':'x-1','eventType':'Party'}").code());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-08-04T00:00:00Z", "2017-03-03T18:00:00-06:00", "2024-05-01T12:30:00.123+02:00"})
    void acceptsDateTimesWithZOrAnOffset(String date) {
        assertTrue(check("{'type':'Incident','name':'n','xid':'x-1','eventDate':'" + date + "'}").isValid());
        assertTrue(check("{'type':'Report','name':'n','xid':'x-1','publishDate':'" + date + "'}").isValid());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2024-05-01", "2024-05-01T00:00:00", "05/01/2024", "2024-13-01T00:00:00Z", "yesterday"})
    void rejectsDatesWithoutAnOffsetAsJsonSyntaxErrorsLikeTheServer(String date) {
        RuleResult r = check("{'type':'Campaign','name':'n','xid':'x-1','firstSeen':'" + date + "'}");
        assertEquals("0x1003", r.code());
        assertEquals("Campaign x-1: firstSeen \"" + date + "\" is not an ISO-8601 date-time with Z or a ±hh:mm"
                + " offset (for example 2024-05-01T00:00:00Z)", r.reason());
        assertEquals("x-1", r.key());
    }

    @Test
    void checksTagsAndAttributesOfGroupsToo() {
        assertEquals("0x1006", check("{'type':'Threat','name':'n','xid':'x-1','attribute':[{'type':'Description'}]}")
                .code());
        assertEquals("0x1006", check("{'type':'Threat','name':'n','xid':'x-1','tag':[{'name':'" + "t".repeat(129)
                + "'}]}").code());
    }

    @Test
    void nonObjectIsASyntaxError() {
        assertEquals("0x1003", GroupRules.check(json("'Incident'")).code());
    }

    @Test
    void unknownTypeNamesEveryAllowedType() {
        assertEquals("Task x-1: unknown group type 'Task' (expected one of Adversary, Attack Pattern, Campaign,"
                + " Course of Action, Document, Email, Event, Incident, Intrusion Set, Malware, Report, Signature,"
                + " Tactic, Threat, Tool, Vulnerability)", check("{'type':'Task','name':'n','xid':'x-1'}").reason());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bro", "ClamAV", "CybOX", "Iris Search Hash", "KQL", "OpenIOC", "Regex", "SPL", "Sigma",
        "Snort", "Suricata", "TQL Query", "YARA"})
    void acceptsEverySignatureFileType(String fileType) {
        assertTrue(check("{'type':'Signature','name':'n','xid':'x-1','fileName':'f','fileType':'" + fileType
                + "','fileText':'t'}").isValid());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Alert", "Alert [flash]", "Alert [hyper-local]", "Alert [local]", "Alert [urgent]",
        "Breach", "Campaign", "Compliance / Regulatory", "Disclosure", "Emerging Threat", "Exercise", "Exposure",
        "Finding [Compliance violations]", "Finding [Configuration weaknesses]", "Finding [Missing patches]",
        "Finding [Security posture gaps]", "Investigation", "None", "Operation", "Physical Security",
        "Response Action", "Social Engineering (non-phishing)", "Third Party Reported", "Trend"})
    void acceptsEveryEventType(String eventType) {
        assertTrue(check("{'type':'Event','name':'n','xid':'x-1','eventType':'" + eventType + "'}").isValid());
    }

    @Test
    void eventStatusAndEventTypeReasonsListTheAllowedValues() {
        assertEquals("Event x-1: Event status 'Open' is not one of Completed, Escalated, False Positive, In Progress,"
                + " Needs Review, New, No Further Action, None, Reopened",
                check("{'type':'Event','name':'n','xid':'x-1','status':'Open'}").reason());
        assertEquals("Incident x-1: Incident status 'Needs Review' is not one of Closed, Containment Achieved, Deleted,"
                + " Incident Reported, New, None, Open, Rejected, Restoration Achieved, Stalled",
                check("{'type':'Incident','name':'n','xid':'x-1','status':'Needs Review'}").reason());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'type':'Email','name':'n','xid':'x-1','subject':'s','header':' ','body':'b'}|0x1006|Email x-1: Email groups need header",
        "{'type':'Signature','name':'n','xid':'x-1','fileType':'YARA','fileText':'t'}|0x1006|Signature x-1: Signature groups need fileName",
        "{'type':'Event','name':'n','xid':'x-1','insights':'i'}|0x1006|Event x-1: insights need an aiProvider",
        "{'type':'Document','name':'n','xid':'x-1','insights':'i'}|0x1006|Document x-1: insights need an aiProvider",
        "{'type':'Document','name':'n','xid':'x-1','malware':'yes'}|0x1003|Document x-1: malware \"yes\" is not true or false",
        "{'type':'Threat','name':'n','xid':'x-1','associatedGroupXid':'g-1'}|0x1003|Threat x-1: associatedGroupXid must be an array of xid strings",
        "{'type':'Threat','name':'n','xid':'x-1','associatedGroupXid':[{'groupXid':'g'}]}|0x1003|Threat x-1: associatedGroupXid entry {\"groupXid\":\"g\"} is not an xid string",
        "{'type':'Threat','name':'n','xid':'x-1','associatedGroupXid':['']}|0x1006|Threat x-1: associatedGroupXid has an empty xid",
        "{'type':'Threat','name':'n','xid':'x-1','securityLabel':[{'name':'L','color':'red'}]}|0x1006|Threat x-1: securityLabel 'L' color \"red\" is not six hex digits such as FF0000",
        "{'type':'Threat','name':'n','xid':'x-1','externalDateExpires':'2024-02-30T00:00:00Z'}|0x1003|Threat x-1: externalDateExpires \"2024-02-30T00:00:00Z\" is not an ISO-8601 date-time with Z or a ±hh:mm offset (for example 2024-05-01T00:00:00Z)",
        "{'type':'Event','name':'n','xid':'x-1','aiLastRetrievalDate':'2024-02-30'}|0x1003|Event x-1: aiLastRetrievalDate \"2024-02-30\" is not an ISO-8601 date-time with Z or a ±hh:mm offset (for example 2024-05-01T00:00:00Z)",
    })
    void checksTheRestOfTheGroupFields(String group, String code, String reason) {
        RuleResult r = check(group);
        assertEquals(code, r.code());
        assertEquals(reason, r.reason());
    }

    @Test
    void validGroupsWithEveryOptionalField() {
        assertTrue(check("{'type':'Event','name':'n','xid':'x-1','eventDate':'2024-05-01T00:00:00Z','status':'New',"
                + "'eventType':'Breach','insights':'i','aiProvider':'p','aiLastRetrievalDate':'2024-05-01T00:00:00Z',"
                + "'associatedGroupXid':['g-1','g-2'],'securityLabel':[{'name':'TLP:RED','color':'ff0000'}]}")
                .isValid());
        assertTrue(check("{'type':'Document','name':'n','xid':'x-1','fileName':'a.pdf','malware':'false'}").isValid());
        assertTrue(check("{'type':'Document','name':'n','xid':'x-1','malware':'TRUE','password':'infected'}").isValid());
    }
}
