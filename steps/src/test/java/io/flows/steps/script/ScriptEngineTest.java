package io.flows.steps.script;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.flows.steps.StepFailure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ScriptEngineTest {

    static final ObjectMapper JSON = Evaluator.mapper(ScriptLimits.defaults());
    static ScriptEngine engine;

    @BeforeAll
    static void start() {
        engine = new ScriptEngine(ScriptLimits.defaults().withCpuDeadline(Duration.ofSeconds(2)));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    static Map<String, JsonNode> input(String json) {
        return Map.of("input", json(json));
    }

    static StepFailure failureOf(Runnable r) {
        try {
            r.run();
        } catch (StepFailure f) {
            return f;
        }
        throw new AssertionError("expected a StepFailure");
    }

    @Test
    void scriptReturnsANewPayloadBuiltFromItsBindings() {
        ScriptResult r = engine.runScript("""
                return { ...input,
                         customer: input.customer.toUpperCase(),
                         total: input.items.reduce((s, i) => s + i.qty * i.price, 0),
                         flow: execution.flowId, erp: vars.erpBase, first: steps.a.output };
                """, Map.of(
                "input", json("{\"customer\":\"acme\",\"items\":[{\"qty\":2,\"price\":3.5},{\"qty\":1,\"price\":10}]}"),
                "execution", json("{\"flowId\":\"f\"}"),
                "vars", json("{\"erpBase\":\"http://erp\"}"),
                "steps", json("{\"a\":{\"output\":1},\"b\":{\"output\":2}}")));
        assertThat(r.output()).isEqualTo(json("""
                {"customer":"ACME","items":[{"qty":2,"price":3.5},{"qty":1,"price":10}],"total":17,
                 "flow":"f","erp":"http://erp","first":1}"""));
        assertThat(r.logs()).isEmpty();
    }

    @Test
    void scriptMayDeclareALocalNamedLikeABinding() {
        assertThat(engine.runScript("let input = 5; return input * 2", input("1")).output()).isEqualTo(json("10"));
    }

    @Test
    void unusedBindingsAreNotPassedAndUsedMembersAre() {
        assertThat(BindingSelector.select("return steps.a.output + steps?.b", Map.of(
                "steps", json("{\"a\":1,\"b\":2,\"c\":3}"), "vars", json("{}"))))
                .containsOnlyKeys("steps")
                .containsEntry("steps", json("{\"a\":1,\"b\":2}"));
        assertThat(BindingSelector.select("return Object.keys(steps)", Map.of("steps", json("{\"a\":1}"))))
                .containsEntry("steps", json("{\"a\":1}"));
        assertThat(BindingSelector.select("return arguments[0]", Map.of("steps", json("{\"a\":1}"), "x", json("1"))))
                .containsOnlyKeys("steps", "x");
        assertThat(BindingSelector.select("return \\u0073teps", Map.of("steps", json("{\"a\":1}"))))
                .containsOnlyKeys("steps");
    }

    @Test
    void bindingsThatAreNotMentionedStayUndefinedOnlyWhenTheCodeCannotReachThem() {
        assertThat(engine.runScript("return typeof vars", Map.of("vars", json("{}"))).output())
                .isEqualTo(json("\"object\""));
        assertThat(engine.runScript("const {a} = steps; return a", Map.of("steps", json("{\"a\":7}"))).output())
                .isEqualTo(json("7"));
    }

    @Test
    void consoleOutputIsCapturedIntoTheLogs() {
        ScriptResult r = engine.runScript("console.log('hello', 1, {a: 1}, [2], null); console.error(new Error('oops')); return 1",
                Map.of());
        assertThat(r.logs()).containsExactly("hello 1 {\"a\":1} [2] null", "Error: oops");
    }

    @Test
    void consoleOutputIsBoundedInLinesAndCharacters() {
        try (ScriptEngine small = new ScriptEngine(ScriptLimits.defaults().withLogLimits(3, 10))) {
            ScriptResult r = small.runScript(
                    "console.log('x'.repeat(1e6)); for (let i = 0; i < 1000; i++) console.log(i); return 1", Map.of());
            assertThat(r.logs()).hasSize(4);
            assertThat(r.logs().get(0)).startsWith("xxxxxxxxxx").hasSizeLessThan(40);
            assertThat(r.logs().get(3)).isEqualTo("... 998 more lines");
            assertThat(small.runScript("console.log('next'); return 1", Map.of()).logs()).containsExactly("next");
        }
    }

    static List<String> logsOf(StepFailure f) {
        assertThat(f).as(f.code() + " " + f.getMessage()).isInstanceOf(ScriptFailure.class);
        return ((ScriptFailure) f).logs();
    }

    @Test
    void aFailedScriptKeepsWhatItLoggedBeforeItFailed() {
        StepFailure thrown = failureOf(() -> engine.runScript(
                "console.log('step 1 reached', input.x); throw new Error('bad input ' + input.x);", input("{\"x\":7}")));
        assertThat(thrown.code()).isEqualTo("SCRIPT_ERROR");
        assertThat(logsOf(thrown)).containsExactly("step 1 reached 7");

        StepFailure noResult = failureOf(() -> engine.runScript("console.log('forgot to return')", Map.of()));
        assertThat(noResult.code()).isEqualTo("SCRIPT_NO_RESULT");
        assertThat(logsOf(noResult)).containsExactly("forgot to return");

        StepFailure limit = failureOf(() -> engine.runScript(
                "console.log('growing'); const a = []; while (true) a.push([a.length, 'x' + a.length]);", Map.of()));
        assertThat(limit.code()).isEqualTo("SCRIPT_LIMIT");
        assertThat(logsOf(limit)).containsExactly("growing");

        StepFailure expression = failureOf(() -> engine.evaluate("console.log('looking at', input) || input.a.b",
                input("{}")));
        assertThat(expression.code()).isEqualTo("EXPRESSION_ERROR");
        assertThat(logsOf(expression)).containsExactly("looking at {}");

        assertThat(engine.runScript("return 1", Map.of()).logs()).as("nothing carried into the next run").isEmpty();
    }

    @Test
    void aScriptStoppedAtItsDeadlineKeepsWhatItLoggedAndTheLinesStayBounded() {
        try (ScriptEngine quick = new ScriptEngine(ScriptLimits.defaults().withCpuDeadline(Duration.ofMillis(300))
                .withLogLimits(3, 10))) {
            StepFailure f = failureOf(() -> quick.runScript(
                    "for (let i = 0; i < 10; i++) console.log('line ' + i + ' ' + 'x'.repeat(100)); while (true) {}",
                    Map.of()));
            assertThat(f.code()).isEqualTo("SCRIPT_TIMEOUT");
            assertThat(logsOf(f)).hasSize(4).startsWith("line 0 xxx… (truncated)").endsWith("... 7 more lines");
        }
    }

    @Test
    void aFailureBeforeAnythingRanHasNoLogs() {
        assertThat(failureOf(() -> engine.runScript("console.log('x'); return +*", Map.of())))
                .isNotInstanceOf(ScriptFailure.class);
        assertThat(failureOf(() -> engine.runScript("throw new Error('quiet')", Map.of())))
                .isNotInstanceOf(ScriptFailure.class);
    }

    @Test
    void expressionsAreEvaluatedInParenthesesSoObjectLiteralsWork() {
        assertThat(engine.evaluate(" {a: 1} ", Map.of())).isEqualTo(json("{\"a\":1}"));
        assertThat(engine.evaluate("input.total > 100", input("{\"total\":150}"))).isEqualTo(json("true"));
        assertThat(engine.evaluate("undefined", Map.of()).isNull()).isTrue();
        assertThat(engine.evaluate("input.missing", input("{}")).isNull()).isTrue();
    }

    @Test
    void plainPathsKeepExactNumbers() {
        JsonNode in = json("{\"amount\":12345678901234567890.10,\"n\":1.10}");
        assertThat(engine.evaluate("input", Map.of("input", in)).toString()).isEqualTo(in.toString());
        assertThat(engine.evaluate("input.amount", Map.of("input", in)).toString())
                .isEqualTo("12345678901234567890.10");
        assertThat(engine.render(json("\"${input.n}\""), Map.of("input", in)).toString()).isEqualTo("1.10");
    }

    @Test
    void theSameExpressionIsAnsweredFromEachEvaluationsOwnBindings() {
        for (String e : new String[] {"input.o.x", "{ v: input.o.x }"}) {
            assertThat(engine.evaluate(e, input("{\"o\":{\"x\":1}}"))).as(e).isEqualTo(engine.evaluate("(" + e + ")",
                    input("{\"o\":{\"x\":1}}")));
            assertThat(engine.evaluate(e, input("{\"o\":{}}"))).as(e).isEqualTo(engine.evaluate("(" + e + ")",
                    input("{\"o\":{}}")));
            assertThat(failureOf(() -> engine.evaluate(e, input("{\"o\":null}"))).code()).as(e)
                    .isEqualTo("EXPRESSION_ERROR");
        }
    }


    /**
     * Object literals of paths are answered without JavaScript; the same literal in parentheses goes
     * through JavaScript, and both must agree, including the shapes that must fall back to it.
     */
    @Test
    void objectLiteralsOfPathsAnswerWhatJavaScriptAnswers() {
        Map<String, JsonNode> b = Map.of(
                "trigger", json("{\"body\":{\"orderId\":\"A-1\",\"n\":null,\"items\":[1,2],\"o\":{\"x\":true}}}"),
                "steps", json("{\"total\":{\"output\":{\"total\":44.5}}}"));
        for (String e : new String[] {
                "{ orderId: trigger.body.orderId, total: steps.total.output.total }",
                "{ 'order id': trigger.body.orderId, \"t\": steps.total.output.total, }",
                "{ a: trigger.body.n, b: trigger.body.items, c: trigger.body.o }",
                "{ a: trigger.body.orderId, a: steps.total.output.total }",
                "{ a: trigger.body.missing }",
                "{ a: trigger.body.items.length }",
                "{ 1: trigger.body.orderId, b: trigger.body.orderId, 0: trigger.body.n }",
                "{ __proto__: trigger.body.o }",
                "{ a: trigger . body . orderId }",
                "{}",
        }) {
            assertThat(engine.evaluate(e, b)).as(e).isEqualTo(engine.evaluate("(" + e + ")", b));
        }
        JsonNode exact = engine.evaluate("{ v: input.amount }", input("{\"amount\":12345678901234567890.10}"));
        assertThat(exact.toString()).isEqualTo("{\"v\":12345678901234567890.10}");
        assertThat(failureOf(() -> engine.evaluate("{ a: trigger.body.n.x }", b)).code()).isEqualTo("EXPRESSION_ERROR");
    }
    @Test
    void renderKeepsTheTypeOfASoleExpressionAndJoinsEverythingElseAsText() {
        JsonNode out = engine.render(json("""
                {"obj": "${ {a: 1} }", "num": "${input.n + 1}", "text": "Hello ${input.name}!",
                 "mixed": "${input.list} and ${input.o} and ${null}", "escaped": "$${x}",
                 "${keys}": "are not templated", "list": ["${input.n}", 2, null, true],
                 "plain": "return globalThis.x = 1"}"""),
                input("{\"n\":1,\"name\":\"Ann\",\"list\":[1,2],\"o\":{\"k\":\"v\"}}"));
        assertThat(out).isEqualTo(json("""
                {"obj": {"a": 1}, "num": 2, "text": "Hello Ann!",
                 "mixed": "[1,2] and {\\"k\\":\\"v\\"} and ", "escaped": "${x}",
                 "${keys}": "are not templated", "list": [1, 2, null, true],
                 "plain": "return globalThis.x = 1"}"""));
    }

    @Test
    void stringsWithoutAnExpressionAreNeverEvaluated() {
        JsonNode template = json("{\"a\": \"while(true){}\", \"b\": \"input.x.y.z\", \"c\": \"}{\"}");
        assertThat(engine.render(template, Map.of())).isEqualTo(template);
    }

    @Test
    void expressionTextInsideBindingDataIsNeverEvaluated() {
        Map<String, JsonNode> b = input("{\"text\":\"${while(true){}}\",\"t\":\"$${x} ${input}\"}");
        assertThat(engine.render(json("\"${input.text}\""), b)).isEqualTo(json("\"${while(true){}}\""));
        assertThat(engine.render(json("\"say ${input.t}\""), b)).isEqualTo(json("\"say $${x} ${input}\""));
        assertThat(engine.runScript("return input.text", b).output()).isEqualTo(json("\"${while(true){}}\""));
    }

    @Test
    void aJavaScriptExceptionIsAScriptErrorWithItsMessageAndLine() {
        StepFailure f = failureOf(() -> engine.runScript("const a = 1;\n\nreturn input.x.y;", input("{}")));
        assertThat(f.code()).isEqualTo("SCRIPT_ERROR");
        assertThat(f.retryable()).isFalse();
        assertThat(f.getMessage()).contains("TypeError").contains("'y'").contains("line 3");
        assertThat(f.details().get("line").asInt()).isEqualTo(3);
        StepFailure thrown = failureOf(() -> engine.runScript("throw new Error('boom')", Map.of()));
        assertThat(thrown.getMessage()).contains("Error: boom").contains("line 1");
    }

    @Test
    void aThrownValueThatIsNotAnErrorGivesItsMessageAndIsKeptInTheDetails() {
        StepFailure object = failureOf(() -> engine.runScript("const a = 1;\nthrow {code: 'X', message: 'y'}", Map.of()));
        assertThat(object.code()).isEqualTo("SCRIPT_ERROR");
        assertThat(object.getMessage()).isEqualTo("Script failed: y (line 2, column 1)");
        assertThat(object.details()).hasToString("""
                {"line":2,"column":1,"jsError":"y","thrown":{"code":"X","message":"y"}}""");

        StepFailure text = failureOf(() -> engine.runScript("if (!input.sku) throw 'out of stock'", input("{}")));
        assertThat(text.getMessage()).isEqualTo("Script failed: out of stock (line 1, column 17)");
        assertThat(text.details().get("thrown")).isEqualTo(json("\"out of stock\""));

        StepFailure number = failureOf(() -> engine.runScript("throw 42", Map.of()));
        assertThat(number.getMessage()).startsWith("Script failed: 42");
        assertThat(number.details().get("thrown")).hasToString("42");

        StepFailure noMessage = failureOf(() -> engine.runScript("throw {code: 'X', items: [1, 2]}", Map.of()));
        assertThat(noMessage.getMessage()).as("no message: its JSON says what it is")
                .startsWith("Script failed: {\"code\":\"X\",\"items\":[1,2]}");

        StepFailure expression = failureOf(() -> engine.evaluate("(() => { throw {message: 'm', n: 1} })()", Map.of()));
        assertThat(expression.code()).isEqualTo("EXPRESSION_ERROR");
        assertThat(expression.getMessage()).contains("failed: m");
        assertThat(expression.details().get("thrown")).hasToString("{\"message\":\"m\",\"n\":1}");

        StepFailure error = failureOf(() -> engine.runScript("throw new TypeError('t')", Map.of()));
        assertThat(error.getMessage()).as("an Error is said as before").startsWith("Script failed: TypeError: t");
        assertThat(error.details().has("thrown")).isFalse();
    }

    @Test
    void aThrownValueIsBoundedAndWhatCannotBeJsonIsLeftOut() {
        StepFailure large = failureOf(() -> engine.runScript("throw {message: 'big', data: 'x'.repeat(10000)}", Map.of()));
        assertThat(large.getMessage()).startsWith("Script failed: big");
        JsonNode thrown = large.details().get("thrown");
        assertThat(thrown.get("$truncated").asBoolean()).isTrue();
        assertThat(thrown.get("bytes").asInt()).isGreaterThan(10000);
        assertThat(thrown.get("preview").asText()).startsWith("{\"message\":\"big\"").hasSize(1000);

        StepFailure huge = failureOf(() -> engine.runScript(
                "const s = 'x'.repeat(1000); const a = []; for (let i = 0; i < 1000; i++) a.push(s); throw {message: 'huge', a}",
                Map.of()));
        assertThat(huge.details().get("thrown")).isEqualTo(json("{\"$truncated\": true}"));

        StepFailure cycle = failureOf(() -> engine.runScript("const o = {message: 'loop'}; o.self = o; throw o", Map.of()));
        assertThat(cycle.getMessage()).startsWith("Script failed: loop");
        assertThat(cycle.details().has("thrown")).isFalse();

        StepFailure half = failureOf(() -> engine.runScript("throw {message: 'cut \\ud83d', v: '\\ud83d'}", Map.of()));
        assertThat(half.getMessage()).startsWith("Script failed: cut \ufffd");
        assertThat(half.details().get("thrown")).isEqualTo(json("{\"message\": \"cut \ufffd\", \"v\": \"\ufffd\"}"));

        try (ScriptEngine quick = new ScriptEngine(ScriptLimits.defaults().withCpuDeadline(Duration.ofMillis(300)))) {
            assertThat(failureOf(() -> quick.runScript("throw {toJSON() { for (;;) {} }}", Map.of())).code())
                    .as("reading the thrown value is the code's own work, under its deadline").isEqualTo("SCRIPT_TIMEOUT");
            assertThat(quick.runScript("return 1", Map.of()).output()).isEqualTo(json("1"));
        }
        assertThat(engine.runScript("try { throw {message: 'caught'} } catch (e) { return e.message }", Map.of()).output())
                .isEqualTo(json("\"caught\""));
    }

    @Test
    void aSyntaxErrorIsAScriptErrorWithItsPosition() {
        StepFailure f = failureOf(() -> engine.runScript("let a = 1;\nreturn a +* 2;", Map.of()));
        assertThat(f.code()).isEqualTo("SCRIPT_ERROR");
        assertThat(f.getMessage()).contains("line 2, column 11");
    }

    @Test
    void aScriptWithoutReturnFailsWithNoResult() {
        assertThat(failureOf(() -> engine.runScript("const a = 1;", Map.of())).code()).isEqualTo("SCRIPT_NO_RESULT");
        assertThat(failureOf(() -> engine.runScript("return undefined", Map.of())).code())
                .isEqualTo("SCRIPT_NO_RESULT");
        assertThat(engine.runScript("return null", Map.of()).output().isNull()).isTrue();
    }

    @Test
    void resultsThatAreNotJsonAreScriptErrors() {
        assertThat(failureOf(() -> engine.runScript("return () => 1", Map.of())).getMessage())
                .contains("function");
        assertThat(failureOf(() -> engine.runScript("return {n: 10n}", Map.of())).getMessage())
                .contains("BigInt").contains("'n'");
        assertThat(failureOf(() -> engine.runScript("const o = {}; o.self = o; return o", Map.of())).getMessage())
                .contains("circular");
        assertThat(failureOf(() -> engine.runScript("return [Symbol('s')]", Map.of())).code())
                .isEqualTo("SCRIPT_ERROR");
        StepFailure promise = failureOf(() -> engine.runScript("return (async () => 1)()", Map.of()));
        assertThat(promise.code()).isEqualTo("SCRIPT_ERROR");
        assertThat(promise.getMessage()).contains("Promise");
        assertThat(failureOf(() -> engine.runScript("globalThis.Promise = function () {}; return (async () => 1)()",
                Map.of())).getMessage()).as("replacing the global does not hide it").contains("Promise");
    }

    @Test
    void objectsWhoseJsonWouldBeAnEmptyObjectFailSayingWhatToReturnInstead() {
        StepFailure error = failureOf(() -> engine.runScript("return new Error('e')", Map.of()));
        assertThat(error.code()).isEqualTo("SCRIPT_ERROR");
        assertThat(error.getMessage()).contains("The result cannot be converted to JSON: an Error is not JSON: throw it"
                + " to fail the step, or return {name: e.name, message: e.message}");
        assertThat(failureOf(() -> engine.runScript("return {m: new Map([[1, 2]])}", Map.of())).getMessage())
                .contains("a Map at key 'm' is not JSON: return Object.fromEntries(map) for an object, or [...map] for its entries");
        assertThat(failureOf(() -> engine.runScript("return /re/g", Map.of())).getMessage()).contains("a RegExp is not JSON");
        assertThat(failureOf(() -> engine.runScript("return [new Set([1])]", Map.of())).getMessage())
                .contains("a Set at key '0' is not JSON: return [...set]");
        assertThat(failureOf(() -> engine.runScript("return {w: new WeakMap()}", Map.of())).getMessage()).contains("a WeakMap");
        assertThat(failureOf(() -> engine.runScript("return {p: Promise.resolve(1)}", Map.of())).getMessage())
                .contains("a Promise at key 'p' is not JSON");
        assertThat(failureOf(() -> engine.runScript("return new ArrayBuffer(2)", Map.of())).getMessage()).contains("an ArrayBuffer");
        assertThat(failureOf(() -> engine.runScript("return [1, 2].values()", Map.of())).getMessage())
                .contains("an iterator is not JSON: return [...iterator]");
        assertThat(failureOf(() -> engine.runScript("return (function* () { yield 1; })()", Map.of())).getMessage())
                .contains("an iterator");
        StepFailure inExpression = failureOf(() -> engine.render("set", json("{\"m\": \"${new Map()}\"}"), Map.of(), null));
        assertThat(inExpression.code()).isEqualTo("EXPRESSION_ERROR");
        assertThat(inExpression.getMessage()).contains("a Map is not JSON");

        // what JSON keeps: a Date as its text, a class instance's fields, a typed array's numbers, boxed values
        assertThat(engine.runScript("class P { constructor() { this.x = 1; } }; const o = Object.create(null); o.y = 2;"
                + " return {d: new Date(0), p: new P(), o, t: new Uint8Array([7]), s: new String('s')}", Map.of()).output())
                .isEqualTo(json("{\"d\": \"1970-01-01T00:00:00.000Z\", \"p\": {\"x\": 1}, \"o\": {\"y\": 2},"
                        + " \"t\": {\"0\": 7}, \"s\": \"s\"}"));
    }

    @Test
    void aResultHoldingNaNOrInfinityFailsNamingWhereInsteadOfBecomingNull() {
        StepFailure top = failureOf(() -> engine.runScript("return input.a / input.b", input("{\"a\": 0, \"b\": 0}")));
        assertThat(top.code()).isEqualTo("SCRIPT_ERROR");
        assertThat(top.getMessage()).startsWith("Script returned NaN, which JSON cannot hold");
        StepFailure nested = failureOf(() -> engine.runScript(
                "return {ok: 1, items: [{p: 1}, {p: -1 / 0}], n: new Number(NaN)}", Map.of()));
        assertThat(nested.getMessage()).startsWith("Script returned -Infinity at items[1].p, which JSON cannot hold");
        assertThat(nested.details().get("path").asText()).isEqualTo("items[1].p");
        assertThat(failureOf(() -> engine.runScript("return {'a b': NaN}", Map.of())).getMessage())
                .contains("at [\"a b\"],");
        assertThat(failureOf(() -> engine.runScript("return {n: new Number(Infinity)}", Map.of())).getMessage())
                .contains("Infinity at n,");

        Map<String, JsonNode> zero = input("{\"a\": 1, \"b\": 0}");
        StepFailure sole = failureOf(() -> engine.render("set", json("{\"total\": \"${input.a / input.b}\"}"), zero, null));
        assertThat(sole.code()).isEqualTo("EXPRESSION_ERROR");
        assertThat(sole.getMessage()).startsWith("Expression 'input.a / input.b' gave Infinity for set.total, which JSON cannot hold");
        assertThat(sole.details()).hasToString("{\"expression\":\"input.a / input.b\",\"path\":\"set.total\"}");
        assertThat(failureOf(() -> engine.render("with", json("{\"url\": \"http://erp/orders/${input.a * 'x'}\"}"), zero, null))
                .getMessage()).as("joined into text it would be the text NaN").contains("gave NaN for with.url,");
        assertThat(failureOf(() -> engine.render("with", json("{\"body\": [\"${ {n: [1, 0 / 0]} }\"]}"), zero, null))
                .getMessage()).contains("gave NaN for with.body[0].n[1],");
        assertThat(failureOf(() -> engine.evaluate("1 / 0", Map.of())).getMessage()).contains("gave Infinity, which");

        assertThat(engine.runScript("return {s: String(0 / 0), j: JSON.stringify({n: NaN}), max: Number.MAX_VALUE}", Map.of())
                .output()).isEqualTo(json("{\"s\": \"NaN\", \"j\": \"{\\\"n\\\":null}\", \"max\": 1.7976931348623157E308}"));
    }

    @Test
    void aConditionIsTrueAsInJavaScriptNaNAndInfinityIncluded() {
        Map<String, JsonNode> in = input("{\"zero\": 0, \"text\": \"false\", \"list\": []}");
        assertThat(engine.test("${0 / 0}", in, null)).isFalse();
        assertThat(engine.test("${1 / 0}", in, null)).isTrue();
        assertThat(engine.test("${-1 / input.zero}", in, null)).isTrue();
        assertThat(engine.test("${input.zero}", in, null)).isFalse();
        assertThat(engine.test("${input.text}", in, null)).isTrue();
        assertThat(engine.test("${input.list}", in, null)).isTrue();
        assertThat(engine.test("${input.missing}", in, null)).isFalse();
        assertThat(engine.test("${''}", in, null)).isFalse();
        assertThat(engine.test("${ {} }", in, null)).isTrue();
        assertThat(failureOf(() -> engine.test("${input.missing.x}", in, null)).code()).isEqualTo("EXPRESSION_ERROR");
    }

    @Test
    void aFailingExpressionIsAnExpressionError() {
        StepFailure f = failureOf(() -> engine.evaluate("input.a.b", input("{}")));
        assertThat(f.code()).isEqualTo("EXPRESSION_ERROR");
        assertThat(f.getMessage()).contains("input.a.b").contains("TypeError");
        assertThat(failureOf(() -> engine.evaluate("a +", Map.of())).code()).isEqualTo("EXPRESSION_ERROR");
        assertThat(failureOf(() -> engine.render(json("\"x ${ unclosed\""), Map.of())).code())
                .isEqualTo("EXPRESSION_ERROR");
    }

    @Test
    void anEndlessLoopIsStoppedWithScriptTimeout() {
        try (ScriptEngine quick = new ScriptEngine(ScriptLimits.defaults().withCpuDeadline(Duration.ofMillis(300)))) {
            assertThat(failureOf(() -> quick.runScript("while (true) {}", Map.of())).code())
                    .isEqualTo("SCRIPT_TIMEOUT");
            assertThat(failureOf(() -> quick.evaluate("(() => { for (;;) {} })()", Map.of())).code())
                    .isEqualTo("SCRIPT_TIMEOUT");
            assertThat(quick.runScript("return 1", Map.of()).output()).isEqualTo(json("1"));
        }
    }

    @Test
    void textCutInsideAnEmojiFailsWithWhereItIsInsteadOfBeingStoredAsAQuestionMark() {
        StepFailure script = failureOf(() -> engine.runScript("return { e: '😀'.slice(0, 1) }", Map.of()));
        assertThat(script.code()).isEqualTo("SCRIPT_ERROR");
        assertThat(script.getMessage()).contains("at e (\\ud83d)");
        StepFailure expression = failureOf(() -> engine.evaluate("'x😀'.substring(0, 2)", Map.of()));
        assertThat(expression.code()).isEqualTo("EXPRESSION_ERROR");
        assertThat(engine.runScript("return { e: '😀'.slice(0, 2), s: 'é' }", Map.of()).output())
                .isEqualTo(json("{\"e\": \"😀\", \"s\": \"é\"}"));
    }

    @Test
    void aScriptStopEndsARunningScriptLongBeforeItsDeadlineAndTheEngineGoesOn() throws Exception {
        try (ScriptEngine patient = new ScriptEngine(ScriptLimits.defaults().withCpuDeadline(Duration.ofSeconds(60)))) {
            ScriptStop stop = new ScriptStop();
            java.util.concurrent.CompletableFuture<StepFailure> failure = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> failureOf(() -> patient.runScript("while (true) {}", Map.of(), stop)));
            Thread.sleep(200);
            stop.stop();
            // without the stop it would run for its 60 s deadline
            assertThat(failure.get(20, java.util.concurrent.TimeUnit.SECONDS).code()).isEqualTo("CANCELLED");

            ScriptStop early = new ScriptStop();
            early.stop();
            assertThat(failureOf(() -> patient.runScript("while (true) {}", Map.of(), early)).code()).isEqualTo("CANCELLED");
            assertThat(patient.runScript("return 3", Map.of(), new ScriptStop()).output()).isEqualTo(json("3"));
        }
    }

    @Test
    void aGrowingArrayIsStoppedWithScriptLimit() {
        StepFailure f = failureOf(() -> engine.runScript(
                "const a = []; while (true) a.push({ n: a.length, s: 'x' + a.length });", Map.of()));
        assertThat(f.code()).isEqualTo("SCRIPT_LIMIT");
        assertThat(engine.runScript("return 2", Map.of()).output()).isEqualTo(json("2"));
    }

    @Test
    void aResultOfTensOfThousandsOfValuesIsConvertedUnderABudgetOfItsOwn() {
        // converting it allocates about 750 bytes a number and 3 KB a small object in the interpreter: 70,000 numbers
        // or 25,000 records passed the code's 64 MB by their conversion alone
        assertThat(engine.runScript("return Array.from({length: 70000}, (_, i) => i);", Map.of()).output().size())
                .isEqualTo(70_000);
        assertThat(engine.runScript("return Array.from({length: 25000}, (_, i) => ({id: i, name: 'n' + i}));", Map.of())
                .output().get(24_999)).isEqualTo(json("{\"id\":24999,\"name\":\"n24999\"}"));

        try (ScriptEngine small = new ScriptEngine(ScriptLimits.defaults().withAllocationBudgetBytes(8L << 20))) {
            StepFailure tooLarge = failureOf(() -> small.runScript(
                    "const a = new Array(100000); for (let i = 0; i < a.length; i++) a[i] = i; return a;", Map.of()));
            assertThat(tooLarge.code()).isEqualTo("SCRIPT_LIMIT");
            assertThat(tooLarge.getMessage()).isEqualTo("The script's result is too large: converting it to JSON "
                    + "allocated more than 32768 KB and was stopped");
            StepFailure code = failureOf(() -> small.runScript(
                    "const a = []; for (let i = 0; i < 1e6; i++) a.push({i}); return a.length;", Map.of()));
            assertThat(code.getMessage()).as("the code's own allocations keep their budget")
                    .isEqualTo("Script allocated more than its budget of 8192 KB and was stopped");
        }
    }

    @Test
    void limitsTheEngineReportsAsRangeErrorsAreScriptLimitsWithWhatRanOut() {
        // s + s builds a rope that hardly allocates, so the engine's longest string is reached before the budget
        StepFailure doubling = failureOf(() -> engine.runScript("let s = 'x';\nwhile (true) s = s + s;", Map.of()));
        assertThat(doubling.code()).isEqualTo("SCRIPT_LIMIT");
        assertThat(doubling.getMessage()).contains("string grew longer").contains("Invalid string length")
                .contains("line 2");
        assertThat(doubling.details().get("line").asInt()).isEqualTo(2);

        StepFailure recursion = failureOf(() -> engine.runScript("const f = (n) => f(n + 1) + 1; return f(0)", Map.of()));
        assertThat(recursion.code()).isEqualTo("SCRIPT_LIMIT");
        assertThat(recursion.getMessage()).contains("nested too deeply").contains("Maximum call stack size exceeded");

        assertThat(failureOf(() -> engine.runScript("const a = [1]; for (;;) a.push(...a);", Map.of())).code())
                .isEqualTo("SCRIPT_LIMIT");
        assertThat(failureOf(() -> engine.runScript(
                "return JSON.parse('['.repeat(100000) + ']'.repeat(100000))", Map.of())).code()).isEqualTo("SCRIPT_LIMIT");
        assertThat(failureOf(() -> engine.evaluate("(() => { let s = 'x'; for (;;) s += s; })()", Map.of())).code())
                .isEqualTo("SCRIPT_LIMIT");

        assertThat(failureOf(() -> engine.runScript("return new Array(-1)", Map.of())).code())
                .as("a bad argument is the script's error, not a limit").isEqualTo("SCRIPT_ERROR");
        assertThat(failureOf(() -> engine.runScript("return 'x'.repeat(-1)", Map.of())).code()).isEqualTo("SCRIPT_ERROR");
        assertThat(engine.runScript("try { let s = 'x'; for (;;) s = s + s; } catch (e) { return e.name }", Map.of())
                .output()).as("a script may still catch it").isEqualTo(json("\"RangeError\""));
        assertThat(engine.runScript("return 2", Map.of()).output()).isEqualTo(json("2"));
    }

    @Test
    void endlessRecursionIsReportedWhereTheCodeRecursesNotWhereTheFunctionStarts() {
        StepFailure oneLine = failureOf(() -> engine.runScript("function f(n) { return f(n + 1) + 1; }\nreturn f(0)", Map.of()));
        assertThat(oneLine.code()).isEqualTo("SCRIPT_LIMIT");
        assertThat(oneLine.getMessage()).as("the call f(n + 1), not the function's first character")
                .endsWith("(RangeError: Maximum call stack size exceeded, line 1, column 24)");
        assertThat(oneLine.details()).hasToString(
                "{\"line\":1,\"column\":24,\"jsError\":\"RangeError: Maximum call stack size exceeded\"}");

        StepFailure body = failureOf(() -> engine.runScript("const x = 1;\nfunction f(n) {\n  return f(n + 1) + 1;\n}\nreturn f(x)",
                Map.of()));
        assertThat(body.getMessage()).contains("line 3, column 10");

        StepFailure arrow = failureOf(() -> engine.evaluate("(() => { const f = (n) => f(n + 1) + 1; return f(0) })()",
                Map.of()));
        assertThat(arrow.details().get("column").asInt()).as("f(n + 1)").isEqualTo(27);

        StepFailure callback = failureOf(() -> engine.runScript("function f(n) {\n  return [n].map((v) => f(v + 1));\n}\nreturn f(0)",
                Map.of()));
        assertThat(callback.code()).isEqualTo("SCRIPT_LIMIT");
        assertThat(callback.details().get("line").asInt()).isEqualTo(2);

        StepFailure mutual = failureOf(() -> engine.runScript(
                "function f(n) { return g(n); }\nfunction g(n) {\n  return f(n + 1);\n}\nreturn f(0)", Map.of()));
        assertThat(mutual.details().get("line") + ":" + mutual.details().get("column")).as("one of the two calls")
                .isIn("1:24", "3:10");
    }

    @Test
    void aRangeErrorTheCodeMakesItselfIsItsOwnErrorEvenWithTheMessageOfAnEngineLimit() {
        for (String script : new String[] {
                "throw new RangeError('Invalid string length')",
                "throw RangeError('Maximum call stack size exceeded')",
                "class TooLong extends RangeError {}\nthrow new TooLong('Invalid string length')",
                "throw 'RangeError: Maximum call stack size exceeded'",
                "throw {message: 'RangeError: Invalid string length'}",
                "try { let s = 'x'; for (;;) s = s + s; } catch (e) { throw new e.constructor(e.message) }"}) {
            StepFailure f = failureOf(() -> engine.runScript(script, Map.of()));
            assertThat(f.code()).as(script).isEqualTo("SCRIPT_ERROR");
            assertThat(f.getMessage()).as(script).startsWith("Script failed: ");
        }
        assertThat(failureOf(() -> engine.evaluate("(() => { throw new RangeError('Invalid string length') })()", Map.of()))
                .code()).isEqualTo("EXPRESSION_ERROR");
        assertThat(failureOf(() -> engine.runScript("try { let s = 'x'; for (;;) s = s + s; } catch (e) { throw e }", Map.of()))
                .code()).as("the engine's own, thrown on").isEqualTo("SCRIPT_LIMIT");
        assertThat(engine.runScript("try { let s = 'x'; for (;;) s = s + s; } catch (e) {"
                + " return [e instanceof RangeError, e.constructor === RangeError, new RangeError('x') instanceof RangeError] }",
                Map.of()).output()).isEqualTo(json("[true, true, true]"));
    }

    @Test
    void singleHugeAllocationsAreRefusedBeforeTheyHappen() {
        for (String bomb : new String[] {
                "new ArrayBuffer(4e8)", "new Uint8Array(4e8)", "new Float64Array({length: 1e9})",
                "'x'.repeat(2**28)", "'x'.padEnd(2**29)", "new Array(1e9).fill(0)", "Array.from({length: 1e9})",
                "Array(1e9)", "Uint8Array.from({length: 1e9})", "new ArrayBuffer(8, {maxByteLength: 4e9})",
                "(() => { const a = []; a.length = 1e9; return a.join(); })()",
                "Array(2000).fill('x'.repeat(1e6)).join('')",
                "JSON.stringify(Array(2000).fill('x'.repeat(1e6)))",
                "String.raw({raw: {length: 1e9}})"}) {
            StepFailure f = failureOf(() -> engine.runScript("return " + bomb, Map.of()));
            assertThat(f.code()).as(bomb).isEqualTo("SCRIPT_LIMIT");
        }
    }

    @Test
    void aHugeResultIsAScriptLimit() {
        assertThat(failureOf(() -> engine.runScript(
                "const s = 'x'.repeat(1e6); return Array(100).fill(s)", Map.of())).code()).isEqualTo("SCRIPT_LIMIT");
    }

    @Test
    void bindingsMustBeJavaScriptIdentifiersThatAreNotReservedWords() {
        for (String name : new String[] {"_x", "$y", "a1", "input", "Z"}) {
            assertThat(engine.evaluate(name, Map.of(name, json("7")))).as(name).isEqualTo(json("7"));
        }
        for (String name : new String[] {"", "1a", "a-b", "a b", "é", "class", "eval", "undefined"}) {
            assertThatThrownBy(() -> engine.evaluate("1", Map.of(name, json("7")))).as(name)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot be a script binding");
        }
    }

    @Test
    void aResultAmplifiedBySharedReferencesIsAScriptLimit() {
        // a few KB in memory, 2^40 strings as JSON: the count must stop it while it is being written
        StepFailure f = failureOf(() -> engine.runScript(
                "let x = 'x'.repeat(1000); for (let i = 0; i < 40; i++) x = [x, x]; return x;", Map.of()));
        assertThat(f.code()).isEqualTo("SCRIPT_LIMIT");
        assertThat(f.getMessage()).startsWith("Script exceeded a limit: the result would create more than");
        StepFailure expression = failureOf(() -> engine.evaluate("'x'.repeat(2e7)", Map.of()));
        assertThat(expression.getMessage()).as("an expression's limit names the expression, not a script")
                .isEqualTo("Expression ''x'.repeat(2e7)' exceeded a limit: repeat would create 20000000 characters"
                        + " (at most 16777216)");
        assertThat(engine.runScript("return [1, 'a', {b: null}]", Map.of()).output()).isEqualTo(json("[1, \"a\", {\"b\": null}]"));
    }

    @Test
    void ordinaryUseOfTheGuardedBuiltInsStillWorks() {
        assertThat(engine.runScript("""
                const a = new Array(3).fill(1);
                const t = new Uint8Array([1, 2, 3]);
                class Bag extends Array {}
                const bag = Bag.from([1, 2]);
                return [a.join('-'), 'ab'.repeat(2), '7'.padStart(3, '0'), Array.from('abc'), [...t].map(x => x * 2),
                        [1, [2, 3]].toString(), JSON.stringify({a: [1, 2]}, null, 2), bag instanceof Array,
                        bag instanceof Bag, [] instanceof Array, Array.isArray(bag), new ArrayBuffer(4).byteLength,
                        JSON.stringify({a: 1, b: 2}, ['a']), 'x'.concat('y', 1), `${[1, 2]}`];
                """, Map.of()).output()).isEqualTo(json("""
                ["1-1-1", "abab", "007", ["a","b","c"], [2,4,6], "1,2,3", "{\\n  \\"a\\": [\\n    1,\\n    2\\n  ]\\n}",
                 true, true, true, true, 4, "{\\"a\\":1}", "xy1", "1,2"]"""));
    }

    @Test
    void checksReportProblemsWithPositionsWithoutRunningAnything() {
        assertThat(engine.checkScript("while (true) {}\nreturn 1")).isEmpty();
        assertThat(engine.checkScript("let a = 1;\nreturn a +* 2;"))
                .singleElement().satisfies(p -> {
                    assertThat(p.line()).isEqualTo(2);
                    assertThat(p.column()).isEqualTo(11);
                    assertThat(p.message()).contains("Expected an operand");
                });
        assertThat(engine.checkScript("with (a) {}")).hasSize(1);
        // the code ends too soon: what the parser found there is the wrapper's, not the user's
        assertThat(engine.checkScript("const a = 1;\nreturn {")).singleElement().satisfies(p -> {
            assertThat(p.message()).isEqualTo("Expected ; but the code ended");
            assertThat(p.line()).isEqualTo(2);
            assertThat(p.column()).isEqualTo(9);
        });
        assertThat(engine.checkScript("return input.")).singleElement()
                .satisfies(p -> assertThat(p.message()).isEqualTo("Expected ident but the code ended"));
        assertThat(engine.checkExpression("input.total >")).singleElement()
                .satisfies(p -> assertThat(p.message()).doesNotContain("found )"));
        assertThat(engine.checkExpression("input.total > 100")).isEmpty();
        assertThat(engine.checkExpression("input.total >")).hasSize(1);
        assertThat(engine.checkExpression("1); globalThis.x = 1; (2")).hasSize(1);
        assertThat(engine.checkScript("return 1 }); let leaked = 1; (function () {")).hasSize(1);
        assertThat(engine.checkScript("return 1 }}); let leaked = 1; (function () {{")).hasSize(1);
        for (String[] brackets : new String[][] {{"(", ")"}, {"[", "]"}}) {
            String deep = brackets[0].repeat(5000) + "1" + brackets[1].repeat(5000);
            assertThat(engine.checkExpression(deep)).as("nested %s", brackets[0]).singleElement()
                    .satisfies(p -> assertThat(p.message()).contains("too deeply"));
        }
        assertThat(engine.checkExpression("(1)")).as("the checker still works").isEmpty();
    }

    @Test
    void bindingNamesMustBeIdentifiers() {
        assertThatThrownBy(() -> engine.runScript("return 1", Map.of("a-b", json("1"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> engine.evaluate("1", Map.of("eval", json("1"))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
