package io.flows.steps.http;

import static io.flows.steps.http.LocalServers.Http.requestBody;
import static io.flows.steps.http.LocalServers.Http.respond;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpConnectorTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private LocalServers servers;
    private LocalServers.Http server;
    private HttpConnector connector;

    @BeforeEach
    void start() throws Exception {
        servers = new LocalServers();
        server = servers.http();
        connector = new HttpConnector(HttpSettings.defaults());
    }

    @AfterEach
    void stop() throws Exception {
        connector.close();
        servers.close();
    }

    private HttpAnswer send(HttpCall call) throws Exception {
        return connector.send(call, TIMEOUT).get(10, TimeUnit.SECONDS);
    }

    private static JsonNode json(String text) throws Exception {
        return AnswerBodies.MAPPER.readTree(text);
    }

    @Test
    void getsJsonAndParsesItKeepingNumbersExact() throws Exception {
        server.on("/orders/1", ex -> respond(ex, 200, "application/json",
                "{\"id\":1,\"total\":10.50,\"big\":123456789012345678901234567890.000001}"));

        HttpAnswer answer = send(HttpCall.get(server.url("/orders/1")));

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body().get("id").intValue()).isEqualTo(1);
        assertThat(answer.body().get("total").toString()).isEqualTo("10.50");
        assertThat(answer.body().get("big").toString()).isEqualTo("123456789012345678901234567890.000001");
        assertThat(answer.durationMs()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void postsJsonAndGetsTheEchoBack() throws Exception {
        AtomicReference<String> contentType = new AtomicReference<>();
        server.on("/echo", ex -> {
            contentType.set(ex.getRequestHeaders().getFirst("Content-Type"));
            respond(ex, 201, "application/problem+json", requestBody(ex));
        });
        JsonNode body = json("{\"customer\":\"ACME\",\"items\":[{\"qty\":2,\"price\":0.10}]}");

        HttpAnswer answer = send(new HttpCall("post", server.url("/echo"), Map.of(), Map.of(), body));

        assertThat(answer.status()).isEqualTo(201);
        assertThat(answer.body()).isEqualTo(body);
        assertThat(answer.body().at("/items/0/price").toString()).isEqualTo("0.10");
        assertThat(contentType.get()).startsWith("application/json");
    }

    @Test
    void sendsTextBodiesAsPlainTextUnlessTheFlowSetsAContentType() throws Exception {
        Map<String, String> seen = new ConcurrentHashMap<>();
        server.on("/text", ex -> {
            seen.put(ex.getRequestURI().getQuery(), ex.getRequestHeaders().getFirst("Content-Type") + "|" + requestBody(ex));
            respond(ex, 200, "text/plain", "ok");
        });

        send(new HttpCall("POST", server.url("/text?n=1"), Map.of(), Map.of(), TextNode.valueOf("héllo")));
        send(new HttpCall("POST", server.url("/text?n=2"), Map.of("Content-Type", "application/xml"), Map.of(),
                TextNode.valueOf("<a/>")));

        assertThat(seen.get("n=1")).isEqualTo("text/plain; charset=UTF-8|héllo");
        assertThat(seen.get("n=2")).startsWith("application/xml").endsWith("|<a/>");
    }

    @Test
    void appendsEncodedQueryParametersToTheUrlsOwnQuery() throws Exception {
        AtomicReference<String> rawQuery = new AtomicReference<>();
        server.on("/search", ex -> {
            rawQuery.set(ex.getRequestURI().getRawQuery());
            respond(ex, 200, null, "");
        });
        Map<String, List<String>> query = new LinkedHashMap<>();
        query.put("q", List.of("a b&c=d/é+"));
        query.put("empty", List.of(""));

        send(new HttpCall("GET", server.url("/search?page=2"), Map.of(), query, null));

        assertThat(rawQuery.get()).isEqualTo("page=2&q=a%20b%26c%3Dd%2F%C3%A9%2B&empty=");
    }

    @Test
    void answersHeadersWithLowerCaseNames() throws Exception {
        server.on("/h", ex -> {
            ex.getResponseHeaders().add("X-Request-ID", "abc");
            ex.getResponseHeaders().add("X-Multi", "1");
            ex.getResponseHeaders().add("X-Multi", "2");
            respond(ex, 200, "text/plain", "ok");
        });

        HttpAnswer answer = send(HttpCall.get(server.url("/h")));

        assertThat(answer.headers()).containsEntry("x-request-id", "abc").containsEntry("x-multi", "1, 2")
                .containsKey("content-type");
        assertThat(answer.headers().keySet()).allMatch(name -> name.equals(name.toLowerCase()));
    }

    @Test
    void answersNonJsonBodiesAsTextAndEmptyBodiesAsNull() throws Exception {
        server.on("/html", ex -> respond(ex, 200, "text/html; charset=ISO-8859-1", "<p>caf\u00e9</p>"));
        server.on("/lying", ex -> respond(ex, 200, "application/json", "not json"));
        server.on("/empty", ex -> respond(ex, 204, null, ""));

        assertThat(send(HttpCall.get(server.url("/html"))).body()).isInstanceOf(TextNode.class);
        HttpAnswer lying = send(HttpCall.get(server.url("/lying")));
        assertThat(lying.body()).isEqualTo(TextNode.valueOf("not json"));
        assertThat(lying.bodyParseError()).startsWith("the answer is labelled application/json but is not JSON: ")
                .contains("(line 1, column ").endsWith("; body is its text").doesNotContain("Source");
        HttpAnswer empty = send(HttpCall.get(server.url("/empty")));
        assertThat(empty.status()).isEqualTo(204);
        assertThat(empty.body()).isEqualTo(NullNode.getInstance());
    }

    @Test
    void aJsonAnswerGivingAKeyTwiceIsKeptAsItsTextWithTheReasonRatherThanGuessed() throws Exception {
        server.on("/twice", ex -> respond(ex, 200, "application/json", "{\"a\":1,\n \"a\":2}"));
        server.on("/nested", ex -> respond(ex, 200, "application/json", "{\"x\":{\"b\":1},\"y\":{\"b\":2}}"));

        HttpAnswer twice = send(HttpCall.get(server.url("/twice")));
        assertThat(twice.body()).isEqualTo(TextNode.valueOf("{\"a\":1,\n \"a\":2}"));
        assertThat(twice.bodyParseError()).isEqualTo("the answer is labelled application/json but gives the key 'a'"
                + " twice in one object (line 2, column 5), and which value is meant is anyone's guess; body is its text");
        // the same key in two objects is no duplicate
        HttpAnswer nested = send(HttpCall.get(server.url("/nested")));
        assertThat(nested.bodyParseError()).isNull();
        assertThat(nested.body().path("y").path("b").asInt()).isEqualTo(2);
    }

    @Test
    void answersAServerErrorInsteadOfFailing() throws Exception {
        server.on("/broken", ex -> respond(ex, 500, "application/json", "{\"error\":\"boom\"}"));

        HttpAnswer answer = send(HttpCall.get(server.url("/broken")));

        assertThat(answer.status()).isEqualTo(500);
        assertThat(answer.body().get("error").asText()).isEqualTo("boom");
    }

    @Test
    void dropsHopByHopHeadersTheFlowMustNotSetAndPassesTheOthers() throws Exception {
        Map<String, String> seen = new ConcurrentHashMap<>();
        server.on("/headers", ex -> {
            ex.getRequestHeaders().forEach((k, v) -> seen.put(k.toLowerCase(), String.join(",", v)));
            respond(ex, 200, null, "");
        });
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Host", "evil.example");
        headers.put("Content-Length", "999");
        headers.put("Transfer-Encoding", "chunked");
        headers.put("Connection", "close");
        headers.put("X-Api-Key", "k-123");

        send(new HttpCall("GET", server.url("/headers"), headers, Map.of(), null));

        assertThat(seen.get("host")).isEqualTo("127.0.0.1:" + server.port());
        assertThat(seen).doesNotContainKey("transfer-encoding").doesNotContainKey("content-length")
                .containsEntry("x-api-key", "k-123");
        assertThat(seen.get("connection")).isNotEqualTo("close");
    }

    @Test
    void followsRedirectsOfGetAndTurns303IntoGet() throws Exception {
        server.on("/old", ex -> {
            ex.getResponseHeaders().set("Location", "/new?x=1");
            respond(ex, 302, null, "");
        });
        server.on("/new", ex -> respond(ex, 200, "application/json", "{\"method\":\"" + ex.getRequestMethod() + "\"}"));
        server.on("/created", ex -> {
            ex.getResponseHeaders().set("Location", server.url("/new"));
            respond(ex, 303, null, "");
        });

        assertThat(send(HttpCall.get(server.url("/old"))).body().get("method").asText()).isEqualTo("GET");
        HttpAnswer afterPost = send(new HttpCall("POST", server.url("/created"), Map.of(), Map.of(), json("{}")));
        assertThat(afterPost.status()).isEqualTo(200);
        assertThat(afterPost.body().get("method").asText()).isEqualTo("GET");
    }

    @Test
    void aCallItsCallerCancelledFollowsNoFurtherRedirect() throws Exception {
        AtomicInteger followed = new AtomicInteger();
        server.on("/slow-move", ex -> {
            try {
                Thread.sleep(400);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ex.getResponseHeaders().set("Location", "/moved-here");
            respond(ex, 302, null, "");
        });
        server.on("/moved-here", ex -> {
            followed.incrementAndGet();
            respond(ex, 200, "application/json", "{}");
        });

        CompletableFuture<HttpAnswer> call = connector.send(HttpCall.get(server.url("/slow-move")), TIMEOUT);
        Thread.sleep(100);
        call.cancel(true); // as a step does when it is stopped (cancel, timeout)
        Thread.sleep(700);
        assertThat(followed.get()).as("requests sent after the caller had given up").isZero();
    }

    @Test
    void doesNotFollowA307ForPostAndStopsAfterMaxRedirects() throws Exception {
        server.on("/moved", ex -> {
            requestBody(ex);
            ex.getResponseHeaders().set("Location", "/elsewhere");
            respond(ex, 307, null, "");
        });
        server.on("/loop", ex -> {
            ex.getResponseHeaders().set("Location", "/loop");
            respond(ex, 302, null, "");
        });

        HttpAnswer post = send(new HttpCall("POST", server.url("/moved"), Map.of(), Map.of(), json("{}")));
        HttpAnswer loop = send(HttpCall.get(server.url("/loop")));

        assertThat(post.status()).isEqualTo(307);
        assertThat(post.unfollowedRedirect()).startsWith("a 307 redirect is followed only for GET and HEAD");
        assertThat(loop.status()).isEqualTo(302);
        assertThat(loop.headers()).containsEntry("location", "/loop");
        assertThat(loop.redirects()).hasSize(5).allMatch(url -> url.endsWith("/loop"));
        assertThat(loop.unfollowedRedirect()).startsWith("stopped after 5 redirects");
    }

    @Test
    void onlyHarmlessHeadersFollowARedirectToAnotherOrigin() throws Exception {
        Map<String, String> seen = new ConcurrentHashMap<>();
        server.on("/start", ex -> {
            ex.getResponseHeaders().set("Location", "http://localhost:" + server.port() + "/target");
            respond(ex, 302, null, "");
        });
        server.on("/target", ex -> {
            seen.put("authorization", String.valueOf(ex.getRequestHeaders().getFirst("Authorization")));
            seen.put("x-api-key", String.valueOf(ex.getRequestHeaders().getFirst("X-Api-Key")));
            seen.put("accept", String.valueOf(ex.getRequestHeaders().getFirst("Accept")));
            respond(ex, 200, null, "");
        });

        send(new HttpCall("GET", server.url("/start"), Map.of("Authorization", "Bearer secret-token",
                "X-Api-Key", "partner-key", "Accept", "application/json"), Map.of(), null));

        assertThat(seen).containsEntry("authorization", "null").containsEntry("x-api-key", "null")
                .containsEntry("accept", "application/json");
    }

    @Test
    void reusesPooledConnectionsForSequentialCalls() throws Exception {
        Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();
        server.on("/ping", ex -> {
            clientPorts.add(ex.getRemoteAddress().getPort());
            respond(ex, 200, "text/plain", "pong");
        });

        for (int i = 0; i < 20; i++) {
            assertThat(send(HttpCall.get(server.url("/ping"))).body().asText()).isEqualTo("pong");
        }

        assertThat(clientPorts).as("connections used for 20 calls").hasSizeLessThanOrEqualTo(2);
    }

    @Test
    void completesTwoHundredConcurrentCallsCorrectly() throws Exception {
        server.on("/item", ex -> {
            String id = ex.getRequestURI().getQuery().substring(3);
            LocalServers.sleep(20);
            respond(ex, 200, "application/json", "{\"id\":" + id + "}");
        });
        List<CompletableFuture<HttpAnswer>> calls = new ArrayList<>();

        long start = System.nanoTime();
        for (int i = 0; i < 200; i++) {
            calls.add(connector.send(new HttpCall("GET", server.url("/item"), Map.of(), Map.of("id", List.of("" + i)), null),
                    Duration.ofSeconds(20)));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        for (int i = 0; i < 200; i++) {
            HttpAnswer answer = calls.get(i).join();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body().get("id").intValue()).isEqualTo(i);
        }
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).isLessThan(10_000);
    }

    @Test
    void completesOffTheClientsIoThreads() throws Exception {
        server.on("/t", ex -> respond(ex, 200, null, ""));

        String thread = connector.send(HttpCall.get(server.url("/t")), TIMEOUT)
                .thenApply(answer -> Thread.currentThread().getName()).get(10, TimeUnit.SECONDS);

        assertThat(thread).doesNotStartWith("flows-http-io");
    }
}
