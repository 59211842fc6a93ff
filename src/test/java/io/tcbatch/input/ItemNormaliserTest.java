package io.tcbatch.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

/** What is sent is what was checked: the rules' normal form written back into the item. */
class ItemNormaliserTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String normalised(String item) throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree(item);
        RuleResult r = IndicatorRules.check(node);
        assertTrue(r.isValid(), r.reason());
        ItemNormaliser.apply(ItemKind.INDICATOR, node, r);
        return node.toString();
    }

    @Test
    void hostsAreLowerCaseAndPunycode() throws Exception {
        assertEquals("{\"type\":\"Host\",\"summary\":\"xn--bcher-kva.example.com\"}",
                normalised("{\"type\":\"Host\",\"summary\":\"BÜCHER.Example.COM\"}"));
        assertEquals("{\"type\":\"Host\",\"hostName\":\"bad.example.com\"}",
                normalised("{\"type\":\"Host\",\"hostName\":\"Bad.Example.com\"}"));
    }

    @Test
    void addressesAsnsUrlsAndCidrsTakeTheServersForm() throws Exception {
        assertEquals("{\"type\":\"Address\",\"summary\":\"2001:db8::1\"}",
                normalised("{\"type\":\"Address\",\"summary\":\"2001:DB8:0:0:0:0:0:1\"}"));
        assertEquals("{\"type\":\"ASN\",\"summary\":\"ASN123\"}", normalised("{\"type\":\"ASN\",\"summary\":\"ASN 123\"}"));
        assertEquals("{\"type\":\"URL\",\"summary\":\"http://example.com/Path\"}",
                normalised("{\"type\":\"URL\",\"summary\":\"HTTP://Example.COM/Path\"}"));
        assertEquals("{\"type\":\"CIDR\",\"summary\":\"2001:db8:0:0:0:0:0:0/32\"}",
                normalised("{\"type\":\"CIDR\",\"summary\":\"2001:db8::/32\"}"));
    }

    @Test
    void hashesAreLowerCaseInTheirFieldsAndInSummaries() throws Exception {
        String md5 = "D41D8CD98F00B204E9800998ECF8427E";
        assertEquals("{\"type\":\"File\",\"md5\":\"" + md5.toLowerCase() + "\"}",
                normalised("{\"type\":\"File\",\"md5\":\"" + md5 + "\"}"));
        assertEquals("{\"type\":\"File\",\"summary\":\"" + md5.toLowerCase() + "\"}",
                normalised("{\"type\":\"File\",\"summary\":\"" + md5 + "\"}"));
    }

    @Test
    void numbersAndBooleansSentAsStringsBecomeJsonNumbersAndBooleans() throws Exception {
        assertEquals("{\"type\":\"Host\",\"summary\":\"a.example.com\",\"rating\":4,\"confidence\":50,\"privateFlag\":true}",
                normalised("{\"type\":\"Host\",\"summary\":\"a.example.com\",\"rating\":\"4.0\",\"confidence\":\"50\",\"privateFlag\":\"true\"}"));
        assertEquals("{\"type\":\"Host\",\"summary\":\"a.example.com\",\"rating\":2.5}",
                normalised("{\"type\":\"Host\",\"summary\":\"a.example.com\",\"rating\":\"2.5\"}"));
    }

    @Test
    void anItemAlreadyInNormalFormIsNotTouched() throws Exception {
        ObjectNode node = (ObjectNode) JSON.readTree("{\"type\":\"Host\",\"summary\":\"a.example.com\",\"rating\":3,"
                + "\"tag\":[{\"name\":\"C2\"}],\"attribute\":[{\"type\":\"Description\",\"value\":\"Mixed Case Kept\"}]}");
        String before = node.toString();
        assertFalse(ItemNormaliser.apply(ItemKind.INDICATOR, node, IndicatorRules.check(node)));
        assertEquals(before, node.toString());
    }
}
