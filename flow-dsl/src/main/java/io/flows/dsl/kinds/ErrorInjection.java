package io.flows.dsl.kinds;

import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.JsonNode;
import io.flows.dsl.model.DurationText;
import io.flows.dsl.model.Field;
import io.flows.dsl.model.Kind;
import io.flows.dsl.model.StepConfig;

/** For QA: fails, slows, times out or answers a canned response, always or on a pattern. */
@Kind(name = "error-injection", title = "Inject a fault", category = "testing",
        description = "Simulate a misbehaving partner: fail with an error, add latency, time out, or answer a canned response; always, with a probability, or every Nth call. When it does not fire (and in latency mode) the input passes through.")
public record ErrorInjection(
        @Field(title = "Mode", description = "fail, latency, timeout or respond.", required = true)
        Mode mode,
        @Field(title = "Probability", description = "Chance (0 to 1) that the fault fires on a call.", minimum = 0, maximum = 1)
        Double probability,
        @Field(title = "Every", description = "Fire on calls N, 2N, 3N ... (counted per flow version and step on each node, attempts included).", minimum = 1)
        Integer every,
        @Field(title = "Seed", description = "The same seed gives the same pattern of faults.")
        Long seed,
        @Field(title = "Error", description = "mode fail: the error to raise.")
        InjectedError error,
        @Field(title = "Latency", description = "mode latency: how long to wait.")
        Latency latency,
        @Field(title = "Response", description = "mode respond: the step's output, e.g. {status: 200, body: {...}}.", widget = "json", evaluated = true)
        JsonNode response) implements StepConfig {

    /** What the fault does. */
    public enum Mode {
        FAIL, LATENCY, TIMEOUT, RESPOND;

        @JsonValue
        public String json() {
            return name().toLowerCase();
        }
    }

    /** The error an injected failure raises. */
    public record InjectedError(
            @Field(title = "Code", description = "UPPER_SNAKE error code.", defaultValue = "\"INJECTED\"")
            String code,
            @Field(title = "Message", description = "What the error says; default: injected failure.")
            String message,
            @Field(title = "HTTP status", description = "Reported in error.details.", minimum = 100, maximum = 599)
            Integer httpStatus) {
    }

    /** An injected wait: fixed (min only) or random between min and max. */
    public record Latency(
            @Field(title = "Min", description = "Shortest wait (the wait when max is missing).", widget = "duration", required = true)
            DurationText min,
            @Field(title = "Max", description = "Longest wait; the wait is random between min and max.", widget = "duration")
            DurationText max) {
    }
}
