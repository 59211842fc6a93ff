package io.tcbatch.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CountDownLatch;

import io.tcbatch.batch.UsageException;
import io.tcbatch.sandbox.Sandbox;
import io.tcbatch.sandbox.SandboxConfig;

/** {@code bin/tcbatch sandbox [--port N]}: serves the API in the foreground until Ctrl-C. */
final class SandboxMain {
    private SandboxMain() {
    }

    static int run(Session session, List<String> args) throws IOException, InterruptedException {
        int port = 0;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--port") && i + 1 < args.size()) {
                port = parsePort(args.get(++i));
            } else if (a.startsWith("--port=")) {
                port = parsePort(a.substring(7));
            } else {
                throw new UsageException("sandbox: unknown option '" + a + "' (usage: sandbox [--port N])");
            }
        }
        SandboxConfig cfg = LocalSandbox.config(session.settings(), port);
        // We print the serving line ourselves, with the credentials' whereabouts.
        java.util.logging.Logger.getLogger("io.tcbatch.sandbox").setLevel(java.util.logging.Level.WARNING);
        CountDownLatch stop = new CountDownLatch(1);
        try (FileChannel ch = FileChannel.open(cfg.dataDir().resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = LocalSandbox.lock(cfg.dataDir(), ch);
             Sandbox sandbox = Sandbox.start(cfg)) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                sandbox.close();
                stop.countDown();
            }, "sandbox-stop"));
            System.out.println("tcbatch sandbox serving " + sandbox.apiBase());
            System.out.println("  access id:  " + cfg.accessId());
            System.out.println("  secret key: kept in " + cfg.dataDir().resolve("credentials.properties"));
            System.out.println("  owners:     " + String.join(", ", cfg.owners().stream().map(SandboxConfig.Owner::name).toList()));
            System.out.println("Press Ctrl-C to stop.");
            System.out.flush();
            stop.await();
        }
        return 0;
    }

    private static int parsePort(String s) {
        try {
            int p = Integer.parseInt(s);
            if (p < 0 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new UsageException("--port must be a number from 0 to 65535, not '" + s + "'");
        }
    }
}
