package io.tcbatch.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Properties;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The user file is edited line by line: comments and other keys stay, values read back as written. */
class PropertiesEditorTest {
    @TempDir
    Path dir;

    @Test
    void keepsCommentsBlankLinesAndOtherKeysWhereTheyWere() throws Exception {
        Path f = dir.resolve("config.properties");
        String original = String.join("\n",
                "# my settings",
                "! old-style comment",
                "chunk.size = 1000",
                "",
                "profile.a.apiPath=https://a.example.com/api",
                "long.value=one \\",
                "    two",
                "profile.a.token=old",
                "# trailing comment", "");
        Files.writeString(f, original);
        PropertiesEditor e = PropertiesEditor.open(f);
        assertEquals(List.of("chunk.size", "profile.a.apiPath", "long.value", "profile.a.token"), e.keys());
        e.set("profile.a.token", "new").set("profile", "a");
        e.save();
        assertEquals(original.replace("profile.a.token=old", "profile.a.token=new") + "profile=a\n", Files.readString(f));

        assertEquals(2, PropertiesEditor.open(f).remove(k -> k.startsWith("profile.a.")));
        PropertiesEditor again = PropertiesEditor.open(f);
        again.remove(k -> k.startsWith("profile.a."));
        again.save();
        assertEquals(String.join("\n", "# my settings", "! old-style comment", "chunk.size = 1000", "", "long.value=one \\",
                "    two", "# trailing comment", "profile=a", ""), Files.readString(f));
        assertEquals("one two", load(f).getProperty("long.value"));
    }

    @Test
    void valuesAreEscapedSoPropertiesReadsThemBackExactly() throws Exception {
        Path f = dir.resolve("c.properties");
        String tricky = " lead=colon:hash#bang!back\\slash\ttab\nnewline Société ☃";
        PropertiesEditor.open(f).set("profile.x.owner", tricky).set("key with space", "v").save();
        Properties p = load(f);
        assertEquals(tricky, p.getProperty("profile.x.owner"));
        assertEquals("v", p.getProperty("key with space"));
        assertEquals(tricky, PropertiesEditor.open(f).get("profile.x.owner"));
        // A repeated key is set once, in place of the first.
        Files.writeString(f, "a=1\nb=2\na=3\n");
        PropertiesEditor.open(f).set("a", "9").save();
        assertEquals("a=9\nb=2\n", Files.readString(f));
    }

    @Test
    void aNewFileAndItsFolderAreOwnerOnly() throws Exception {
        Path f = dir.resolve("new").resolve("tcbatch").resolve("config.properties");
        PropertiesEditor.open(f).set("profile", "local").save();
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f.getParent())));
        assertEquals("profile=local\n", Files.readString(f));
        try (var left = Files.list(f.getParent())) {
            assertEquals(List.of(f), left.toList(), "no temporary file is left behind");
        }
    }

    private static Properties load(Path f) throws Exception {
        Properties p = new Properties();
        try (var in = Files.newInputStream(f)) {
            p.load(in);
        }
        return p;
    }
}
