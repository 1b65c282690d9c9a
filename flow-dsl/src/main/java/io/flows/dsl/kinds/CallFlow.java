package io.flows.dsl.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.model.Field;
import io.flows.dsl.model.Kind;
import io.flows.dsl.model.StepConfig;

/** Runs another flow as a sub-flow; its output is this step's output. */
@Kind(name = "call-flow", title = "Call a flow", category = "control",
        description = "Run another flow as a sub-flow with the given input (default: this step's input). Output: the sub-flow's output.")
public record CallFlow(
        @Field(title = "Flow", description = "Id of the flow to run.", required = true)
        String flow,
        @Field(title = "Input", description = "The sub-flow's trigger body.", widget = "expression", evaluated = true)
        JsonNode input) implements StepConfig {
}
