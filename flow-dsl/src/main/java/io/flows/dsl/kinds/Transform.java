package io.flows.dsl.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.model.Field;
import io.flows.dsl.model.Kind;
import io.flows.dsl.model.StepConfig;
import java.util.Map;

/** Computes a new payload with a JavaScript function body, or with a declarative mapping. */
@Kind(name = "transform", title = "Transform", category = "logic",
        description = "Reshape the payload: a JavaScript function body whose return value is the new payload, or a set: mapping of fields to expressions.")
public record Transform(
        @Field(title = "Script", description = "JavaScript function body; `input` is the previous output; `return` gives the new payload.", widget = "code")
        String script,
        @Field(title = "Set", description = "Each field of the new payload: a constant or a ${...} expression.", widget = "mapping", evaluated = true)
        Map<String, JsonNode> set) implements StepConfig {
}
