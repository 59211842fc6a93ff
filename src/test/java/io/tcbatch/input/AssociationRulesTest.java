package io.tcbatch.input;

import static io.tcbatch.input.IndicatorRulesTest.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AssociationRulesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'ref_1':'bad.example.com','type_1':'Host','ref_2':'incident-42'}|bad.example.com -> incident-42",
        "{'ref_1':'incident-42','id_2':555}|incident-42 -> #555",
        "{'id_1':'12','id_2':34}|#12 -> #34",
        "{'ref_1':'x','id_1':7,'ref_2':'y'}|#7 -> y",
    })
    void keyDescribesBothSidesWithIdsWinningOverRefs(String association, String key) {
        RuleResult r = AssociationRules.check(json(association));
        assertTrue(r.isValid(), r::toString);
        assertEquals(ItemKind.ASSOCIATION, r.kind());
        assertEquals(key, r.key());
    }

    @Test
    void associationTypeAndItsTcexAliasAreCarriedAsTheType() {
        assertEquals("URL Host", AssociationRules.check(json("{'ref_1':'a.example.com','type_1':'Host',"
                + "'ref_2':'http://a.example.com/x','type_2':'URL','associationType':'URL Host'}")).type());
        assertEquals("URL Host", AssociationRules.check(json("{'ref_1':'a.example.com','type_1':'Host',"
                + "'ref_2':'http://a.example.com/x','type_2':'URL','association_type':'URL Host'}")).type());
        assertNull(AssociationRules.check(json("{'ref_1':'a','ref_2':'b'}")).type());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "{'ref_2':'incident-42'}|association ? -> incident-42 needs ref_1 or id_1",
        "{'ref_1':'bad.example.com','type_1':'Host'}|association bad.example.com -> ? needs ref_2 or id_2",
        "{'ref_1':'','ref_2':'g'}|association ? -> g needs ref_1 or id_1",
        "{'ref_1':'a','type_1':'host','ref_2':'g'}|association a -> g: type_1 \"host\" is not an indicator type",
        "{'ref_1':'a','ref_2':'g','type_2':'Incident'}|association a -> g: type_2 \"Incident\" is not an indicator type",
        "{'ref_1':'a','id_2':'abc','ref_2':'g'}|association a -> g: id_2 \"abc\" is not a numeric id",
    })
    void rejectsMissingSidesAndBadTypes(String association, String reason) {
        RuleResult r = AssociationRules.check(json(association));
        assertEquals("0x1009", r.code());
        assertEquals(reason, r.reason());
    }

    @Test
    void nonObjectIsASyntaxError() {
        assertEquals("0x1003", AssociationRules.check(json("[1,2]")).code());
    }

    @Test
    void twoIndicatorsNeedAnAssociationType() {
        RuleResult r = AssociationRules.check(json("{'ref_1':'a.example.com','type_1':'Host',"
                + "'ref_2':'http://a.example.com/x','type_2':'URL'}"));
        assertEquals("0x1009", r.code());
        assertEquals("association a.example.com -> http://a.example.com/x: two indicators (type_1 and type_2 given)"
                + " can only be associated with an associationType such as 'URL Host'", r.reason());
        assertEquals("0x1009", AssociationRules.check(json("{'id_1':1,'type_1':'Host','id_2':2,'type_2':'URL',"
                + "'associationType':' '}")).code());
        assertTrue(AssociationRules.check(json("{'id_1':1,'type_1':'Host','id_2':2,'type_2':'URL',"
                + "'association_type':'URL Host'}")).isValid());
    }

    @Test
    void indicatorToGroupNeedsNoAssociationType() {
        RuleResult r = AssociationRules.check(json("{'ref_1':'incident-42','ref_2':'Bad.Example.com','type_2':'Host'}"));
        assertTrue(r.isValid(), r::toString);
        assertEquals("incident-42 -> bad.example.com", r.key());
        assertNull(r.type());
    }

    @Test
    void indicatorRefsAreNormalisedAndMustBeValidForTheirType() {
        RuleResult ok = AssociationRules.check(json("{'ref_1':'D41D8CD98F00B204E9800998ECF8427E','type_1':'File',"
                + "'ref_2':'HTTP://A.example.com/X','type_2':'URL','associationType':'File URL'}"));
        assertEquals("d41d8cd98f00b204e9800998ecf8427e -> http://a.example.com/X", ok.key());
        RuleResult bad = AssociationRules.check(json("{'ref_1':'bad_host.example','type_1':'Host','ref_2':'g-1'}"));
        assertEquals("0x1009", bad.code());
        assertEquals("association bad_host.example -> g-1: ref_1 'bad_host.example' is not a valid Host", bad.reason());
        // An id wins over the ref, so a bad ref next to an id is never looked at.
        assertTrue(AssociationRules.check(json("{'ref_1':'bad_host','id_1':9,'type_1':'Host','ref_2':'g-1'}")).isValid());
    }

    @Test
    void associationTypeMustBeText() {
        RuleResult r = AssociationRules.check(json("{'ref_1':'a','ref_2':'b','associationType':3}"));
        assertEquals("0x1009", r.code());
        assertEquals("association a -> b: associationType 3 is not a name", r.reason());
    }

    @Test
    void negativeOrHugeIdsAreNotIds() {
        assertEquals("association a -> g: id_2 -5 is not a numeric id",
                AssociationRules.check(json("{'ref_1':'a','id_2':-5,'ref_2':'g'}")).reason());
        assertEquals("0x1009", AssociationRules.check(json("{'ref_1':'a','id_2':'12345678901234567890'}")).code());
    }
}
