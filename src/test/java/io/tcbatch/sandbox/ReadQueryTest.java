package io.tcbatch.sandbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The strict decoding of read-API paths and queries, and the paging parameters. */
class ReadQueryTest {

    @Test
    void queryValuesDecodePlusAndPercent20AsSpaceAndNamesIgnoreCase() throws Exception {
        ReadQuery q = ReadQuery.parse("Owner=Example+Community&resultLimit=5&owner=Second&includeAdditional=TRUE&flag");
        assertEquals("Example Community", q.get("owner"));
        assertEquals(5, q.resultLimit());
        assertEquals(0, q.resultStart());
        assertTrue(q.flag("includeadditional"));
        assertEquals("", q.get("flag"));
        assertNull(q.get("missing"));
        assertEquals("Example Community", ReadQuery.parse("owner=Example%20Community").get("OWNER"));
        assertEquals("a+b", ReadQuery.parse("owner=a%2Bb").get("owner"));
        assertEquals(100, ReadQuery.parse(null).resultLimit());
        assertFalse(ReadQuery.parse("").flag("includeAdditional"));
    }

    @Test
    void pathSegmentsKeepPlusAndDecodeUtf8() throws Exception {
        assertEquals("a+b c/€", ReadQuery.decode("a+b%20c%2F%E2%82%AC", false, "path"));
        assertEquals("plain", ReadQuery.decode("plain", false, "path"));
    }

    @Test
    void malformedEscapesAndInvalidUtf8AreBadRequestsWithAMessage() {
        assertEquals("The request path has a malformed percent escape",
                assertThrows(ReadQuery.BadRequest.class, () -> ReadQuery.decode("bad%zz", false, "path")).getMessage());
        assertEquals("The request path has a malformed percent escape",
                assertThrows(ReadQuery.BadRequest.class, () -> ReadQuery.decode("bad%4", false, "path")).getMessage());
        assertEquals("The request query has a malformed percent escape",
                assertThrows(ReadQuery.BadRequest.class, () -> ReadQuery.parse("owner=%")).getMessage());
        assertEquals("The request query is not percent-encoded UTF-8",
                assertThrows(ReadQuery.BadRequest.class, () -> ReadQuery.parse("owner=%C3%28")).getMessage());
        assertEquals("The request path is not percent-encoded UTF-8",
                assertThrows(ReadQuery.BadRequest.class, () -> ReadQuery.decode("%FF", false, "path")).getMessage());
    }

    @Test
    void pagingBoundaries() throws Exception {
        assertEquals(10_000, ReadQuery.parse("resultLimit=10000").resultLimit());
        assertEquals(1, ReadQuery.parse("resultLimit=1").resultLimit());
        assertEquals(Integer.MAX_VALUE, ReadQuery.parse("resultStart=2147483647").resultStart());
        assertEquals("Invalid resultLimit '10001': a whole number from 1 to 10000 is expected",
                assertThrows(ReadQuery.BadRequest.class, () -> ReadQuery.parse("resultLimit=10001").resultLimit()).getMessage());
        assertEquals("Invalid resultStart '+1': a whole number from 0 is expected",
                assertThrows(ReadQuery.BadRequest.class, () -> ReadQuery.parse("resultStart=%2B1").resultStart()).getMessage());
        assertEquals("Invalid resultStart ' 1': a whole number from 0 is expected",
                assertThrows(ReadQuery.BadRequest.class, () -> ReadQuery.parse("resultStart=+1").resultStart()).getMessage());
    }
}
