package io.tcbatch.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.tcbatch.batch.RunSummary;

class SummaryTextTest {

    private static String print(RunSummary s) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        SummaryText.print(s, new PrintStream(b, true, StandardCharsets.UTF_8));
        return b.toString(StandardCharsets.UTF_8);
    }

    @Test
    void showsHaltedJobsPerKindCountsFatalNotesAndTheFailedItemsFile() {
        RunSummary.Job halted = new RunSummary.Job(17L, 1, "Completed", 5, 2, 1, 2, true,
                "halted: the job stopped before its end; 2 item(s) were never processed",
                new RunSummary.Kind(2, 1), new RunSummary.Kind(0, 0), null, null);
        RunSummary.Job inline = new RunSummary.Job(null, 2, "Completed", 3, 3, 0, 0, false, null, null, null, null, null);
        RunSummary s = new RunSummary("r1", "local", "Example Org", "Create", List.of(halted, inline),
                new RunSummary.Totals(8, 0, 0, 8, 5, 1, 2), List.of(), null, "/runs/r1/failed-items.json", 1, 1);
        String out = print(s);
        assertTrue(out.contains("17         Halted"), out);
        assertTrue(out.contains("inline     Completed"), out);
        assertTrue(out.contains("indicators"), out);
        assertTrue(out.contains("2/1"), out);
        assertTrue(out.contains("17: halted: the job stopped before its end"), out);
        assertTrue(out.contains("fix and import again: /runs/r1/failed-items.json"), out);
        assertTrue(out.contains("1 server error could not be traced"), out);
    }

    @Test
    void itemsAScriptDroppedAreShownOnlyWhenThereAreSomeAndTheJsonKeyLikewise() throws Exception {
        RunSummary dropped = new RunSummary("r1", "local", "Example Org", "Create",
                List.of(new RunSummary.Job(17L, "Completed", 3, 3, 0, 0)),
                new RunSummary.Totals(5, 0, 0, 3, 3, 0, 0, 0, 2), List.of(), null, 0);
        assertTrue(dropped.totals().balanced());
        assertTrue(print(dropped).contains("Totals: read 5, duplicates 0, rejected 0, dropped by the script 2, submitted 3"),
                print(dropped));
        var json = new com.fasterxml.jackson.databind.ObjectMapper();
        assertEquals(2, json.valueToTree(dropped).path("totals").path("dropped").asLong());
        RunSummary none = new RunSummary("r1", "local", "Example Org", "Create",
                List.of(new RunSummary.Job(17L, "Completed", 3, 3, 0, 0)),
                new RunSummary.Totals(3, 0, 0, 3, 3, 0, 0), List.of(), null, 0);
        assertFalse(print(none).contains("dropped"), print(none));
        assertFalse(json.valueToTree(none).path("totals").has("dropped"));
    }

    @Test
    void withoutPerKindCountsNoKindColumns() {
        RunSummary s = new RunSummary("r1", "local", "Example Org", "Create",
                List.of(new RunSummary.Job(17L, "Completed", 3, 3, 0, 0)),
                new RunSummary.Totals(3, 0, 0, 3, 3, 0, 0), List.of(), null, 0);
        String out = print(s);
        assertFalse(out.contains("indicators"), out);
        assertFalse(out.contains("failed-items"), out);
        assertTrue(out.contains("every item accepted"), out);
    }

    @Test
    void aRunStoppedOnAFailureShowsTheUnconfirmedItemsAndTheMessage() {
        RunSummary s = new RunSummary("r1", "local", "Example Org", "Create",
                List.of(new RunSummary.Job(17L, "Completed", 3, 3, 0, 0), new RunSummary.Job(18L, "Queued", 2, 0, 0, 0)),
                new RunSummary.Totals(5, 0, 0, 5, 3, 0, 0, 2), List.of(), null, null, 0,
                "status of job 18: HTTP 401: Access Denied; continue with: watch 18", 3);
        String out = print(s);
        assertTrue(out.contains("unprocessed 0, unconfirmed 2"), out);
        assertTrue(out.contains("Stopped on a remote failure: status of job 18: HTTP 401: Access Denied; continue with: watch 18"),
                out);
        assertTrue(out.contains("(exit 3)"), out);
    }

    @Test
    void aCreateNeverConfirmedIsShownShortUnderItsChunkAndListedApartFromTheServersErrors() {
        RunSummary.Job done = new RunSummary.Job(17L, 1, "Completed", 3, 2, 1, 0, false, null, null, null, null, null);
        RunSummary.Job lost = new RunSummary.Job(null, 2, "Create not confirmed", 2, null, null, null, false, null, null,
                null, null, null);
        List<RunSummary.ErrorGroup> errors = List.of(
                new RunSummary.ErrorGroup("0x1005", "{item} is not valid", 1, List.of("a.example.com")),
                new RunSummary.ErrorGroup(RunSummary.ErrorGroup.UNCONFIRMED,
                        "chunk 2: its create was sent but never confirmed (a job may exist on the server); not sent again",
                        2, List.of()));
        RunSummary s = new RunSummary("r1", "local", "Example Org", "Create", List.of(done, lost),
                new RunSummary.Totals(5, 0, 0, 5, 2, 1, 0, 2), errors, null, "/runs/r1/failed-items.json", 0, null, 3);
        String out = print(s);
        assertTrue(out.contains("  chunk 2    unconfirmed         2"), out);
        assertFalse(out.contains("inline"), out);
        String server = out.substring(out.indexOf("Errors reported by the server:"), out.indexOf("Not confirmed"));
        assertTrue(server.contains("0x1005"), server);
        assertFalse(server.contains("never confirmed"), server);
        assertTrue(out.contains("Not confirmed (the answer to the create was lost; not a server error):\n"
                + "  2 items  chunk 2: its create was sent but never confirmed"), out);
        assertTrue(out.contains("if it is there, follow it with: watch ID"), out);
        // Where the failed items went, after the grouped errors.
        assertTrue(out.indexOf("fix and import again: /runs/r1/failed-items.json") > out.indexOf("0x1005"), out);
    }

    @Test
    void onlyUnconfirmedGroupsPrintNoServerErrorHeading() {
        StringBuilder b = new StringBuilder();
        SummaryText.errors(List.of(new RunSummary.ErrorGroup(RunSummary.ErrorGroup.UNCONFIRMED, "chunk 1: lost", 4,
                List.of())), b);
        assertEquals("", b.toString());
    }
}
