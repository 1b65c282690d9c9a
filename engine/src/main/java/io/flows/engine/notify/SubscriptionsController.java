package io.flows.engine.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.engine.api.ApiDocs;
import io.flows.engine.api.ApiProblem;
import io.flows.engine.api.Listing;
import io.flows.engine.api.QueryOptions;
import io.flows.engine.api.docs.NotificationDelivery;
import io.flows.engine.api.docs.NotificationDeliveryDetail;
import io.flows.engine.api.docs.RedeliveryAccepted;
import io.flows.engine.api.docs.Subscription;
import io.flows.engine.api.docs.SubscriptionCreated;
import io.flows.engine.api.docs.SubscriptionRequest;
import io.flows.engine.api.docs.SubscriptionSecret;
import io.flows.engine.api.docs.SubscriptionSecretRotated;
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
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.Locale;

/** Outgoing notifications: subscriptions, their secrets, delivery logs and redelivery. */
@Controller("/api/subscriptions")
@ExecuteOn(TaskExecutors.BLOCKING)
@Tag(name = "notifications")
class SubscriptionsController {


    private final SubscriptionService service;

    SubscriptionsController(SubscriptionService service) {
        this.service = service;
    }

    @Post
    @Consumes(MediaType.ALL)
    @Operation(summary = "Subscribe a URL to execution events; the answer holds the signing secret")
    @RequestBody(description = "what to notify, and where",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = SubscriptionRequest.class)))
    @ApiResponse(responseCode = "201", description = "Subscribed; Location names it",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = SubscriptionCreated.class)))
    @ApiDocs.BadRequest
    @ApiDocs.TooLarge
    HttpResponse<ObjectNode> create(@Body @Nullable byte[] body) {
        if (body == null || body.length == 0) {
            throw ApiProblem.badRequest("send a JSON object {url, events, flowId?, description?}");
        }
        JsonNode request;
        try {
            request = Jsons.parse(body);
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("the body is not valid JSON: " + e.getMessage());
        }
        ObjectNode created = service.create(request);
        return HttpResponse.<ObjectNode>status(HttpStatus.CREATED).body(created)
                .header("Location", "/api/subscriptions/" + created.get("id").asText());
    }

    @Get
    @Operation(summary = "Every subscription, oldest first (without secrets)")
    @ApiResponse(responseCode = "200", description = "The subscriptions",
            content = @Content(mediaType = ApiDocs.JSON,
                    array = @ArraySchema(schema = @Schema(implementation = Subscription.class))))
    List<ObjectNode> list() {
        return service.list();
    }

    @Get("/{id}")
    @Operation(summary = "One subscription (without its secret)")
    @ApiResponse(responseCode = "200", description = "The subscription",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Subscription.class)))
    @ApiDocs.NotFound
    ObjectNode get(@PathVariable String id) {
        return service.get(id);
    }

    @Delete("/{id}")
    @Consumes(MediaType.ALL)
    @Operation(summary = "Delete a subscription with its deliveries")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiDocs.NotFound
    HttpResponse<Void> delete(@PathVariable String id) {
        service.delete(id);
        return HttpResponse.noContent();
    }

    @Post("/{id}/disable")
    @Consumes(MediaType.ALL)
    @Operation(summary = "Disable a subscription; its deliveries wait until it is enabled again")
    @ApiResponse(responseCode = "200", description = "The subscription, disabled",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Subscription.class)))
    @ApiDocs.NotFound
    ObjectNode disable(@PathVariable String id) {
        return service.enable(id, false);
    }

    @Post("/{id}/enable")
    @Consumes(MediaType.ALL)
    @Operation(summary = "Enable a subscription; deliveries that waited while it was disabled are sent")
    @ApiResponse(responseCode = "200", description = "The subscription, enabled",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = Subscription.class)))
    @ApiDocs.NotFound
    ObjectNode enable(@PathVariable String id) {
        return service.enable(id, true);
    }

    @Get("/{id}/secret")
    @Operation(summary = "The signing secret (whsec_...); 503 when it is sealed with a master key this node does not have")
    @ApiResponse(responseCode = "200", description = "The secret",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = SubscriptionSecret.class)))
    @ApiDocs.NotFound
    @ApiDocs.Unavailable
    ObjectNode secret(@PathVariable String id) {
        return service.secret(id);
    }

    @Post("/{id}/secret/rotate")
    @Consumes(MediaType.ALL)
    @Operation(summary = "A new signing secret; the previous one also signs during the grace period")
    @ApiResponse(responseCode = "200", description = "The new secret",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = SubscriptionSecretRotated.class)))
    @ApiDocs.NotFound
    ObjectNode rotate(@PathVariable String id) {
        return service.rotate(id);
    }

    @Get("/{id}/deliveries")
    @Operation(summary = "The delivery log, newest first, each with its attempts")
    @ApiResponse(responseCode = "200", description = "The deliveries, newest first",
            content = @Content(mediaType = ApiDocs.JSON,
                    array = @ArraySchema(schema = @Schema(implementation = NotificationDelivery.class))))
    @ApiDocs.BadRequest
    @ApiDocs.NotFound
    List<ObjectNode> deliveries(@PathVariable String id, @QueryValue @Nullable String status,
                                @QueryValue(defaultValue = "50") int limit) {
        String wanted = QueryOptions.given(status);
        if (wanted != null && !SubscriptionService.DELIVERY_STATUSES.contains(wanted.toUpperCase(Locale.ROOT))) {
            throw ApiProblem.badRequest("status must be one of " + String.join(", ", SubscriptionService.DELIVERY_STATUSES));
        }
        Listing.checkLimit(limit);
        return service.deliveries(id, wanted, limit);
    }

    @Get("/{id}/deliveries/{deliveryId}")
    @Operation(summary = "One delivery with its attempts and payload")
    @ApiResponse(responseCode = "200", description = "The delivery",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = NotificationDeliveryDetail.class)))
    @ApiDocs.NotFound
    ObjectNode delivery(@PathVariable String id, @PathVariable String deliveryId) {
        return service.delivery(id, deliveryId);
    }

    @Post("/{id}/deliveries/{deliveryId}/redeliver")
    @Consumes(MediaType.ALL)
    @Operation(summary = "Send a delivery again now, with the same webhook-id")
    @ApiResponse(responseCode = "202", description = "Sending again",
            content = @Content(mediaType = ApiDocs.JSON, schema = @Schema(implementation = RedeliveryAccepted.class)))
    @ApiDocs.NotFound
    @ApiDocs.Conflict
    HttpResponse<ObjectNode> redeliver(@PathVariable String id, @PathVariable String deliveryId) {
        return HttpResponse.accepted().body(service.redeliver(id, deliveryId));
    }
}
