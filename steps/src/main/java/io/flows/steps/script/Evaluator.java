package io.flows.steps.script;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.dsl.json.JsonDepth;
import io.flows.dsl.json.LoneSurrogates;
import io.flows.dsl.model.DurationText;
import io.flows.dsl.parse.Paths;
import io.flows.dsl.text.Abbreviation;
import io.flows.steps.StepFailure;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;

/**
 * Runs one piece of already syntax-checked code in a pooled context under the watchdog, and turns what
 * happened into JSON or a {@link StepFailure}.
 */
final class Evaluator {

    /**
     * Scripts and expressions differ in wrapping, naming and error code; a condition is an expression asked only
     * whether it is true, so its value never has to be JSON (NaN is a false condition, Infinity a true one).
     */
    enum Kind {
        SCRIPT(Wrapping.SCRIPT_NAME, "SCRIPT_ERROR"),
        EXPRESSION(Wrapping.EXPRESSION_NAME, "EXPRESSION_ERROR"),
        CONDITION(Wrapping.EXPRESSION_NAME, "EXPRESSION_ERROR");

        final String sourceName;
        final String errorCode;

        Kind(String sourceName, String errorCode) {
            this.sourceName = sourceName;
            this.errorCode = errorCode;
        }
    }

    /** The result: JSON, or null when the code produced {@code undefined}; plus the console lines. */
    record Outcome(JsonNode json, List<String> logs) {}

    private final ScriptLimits limits;
    private final ContextPool pool;
    private final Watchdog watchdog;
    private final ObjectMapper mapper;
    private final Lru<String, Source> sources = new Lru<>(1024);

    Evaluator(ScriptLimits limits, ContextPool pool, Watchdog watchdog) {
        this.limits = limits;
        this.pool = pool;
        this.watchdog = watchdog;
        this.mapper = mapper(limits);
    }

    static ObjectMapper mapper(ScriptLimits limits) {
        JsonMapper m = JsonMapper.builder()
                .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
                .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
                .build();
        m.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxStringLength((int) Math.min(Integer.MAX_VALUE, Math.max(limits.maxOutputChars(), 20_000_000L)))
                .maxNestingDepth(10_000)
                .build());
        // bindings are values wrapped in a level or two (trigger.body, steps.x.output): deeper than one value may be
        m.getFactory().setStreamWriteConstraints(JsonDepth.documentWriting());
        return m;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    /**
     * Runs {@code code}; {@code stop} (may be null) can stop it from another thread. {@code field} (may be null)
     * names where the value goes, e.g. {@code set.total}, for a failure to say.
     */
    Outcome run(Kind kind, String code, Map<String, JsonNode> bindings, ScriptStop stop, String field) {
        TreeMap<String, JsonNode> selected = BindingSelector.select(code, bindings);
        Object[] args = new Object[selected.size() + 1];
        int i = 1;
        for (JsonNode value : selected.values()) {
            args[i++] = write(value);
        }
        String key = kind.name() + '(' + String.join(",", selected.keySet()) + ")\n" + code;
        Source source = sources.get(key, k -> Source.newBuilder("js", switch (kind) {
                    case SCRIPT -> Wrapping.script(selected.keySet(), code);
                    case EXPRESSION -> Wrapping.expression(selected.keySet(), code);
                    case CONDITION -> Wrapping.condition(selected.keySet(), code);
                }, kind.sourceName).cached(true).buildLiteral());

        JsContext ctx = pool.acquire(stop);
        if (ctx == null) {
            throw stopped(kind, code);
        }
        String answer = null;
        PolyglotException error = null;
        String thrown = null;
        Error fatal = null;
        Watchdog.Trip trip;
        boolean converting;
        List<String> logs;
        Watchdog.Run watched = watchdog.start(ctx.context);
        if (stop != null) {
            stop.attach(watched);
        }
        try {
            args[0] = ctx.context.eval(source);
            answer = ctx.runner.execute(args).asString();
            if (answer.equals("V")) {
                watched.convertingResult(limits.conversionBudgetBytes());
                answer = ctx.converter.execute().asString();
            }
        } catch (PolyglotException e) {
            error = e;
            if (isOrdinary(e)) {
                thrown = ctx.describeThrown(e.getGuestObject());
                if (thrown != null && thrown.startsWith("L")) {
                    // a limit of the prelude's guards: reported as when converting the result meets one
                    answer = thrown;
                    error = null;
                    thrown = null;
                }
            }
        } catch (OutOfMemoryError | StackOverflowError e) {
            fatal = e;
        } finally {
            if (stop != null) {
                stop.detach();
            }
            trip = watched.finish();
            converting = watched.wasConvertingResult();
            logs = ctx.logs.drain();
        }
        // only an Error the engine raised is one of its limits: a thrown text with the same words is the code's own
        String ranOut = trip == null && error != null && thrown == null ? exhaustion(error, ctx) : null;
        boolean reusable = trip == null && fatal == null && answer != null && !answer.startsWith("L")
                || trip == null && fatal == null && error != null && isOrdinary(error) && ranOut == null;
        pool.release(ctx, reusable);
        try {
            return conclude(kind, code, field, trip, converting, fatal, error, thrown, ranOut, answer, logs);
        } catch (StepFailure f) {
            throw ScriptFailure.withLogs(f, logs);
        }
    }

    private Outcome conclude(Kind kind, String code, String field, Watchdog.Trip trip, boolean converting, Error fatal,
            PolyglotException error, String thrown, String ranOut, String answer, List<String> logs) {
        if (trip == Watchdog.Trip.TIMEOUT) {
            throw failure("SCRIPT_TIMEOUT", label(kind, code) + " exceeded its CPU deadline of "
                    + DurationText.format(limits.cpuDeadline()) + " (or the wall-time cap of "
                    + DurationText.format(limits.wallTimeCap()) + ", when the CPU is shared) and was stopped",
                    kind, code, null);
        }
        if (trip == Watchdog.Trip.STOPPED) {
            throw stopped(kind, code);
        }
        if (trip == Watchdog.Trip.ALLOCATION && converting) {
            throw failure("SCRIPT_LIMIT", (kind == Kind.SCRIPT ? "The script's result" : "The result of expression '"
                    + abbreviate(code) + "'") + " is too large: converting it to JSON allocated more than "
                    + limits.conversionBudgetBytes() / 1024 + " KB and was stopped", kind, code, null);
        }
        if (trip == Watchdog.Trip.ALLOCATION) {
            throw failure("SCRIPT_LIMIT", label(kind, code) + " allocated more than its budget of "
                    + limits.allocationBudgetBytes() / 1024 + " KB and was stopped", kind, code, null);
        }
        if (fatal != null) {
            throw failure("SCRIPT_LIMIT", label(kind, code) + " ran out of resources (" + fatal.getClass().getSimpleName()
                    + ")", kind, code, null);
        }
        if (error != null) {
            throw translate(error, thrown, ranOut, kind, code);
        }
        return switch (answer.charAt(0)) {
            case 'U' -> new Outcome(null, logs);
            case 'L' -> throw failure("SCRIPT_LIMIT", label(kind, code) + " exceeded a limit: " + answer.substring(1), kind,
                    code, null);
            case 'N' -> throw nonFinite(kind, code, field, answer.substring(1));
            default -> new Outcome(read(answer.substring(1), kind, code), logs);
        };
    }

    private StepFailure stopped(Kind kind, String code) {
        StepFailure said = failure(StepFailure.CANCELLED, label(kind, code) + " was stopped: its step ended (timeout or"
                + " cancel)", kind, code, null);
        return StepFailure.stopped(said.getMessage(), said.details());
    }

    /** An exception thrown by the code itself, after which the context is as healthy as before. */
    private static boolean isOrdinary(PolyglotException e) {
        return e.isGuestException() && !e.isCancelled() && !e.isInterrupted() && !e.isResourceExhausted()
                && !e.isInternalError() && !e.isExit();
    }

    private StepFailure translate(PolyglotException e, String thrown, String exhaustion, Kind kind, String code) {
        if (e.isCancelled() || e.isInterrupted()) {
            return failure("SCRIPT_TIMEOUT", label(kind, code) + " was cancelled", kind, code, null);
        }
        if (e.isResourceExhausted() || causedByOutOfMemory(e)) {
            return failure("SCRIPT_LIMIT", label(kind, code) + " ran out of memory: " + e.getMessage(), kind, code, null);
        }
        if (e.isInternalError()) {
            return failure(kind.errorCode, label(kind, code) + " failed inside the JavaScript engine: " + e.getMessage(),
                    kind, code, null);
        }
        String message = e.getMessage() == null ? "unknown error" : e.getMessage();
        SourceSection at = STACK_OVERFLOW.equals(message) && exhaustion != null ? recursionLocation(e, kind)
                : userLocation(e, kind);
        if (exhaustion != null) {
            StepFailure f = failure("SCRIPT_LIMIT", label(kind, code) + " exceeded a limit of the JavaScript engine: "
                    + exhaustion + " (" + message + (at == null ? "" : ", " + where(at)) + ")", kind, code, at);
            ((ObjectNode) f.details()).put("jsError", message);
            return f;
        }
        ThrownValue value = thrown != null && thrown.startsWith("T") ? ThrownValue.read(thrown.substring(1), mapper) : null;
        if (value != null) {
            message = value.message();
        }
        StepFailure f = failure(kind.errorCode, label(kind, code) + " failed: " + message
                + (at == null ? "" : " (" + where(at) + ")"),
                kind, code, at);
        ((ObjectNode) f.details()).put("jsError", message);
        if (value != null && value.json() != null) {
            ((ObjectNode) f.details()).set("thrown", value.json());
        }
        return f;
    }

    /**
     * GraalJS reports some of its own size limits as ordinary {@code RangeError}s, which a runaway script reaches
     * before the allocation budget (a string doubled with {@code +} is a rope that hardly allocates until it
     * is too long to exist). They are resource exhaustion, not a bug in the data, so they share SCRIPT_LIMIT with
     * the budgets. Only the engine's own messages are matched: a RangeError for a bad argument, such as
     * {@code new Array(-1)}, stays a SCRIPT_ERROR, and so does one the code made itself with such a message.
     */
    private static final String STACK_OVERFLOW = "RangeError: Maximum call stack size exceeded";
    private static final Map<String, String> ENGINE_LIMITS = Map.of(
            "RangeError: Invalid string length", "a string grew longer than the engine can hold",
            STACK_OVERFLOW, "calls nested too deeply (endless recursion?)",
            "RangeError: spreaded function argument count exceeds limit",
            "too many values spread into the arguments of one call",
            "RangeError: Cannot parse JSON constructs nested that deep", "JSON text nested too deeply to parse");

    /**
     * What the engine ran out of, when {@code e} is one of its own limits reported as a RangeError; else null.
     * Asks {@code ctx}, so it is called before the context goes back to the pool.
     */
    private static String exhaustion(PolyglotException e, JsContext ctx) {
        String ranOut = e.isGuestException() && e.getMessage() != null ? ENGINE_LIMITS.get(e.getMessage()) : null;
        return ranOut != null && !ctx.madeByCode(e.getGuestObject()) ? ranOut : null;
    }

    private static boolean causedByOutOfMemory(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OutOfMemoryError || String.valueOf(t.getMessage()).contains("OutOfMemoryError")) {
                return true;
            }
        }
        return false;
    }

    private static SourceSection userLocation(PolyglotException e, Kind kind) {
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            SourceSection s = frame.getSourceLocation();
            if (s != null && s.hasLines() && kind.sourceName.equals(s.getSource().getName())) {
                return s.getStartLine() > 1 ? s : null;
            }
        }
        SourceSection s = e.getSourceLocation();
        return s != null && s.hasLines() && s.getStartLine() > 1 && kind.sourceName.equals(s.getSource().getName())
                ? s : null;
    }

    /**
     * Where endless recursion recursed. The engine raises it on entering a function, so the deepest frame's location
     * is that whole function, from its first character (line 1, column 1 for a script that starts with it): the
     * frame below, the call that entered it, is where the code recursed. When the engine ran out inside a built-in
     * (a callback of {@code map}, say), the deepest frame is already a call of the code's.
     */
    private static SourceSection recursionLocation(PolyglotException e, Kind kind) {
        SourceSection raised = e.getSourceLocation();
        boolean first = true;
        for (PolyglotException.StackFrame frame : e.getPolyglotStackTrace()) {
            if (!frame.isGuestFrame()) {
                continue;
            }
            SourceSection s = frame.getSourceLocation();
            boolean entered = first && s != null && s.equals(raised);
            first = false;
            if (!entered && s != null && s.hasLines() && kind.sourceName.equals(s.getSource().getName())) {
                return s.getStartLine() > 1 ? s : null;
            }
        }
        return null;
    }

    /** "line 3, column 10" in the user's text; without the column when the engine does not know it. */
    private static String where(SourceSection at) {
        return "line " + (at.getStartLine() - 1) + (at.hasColumns() ? ", column " + at.getStartColumn() : "");
    }

    StepFailure failure(String code, String message, Kind kind, String source, SourceSection at) {
        ObjectNode details = mapper.createObjectNode();
        if (kind != Kind.SCRIPT) {
            details.put("expression", abbreviate(source));
        }
        if (at != null) {
            details.put("line", Math.max(1, at.getStartLine() - 1));
            if (at.hasColumns()) {
                details.put("column", at.getStartColumn());
            }
        }
        return new StepFailure(code, message, details, false);
    }

    /**
     * A result holding NaN or Infinity, which JSON has no way to write (JSON.stringify would make it null): the step
     * fails, naming where in the value it is.
     */
    private StepFailure nonFinite(Kind kind, String code, String field, String description) {
        String value = "NaN";
        String path = field == null ? "" : field;
        try {
            JsonNode d = mapper.readTree(description);
            value = d.path("value").asText(value);
            for (JsonNode segment : d.path("path")) {
                path = segment.isNumber() ? Paths.index(path, segment.asInt()) : Paths.field(path, segment.asText());
            }
        } catch (JsonProcessingException e) {
            // said without the place
        }
        String at = path.isEmpty() ? "" : kind == Kind.SCRIPT ? " at " + path : " for " + path;
        StepFailure f = failure(kind.errorCode, label(kind, code) + (kind == Kind.SCRIPT ? " returned " : " gave ") + value
                + at + ", which JSON cannot hold, so it cannot be passed on (a division by zero, or arithmetic on a"
                + " missing value?)", kind, code, null);
        if (!path.isEmpty()) {
            ((ObjectNode) f.details()).put("path", path);
        }
        return f;
    }

    private static String label(Kind kind, String code) {
        return kind == Kind.SCRIPT ? "Script" : "Expression '" + abbreviate(code) + "'";
    }

    static String abbreviate(String s) {
        return Abbreviation.of(s.strip(), 120);
    }

    private String write(JsonNode value) {
        try {
            return value == null ? "null" : mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("A binding cannot be written as JSON", e);
        }
    }

    private JsonNode read(String json, Kind kind, String code) {
        try {
            JsonNode result = mapper.readTree(json);
            if (LoneSurrogates.mayHold(json)) {
                String where = LoneSurrogates.find(result);
                if (where != null) {
                    throw failure(kind == Kind.SCRIPT ? "SCRIPT_ERROR" : "EXPRESSION_ERROR", label(kind, code)
                            + " returned text with half of a UTF-16 surrogate pair at " + where
                            + ", which is not a character (was an emoji cut in two by slice or substring?)",
                            kind, code, null);
                }
            }
            return result;
        } catch (JsonProcessingException e) {
            throw failure("SCRIPT_LIMIT", label(kind, code) + " result cannot be read back: " + e.getOriginalMessage(), kind,
                    code, null);
        }
    }
}
