package io.flows.steps.script;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.Source;

/**
 * Idle locked-down contexts of one shared engine. A context goes back into the pool only after an evaluation
 * that ended normally or with an ordinary JavaScript error; one that was stopped, hit a limit or failed
 * inside the engine is closed.
 */
final class ContextPool implements AutoCloseable {

    private final Engine engine;
    private final ScriptLimits limits;
    private final Source prelude;
    private final String limitsJson;
    private final BlockingQueue<JsContext> idle;
    private volatile boolean closed;

    ContextPool(Engine engine, ScriptLimits limits) {
        this.engine = engine;
        this.limits = limits;
        this.prelude = Source.newBuilder("js", Prelude.SOURCE, Prelude.SOURCE_NAME).cached(true).buildLiteral();
        this.limitsJson = "{\"maxString\":" + limits.maxStringLength()
                + ",\"maxArray\":" + limits.maxArrayLength()
                + ",\"maxBytes\":" + limits.allocationBudgetBytes()
                + ",\"maxOutput\":" + limits.maxOutputChars()
                + ",\"maxLogChars\":" + limits.maxLogLineChars() + "}";
        this.idle = new ArrayBlockingQueue<>(Math.max(1, limits.maxPooledContexts()));
    }

    JsContext acquire() {
        if (closed) {
            throw new IllegalStateException("The script engine is closed");
        }
        JsContext c = idle.poll();
        return c != null ? c : JsContext.create(engine, limits, prelude, limitsJson);
    }

    void release(JsContext context, boolean reusable) {
        if (!reusable || closed || limits.maxPooledContexts() == 0 || !idle.offer(context)) {
            context.close();
            return;
        }
        if (closed && idle.remove(context)) {
            context.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        JsContext c;
        while ((c = idle.poll()) != null) {
            c.close();
        }
    }
}
