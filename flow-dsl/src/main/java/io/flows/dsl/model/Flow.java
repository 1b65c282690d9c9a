package io.flows.dsl.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/**
 * A flow document: a trigger, an ordered list of steps and an optional output expression.
 * Control steps hold nested step lists.
 */
public record Flow(
        @Field(title = "Id", description = "Lower-case letters, digits and '-', starting with a letter or digit.", required = true)
        String id,
        @Field(title = "Name")
        String name,
        @Field(title = "Description")
        String description,
        @Field(title = "Variables", description = "Constants for expressions (vars.<name>); can be overridden per run.")
        Map<String, JsonNode> vars,
        @Field(title = "Trigger", description = "How an execution starts; manual when missing.")
        Trigger trigger,
        @Field(title = "Steps", description = "Run in order; each step's input is the previous step's output.", required = true)
        List<Step> steps,
        @Field(title = "Output", description = "Shapes the execution's output; default: the last step's output.", widget = "expression", evaluated = true)
        JsonNode output) {

    /** What a flow id may be: lower-case letters, digits and '-', starting with a letter or digit. */
    public static final String ID_PATTERN = "^[a-z0-9][a-z0-9-]*$";
    /** The longest id the database keeps. */
    public static final int ID_MAX_LENGTH = 100;

    public Flow {
        vars = vars == null ? Map.of() : Map.copyOf(vars);
        trigger = trigger == null ? Trigger.manual() : trigger;
        steps = steps == null ? List.of() : List.copyOf(steps);
    }
}
