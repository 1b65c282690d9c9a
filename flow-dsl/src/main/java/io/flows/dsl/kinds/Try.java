package io.flows.dsl.kinds;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.flows.dsl.model.Field;
import io.flows.dsl.model.Kind;
import io.flows.dsl.model.Step;
import io.flows.dsl.model.StepConfig;
import java.util.List;

/** Runs steps; when one fails, runs the catch steps with {@code error} in scope. */
@Kind(name = "try", title = "Try / catch", category = "control",
        description = "Run steps; when one fails, run the catch steps with error = {code, message, stepId, details}. Output: the last output of the path taken.")
public record Try(
        @Field(title = "Steps", description = "Run first; the first gets the try step's input.", required = true)
        List<Step> steps,
        @JsonProperty("catch")
        @Field(title = "Catch", description = "Steps run on error; their first input is the try step's input.", scope = "error")
        List<Step> catchSteps) implements StepConfig {
}
