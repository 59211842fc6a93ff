package io.tcbatch.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

import org.jline.utils.AttributedString;
import org.jline.utils.AttributedStyle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.tcbatch.config.Settings;
import io.tcbatch.render.Output;

/** The shell's prompt: profile and owner, production marked in bold red (plain with NO_COLOR), following profile use. */
class ProfilePromptTest {
    @TempDir
    Path home;

    private Settings settings(Map<String, String> extra) throws Exception {
        Path user = home.resolve("xdg").resolve("tcbatch").resolve("config.properties");
        Files.createDirectories(user.getParent());
        Files.writeString(user, String.join("\n",
                "profile.prod-us.apiPath=https://tc.example.com/api", "profile.prod-us.token=t", "profile.prod-us.owner=Example Org",
                "profile.staging.apiPath=https://stg.example.com/api", "profile.staging.token=t",
                "profile.staging.owner=Staging Org", "profile.staging.production=false", ""));
        java.util.HashMap<String, String> env = new java.util.HashMap<>(extra);
        env.put("TCBATCH_HOME", home.toString());
        env.put("XDG_CONFIG_HOME", home.resolve("xdg").toString());
        return Settings.load(env, null);
    }

    @Test
    void localAndStagingArePlainAndProductionIsMarkedBoldRed() throws Exception {
        Settings s = settings(Map.of());
        assertEquals("tcbatch [local · Example Org]> ", Prompts.prompt("local", s.profile("local"), false).toString());
        AttributedString staging = Prompts.prompt("staging", s.profile("staging"), false);
        assertEquals("tcbatch [staging · Staging Org]> ", staging.toString());
        assertEquals(staging.toString(), staging.toAnsi(), "no escape codes for a non-production profile");

        AttributedString prod = Prompts.prompt("prod-us", s.profile("prod-us"), false);
        assertEquals("tcbatch [PROD prod-us · Example Org]> ", prod.toString());
        int at = prod.toString().indexOf("PROD");
        AttributedStyle style = prod.styleAt(at);
        assertEquals(AttributedStyle.BOLD.foreground(AttributedStyle.RED), style);
        assertEquals(AttributedStyle.DEFAULT, prod.styleAt(at + "PROD ".length()), "only PROD is styled");
        assertTrue(prod.toAnsi().contains("\u001b["), prod.toAnsi());

        AttributedString plain = Prompts.prompt("prod-us", s.profile("prod-us"), true);
        assertEquals("tcbatch [PROD prod-us · Example Org]> ", plain.toAnsi());
        assertFalse(plain.toAnsi().contains("\u001b"));
        assertTrue(Prompts.noColor(Map.of("NO_COLOR", "1")));
        assertFalse(Prompts.noColor(Map.of("NO_COLOR", "")));
        assertFalse(Prompts.noColor(Map.of()));
        assertEquals("tcbatch [nope ?]> ", Prompts.prompt("nope", null, false).toString());
    }

    @Test
    void profileUseInTheShellSwitchesTheRunningSession() throws Exception {
        Settings s = settings(Map.of());
        Output output = new Output(Output.Mode.TEXT, false, new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(new ByteArrayOutputStream()), false);
        try (Session session = new Session(s, output, null, Clock.systemUTC())) {
            session.prompter().interactive(true);
            assertEquals("local", session.currentProfileName());
            new Profiles(session).use("prod-us");
            assertEquals("prod-us", session.currentProfileName());
            assertEquals("prod-us", session.profile().name());
            assertEquals("tcbatch [PROD prod-us · Example Org]> ",
                    Prompts.prompt(session.currentProfileName(), session.profile(), true).toString());
            new Profiles(session).use("staging");
            assertEquals("Staging Org", session.defaultOwner());
            assertTrue(Files.readString(s.userFile()).endsWith("profile=staging\n"));

            // Removing the profile in use goes back to the default of the files.
            new Profiles(session).remove("staging", true);
            assertEquals("local", session.currentProfileName());
            assertEquals("tcbatch [local · Example Org]> ",
                    Prompts.prompt(session.currentProfileName(), session.profile(), true).toString());
        }
    }
}
