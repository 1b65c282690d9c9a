package io.flows.engine.samples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.flows.engine.sandbox.SandboxPartner;
import io.flows.engine.sandbox.SandboxResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A local HTTP server for tests: {@link SandboxPartner} under {@code /sandbox/*}, the way the
 * service will mount it, and {@code /broken/*}, a partner that always answers 500.
 */
final class SandboxServer implements AutoCloseable {

    static final ObjectMapper JSON = JsonMapper.builder()
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private final AtomicReference<SandboxPartner> partner = new AtomicReference<>();
    private final AtomicInteger brokenCalls = new AtomicInteger();
    private final Clock clock;

    SandboxServer(Clock clock) throws IOException {
        this.clock = clock;
        reset();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/sandbox", this::sandbox);
        server.createContext("/broken", this::broken);
        server.setExecutor(threads);
        server.start();
    }

    /** {@code http://127.0.0.1:<port>}. */
    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Forgets everything the partner was told: the next sample starts from the same state. */
    void reset() {
        partner.set(new SandboxPartner(clock));
        brokenCalls.set(0);
    }

    int brokenCalls() {
        return brokenCalls.get();
    }

    private void sandbox(HttpExchange ex) throws IOException {
        try (ex) {
            String raw = ex.getRequestURI().getRawPath().substring("/sandbox".length());
            StringBuilder path = new StringBuilder();
            for (String segment : raw.split("/", -1)) {
                if (!segment.isEmpty()) {
                    path.append('/').append(URLDecoder.decode(segment, StandardCharsets.UTF_8));
                }
            }
            byte[] bytes = ex.getRequestBody().readAllBytes();
            JsonNode body = null;
            if (bytes.length > 0) {
                try {
                    body = JSON.readTree(bytes);
                } catch (JsonProcessingException e) {
                    send(ex, new SandboxResponse(400,
                            JSON.createObjectNode().put("error", "the body is not JSON: " + e.getOriginalMessage())));
                    return;
                }
            }
            send(ex, partner.get().handle(ex.getRequestMethod(), path.toString(), query(ex), body));
        }
    }

    private void broken(HttpExchange ex) throws IOException {
        try (ex) {
            ex.getRequestBody().readAllBytes();
            brokenCalls.incrementAndGet();
            send(ex, new SandboxResponse(500, JSON.createObjectNode().put("error", "partner is down for maintenance")));
        }
    }

    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = ex.getRequestURI().getRawQuery();
        if (q == null || q.isEmpty()) {
            return out;
        }
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    private static void send(HttpExchange ex, SandboxResponse r) throws IOException {
        byte[] out = JSON.writeValueAsBytes(r.body());
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(r.status(), out.length);
        ex.getResponseBody().write(out);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
