package io.flows.engine.api;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.engine.api.docs.WebhookDelivery;
import io.flows.engine.api.docs.WebhookDeliveryDetail;
import io.flows.engine.api.docs.WebhookReceipt;
import io.flows.engine.hooks.WebhookService;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Consumes;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Set;

/** Webhook deliveries in ({@code POST /hooks/{path}}) and the inbox as the operators see it. */
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "webhooks")
public class HooksController {

    private final WebhookService hooks;

    public HooksController(WebhookService hooks) {
        this.hooks = hooks;
    }

    // {path:.+} matches slashes as {+path} would; the OpenAPI generator leaves a {+path} variable out of the path
    @Post("/hooks/{path:.+}")
    @Consumes(MediaType.ALL)
    @Operation(summary = "Deliver a webhook: 200 once stored; the flow runs afterwards")
    @RequestBody(required = false, description = "any body; JSON and form bodies are parsed")
    @ApiResponse(responseCode = "200", description = "Stored (or a duplicate of one stored before)",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = WebhookReceipt.class)))
    @ApiDocs.BadRequest
    @ApiDocs.Unauthorized
    @ApiDocs.NotFound
    @ApiDocs.TooLarge
    @ApiDocs.TooManyRequests
    @ApiDocs.Unavailable
    public HttpResponse<ObjectNode> receive(HttpRequest<?> request,
            @PathVariable @Parameter(description = "the path of a flow's webhook trigger; it may hold slashes, as they "
                    + "are (/hooks/shop/orders) or encoded (/hooks/shop%2Forders)") String path,
            @Body @Nullable byte[] body) {
        String contentType = request.getHeaders().get("Content-Type");
        WebhookService.Receipt r = hooks.receive(path, Bodies.headers(request), Bodies.query(request, Set.of()), contentType, body);
        ObjectNode answer = JsonNodeFactory.instance.objectNode().put("received", true);
        if (r.duplicate()) {
            answer.put("duplicate", true);
        }
        answer.put("id", r.id());
        return HttpResponse.ok(answer);
    }

    @Get("/api/hooks/deliveries")
    @Operation(summary = "Recent webhook deliveries, newest first")
    @ApiResponse(responseCode = "200", description = "The deliveries, newest first",
            content = @Content(mediaType = ApiDocs.JSON,
                    array = @ArraySchema(schema = @Schema(implementation = WebhookDelivery.class))))
    @ApiDocs.BadRequest
    public List<ObjectNode> list(@QueryValue @Nullable String flowId, @QueryValue @Nullable String status,
                                 @QueryValue(defaultValue = "50") int limit) {
        String wanted = QueryOptions.given(status);
        Listing.check(wanted, WebhookService.STATUSES, limit);
        return hooks.list(QueryOptions.given(flowId), wanted, limit);
    }

    @Get("/api/hooks/deliveries/{id}")
    @Operation(summary = "One webhook delivery with its headers and body")
    @ApiResponse(responseCode = "200", description = "The delivery",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = WebhookDeliveryDetail.class)))
    @ApiDocs.NotFound
    public ObjectNode get(@PathVariable String id) {
        return hooks.get(id);
    }
}
