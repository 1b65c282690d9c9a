package io.flows.steps.script;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flows.dsl.expr.Template;
import io.flows.dsl.expr.TemplateSyntaxException;
import io.flows.dsl.parse.Paths;
import io.flows.steps.StepFailure;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.SandboxPolicy;

/**
 * Runs transform scripts and {@code ${...}} expressions in a GraalJS sandbox.
 *
 * <p>One shared {@link Engine} (parsed code is shared across contexts) and a pool of locked-down contexts:
 * every intrinsic is frozen and user code runs in a strict-mode function, so an evaluation cannot leave
 * anything behind for the next one (see {@link Prelude}). A watchdog thread enforces the CPU deadline and the
 * allocation budget; built-ins that could allocate a huge block in one call refuse sizes over the limits.
 * Bindings go in and results come out as JSON text. The pool's contexts are made, and the engine exercised, on a
 * background thread from the start. Thread-safe; close it to release the engine.
 *
 * <p>Failures are {@link StepFailure}s with the codes {@code SCRIPT_ERROR}, {@code SCRIPT_TIMEOUT},
 * {@code SCRIPT_LIMIT}, {@code SCRIPT_NO_RESULT} and {@code EXPRESSION_ERROR}; none is retryable. A failure
 * of code that ran and wrote to the console is a {@link ScriptFailure} carrying those lines.
 */
public final class ScriptEngine implements AutoCloseable {

    private final Engine engine;
    private final ContextPool pool;
    private final Watchdog watchdog;
    private final SyntaxChecker checker;
    private final Evaluator evaluator;
    private static final int WARM_UP_ROUNDS = 20;

    /** An engine for one caller's threads: at most twice the pooled contexts exist at once. */
    public ScriptEngine(ScriptLimits limits) {
        this(limits, limits.maxPooledContexts(), ContextPool.OVERFLOW_AFTER, true);
    }

    /**
     * {@code extraContexts}: how many contexts may be made beyond the pooled ones while runaway scripts hold those
     * (each for one evaluation, then closed): as many as the threads that may evaluate beyond the usual ones.
     */
    public ScriptEngine(ScriptLimits limits, int extraContexts) {
        this(limits, extraContexts, ContextPool.OVERFLOW_AFTER, true);
    }

    /**
     * {@code overflowAfter}: how long an evaluation waits for a busy context before one more is made; {@code warmUp}:
     * whether to make the contexts ahead, in the background.
     */
    ScriptEngine(ScriptLimits limits, int extraContexts, java.time.Duration overflowAfter, boolean warmUp) {
        this.engine = Engine.newBuilder("js")
                .sandbox(SandboxPolicy.CONSTRAINED)
                .out(OutputStream.nullOutputStream())
                .err(OutputStream.nullOutputStream())
                .option("engine.WarnInterpreterOnly", "false")
                .build();
        this.watchdog = new Watchdog(limits);
        this.pool = new ContextPool(engine, limits, watchdog, extraContexts, overflowAfter);
        this.checker = new SyntaxChecker(engine);
        this.evaluator = new Evaluator(limits, pool, watchdog);
        if (warmUp) {
            pool.warmUp(this::exercise);
        }
    }

    /**
     * Sample evaluations of every kind, run once the pool's contexts are made: on a cold JVM the first evaluations
     * run the interpreter's own code unoptimised and take hundreds of milliseconds each.
     */
    private void exercise() {
        Map<String, JsonNode> bindings = Map.of("input", evaluator.mapper().createObjectNode().put("n", 1)
                .set("items", evaluator.mapper().createArrayNode().add(1).add(2)));
        for (int i = 0; i < WARM_UP_ROUNDS; i++) {
            evaluate("{ a: input.n, b: input.n * 2, s: `n=${input.n}` }", bindings);
            test("${input.n > 0 && input.items.length === 2}", bindings, null);
            runScript("const total = input.items.reduce((s, x) => s + x, 0); return { total, ok: total > 0 };", bindings);
        }
    }

    /**
     * Runs a transform script: {@code body} is a JavaScript function body whose {@code return} gives the
     * result. {@code bindings} maps names such as {@code input}, {@code steps}, {@code vars} to JSON values.
     *
     * @throws StepFailure SCRIPT_ERROR, SCRIPT_TIMEOUT, SCRIPT_LIMIT or SCRIPT_NO_RESULT
     */
    public ScriptResult runScript(String body, Map<String, JsonNode> bindings) {
        return runScript(body, bindings, null);
    }

    /** Like {@link #runScript(String, Map)}; {@code stop} (may be null) can stop the script from another thread. */
    public ScriptResult runScript(String body, Map<String, JsonNode> bindings, ScriptStop stop) {
        bindings.keySet().forEach(Wrapping::requireBindingName);
        List<SyntaxProblem> problems = checker.checkScript(body);
        if (!problems.isEmpty()) {
            throw syntaxFailure("SCRIPT_ERROR", "Script has a syntax error: ", problems.get(0), Evaluator.Kind.SCRIPT,
                    body);
        }
        Evaluator.Outcome outcome = evaluator.run(Evaluator.Kind.SCRIPT, body, bindings, stop, null);
        if (outcome.json() == null) {
            throw new ScriptFailure("SCRIPT_NO_RESULT", "Script returned no value: end it with 'return <value>'",
                    null, outcome.logs());
        }
        return new ScriptResult(outcome.json(), outcome.logs());
    }

    /**
     * Evaluates one JavaScript expression (the text inside {@code ${...}}) as {@code (expression)};
     * {@code undefined} gives a JSON null.
     *
     * @throws StepFailure EXPRESSION_ERROR, SCRIPT_TIMEOUT or SCRIPT_LIMIT
     */
    public JsonNode evaluate(String expression, Map<String, JsonNode> bindings) {
        return evaluate(expression, bindings, null);
    }

    /** Like {@link #evaluate(String, Map)}; {@code stop} (may be null) can stop it from another thread. */
    public JsonNode evaluate(String expression, Map<String, JsonNode> bindings, ScriptStop stop) {
        return evaluate(Evaluator.Kind.EXPRESSION, expression, bindings, stop, null);
    }

    private JsonNode evaluate(Evaluator.Kind kind, String expression, Map<String, JsonNode> bindings, ScriptStop stop,
            String field) {
        bindings.keySet().forEach(Wrapping::requireBindingName);
        List<SyntaxProblem> problems = checker.checkExpression(expression);
        if (!problems.isEmpty()) {
            throw syntaxFailure("EXPRESSION_ERROR", "Expression '" + Evaluator.abbreviate(expression)
                    + "' has a syntax error: ", problems.get(0), kind, expression);
        }
        JsonNode direct = PathLookup.resolve(expression, bindings);
        if (direct != null) {
            return kind == Evaluator.Kind.CONDITION ? BooleanNode.valueOf(truthy(direct)) : direct;
        }
        JsonNode json = evaluator.run(kind, expression, bindings, stop, field).json();
        return json == null ? NullNode.getInstance() : json;
    }

    /**
     * Whether a condition, one {@code ${...}}, is true as JavaScript sees it: false, 0, NaN, "", null and undefined
     * are false, anything else true. Unlike a rendered value, its value need not be JSON (NaN, Infinity).
     *
     * @throws StepFailure EXPRESSION_ERROR, SCRIPT_TIMEOUT or SCRIPT_LIMIT
     */
    public boolean test(String condition, Map<String, JsonNode> bindings, ScriptStop stop) {
        Template.Expression sole = Template.containsExpression(condition) ? parse(condition).soleExpression() : null;
        if (sole == null) {
            return truthy(renderText(TextNode.valueOf(condition), bindings, stop, ""));
        }
        return evaluate(Evaluator.Kind.CONDITION, sole.source(), bindings, stop, null).asBoolean();
    }

    /** JavaScript's truthiness of a JSON value. */
    private static boolean truthy(JsonNode v) {
        if (v == null || v.isNull() || v.isMissingNode()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.doubleValue() != 0;
        }
        if (v.isTextual()) {
            return !v.textValue().isEmpty();
        }
        return true;
    }

    /**
     * Renders a JSON tree in which every string is a template: a string that is exactly one {@code ${...}}
     * keeps the expression's JSON type; otherwise the parts are joined as text (objects and arrays as JSON
     * text, null as ""). Strings without {@code ${} are returned untouched and nothing is evaluated for
     * them; keys are not templated.
     */
    public JsonNode render(JsonNode template, Map<String, JsonNode> bindings) {
        return render(template, bindings, null);
    }

    /** Like {@link #render(JsonNode, Map)}; {@code stop} (may be null) can stop its expressions from another thread. */
    public JsonNode render(JsonNode template, Map<String, JsonNode> bindings, ScriptStop stop) {
        return render("", template, bindings, stop);
    }

    /**
     * Like {@link #render(JsonNode, Map, ScriptStop)}, for the value of {@code field} (e.g. {@code set} or
     * {@code with}): a failure names where in it the expression sits ({@code set.total}).
     */
    public JsonNode render(String field, JsonNode template, Map<String, JsonNode> bindings, ScriptStop stop) {
        if (template == null) {
            return NullNode.getInstance();
        }
        return renderNode(template, bindings, stop, field);
    }

    private JsonNode renderNode(JsonNode node, Map<String, JsonNode> bindings, ScriptStop stop, String path) {
        if (node.isTextual()) {
            return renderText(node, bindings, stop, path);
        }
        if (node.isObject()) {
            ObjectNode out = evaluator.mapper().createObjectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                out.set(f.getKey(), renderNode(f.getValue(), bindings, stop, Paths.field(path, f.getKey())));
            }
            return out;
        }
        if (node.isArray()) {
            ArrayNode out = evaluator.mapper().createArrayNode();
            for (int i = 0; i < node.size(); i++) {
                out.add(renderNode(node.get(i), bindings, stop, Paths.index(path, i)));
            }
            return out;
        }
        return node;
    }

    private JsonNode renderText(JsonNode node, Map<String, JsonNode> bindings, ScriptStop stop, String path) {
        String text = node.textValue();
        if (!Template.containsExpression(text)) {
            return node;
        }
        Template template = parse(text);
        Template.Expression sole = template.soleExpression();
        if (sole != null) {
            return evaluate(Evaluator.Kind.EXPRESSION, sole.source(), bindings, stop, path);
        }
        StringBuilder out = new StringBuilder();
        for (Template.Part part : template.parts()) {
            if (part instanceof Template.Literal literal) {
                out.append(literal.text());
            } else if (part instanceof Template.Expression expression) {
                out.append(asText(evaluate(Evaluator.Kind.EXPRESSION, expression.source(), bindings, stop, path)));
            }
        }
        return TextNode.valueOf(out.toString());
    }

    private static Template parse(String text) {
        try {
            return Template.parse(text);
        } catch (TemplateSyntaxException e) {
            throw new StepFailure("EXPRESSION_ERROR", "Template '" + Evaluator.abbreviate(text) + "' is invalid: "
                    + e.getMessage(), null, false);
        }
    }

    private String asText(JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        if (value.isTextual()) {
            return value.textValue();
        }
        if (value.isValueNode()) {
            return value.asText();
        }
        try {
            return evaluator.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Syntax problems of a transform script body (1-based line and column within it); nothing is run. */
    public List<SyntaxProblem> checkScript(String body) {
        return checker.checkScript(body);
    }

    /** Syntax problems of one expression (the text inside {@code ${...}}); nothing is run. */
    public List<SyntaxProblem> checkExpression(String expression) {
        return checker.checkExpression(expression);
    }

    private StepFailure syntaxFailure(String code, String prefix, SyntaxProblem p, Evaluator.Kind kind,
            String source) {
        StepFailure f = evaluator.failure(code, prefix + p, kind, source, null);
        ((ObjectNode) f.details()).put("line", p.line()).put("column", p.column());
        return f;
    }

    ContextPool pool() {
        return pool;
    }

    @Override
    public void close() {
        watchdog.close();
        pool.close();
        checker.close();
        engine.close(true);
    }
}
