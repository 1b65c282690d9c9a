package io.flows.engine.connections;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.engine.api.ApiDocs;
import io.flows.engine.api.ApiProblem;
import io.flows.engine.api.docs.Connection;
import io.flows.engine.api.docs.ConnectionList;
import io.flows.engine.api.docs.ConnectionProfile;
import io.flows.engine.api.docs.ConnectionProfileRequest;
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
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;

/** Named connections: one profile per environment; the node's environment picks the one its flows use. */
@Controller("/api/connections")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "connections")
public class ConnectionsController {

    private final ConnectionService connections;

    public ConnectionsController(ConnectionService connections) {
        this.connections = connections;
    }

    @Get
    @Operation(summary = "The node's environment and every connection with the environments it has a profile for")
    @ApiResponse(responseCode = "200", description = "The connections",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ConnectionList.class)))
    public ObjectNode list() {
        return connections.list();
    }

    @Get("/{name}")
    @Operation(summary = "A connection with its profile for each environment")
    @ApiResponse(responseCode = "200", description = "The connection",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Connection.class)))
    @ApiDocs.NotFound
    public ObjectNode get(@PathVariable String name) {
        return connections.get(name);
    }

    @Get("/{name}/{environment}")
    @Operation(summary = "A connection's profile for one environment")
    @ApiResponse(responseCode = "200", description = "The profile",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ConnectionProfile.class)))
    @ApiDocs.NotFound
    public ObjectNode get(@PathVariable String name, @PathVariable String environment) {
        return connections.get(name, environment);
    }

    @Put("/{name}/{environment}")
    @Consumes(MediaType.ALL)
    @Operation(summary = "Create or replace a connection's profile for one environment; credentials must be ${secrets.NAME}")
    @RequestBody(description = "the profile",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ConnectionProfileRequest.class)))
    @ApiResponse(responseCode = "201", description = "Created; Location names it",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ConnectionProfile.class)))
    @ApiResponse(responseCode = "200", description = "Replaced",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ConnectionProfile.class)))
    @ApiDocs.BadRequest
    @ApiDocs.TooLarge
    public HttpResponse<ObjectNode> put(@PathVariable String name, @PathVariable String environment,
                                        @Body @Nullable byte[] body) {
        ConnectionService.Saved saved = connections.put(name, environment, json(body));
        return saved.created()
                ? HttpResponse.created(saved.profile(), URI.create("/api/connections/" + name + "/" + environment))
                : HttpResponse.ok(saved.profile());
    }

    @Delete("/{name}/{environment}")
    @Consumes(MediaType.ALL)
    @Operation(summary = "Delete a connection's profile for one environment")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiDocs.NotFound
    public HttpResponse<?> delete(@PathVariable String name, @PathVariable String environment) {
        connections.delete(name, environment);
        return HttpResponse.noContent();
    }

    @Delete("/{name}")
    @Consumes(MediaType.ALL)
    @Operation(summary = "Delete a connection in every environment")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiDocs.NotFound
    public HttpResponse<?> delete(@PathVariable String name) {
        connections.delete(name);
        return HttpResponse.noContent();
    }

    private static JsonNode json(byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiProblem.badRequest("send the profile as JSON: {baseUrl, auth, headers, timeout, allowedHosts}");
        }
        try {
            return Jsons.parse(body);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("the body is not valid JSON: " + e.getMessage());
        }
    }
}
