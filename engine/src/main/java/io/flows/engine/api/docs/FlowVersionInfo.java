package io.flows.engine.api.docs;

import io.swagger.v3.oas.annotations.media.Schema;

/** One entry of {@code GET /api/flows/{id}/versions}. */
@Schema(description = "A version of a flow")
public record FlowVersionInfo(int version, String createdAt) {
}
