package io.flows.engine.connections;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/** A partner system on an ephemeral loopback port: answers scripted per path, every request kept. */
final class Partner implements AutoCloseable {

    /** One request as received; header names lower-cased. */
    record Request(String method, String path, String query, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    record Answer(int status, String body) {
    }

    @FunctionalInterface
    interface Handler {
        Answer handle(Request request) throws Exception;
    }

    static {
        System.setProperty("sun.net.httpserver.nodelay", "true");
    }

    private final HttpServer server;
    private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    Partner() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "test-partner");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::serve);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    void on(String path, Handler handler) {
        handlers.put(path, handler);
    }

    List<Request> requests(String path) {
        return requests.stream().filter(r -> r.path().equals(path)).toList();
    }

    Request last(String path) {
        List<Request> r = requests(path);
        if (r.isEmpty()) {
            throw new AssertionError("no request reached " + path + "; requests: " + requests);
        }
        return r.get(r.size() - 1);
    }

    void reset() {
        requests.clear();
    }

    private void serve(HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, String> headers = new TreeMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(", ", v)));
            Request request = new Request(ex.getRequestMethod(), ex.getRequestURI().getPath(),
                    ex.getRequestURI().getRawQuery(), headers,
                    new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            requests.add(request);
            Handler h = handlers.get(request.path());
            Answer a;
            try {
                a = h == null ? new Answer(404, "{\"error\":\"no handler for " + request.path() + "\"}") : h.handle(request);
            } catch (Exception e) {
                a = new Answer(500, "{\"error\":\"" + e + "\"}");
            }
            byte[] bytes = a.body().getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "application/json");
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
