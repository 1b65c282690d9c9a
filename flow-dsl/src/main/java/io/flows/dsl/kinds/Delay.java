package io.flows.dsl.kinds;

import io.flows.dsl.model.DurationText;
import io.flows.dsl.model.Field;
import io.flows.dsl.model.Kind;
import io.flows.dsl.model.StepConfig;

/** Waits a fixed or random time without holding a thread; the payload passes through. */
@Kind(name = "delay", title = "Delay", category = "control",
        description = "Wait a fixed duration, or a random time between min and max. The payload passes through unchanged.")
public record Delay(
        @Field(title = "Duration", description = "Fixed wait.", widget = "duration")
        DurationText duration,
        @Field(title = "Min", description = "Random wait: lower bound.", widget = "duration")
        DurationText min,
        @Field(title = "Max", description = "Random wait: upper bound.", widget = "duration")
        DurationText max) implements StepConfig {
}
