package io.flows.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.OutputStream;
import java.util.Map;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.SandboxPolicy;
import io.flows.engine.runtime.Jsons;
import io.flows.steps.script.ScriptEngine;
import io.flows.steps.script.ScriptLimits;

/**
 * What one script or expression evaluation costs with pooled, locked-down contexts and with fresh
 * ones (the numbers behind the pooling decision). Run: {@code bench/script-contexts.sh}.
 */
public final class ScriptContextCost {

    private ScriptContextCost() {
    }

    static final String SCRIPT = "return { ...input, total: input.items.reduce((s, i) => s + i.qty * i.price, 0) }";

    public static void main(String[] args) {
        Map<String, JsonNode> in = Map.of("input", Jsons.parse("{\"items\":[{\"qty\":2,\"price\":3},{\"qty\":1,\"price\":4}]}"),
                "steps", Jsons.parse("{\"a\":{\"output\":1}}"));
        try (ScriptEngine pooled = new ScriptEngine(ScriptLimits.defaults());
                ScriptEngine fresh = new ScriptEngine(ScriptLimits.defaults().withMaxPooledContexts(0))) {
            System.out.printf("pooled script:     %8.1f us%n", micros(() -> pooled.runScript(SCRIPT, in), 3000));
            System.out.printf("pooled expression: %8.1f us%n", micros(() -> pooled.evaluate("input.items.length > 1", in), 3000));
            System.out.printf("plain path:        %8.1f us%n", micros(() -> pooled.evaluate("steps.a.output", in), 3000));
            System.out.printf("fresh script:      %8.1f us%n", micros(() -> fresh.runScript(SCRIPT, in), 40));
            if (pooled.runScript(SCRIPT, in).output().get("total").asInt() != 10) {
                throw new IllegalStateException("wrong result");
            }
        }
        try (Engine engine = Engine.newBuilder("js").sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream()).err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false").build()) {
            System.out.printf("bare context (no lockdown): %8.1f us%n", micros(() -> {
                try (Context c = Context.newBuilder("js").engine(engine).sandbox(SandboxPolicy.CONSTRAINED)
                        .out(OutputStream.nullOutputStream()).err(OutputStream.nullOutputStream()).build()) {
                    c.eval("js", "1 + 1");
                }
            }, 200));
        }
    }

    private static double micros(Runnable r, int n) {
        for (int i = 0; i < n; i++) {
            r.run();
        }
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            r.run();
        }
        return (System.nanoTime() - start) / 1000.0 / n;
    }
}
