package io.flows.steps.script;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.expr.FreeNames;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The flow language warns of names an expression cannot read; the global names it knows are the sandbox's. */
class SandboxGlobalsTest {

    @Test
    void theGlobalNamesTheValidatorKnowsAreExactlyThoseOfTheSandbox() {
        Set<String> sandbox = new TreeSet<>();
        try (ScriptEngine engine = new ScriptEngine(ScriptLimits.defaults())) {
            JsonNode names = engine.evaluate("Object.getOwnPropertyNames(globalThis)", Map.of());
            names.forEach(n -> sandbox.add(n.asText()));
        }
        assertThat(new TreeSet<>(FreeNames.JS_GLOBALS)).isEqualTo(sandbox);
    }
}
