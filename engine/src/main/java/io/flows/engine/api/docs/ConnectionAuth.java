package io.flows.engine.api.docs;

import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.NOT_REQUIRED;
import static io.swagger.v3.oas.annotations.media.Schema.RequiredMode.REQUIRED;

import io.swagger.v3.oas.annotations.media.Schema;

/** How a connection authenticates; the fields of its type only ({@code ProfileJson.checkAuth}). */
@Schema(description = "How calls authenticate: bearer {token}, basic {username, password}, api-key {header, value}, "
        + "oauth2-client-credentials {tokenUrl, clientId, clientSecret, scope?, audience?, clientAuthentication?}; "
        + "credentials are ${secrets.NAME}")
public record ConnectionAuth(
        @Schema(requiredMode = REQUIRED, allowableValues = {"bearer", "basic", "api-key", "oauth2-client-credentials"})
        String type,
        @Schema(requiredMode = NOT_REQUIRED) String token,
        @Schema(requiredMode = NOT_REQUIRED) String username,
        @Schema(requiredMode = NOT_REQUIRED) String password,
        @Schema(requiredMode = NOT_REQUIRED) String header,
        @Schema(requiredMode = NOT_REQUIRED) String value,
        @Schema(requiredMode = NOT_REQUIRED) String tokenUrl,
        @Schema(requiredMode = NOT_REQUIRED) String clientId,
        @Schema(requiredMode = NOT_REQUIRED) String clientSecret,
        @Schema(requiredMode = NOT_REQUIRED) String scope,
        @Schema(requiredMode = NOT_REQUIRED) String audience,
        @Schema(requiredMode = NOT_REQUIRED, allowableValues = {"basic", "body"}) String clientAuthentication) {
}
