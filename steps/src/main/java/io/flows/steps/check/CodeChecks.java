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
                    problems.add(located("SCRIPT_SYNTAX", path, p, doc, true));
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

    private static Problem located(String code, String path, SyntaxProblem p, ParsedDocument doc, boolean block) {
        Problem base = Problem.at(code, path, "script does not parse: " + p.message() + " (script line " + p.line() + ")");
        SourceLocation field = doc.locate(path);
        if (field == null) {
            return base;
        }
        // a YAML block scalar (|) starts on the line after its key; a quoted or JSON string on the same line
        String line = lineOf(doc.text(), field.line());
        boolean blockScalar = line.trim().endsWith("|") || line.trim().endsWith("|-") || line.trim().endsWith(">");
        int docLine = field.line() + (blockScalar ? p.line() : p.line() - 1);
        return base.located(new SourceLocation(docLine, blockScalar ? Math.max(1, p.column()) : field.column()));
    }

    private static String lineOf(String text, int line) {
        String[] lines = text.split("\n", -1);
        return line >= 1 && line <= lines.length ? lines[line - 1] : "";
    }
}
