package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** The body of {@code PUT /api/connections/{name}/{environment}}. */
@Schema(description = "A connection profile; name, environment, createdAt and updatedAt are accepted and ignored, "
        + "so a fetched profile can be sent back")
public record ConnectionProfileRequest(
        @Schema(requiredMode = REQUIRED, example = "https://erp.example.com/api") String baseUrl,
        @Schema(requiredMode = NOT_REQUIRED) ConnectionAuth auth,
        @Schema(requiredMode = NOT_REQUIRED) Map<String, String> headers,
        @Schema(requiredMode = NOT_REQUIRED, example = "10s") String timeout,
        @Schema(requiredMode = NOT_REQUIRED) List<String> allowedHosts) {
}
