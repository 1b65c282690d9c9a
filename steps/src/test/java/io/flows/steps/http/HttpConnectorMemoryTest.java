package io.flows.steps.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import io.flows.steps.StepFailure;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.core5.http.ContentType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The node's memory for answers, against a real server answering large JSON arrays: concurrent calls take no more
 * room than it has, an answer waiting for room is not read, and one that could never fit is refused.
 */
class HttpConnectorMemoryTest {

    /** A JSON array of 200,000 distinct numbers: 1.3 MB, about 7.4 MB of heap by the estimate. */
    private static final byte[] ARRAY = array(200_000);
    private static final long ARRAY_COST = AnswerCost.of(ARRAY, ContentType.APPLICATION_JSON);

    private LocalServers servers;
    private LocalServers.Http server;
    private final AtomicLong bytesSent = new AtomicLong();

    @BeforeEach
    void start() throws IOException {
        servers = new LocalServers();
        server = servers.http()
                .on("/array", exchange -> answer(exchange, ARRAY, false, false))
                .on("/chunked", exchange -> answer(exchange, ARRAY, true, false))
                .on("/paced", exchange -> answer(exchange, ARRAY, true, true));
    }

    @AfterEach
    void stop() throws Exception {
        servers.close();
    }

    /** {@code paced}: a pause after each piece, as a network's delivery has (the client drains what is ready). */
    private void answer(HttpExchange exchange, byte[] body, boolean chunked, boolean paced) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, chunked ? 0 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < body.length; i += 16 * 1024) {
                int n = Math.min(16 * 1024, body.length - i);
                out.write(body, i, n);
                out.flush();
                bytesSent.addAndGet(n);
                if (paced) {
                    LocalServers.sleep(2);
                }
            }
        } catch (IOException gone) {
            // the client gave up: what the test wants to see sometimes
        }
    }

    private static byte[] array(int n) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < n; i++) {
            sb.append(i == 0 ? "" : ",").append(1000 + i);
        }
        return sb.append(']').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An execution's answers, let go when the test says. */
    private static final class Holder implements AnswerHolder {
        private final List<Runnable> releases = new ArrayList<>();

        @Override
        public Object owner() {
            return this;
        }

        @Override
        public synchronized void atEnd(Runnable release) {
            releases.add(release);
        }

        synchronized void end() {
            releases.forEach(Runnable::run);
            releases.clear();
        }
    }

    @Test
    void concurrentLargeAnswersTakeTurnsWithinTheMemoryAndAllArrive() throws Exception {
        // room for two answers at a time
        ResponseMemory memory = new ResponseMemory(2 * ARRAY_COST + ARRAY_COST / 2);
        try (HttpConnector connector = new HttpConnector(HttpSettings.defaults(), null, memory)) {
            assertThat(sendAll(connector, "/array", 8)).allSatisfy(size -> assertThat(size).isEqualTo(200_000));

            assertThat(memory.peak()).as("never more than the capacity").isLessThanOrEqualTo(memory.capacity());
            assertThat(memory.peak()).as("two at a time").isGreaterThan(ARRAY_COST);
            assertThat(memory.forcedGrants()).isZero();
            assertThat(memory.inUse()).isZero();
            assertThat(memory.waiting()).isZero();
        }
    }

    @Test
    void concurrentAnswersOfUnknownLengthAllArriveAndGiveTheirRoomBack() throws Exception {
        ResponseMemory memory = new ResponseMemory(2 * ARRAY_COST + ARRAY_COST / 2);
        try (HttpConnector connector = new HttpConnector(HttpSettings.defaults(), null, memory)) {
            // read in stretches, each asked for before it is read; the client drains what the network has ready
            // when reading should stop, so these are counted, not held back (see BoundedResponseConsumer)
            assertThat(sendAll(connector, "/chunked", 8)).allSatisfy(size -> assertThat(size).isEqualTo(200_000));

            assertThat(memory.peak()).isGreaterThan(ARRAY_COST);
            assertThat(memory.inUse()).isZero();
            assertThat(memory.waiting()).isZero();
        }
    }

    /** Sends {@code n} calls at once, each kept by its "execution" a moment after it arrives; their bodies' sizes. */
    private List<Integer> sendAll(HttpConnector connector, String path, int n) throws Exception {
        List<CompletableFuture<HttpAnswer>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Holder holder = new Holder();
            calls.add(connector.send(HttpCall.get(server.url(path)), Duration.ofSeconds(20), holder)
                    .thenCompose(answer -> CompletableFuture.supplyAsync(() -> answer,
                            CompletableFuture.delayedExecutor(100, TimeUnit.MILLISECONDS)))
                    .whenComplete((answer, e) -> holder.end()));
        }
        List<Integer> sizes = new ArrayList<>();
        for (CompletableFuture<HttpAnswer> call : calls) {
            sizes.add(call.get(30, TimeUnit.SECONDS).body().size());
        }
        return sizes;
    }

    @Test
    void anAnswerThatFindsNoRoomIsNotReadAndFailsRetryablyAtItsDeadline() throws Exception {
        // once the first answer is kept, room for less than the second one's next stretch of body
        ResponseMemory memory = new ResponseMemory(ARRAY_COST + 100_000);
        try (HttpConnector connector = new HttpConnector(HttpSettings.defaults(), null, memory)) {
            Holder sleeping = new Holder(); // an execution that keeps its answer (in a long delay, say)
            assertThat(connector.send(HttpCall.get(server.url("/array")), Duration.ofSeconds(10), sleeping)
                    .get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            long held = memory.inUse();
            assertThat(held).isEqualTo(ARRAY_COST);
            bytesSent.set(0);

            StepFailure failure = HttpConnectorFailureTest.failureOf(connector.send(HttpCall.get(server.url("/paced")),
                    Duration.ofMillis(1500), new Holder()));

            assertThat(failure.code()).isEqualTo("RESPONSE_MEMORY_FULL");
            assertThat(failure.retryable()).isTrue();
            assertThat(failure.getMessage()).startsWith("The answer from " + server.url("/paced")
                    + " found no room in this node's memory for answers within 1500ms (flows.response-memory: ");
            assertThat(failure.details().get("responseMemoryBytes").asLong()).isEqualTo(memory.capacity());
            assertThat(failure.details().get("timeoutMs").asLong()).isEqualTo(1500);
            // read no further than the first stretch (and what the network had delivered): not the 1.3 MB
            assertThat(failure.details().get("receivedBytes").asLong()).isLessThan(ARRAY.length / 2);
            assertThat(memory.inUse()).as("the failed call gave its room back").isEqualTo(held);
            assertThat(memory.waiting()).isZero();

            sleeping.end();
            assertThat(memory.inUse()).isZero();
            assertThat(connector.send(HttpCall.get(server.url("/chunked")), Duration.ofSeconds(10), new Holder())
                    .get(10, TimeUnit.SECONDS).body().size()).isEqualTo(200_000);
        }
    }

    @Test
    void anAnswerThatCouldNeverFitIsRefusedWithItsEstimateAndACallWithoutHolderGivesItsRoomBack() throws Exception {
        ResponseMemory small = new ResponseMemory(ARRAY_COST / 2);
        try (HttpConnector connector = new HttpConnector(HttpSettings.defaults(), null, small)) {
            StepFailure failure = HttpConnectorFailureTest.failureOf(connector.send(HttpCall.get(server.url("/array")),
                    Duration.ofSeconds(10)));

            assertThat(failure.code()).isEqualTo("RESPONSE_TOO_LARGE");
            assertThat(failure.retryable()).isFalse();
            assertThat(failure.getMessage()).contains("bytes would take about").contains("flows.response-memory");
            assertThat(failure.details().get("estimatedHeapBytes").asLong()).isEqualTo(ARRAY_COST);
            assertThat(failure.details().get("bytes").asLong()).isEqualTo(ARRAY.length);
            assertThat(failure.details().get("status").asInt()).isEqualTo(200);
            assertThat(small.inUse()).isZero();
        }
        ResponseMemory roomy = new ResponseMemory(ARRAY_COST * 4);
        try (HttpConnector connector = new HttpConnector(HttpSettings.defaults(), null, roomy)) {
            assertThat(connector.send(HttpCall.get(server.url("/array")), Duration.ofSeconds(10))
                    .get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
            assertThat(roomy.peak()).isGreaterThanOrEqualTo(ARRAY_COST);
            assertThat(roomy.inUse()).as("no holder: its room is given back once it is handed over").isZero();
        }
    }

    @Test
    void theEstimateCountsTheTreeNotOnlyTheBytes() {
        var json = ContentType.APPLICATION_JSON;
        byte[] zeros = "[0,0,0,0]".getBytes(StandardCharsets.UTF_8);
        byte[] numbers = "[1000,1001,1002,1003]".getBytes(StandardCharsets.UTF_8);
        byte[] objects = "[{},{},{},{}]".getBytes(StandardCharsets.UTF_8);
        assertThat(AnswerCost.of(zeros, json)).isEqualTo(9 * 2 + 80 + 4 * 6);
        assertThat(AnswerCost.of(numbers, json)).isEqualTo(21 * 2 + 80 + 4 * (6 + 24));
        assertThat(AnswerCost.of(objects, json)).isEqualTo(13 * 2 + 80 + 4 * (6 + 80));
        assertThat(AnswerCost.of("{\"a\":\"x\"}".getBytes(StandardCharsets.UTF_8), json)).isEqualTo(9 * 2 + 80 + 64 + 40);
        assertThat(AnswerCost.of(objects, ContentType.TEXT_PLAIN)).isEqualTo(13 * 2);
        assertThat(AnswerCost.of("{not json".getBytes(StandardCharsets.UTF_8), json)).isEqualTo(9 * 2);
    }
}
