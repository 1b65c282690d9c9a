package io.flows.dsl.kinds;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.model.Field;
import io.flows.dsl.model.Kind;
import io.flows.dsl.model.Step;
import io.flows.dsl.model.StepConfig;
import java.util.List;

/** Runs its steps once per element of a list. */
@Kind(name = "foreach", title = "For each", category = "control",
        description = "Run the steps for each element of a list (input is the element, index its position), sequentially or with bounded parallelism. Output: the list of results in input order.")
public record Foreach(
        @Field(title = "Items", description = "A ${...} expression giving a list.", widget = "expression", evaluated = true, required = true)
        JsonNode items,
        @Field(title = "Parallelism", description = "How many elements run at the same time.", defaultValue = "1", minimum = 1, maximum = 64)
        Integer parallelism,
        @Field(title = "Steps", description = "Run once per element; input is the element, index its position.", required = true, scope = "index")
        List<Step> steps) implements StepConfig {
}
