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
}
