package io.tcbatch.sandbox;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

/**
 * The ThreatConnect stand-in: a real HTTP server on 127.0.0.1 that speaks the Batch API.
 * Start with {@link #start(SandboxConfig)}; port 0 in the config picks a free port.
 */
public final class Sandbox implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(Sandbox.class.getName());
    /**
     * Threads that read and answer requests. The JDK server reads a request's headers and body
     * on these threads, so a client that stalls holds one until the request-time limit below
     * closes its connection; 16 keep the sandbox serving through a handful of such clients.
     * Idle threads end after a minute.
     */
    private static final int HTTP_THREADS = 16;

    /**
     * The JDK server waits forever for a client that connects and sends nothing, or part of a
     * request, and stalls (measured: a handler thread held until the client leaves). Its
     * {@code sun.net.httpserver.maxReqTime} (seconds from the connection until the request,
     * body included, has been read) and {@code maxRspTime} (for sending the answer) end such
     * connections. They are JVM-wide and read once, when the first server is made, so they are
     * set here unless already given (then the given value is kept). Measured with 5 s: a stalled
     * connection is closed after 5 to 10 s, as the server checks once per limit; a handler that
     * takes its time after reading the request (the slow fault) is not cut. 5 s is far more than
     * a local client needs to send even a large file; 60 s to take an answer.
     */
    static final String MAX_REQ_TIME_SECONDS = "5";
    static final String MAX_RSP_TIME_SECONDS = "60";

    static {
        if (System.getProperty("sun.net.httpserver.maxReqTime") == null) {
            System.setProperty("sun.net.httpserver.maxReqTime", MAX_REQ_TIME_SECONDS);
        }
        if (System.getProperty("sun.net.httpserver.maxRspTime") == null) {
            System.setProperty("sun.net.httpserver.maxRspTime", MAX_RSP_TIME_SECONDS);
        }
    }

    private final HttpServer server;
    private final ExecutorService httpExecutor;
    private final JobProcessor processor;
    private final Database db;
    private final SandboxStore store;
    private final URI apiBase;
    private final RequestCounter requests;
    private boolean closed;

    private Sandbox(HttpServer server, ExecutorService httpExecutor, JobProcessor processor, Database db,
                    RequestCounter requests) {
        this.requests = requests;
        this.server = server;
        this.httpExecutor = httpExecutor;
        this.processor = processor;
        this.db = db;
        this.store = new SandboxStore(db);
        this.apiBase = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/api");
    }

    /** Starts with the validation rules of {@code io.tcbatch.input}. */
    public static Sandbox start(SandboxConfig config) throws IOException {
        return start(config, ItemValidator.inputRules());
    }

    /**
     * Opens (or creates) the database in {@code config.dataDir()}, queues again the jobs a
     * previous run left Queued or Running, and starts serving.
     *
     * @throws IOException when the data directory or port cannot be used (e.g. another sandbox
     *                     holds the database)
     */
    public static Sandbox start(SandboxConfig config, ItemValidator validator) throws IOException {
        Faults faults = new Faults(config.clock());
        for (int i = 0; i < config.faults().size(); i++) {
            try {
                faults.add(FaultSpec.parse(config.faults().get(i)));
            } catch (FaultSpec.Invalid e) {
                throw new IOException("cannot start the sandbox: fault " + (i + 1) + " of the configuration: " + e.getMessage(), e);
            }
        }
        Path uploads = config.dataDir().resolve("uploads");
        Files.createDirectories(uploads);
        Database db;
        try {
            db = Database.open(config.dataDir(), config.owners(), config.clock());
        } catch (SQLException e) {
            throw new IOException("cannot open the sandbox database in " + config.dataDir() + ": " + e.getMessage(), e);
        }
        JobProcessor processor = null;
        ExecutorService httpExecutor = null;
        try {
            JobRepository jobs = new JobRepository(db, config.clock());
            processor = new JobProcessor(db, jobs, validator, uploads, config.maxIndicatorsPerJob(), config.clock(),
                    config.workers());
            HmacAuth auth = new HmacAuth(config.accessId(), config.secretKey(), config.token(),
                    config.timestampWindow(), config.clock());
            HttpServer server = httpServer(config.port());
            AtomicInteger n = new AtomicInteger();
            ThreadPoolExecutor pool = new ThreadPoolExecutor(HTTP_THREADS, HTTP_THREADS, 60, TimeUnit.SECONDS,
                    new LinkedBlockingQueue<>(), r -> {
                        Thread t = new Thread(r, "sandbox-http-" + n.incrementAndGet());
                        t.setDaemon(true);
                        return t;
                    });
            pool.allowCoreThreadTimeOut(true);
            httpExecutor = pool;
            server.setExecutor(httpExecutor);
            ApiHandler handler = new ApiHandler(auth, jobs, processor, config.owners(), uploads,
                    new ReadApi(db, config.owners()), faults,
                    new AdminApi(db, faults, config.owners(), config.workers(), config.maxUploadBytes()),
                    config.maxUploadBytes(), config.clock(), config.synchronousBatchSaveLimit());
            server.createContext("/", handler);
            for (long id : jobs.unfinished()) {
                processor.enqueue(id);
            }
            server.start();
            Sandbox sandbox = new Sandbox(server, httpExecutor, processor, db, handler.requests());
            LOG.log(Level.INFO, "sandbox serving " + sandbox.apiBase + " with data in " + config.dataDir());
            return sandbox;
        } catch (IOException | SQLException | RuntimeException e) {
            if (processor != null) {
                processor.close();
            }
            if (httpExecutor != null) {
                httpExecutor.shutdownNow();
            }
            db.close();
            if (e instanceof IOException io) {
                throw io;
            }
            throw new IOException("cannot start the sandbox: " + e.getMessage(), e);
        }
    }

    /** An HTTP server on 127.0.0.1, made after the request-time limits above are in place. */
    static HttpServer httpServer(int port) throws IOException {
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
    }

    /** Base URL including {@code /api}, e.g. {@code http://127.0.0.1:40123/api}. */
    public URI apiBase() {
        return apiBase;
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** The database, for tests of this package that need to hold locks or look at rows directly. */
    Database database() {
        return db;
    }

    /** The Batch API requests received since the start, per kind and per job (for benchmarks and tests). */
    public RequestCounter requests() {
        return requests;
    }

    /** What has been stored, for tests and commands that show the sandbox's content. */
    public SandboxStore store() {
        return store;
    }

    /**
     * Stops accepting requests, lets the worker finish its current item, closes the store. A job
     * interrupted this way stays Running and continues after its last committed chunk on the next
     * {@link #start}, so nothing is applied twice; only a job whose committed items carried
     * associations (resolved from memory at the end) starts over, where Append attributes would
     * be added again.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        // stop(0): the JDK server waits the whole delay even when idle, and every reply here is
        // quick; a request cut short is retried by clients like any network failure.
        server.stop(0);
        httpExecutor.shutdown();
        processor.close();
        try {
            httpExecutor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        db.close();
    }
}
