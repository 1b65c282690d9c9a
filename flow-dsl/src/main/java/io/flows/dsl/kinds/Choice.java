package io.flows.dsl.kinds;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.flows.dsl.model.Field;
import io.flows.dsl.model.Kind;
import io.flows.dsl.model.Step;
import io.flows.dsl.model.StepConfig;
import java.util.List;

/** Runs the first branch whose condition holds, else {@code otherwise}. */
@Kind(name = "choice", title = "Choice", category = "control",
        description = "Run the first branch whose condition is true, or the otherwise steps. Output: the last output of the branch taken; the input when none ran.")
public record Choice(
        @Field(title = "When", description = "Branches, tried in order.", required = true)
        List<Branch> when,
        @Field(title = "Otherwise", description = "Steps when no branch matches.")
        List<Step> otherwise) implements StepConfig {

    /** One conditional branch. */
    public record Branch(
            @JsonProperty("if")
            @Field(title = "If", description = "A ${...} condition, true as in JavaScript: false, 0, NaN, \"\", null and undefined are false; anything else, the text \"false\" and [] included, is true.", widget = "expression", evaluated = true, required = true)
            String condition,
            @Field(title = "Steps", description = "Run when the condition is true; the first gets the choice step's input.", required = true)
            List<Step> steps) {
    }
}
