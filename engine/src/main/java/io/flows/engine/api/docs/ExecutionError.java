package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;

/** Why an execution or a step failed: {@code ErrorInfo.toJson}. */
@Schema(description = "Why an execution or a step failed")
public record ExecutionError(
        @Schema(requiredMode = REQUIRED, example = "HTTP_503") String code,
        String message,
        @Schema(requiredMode = REQUIRED, description = "the step that failed; null when none did (CANCELLED, "
                + "FLOW_DELETED, ...)") @Nullable String stepId,
        @Schema(requiredMode = NOT_REQUIRED, type = "object", description = "more about it, any JSON value (a "
                + "partner's status, url and body, a script's line and column, ...)") Object details) {
}
