package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** The trigger of a flow in the list: its type only. */
@Schema(description = "The type of a flow's trigger")
public record FlowTriggerType(
        @Schema(requiredMode = REQUIRED, allowableValues = {"manual", "webhook", "schedule"}) String type) {
}
