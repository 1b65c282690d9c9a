package io.flows.engine.runtime;

import static io.flows.engine.runtime.EngineHarness.assertJson;
import static io.flows.engine.runtime.EngineHarness.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.flows.steps.runtime.TraceEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ExecutionLifecycleTest {

    static EngineHarness h;

    @BeforeAll
    static void start() {
        h = new EngineHarness();
    }

    @AfterAll
    static void stop() {
        h.close();
    }

    @Test
    void expressionsSeeTriggerVarsExecutionAndEarlierSteps() {
        ExecutionRecord r = h.run("""
                id: scope
                vars: { region: eu }
                steps:
                  - { id: first, type: transform, set: { n: 1 } }
                  - id: second
                    type: transform
                    script: |
                      return { prev: input.n, first: steps.first.output.n, region: vars.region,
                               body: trigger.body.x, flow: execution.flowId, version: execution.flowVersion,
                               hasId: typeof execution.id === 'string' };
                """, "{\"x\":\"hello\"}");
        assertJson(r.output(), """
                {"prev":1,"first":1,"region":"eu","body":"hello","flow":"scope","version":1,"hasId":true}""");
    }

    @Test
    void varsCanBeOverriddenPerRun() {
        FlowVersion v = h.flow("""
                id: vars-override
                vars: { base: http://default }
                steps:
                  - { id: show, type: transform, set: { base: "${vars.base}" } }
                """);
        ExecutionRecord r = h.run(v, "{}", Map.of("base", json("\"http://override\"")));
        assertJson(r.output(), "{\"base\":\"http://override\"}");
    }

    @Test
    void aStepThatDidNotRunIsNullInSteps() {
        ExecutionRecord r = h.run("""
                id: not-taken
                steps:
                  - id: route
                    type: choice
                    when: [ { if: "${false}", steps: [ { id: skipped, type: transform, set: { a: 1 } } ] } ]
                  - { id: after, type: transform, set: { skipped: "${steps.skipped}", safe: "${steps.skipped?.output ?? 'none'}" } }
                """, "{}");
        assertJson(r.output(), "{\"skipped\":null,\"safe\":\"none\"}");
    }

    @Test
    void varOverridesOfARunReachItsSubFlows() {
        h.flow("""
                id: child-with-vars
                vars: { region: default }
                steps:
                  - { id: show, type: transform, set: { region: "${vars.region}" } }
                """);
        FlowVersion parent = h.flow("""
                id: parent-with-vars
                steps:
                  - { id: sub, type: call-flow, flow: child-with-vars }
                """);
        ExecutionRecord r = h.run(parent, "{}", Map.of("region", json("\"eu\"")));
        assertJson(r.output(), "{\"region\":\"eu\"}");
    }

    @Test
    void aForeachBodySeesItsOwnIterationsResults() {
        ExecutionRecord r = h.run("""
                id: iteration-scope
                steps:
                  - id: each
                    type: foreach
                    items: "${[10, 20, 30]}"
                    parallelism: 3
                    steps:
                      - { id: a, type: transform, script: "return input + 1" }
                      - { id: b, type: delay, min: 1ms, max: 20ms }
                      - { id: c, type: transform, set: { mine: "${steps.a.output}", index: "${index}" } }
                """, "{}");
        assertJson(r.output(), "[{\"mine\":11,\"index\":0},{\"mine\":21,\"index\":1},{\"mine\":31,\"index\":2}]");
    }

    @Test
    void moreThanAHundredExecutionsRunAtTheSameTimeWithoutMixingUp() throws Exception {
        FlowVersion v = h.flow("""
                id: concurrent
                steps:
                  - { id: wait, type: delay, min: 20ms, max: 80ms }
                  - { id: echo, type: transform, script: "return { n: input.n, sq: input.n * input.n }" }
                  - { id: again, type: delay, duration: 10ms }
                output: "${ { n: steps.echo.output.n, sq: steps.echo.output.sq, trig: trigger.body.n } }"
                """);
        List<Execution> started = new ArrayList<>();
        for (int i = 0; i < 150; i++) {
            started.add(h.engine.start(v, FlowEngine.manualTrigger(json("{\"n\":" + i + "}")), Map.of()));
        }
        for (int i = 0; i < started.size(); i++) {
            ExecutionRecord r = started.get(i).done().get(30, TimeUnit.SECONDS);
            assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertJson(r.output(), "{\"n\":" + i + ",\"sq\":" + (i * i) + ",\"trig\":" + i + "}");
            assertThat(r.steps()).hasSize(3);
        }
    }

    @Test
    void thousandsOfExecutionsCanWaitInDelaysAtTheSameTime() throws Exception {
        FlowVersion v = h.flow("""
                id: many-waits
                steps:
                  - { id: wait, type: delay, duration: 300ms }
                  - { id: call, type: error-injection, mode: respond, response: "${input.n}", timeout: 5s }
                """);
        List<Execution> started = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            started.add(h.engine.start(v, FlowEngine.manualTrigger(json("{\"n\":" + i + "}")), Map.of()));
        }
        for (int i = 0; i < started.size(); i++) {
            ExecutionRecord r = started.get(i).done().get(30, TimeUnit.SECONDS);
            assertThat(r.status()).as("execution %d: %s", i, r.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
            assertThat(r.output().asInt()).isEqualTo(i);
        }
    }

    @Test
    void aCancelledExecutionStopsWaitingAndEndsCancelled() throws Exception {
        FlowVersion v = h.flow("""
                id: long-wait
                steps:
                  - { id: wait, type: delay, duration: 1h }
                  - { id: never, type: transform, set: { ran: true } }
                """);
        Execution e = h.engine.start(v, FlowEngine.manualTrigger(json("{}")), Map.of());
        awaitRunning(e, "wait");
        assertThat(h.engine.cancel(e.id())).isTrue();
        ExecutionRecord r = e.done().get(5, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(ExecutionStatus.CANCELLED);
        assertThat(r.steps()).extracting(s -> s.stepId()).containsExactly("wait");
        assertThat(r.steps().get(0).error().code()).isEqualTo("CANCELLED");
        assertThat(r.error().stepId()).isEqualTo("wait");
        assertThat(h.engine.cancel(e.id())).isFalse();
    }

    @Test
    void aCancelledExecutionsErrorNamesTheInnermostStepThatWasRunning() throws Exception {
        FlowVersion v = h.flow("""
                id: nested-cancel
                steps:
                  - { id: first, type: transform, set: { items: [1] } }
                  - id: each
                    type: foreach
                    items: "${input.items}"
                    steps:
                      - id: guarded
                        type: try
                        steps:
                          - { id: slow, type: delay, duration: 1h }
                """);
        Execution e = h.engine.start(v, FlowEngine.manualTrigger(json("{}")), Map.of());
        awaitRunning(e, "slow");
        assertThat(h.engine.cancel(e.id())).isTrue();
        ExecutionRecord r = e.done().get(5, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(ExecutionStatus.CANCELLED);
        assertThat(r.error().code()).isEqualTo("CANCELLED");
        assertThat(r.error().stepId()).as("not the foreach or the try around it").isEqualTo("slow");
    }

    /** Waits until an attempt of {@code stepId} is running in {@code e}. */
    private static void awaitRunning(Execution e, String stepId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (e.context().trace().stream().noneMatch(t -> t.stepId().equals(stepId) && t.status() == TraceEntry.Status.RUNNING)) {
            assertThat(System.nanoTime()).as(stepId + " running in time").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void aCancelEndsAStepWaitingToRetryAtOnceWithoutAnotherAttempt() throws Exception {
        FlowVersion v = h.flow("""
                id: retry-wait
                steps:
                  - { id: flaky, type: error-injection, mode: fail, retry: { maxAttempts: 5, delay: 1h } }
                """);
        Execution e = h.engine.start(v, FlowEngine.manualTrigger(json("{}")), Map.of());
        awaitEndedAttempts(e, 1);
        assertThat(h.engine.cancel(e.id())).isTrue();
        ExecutionRecord r = e.done().get(5, TimeUnit.SECONDS);
        assertThat(r.status()).isEqualTo(ExecutionStatus.CANCELLED);
        assertThat(r.steps()).extracting(s -> s.attempt()).containsExactly(1);
        assertThat(r.steps().get(0).error().code()).isEqualTo("INJECTED");
        assertThat(r.error().stepId()).as("a step waiting to retry is running").isEqualTo("flaky");
    }

    @Test
    void theEndOfAnEnclosingStepEndsANestedRetryWait() throws Exception {
        FlowVersion v = h.flow("""
                id: nested-retry-wait
                steps:
                  - id: guarded
                    type: try
                    timeout: 100ms
                    steps:
                      - { id: flaky, type: error-injection, mode: fail, retry: { maxAttempts: 5, delay: 400ms } }
                """);
        Execution e = h.engine.start(v, FlowEngine.manualTrigger(json("{}")), Map.of());
        ExecutionRecord r = e.done().get(5, TimeUnit.SECONDS);
        assertThat(r.error().code()).isEqualTo("STEP_TIMEOUT");
        // a wait left running would start attempt 2 when it ends, only for it to be cancelled at once
        Thread.sleep(600);
        assertThat(e.context().trace()).filteredOn(t -> t.stepId().equals("flaky")).extracting(TraceEntry::attempt)
                .containsExactly(1);
    }

    /** Waits until {@code n} step attempts of {@code e} have ended. */
    private static void awaitEndedAttempts(Execution e, int n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (e.context().trace().stream().filter(t -> t.status() != TraceEntry.Status.RUNNING).count() < n) {
            assertThat(System.nanoTime()).as("attempts ended in time").isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    @Test
    void eachVersionHasOneRouteAndRetiredVersionsLeaveNone() {
        FlowVersion v1 = new FlowVersion("routed", 1, h.flow("id: routed\nsteps: [ { id: a, type: transform, set: { v: 1 } } ]").flow(), "");
        FlowVersion v2 = new FlowVersion("routed", 2, h.flow("id: routed\nsteps: [ { id: a, type: transform, set: { v: 2 } } ]").flow(), "");
        assertJson(h.run(v1, "{}", Map.of()).output(), "{\"v\":1}");
        assertJson(h.run(v2, "{}", Map.of()).output(), "{\"v\":2}");
        assertThat(h.engine.routeIds()).contains("flow:routed:v1", "flow:routed:v2");
        assertThat(h.engine.compile(v2)).isSameAs(h.engine.compile(v2));
        h.engine.retireAllBut("routed", 2);
        assertThat(h.engine.routeIds()).doesNotContain("flow:routed:v1").contains("flow:routed:v2");
        h.engine.retireAllBut("routed", 0);
        assertThat(h.engine.routeIds()).noneMatch(id -> id.startsWith("flow:routed:"));
    }

    @Test
    void aRunawayScriptFailsItsStepWhileOtherExecutionsGoOn() throws Exception {
        FlowVersion spin = h.flow("""
                id: spin
                steps:
                  - { id: loop, type: transform, script: "while (true) {}" }
                """);
        FlowVersion quick = h.flow("""
                id: quick
                steps:
                  - { id: ok, type: transform, script: "return input.n + 1" }
                """);
        Execution runaway = h.engine.start(spin, FlowEngine.manualTrigger(json("{}")), Map.of());
        List<Execution> others = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            others.add(h.engine.start(quick, FlowEngine.manualTrigger(json("{\"n\":" + i + "}")), Map.of()));
        }
        for (int i = 0; i < others.size(); i++) {
            ExecutionRecord r = others.get(i).done().get(10, TimeUnit.SECONDS);
            assertThat(r.output().asInt()).isEqualTo(i + 1);
        }
        ExecutionRecord r = runaway.done().get(10, TimeUnit.SECONDS);
        assertThat(r.error().code()).isEqualTo("SCRIPT_TIMEOUT");
    }

    @Test
    void hostileScriptsFailWithClearCodesAndTouchNothingOutside() {
        Map<String, String> cases = Map.of(
                "return new ArrayBuffer(4e8).byteLength", "SCRIPT_LIMIT",
                "return 'x'.repeat(2**28).length", "SCRIPT_LIMIT",
                "const a = []; while (true) a.push('xxxxxxxxxxxxxxxx' + a.length); return a", "SCRIPT_LIMIT",
                "return Java.type('java.lang.System').exit(1)", "SCRIPT_ERROR",
                "return require('fs')", "SCRIPT_ERROR",
                "return Polyglot.eval('js', '1')", "SCRIPT_ERROR",
                "load('/etc/passwd'); return 1", "SCRIPT_ERROR");
        cases.forEach((script, code) -> {
            ExecutionRecord r = h.run("""
                    id: hostile
                    steps:
                      - id: bad
                        type: transform
                        script: %s
                    """.formatted(toYamlString(script)), "{}");
            assertThat(r.error()).as(script).isNotNull();
            assertThat(r.error().code()).as(script).isEqualTo(code);
        });
        assertThat(h.run("id: still-fine\nsteps: [ { id: ok, type: transform, script: \"return 41 + 1\" } ]", "{}").output().asInt())
                .isEqualTo(42);
    }

    private static String toYamlString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
