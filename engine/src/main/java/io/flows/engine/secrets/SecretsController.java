package io.flows.engine.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.dsl.expr.SecretReferences;
import io.flows.engine.api.ApiDocs;
import io.flows.engine.api.ApiProblem;
import io.flows.engine.api.docs.SecretListed;
import io.flows.engine.api.docs.SecretSaved;
import io.flows.engine.api.docs.SecretValue;
import io.flows.engine.runtime.Jsons;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The secret store over HTTP: set, list names, delete. A value goes in and never comes out. */
@Controller("/api/secrets")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "secrets")
public class SecretsController {

    private static final int MAX_VALUE_CHARS = 16 * 1024;

    private final SecretStore store;
    private final NodeSecrets secrets;

    SecretsController(SecretStore store, NodeSecrets secrets) {
        this.store = store;
        this.secrets = secrets;
    }

    @Put("/{name}")
    @Consumes(MediaType.ALL)
    @Operation(summary = "Store a secret {value}: 201 when new, 200 when replaced; the value is never answered")
    @RequestBody(description = "{value}: the one field",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = SecretValue.class)))
    @ApiResponse(responseCode = "201", description = "Stored as a new secret",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = SecretSaved.class)))
    @ApiResponse(responseCode = "200", description = "Replaced",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = SecretSaved.class)))
    @ApiDocs.BadRequest
    @ApiDocs.TooLarge
    @ApiDocs.Unavailable
    public HttpResponse<ObjectNode> put(@PathVariable String name, @Body @Nullable byte[] body) {
        checkName(name);
        String value = value(body);
        boolean created = store.put(name, value);
        ObjectNode answer = JsonNodeFactory.instance.objectNode().put("name", name).put("source", "store");
        store.entry(name).ifPresent(e -> answer.put("updatedAt", e.updatedAt().toString()));
        if (secrets.inEnvironment(name)) {
            answer.put("shadowedBy", EnvironmentSecrets.variable(name));
        }
        return created ? HttpResponse.created(answer) : HttpResponse.ok(answer);
    }

    @Get
    @Operation(summary = "Secret names and where each comes from (store or environment); never values")
    @ApiResponse(responseCode = "200", description = "The secrets",
            content = @Content(mediaType = ApiDocs.JSON,
                    array = @ArraySchema(schema = @Schema(implementation = SecretListed.class))))
    public List<NodeSecrets.Listed> list() {
        return secrets.list();
    }

    @Delete("/{name}")
    @Consumes(MediaType.ALL)
    @Operation(summary = "Delete a stored secret: 204, or 404 when the store has none of that name")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiDocs.NotFound
    public HttpResponse<Void> delete(@PathVariable String name) {
        checkName(name);
        if (!store.delete(name)) {
            String more = secrets.inEnvironment(name)
                    ? "; it is set by the environment variable " + EnvironmentSecrets.variable(name) + ", which only the operator can remove"
                    : "";
            throw ApiProblem.notFound("no stored secret named '" + name + "'" + more);
        }
        return HttpResponse.noContent();
    }

    private static void checkName(String name) {
        if (!SecretReferences.NAME.matcher(name).matches()) {
            throw ApiProblem.badRequest("'" + name + "' is not a secret name: 1 to 64 letters, digits, '_' or '-'");
        }
    }

    /** The value of a {@code {"value": "..."}} body; no message ever quotes the body. */
    private static String value(byte[] body) {
        JsonNode json;
        try {
            json = body == null ? null : Jsons.read(new String(body, StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            json = null;
        }
        JsonNode v = json == null ? null : json.get("value");
        // another field is refused, not ignored: it is most likely a mistyped name (what would it mean?)
        if (v == null || !v.isTextual() || json.size() != 1) {
            throw ApiProblem.badRequest("send the secret as JSON {\"value\": \"...\"}: one field, a string value");
        }
        String value = v.textValue();
        if (value.length() < NodeSecrets.MIN_LENGTH) {
            throw new ApiProblem(HttpStatus.BAD_REQUEST, "a secret must have at least "
                    + NodeSecrets.MIN_LENGTH + " characters: shorter values cannot be told apart from ordinary text when they are masked");
        }
        if (value.length() > MAX_VALUE_CHARS) {
            throw ApiProblem.badRequest("a secret may have at most " + MAX_VALUE_CHARS + " characters");
        }
        return value;
    }
}
