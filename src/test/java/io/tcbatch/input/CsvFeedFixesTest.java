package io.tcbatch.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The readers' side of the trial's findings: CSV numbers, constant attributes, type hints, CSV read as a list. */
class CsvFeedFixesTest {
    @TempDir
    Path dir;

    private List<String> items(String name, String text, CsvMapping mapping) throws IOException {
        Path p = Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
        List<String> out = new ArrayList<>();
        try (ItemSource s = mapping == null ? Inputs.open(p) : Inputs.csv(p, mapping).open(in -> in)) {
            for (InputItem i = s.next(); i != null; i = s.next()) {
                out.add(i.line() + " " + (i.isRejected() ? "REJECT " + i.rejectReason() : i.node().toString()));
            }
        }
        return out;
    }

    @Test
    void ratingAndConfidenceAreWhatTheNormaliserSendsForBatchJson() throws IOException {
        List<String> got = items("n.csv", "value,confidence,rating\n192.0.2.1,3.00,2.50\n198.51.100.2,50,3.0\n"
                + "203.0.113.3,60.5,4\n", null);
        assertEquals(List.of(
                "2 {\"type\":\"Address\",\"summary\":\"192.0.2.1\",\"rating\":2.5,\"confidence\":3}",
                "3 {\"type\":\"Address\",\"summary\":\"198.51.100.2\",\"rating\":3,\"confidence\":50}",
                // A fractional confidence stays a fraction: the rules refuse it as not whole (not rounded here).
                "4 {\"type\":\"Address\",\"summary\":\"203.0.113.3\",\"rating\":4,\"confidence\":60.5}"), got);
        // Constants of the block too: Groovy's 3.0 is a BigDecimal.
        List<String> constant = items("c.csv", "value\n192.0.2.4\n",
                new CsvMapping().value("value").rating(new java.math.BigDecimal("3.0")).confidence(80.0));
        assertEquals(List.of("2 {\"type\":\"Address\",\"summary\":\"192.0.2.4\",\"rating\":3,\"confidence\":80}"), constant);
        // And the same item from Batch JSON, through the normaliser, is sent so (the rules and the normaliser decide).
        com.fasterxml.jackson.databind.node.ObjectNode json = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                        "{\"type\":\"Address\",\"summary\":\"192.0.2.1\",\"rating\":\"2.50\",\"confidence\":\"3.00\"}");
        ItemNormaliser.apply(ItemKind.INDICATOR, json, IndicatorRules.check(json));
        assertEquals("{\"type\":\"Address\",\"summary\":\"192.0.2.1\",\"rating\":2.5,\"confidence\":3}", json.toString());
    }

    @Test
    void anAttributeWithValueIsTheSameOnEveryRowAndOneWithAColumnIsReadPerRow() throws IOException {
        CsvMapping m = new CsvMapping().value("ip").attribute("Note", "note").attribute(Map.of("value", "fw feed"), "Source");
        List<String> got = items("a.csv", "ip,note\n192.0.2.5,first\n192.0.2.6,\n", m);
        assertEquals(List.of(
                "2 {\"type\":\"Address\",\"summary\":\"192.0.2.5\",\"attribute\":[{\"type\":\"Note\",\"value\":\"first\"},"
                        + "{\"type\":\"Source\",\"value\":\"fw feed\"}]}",
                "3 {\"type\":\"Address\",\"summary\":\"192.0.2.6\",\"attribute\":[{\"type\":\"Source\",\"value\":\"fw feed\"}]}"),
                got);
        // column: is the column form spelt out; another option is refused naming both.
        assertEquals("attribute Feed note", new CsvMapping().attribute(Map.of("column", "note"), "Feed").toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new CsvMapping().attribute(Map.of("valeu", "x"), "Source"));
        assertEquals("attribute 'Source' takes value: TEXT (the same on every row) or column: NAME, not valeu:", e.getMessage());
    }

    @Test
    void aTypeCloseToAnIndicatorTypeIsHintedOnlyWhenNoColumnHasItsName() throws IOException {
        assertEquals("Address", CsvMapping.closestType("Adress"));
        assertEquals("EmailAddress", CsvMapping.closestType("EmailAdress"));
        assertNull(CsvMapping.closestType("kind"), "a column name far from every type is no typo");
        // A header that has the column: it is the type column, as before, and no hint is given.
        List<String> got = items("t.csv", "value,Adress\n192.0.2.7,Address\n", new CsvMapping().value("value").type("Adress"));
        assertEquals(List.of("2 {\"type\":\"Address\",\"summary\":\"192.0.2.7\"}"), got);
        InputException e = assertThrows(InputException.class,
                () -> items("u.csv", "value,kind\n192.0.2.8,Address\n", new CsvMapping().value("value").type("Adress")));
        assertTrue(e.getMessage().contains("type 'Adress' is neither an indicator type nor a column of the header row"
                + " (did you mean 'Address'?; columns: 'value', 'kind')"), e.getMessage());
    }

    @Test
    void aRejectedListLineThatIsACsvRowSaysSoAndAcceptedLinesAreUnchanged() throws IOException {
        assertTrue(IocListReader.csvRow("2024-04-04;192.0.2.71;80"));
        assertTrue(IocListReader.csvRow("\"2024-04-04\",\"bad.example.com\""));
        assertFalse(IocListReader.csvRow("just some words here"));
        assertFalse(IocListReader.csvRow("2024-04-04;80;tcp"), "no field is an indicator");
        List<String> got = items("hits.dat", "2024-04-04;192.0.2.71;80\n192.0.2.72;scanner\n2024-04-05\t192.0.2.73\t443\n",
                null);
        assertEquals(3, got.size(), got.toString());
        assertTrue(got.get(0).startsWith("1 REJECT not a recognised indicator") && got.get(0).endsWith(
                "; the line looks like CSV: try --format csv (or csv(…) in a script)"), got.get(0));
        // "value;comment" is a list line as before: taken, no hint.
        assertEquals("2 {\"type\":\"Address\",\"summary\":\"192.0.2.72\",\"description\":\"scanner\"}", got.get(1));
        assertTrue(got.get(2).contains("the line looks like CSV"), got.get(2));
        try (ItemSource s = Inputs.open(dir.resolve("hits.dat"))) {
            while (s.next() != null) {
                // read to the end: the note is complete then
            }
            assertEquals("IOC list (2 of 3 lines were rejected and look like CSV rows: try --format csv (or csv(…) in a"
                    + " script))", s.formatName());
            assertEquals("IOC list", s.description().get("format"));
        }
        // A list whose rows are all taken gets no note.
        try (ItemSource s = Inputs.open(Files.writeString(dir.resolve("ok.txt"), "192.0.2.74,scanner\n192.0.2.75\n"))) {
            while (s.next() != null) {
                // read to the end
            }
            assertEquals("IOC list", s.formatName());
        }
    }
}
