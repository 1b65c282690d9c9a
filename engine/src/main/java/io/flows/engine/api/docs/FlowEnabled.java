package io.flows.engine.api.docs;

import io.swagger.v3.oas.annotations.media.Schema;

/** The answer to enable and disable. */
@Schema(description = "Whether a flow's triggers start executions")
public record FlowEnabled(String id, boolean enabled) {
}
