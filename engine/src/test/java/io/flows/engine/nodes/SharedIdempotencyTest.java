package io.flows.engine.nodes;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.flows.engine.support.Http;
import io.flows.engine.support.TestDatabase;
import io.flows.engine.support.TestService;
import io.micronaut.runtime.server.EmbeddedServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two nodes on one database sharing Idempotency-Keys. Given the same key at the same moment, every request is
 * answered with the one execution, and the partner is called once: each node checks the key under its own lock, so
 * both may find it new; the key's primary key decides, and the loser answers as a repeat (it answered 503 "Not
 * stored" before, after its execution had already started). A repeat of a waiting start that reaches the node not
 * running the execution waits for its end too (it answered 202 RUNNING at once before).
 */
@Timeout(180)
class SharedIdempotencyTest {

    private static final int ROUNDS = 8;
    private static final int REQUESTS_PER_ROUND = 16;

    @Test
    void concurrentRequestsWithOneKeyOnTwoNodesGetOneExecutionAndOnePartnerCall() throws Exception {
        AtomicInteger partnerCalls = new AtomicInteger();
        HttpServer partner = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        partner.createContext("/book", exchange -> {
            partnerCalls.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            byte[] answer = "{\"booked\": true}".getBytes();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        partner.start();
        ExecutorService clients = Executors.newFixedThreadPool(REQUESTS_PER_ROUND);
        try (TestDatabase db = TestDatabase.postgres()) {
            EmbeddedServer a = TestService.node(db, "node-a");
            EmbeddedServer b = TestService.node(db, "node-b");
            try {
                Http onA = new Http(TestService.baseUrl(a));
                Http onB = new Http(TestService.baseUrl(b));
                Http.Answer created = onA.post("/api/flows", "application/yaml", """
                        id: book-once
                        steps:
                          - id: book
                            type: connector-call
                            connector: http
                            with: { method: POST, url: "http://127.0.0.1:%d/book", body: "${input}" }
                        """.formatted(partner.getAddress().getPort()));
                assertThat(created.status()).as(created.toString()).isEqualTo(201);

                for (int round = 1; round <= ROUNDS; round++) {
                    String key = "order-" + round;
                    List<CompletableFuture<Http.Answer>> answers = new ArrayList<>();
                    for (int i = 0; i < REQUESTS_PER_ROUND; i++) {
                        Http node = i % 2 == 0 ? onA : onB;
                        answers.add(CompletableFuture.supplyAsync(() -> node.postJson(
                                "/api/flows/book-once/executions", "{\"order\": 7}", "Idempotency-Key", key), clients));
                    }
                    List<String> ids = new ArrayList<>();
                    for (CompletableFuture<Http.Answer> f : answers) {
                        Http.Answer answer = f.get();
                        assertThat(answer.status()).as(answer.toString()).isEqualTo(202);
                        ids.add(answer.json().path("id").asText());
                    }
                    assertThat(ids).as("round " + round).containsOnly(ids.get(0));
                    awaitSucceeded(onA, ids.get(0));
                    assertThat(partnerCalls.get()).as("partner calls after round " + round).isEqualTo(round);
                }
            } finally {
                b.getApplicationContext().close();
                a.getApplicationContext().close();
            }
        } finally {
            clients.shutdownNow();
            partner.stop(0);
        }
    }

    @Test
    void aRepeatThatReachesTheOtherNodeWaitsForTheEndLikeTheFirstRequest() throws Exception {
        try (TestDatabase db = TestDatabase.postgres()) {
            EmbeddedServer a = TestService.node(db, "node-a");
            EmbeddedServer b = TestService.node(db, "node-b");
            ExecutorService clients = Executors.newSingleThreadExecutor();
            try {
                Http onA = new Http(TestService.baseUrl(a));
                Http onB = new Http(TestService.baseUrl(b));
                Http.Answer created = onA.post("/api/flows", "application/yaml", """
                        id: slow-once
                        steps:
                          - { id: pause, type: delay, duration: 2s }
                          - { id: done, type: transform, script: "return { done: true }" }
                        """);
                assertThat(created.status()).as(created.toString()).isEqualTo(201);
                String start = "/api/flows/slow-once/executions?wait=true";
                CompletableFuture<Http.Answer> first = CompletableFuture.supplyAsync(
                        () -> onA.postJson(start, "{}", "Idempotency-Key", "k"), clients);
                String id = awaitListed(onB, "slow-once");

                // node B does not run it: it can only read the stored execution, and still answers like node A does
                Http.Answer repeat = onB.postJson(start, "{}", "Idempotency-Key", "k");
                assertThat(repeat.status()).as(repeat.toString()).isEqualTo(200);
                assertThat(repeat.header("Idempotent-Replayed")).isEqualTo("true");
                assertThat(repeat.json().path("id").asText()).isEqualTo(id);
                assertThat(repeat.json().path("status").asText()).isEqualTo("SUCCEEDED");
                assertThat(repeat.json().path("output").path("done").asBoolean()).isTrue();
                Http.Answer original = first.get();
                assertThat(original.status()).as(original.toString()).isEqualTo(200);
                assertThat(original.json().path("id").asText()).isEqualTo(id);

                // a repeat's wait ends at its own timeout, as on the node that runs the execution
                onA.postJson("/api/flows/slow-once/executions?wait=true&timeout=10ms", "{}", "Idempotency-Key", "k2");
                long before = System.nanoTime();
                Http.Answer cut = onB.postJson("/api/flows/slow-once/executions?wait=true&timeout=300ms", "{}",
                        "Idempotency-Key", "k2");
                long tookMs = (System.nanoTime() - before) / 1_000_000;
                assertThat(cut.status()).as(cut.toString()).isEqualTo(202);
                assertThat(cut.json().path("status").asText()).isEqualTo("RUNNING");
                assertThat(cut.header("Location")).isEqualTo("/api/executions/" + cut.json().path("id").asText());
                assertThat(tookMs).as("waited for its timeout, not for the end").isBetween(250L, 1900L);
            } finally {
                clients.shutdownNow();
                b.getApplicationContext().close();
                a.getApplicationContext().close();
            }
        }
    }

    /** The id of the flow's first execution, once it is stored (as seen from {@code http}'s node). */
    private static String awaitListed(Http http, String flowId) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            var listed = http.get("/api/flows/" + flowId + "/executions").json();
            if (listed.size() > 0) {
                return listed.get(0).path("id").asText();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no execution of " + flowId + " was stored within 10 s");
    }

    private static void awaitSucceeded(Http http, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String status = "";
        while (!status.equals("SUCCEEDED") && System.nanoTime() < deadline) {
            Thread.sleep(20);
            status = http.get("/api/executions/" + id).json().path("status").asText();
        }
        assertThat(status).as("execution " + id).isEqualTo("SUCCEEDED");
    }
}
