package io.flows.steps.script;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;

/**
 * Syntax checks that never run user code.
 *
 * <p>First the wrapped text is parsed with {@link Context#parse} (exact positions). Parsing the wrapper alone
 * would accept a body that closes the wrapper function and continues at top level
 * ({@code return 1 }); let leaked = 1; (function () {}), so the text is also handed to the {@code Function}
 * constructor, which parses a function body on its own, as the specification requires; it only creates a
 * function object and never calls it. An expression must in addition parse both as {@code (text)} and as
 * {@code [text]}: only a single expression fits both. This checker owns the one context that allows code
 * from strings; evaluations run in contexts that do not.
 */
final class SyntaxChecker implements AutoCloseable {

    private static final Pattern LOCATED = Pattern.compile("^(?:SyntaxError: )?\\S*?:(\\d+):(\\d+) (.*)$");
    private static final SyntaxProblem TOO_DEEP = new SyntaxProblem(
            "The code nests brackets too deeply to be read (the parser ran out of stack); write it flatter", 1, 1);

    /** The token a parser message names, which past the code is the wrapper's. */
    private static final Pattern FOUND = Pattern.compile(" but found .*$");

    private final Context context;
    private final Value functionConstructor;
    private final Lru<String, List<SyntaxProblem>> cache = new Lru<>(1024);

    SyntaxChecker(Engine engine) {
        this.context = JsContext.sandbox(engine, new LogCapture(1, 1), true).build();
        this.functionConstructor = context.getBindings("js").getMember("Function");
    }

    List<SyntaxProblem> checkScript(String body) {
        return cache.get("S" + body, k -> check(Wrapping.script(List.of(), body), List.of(body), body));
    }

    List<SyntaxProblem> checkExpression(String expression) {
        return cache.get("E" + expression, k -> check(Wrapping.expression(List.of(), expression),
                List.of("return (\n" + expression + "\n);", "return [\n" + expression + "\n];"), expression));
    }

    private synchronized List<SyntaxProblem> check(String wrapped, List<String> functionBodies, String code) {
        try {
            context.parse(Source.newBuilder("js", wrapped, "check.js").cached(false).buildLiteral());
        } catch (PolyglotException e) {
            if (e.isSyntaxError()) {
                return List.of(problem(e, code));
            }
            if (tooDeep(e)) {
                return List.of(TOO_DEEP);
            }
            throw e;
        }
        for (String body : functionBodies) {
            try {
                functionConstructor.newInstance(body);
            } catch (PolyglotException e) {
                if (e.isSyntaxError()) {
                    return List.of(new SyntaxProblem(
                            "The code must be a single " + (functionBodies.size() > 1 ? "expression" : "function body")
                                    + " (it closes a bracket or brace it did not open)", 1, 1));
                }
                if (tooDeep(e)) {
                    return List.of(TOO_DEEP);
                }
                throw e;
            }
        }
        return List.of();
    }

    /** The parser's recursion ran out of stack: a host stack overflow, or the guest's RangeError for it. */
    private static boolean tooDeep(PolyglotException e) {
        String m = String.valueOf(e.getMessage());
        return e.isResourceExhausted() || m.contains("Stack overflow") || m.contains("Maximum call stack size exceeded");
    }

    private static SyntaxProblem problem(PolyglotException e, String code) {
        int userLines = lines(code);
        String first = e.getMessage() == null ? "Syntax error" : e.getMessage().lines().findFirst().orElse("");
        Matcher m = LOCATED.matcher(first);
        String message = m.matches() ? m.group(3) : first;
        int line = 0;
        int column = 1;
        SourceSection at = e.getSourceLocation();
        if (at != null && at.hasLines()) {
            line = at.getStartLine() - 1;
            column = at.hasColumns() ? Math.max(1, at.getStartColumn()) : 1;
        } else if (m.matches()) {
            line = Integer.parseInt(m.group(1)) - 1;
            column = Integer.parseInt(m.group(2)) + 1;
        }
        if (line > userLines) {
            // the parser met the end of the wrapper around the code ("Expected ; but found )" for "return {"): the
            // code ended too soon, and the character it names is not the user's
            String lastLine = code.endsWith("\n") ? "" : code.lines().reduce((a, b) -> b).orElse("");
            return new SyntaxProblem(FOUND.matcher(message).replaceFirst(" but the code ended"), userLines,
                    lastLine.length() + 1);
        }
        return new SyntaxProblem(message, clamp(line, userLines), column);
    }

    private static int clamp(int line, int userLines) {
        return Math.max(1, Math.min(line, userLines));
    }

    private static int lines(String text) {
        return (int) text.lines().count() + (text.endsWith("\n") ? 1 : 0);
    }

    @Override
    public synchronized void close() {
        context.close(true);
    }
}
