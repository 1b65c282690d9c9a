package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.Map;

/** A connection's profile for one environment, as stored ({@code ConnectionService.view}). */
@Schema(description = "A connection's profile for one environment; credentials are ${secrets.NAME} references")
public record ConnectionProfile(
        String name,
        String environment,
        @Schema(requiredMode = REQUIRED, example = "https://erp.example.com/api") String baseUrl,
        @Schema(requiredMode = NOT_REQUIRED) ConnectionAuth auth,
        @Schema(requiredMode = NOT_REQUIRED, description = "headers every call sends") Map<String, String> headers,
        @Schema(requiredMode = NOT_REQUIRED, description = "a duration", example = "10s") String timeout,
        @Schema(requiredMode = NOT_REQUIRED, description = "other hosts calls may reach, e.g. *.example.com")
        List<String> allowedHosts,
        String createdAt,
        String updatedAt) {
}
