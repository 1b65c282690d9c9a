package io.flows.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flows.steps.runtime.TraceEntry;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A foreach starts no element after one has failed: counted at a real partner, which sees one call per element that
 * started. A parallel, on the other hand, lets its other branches run to their end.
 */
class ForeachFailureTest {

    static EngineHarness h;
    static TestPartner partner;

    @BeforeAll
    static void start() throws Exception {
        h = new EngineHarness();
        partner = new TestPartner();
        // the first call sets the HTTP client up, which takes long enough on a busy machine to upset the timing below
        partner.on("/warm-up", (m, q, body, hd) -> TestPartner.Answer.json(200, "{}"));
        h.run(h.flow("""
                id: warm-up
                steps:
                  - { id: call, type: connector-call, connector: http, with: { url: "${vars.base}/warm-up" } }
                """), "{}", Map.of("base", TextNode.valueOf(partner.url(""))));
    }

    @AfterAll
    static void stop() {
        partner.close();
        h.close();
    }

    private ExecutionRecord run(String yaml, String input) {
        return h.run(h.flow(yaml), input, Map.<String, JsonNode>of("base", TextNode.valueOf(partner.url(""))));
    }

    private static String items(int n) {
        return "{\"items\": " + IntStream.range(0, n).boxed().toList() + "}";
    }

    private static JsonNode foreachEntry(ExecutionRecord r) {
        return r.steps().stream().filter(s -> s.stepId().equals("each")).findFirst().orElseThrow().extra();
    }

    @Test
    void oneAtATimeNoElementStartsAfterTheOneThatFailed() {
        partner.on("/one-by-one", (m, q, body, hd) -> body.equals("3")
                ? TestPartner.Answer.json(500, "{\"error\":\"no\"}")
                : TestPartner.Answer.json(200, "{}"));
        ExecutionRecord r = run("""
                id: fe-one-by-one
                steps:
                  - id: each
                    type: foreach
                    items: "${input.items}"
                    steps:
                      - { id: call, type: connector-call, connector: http, with: { method: POST, url: "${vars.base}/one-by-one", body: "${input}" } }
                """, items(10));
        assertThat(r.error().code()).isEqualTo("HTTP_500");
        assertThat(r.error().details().get("index").asInt()).isEqualTo(3);
        assertThat(partner.calls("/one-by-one")).as("elements that started").isEqualTo(4);
        assertThat(foreachEntry(r).get("iterations").asInt()).isEqualTo(4);
    }

    /**
     * Answers {@code failing} with a 500 at once, every other request 300ms after that one arrived: the failure is
     * known well before any other element ends, however slowly the machine sends the requests.
     */
    private static TestPartner.Handler failingFirst(String failing) {
        CountDownLatch failed = new CountDownLatch(1);
        return (m, q, body, hd) -> {
            if (body.equals(failing)) {
                failed.countDown();
                return TestPartner.Answer.json(500, "{\"error\":\"no\"}");
            }
            failed.await(10, TimeUnit.SECONDS);
            Thread.sleep(300);
            return TestPartner.Answer.json(200, "{}");
        };
    }

    /** A parallel whose branch {@code call} fails at once for element 2, while its branch {@code slow} goes on. */
    private static final String FAILING_BESIDE_A_SLOW_BRANCH = """
            - id: both
              type: parallel
              branches:
                call:
                  - { id: call, type: connector-call, connector: http, with: { method: POST, url: "${vars.base}/side-by-side", body: "${input}" } }
                slow:
                  - id: slowOnTwo
                    type: choice
                    when: [ { if: "${input == 2}", steps: [ { id: wait, type: delay, duration: 1500ms } ] } ]
            """;

    /**
     * Element 2 fails at once and the others answer 300ms later, but element 2 goes on 1.5s longer, so its failure
     * reaches the foreach as the element's outcome only then: elements started meanwhile would call the partner.
     */
    private void sideBySide(String id, String body) {
        partner.on("/side-by-side", failingFirst("2"));
        ExecutionRecord r = run("""
                id: %s
                steps:
                  - id: each
                    type: foreach
                    items: "${input.items}"
                    parallelism: 3
                    steps:
                """.formatted(id) + body.indent(6), items(30));
        assertThat(r.error().code()).isEqualTo("HTTP_500");
        assertThat(r.error().details().get("index").asInt()).isEqualTo(2);
        assertThat(partner.calls("/side-by-side")).as("elements that started").isEqualTo(3);
        assertThat(foreachEntry(r).get("iterations").asInt()).isEqualTo(3);
    }

    @Test
    void sideBySideNoElementStartsOnceOneHasFailedThoughItsBodyHasNotEndedYet() {
        sideBySide("fe-side-by-side", FAILING_BESIDE_A_SLOW_BRANCH);
    }

    @Test
    void aFailureInCatchStepsStopsTheForeachAsWell() {
        sideBySide("fe-in-catch", """
                - id: guard
                  type: try
                  steps: [ { id: boom, type: error-injection, mode: fail } ]
                  catch:
                """ + FAILING_BESIDE_A_SLOW_BRANCH.indent(4));
    }

    @Test
    void aNestedForeachThatFailsStopsTheOneAroundItToo() {
        partner.on("/nested", failingFirst("[1,1]"));
        ExecutionRecord r = run("""
                id: fe-nested
                steps:
                  - id: each
                    type: foreach
                    items: "${input.items}"
                    parallelism: 2
                    steps:
                      - id: inner
                        type: foreach
                        items: "${[input, input]}"
                        parallelism: 2
                        steps:
                          - id: slowBesideTheFailure
                            type: choice
                            when: [ { if: "${input == 1 && index == 0}", steps: [ { id: wait, type: delay, duration: 1500ms } ] } ]
                          - { id: call, type: connector-call, connector: http, with: { method: POST, url: "${vars.base}/nested", body: "${[input, index]}" } }
                """, items(20));
        assertThat(r.error().code()).isEqualTo("HTTP_500");
        assertThat(r.error().details().get("indexes")).hasToString("[1,1]");
        // elements 0 and 1 of the outer foreach, two calls each: [1, 1] failing stops the outer one at once, though
        // [1, 0] keeps the inner one running 1.5s longer
        assertThat(partner.calls("/nested")).as("calls by the elements that started").isEqualTo(4);
        assertThat(foreachEntry(r).get("iterations").asInt()).isEqualTo(2);
    }

    @Test
    void aFailureCaughtOrContinuedInsideTheBodyStopsNothing() {
        ExecutionRecord r = run("""
                id: fe-caught
                steps:
                  - id: each
                    type: foreach
                    items: "${input.items}"
                    parallelism: 2
                    steps:
                      - id: guard
                        type: try
                        steps:
                          - id: odd
                            type: choice
                            when: [ { if: "${input % 2 == 1}", steps: [ { id: boom, type: error-injection, mode: fail } ] } ]
                        catch:
                          - { id: caught, type: transform, set: { caught: "${error.code}" } }
                      - { id: shrug, type: error-injection, mode: fail, onError: continue }
                """, items(8));
        assertThat(r.status()).as("%s", r.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.output()).hasSize(8);
        assertThat(r.output().get(1).get("caught").asText()).isEqualTo("INJECTED");
    }

    @Test
    void aFailureThatAControlStepInTheBodyRetriesStopsNothing() {
        AtomicInteger calls = new AtomicInteger();
        partner.on("/flaky-once", (m, q, body, hd) -> calls.incrementAndGet() == 1
                ? TestPartner.Answer.json(503, "{\"error\":\"busy\"}")
                : TestPartner.Answer.json(200, "{}"));
        ExecutionRecord r = run("""
                id: fe-retried
                steps:
                  - id: each
                    type: foreach
                    items: "${input.items}"
                    steps:
                      - id: again
                        type: choice
                        retry: { maxAttempts: 2, delay: 1ms }
                        when:
                          - if: "${input == 1}"
                            steps: [ { id: call, type: connector-call, connector: http, with: { url: "${vars.base}/flaky-once" } } ]
                """, items(5));
        assertThat(r.status()).as("%s", r.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.output()).hasSize(5);
        assertThat(calls.get()).isEqualTo(2);
    }

    @Test
    void aFailingBranchLetsTheOtherBranchesRunToTheirEnd() {
        partner.on("/other-branch", (m, q, body, hd) -> TestPartner.Answer.json(200, "{}"));
        ExecutionRecord r = run("""
                id: par-fails
                steps:
                  - id: both
                    type: parallel
                    branches:
                      broken: [ { id: boom, type: error-injection, mode: fail } ]
                      other:
                        - { id: wait, type: delay, duration: 200ms }
                        - { id: call, type: connector-call, connector: http, with: { url: "${vars.base}/other-branch" } }
                """, "{}");
        assertThat(r.error().code()).isEqualTo("INJECTED");
        assertThat(partner.calls("/other-branch")).isEqualTo(1);
        assertThat(r.steps().stream().filter(s -> s.stepId().equals("call")).findFirst().orElseThrow().status())
                .isEqualTo(TraceEntry.Status.SUCCEEDED);
    }
}
