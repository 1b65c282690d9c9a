package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** {@code GET /api/flows/{id}/schedule} ({@code ScheduleController}). */
@Schema(description = "A flow's schedule, its next tick and its recent ticks (newest first)")
public record FlowSchedule(
        @Schema(requiredMode = REQUIRED, example = "0 */5 * * * *") String cron,
        @Schema(requiredMode = REQUIRED, example = "UTC") String timezone,
        @Schema(requiredMode = REQUIRED, allowableValues = {"run-once", "skip"}) String misfire,
        boolean enabled,
        @Schema(requiredMode = REQUIRED, description = "null while the flow is disabled") @Nullable String nextFireAt,
        List<ScheduleFire> fires) {
}
