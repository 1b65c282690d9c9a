package io.flows.engine.runtime;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** A real HTTP server on an ephemeral loopback port whose answers each test scripts per path. */
final class TestPartner implements AutoCloseable {

    /** Answers one request; may sleep to play a slow partner. */
    @FunctionalInterface
    interface Handler {
        Answer handle(String method, String query, String body, Map<String, String> headers) throws Exception;
    }

    record Answer(int status, String contentType, String body, Map<String, String> headers) {
        Answer(int status, String contentType, String body) {
            this(status, contentType, body, Map.of());
        }

        static Answer json(int status, String body) {
            return new Answer(status, "application/json", body);
        }

        Answer withHeader(String name, String value) {
            Map<String, String> more = new java.util.LinkedHashMap<>(headers);
            more.put(name, value);
            return new Answer(status, contentType, body, more);
        }
    }

    private final HttpServer server;
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

    TestPartner() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-partner");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::serve);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    void on(String path, Handler handler) {
        handlers.put(path, handler);
        calls.put(path, new AtomicInteger());
    }

    int calls(String path) {
        AtomicInteger n = calls.get(path);
        return n == null ? 0 : n.get();
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            Handler h = handlers.get(path);
            Answer a;
            if (h == null) {
                a = Answer.json(404, "{\"error\":\"no handler for " + path + "\"}");
            } else {
                calls.get(path).incrementAndGet();
                Map<String, String> headers = new ConcurrentHashMap<>();
                ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), String.join(",", v)));
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                try {
                    a = h.handle(ex.getRequestMethod(), ex.getRequestURI().getRawQuery(), body, headers);
                } catch (Exception e) {
                    a = Answer.json(500, "{\"error\":\"" + e + "\"}");
                }
            }
            byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", a.contentType());
            a.headers().forEach(ex.getResponseHeaders()::set);
            ex.sendResponseHeaders(a.status(), bytes.length == 0 ? -1 : bytes.length);
            if (bytes.length > 0) {
                try (OutputStream out = ex.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
