package io.flows.engine.notify;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A webhook receiver on 127.0.0.1 (JDK HttpServer, port 0): records every request per path and
 * answers with the statuses queued for that path, then with the path's default status. A status of
 * {@link #HANG} holds the request without answering until the receiver stops.
 */
final class Receiver implements AutoCloseable {

    static final int HANG = -1;

    /** One request as received: lower-cased headers, the raw body, when (nanoTime) it arrived. */
    record Request(Map<String, String> headers, byte[] body, long receivedNanos) {
        String header(String name) {
            return headers.get(name);
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final Map<String, ConcurrentLinkedDeque<Integer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Integer> defaults = new ConcurrentHashMap<>();
    /** Content type and body of the answers on a path, when not the usual JSON. */
    private final Map<String, Map.Entry<String, byte[]>> bodies = new ConcurrentHashMap<>();
    private final Map<String, List<Request>> received = new ConcurrentHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    Receiver() throws IOException {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            Map<String, String> headers = new TreeMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), String.join(",", v)));
            received.computeIfAbsent(path, p -> java.util.Collections.synchronizedList(new ArrayList<>()))
                    .add(new Request(headers, body, System.nanoTime()));
            Integer scripted = scripts.getOrDefault(path, new ConcurrentLinkedDeque<>()).poll();
            int status = scripted != null ? scripted : defaults.getOrDefault(path, 200);
            if (status == HANG) {
                try {
                    stopped.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.close();
                return;
            }
            Map.Entry<String, byte[]> own = bodies.get(path);
            byte[] answer = own != null ? own.getValue() : ("{\"answered\": " + status + "}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", own != null ? own.getKey() : "application/json");
            exchange.sendResponseHeaders(status, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Answers the next requests on {@code path} with these statuses, in order. */
    Receiver script(String path, Integer... statuses) {
        scripts.computeIfAbsent(path, p -> new ConcurrentLinkedDeque<>()).addAll(List.of(statuses));
        return this;
    }

    /** Answers every request on {@code path} with this body. */
    Receiver body(String path, String contentType, byte[] body) {
        bodies.put(path, Map.entry(contentType, body));
        return this;
    }

    Receiver answer(String path, int status) {
        defaults.put(path, status);
        return this;
    }

    List<Request> requests(String path) {
        List<Request> r = received.get(path);
        if (r == null) {
            return List.of();
        }
        synchronized (r) {
            return List.copyOf(r);
        }
    }

    /** Waits until {@code path} got at least {@code count} requests; fails after {@code deadline}. */
    List<Request> await(String path, int count, Duration deadline) throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        while (requests(path).size() < count) {
            if (System.nanoTime() > end) {
                throw new AssertionError("expected " + count + " requests on " + path + " within " + deadline
                        + ", got " + requests(path).size());
            }
            Thread.sleep(10);
        }
        return requests(path);
    }

    @Override
    public void close() {
        stopped.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
