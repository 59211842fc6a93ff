package io.tcbatch.journal;

import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A second process on a journal, for {@code JournalProcessTest}: {@code halt HOME RUN N} saves
 * N steps of a run then halts the JVM at once (as {@code kill -9} would, no hooks, no close);
 * {@code hold HOME RUN} saves one step, says {@code ready} and waits to be killed;
 * {@code write HOME RUN N} saves N steps and closes normally.
 */
public final class JournalChild {
    private JournalChild() {
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[1]);
        String run = args[2];
        Journal journal = new Journal(home, new ObjectMapper(), Clock.systemUTC());
        switch (args[0]) {
            case "halt" -> {
                int n = Integer.parseInt(args[3]);
                for (int i = 1; i <= n; i++) {
                    journal.save(JournalDbTest.run(run, "2026-12-04T10:00:00Z", "watching", i));
                }
                System.out.println("saved " + n);
                System.out.flush();
                Runtime.getRuntime().halt(0);
            }
            case "hold" -> {
                journal.save(JournalDbTest.run(run, "2026-12-04T10:00:00Z", "watching", 1));
                System.out.println("ready");
                System.out.flush();
                Thread.sleep(600_000);
            }
            case "write" -> {
                int n = Integer.parseInt(args[3]);
                for (int i = 1; i <= n; i++) {
                    journal.save(JournalDbTest.run(run, "2026-12-04T10:00:00Z", "watching", i));
                }
                journal.close();
                System.out.println("saved " + n);
            }
            default -> throw new IllegalArgumentException(List.of(args).toString());
        }
    }
}
