package io.flows.steps.script;

import io.flows.steps.StepFailure;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs memory bombs one after another in this JVM (started by {@link HostileMemoryTest} with a small heap),
 * each followed by a normal script, and prints one line per outcome.
 */
public final class HostileMemoryMain {

    static final Map<String, String> BOMBS = new LinkedHashMap<>();

    static {
        BOMBS.put("arrayBuffer", "return new ArrayBuffer(4e8).byteLength");
        BOMBS.put("typedArray", "return new Uint8Array(4e8).length");
        BOMBS.put("float64FromArrayLike", "return new Float64Array({length: 1e9}).length");
        BOMBS.put("repeat", "return 'x'.repeat(2**28).length");
        BOMBS.put("padEnd", "return 'x'.padEnd(2**29).length");
        BOMBS.put("arrayFill", "return new Array(1e9).fill(0).length");
        BOMBS.put("arrayFrom", "return Array.from({length: 1e9}).length");
        BOMBS.put("sparseJoin", "const a = []; a.length = 1e9; return a.join('x').length");
        BOMBS.put("sharedJoin", "return Array(5000).fill('x'.repeat(1e6)).join('').length");
        BOMBS.put("sharedStringify", "return JSON.stringify(Array(5000).fill('x'.repeat(1e6))).length");
        BOMBS.put("hugeResult", "return Array(5000).fill('x'.repeat(1e6))");
        BOMBS.put("growingArray", "const a = []; while (true) a.push([a.length, 'x' + a.length]);");
        BOMBS.put("growingString", "let s = ''; while (true) s = s + 'xxxxxxxxxx' + s.length; return s.length");
        BOMBS.put("growingMap", "const m = new Map(); for (let i = 0; ; i++) m.set(i, {i});");
        BOMBS.put("doublingRope", "let s = 'x'; while (true) s = s + s;");
        BOMBS.put("doublingString", "let s = 'x'.repeat(1 << 20); while (true) { s = s + s; s.charCodeAt(s.length - 1); }");
        BOMBS.put("spreadHuge", "const a = []; a.length = 5e8; return [...a].length");
        BOMBS.put("deepRecursion", "const f = (n) => f(n + 1) + 1; return f(0)");
    }

    public static void main(String[] args) {
        int failures = 0;
        try (ScriptEngine engine = new ScriptEngine(ScriptLimits.defaults())) {
            for (Map.Entry<String, String> bomb : BOMBS.entrySet()) {
                long start = System.nanoTime();
                String outcome;
                try {
                    outcome = "ok " + engine.runScript(bomb.getValue(), Map.of()).output();
                } catch (StepFailure f) {
                    outcome = f.code() + " " + f.getMessage();
                } catch (Throwable t) {
                    outcome = "THROWN " + t;
                }
                System.out.println("BOMB " + bomb.getKey() + " -> " + outcome + " ("
                        + (System.nanoTime() - start) / 1_000_000 + " ms)");
                String after;
                try {
                    after = engine.runScript("return [1, 2, 3].map(x => x * 2)", Map.of()).output().toString();
                } catch (Throwable t) {
                    after = "THROWN " + t;
                    failures++;
                }
                System.out.println("AFTER " + bomb.getKey() + " -> " + after);
            }
        }
        Runtime rt = Runtime.getRuntime();
        System.out.println("HEAP used=" + (rt.totalMemory() - rt.freeMemory()) / 1_048_576 + "MB max="
                + rt.maxMemory() / 1_048_576 + "MB");
        System.out.println("DONE failures=" + failures);
        System.exit(failures == 0 ? 0 : 1);
    }
}
