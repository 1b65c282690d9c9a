package io.flows.engine.runtime;

import static io.flows.engine.runtime.EngineHarness.assertJson;
import static org.assertj.core.api.Assertions.assertThat;

import io.flows.steps.runtime.TraceEntry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class StepKindsTest {

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
    void transformScriptReturnsTheNewPayloadAndKeepsItsLogs() {
        ExecutionRecord r = h.run("""
                id: script
                steps:
                  - id: total
                    type: transform
                    script: |
                      console.log('lines', input.items.length);
                      return { total: input.items.reduce((s, i) => s + i.qty * i.price, 0) };
                """, "{\"items\":[{\"qty\":2,\"price\":3},{\"qty\":1,\"price\":4}]}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertJson(r.output(), ("{\"total\":10}"));
        assertThat(r.steps().get(0).logs()).containsExactly("lines 2");
    }

    @Test
    void transformSetMapsFieldsToExpressionsAndConstants() {
        ExecutionRecord r = h.run("""
                id: mapping
                vars: { source: shop }
                steps:
                  - id: shape
                    type: transform
                    set:
                      orderId: "${trigger.body.orderId}"
                      source: "${vars.source}"
                      label: "Order ${input.orderId} from ${vars.source}"
                      fixed: 42
                      literal: "$${not evaluated}"
                """, "{\"orderId\":\"A-1\"}");
        assertJson(r.output(), ("""
                {"orderId":"A-1","source":"shop","label":"Order A-1 from shop","fixed":42,"literal":"${not evaluated}"}"""));
    }

    @Test
    void aScriptThatReturnsNothingFailsWithScriptNoResult() {
        ExecutionRecord r = h.run("""
                id: no-result
                steps:
                  - { id: nothing, type: transform, script: "const x = 1;" }
                """, "{}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.error().code()).isEqualTo("SCRIPT_NO_RESULT");
        assertThat(r.error().stepId()).isEqualTo("nothing");
    }

    @Test
    void aFailedScriptKeepsItsLogsInTheTraceWhateverTheFailure() {
        ExecutionRecord thrown = h.run("""
                id: logs-on-error
                steps:
                  - id: check
                    type: transform
                    script: "console.log('step 1 reached', input.x); throw new Error('bad input ' + input.x);"
                """, "{\"x\":3}");
        assertThat(thrown.error().code()).isEqualTo("SCRIPT_ERROR");
        assertThat(thrown.steps().get(0).status()).isEqualTo(TraceEntry.Status.FAILED);
        assertThat(thrown.steps().get(0).logs()).containsExactly("step 1 reached 3");

        ExecutionRecord noResult = h.run("""
                id: logs-on-no-result
                steps:
                  - { id: nothing, type: transform, script: "console.log('computed', input.x * 2);" }
                """, "{\"x\":3}");
        assertThat(noResult.error().code()).isEqualTo("SCRIPT_NO_RESULT");
        assertThat(noResult.steps().get(0).logs()).containsExactly("computed 6");

        ExecutionRecord limit = h.run("""
                id: logs-on-limit
                steps:
                  - { id: grow, type: transform, script: "console.log('doubling'); let s = 'x'; while (true) s = s + s;" }
                """, "{}");
        assertThat(limit.error().code()).isEqualTo("SCRIPT_LIMIT");
        assertThat(limit.error().message()).contains("Invalid string length");
        assertThat(limit.steps().get(0).logs()).containsExactly("doubling");

        ExecutionRecord expression = h.run("""
                id: logs-on-expression
                steps:
                  - id: shape
                    type: transform
                    set: { v: "${console.log('input is', input) || input.a.b}" }
                """, "{}");
        assertThat(expression.error().code()).isEqualTo("EXPRESSION_ERROR");
        assertThat(expression.steps().get(0).logs()).containsExactly("input is {}");
    }

    @Test
    void delayPassesItsInputThrough() {
        ExecutionRecord r = h.run("""
                id: delays
                steps:
                  - { id: fixed, type: delay, duration: 50ms }
                  - { id: random, type: delay, min: 10ms, max: 30ms }
                """, "{\"a\":1}");
        assertJson(r.output(), ("{\"a\":1}"));
        assertThat(r.steps().get(0).durationMs()).isGreaterThanOrEqualTo(45);
        assertThat(r.steps().get(1).durationMs()).isBetween(5L, 1000L);
    }

    @Test
    void choiceRunsTheFirstMatchingBranchAndOtherwisePassesTheInputOrRunsItsSteps() {
        String flow = """
                id: choose
                steps:
                  - id: route
                    type: choice
                    when:
                      - if: "${input.total > 100}"
                        steps: [ { id: big, type: transform, set: { size: big } } ]
                      - if: "${input.total > 10}"
                        steps: [ { id: medium, type: transform, set: { size: medium } } ]
                    otherwise: [ { id: small, type: transform, set: { size: small } } ]
                  - id: after
                    type: transform
                    set: { size: "${input.size}", bigRan: "${steps.big != null}" }
                """;
        assertJson(h.run(flow, "{\"total\":500}").output(), ("{\"size\":\"big\",\"bigRan\":true}"));
        assertJson(h.run(flow, "{\"total\":50}").output(), ("{\"size\":\"medium\",\"bigRan\":false}"));
        assertJson(h.run(flow, "{\"total\":5}").output(), ("{\"size\":\"small\",\"bigRan\":false}"));
        ExecutionRecord none = h.run("""
                id: choose-none
                steps:
                  - id: route
                    type: choice
                    when: [ { if: "${false}", steps: [ { id: never, type: transform, set: { a: 1 } } ] } ]
                """, "{\"keep\":true}");
        assertJson(none.output(), ("{\"keep\":true}"));
    }

    @Test
    void nanOrInfinityFailsTheStepThatWouldPassItOnButIsAConditionAsInJavaScript() {
        ExecutionRecord set = h.run("""
                id: ratio-set
                steps:
                  - { id: ratio, type: transform, set: { id: "${input.id}", ratio: "${input.paid / input.total}" } }
                """, "{\"id\":7,\"paid\":5,\"total\":0}");
        assertThat(set.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(set.error().code()).isEqualTo("EXPRESSION_ERROR");
        assertThat(set.error().stepId()).isEqualTo("ratio");
        assertThat(set.error().message()).startsWith("Expression 'input.paid / input.total' gave Infinity for set.ratio");

        ExecutionRecord script = h.run("""
                id: ratio-script
                steps:
                  - { id: ratio, type: transform, script: "return { ratio: input.paid / input.total }" }
                """, "{\"paid\":0,\"total\":0}");
        assertThat(script.error().code()).isEqualTo("SCRIPT_ERROR");
        assertThat(script.error().message()).startsWith("Script returned NaN at ratio");

        ExecutionRecord output = h.run("""
                id: ratio-output
                steps: [ { id: pass, type: delay, duration: 1ms } ]
                output: "${ {ratio: input.paid / input.total} }"
                """, "{\"paid\":1,\"total\":0}");
        assertThat(output.error().message()).startsWith("flow output: Expression").contains("gave Infinity for output.ratio");

        ExecutionRecord conditions = h.run("""
                id: ratio-choice
                steps:
                  - id: route
                    type: choice
                    when:
                      - if: "${input.paid / input.total}"
                        steps: [ { id: nan, type: transform, set: { taken: NaN } } ]
                      - if: "${1 / input.total}"
                        steps: [ { id: infinite, type: transform, set: { taken: Infinity } } ]
                """, "{\"paid\":0,\"total\":0}");
        assertJson(conditions.output(), "{\"taken\":\"Infinity\"}");
    }

    @Test
    void stepsHoldsTheStepsBeforeTheReaderOnlyAsValidationHasIt() {
        ExecutionRecord r = h.run("""
                id: steps-seen
                steps:
                  - { id: a, type: transform, set: { v: 1 } }
                  - id: route
                    type: choice
                    when: [ { if: "${false}", steps: [ { id: skipped, type: transform, set: { x: 1 } } ] } ]
                  - id: look
                    type: transform
                    script: "return { keys: Object.keys(steps), skipped: steps.skipped, a: steps.a.output }"
                  - id: both
                    type: parallel
                    branches:
                      slow:
                        - { id: pause, type: delay, duration: 100ms }
                        - { id: peek, type: transform, script: "return Object.keys(steps)" }
                      fast: [ { id: quick, type: transform, set: { v: 2 } } ]
                  - id: each
                    type: foreach
                    items: "${[1, 2]}"
                    steps:
                      - { id: first, type: transform, script: "return Object.keys(steps)" }
                      - { id: second, type: transform, set: { keys: "${steps.first.output}" } }
                  - { id: last, type: transform, script: "return Object.keys(steps)" }
                output: "${ {look: steps.look.output, peek: steps.peek.output, first: steps.each.output, last: steps.last.output} }"
                """, "{}");
        assertThat(r.status()).as("%s", r.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertJson(r.output().get("look"), "{\"keys\":[\"a\",\"route\",\"skipped\"],\"skipped\":null,\"a\":{\"v\":1}}");
        assertJson(r.output().get("peek"), "[\"a\",\"route\",\"skipped\",\"look\",\"both\",\"pause\"]");
        String beforeFirst = "{\"keys\":[\"a\",\"route\",\"skipped\",\"look\",\"both\",\"pause\",\"peek\",\"quick\",\"each\"]}";
        assertJson(r.output().get("first"), "[" + beforeFirst + "," + beforeFirst + "]");
        assertJson(r.output().get("last"), "[\"a\",\"route\",\"skipped\",\"look\",\"both\",\"pause\",\"peek\",\"quick\","
                + "\"each\",\"first\",\"second\"]");
    }

    @Test
    void foreachGivesEachElementAndIndexAndReturnsResultsInInputOrder() {
        ExecutionRecord r = h.run("""
                id: loop
                steps:
                  - id: each
                    type: foreach
                    items: "${input.items}"
                    parallelism: 3
                    steps:
                      - { id: wait, type: delay, min: 1ms, max: 30ms }
                      - { id: line, type: transform, script: "return { i: index, doubled: input * 2, waited: steps.wait.output }" }
                """, "{\"items\":[1,2,3,4,5]}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertJson(r.output(), ("""
                [{"i":0,"doubled":2,"waited":1},{"i":1,"doubled":4,"waited":2},{"i":2,"doubled":6,"waited":3},
                 {"i":3,"doubled":8,"waited":4},{"i":4,"doubled":10,"waited":5}]"""));
        List<TraceEntry> lines = r.steps().stream().filter(s -> s.stepId().equals("line")).toList();
        assertThat(lines).extracting(TraceEntry::index).containsExactlyInAnyOrder(0, 1, 2, 3, 4);
        assertThat(lines).extracting(TraceEntry::path).containsOnly("steps[0].steps[1]");
    }

    @Test
    void aTraceEntryInsideNestedForeachStepsCarriesTheIndexOfEachOfThem() {
        ExecutionRecord r = h.run("""
                id: nested-trace
                steps:
                  - { id: before, type: transform, set: { rows: "${input.rows}" } }
                  - id: rows
                    type: foreach
                    items: "${input.rows}"
                    steps:
                      - id: cells
                        type: foreach
                        items: "${input}"
                        steps:
                          - id: both
                            type: parallel
                            branches:
                              a: [ { id: cell, type: transform, set: { v: "${input}", at: "${index}" } } ]
                """, "{\"rows\":[[\"a\",\"b\"],[\"c\"]]}");
        assertThat(r.status()).as("%s", r.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
        List<TraceEntry> cells = r.steps().stream().filter(s -> s.stepId().equals("cell"))
                .sorted(java.util.Comparator.comparing(s -> String.valueOf(indexesOf(s)))).toList();
        assertThat(cells).extracting(s -> String.valueOf(indexesOf(s))).containsExactly("[0,0]", "[0,1]", "[1,0]");
        assertThat(cells).extracting(TraceEntry::index).containsExactly(0, 1, 0);
        assertThat(cells).extracting(TraceEntry::branch).containsOnly("a");
        assertThat(r.steps().stream().filter(s -> s.stepId().equals("cells"))).extracting(s -> String.valueOf(indexesOf(s)))
                .containsExactlyInAnyOrder("[0]", "[1]");
        assertThat(r.steps().stream().filter(s -> s.stepId().equals("before") || s.stepId().equals("rows")))
                .extracting(StepKindsTest::indexesOf).containsOnlyNulls();
    }

    /** The entry's indexes as the API and the stored execution show them. */
    private static com.fasterxml.jackson.databind.JsonNode indexesOf(TraceEntry entry) {
        return new ExecutionJson(10_000).step(entry).get("indexes");
    }

    @Test
    void anIterationTracedOnlyWhenItFailsCarriesItsIndexesToo() {
        ExecutionRecord r = h.run("""
                id: quiet-nested-trace
                steps:
                  - id: outer
                    type: foreach
                    items: "${Array.from({length: 25}, (_, i) => i)}"
                    steps:
                      - id: inner
                        type: foreach
                        items: "${[input]}"
                        steps:
                          - { id: check, type: transform, script: "if (input === 23) throw new Error('bad'); return input" }
                """, "{}");
        assertThat(r.error().details().get("indexes")).hasToString("[23,0]");
        TraceEntry failed = r.steps().stream().filter(s -> s.status() == TraceEntry.Status.FAILED && s.stepId().equals("check"))
                .findFirst().orElseThrow();
        assertThat(indexesOf(failed)).hasToString("[23,0]");
    }

    @Test
    void foreachOverThousandsOfElementsKeepsABoundedTrace() {
        ExecutionRecord r = h.run("""
                id: big-loop
                steps:
                  - id: each
                    type: foreach
                    items: "${Array.from({length: 2000}, (_, i) => i)}"
                    parallelism: 8
                    steps:
                      - { id: inc, type: transform, set: { n: "${input + 1}" } }
                """, "{}");
        assertThat(r.status()).as("%s", r.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.output()).hasSize(2000);
        assertThat(r.output().get(1999).get("n").asInt()).isEqualTo(2000);
        assertThat(r.steps().stream().filter(s -> s.stepId().equals("inc"))).hasSize(20);
        assertThat(r.steps().get(0).extra().get("iterations").asInt()).isEqualTo(2000);
    }

    @Test
    void beyondTheTracedIterationsAnItemThatSucceededOnARetryShowsItsLastAttempt() {
        ExecutionRecord r = h.run("""
                id: big-loop-retries
                steps:
                  - id: each
                    type: foreach
                    items: "${Array.from({length: 45}, (_, i) => i)}"
                    parallelism: 1
                    steps:
                      - { id: flaky, type: error-injection, mode: fail, every: 3, retry: { maxAttempts: 2 } }
                """, "{}");
        assertThat(r.status()).as("%s", r.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
        Map<Integer, TraceEntry> lastByItem = new java.util.TreeMap<>();
        r.steps().stream().filter(s -> s.stepId().equals("flaky")).forEach(s -> lastByItem.put(s.index(), s));
        // the untraced items (past the first 20) that show a failed attempt show the retry that succeeded after it
        assertThat(lastByItem.keySet()).anyMatch(i -> i >= 20);
        assertThat(lastByItem.values()).allMatch(s -> s.status() == TraceEntry.Status.SUCCEEDED);
    }

    @Test
    void everyAttemptOfAnInjectedFaultSaysWhichCallItWasAndWhetherItFired() {
        ExecutionRecord r = h.run("""
                id: says-calls
                steps:
                  - id: each
                    type: foreach
                    items: "${[1, 2, 3, 4]}"
                    steps:
                      - { id: slow, type: error-injection, mode: latency, latency: { min: 5ms }, every: 2 }
                      - { id: down, type: error-injection, mode: fail, every: 4, onError: continue }
                """, "{}");
        assertThat(r.steps().stream().filter(s -> s.stepId().equals("slow")).map(s -> s.extra().get("injection")))
                .map(String::valueOf).containsExactly("{\"call\":1,\"fired\":false}",
                        "{\"call\":2,\"fired\":true,\"latencyMs\":5}", "{\"call\":3,\"fired\":false}",
                        "{\"call\":4,\"fired\":true,\"latencyMs\":5}");
        TraceEntry fired = r.steps().stream().filter(s -> s.stepId().equals("down") && s.index() == 3).findFirst()
                .orElseThrow();
        assertThat(fired.error().details()).hasToString("{\"injected\":true,\"call\":4}");
    }

    @Test
    void aFailedForeachCountsTheIterationsThatRanNotTheItems() {
        ExecutionRecord r = h.run("""
                id: fe-fail-count
                steps:
                  - id: each
                    type: foreach
                    items: "${input.items}"
                    parallelism: 4
                    steps:
                      - { id: work, type: delay, duration: 20ms }
                      - id: c
                        type: choice
                        when: [ { if: "${input == 10}", steps: [ { id: boom, type: error-injection, mode: fail } ] } ]
                """, "{\"items\": " + java.util.stream.IntStream.range(0, 100).boxed().toList() + "}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        long ran = r.steps().stream().filter(s -> s.stepId().equals("work")).map(s -> s.index()).distinct().count();
        com.fasterxml.jackson.databind.JsonNode extra = r.steps().stream().filter(s -> s.stepId().equals("each")).findFirst().orElseThrow().extra();
        assertThat(extra.get("items").asInt()).isEqualTo(100);
        assertThat(extra.get("iterations").asInt()).as("the iterations that ran").isEqualTo((int) ran).isLessThan(100);
        assertThat(extra.get("tracedIterations").asInt()).isEqualTo((int) ran);
    }

    @Test
    void aFailingIterationFailsTheForeachWithTheInnerError() {
        ExecutionRecord r = h.run("""
                id: loop-fails
                steps:
                  - id: each
                    type: foreach
                    items: "${[1, 2, 3]}"
                    steps:
                      - { id: check, type: transform, script: "if (input === 2) throw new Error('bad line ' + input); return input" }
                """, "{}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(r.error().code()).isEqualTo("SCRIPT_ERROR");
        assertThat(r.error().stepId()).isEqualTo("check");
        assertThat(r.error().message()).contains("bad line 2");
        assertThat(r.error().details().get("index").asInt()).isEqualTo(1);
        assertThat(r.error().details().get("line").asInt()).isEqualTo(1);
        assertThat(r.steps().stream().filter(s -> s.stepId().equals("check"))).hasSize(2);
    }

    @Test
    void aCatchAroundNestedForeachStepsSeesTheIndexOfEachElementThatFailed() {
        ExecutionRecord r = h.run("""
                id: nested-index
                steps:
                  - id: guard
                    type: try
                    steps:
                      - id: rows
                        type: foreach
                        items: "${[[1, 2], [3, 4]]}"
                        steps:
                          - id: cells
                            type: foreach
                            items: "${input}"
                            steps:
                              - { id: cell, type: transform, script: "if (input === 4) throw new Error('bad cell'); return input" }
                    catch:
                      - id: report
                        type: transform
                        set: { index: "${error.details.index}", indexes: "${error.details.indexes}", jsError: "${error.details.jsError}" }
                """, "{}");
        assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertJson(r.output(), "{\"index\":1,\"indexes\":[1,1],\"jsError\":\"Error: bad cell\"}");
    }

    @Test
    void parallelRunsBranchesAndJoinsTheirOutputs() {
        ExecutionRecord r = h.run("""
                id: fan-out
                steps:
                  - id: both
                    type: parallel
                    branches:
                      erp:
                        - { id: slowErp, type: delay, duration: 100ms }
                        - { id: erpDone, type: transform, set: { from: erp, saw: "${input.n}" } }
                      wms:
                        - { id: slowWms, type: delay, duration: 100ms }
                        - { id: wmsDone, type: transform, set: { from: wms } }
                """, "{\"n\":7}");
        assertJson(r.output(), ("{\"erp\":{\"from\":\"erp\",\"saw\":7},\"wms\":{\"from\":\"wms\"}}"));
        assertThat(r.durationMs()).isLessThan(1000);
        assertThat(r.steps().stream().filter(s -> s.stepId().equals("erpDone")).findFirst().orElseThrow().branch())
                .isEqualTo("erp");
    }

    @Test
    void aBranchStartingWithAScriptDoesNotHoldBackTheOtherBranches() {
        ExecutionRecord r = h.run("""
                id: fan-out-script
                steps:
                  - id: both
                    type: parallel
                    branches:
                      busy:
                        - { id: spin, type: transform, script: "let x = 0; for (let i = 0; i < 2e6; i++) { x = (x + i) % 1000 } return x" }
                      idle:
                        - { id: rest, type: delay, duration: 1ms }
                """, "{}");
        assertThat(r.status()).as("%s", r.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertStartedWhileRunning(step(r, "rest", null), step(r, "spin", null));
    }

    @Test
    void anElementStartingWithAScriptDoesNotHoldBackTheOthers() {
        ExecutionRecord r = h.run("""
                id: loop-script
                steps:
                  - id: each
                    type: foreach
                    items: "${[0, 1]}"
                    parallelism: 2
                    steps:
                      - { id: work, type: transform, script: "let x = 0; if (input === 0) { for (let i = 0; i < 2e6; i++) { x = (x + i) % 1000 } } return input" }
                """, "{}");
        assertThat(r.status()).as("%s", r.error()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertStartedWhileRunning(step(r, "work", 1), step(r, "work", 0));
    }

    private static TraceEntry step(ExecutionRecord r, String id, Integer index) {
        return r.steps().stream().filter(s -> s.stepId().equals(id) && java.util.Objects.equals(s.index(), index))
                .findFirst().orElseThrow();
    }

    private static void assertStartedWhileRunning(TraceEntry later, TraceEntry running) {
        assertThat(later.startedAt()).as("%s started while %s ran", later.stepId(), running.stepId())
                .isBefore(running.startedAt().plusMillis(running.durationMs()));
    }

    @Test
    void tryRunsCatchWithTheErrorInScope() {
        ExecutionRecord r = h.run("""
                id: guarded
                steps:
                  - id: guard
                    type: try
                    steps:
                      - { id: boom, type: error-injection, mode: fail, error: { code: ERP_DOWN, message: ERP is down } }
                    catch:
                      - { id: fallback, type: transform, set: { code: "${error.code}", failedStep: "${error.stepId}", original: "${input.x}" } }
                """, "{\"x\":1}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertJson(r.output(), ("{\"code\":\"ERP_DOWN\",\"failedStep\":\"boom\",\"original\":1}"));
    }

    @Test
    void aTryWithItsCatchWrittenFirstRunsAndReadsAsTheOtherWayRound() {
        ExecutionRecord r = h.run("""
                id: catch-first
                steps:
                  - id: guarded
                    type: try
                    catch:
                      - { id: fallback, type: transform, set: { code: "${steps.boom.error.code}", keys: "${Object.keys(steps)}" } }
                    steps:
                      - { id: boom, type: error-injection, mode: fail, error: { code: ERP_DOWN, message: ERP is down } }
                """, "{}");
        assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertJson(r.output(), "{\"code\":\"ERP_DOWN\",\"keys\":[\"guarded\",\"boom\"]}");
    }

    @Test
    void theCatchAndTheStepsAfterTheTrySeeTheFailedStepWithItsError() {
        ExecutionRecord r = h.run("""
                id: guarded-steps
                steps:
                  - id: guard
                    type: try
                    steps:
                      - { id: boom, type: error-injection, mode: fail, error: { code: ERP_DOWN, message: ERP is down } }
                    catch:
                      - { id: fallback, type: transform, set: { seen: "${steps.boom}" } }
                  - { id: after, type: transform, set: { seen: "${input.seen}", code: "${steps.boom.error.code}" } }
                """, "{}");
        assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertThat(r.output().at("/seen/output").isNull()).isTrue();
        assertThat(r.output().at("/seen/error/code").asText()).isEqualTo("ERP_DOWN");
        assertThat(r.output().at("/seen/error/stepId").asText()).isEqualTo("boom");
        assertThat(r.output().get("code").asText()).isEqualTo("ERP_DOWN");
    }

    @Test
    void callFlowRunsTheChildAndRecordsItsExecutionId() {
        h.flow("""
                id: enrich
                steps:
                  - { id: upper, type: transform, script: "return { name: input.name.toUpperCase() }" }
                """);
        ExecutionRecord r = h.run("""
                id: parent
                steps:
                  - { id: sub, type: call-flow, flow: enrich, input: "${ {name: input.customer} }" }
                """, "{\"customer\":\"acme\"}");
        assertThat(r.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertJson(r.output(), ("{\"name\":\"ACME\"}"));
        assertThat(r.steps().get(0).childExecutionId()).isNotBlank();
    }

    @Test
    void aFailingChildFailsTheCallWithSubflowFailedAndSelfCallsStopAtTheDepthLimit() {
        h.flow("""
                id: broken-child
                steps:
                  - { id: boom, type: error-injection, mode: fail }
                """);
        ExecutionRecord r = h.run("""
                id: calls-broken
                steps:
                  - { id: sub, type: call-flow, flow: broken-child }
                """, "{}");
        assertThat(r.error().code()).isEqualTo("SUBFLOW_FAILED");
        assertThat(r.error().details().get("childExecutionId").asText()).isNotBlank();

        // through a flow in between: the message names the flow the step called first, then what broke below it
        h.flow("""
                id: middle
                steps:
                  - { id: deeper, type: call-flow, flow: broken-child }
                """);
        ExecutionRecord chain = h.run("""
                id: calls-middle
                steps:
                  - { id: sub, type: call-flow, flow: middle }
                """, "{}");
        assertThat(chain.error().message()).startsWith("flow 'middle' failed: flow 'broken-child' failed: INJECTED");
        assertThat(chain.error().details().at("/error/details/error/code").asText()).isEqualTo("INJECTED");

        ExecutionRecord loop = h.run("""
                id: calls-itself
                steps:
                  - { id: again, type: call-flow, flow: calls-itself }
                """, "{}");
        assertThat(loop.status()).isEqualTo(ExecutionStatus.FAILED);
        assertThat(loop.error().code()).isEqualTo("SUBFLOW_FAILED");
        assertThat(loop.error().message()).contains("deeper than 4 levels").doesNotContain("SUBFLOW_FAILED: flow");
    }

    @Test
    void twoFlowsCallingEachOtherAreNamedOnceInTheOrderTheyCall() {
        h.flow("""
                id: ping
                steps:
                  - { id: toPong, type: call-flow, flow: pong }
                """);
        h.flow("""
                id: pong
                steps:
                  - { id: toPing, type: call-flow, flow: ping }
                """);
        ExecutionRecord r = h.run(h.flow("""
                id: starter
                steps:
                  - { id: start, type: call-flow, flow: ping }
                """), "{}", Map.of());
        assertThat(r.error().code()).isEqualTo("SUBFLOW_FAILED");
        assertThat(r.error().stepId()).isEqualTo("start");
        assertThat(r.error().message()).isEqualTo("call-flow nesting is deeper than 4 levels: starter → ping, where the flows"
                + " call each other in a cycle, ping → pong → ping");
        assertThat(r.error().details().get("calls")).hasToString("[\"starter\",\"ping\",\"pong\",\"ping\",\"pong\",\"ping\"]");
        // the child's own error says the cycle as seen from it
        assertThat(r.error().details().at("/error/message").asText())
                .isEqualTo("call-flow nesting is deeper than 4 levels: the flows call each other in a cycle, ping → pong → ping");

        ExecutionRecord self = h.run("""
                id: again-and-again
                steps:
                  - { id: again, type: call-flow, flow: again-and-again }
                """, "{}");
        assertThat(self.error().message()).isEqualTo("call-flow nesting is deeper than 4 levels: flow 'again-and-again' calls itself");
    }

    @Test
    void aCallFlowStepRetriesAFlowThatFailedForAReasonThatMayPassNextTimeAndOnlyThen() {
        h.flow("""
                id: partner-down
                steps:
                  - { id: boom, type: error-injection, mode: fail, error: { code: ERP_DOWN, message: ERP is down } }
                """);
        h.flow("""
                id: broken
                steps:
                  - { id: bug, type: transform, script: "return input.missing.field;" }
                """);
        ExecutionRecord retried = h.run("""
                id: calls-partner-down
                steps:
                  - { id: sub, type: call-flow, flow: partner-down, retry: { maxAttempts: 3, delay: 10ms } }
                """, "{}");
        assertThat(retried.error().code()).isEqualTo("SUBFLOW_FAILED");
        assertThat(retried.steps()).extracting(e -> e.attempt()).containsExactly(1, 2, 3);

        ExecutionRecord once = h.run("""
                id: calls-broken
                steps:
                  - { id: sub, type: call-flow, flow: broken, retry: { maxAttempts: 3, delay: 10ms } }
                """, "{}");
        assertThat(once.error().code()).isEqualTo("SUBFLOW_FAILED");
        assertThat(once.steps()).as("a script error fails the same way each time").extracting(e -> e.attempt())
                .containsExactly(1);
    }

    @Test
    void aFlowThatCallsItselfManyTimesPerRunStopsAtTheRecursiveCallsOneExecutionMayMake() {
        // twelve calls per run, two levels deep: 12 + 144 calls of itself, past the harness's 100
        String walk = """
                id: walk
                steps:
                  - id: deeper
                    type: choice
                    when:
                      - if: "${input.level < 2}"
                        steps:
                          - id: children
                            type: foreach
                            items: "${Array.from({length: 12}, () => ({level: input.level + 1}))}"
                            steps:
                              - { id: child, type: call-flow, flow: walk }
                """;
        ExecutionRecord r = h.run(walk, "{\"level\": 0}");
        assertThat(r.error().code()).isEqualTo("SUBFLOW_FAILED");
        assertThat(r.error().message()).isEqualTo("flow 'walk' failed: flow 'walk' not started: this execution has"
                + " made 100 calls of flows that call themselves already, the most one execution may (more than one"
                + " such call per run multiplies the executions at every level)");

        h.flow("id: leaf\nsteps:\n  - { id: t, type: transform, script: 'return 1' }\n");
        ExecutionRecord many = h.run("""
                id: many-leaves
                steps:
                  - id: each
                    type: foreach
                    items: "${Array.from({length: 150}, (_, i) => i)}"
                    steps:
                      - { id: leaf, type: call-flow, flow: leaf }
                """, "{}");
        assertThat(many.status()).as("sub-flows that do not recurse are bounded by the data, not counted")
                .isEqualTo(ExecutionStatus.SUCCEEDED);
    }

    @Test
    void callsNestedTooDeepWithoutACycleAreNamedInOrder() {
        for (int i = 1; i <= 5; i++) {
            h.flow("id: level-" + i + "\nsteps:\n  - { id: down, type: call-flow, flow: level-" + (i + 1) + " }\n");
        }
        ExecutionRecord r = h.run(h.flow("id: level-0\nsteps:\n  - { id: down, type: call-flow, flow: level-1 }\n"), "{}", Map.of());
        assertThat(r.error().message()).isEqualTo("call-flow nesting is deeper than 4 levels: level-0 → level-1 → level-2"
                + " → level-3 → level-4 → level-5");
    }

    @Test
    void foreachOverSomethingThatIsNotAListNamesTheExpression() {
        ExecutionRecord r = h.run("""
                id: foreach-not-a-list
                steps:
                  - { id: each, type: foreach, items: "${input.order}", steps: [ { id: t, type: transform, set: { x: 1 } } ] }
                """, "{\"order\": {\"id\": 1}}");
        assertThat(r.error().code()).isEqualTo("EXPRESSION_ERROR");
        assertThat(r.error().message()).contains("not object");
        assertThat(r.error().details().get("expression").asText()).isEqualTo("${input.order}");
    }

    @Test
    void aFlowWithoutStepsAnswersWithItsInput() {
        ExecutionRecord r = h.run("id: no-steps\nsteps: []\n", "{\"a\": 1}");
        assertThat(r.status()).as(String.valueOf(r.error())).isEqualTo(ExecutionStatus.SUCCEEDED);
        assertJson(r.output(), "{\"a\": 1}");
    }

    @Test
    void aCallThatTimesOutCancelsItsChildAndNamesIt() throws Exception {
        h.flow("""
                id: slow-child
                steps:
                  - { id: wait, type: delay, duration: 60s }
                """);
        ExecutionRecord r = h.run("""
                id: impatient-parent
                steps:
                  - { id: sub, type: call-flow, flow: slow-child, timeout: 200ms }
                """, "{}");
        assertThat(r.error().code()).isEqualTo("STEP_TIMEOUT");
        String child = r.steps().get(0).childExecutionId();
        assertThat(child).as("the timed-out step still names its child").isNotBlank();

        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(10).toNanos();
        while (h.engine.running(child).isPresent() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(h.engine.running(child)).as("the child was cancelled, not left to its 60 s delay").isEmpty();
    }

    @Test
    void errorInjectionEveryNthFailsCallsNTwoNAndSoOn() {
        FlowVersion v = h.flow("""
                id: every-third
                steps:
                  - { id: chaos, type: error-injection, mode: fail, every: 3, error: { code: FLAKY } }
                """);
        List<ExecutionStatus> statuses = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            statuses.add(h.run(v, "{}", java.util.Map.of()).status());
        }
        assertThat(statuses).containsExactly(ExecutionStatus.SUCCEEDED, ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED,
                ExecutionStatus.SUCCEEDED, ExecutionStatus.SUCCEEDED, ExecutionStatus.FAILED);
    }

    @Test
    void aSeedGivesTheSamePatternOfFaultsEveryTime() {
        String flow = """
                id: seeded-%s
                steps:
                  - { id: chaos, type: error-injection, mode: fail, probability: 0.5, seed: 42 }
                """;
        List<ExecutionStatus> first = new java.util.ArrayList<>();
        List<ExecutionStatus> second = new java.util.ArrayList<>();
        FlowVersion a = h.flow(flow.formatted("a"));
        FlowVersion b = h.flow(flow.formatted("b"));
        for (int i = 0; i < 20; i++) {
            first.add(h.run(a, "{}", java.util.Map.of()).status());
            second.add(h.run(b, "{}", java.util.Map.of()).status());
        }
        assertThat(first).isEqualTo(second).contains(ExecutionStatus.FAILED, ExecutionStatus.SUCCEEDED);
    }

    @Test
    void errorInjectionRespondsLatesAndTimesOut() {
        ExecutionRecord respond = h.run("""
                id: canned
                steps:
                  - { id: fake, type: error-injection, mode: respond, response: { status: 200, body: { erpId: "FAKE-${input.n}" } } }
                """, "{\"n\":1}");
        assertJson(respond.output(), ("{\"status\":200,\"body\":{\"erpId\":\"FAKE-1\"}}"));

        ExecutionRecord slow = h.run("""
                id: slow
                steps:
                  - { id: lag, type: error-injection, mode: latency, latency: { min: 100ms, max: 150ms } }
                """, "{\"n\":1}");
        assertJson(slow.output(), ("{\"n\":1}"));
        assertThat(slow.steps().get(0).durationMs()).isGreaterThanOrEqualTo(95);

        ExecutionRecord hang = h.run("""
                id: hang
                steps:
                  - { id: stuck, type: error-injection, mode: timeout, timeout: 200ms }
                """, "{}");
        assertThat(hang.error().code()).isEqualTo("STEP_TIMEOUT");
        // the execution's error, like any other place the failure reaches, says it was injected
        assertThat(hang.error().message()).isEqualTo("step 'stuck' did not finish within 200ms (an injected timeout)");
        assertThat(hang.error().details().path("injected").asBoolean()).isTrue();
        assertThat(hang.error().details().path("call").asLong()).isEqualTo(1);
        assertThat(hang.steps().get(0).durationMs()).isGreaterThanOrEqualTo(195);
    }
}
