package io.flows.engine.runtime;

import static io.flows.engine.runtime.EngineHarness.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flows.steps.runtime.TraceEntry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FailureHandlingTest {

    static EngineHarness h;
    static TestPartner partner;

    @BeforeAll
    static void start() throws Exception {
        h = new EngineHarness();
        partner = new TestPartner();
    }

    @AfterAll
    static void stop() {
        partner.close();
        h.close();
    }

    private ExecutionRecord run(String yaml, String input) {
        return h.run(h.flow(yaml), input, Map.<String, JsonNode>of("base", TextNode.valueOf(partner.url(""))));
    }

    @Test
    void retriesA503UntilItSucceedsAndRecordsEveryAttempt() {
        AtomicInteger calls = new AtomicInteger();
        partner.on("/flaky", (m, q, b, hd) -> calls.incrementAndGet() < 3
                ? TestPartner.Answer.json(503, "{\"error\":\"busy\"}")
                : TestPartner.Answer.json(200, "{\"ok\":true}"));
        ExecutionRecord r = run("""
                id: retry-503
                steps:
                  - id: call
                    type: connector-call
                    connector: http
                    with: { url: "${vars.base}/flaky" }
                    retry: { maxAttempts: 3, delay: 10ms, multiplier: 2 }
                """, "{}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.steps()).extracting(TraceEntry::attempt).containsExactly(1, 2, 3);
        assertThat(r.steps()).extracting(TraceEntry::status)
                .containsExactly(TraceEntry.Status.FAILED, TraceEntry.Status.FAILED, TraceEntry.Status.SUCCEEDED);
        assertThat(r.steps().get(0).error().code()).isEqualTo("HTTP_503");
    }

    @Test
    void aRetryWaitsAsLongAsThePartnersRetryAfterAsksWithinMaxDelay() {
        AtomicInteger calls = new AtomicInteger();
        partner.on("/limited", (m, q, b, hd) -> calls.incrementAndGet() == 1
                ? TestPartner.Answer.json(429, "{\"error\":\"slow down\"}").withHeader("Retry-After", "1")
                : TestPartner.Answer.json(200, "{\"ok\":true}"));
        partner.on("/limited-long", (m, q, b, hd) -> TestPartner.Answer.json(503, "{}").withHeader("Retry-After", "3600"));
        ExecutionRecord r = run("""
                id: retry-after
                steps:
                  - id: call
                    type: connector-call
                    connector: http
                    with: { url: "${vars.base}/limited" }
                    retry: { maxAttempts: 2, delay: 10ms }
                  - id: capped
                    type: connector-call
                    connector: http
                    with: { url: "${vars.base}/limited-long" }
                    retry: { maxAttempts: 2, delay: 10ms, maxDelay: 300ms }
                    onError: continue
                """, "{}");
        TraceEntry first = r.steps().get(0);
        TraceEntry second = r.steps().get(1);
        assertThat(first.error().code()).isEqualTo("HTTP_429");
        assertThat(first.error().details().get("retryAfterMs").asLong()).isEqualTo(1000);
        assertThat(second.status()).isEqualTo(TraceEntry.Status.SUCCEEDED);
        assertThat(java.time.Duration.between(first.startedAt().plusMillis(first.durationMs()), second.startedAt()))
                .as("the wait before attempt 2").isGreaterThanOrEqualTo(java.time.Duration.ofMillis(950));
        List<TraceEntry> capped = r.steps().stream().filter(t -> t.stepId().equals("capped")).toList();
        assertThat(capped).extracting(TraceEntry::attempt).containsExactly(1, 2);
        assertThat(java.time.Duration.between(capped.get(0).startedAt().plusMillis(capped.get(0).durationMs()),
                capped.get(1).startedAt())).as("the wait, capped by maxDelay").isLessThan(java.time.Duration.ofSeconds(5));
    }

    @Test
    void doesNotRetryOther4xxUnlessRetryOnListsThem() {
        partner.on("/bad", (m, q, b, hd) -> TestPartner.Answer.json(400, "{\"error\":\"bad\"}"));
        ExecutionRecord once = run("""
                id: no-retry-400
                steps:
                  - { id: call, type: connector-call, connector: http, with: { url: "${vars.base}/bad" }, retry: { maxAttempts: 3, delay: 1ms } }
                """, "{}");
        assertThat(once.steps()).hasSize(1);
        assertThat(once.error().code()).isEqualTo("HTTP_400");

        ExecutionRecord listed = run("""
                id: retry-400
                steps:
                  - { id: call, type: connector-call, connector: http, with: { url: "${vars.base}/bad" }, retry: { maxAttempts: 3, delay: 1ms, on: [400] } }
                """, "{}");
        assertThat(listed.steps()).hasSize(3);
    }

    @Test
    void injectedFaultsAreRetriedAndCustomCodesCanBeListed() {
        ExecutionRecord r = run("""
                id: retry-injected
                steps:
                  - { id: chaos, type: error-injection, mode: fail, every: 2, error: { code: ERP_DOWN }, retry: { maxAttempts: 2, delay: 1ms } }
                """, "{}");
        // call 1 passes
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        ExecutionRecord second = h.run(h.flow("""
                id: retry-injected
                steps:
                  - { id: chaos, type: error-injection, mode: fail, every: 1, error: { code: ERP_DOWN }, retry: { maxAttempts: 3, delay: 1ms } }
                """), "{}", Map.of());
        assertThat(second.steps()).hasSize(3);
        assertThat(second.error().code()).isEqualTo("ERP_DOWN");
    }

    @Test
    void aHangingPartnerFailsTheAttemptWithStepTimeoutPerAttempt() {
        partner.on("/hang", (m, q, b, hd) -> {
            Thread.sleep(5_000);
            return TestPartner.Answer.json(200, "{}");
        });
        long started = System.nanoTime();
        ExecutionRecord r = run("""
                id: hang
                steps:
                  - { id: call, type: connector-call, connector: http, with: { url: "${vars.base}/hang" }, timeout: 200ms, retry: { maxAttempts: 2, delay: 10ms } }
                """, "{}");
        long ms = (System.nanoTime() - started) / 1_000_000;
        assertThat(r.error().code()).isEqualTo("STEP_TIMEOUT");
        assertThat(r.steps()).hasSize(2);
        assertThat(ms).isLessThan(3_000);
    }

    @Test
    void aCallThatTimesOutFailsTheSameWayOnEveryAttemptNamingTheUrl() {
        partner.on("/silent", (m, q, b, hd) -> {
            Thread.sleep(2_000);
            return TestPartner.Answer.json(200, "{}");
        });
        ExecutionRecord r = run("""
                id: silent
                steps:
                  - { id: call, type: connector-call, connector: http, with: { url: "${vars.base}/silent" }, timeout: 100ms, retry: { maxAttempts: 6, delay: 1ms } }
                """, "{}");
        String url = partner.url("/silent");
        // the client's deadline and the step's timer are both 100 ms: each attempt used to say what won the race
        assertThat(r.steps()).hasSize(6).allSatisfy(s -> {
            assertThat(s.error().code()).isEqualTo("STEP_TIMEOUT");
            assertThat(s.error().message()).isEqualTo("Call to " + url + " did not finish within 100ms");
            assertThat(s.error().details().path("timeoutMs").asInt()).isEqualTo(100);
        });
    }

    @Test
    void aStepTimeoutStopsARunawayScriptOrExpressionAtOnce() {
        // Without the stop each would hold its worker thread for the 60 s CPU deadline (and outlast run()'s 30 s).
        String forever = "(() => { for (;;) {} })()";
        try (EngineHarness patient = new EngineHarness(java.time.Duration.ofSeconds(60))) {
            List<String> steps = List.of(
                    "{ id: spin, type: transform, script: 'while (true) {}', timeout: 200ms }",
                    "{ id: spin, type: transform, set: { x: '${" + forever + "}' }, timeout: 200ms }",
                    "{ id: spin, type: choice, when: [ { if: '${" + forever + "}', steps: [] } ], timeout: 200ms }",
                    "{ id: spin, type: connector-call, connector: http, with: { url: 'http://127.0.0.1:9/${" + forever
                            + "}' }, timeout: 200ms }",
                    "{ id: spin, type: foreach, items: '${" + forever + "}', steps: [], timeout: 200ms }");
            for (String step : steps) {
                ExecutionRecord r = patient.run("id: runaway\nsteps:\n  - " + step + "\n", "{}");
                assertThat(r.error().code()).as(step).isEqualTo("STEP_TIMEOUT");
            }
        }
    }

    @Test
    void aStepTimeoutFiresOnTimeWhileEveryScriptContextIsBusy() throws Exception {
        // One script context, held by an endless loop: a step that needs JavaScript waits for it, and its timeout must
        // end that wait (it used to be unstoppable: a cold node's first JS steps failed at 3-4 times their timeout).
        try (EngineHarness one = new EngineHarness(io.flows.steps.script.ScriptLimits.defaults()
                .withCpuDeadline(java.time.Duration.ofSeconds(60)).withMaxPooledContexts(1))) {
            FlowVersion spin = one.flow("""
                    id: spin
                    steps:
                      - { id: warm, type: transform, set: { x: "${input.n + 1}" } }
                      - { id: s, type: transform, script: "while (true) {}" }
                    """);
            String spinning = one.engine.start(spin, FlowEngine.manualTrigger(EngineHarness.json("{\"n\":1}")), Map.of()).id();
            try {
                long deadline = System.nanoTime() + 30_000_000_000L;
                while (one.engine.snapshot(spinning).orElseThrow().steps().stream().noneMatch(t -> t.stepId().equals("s"))) {
                    assertThat(System.nanoTime()).as("the loop starts").isLessThan(deadline);
                    Thread.sleep(5);
                }
                Thread.sleep(100); // from its trace entry to taking the idle context: no wait, a few statements
                long started = System.nanoTime();
                ExecutionRecord r = one.run("""
                        id: js
                        steps:
                          - { id: x, type: transform, timeout: 300ms, set: { v: "${ {a: input.n, b: input.n * 2} }" } }
                        """, "{\"n\":1}");
                long ms = (System.nanoTime() - started) / 1_000_000;
                assertThat(r.error().code()).isEqualTo("STEP_TIMEOUT");
                assertThat(r.steps().get(0).durationMs()).isBetween(300L, 1_000L);
                assertThat(ms).isLessThan(1_500);
            } finally {
                one.engine.cancel(spinning);
            }
        }
    }

    @Test
    void onAColdNodeManyConcurrentScriptStepsTimeOutOnTime() throws Exception {
        // A fresh engine: its script contexts are not made yet, and making one runs the sandbox's prelude (hundreds of
        // ms interpreted, seconds on a cold JVM). Every evaluation used to make its own context, unstoppably, on every
        // worker at once: the steps' timeouts fired but their executions ended only when the workers were free again.
        try (EngineHarness cold = new EngineHarness()) {
            FlowVersion js = cold.flow("""
                    id: js
                    steps:
                      - { id: x, type: transform, timeout: 300ms, set: { v: "${ {a: input.n, b: input.n * 2} }" } }
                    """);
            long started = System.nanoTime();
            List<java.util.concurrent.CompletableFuture<ExecutionRecord>> runs = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                runs.add(cold.engine.start(js, FlowEngine.manualTrigger(EngineHarness.json("{\"n\":" + i + "}")), Map.of())
                        .done());
            }
            for (var run : runs) {
                ExecutionRecord r = run.get(30, java.util.concurrent.TimeUnit.SECONDS);
                if (r.status() == ExecutionStatus.FAILED) {
                    assertThat(r.error().code()).isEqualTo("STEP_TIMEOUT");
                }
                assertThat(r.steps().get(0).durationMs()).as("the step's duration").isLessThan(1_300L);
            }
            assertThat((System.nanoTime() - started) / 1_000_000).as("all 16 ended").isLessThan(2_500);
        }
    }

    @Test
    void runawayScriptsOnEveryWorkerDoNotStallOtherExecutions() throws Exception {
        try (EngineHarness patient = new EngineHarness(java.time.Duration.ofSeconds(60))) {
            FlowVersion spin = patient.flow("""
                    id: spin
                    steps: [ { id: s, type: transform, script: "while (true) {}" } ]
                    """);
            FlowVersion quick = patient.flow("""
                    id: quick
                    steps: [ { id: d, type: delay, duration: 10ms }, { id: t, type: transform, set: { ok: true } } ]
                    """);
            int workers = io.flows.engine.runtime.EngineSettings.defaults().workers();
            List<String> spinning = new java.util.ArrayList<>();
            for (int i = 0; i < workers + 2; i++) {
                spinning.add(patient.engine.start(spin, FlowEngine.manualTrigger(EngineHarness.json("{}")), Map.of()).id());
            }
            try {
                // without extra workers this waits for the 60 s deadline of the spinning scripts (run() gives up at 30 s)
                ExecutionRecord r = patient.run(quick, "{}", Map.of());
                assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
            } finally {
                spinning.forEach(patient.engine::cancel);
            }
        }
    }

    @Test
    void aControlStepThatTimesOutStopsItsNestedStepsBeforeTheyCallAnyone() throws Exception {
        AtomicInteger calls = new AtomicInteger();
        partner.on("/side-effect", (m, q, b, hd) -> {
            calls.incrementAndGet();
            return TestPartner.Answer.json(200, "{}");
        });
        String body = """
                      - { id: wait, type: delay, duration: 400ms }
                      - { id: post, type: connector-call, connector: http, with: { method: POST, url: "${vars.base}/side-effect" } }
                """;
        ExecutionRecord tried = run("""
                id: try-timeout
                steps:
                  - id: guarded
                    type: try
                    timeout: 100ms
                    retry: { maxAttempts: 3, delay: 1ms }
                    steps:
                """ + body, "{}");
        ExecutionRecord looped = run("""
                id: foreach-timeout
                steps:
                  - id: each
                    type: foreach
                    items: "${[1, 2, 3]}"
                    timeout: 100ms
                    onError: continue
                    steps:
                """ + body, "{}");
        assertThat(tried.error().code()).isEqualTo("STEP_TIMEOUT");
        assertThat(tried.steps().stream().filter(s -> s.stepId().equals("guarded"))).hasSize(3);
        assertThat(looped.status()).isEqualTo(ExecutionStatus.SUCCEEDED);

        Thread.sleep(700); // past the nested delays: an orphaned body would call the partner now
        assertThat(calls.get()).as("calls made by nested steps after their enclosing step timed out").isZero();
        for (ExecutionRecord r : List.of(tried, looped)) {
            assertThat(r.steps()).as("no nested entry is left running").allSatisfy(
                    s -> assertThat(s.status()).isNotEqualTo(TraceEntry.Status.RUNNING));
        }
    }

    @Test
    void onErrorContinuePassesTheInputOnAndKeepsTheError() {
        ExecutionRecord r = run("""
                id: continue-on-error
                steps:
                  - { id: chaos, type: error-injection, mode: fail, error: { code: ERP_DOWN, message: down }, onError: continue }
                  - id: after
                    type: transform
                    set: { input: "${input}", code: "${steps.chaos.error.code}", output: "${steps.chaos.output}" }
                """, "{\"a\":1}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertJson(r.output(), "{\"input\":{\"a\":1},\"code\":\"ERP_DOWN\",\"output\":{\"a\":1}}");
        assertThat(r.steps().get(0).status()).isEqualTo(TraceEntry.Status.FAILED);
        assertThat(r.steps().get(0).error().code()).isEqualTo("ERP_DOWN");
        assertJson(r.steps().get(0).output(), "{\"a\":1}");
    }

    @Test
    void anInjectedCancelledIsAnOrdinaryFailureThatATryCatchesAndOnErrorContinueContinues() {
        ExecutionRecord caught = run("""
                id: injected-cancelled-try
                steps:
                  - id: guard
                    type: try
                    steps:
                      - { id: chaos, type: error-injection, mode: fail, error: { code: CANCELLED, message: partner gave up } }
                    catch:
                      - { id: handled, type: transform, set: { caught: "${error.code}" } }
                """, "{}");
        assertThat(caught.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertJson(caught.output(), "{\"caught\":\"CANCELLED\"}");

        ExecutionRecord continued = run("""
                id: injected-cancelled-continue
                steps:
                  - { id: chaos, type: error-injection, mode: fail, error: { code: CANCELLED }, onError: continue }
                  - { id: after, type: transform, set: { went: on } }
                """, "{}");
        assertThat(continued.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertJson(continued.output(), "{\"went\":\"on\"}");

        ExecutionRecord failed = run("""
                id: injected-cancelled-retry
                steps:
                  - { id: chaos, type: error-injection, mode: fail, error: { code: CANCELLED }, retry: { maxAttempts: 2, delay: 1ms } }
                """, "{}");
        assertThat(failed.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(failed.steps()).hasSize(2);
        assertThat(failed.error().code()).isEqualTo("CANCELLED");
    }

    @Test
    void anExpressionThatThrowsFailsTheStepWithExpressionError() {
        ExecutionRecord r = run("""
                id: bad-expression
                steps:
                  - { id: shape, type: transform, set: { x: "${input.missing.deeper}" } }
                """, "{}");
        assertThat(r.error().code()).isEqualTo("EXPRESSION_ERROR");
        assertThat(r.error().stepId()).isEqualTo("shape");
    }

    @Test
    void theFlowOutputExpressionShapesTheResultAndReportsItsOwnErrors() {
        ExecutionRecord ok = run("""
                id: output-ok
                steps:
                  - { id: a, type: transform, set: { n: 2 } }
                output: "${ { doubled: steps.a.output.n * 2, orderId: trigger.body.orderId } }"
                """, "{\"orderId\":\"X\"}");
        assertJson(ok.output(), "{\"doubled\":4,\"orderId\":\"X\"}");
        ExecutionRecord bad = run("""
                id: output-bad
                steps:
                  - { id: a, type: transform, set: { n: 2 } }
                output: "${ steps.a.output.n.x.y }"
                """, "{}");
        assertThat(bad.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(bad.error().code()).isEqualTo("EXPRESSION_ERROR");
    }

    @Test
    void numbersThatPassThroughKeepTheirExactText() {
        ExecutionRecord r = run("""
                id: exact-numbers
                steps:
                  - { id: pass, type: delay, duration: 1ms }
                  - { id: pick, type: transform, set: { price: "${input.price}", big: "${input.big}" } }
                """, "{\"price\":10.50,\"big\":12345678901234567890.123}");
        assertThat(r.steps().get(0).output().toString()).isEqualTo("{\"price\":10.50,\"big\":12345678901234567890.123}");
        assertThat(r.output().toString()).isEqualTo("{\"price\":10.50,\"big\":12345678901234567890.123}");
    }
}
