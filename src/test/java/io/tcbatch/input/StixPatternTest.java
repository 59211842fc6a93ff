package io.tcbatch.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The STIX pattern parser: alternatives of conjunctions, and where a pattern stops making sense. */
class StixPatternTest {

    /** Each alternative as "type:path op value & …". */
    static List<String> alternatives(String pattern) throws StixPattern.PatternException {
        return StixPattern.parse(pattern).stream().map(conj -> String.join(" & ", conj.stream()
                .map(c -> c.objectType() + ":" + c.property() + " " + (c.negated() ? "NOT " : "") + c.op() + " " + c.value())
                .toList())).toList();
    }

    @Test
    void orGivesAlternativesAndAndKeepsComparisonsTogether() throws Exception {
        assertEquals(List.of("ipv4-addr:value = 192.0.2.1", "domain-name:value = a.example.com"),
                alternatives("[ipv4-addr:value = '192.0.2.1' OR domain-name:value = 'a.example.com']"));
        assertEquals(List.of("file:hashes.MD5 = d41d8cd98f00b204e9800998ecf8427e & file:hashes.SHA-256 = e3b0"),
                alternatives("[file:hashes.MD5 = 'd41d8cd98f00b204e9800998ecf8427e' AND file:hashes.'SHA-256' = 'e3b0']"));
        // AND binds tighter than OR; parentheses and AND of ORs multiply out.
        assertEquals(List.of("a:x = 1 & a:y = 2", "a:z = 3"), alternatives("[a:x = 1 AND a:y = 2 OR a:z = 3]"));
        assertEquals(List.of("a:x = 1 & a:z = 3", "a:y = 2 & a:z = 3"), alternatives("[(a:x = 1 OR a:y = 2) AND a:z = 3]"));
    }

    @Test
    void inListsQualifiersAndObservationOperators() throws Exception {
        assertEquals(List.of("ipv4-addr:value = 192.0.2.1", "ipv4-addr:value = 192.0.2.2"),
                alternatives("[ipv4-addr:value IN ('192.0.2.1', '192.0.2.2')]"));
        assertEquals(List.of("url:value = http://a.example.com/", "email-addr:value = a@example.com", "mutex:name = m"),
                alternatives("([url:value = 'http://a.example.com/'] FOLLOWEDBY [email-addr:value = 'a@example.com'])"
                        + " WITHIN 60 SECONDS AND [mutex:name = 'm'] REPEATS 2 TIMES"
                        + " START t'2024-01-01T00:00:00Z' STOP t'2024-02-01T00:00:00Z'"));
        assertEquals(List.of("network-traffic:dst_ref.value = 198.51.100.1 & network-traffic:dst_port = 443"),
                alternatives("[network-traffic:dst_ref.value = '198.51.100.1' AND network-traffic:dst_port = 443]"));
        assertEquals(List.of("email-message:to_refs[*].value = a@example.com & x:y NOT LIKE a%"),
                alternatives("[email-message:to_refs[*].value = 'a@example.com' AND x:y NOT LIKE 'a%']"));
        assertEquals(List.of("m:n = it's \\ here"), alternatives("[m:n = 'it\\'s \\\\ here']"));
        assertEquals(List.of("file:size >= 10", "x:y EXISTS null"), alternatives("[file:size >= 10] OR [EXISTS x:y]"));
        assertEquals(List.of("a:b = 1", "a:c != 2"), alternatives("[a:b == 1 OR a:c <> 2]"));
    }

    @Test
    void whatIsNotAPatternSaysWhereItStopped() {
        String[][] cases = {
                {"ipv4-addr:value = '192.0.2.1'", "1", "expected '[' starting an observation, found 'ipv4-addr'"},
                {"[ipv4-addr:value = '192.0.2.1'", "31", "expected ']' closing the observation, found end of pattern"},
                {"[ipv4-addr:value = '192.0.2.1]", "20", "string not closed: a quote ' is missing"},
                {"[ipv4-addr = '192.0.2.1']", "12", "expected ':' after the object type 'ipv4-addr', found '='"},
                {"[ipv4-addr:value = = '1']", "20", "expected a value (a quoted string, a number, true or false), found '='"},
                {"[ipv4-addr:value ~ '1']", "18", "unexpected character '~'"},
                {"[a:b = 'x'] junk", "13", "unexpected 'junk'"},
                {"", "1", "expected '[' starting an observation, found end of pattern"},
        };
        for (String[] c : cases) {
            StixPattern.PatternException e = assertThrows(StixPattern.PatternException.class, () -> StixPattern.parse(c[0]),
                    c[0]);
            assertEquals(c[2], e.getMessage(), c[0]);
            assertEquals(Integer.parseInt(c[1]), e.position, c[0]);
        }
    }

    @Test
    void aPatternThatWouldMultiplyOutWithoutEndIsRefused() {
        StringBuilder p = new StringBuilder("[");
        for (int i = 0; i < 12; i++) {
            p.append(i == 0 ? "" : " AND ").append("(a:x = 1 OR a:y = 2)");
        }
        StixPattern.PatternException e = assertThrows(StixPattern.PatternException.class, () -> StixPattern.parse(p + "]"));
        assertEquals("the pattern expands to more than 1000 alternatives", e.getMessage());
    }
}
