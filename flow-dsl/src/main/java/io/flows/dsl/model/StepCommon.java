package io.flows.dsl.model;

/** The fields every step kind accepts; its schema is merged into every kind's schema. */
public record StepCommon(
        @Field(title = "Id", description = "Unique in the flow; a JavaScript identifier, used as steps.<id> in expressions.", required = true)
        String id,
        @Field(title = "Type", description = "The step kind.", required = true)
        String type,
        @Field(title = "Name", description = "A label for the editor.")
        String name,
        @Field(title = "Description", description = "What this step is for.")
        String description,
        @Field(title = "Timeout", description = "Per attempt. Connector calls default to 30s.", widget = "duration")
        DurationText timeout,
        @Field(title = "Retry", description = "How often to try when the step fails.")
        RetryPolicy retry,
        @Field(title = "On error", description = "fail: the execution fails; continue: the step's output is its input and the execution goes on.", defaultValue = "\"fail\"")
        OnError onError) {
}
