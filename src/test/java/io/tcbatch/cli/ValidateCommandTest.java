package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** {@code bin/tcbatch validate}: the preflight and its plan, nothing sent, no server started. */
class ValidateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;
    @TempDir
    Path in;

    private Path file(String name, String content) throws Exception {
        Path p = in.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    private static final String MIXED = "{\"group\":[{\"type\":\"Adversary\",\"name\":\"A\",\"xid\":\"a\"}],\n"
            + "\"indicator\":[{\"type\":\"Host\",\"summary\":\"a.example.com\"},{\"type\":\"Host\",\"summary\":\"b.example.com\"},\n"
            + "{\"type\":\"Host\",\"summary\":\"a.example.com\"},{\"type\":\"Address\",\"summary\":\"999.1.1.1\"}],\n"
            + "\"association\":[{\"ref_1\":\"a.example.com\",\"type_1\":\"Host\",\"ref_2\":\"a\"}]}";

    @Test
    void printsThePlanAsTextAndSendsNothing() throws Exception {
        Path f = file("ok.json", "[{\"type\":\"Host\",\"summary\":\"a.example.com\"},{\"type\":\"Host\",\"summary\":\"b.example.com\"}]");
        Cli cli = new Cli(home);
        Cli.Result r = cli.run("validate", f.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("read 2, duplicates 0, rejected 0\n"), r.out());
        assertTrue(r.out().contains("1 Batch V2 job, nothing sent:"), r.out());
        long bytes = ("{\"group\":[],\"indicator\":[{\"type\":\"Host\",\"summary\":\"a.example.com\"},"
                + "{\"type\":\"Host\",\"summary\":\"b.example.com\"}],\"association\":[]}").length();
        assertTrue(r.out().matches("(?s).*\\n  1 +2 +2 +0 +0 +" + bytes + "\\n.*"), r.out());
        assertFalse(Files.exists(home.resolve("sandbox")), "validate must not start the sandbox");
        Cli.Result jobs = cli.run("--output", "json", "jobs");
        assertEquals(0, JSON.readTree(jobs.out()).size(), "a dry run is not a run: " + jobs.out());
    }

    @Test
    void aLoneSurrogateInTheInputIsARejectNotACrash() throws Exception {
        // ED A0 80: UTF-8's form of U+D800, which Jackson decodes to a lone surrogate; writing the
        // reject of that item used to fail the whole run (exit 5, "Input length = 1").
        byte[] bad = "[{\"type\":\"Host\",\"summary\":\"b.example.com\"},\n{\"type\":\"Host\",\"summary\":\"a\u00ff.example.com\"}]"
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] content = new byte[bad.length + 2];
        int at = new String(bad, StandardCharsets.ISO_8859_1).indexOf('\u00ff');
        System.arraycopy(bad, 0, content, 0, at);
        content[at] = (byte) 0xED;
        content[at + 1] = (byte) 0xA0;
        content[at + 2] = (byte) 0x80;
        System.arraycopy(bad, at + 1, content, at + 3, bad.length - at - 1);
        Path f = in.resolve("surrogate.json");
        Files.write(f, content);
        Cli.Result r = new Cli(home).run("--output", "json", "validate", f.toString());
        assertEquals(1, r.code(), r.err());
        JsonNode plan = JSON.readTree(r.out());
        assertEquals(2, plan.get("read").asLong(), r.out());
        assertEquals(1, plan.get("rejected").asLong(), r.out());
    }

    @Test
    void jsonPlanWithRejectsExitsOne() throws Exception {
        Path f = file("mixed.json", MIXED);
        Cli.Result r = new Cli(home).run("--output", "json", "validate", f.toString(), "--chunk-size", "2");
        assertEquals(1, r.code(), r.err());
        JsonNode plan = JSON.readTree(r.out());
        assertEquals(6, plan.get("read").asLong());
        assertEquals(1, plan.get("duplicates").asLong());
        assertEquals(1, plan.get("rejected").asLong());
        assertEquals(4, plan.get("submitted").asLong());
        Path rejects = Path.of(plan.get("rejectsFile").asText());
        assertTrue(Files.readString(rejects).contains("\"line\":3"), Files.readString(rejects));
        JsonNode jobs = plan.get("jobs");
        assertEquals(2, jobs.size());
        assertEquals(1, jobs.get(0).get("groups").asInt());
        assertEquals(1, jobs.get(0).get("indicators").asInt());
        assertEquals(1, jobs.get(1).get("indicators").asInt());
        assertEquals(1, jobs.get(1).get("associations").asInt());
        assertTrue(jobs.get(1).get("afterPrevious").asBoolean());
        assertEquals(1, plan.get("exitCode").asInt());
        assertFalse(Files.exists(home.resolve("sandbox")));
    }

    @Test
    void aByteLimitSplitsTheJobs() throws Exception {
        Path f = file("hosts.txt", "a.example.com\nb.example.com\nc.example.com\n");
        long one = "{\"group\":[],\"indicator\":[{\"type\":\"Host\",\"summary\":\"a.example.com\"}],\"association\":[]}".length();
        Cli.Result r = new Cli(home).run("--output", "json", "validate", f.toString(), "--max-bytes", String.valueOf(one));
        assertEquals(0, r.code(), r.err());
        JsonNode jobs = JSON.readTree(r.out()).get("jobs");
        assertEquals(3, jobs.size());
        assertEquals(one, jobs.get(2).get("bytes").asLong());
    }

    @Test
    void takesSeveralFilesAsOneRun() throws Exception {
        Path a = file("a.txt", "a.example.com\nb.example.com\n");
        Path b = file("b.json", "[{\"type\":\"Host\",\"summary\":\"b.example.com\"},{\"type\":\"Host\",\"summary\":\"c.example.com\"}]");
        Cli.Result r = new Cli(home).run("validate", a.toString(), b.toString(), "--chunk-size", "2");
        assertEquals(0, r.code(), r.err());
        // One line per input saying what it was read as, then the counts.
        assertTrue(r.out().startsWith(a + ": IOC list\n" + b + ": Batch JSON V1\nread 4, duplicates 1, rejected 0\n"
                + "2 Batch V2 jobs, nothing sent:\n"), r.out());
        assertTrue(r.out().matches("(?s).*\n  2 +1 +1 +0 +0 +\\d+\n$"), r.out());
    }

    @Test
    void aBadOptionIsAUsageError() throws Exception {
        Path f = file("ok.txt", "a.example.com\n");
        Cli.Result r = new Cli(home).run("validate", f.toString(), "--max-bytes", "lots");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--max-bytes takes a positive whole number, not 'lots'"), r.err());
        Cli.Result v = new Cli(home).run("validate", f.toString(), "--version", "V3");
        assertEquals(2, v.code());
        assertTrue(v.err().contains("--version is V1 or V2, not 'V3'"), v.err());
    }

    @Test
    void aSyntaxErrorExitsTwoNamingFileLineAndColumn() throws Exception {
        Path f = file("bad.json", "[\n{\"type\":\"Host\",\"summary\":\"a.example.com\",}\n]");
        Cli.Result r = new Cli(home).run("validate", f.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains(f + ":2:42: trailing comma before '}'"), r.err());
    }

    @Test
    void theJavaSdksOwnV1FilesPassAV1Validation() throws Exception {
        // Both carry attribute[].source, which the vendor SDK sends in V1 files.
        for (String name : new String[] {"batch_sample1.json", "batch_sample3.json"}) {
            Path f = io.tcbatch.SharedData.file("threatconnect/java/" + name);
            Cli.Result r = new Cli(home).run("--output", "json", "validate", f.toString(), "--version", "V1");
            assertEquals(0, r.code(), name + ": " + r.err());
            JsonNode plan = new ObjectMapper().readTree(r.out());
            assertEquals(1, plan.get("read").asLong(), name);
            assertEquals(0, plan.get("rejected").asLong(), name);
            assertEquals(1, plan.at("/jobs/0/indicators").asLong(), name);
        }
    }

    @Test
    void aV1ValidationOfAV2FileExitsTwo() throws Exception {
        Path f = file("mixed.json", MIXED);
        Cli.Result r = new Cli(home).run("validate", f.toString(), "--version", "V1");
        assertEquals(2, r.code());
        assertTrue(r.err().contains(f + ":1:11: a V1 job takes indicators only"), r.err());
    }

    @Test
    void needsNoCredentials() throws Exception {
        Path f = file("ok.txt", "a.example.com\n");
        Cli.Result r = new Cli(home).env("TCBATCH_PROFILE", "env").run("--profile", "env", "validate", f.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("read 1, duplicates 0, rejected 0"), r.out());
    }
}
