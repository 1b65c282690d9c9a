package io.flows.steps.script;

import static io.flows.steps.script.ScriptEngineTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.steps.StepFailure;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The sandbox offers no way out, and with one pooled context every evaluation below runs in the same
 * context as the one before it, so nothing an evaluation does may be visible to the next.
 */
class SandboxIsolationTest {

    static ScriptEngine engine;

    @BeforeAll
    static void start() {
        engine = new ScriptEngine(ScriptLimits.defaults().withMaxPooledContexts(1));
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    JsonNode run(String body) {
        return engine.runScript(body, Map.of("input", json("{\"a\":1}"))).output();
    }

    String outcome(String body) {
        try {
            return "ok " + run(body);
        } catch (StepFailure f) {
            return f.code();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Java", "Polyglot", "load", "loadWithNewGlobal", "require", "print", "printErr", "Graal",
            "Packages", "java", "javax", "quit", "exit", "readline", "readFully", "read", "readbuffer", "Worker",
            "SharedArrayBuffer", "Atomics", "setTimeout", "setInterval", "process", "module", "importScripts",
            "fetch", "XMLHttpRequest", "WebAssembly", "Debug", "Realm", "FinalizationRegistry", "WeakRef",
            "global"})
    void hostAndShellGlobalsAreAbsent(String name) {
        assertThat(run("return typeof globalThis['" + name + "'] + ':' + typeof " + name))
                .isEqualTo(json("\"undefined:undefined\""));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "return eval('1')",
            "return Function('return 1')()",
            "return (function () {}).constructor('return globalThis')()",
            "return (async function () {}).constructor('return 1')",
            "return (function* () {}).constructor('yield 1')",
            "return Java.type('java.lang.System').exit(1)",
            "return Polyglot.eval('js', '1')",
            "return load('/etc/passwd')",
            "return require('fs')",
            "return new Worker('x')",
            "return Atomics.wait(new Int32Array(4), 0, 0)",
            "return this.constructor",
            "return Object.getPrototypeOf(async () => {}).constructor('return 1')()"})
    void escapeAttemptsFail(String body) {
        String outcome = outcome(body);
        assertThat(outcome).as(body).isIn("SCRIPT_ERROR", "SCRIPT_NO_RESULT");
    }

    @Test
    void dynamicImportIsRefusedAndThisIsUndefined() {
        ScriptResult r = engine.runScript("import('fs').then(() => console.log('loaded'), e => console.log('refused'));"
                + " import('/etc/passwd').then(() => console.log('loaded'), e => console.log('refused'));"
                + " return [typeof this, typeof globalThis.arguments]", Map.of());
        assertThat(r.logs()).containsExactly("refused", "refused");
        assertThat(r.output()).isEqualTo(json("[\"undefined\",\"undefined\"]"));
    }

    @Test
    void globalsCannotBeAddedOrChanged() {
        assertThat(outcome("globalThis.leak = 1; return 1")).isEqualTo("SCRIPT_ERROR");
        assertThat(outcome("leak2 = 1; return 1")).isEqualTo("SCRIPT_ERROR");
        assertThat(outcome("JSON.parse = () => 42; return 1")).isEqualTo("SCRIPT_ERROR");
        assertThat(outcome("Math.random = () => 4; return 1")).isEqualTo("SCRIPT_ERROR");
        assertThat(outcome("Object.defineProperty(globalThis, 'x', {value: 1}); return 1")).isEqualTo("SCRIPT_ERROR");
        assertThat(run("return [typeof leak, typeof leak2, typeof x, JSON.parse('7'), Math.random() < 1]"))
                .isEqualTo(json("[\"undefined\",\"undefined\",\"undefined\",7,true]"));
    }

    @Test
    void intrinsicPrototypesCannotBeChanged() {
        for (String attack : new String[] {
                "Object.prototype.polluted = 1",
                "Array.prototype.push = function () { return 99; }",
                "Array.prototype.map = null",
                "String.prototype.trim = () => 'hacked'",
                "Object.setPrototypeOf(Object.prototype, {polluted: 1})",
                "Function.prototype.call = null",
                "Promise.prototype.then = null",
                "Object.getPrototypeOf(function* () {}).prototype.next = null",
                "Object.getPrototypeOf([][Symbol.iterator]()).next = null",
                "Object.getPrototypeOf(Uint8Array).prototype.fill = null",
                "Error.prototype.toString = () => 'x'",
                "delete Array.prototype.includes",
                "JSON.stringify = () => '{}'",
                "Symbol.iterator.description = 'x'",
                "console.log = () => {}",
                "RegExp.prototype.exec = () => null",
                "Object.prototype.__proto__ = {}",
                "Object.prototype.toString = () => 'x'"}) {
            assertThat(outcome(attack + "; return 1")).as(attack).isEqualTo("SCRIPT_ERROR");
        }
        assertThat(run("""
                const a = []; a.push(1);
                return [({}).polluted, a, [1].map(x => x + 1), ' t '.trim(), String({}), [1, 2].includes(2),
                        new Error('e').toString()];"""))
                .isEqualTo(json("[null,[1],[2],\"t\",\"[object Object]\",true,\"Error: e\"]"));
    }

    @Test
    void ownPropertiesShadowingFrozenBuiltInsStillWork() {
        assertThat(run("""
                const e = new Error(); e.message = 'set'; e.name = 'Custom';
                const o = {}; o.toString = () => 'mine'; o.constructor = 'c';
                return [e.message, e.name, String(o), o.constructor, Object.assign({}, {toString: 1}).toString];"""))
                .isEqualTo(json("[\"set\",\"Custom\",\"mine\",\"c\",1]"));
    }

    @Test
    void variablesAndFunctionsDoNotSurviveAnEvaluation() {
        run("var kept = 1; function keptFn() {} let kept2 = 2; return 1");
        assertThat(run("return [typeof kept, typeof keptFn, typeof kept2]"))
                .isEqualTo(json("[\"undefined\",\"undefined\",\"undefined\"]"));
    }

    @Test
    void regExpLegacyStaticResultsAreGone() {
        run("/(secret)/.exec('my secret'); return 1");
        assertThat(run("return [RegExp.$1, RegExp.lastMatch, RegExp.input, RegExp['$_']]"))
                .isEqualTo(json("[null,null,null,null]"));
    }

    @Test
    void pendingJobsAndTimersCannotRunDuringALaterEvaluation() {
        ScriptResult first = engine.runScript(
                "Promise.resolve().then(() => console.log('from the first run')); return 1", Map.of());
        assertThat(first.logs()).containsExactly("from the first run");
        ScriptResult second = engine.runScript("return 2", Map.of());
        assertThat(second.logs()).isEmpty();
    }

    @Test
    void escapingTheWrapperFunctionIsASyntaxError() {
        assertThat(outcome("return 1 }}); let leaked = 1; (function () {{")).isEqualTo("SCRIPT_ERROR");
        assertThat(outcome("return 1 }}); var leaked = 1; (function () {{")).isEqualTo("SCRIPT_ERROR");
        assertThat(outcome("return typeof leaked")).isEqualTo("ok \"undefined\"");
        StepFailure f = null;
        try {
            engine.evaluate("1); console.log('statement'); (2", Map.of());
        } catch (StepFailure e) {
            f = e;
        }
        assertThat(f).isNotNull();
        assertThat(f.code()).isEqualTo("EXPRESSION_ERROR");
    }

    @Test
    void aStoppedContextIsNeverReused() {
        try (ScriptEngine quick = new ScriptEngine(ScriptLimits.defaults().withMaxPooledContexts(1)
                .withCpuDeadline(java.time.Duration.ofMillis(200)))) {
            assertThat(failure(() -> quick.runScript("while (true) {}", Map.of()))).isEqualTo("SCRIPT_TIMEOUT");
            assertThat(quick.runScript("return 1", Map.of()).output()).isEqualTo(json("1"));
            assertThat(failure(() -> quick.runScript("return 'x'.repeat(2**28)", Map.of()))).isEqualTo("SCRIPT_LIMIT");
            assertThat(quick.runScript("return 2", Map.of()).output()).isEqualTo(json("2"));
        }
    }

    @Test
    void thePoolHandsBackTheSameContextAfterANormalRun() {
        try (ScriptEngine one = new ScriptEngine(ScriptLimits.defaults().withMaxPooledContexts(1))) {
            assertThat(one.runScript("return 1", Map.of()).output()).isEqualTo(json("1"));
        }
        ContextPool pool = new ContextPool(org.graalvm.polyglot.Engine.newBuilder("js")
                .sandbox(org.graalvm.polyglot.SandboxPolicy.CONSTRAINED)
                .out(java.io.OutputStream.nullOutputStream()).err(java.io.OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false").build(), ScriptLimits.defaults().withMaxPooledContexts(1),
                new Watchdog(ScriptLimits.defaults()), 1, ContextPool.OVERFLOW_AFTER);
        JsContext c = pool.acquire(null);
        pool.release(c, true);
        assertThat(pool.acquire(null)).isSameAs(c);
        pool.close();
        c.close();
    }

    private static String failure(Runnable r) {
        try {
            r.run();
            return "none";
        } catch (StepFailure f) {
            return f.code();
        }
    }
}
