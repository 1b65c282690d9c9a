package io.flows.engine.service;

import static io.flows.engine.support.TestFlows.startAsync;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.engine.support.Http;
import io.flows.engine.support.TestDatabase;
import io.flows.engine.support.TestService;
import io.micronaut.runtime.server.EmbeddedServer;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An execution that has ended in the engine but whose end is not yet committed is answered once its end is stored:
 * a read or a cancel in that moment answered RUNNING with no steps (and the cancel then saw it succeed).
 */
@Timeout(120)
class ExecutionHandoverTest {

    @Test
    void aReadAndACancelWhileTheEndIsBeingStoredAnswerTheStoredEnd() throws Exception {
        HeldEnds.reset();
        try (TestDatabase db = TestDatabase.h2()) {
            Map<String, Object> properties = TestService.properties(db);
            properties.put("flows.test.hold-ends", "true");
            EmbeddedServer server = TestService.start(properties);
            try {
                Http http = new Http(TestService.baseUrl(server));
                assertThat(http.post("/api/flows", "application/yaml", """
                        id: held-end
                        steps:
                          - { id: first, type: transform, script: "return { n: input.n + 1 }" }
                        """).status()).isEqualTo(201);
                String id = startAsync(http, "held-end");
                assertThat(HeldEnds.holding.await(30, TimeUnit.SECONDS)).as("the end reached the store").isTrue();

                CompletableFuture<JsonNode> read = CompletableFuture.supplyAsync(() -> http.get("/api/executions/" + id).json());
                CompletableFuture<JsonNode> cancel = CompletableFuture.supplyAsync(
                        () -> http.post("/api/executions/" + id + "/cancel", null, null).json());
                Thread.sleep(300);
                HeldEnds.release.countDown();

                for (JsonNode e : new JsonNode[] {read.get(30, TimeUnit.SECONDS), cancel.get(30, TimeUnit.SECONDS)}) {
                    assertThat(e.path("status").asText()).as(e.toString()).isEqualTo("SUCCEEDED");
                    assertThat(e.path("steps")).as(e.toString()).hasSize(1);
                    assertThat(e.path("output").path("n").asInt()).isEqualTo(2);
                }
            } finally {
                HeldEnds.release.countDown();
                server.getApplicationContext().close();
            }
        }
    }
}
