package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Map;

/** What started an execution, with its input ({@code Triggers}, {@code TickFirer}, call-flow). */
@Schema(description = "What started the execution, and with which input")
public record ExecutionTrigger(
        @Schema(requiredMode = REQUIRED, allowableValues = {"manual", "webhook", "schedule", "call-flow"},
                description = "manual: POST /api/flows/{id}/executions (a replay keeps the first one's trigger)")
        String type,
        @Schema(requiredMode = REQUIRED, type = "object", description = "the trigger body, any JSON value: a "
                + "webhook's body that is not JSON is a string, a form an object of its fields, no body null")
        @Nullable Object body,
        @Schema(requiredMode = REQUIRED, description = "request headers, lower-cased, without credentials")
        Map<String, String> headers,
        @Schema(requiredMode = REQUIRED, type = "object", description = "query parameters: a text each, or a list "
                + "of texts for one given several times") Object query,
        @Schema(requiredMode = NOT_REQUIRED, description = "schedule: the tick this run is for") String fireTime,
        @Schema(requiredMode = NOT_REQUIRED, description = "schedule: true on the one run for ticks missed while no "
                + "node served the schedule") Boolean catchUp,
        @Schema(requiredMode = NOT_REQUIRED, description = "schedule: how many ticks that run stands for")
        Long missedTicks) {
}
