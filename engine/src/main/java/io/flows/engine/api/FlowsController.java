package io.flows.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.flows.dsl.FlowDsl;
import io.flows.dsl.parse.FlowBinder;
import io.flows.dsl.parse.FlowSyntaxException;
import io.flows.dsl.parse.Format;
import io.flows.engine.api.docs.Flow;
import io.flows.engine.api.docs.FlowEnabled;
import io.flows.engine.api.docs.FlowSummary;
import io.flows.engine.api.docs.FlowVersionInfo;
import io.flows.engine.service.ExecutionService;
import io.flows.engine.service.FlowService;
import io.flows.engine.service.SavedFlow;
import io.flows.engine.store.FlowRow;
import io.flows.engine.store.FlowVersionRow;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;

/** Flows: create, read (JSON or YAML), new versions, enable/disable, delete, validate. */
@Controller("/api/flows")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "flows")
public class FlowsController {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final MediaType YAML_TYPE = MediaType.of("application/yaml");

    private final FlowService flows;
    private final ExecutionService executions;

    public FlowsController(FlowService flows, ExecutionService executions) {
        this.flows = flows;
        this.executions = executions;
    }

    @Get
    @Operation(summary = "List flows with their last execution")
    @ApiResponse(responseCode = "200", description = "Every flow",
            content = @Content(mediaType = ApiDocs.JSON,
                    array = @ArraySchema(schema = @Schema(implementation = FlowSummary.class))))
    public List<ObjectNode> list() {
        return flows.list().stream().map(this::summary).toList();
    }

    private ObjectNode summary(FlowRow r) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", r.id());
        n.put("name", r.name());
        n.put("description", r.description());
        n.put("version", r.latestVersion());
        n.put("enabled", r.enabled());
        n.putObject("trigger").put("type", r.triggerType());
        n.put("updatedAt", r.updatedAt().toString());
        executions.last(r.id()).ifPresentOrElse(e -> n.putObject("lastExecution")
                        .put("id", e.id()).put("status", e.status())
                        .put("startedAt", e.startedAt() == null ? null : e.startedAt().toString()),
                () -> n.putNull("lastExecution"));
        return n;
    }

    @Post
    @Consumes(MediaType.ALL)
    @Operation(summary = "Create a flow from JSON or YAML")
    @ApiDocs.FlowDocument
    @ApiResponse(responseCode = "201", description = "Created as version 1; Location: /api/flows/{id}",
            content = @Content(mediaType = ApiDocs.JSON,
                    schema = @Schema(implementation = ApiDocs.FlowVersionSaved.class)))
    @ApiDocs.BadRequest
    @ApiDocs.Conflict
    @ApiDocs.TooLarge
    @ApiDocs.UnsupportedMediaType
    public HttpResponse<?> create(@Header(HttpHeaders.CONTENT_TYPE) @Nullable String contentType, @Body @Nullable byte[] body,
                                  @Parameter(description = "false: create the flow disabled (its schedule does not fire,"
                                          + " its webhook answers 503) until POST .../enable; flows import uses it")
                                  @QueryValue @Nullable String enabled) {
        FlowService.SavedVersion saved = flows.create(utf8(contentType, orEmpty(body)), Bodies.flowFormat(contentType),
                QueryOptions.flag("enabled", enabled, true));
        return HttpResponse.created(saved(saved), URI.create("/api/flows/" + saved.version().flowId()));
    }

    @Get("/{id}")
    @Produces({MediaType.APPLICATION_JSON, "application/yaml", "text/yaml", "application/x-yaml"})
    @Operation(summary = "The latest version, as JSON or (Accept: application/yaml) as the saved text")
    @ApiResponse(responseCode = "200", description = "The latest version; ETag: \"<version>\"",
            content = {@Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Flow.class)),
                    @Content(mediaType = "application/yaml", schema = @Schema(type = "string")),
                    @Content(mediaType = "text/yaml", schema = @Schema(type = "string")),
                    @Content(mediaType = "application/x-yaml", schema = @Schema(type = "string"))})
    @ApiDocs.NotFound
    @ApiResponse(responseCode = "406", description = "Accept names neither JSON nor YAML",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ApiDocs.Problem.class)))
    public HttpResponse<?> get(@PathVariable String id, @Header(HttpHeaders.ACCEPT) @Nullable String accept) {
        return document(flows.get(id), accept, true);
    }

    @Put("/{id}")
    @Consumes(MediaType.ALL)
    @Operation(summary = "Save a new version; If-Match names the version the edit is based on",
            parameters = @Parameter(name = HttpHeaders.IF_MATCH, in = ParameterIn.HEADER,
                    schema = @Schema(type = "string"),
                    description = "the ETag of the version the edit is based on (\"3\"), or a list of them "
                            + "(\"3\", \"4\"): the save is refused with 412 unless one names the latest version; "
                            + "* or none: any version"))
    @ApiDocs.FlowDocument
    @ApiResponse(responseCode = "200", description = "Saved as a new version; ETag: \"<version>\"",
            content = @Content(mediaType = ApiDocs.JSON,
                    schema = @Schema(implementation = ApiDocs.FlowVersionSaved.class)))
    @ApiDocs.BadRequest
    @ApiDocs.NotFound
    @ApiDocs.Conflict
    @ApiDocs.PreconditionFailed
    @ApiDocs.TooLarge
    @ApiDocs.UnsupportedMediaType
    public HttpResponse<?> update(HttpRequest<?> request, @PathVariable String id,
                                  @Header(HttpHeaders.CONTENT_TYPE) @Nullable String contentType,
                                  @Body @Nullable byte[] body) {
        // every If-Match line, as one list: the framework's single value would be the first line only
        List<Integer> ifMatch = IfMatch.versions(request.getHeaders().getAll(HttpHeaders.IF_MATCH));
        FlowService.SavedVersion saved = flows.update(id, utf8(contentType, orEmpty(body)), Bodies.flowFormat(contentType), ifMatch);
        return HttpResponse.ok(saved(saved)).header(HttpHeaders.ETAG, "\"" + saved.version().version() + "\"");
    }

    @Post("/{id}/disable")
    @Consumes(MediaType.ALL)
    @Operation(summary = "Disable a flow: its triggers stop starting executions")
    @ApiResponse(responseCode = "200", description = "Disabled",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = FlowEnabled.class)))
    @ApiDocs.NotFound
    public ObjectNode disable(@PathVariable String id) {
        return enabled(flows.setEnabled(id, false));
    }

    @Post("/{id}/enable")
    @Consumes(MediaType.ALL)
    @Operation(summary = "Enable a flow again")
    @ApiResponse(responseCode = "200", description = "Enabled",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = FlowEnabled.class)))
    @ApiDocs.NotFound
    public ObjectNode enable(@PathVariable String id) {
        return enabled(flows.setEnabled(id, true));
    }

    private static ObjectNode enabled(FlowRow r) {
        return JsonNodeFactory.instance.objectNode().put("id", r.id()).put("enabled", r.enabled());
    }

    @Delete("/{id}")
    @Consumes(MediaType.ALL)
    @Operation(summary = "Delete a flow; its executions stay readable")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiDocs.NotFound
    public HttpResponse<?> delete(@PathVariable String id) {
        flows.delete(id);
        return HttpResponse.noContent();
    }

    @Get("/{id}/versions")
    @Operation(summary = "Every version of a flow, newest first")
    @ApiResponse(responseCode = "200", description = "The versions, newest first",
            content = @Content(mediaType = ApiDocs.JSON,
                    array = @ArraySchema(schema = @Schema(implementation = FlowVersionInfo.class))))
    @ApiDocs.NotFound
    public List<ObjectNode> versions(@PathVariable String id) {
        return flows.versions(id).stream()
                .map(v -> JsonNodeFactory.instance.objectNode().put("version", v.version()).put("createdAt", v.createdAt().toString()))
                .toList();
    }

    @Get("/{id}/versions/{version}")
    @Produces({MediaType.APPLICATION_JSON, "application/yaml", "text/yaml", "application/x-yaml"})
    @Operation(summary = "One version, as JSON or (Accept: application/yaml) as the saved text")
    @ApiResponse(responseCode = "200", description = "That version; ETag: \"<version>\"",
            content = {@Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Flow.class)),
                    @Content(mediaType = "application/yaml", schema = @Schema(type = "string")),
                    @Content(mediaType = "text/yaml", schema = @Schema(type = "string")),
                    @Content(mediaType = "application/x-yaml", schema = @Schema(type = "string"))})
    @ApiDocs.NotFound
    @ApiResponse(responseCode = "406", description = "Accept names neither JSON nor YAML",
            content = @Content(mediaType = ApiDocs.PROBLEM_JSON, schema = @Schema(implementation = ApiDocs.Problem.class)))
    public HttpResponse<?> version(@PathVariable String id, @PathVariable int version,
                                   @Header(HttpHeaders.ACCEPT) @Nullable String accept) {
        return document(flows.version(id, version), accept, false);
    }

    @Post("/validate")
    @Consumes(MediaType.ALL)
    @Operation(summary = "Check a flow without saving it")
    @ApiDocs.FlowDocument
    @ApiResponse(responseCode = "200", description = "What validation found (also for text that does not parse)",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = ApiDocs.ValidationResult.class)))
    @ApiDocs.TooLarge
    @ApiDocs.UnsupportedMediaType
    public ObjectNode validate(@Header(HttpHeaders.CONTENT_TYPE) @Nullable String contentType, @Body @Nullable byte[] body) {
        FlowDsl.Result r;
        try {
            r = flows.validate(Bodies.flowBytes(contentType, body == null ? new byte[0] : body), Bodies.flowFormat(contentType));
        } catch (FlowSyntaxException notText) {
            r = new FlowDsl.Result(null, null, List.of(notText.problem()), List.of());
        }
        ObjectNode n = JsonNodeFactory.instance.objectNode().put("valid", r.valid());
        if (!r.valid()) {
            n.set("errors", ProblemJson.errors(r.problems()));
        }
        if (!r.warnings().isEmpty()) {
            n.set("warnings", ProblemJson.errors(r.warnings()));
        }
        return n;
    }

    /**
     * A flow's document; {@code updatedAt} is the flow's last change (a save, enable, disable) for its current
     * version, and a past version's own save time for that version, which never changes.
     */
    private HttpResponse<?> document(SavedFlow saved, String accept, boolean current) {
        FlowVersionRow v = saved.version();
        String etag = "\"" + v.version() + "\"";
        if (AcceptedFormat.prefersYaml(accept)) {
            String text = v.format().equals(Format.YAML.name()) ? v.source() : toYaml(saved.document());
            return HttpResponse.ok(text).contentType(YAML_TYPE).header(HttpHeaders.ETAG, etag);
        }
        ObjectNode doc = ((ObjectNode) saved.document()).deepCopy();
        doc.put("updatedAt", (current ? saved.flow().updatedAt() : v.createdAt()).toString());
        return HttpResponse.ok(doc).contentType(MediaType.APPLICATION_JSON_TYPE).header(HttpHeaders.ETAG, etag);
    }

    private static String toYaml(JsonNode doc) {
        try {
            ObjectNode copy = ((ObjectNode) doc).deepCopy();
            copy.remove(FlowBinder.SERVER_FIELDS);
            return YAML.writeValueAsString(copy);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The answer to a save: {@code {id, version}}, and {@code warnings} when the document has any. */
    private static ObjectNode saved(FlowService.SavedVersion saved) {
        ObjectNode n = JsonNodeFactory.instance.objectNode()
                .put("id", saved.version().flowId()).put("version", saved.version().version());
        if (!saved.warnings().isEmpty()) {
            n.set("warnings", ProblemJson.errors(saved.warnings()));
        }
        return n;
    }

    /** See {@link Bodies#flowBytes}; bytes that are not text in their charset are an invalid flow. */
    private static byte[] utf8(String contentType, byte[] body) {
        try {
            return Bodies.flowBytes(contentType, body);
        } catch (FlowSyntaxException notText) {
            throw ApiProblem.invalidFlow(List.of(notText.problem()), List.of());
        }
    }

    /** No body is an empty document: refused like any invalid flow, with the same EMPTY_DOCUMENT as validate gives. */
    private static byte[] orEmpty(byte[] body) {
        return body == null ? new byte[0] : body;
    }
}
