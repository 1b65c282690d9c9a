package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** What an error-injection attempt did ({@code ErrorInjectionRuntime}). */
@Schema(description = "What an error-injection attempt did")
public record StepInjection(
        @Schema(requiredMode = REQUIRED, description = "the step's call number on this node, attempts included")
        long call,
        @Schema(requiredMode = REQUIRED) boolean fired,
        @Schema(requiredMode = NOT_REQUIRED, description = "a latency fault that fired: the wait chosen")
        Long latencyMs) {
}
