package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** The answer to a redelivery. */
@Schema(description = "A delivery that will be sent again now")
public record RedeliveryAccepted(
        String id,
        @Schema(requiredMode = REQUIRED, allowableValues = "PENDING") String status) {
}
