package io.flows.steps.check;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.FlowDsl;
import io.flows.dsl.expr.Template;
import io.flows.dsl.expr.TemplateSyntaxException;
import io.flows.dsl.parse.ParsedDocument;
import io.flows.dsl.parse.Paths;
import io.flows.dsl.text.Abbreviation;
import io.flows.dsl.validate.Problem;
import io.flows.dsl.validate.SourceLocation;
import io.flows.steps.script.ScriptEngine;
import io.flows.steps.script.SyntaxProblem;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The second stage of validation: every {@code script} and every {@code ${...}} expression of a
 * flow is parsed with GraalJS (never run). Reports {@code SCRIPT_SYNTAX} and
 * {@code EXPRESSION_SYNTAX} with the line and column inside the document where it can.
 */
public final class CodeChecks {

    private static final Set<String> NEVER_EVALUATED = Set.of("name", "description");

    private final ScriptEngine scripts;

    public CodeChecks(ScriptEngine scripts) {
        this.scripts = scripts;
    }

    /** Both stages: the flow language's checks, then these on any document that parsed, even one with problems. */
    public FlowDsl.Result validate(FlowDsl dsl, byte[] bytes, io.flows.dsl.parse.Format format) {
        FlowDsl.Result r = dsl.read(bytes, format);
        return r.document() == null ? r : r.withProblems(check(r.document()));
    }

    public List<Problem> check(ParsedDocument doc) {
        List<Problem> problems = new ArrayList<>();
        walk(doc.root(), "", "", doc, problems);
        return problems;
    }

    private void walk(JsonNode node, String path, String key, ParsedDocument doc, List<Problem> problems) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (!NEVER_EVALUATED.contains(e.getKey())) {
                    walk(e.getValue(), Paths.field(path, e.getKey()), e.getKey(), doc, problems);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), Paths.index(path, i), key, doc, problems);
            }
        } else if (node.isTextual()) {
            if (key.equals("script")) {
                for (SyntaxProblem p : scripts.checkScript(node.asText())) {
                    problems.add(located("SCRIPT_SYNTAX", path, p, doc, true));
                }
            } else if (Template.containsExpression(node.asText())) {
                checkTemplate(node.asText(), path, doc, problems);
            }
        }
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
