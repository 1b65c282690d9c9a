package io.flows.steps.check;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.flows.dsl.FlowDsl;
import io.flows.dsl.parse.Format;
import io.flows.dsl.validate.Problem;
import io.flows.steps.script.ScriptEngine;
import io.flows.steps.script.ScriptLimits;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The second stage of validation, on top of the flow language's: scripts and expressions parsed by GraalJS. */
class CodeChecksTest {

    static ScriptEngine scripts;
    static CodeChecks checks;

    @BeforeAll
    static void start() {
        scripts = new ScriptEngine(ScriptLimits.defaults());
        checks = new CodeChecks(scripts);
    }

    @AfterAll
    static void stop() {
        scripts.close();
    }

    private static FlowDsl.Result validate(String yaml) {
        return checks.validate(new FlowDsl(), yaml.getBytes(StandardCharsets.UTF_8), Format.YAML);
    }

    @Test
    void scriptsAndEvaluatedFieldsThatDoNotParseAreProblemsWhereverTheStepSits() {
        FlowDsl.Result r = validate("""
                id: code
                steps:
                  - id: each
                    type: foreach
                    items: "${input.rows}"
                    steps:
                      - { id: t, type: transform, script: "return (" }
                      - { id: s, type: transform, set: { a: "${input.a +}" } }
                output: "${ {a: } }"
                """);
        assertThat(r.problems()).extracting(Problem::code, Problem::path).containsExactly(
                tuple("SCRIPT_SYNTAX", "steps[0].steps[0].script"),
                tuple("EXPRESSION_SYNTAX", "steps[0].steps[1].set.a"),
                tuple("EXPRESSION_SYNTAX", "output"));
        assertThat(r.warnings()).isEmpty();
    }

    @Test
    void aScriptProblemPointsAtItsPlaceInTheDocument() {
        FlowDsl.Result r = validate("""
                id: located
                steps:
                  - id: block
                    type: transform
                    script: |
                      const b = 2;
                      return b +* 1;
                  - { id: inline, type: transform, script: "const a = 1; return a +* 2;" }
                """);
        assertThat(r.problems()).extracting(Problem::path, Problem::line, Problem::column).containsExactly(
                tuple("steps[0].script", 7, 17), // the '*' of "      return b +* 1;"
                tuple("steps[1].script", 8, 68)); // the '*' inside the quoted string
    }

    @Test
    void aFieldThatIsNotEvaluatedIsTextSoItsDollarBraceGetsTheWarningAlone() {
        FlowDsl.Result r = validate("""
                id: kept-as-text
                vars:
                  x: "${input.a +}"
                steps:
                  - { id: c, type: call-flow, flow: "${input.a +}" }
                  - { id: f, type: error-injection, mode: fail, error: { message: "${ oops ( }" } }
                  - { id: n, type: transform, name: "${ what (", set: { a: 1 } }
                """);
        assertThat(r.problems()).isEmpty();
        assertThat(r.warnings()).extracting(Problem::code, Problem::path).containsExactly(
                tuple("NOT_EVALUATED", "vars.x"),
                tuple("NOT_EVALUATED", "steps[0].flow"),
                tuple("NOT_EVALUATED", "steps[1].error.message"));
        assertThat(r.warnings().get(0).message()).startsWith("this field is not evaluated: '${input.a +}' is kept as text");
    }
}
