package io.flows.engine.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.dsl.model.DurationText;
import io.flows.engine.api.ApiDocs;
import io.flows.engine.api.ApiProblem;
import io.flows.engine.api.docs.ApiToken;
import io.flows.engine.api.docs.ApiTokenCreated;
import io.flows.engine.api.docs.TokenRequest;
import io.flows.engine.api.docs.TokenRotation;
import io.flows.engine.runtime.Jsons;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** {@code /api/tokens}: the token text is answered once, by create and rotate; lists never show it. */
@Controller("/api/tokens")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "tokens")
public class TokensController {

    private final TokenService tokens;

    TokensController(TokenService tokens) {
        this.tokens = tokens;
    }

    @Post
    @Operation(summary = "Create an API token: {name, scopes, environment?, expiresAt?}; the answer holds the token, once")
    @RequestBody(description = "the token to create",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = TokenRequest.class)))
    @ApiResponse(responseCode = "201", description = "Created; the answer holds the token, once",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiTokenCreated.class)))
    @ApiDocs.BadRequest
    @ApiDocs.TooLarge
    @ApiResponse(responseCode = "415", description = "The body must be application/json",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ApiDocs.Problem.class)))
    public HttpResponse<ObjectNode> create(@Body @Nullable byte[] body) {
        JsonNode req = object(body);
        List<String> scopes = new ArrayList<>();
        JsonNode s = req.path("scopes");
        if (!s.isMissingNode() && !s.isNull() && !s.isArray()) {
            throw ApiProblem.badRequest("scopes must be a list, e.g. [\"flows:read\", \"executions:run\"]");
        }
        s.forEach(n -> scopes.add(n.asText()));
        TokenService.Created c = tokens.create(text(req, "name"), scopes, text(req, "environment"), instant(text(req, "expiresAt")));
        return created(c);
    }

    @Get
    @Operation(summary = "Every token (revoked and expired ones too), without the token text")
    @ApiResponse(responseCode = "200", description = "Every token",
            content = @Content(mediaType = ApiDocs.JSON,
                    array = @ArraySchema(schema = @Schema(implementation = ApiToken.class))))
    public List<ObjectNode> list() {
        return tokens.list().stream().map(TokenJson::view).toList();
    }

    @Delete("/{id}")
    @Consumes(MediaType.ALL)
    @Operation(summary = "Revoke a token: it stops working at once")
    @ApiResponse(responseCode = "204", description = "Revoked")
    @ApiDocs.NotFound
    public HttpResponse<Void> revoke(@PathVariable String id) {
        tokens.revoke(id);
        return HttpResponse.noContent();
    }

    @Post("/{id}/rotate")
    @Consumes(MediaType.ALL)
    @Operation(summary = "Rotate a token: {gracePeriod?} (default 24h); answers the new token once, the old one works until the grace period ends")
    @RequestBody(required = false, description = "{gracePeriod?}; empty means the default grace period",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = TokenRotation.class)))
    @ApiResponse(responseCode = "201", description = "The new token, once",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiTokenCreated.class)))
    @ApiDocs.BadRequest
    @ApiDocs.NotFound
    @ApiDocs.Conflict
    @ApiDocs.TooLarge
    public HttpResponse<ObjectNode> rotate(@PathVariable String id, @Body @Nullable byte[] body) {
        String grace = text(object(body), "gracePeriod");
        if (grace != null && !DurationText.isValid(grace)) {
            throw ApiProblem.badRequest("gracePeriod must be a duration such as 0s, 30m or 24h, not '" + grace + "'");
        }
        Duration g = grace == null ? null : DurationText.parse(grace).value();
        TokenService.Created c = tokens.rotate(id, g);
        HttpResponse<ObjectNode> answer = created(c);
        answer.body().put("rotatedFrom", id);
        return answer;
    }

    private HttpResponse<ObjectNode> created(TokenService.Created c) {
        ObjectNode n = TokenJson.view(c.row());
        n.put("token", c.token());
        return HttpResponse.created(n, URI.create("/api/tokens/" + c.row().id()));
    }

    private static JsonNode object(byte[] body) {
        if (body == null || body.length == 0) {
            return JsonNodeFactory.instance.objectNode();
        }
        JsonNode n;
        try {
            n = Jsons.parse(body);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("the body is not valid JSON: " + e.getMessage());
        }
        if (!n.isObject()) {
            throw ApiProblem.badRequest("the body must be a JSON object");
        }
        return n;
    }

    private static @Nullable String text(JsonNode req, String field) {
        JsonNode v = req.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    private static @Nullable Instant instant(@Nullable String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiProblem.badRequest("expiresAt must be an ISO-8601 time with an offset, e.g. 2027-01-31T00:00:00Z, not '" + text + "'");
        }
    }
}
