package io.flows.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The ERP stub the benchmark calls: answers every request with {@code 201 {"erpId": "ERP-n"}} after reading
 * the whole body. Runs on 127.0.0.1 on a free port, either in the benchmark's JVM or as its own process
 * ({@link #main}), which prints {@code ERP_PORT=<port>} and exits when its standard input closes, so it never
 * outlives the benchmark that started it.
 */
final class ErpServer implements AutoCloseable {

    /**
     * Without it the JDK server writes the status line and the body as two segments under Nagle's algorithm,
     * and the second waits for the client's delayed ACK: every call then takes 40 ms on Linux loopback.
     */
    static final String NODELAY = "sun.net.httpserver.nodelay";

    /**
     * The JDK server keeps at most 200 idle keep-alive connections and silently closes any connection past
     * that right after its answer. A client pool larger than 200 (the engine's holds 256) then sends requests
     * on connections that are already closing, and a POST lost that way fails with "Connection closed by
     * peer" (measured: 8-11 % of W2's calls). A stub that is not the bottleneck keeps every connection.
     */
    static final String MAX_IDLE = "sun.net.httpserver.maxIdleConnections";

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicLong ids = new AtomicLong();

    ErpServer(int threads) throws IOException {
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        if (System.getProperty(MAX_IDLE) == null) {
            System.setProperty(MAX_IDLE, "4096");
        }
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        executor = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "erp-stub");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            long received = 0;
            try (InputStream in = exchange.getRequestBody()) {
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    received += n;
                }
            }
            byte[] body = ("{\"erpId\":\"ERP-" + ids.incrementAndGet() + "\",\"received\":" + received + "}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(201, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    public static void main(String[] args) throws IOException {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        ErpServer erp = new ErpServer(threads);
        System.out.println("ERP_PORT=" + erp.port());
        System.out.flush();
        while (System.in.read() >= 0) {
            // wait for the parent to close our standard input (or to die)
        }
        erp.close();
    }
}
