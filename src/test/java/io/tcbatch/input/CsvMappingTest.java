package io.tcbatch.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The mapping's words (the DSL block), {@code --map} and the guess from header names. */
class CsvMappingTest {

    @Test
    void parseReadsTheCommandLineSpec() {
        assertEquals("value dst_ip; type Address; tags malware", CsvMapping.parse("value=dst_ip,type=Address,tags=malware").toString());
        assertEquals("value SHA256, Download URL; type detected; rating 3; confidence conf; attribute Source feed;"
                        + " firstSeen first_seen_utc; port #3",
                CsvMapping.parse("value=SHA256, value=Download URL, rating=3, confidence=conf, attribute.Source=feed,"
                        + "first_seen=first_seen_utc, port=#3").toString());
        // Hash columns are kept in summary order whatever order they are given in.
        assertEquals("File from md5 a, sha256 c", CsvMapping.parse("sha256=c,md5=a").toString());
        // A type that is no type name is the column holding the type.
        assertEquals("value Value; type column Kind", CsvMapping.parse("value=Value,type=Kind").toString());
        assertEquals("value ip; type Host", CsvMapping.parse("value=ip,type=domain").toString());
    }

    @Test
    void parseSaysWhatIsWrongAndWhatIsAllowed() {
        assertEquals("unknown mapping key 'valeu' (keys: " + String.join(", ", CsvMapping.KEYS) + ")",
                assertThrows(IllegalArgumentException.class, () -> CsvMapping.parse("valeu=x")).getMessage());
        assertEquals("'dst_ip' is not key=column (keys: " + String.join(", ", CsvMapping.KEYS) + ")",
                assertThrows(IllegalArgumentException.class, () -> CsvMapping.parse("dst_ip")).getMessage());
        assertEquals("delimiter is one of , ; | tab, not ':'",
                assertThrows(IllegalArgumentException.class, () -> CsvMapping.parse("value=a,delimiter=:")).getMessage());
        assertEquals("value: column numbers start at 1, not 0",
                assertThrows(IllegalArgumentException.class, () -> new CsvMapping().value(0)).getMessage());
    }

    @Test
    void theWordsChainAsTheDslBlockUsesThem() {
        CsvMapping m = new CsvMapping().value("dst_ip").type("Address").port("dst_port").tags("malware", "family")
                .firstSeen("first_seen_utc").lastSeen("last_online").description("note").rating(2.5).confidence(70)
                .file(Map.of("sha256", "h2", "md5", "h1"));
        assertEquals("value dst_ip; File from md5 h1, sha256 h2; type Address; rating 2.5; confidence 70;"
                + " tags malware, family; description note; firstSeen first_seen_utc; lastSeen last_online; port dst_port",
                m.toString());
        assertEquals("value Type; type detected", new CsvMapping().value("Type").type("Host").type("auto").toString());
        assertEquals("value v; type column Host", new CsvMapping().value("v").typeColumn("Host").toString());
    }

    @Test
    void theGuessGoesByHeaderNames() {
        assertEquals("value Download URL; File from sha256 SHA256; type detected",
                CsvMapping.guess(List.of("Timestamp", "SHA256", "Download URL", "Dropped Filename")).toString());
        assertEquals("value ioc_value; type column ioc_type; confidence confidence_level; tags malware_printable, tags;"
                        + " firstSeen first_seen_utc; lastSeen last_seen_utc",
                CsvMapping.guess(List.of("first_seen_utc", "ioc_id", "ioc_value", "ioc_type", "threat_type",
                        "malware_printable", "last_seen_utc", "confidence_level", "reference", "tags")).toString());
        assertEquals("value Indicator; type column Indicator Type; description Comment",
                CsvMapping.guess(List.of("Indicator", "Indicator Type", "Comment")).toString());
        assertEquals("empty", CsvMapping.guess(List.of("when", "what")).toString());
        // PhishTank: the url is the indicator, phish_detail_url the feed's own page about it.
        assertEquals("value url; type detected",
                CsvMapping.guess(List.of("phish_id", "url", "phish_detail_url", "submission_time", "target")).toString());
    }

    @Test
    void typeNamesAsFeedsSpellThem() {
        assertEquals("Address", CsvMapping.typeName("IPv4"));
        assertEquals("EmailAddress", CsvMapping.typeName("Email Address"));
        assertEquals("File", CsvMapping.typeName("sha256_hash"));
        assertEquals("Registry Key", CsvMapping.typeName("registry key"));
        assertEquals("Host", CsvMapping.typeName("domain"));
        assertEquals(null, CsvMapping.typeName("botnet_cc"));
    }
}
