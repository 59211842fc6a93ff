package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/tcbatch's choice between the fast-start layout and the plain jar, run for real with bash in
 * a copy of the installation whose {@code java} is a stand-in printing the arguments it got, and
 * whose {@code bin/cds-archive} only notes that it ran.
 */
class LauncherTest {

    @TempDir
    Path root;

    private Path fakeJava;

    @BeforeEach
    void install() throws IOException {
        Files.createDirectories(root.resolve("bin"));
        Files.copy(Path.of("bin/tcbatch"), root.resolve("bin/tcbatch"));
        executable(root.resolve("bin/cds-archive"), "#!/usr/bin/env bash\ntouch \"$1/rebuilt\"\n");
        Path javaDir = Files.createDirectories(root.resolve("jdk/bin"));
        fakeJava = executable(javaDir.resolve("java"), "#!/usr/bin/env bash\necho \"$@\"\n");
        // Sources older than the jar, so the launcher does not build.
        Files.createDirectories(root.resolve("src/main"));
        Files.writeString(root.resolve("pom.xml"), "<project/>");
        Instant old = Instant.now().minusSeconds(3600);
        Files.setLastModifiedTime(root.resolve("pom.xml"), FileTime.from(old));
        Files.setLastModifiedTime(root.resolve("src/main"), FileTime.from(old));
        Files.createDirectories(root.resolve("target/tcbatch"));
        Files.writeString(root.resolve("target/tcbatch.jar"), "fat");
        Files.setLastModifiedTime(root.resolve("target/tcbatch.jar"), FileTime.from(old.plusSeconds(60)));
        Files.writeString(root.resolve("target/tcbatch/tcbatch.jar"), "thin");
        Files.writeString(root.resolve("target/tcbatch/tcbatch.jsa"), "archive");
    }

    @Test
    void aLayoutMadeWithThisJdkAfterTheJarIsUsedWithItsArchive() throws Exception {
        stamp(jdkStamp());
        String args = launch();
        assertTrue(args.contains("-XX:SharedArchiveFile=" + root.toRealPath() + "/target/tcbatch/tcbatch.jsa -Xshare:auto"), args);
        assertTrue(args.contains("-jar " + root.toRealPath() + "/target/tcbatch/tcbatch.jar --version"), args);
        assertFalse(Files.exists(root.resolve("target/rebuilt")));
    }

    @Test
    void aLayoutOfAnotherJdkIsNotUsedAndIsMadeAgainInTheBackground() throws Exception {
        stamp("/some/other/jdk/bin/java 1");
        String args = launch();
        assertFalse(args.contains("SharedArchiveFile"), args);
        assertTrue(args.contains("-jar " + root.toRealPath() + "/target/tcbatch.jar --version"), args);
        awaitRebuilt();
    }

    @Test
    void aLayoutOlderThanTheJarIsNotUsed() throws Exception {
        stamp(jdkStamp());
        Files.setLastModifiedTime(root.resolve("target/tcbatch/cds.stamp"),
                FileTime.from(Instant.now().minusSeconds(7200)));
        String args = launch();
        assertTrue(args.contains("-jar " + root.toRealPath() + "/target/tcbatch.jar --version"), args);
        awaitRebuilt();
    }

    @Test
    void tcbatchCdsOffRunsThePlainJarAndBuildsNothing() throws Exception {
        stamp(jdkStamp());
        ProcessBuilder pb = launcher();
        pb.environment().put("TCBATCH_CDS", "off");
        String args = run(pb);
        assertFalse(args.contains("SharedArchiveFile"), args);
        assertTrue(args.contains("-jar " + root.toRealPath() + "/target/tcbatch.jar --version"), args);
        Thread.sleep(200);
        assertFalse(Files.exists(root.resolve("target/rebuilt")));
    }

    @Test
    void aLayoutBuiltWithSpringAotRunsWithItAndOneWithoutDoesNot() throws Exception {
        stamp(jdkStamp());
        assertFalse(launch().contains("spring.aot.enabled"));
        Files.writeString(root.resolve("target/tcbatch/aot"), "made by process-aot\n");
        assertTrue(launch().contains("-Dspring.aot.enabled=true"));
        // The plain jar (no layout yet) is run without it: its AOT classes are not vouched for by the archive's training.
        ProcessBuilder pb = launcher();
        pb.environment().put("TCBATCH_CDS", "off");
        assertFalse(run(pb).contains("spring.aot.enabled"));
    }

    @Test
    void onlyCommandsThatJustPrintRunWithC1Only() throws Exception {
        stamp(jdkStamp());
        assertTrue(launch().contains("-XX:TieredStopAtLevel=1"), "--version");
        assertTrue(run(launcher("help", "import")).contains("-XX:TieredStopAtLevel=1"));
        assertTrue(run(launcher("--profile", "staging", "version")).contains("-XX:TieredStopAtLevel=1"));
        assertTrue(run(launcher("import", "--help")).contains("-XX:TieredStopAtLevel=1"));
        // The shell, an import, a script (even one named help.groovy) and a profile named help keep both compilers.
        assertFalse(run(launcher(new String[0])).contains("TieredStopAtLevel"));
        assertFalse(run(launcher("import", "feed.json")).contains("TieredStopAtLevel"));
        assertFalse(run(launcher("help.groovy")).contains("TieredStopAtLevel"));
        assertFalse(run(launcher("--profile", "help", "jobs")).contains("TieredStopAtLevel"));
    }

    private void awaitRebuilt() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(root.resolve("target/rebuilt")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(Files.exists(root.resolve("target/rebuilt")), "the layout was not remade");
    }

    /** What bin/cds-archive writes for the stand-in java: its real path and modification time, in seconds. */
    private String jdkStamp() throws IOException {
        Path real = fakeJava.toRealPath();
        return real + " " + Files.getLastModifiedTime(real).toInstant().getEpochSecond();
    }

    private void stamp(String text) throws IOException {
        Files.writeString(root.resolve("target/tcbatch/cds.stamp"), text + "\n");
    }

    private ProcessBuilder launcher() {
        return launcher("--version");
    }

    private ProcessBuilder launcher(String... args) {
        List<String> cmd = new java.util.ArrayList<>(List.of("bash", root.resolve("bin/tcbatch").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("PATH", fakeJava.getParent() + ":" + System.getenv("PATH"));
        pb.environment().remove("JAVA_OPTS");
        pb.environment().remove("TCBATCH_CDS");
        pb.redirectErrorStream(true);
        return pb;
    }

    private String launch() throws Exception {
        return run(launcher());
    }

    private static String run(ProcessBuilder pb) throws Exception {
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        return out;
    }

    private static Path executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
