package io.flows.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flows.steps.http.ResponseMemory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Partners' answers take room in the node's response memory for as long as their executions keep them: executions
 * whose answers find no room wait, up to their step's timeout, and the engine goes on.
 */
class ResponseMemoryTest {

    /** 150,000 distinct numbers: about 1 MB of JSON, about 5.6 MB of heap by the estimate. */
    private static final String BIG = bigArray();

    private TestPartner partner;
    private EngineHarness h;

    @BeforeEach
    void start() throws Exception {
        partner = new TestPartner();
        partner.on("/big", (m, q, b, hd) -> TestPartner.Answer.json(200, BIG));
        partner.on("/small", (m, q, b, hd) -> TestPartner.Answer.json(200, "{\"ok\":true}"));
    }

    @AfterEach
    void stop() {
        if (h != null) {
            h.close();
        }
        partner.close();
    }

    private static String bigArray() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < 150_000; i++) {
            sb.append(i == 0 ? "" : ",").append(100_000 + i);
        }
        return sb.append(']').toString();
    }

    private Map<String, JsonNode> vars() {
        return Map.of("base", TextNode.valueOf(partner.url("")));
    }

    @Test
    void anExecutionKeepsItsAnswersRoomUntilItEndsAndASubFlowsAnswersAreKeptWithItsCallers() throws Exception {
        h = new EngineHarness(64L << 20);
        ResponseMemory memory = h.engine.responseMemory();
        FlowVersion child = h.flow("""
                id: fetch
                steps:
                  - { id: get, type: connector-call, with: { url: "${vars.base}/big" } }
                  - { id: count, type: transform, set: { n: "${steps.get.output.body.length}" } }
                """);
        FlowVersion parent = h.flow("""
                id: parent
                steps:
                  - { id: sub, type: call-flow, flow: fetch }
                  - { id: own, type: connector-call, with: { url: "${vars.base}/big" } }
                  - { id: wait, type: delay, duration: 600ms }
                """);
        assertThat(child.flowId()).isEqualTo("fetch");

        Execution running = h.engine.start(parent, FlowEngine.manualTrigger(EngineHarness.json("{}")), vars());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (running.context().trace().stream().noneMatch(t -> t.stepId().equals("wait"))
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        // in its delay, the parent keeps both answers: its own and the one its sub-flow got (the sub-flow has ended)
        assertThat(memory.inUse()).isGreaterThan(2L * BIG.length() * 2);

        ExecutionRecord r = running.done().get(10, TimeUnit.SECONDS);
        assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(memory.inUse()).isZero();
    }

    @Test
    void executionsWhoseAnswersFindNoRoomFailRetryablyAtTheirStepsTimeoutAndTheEngineGoesOn() throws Exception {
        h = new EngineHarness(8L << 20); // room for one of these answers
        ResponseMemory memory = h.engine.responseMemory();
        FlowVersion v = h.flow("""
                id: hold
                steps:
                  - { id: get, type: connector-call, timeout: 3s, with: { url: "${vars.base}/big" } }
                  - { id: wait, type: delay, duration: 6s }
                """);
        // the step's timeout is the first answer's time to arrive (a loaded machine took more than 1 s), and
        // the others' to wait for room: they time out while the first holds its answer in its delay

        List<Execution> started = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            started.add(h.engine.start(v, FlowEngine.manualTrigger(EngineHarness.json("{}")), vars()));
        }
        List<ExecutionRecord> ended = new ArrayList<>();
        for (Execution e : started) {
            ended.add(e.done().get(15, TimeUnit.SECONDS));
        }

        assertThat(ended).as(() -> ended.stream().map(r -> r.status() + " " + r.error()).toList().toString())
                .filteredOn(r -> r.status() == ExecutionStatus.SUCCEEDED).hasSize(1);
        assertThat(ended).filteredOn(r -> r.status() == ExecutionStatus.FAILED).hasSize(3)
                .allSatisfy(r -> {
                    assertThat(r.error().code()).isEqualTo("RESPONSE_MEMORY_FULL");
                    assertThat(r.error().details().get("responseMemoryBytes").asLong()).isEqualTo(8L << 20);
                });
        assertThat(memory.peak()).isLessThanOrEqualTo(memory.capacity());
        assertThat(memory.inUse()).isZero();
        assertThat(memory.waiting()).isZero();

        // the room is back: the next execution gets its answer at once
        ExecutionRecord next = h.run(v, "{}", vars());
        assertThat(next.status()).as(String.valueOf(next.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void smallAnswersGoOnWhileLargeOnesFillTheMemory() throws Exception {
        h = new EngineHarness(8L << 20);
        FlowVersion big = h.flow("""
                id: keep
                steps:
                  - { id: get, type: connector-call, with: { url: "${vars.base}/big" } }
                  - { id: wait, type: delay, duration: 1500ms }
                """);
        Execution keeping = h.engine.start(big, FlowEngine.manualTrigger(EngineHarness.json("{}")), vars());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (h.engine.responseMemory().inUse() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }

        ExecutionRecord small = h.run("""
                id: tiny
                steps:
                  - { id: get, type: connector-call, timeout: 1s, with: { url: "${vars.base}/small" } }
                """.replace("${vars.base}", partner.url("")), "{}");

        assertThat(small.status()).as(String.valueOf(small.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(keeping.done().get(10, TimeUnit.SECONDS).status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }
}
