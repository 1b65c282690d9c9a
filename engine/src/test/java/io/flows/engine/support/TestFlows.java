package io.flows.engine.support;

import static org.assertj.core.api.Assertions.assertThat;

/** Flows and starts that tests of the service's life cycle (stops, restarts, nodes) share. */
public final class TestFlows {

    private TestFlows() {
    }

    /** A flow that waits {@code pause}, then answers its input with {@code done: true}. */
    public static String pauseThenDone(String id, String pause) {
        return """
                id: %s
                steps:
                  - { id: pause, type: delay, duration: %s }
                  - { id: done, type: transform, script: "return { ...input, done: true }" }
                """.formatted(id, pause);
    }

    /** Starts the flow asynchronously with {@code {"n": 1}}; the new execution's id. */
    public static String startAsync(Http http, String flowId) {
        Http.Answer a = http.postJson("/api/flows/" + flowId + "/executions", "{\"n\": 1}");
        assertThat(a.status()).as(a.toString()).isEqualTo(202);
        return a.json().get("id").asText();
    }

    /** The execution once it has ended (or as it is after 60 s: the caller's assertion then says what it is). */
    public static com.fasterxml.jackson.databind.JsonNode awaitEnd(Http http, String id) throws InterruptedException {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
        com.fasterxml.jackson.databind.JsonNode e = http.get("/api/executions/" + id).json();
        while (java.util.List.of("QUEUED", "RUNNING").contains(e.path("status").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(20);
            e = http.get("/api/executions/" + id).json();
        }
        return e;
    }
}
