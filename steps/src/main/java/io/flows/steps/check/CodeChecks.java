package io.flows.steps.check;

import io.flows.dsl.FlowDsl;
import io.flows.dsl.expr.Template;
import io.flows.dsl.expr.TemplateSyntaxException;
import io.flows.dsl.parse.ParsedDocument;
import io.flows.dsl.schema.SchemaChecker;
import io.flows.dsl.text.Abbreviation;
import io.flows.dsl.validate.Problem;
import io.flows.dsl.validate.SourceLocation;
import io.flows.steps.script.ScriptEngine;
import io.flows.steps.script.SyntaxProblem;
import java.util.ArrayList;
import java.util.List;

/**
 * The second stage of validation: every {@code script} and every {@code ${...}} expression of a
 * flow, in the fields the engine evaluates, is parsed with GraalJS (never run). Reports {@code SCRIPT_SYNTAX} and
 * {@code EXPRESSION_SYNTAX} with the line and column inside the document where it can.
 */
public final class CodeChecks {

    private final ScriptEngine scripts;
    private final SchemaChecker schemas = new SchemaChecker();

    public CodeChecks(ScriptEngine scripts) {
        this.scripts = scripts;
    }

    /** Both stages: the flow language's checks, then these on any document that parsed, even one with problems. */
    public FlowDsl.Result validate(FlowDsl dsl, byte[] bytes, io.flows.dsl.parse.Format format) {
        FlowDsl.Result r = dsl.read(bytes, format);
        return r.document() == null ? r : r.withProblems(check(r.document()));
    }

    /**
     * The scripts and the templates, as the schemas say where they are; a {@code ${...}} in a field that is not
     * evaluated is text, which the flow language warns about (NOT_EVALUATED), however it would parse.
     */
    public List<Problem> check(ParsedDocument doc) {
        List<Problem> problems = new ArrayList<>();
        if (!doc.root().isObject()) {
            return problems;
        }
        schemas.forEachTextOfFlow(doc.root(), (path, text, use) -> {
            if (use == SchemaChecker.TextUse.CODE) {
                for (SyntaxProblem p : scripts.checkScript(text)) {
                    problems.add(located("SCRIPT_SYNTAX", path, text, p, doc));
                }
            } else if (use == SchemaChecker.TextUse.TEMPLATE && Template.containsExpression(text)) {
                checkTemplate(text, path, doc, problems);
            }
        });
        return problems;
    }

    private void checkTemplate(String text, String path, ParsedDocument doc, List<Problem> problems) {
        Template template;
        try {
            template = Template.parse(text);
        } catch (TemplateSyntaxException e) {
            return; // the flow language reports TEMPLATE_SYNTAX
        }
        for (Template.Expression e : template.expressions()) {
            for (SyntaxProblem p : scripts.checkExpression(e.source())) {
                Problem base = Problem.at("EXPRESSION_SYNTAX", path,
                        "expression '${" + Abbreviation.of(e.source(), 63) + "}' does not parse: " + p.message());
                problems.add(base.located(doc.locate(path)));
            }
        }
    }

    /**
     * Where in the document the script's problem is: in a YAML block scalar ({@code |}), its line and column shifted by
     * the block's indentation; in a one-line string, the column within it when the document holds the script as
     * written (no escapes before it), else the string's start.
     */
    private static Problem located(String code, String path, String script, SyntaxProblem p, ParsedDocument doc) {
        Problem base = Problem.at(code, path, "script does not parse: " + p.message() + " (script line " + p.line() + ")");
        SourceLocation field = doc.locate(path);
        if (field == null) {
            return base;
        }
        // a YAML block scalar (|) starts on the line after its key; a quoted or JSON string on the same line
        String keyLine = lineOf(doc.text(), field.line());
        boolean blockScalar = keyLine.trim().endsWith("|") || keyLine.trim().endsWith("|-") || keyLine.trim().endsWith(">");
        if (blockScalar) {
            int docLine = field.line() + p.line();
            String text = lineOf(doc.text(), docLine);
            int indent = text.length() - text.stripLeading().length();
            return base.located(new SourceLocation(docLine, indent + Math.max(1, p.column())));
        }
        int docLine = field.line() + p.line() - 1;
        String scriptLine = script.lines().skip(p.line() - 1).findFirst().orElse("");
        String before = scriptLine.substring(0, Math.min(scriptLine.length(), Math.max(0, p.column() - 1)));
        int at = p.line() == 1 && !before.isEmpty() ? keyLine.indexOf(before, field.column() - 1) : -1;
        return base.located(new SourceLocation(docLine, at >= 0 ? at + 1 + before.length() : field.column()));
    }

    private static String lineOf(String text, int line) {
        String[] lines = text.split("\n", -1);
        return line >= 1 && line <= lines.length ? lines[line - 1] : "";
    }
}
