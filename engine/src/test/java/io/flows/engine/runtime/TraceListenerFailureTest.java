package io.flows.engine.runtime;

import static io.flows.engine.runtime.EngineHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.flows.steps.runtime.ExecutionContext;
import io.flows.steps.runtime.TraceEntry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A trace listener (the live view, the metrics, a store) that throws must not leave an execution running forever:
 * it ends FAILED with {@code TRACE_NOT_RECORDED}, and no step starts after the trace broke.
 */
class TraceListenerFailureTest {

    private static volatile BiConsumer<ExecutionContext, TraceEntry> onStart = (ctx, entry) -> { };
    private static volatile BiConsumer<ExecutionContext, TraceEntry> onFinish = (ctx, entry) -> { };
    private static volatile java.util.function.Consumer<ExecutionRecord> onExecutionFinished = e -> { };

    static EngineHarness h;

    @BeforeAll
    static void start() {
        h = new EngineHarness(new ExecutionListener() {
            @Override
            public void started(ExecutionContext ctx, TraceEntry entry) {
                onStart.accept(ctx, entry);
            }

            @Override
            public void finished(ExecutionContext ctx, TraceEntry entry) {
                onFinish.accept(ctx, entry);
            }

            @Override
            public void executionFinished(ExecutionRecord e) {
                onExecutionFinished.accept(e);
            }
        });
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @AfterEach
    void quiet() {
        onStart = (ctx, entry) -> { };
        onFinish = (ctx, entry) -> { };
        onExecutionFinished = e -> { };
    }

    @Test
    void aListenerThatThrowsAtTheEndOfTheExecutionStillLetsItsWaitersGo() throws Exception {
        FlowVersion v = h.flow("""
                id: listener-throws-at-the-end
                steps:
                  - { id: only, type: transform, set: { a: 1 } }
                """);
        onExecutionFinished = e -> {
            throw new IllegalStateException("the store is gone");
        };
        ExecutionRecord r = runToEnd(v);
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    private static BiConsumer<ExecutionContext, TraceEntry> throwingAt(String stepId) {
        return (ctx, entry) -> {
            if (entry.stepId().equals(stepId)) {
                throw new IllegalStateException("listener broke at " + stepId);
            }
        };
    }

    private static ExecutionRecord runToEnd(FlowVersion v) throws Exception {
        return h.engine.start(v, FlowEngine.manualTrigger(json("{}")), Map.of()).done().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aListenerThatThrowsAsAStepEndsFailsTheExecutionInsteadOfLeavingItRunning() throws Exception {
        FlowVersion v = h.flow("""
                id: listener-throws-at-end
                steps:
                  - { id: first, type: transform, set: { a: 1 } }
                  - { id: second, type: transform, set: { b: 2 } }
                  - { id: third, type: transform, set: { c: 3 } }
                """);
        onFinish = throwingAt("second");
        ExecutionRecord r = runToEnd(v);
        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.error().code()).isEqualTo("TRACE_NOT_RECORDED");
        assertThat(r.error().stepId()).isEqualTo("second");
        assertThat(r.error().message()).contains("listener broke at second");
        assertThat(r.steps()).extracting(TraceEntry::stepId).containsExactly("first", "second");
        assertThat(h.engine.runningCount()).isZero();
    }

    @Test
    void aListenerThatThrowsAfterAnAsynchronousStepFailsTheExecutionToo() throws Exception {
        FlowVersion v = h.flow("""
                id: listener-throws-after-delay
                steps:
                  - { id: wait, type: delay, duration: 5ms, retry: { maxAttempts: 3, delay: 1ms } }
                  - { id: after, type: transform, set: { b: 2 } }
                """);
        onFinish = throwingAt("wait");
        ExecutionRecord r = runToEnd(v);
        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.error().code()).isEqualTo("TRACE_NOT_RECORDED");
        assertThat(r.steps()).extracting(TraceEntry::stepId).containsExactly("wait");
        assertThat(r.steps()).allMatch(e -> e.status() != TraceEntry.Status.RUNNING);
    }

    @Test
    void aListenerThatThrowsAsAStepStartsFailsTheExecutionWithoutRunningTheStep() throws Exception {
        FlowVersion v = h.flow("""
                id: listener-throws-at-start
                steps:
                  - { id: first, type: transform, set: { a: 1 } }
                  - id: each
                    type: foreach
                    items: [1, 2]
                    steps:
                      - { id: inner, type: delay, duration: 1ms }
                """);
        onStart = throwingAt("inner");
        ExecutionRecord r = runToEnd(v);
        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.error().code()).isEqualTo("TRACE_NOT_RECORDED");
        assertThat(r.error().stepId()).isEqualTo("inner");
        assertThat(r.steps()).allMatch(e -> e.status() != TraceEntry.Status.RUNNING);
    }
}
