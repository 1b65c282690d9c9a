package io.flows.steps.script;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SandboxPolicy;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;

/** One locked-down sandbox context with its console capture and the functions the prelude returned. */
final class JsContext implements AutoCloseable {

    final Context context;
    final LogCapture logs;
    final Value runner;
    /** Converts the result the runner kept to JSON text (see the prelude). */
    final Value converter;
    private final Value madeByCode;
    private final Value thrown;

    private JsContext(Context context, LogCapture logs, Value exports) {
        this.context = context;
        this.logs = logs;
        this.runner = exports.getMember("run");
        this.converter = exports.getMember("convert");
        this.madeByCode = exports.getMember("madeByCode");
        this.thrown = exports.getMember("thrown");
    }

    /**
     * What the code threw, as the prelude's {@code thrown} says it (null for an Error, {@code L} + message for a
     * script limit, {@code T} + JSON for another value), or null when it cannot say (the watchdog stopped it).
     * Asked while the code is still watched: reading the value may run the code's getters.
     */
    String describeThrown(Value value) {
        try {
            Value d = thrown.execute(value);
            return d.isString() ? d.asString() : null;
        } catch (PolyglotException e) {
            return null;
        }
    }

    /** Whether code running here made {@code thrown} (a RangeError) itself, rather than the engine raising it. */
    boolean madeByCode(Value thrown) {
        return thrown != null && madeByCode.execute(thrown).asBoolean();
    }

    /** Builds the sandbox every evaluation runs in: constrained, no eval, no load/print/Graal, strict. */
    static Context.Builder sandbox(Engine engine, LogCapture logs, boolean allowCodeFromStrings) {
        return Context.newBuilder("js")
                .engine(engine)
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(logs)
                .err(logs)
                .option("js.strict", "true")
                .option("js.allow-eval", Boolean.toString(allowCodeFromStrings))
                .option("js.load", "false")
                .option("js.print", "false")
                .option("js.graal-builtin", "false")
                .option("js.console", "true");
    }

    /**
     * Makes a context and runs the prelude in it (hundreds of milliseconds of interpreted JavaScript, seconds on a cold
     * engine). {@code stop} (may be null) ends it early: then the answer is null.
     */
    static JsContext create(Engine engine, ScriptLimits limits, Source prelude, String limitsJson, Watchdog watchdog,
            ScriptStop stop) {
        LogCapture logs = new LogCapture(limits.maxLogLines(), limits.maxLogLineChars());
        Context context = sandbox(engine, logs, false).build();
        Watchdog.Run making = stop == null ? null : watchdog.stoppableOnly(context);
        if (making != null) {
            stop.attach(making);
        }
        Value exports = null;
        try {
            exports = context.eval(prelude).execute(limitsJson);
            logs.drain();
        } catch (PolyglotException e) {
            if (!e.isCancelled() || making == null) {
                closeQuietly(context);
                throw e;
            }
        } catch (RuntimeException e) {
            closeQuietly(context);
            throw e;
        } finally {
            if (making != null) {
                stop.detach();
            }
        }
        if (exports == null || making != null && making.finish() != null) {
            closeQuietly(context); // stopped: the watchdog may be closing it right now
            return null;
        }
        return new JsContext(context, logs, exports);
    }

    private static void closeQuietly(Context context) {
        try {
            context.close(true);
        } catch (IllegalStateException e) {
            // already closed (for instance by the watchdog)
        }
    }

    @Override
    public void close() {
        try {
            context.close(true);
        } catch (IllegalStateException e) {
            // already closed (for instance by the watchdog)
        }
    }
}
