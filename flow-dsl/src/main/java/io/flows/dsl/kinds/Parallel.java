package io.flows.dsl.kinds;

import io.flows.dsl.model.Field;
import io.flows.dsl.model.Kind;
import io.flows.dsl.model.Step;
import io.flows.dsl.model.StepConfig;
import java.util.List;
import java.util.Map;

/** Runs named branches at the same time and joins their outputs. */
@Kind(name = "parallel", title = "Parallel", category = "control",
        description = "Run named branches at the same time, each with the step's input. Output: {branch: last output}.")
public record Parallel(
        @Field(title = "Branches", description = "Branch name to its steps.", required = true)
        Map<String, List<Step>> branches) implements StepConfig {
}
