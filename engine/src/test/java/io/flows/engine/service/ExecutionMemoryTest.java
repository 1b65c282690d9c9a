package io.flows.engine.service;

import static io.flows.engine.support.TestFlows.awaitEnd;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.engine.support.Http;
import io.flows.engine.support.TestDatabase;
import io.flows.engine.support.TestService;
import io.micronaut.runtime.server.EmbeddedServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Executions with large triggers run only as many at once as fit in {@code flows.execution-memory}; the rest wait
 * as QUEUED with their triggers in the database, and lose nothing there (read, cancelled or run after a restart).
 */
@Timeout(120)
class ExecutionMemoryTest {

    /** About 100 KB of trigger JSON in 4,000 values: charged ~700 KB, so two fit in 1,500 KB and a third does not. */
    private static final int ITEMS = 1000;
    private static final String FLOW = """
            id: big-orders
            steps:
              - { id: pause, type: delay, duration: 300ms }
              - id: count
                type: transform
                script: "return { n: input.items.length, last: input.items[input.items.length - 1].sku };"
            """;

    @Test
    void takesWhatFitsAndLetsOneOversizedExecutionInAlone() {
        ExecutionMemory memory = new ExecutionMemory(100);
        assertThat(memory.tryTake(60)).isTrue();
        assertThat(memory.tryTake(60)).as("over the budget").isFalse();
        assertThat(memory.tryTake(40)).isTrue();
        assertThat(memory.inUse()).isEqualTo(100);

        memory.release(60);
        memory.release(40);
        assertThat(memory.tryTake(500)).as("alone, however large").isTrue();
        assertThat(memory.tryTake(1)).isFalse();
    }

    @Test
    void countsTheValuesOfADocumentOutsideItsStrings() {
        assertThat(ExecutionMemory.values("{}")).isEqualTo(1);
        assertThat(ExecutionMemory.values("{\"a\": 1, \"b\": [true, null, {}]}")).isEqualTo(6);
        assertThat(ExecutionMemory.values("[{},{},{}]")).isEqualTo(4);
        assertThat(ExecutionMemory.values("{\"text\": \"a, b: [c] \\\" d, e\"}")).as("inside a string, escapes too")
                .isEqualTo(2);
    }

    @Test
    void manySmallValuesAreChargedMoreThanFewLongOnes() {
        String emptyObjects = "[" + "{},".repeat(333_332) + "{}]";                 // 1,000,000 characters
        String longTexts = "[" + ("\"" + "x".repeat(98) + "\",").repeat(9_999) + "\"" + "x".repeat(98) + "\"]";
        // measured: 4 executions of the first held 143 MB (36 bytes per character)
        assertThat(ExecutionMemory.charge(emptyObjects)).isGreaterThan(36L * emptyObjects.length());
        assertThat(ExecutionMemory.charge(longTexts)).isLessThan(4L * longTexts.length());
    }

    @Test
    void largeTriggersRunTwoAtATimeAndTheQueuedOnesKeepTheirTriggers() throws Exception {
        try (TestDatabase db = TestDatabase.h2()) {
            Map<String, Object> properties = TestService.properties(db);
            properties.put("flows.execution-memory", "1500KB");
            EmbeddedServer server = TestService.start(properties);
            try {
                Http http = new Http(TestService.baseUrl(server));
                assertThat(http.post("/api/flows", "application/yaml", FLOW).status()).isEqualTo(201);

                List<String> ids = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    ids.add(start(http, i));
                }
                JsonNode waiting = http.get("/api/executions/" + ids.get(7)).json();
                assertThat(waiting.path("status").asText()).isEqualTo("QUEUED");
                assertThat(waiting.path("trigger").path("body").path("items").size()).as("read back from the database")
                        .isEqualTo(ITEMS);
                JsonNode cancelled = http.post("/api/executions/" + ids.get(6) + "/cancel", null, null).json();
                assertThat(cancelled.path("status").asText()).as(cancelled.toString()).isEqualTo("CANCELLED");
                assertThat(cancelled.path("trigger").path("body").path("order").asInt()).isEqualTo(6);

                int mostRunning = 0;
                boolean sawQueued = false;
                long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
                while (System.nanoTime() < deadline) {
                    JsonNode list = http.get("/api/flows/big-orders/executions?limit=100").json();
                    int running = count(list, "RUNNING");
                    mostRunning = Math.max(mostRunning, running);
                    sawQueued |= count(list, "QUEUED") > 0;
                    if (running == 0 && count(list, "QUEUED") == 0) {
                        break;
                    }
                    Thread.sleep(20);
                }
                assertThat(mostRunning).as("running at once").isBetween(1, 2);
                assertThat(sawQueued).isTrue();
                for (int i = 0; i < 8; i++) {
                    if (i == 6) {
                        continue;
                    }
                    JsonNode e = http.get("/api/executions/" + ids.get(i)).json();
                    assertThat(e.path("status").asText()).as(e.path("error").toString()).isEqualTo("SUCCEEDED");
                    assertThat(e.path("output").path("n").asInt()).isEqualTo(ITEMS);
                    assertThat(e.path("output").path("last").asText()).isEqualTo(sku(i, ITEMS - 1));
                }
            } finally {
                server.getApplicationContext().close();
            }
        }
    }

    @Test
    void executionsQueuedForMemoryRunAfterARestartWithTheirTriggers() throws Exception {
        try (TestDatabase db = TestDatabase.h2()) {
            Map<String, Object> properties = TestService.properties(db);
            properties.put("flows.execution-memory", "1500KB");
            EmbeddedServer first = TestService.start(properties);
            List<String> ids = new ArrayList<>();
            try {
                Http http = new Http(TestService.baseUrl(first));
                assertThat(http.post("/api/flows", "application/yaml", FLOW.replace("300ms", "20s")).status()).isEqualTo(201);
                for (int i = 0; i < 5; i++) {
                    ids.add(start(http, i));
                }
                assertThat(http.get("/api/executions/" + ids.get(4)).json().path("status").asText()).isEqualTo("QUEUED");
            } finally {
                first.getApplicationContext().close();
            }

            properties.put("flows.execution-memory", "100MB");
            EmbeddedServer second = TestService.start(properties);
            try {
                Http http = new Http(TestService.baseUrl(second));
                for (int i = 0; i < 5; i++) {
                    JsonNode e = awaitEnd(http, ids.get(i));
                    if (i < 2) {
                        assertThat(e.path("error").path("code").asText()).as("running when it stopped")
                                .isEqualTo("INTERRUPTED");
                    } else {
                        assertThat(e.path("status").asText()).as(e.path("error").toString()).isEqualTo("SUCCEEDED");
                        assertThat(e.path("output").path("last").asText()).isEqualTo(sku(i, ITEMS - 1));
                    }
                    assertThat(e.path("trigger").path("body").path("items").size()).isEqualTo(ITEMS);
                }
            } finally {
                second.getApplicationContext().close();
            }
        }
    }

    private static String start(Http http, int order) {
        StringBuilder body = new StringBuilder("{\"order\": ").append(order).append(", \"items\": [");
        for (int i = 0; i < ITEMS; i++) {
            body.append(i == 0 ? "" : ",").append("{\"sku\": \"").append(sku(order, i))
                    .append("\", \"qty\": 1, \"note\": \"").append("x".repeat(60)).append("\"}");
        }
        Http.Answer a = http.postJson("/api/flows/big-orders/executions", body.append("]}").toString());
        assertThat(a.status()).as(a.toString()).isEqualTo(202);
        return a.json().path("id").asText();
    }

    private static String sku(int order, int item) {
        return "SKU-" + order + "-" + item;
    }

    private static int count(JsonNode list, String status) {
        int n = 0;
        for (JsonNode e : list) {
            n += status.equals(e.path("status").asText()) ? 1 : 0;
        }
        return n;
    }
}
