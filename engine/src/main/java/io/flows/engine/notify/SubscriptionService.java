package io.flows.engine.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.engine.api.ApiProblem;
import io.flows.engine.runtime.Jsons;
import io.flows.engine.secrets.SealedColumns;
import io.flows.engine.service.FlowRegistry;
import io.micronaut.data.model.Pageable;
import io.micronaut.http.HttpStatus;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Subscriptions and their delivery logs as the API shows them; secrets only through their own calls. */
@Singleton
class SubscriptionService {

    static final List<String> DELIVERY_STATUSES = List.of(DeliveryRow.PENDING, DeliveryRow.SUCCEEDED, DeliveryRow.FAILED);

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int SECRET_BYTES = 32;

    private final SubscriptionRepository subscriptions;
    private final DeliveryRepository deliveries;
    private final AttemptRepository attempts;
    private final FlowRegistry flows;
    private final DeliveryDispatcher dispatcher;
    private final WebhookSender sender;
    private final SubscriptionSecrets secrets;
    private final TransactionOperations<Connection> tx;
    private final NotificationsConfig config;
    private final Clock clock;

    SubscriptionService(SubscriptionRepository subscriptions, DeliveryRepository deliveries, AttemptRepository attempts,
                        FlowRegistry flows, DeliveryDispatcher dispatcher, WebhookSender sender, SubscriptionSecrets secrets,
                        TransactionOperations<Connection> tx, NotificationsConfig config, Clock clock) {
        this.sender = sender;
        this.subscriptions = subscriptions;
        this.deliveries = deliveries;
        this.attempts = attempts;
        this.flows = flows;
        this.dispatcher = dispatcher;
        this.secrets = secrets;
        this.tx = tx;
        this.config = config;
        this.clock = clock;
    }

    /** The new subscription, with its secret (also readable later through {@link #secret}). */
    ObjectNode create(JsonNode body) {
        SubscriptionRequest r = SubscriptionRequest.of(body);
        String refusal = sender.hostRefusal(r.url());
        if (refusal != null) {
            // the delivery would be refused by the same policy, every time
            throw ApiProblem.badRequest("url '" + r.url() + "' is refused by the notifications' host policy: " + refusal);
        }
        if (r.flowId() != null && flows.row(r.flowId()).isEmpty()) {
            throw ApiProblem.badRequest("flowId names no flow: there is no flow '" + r.flowId() + "' (create it first, or leave flowId out for every flow)");
        }
        Instant now = clock.instant();
        SubscriptionRow row = new SubscriptionRow("sub_" + UUID.randomUUID().toString().replace("-", ""), r.url(),
                String.join(",", r.events()), r.flowId(), r.description(), newSecret(), null, null, true, null, now, now);
        subscriptions.save(secrets.sealed(row));
        LOG.info("subscription {} created: {} to {}", row.id(), row.events(), row.url());
        return view(row).put("secret", row.secret());
    }

    List<ObjectNode> list() {
        return subscriptions.listOrderByCreatedAt().stream().map(SubscriptionService::view).toList();
    }

    ObjectNode get(String id) {
        return view(row(id));
    }

    void delete(String id) {
        row(id);
        tx.executeWrite(s -> {
            attempts.deleteOfSubscription(id);
            deliveries.deleteOfSubscription(id);
            subscriptions.deleteById(id);
            return null;
        });
    }

    ObjectNode enable(String id, boolean on) {
        row(id);
        subscriptions.setEnabled(id, on, on ? null : "disabled through the API", clock.instant());
        if (on) {
            dispatcher.wake();
        }
        return get(id);
    }

    ObjectNode secret(String id) {
        SubscriptionRow s = row(id);
        try {
            return JsonNodeFactory.instance.objectNode().put("secret", secrets.secret(s));
        } catch (SealedColumns.Unreadable e) {
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage()
                    + "; or rotate the secret (POST /api/subscriptions/" + id + "/secret/rotate) and give receivers the new one");
        }
    }

    /**
     * A new secret; the old one keeps signing, as a second signature, for the grace period. An old one that no key
     * opens is dropped (see {@link SubscriptionSecrets#sealed}): then nothing else signs, and the answer says so
     * with a {@code previousSecretValidUntil} of null.
     */
    ObjectNode rotate(String id) {
        SubscriptionRow s = row(id);
        Instant now = clock.instant();
        Instant until = now.plus(config.getSecretRotationGrace());
        SubscriptionRow rotated = s.withSecret(newSecret(), until, now);
        SubscriptionRow stored = secrets.sealed(rotated);
        subscriptions.update(stored);
        ObjectNode answer = JsonNodeFactory.instance.objectNode().put("secret", rotated.secret());
        if (stored.previousSecret() == null) {
            LOG.info("subscription {}: secret rotated; the previous one could not be read and signs no more", id);
            return answer.putNull("previousSecretValidUntil");
        }
        LOG.info("subscription {}: secret rotated; the previous one signs too until {}", id, until);
        return answer.put("previousSecretValidUntil", until.toString());
    }

    List<ObjectNode> deliveries(String subscriptionId, String status, int limit) {
        row(subscriptionId);
        Pageable page = Pageable.from(0, limit);
        List<DeliveryRow> rows = status == null
                ? deliveries.findBySubscriptionIdOrderByCreatedAtDesc(subscriptionId, page)
                : deliveries.findBySubscriptionIdAndStatusOrderByCreatedAtDesc(subscriptionId, status.toUpperCase(Locale.ROOT), page);
        if (rows.isEmpty()) {
            return List.of();
        }
        Map<String, List<AttemptRow>> log = attempts.findByDeliveryIdInOrderByAttempt(rows.stream().map(DeliveryRow::id).toList())
                .stream().collect(Collectors.groupingBy(AttemptRow::deliveryId));
        List<ObjectNode> out = new ArrayList<>();
        for (DeliveryRow d : rows) {
            out.add(view(d, log.getOrDefault(d.id(), List.of())));
        }
        return out;
    }

    /** One delivery with its attempts and the payload as sent. */
    ObjectNode delivery(String subscriptionId, String deliveryId) {
        DeliveryRow d = deliveryRow(subscriptionId, deliveryId);
        ObjectNode v = view(d, attempts.findByDeliveryIdInOrderByAttempt(List.of(d.id())));
        v.set("payload", Jsons.read(d.payload()));
        return v;
    }

    /** Sends the delivery again now, with the same webhook-id; a delivery that had ended gets one attempt. */
    ObjectNode redeliver(String subscriptionId, String deliveryId) {
        DeliveryRow d = deliveryRow(subscriptionId, deliveryId);
        if (!row(subscriptionId).enabled()) {
            throw ApiProblem.conflict("subscription '" + subscriptionId + "' is disabled; POST /api/subscriptions/"
                    + subscriptionId + "/enable first");
        }
        deliveries.redeliver(d.id(), clock.instant());
        dispatcher.wake();
        return JsonNodeFactory.instance.objectNode().put("id", d.id()).put("status", DeliveryRow.PENDING);
    }

    @Scheduled(fixedDelay = "1h", initialDelay = "7m")
    void pruneOldDeliveries() {
        int deleted = dispatcher.prune();
        if (deleted > 0) {
            LOG.info("retention: deleted {} notification deliveries older than {}", deleted, config.getRetention());
        }
    }

    private DeliveryRow deliveryRow(String subscriptionId, String deliveryId) {
        return deliveries.findById(deliveryId).filter(d -> d.subscriptionId().equals(subscriptionId))
                .orElseThrow(() -> ApiProblem.notFound("subscription '" + subscriptionId + "' has no delivery '" + deliveryId + "'"));
    }

    private SubscriptionRow row(String id) {
        return subscriptions.findById(id).orElseThrow(() -> ApiProblem.notFound("no subscription with id '" + id + "'"));
    }

    /** {@code whsec_} and 32 random bytes in base64, the Standard Webhooks form. */
    private static String newSecret() {
        byte[] key = new byte[SECRET_BYTES];
        RANDOM.nextBytes(key);
        return "whsec_" + Base64.getEncoder().encodeToString(key);
    }

    private static ObjectNode view(SubscriptionRow s) {
        ObjectNode v = JsonNodeFactory.instance.objectNode();
        v.put("id", s.id());
        v.put("url", s.url());
        ArrayNode events = v.putArray("events");
        s.eventList().forEach(events::add);
        v.put("flowId", s.flowId());
        v.put("description", s.description());
        v.put("enabled", s.enabled());
        v.put("disabledReason", s.disabledReason());
        v.put("createdAt", s.createdAt().toString());
        v.put("updatedAt", s.updatedAt().toString());
        return v;
    }

    private static ObjectNode view(DeliveryRow d, List<AttemptRow> log) {
        ObjectNode v = JsonNodeFactory.instance.objectNode();
        v.put("id", d.id());
        v.put("eventType", d.eventType());
        v.put("executionId", d.executionId());
        v.put("flowId", d.flowId());
        v.put("status", d.status());
        v.put("attempts", d.attempts());
        v.put("nextAttemptAt", d.status().equals(DeliveryRow.PENDING) && d.nextAttemptAt() != null ? d.nextAttemptAt().toString() : null);
        v.put("lastAttemptAt", d.lastAttemptAt() == null ? null : d.lastAttemptAt().toString());
        v.put("lastStatusCode", d.lastStatusCode());
        v.put("lastError", d.lastError());
        v.put("createdAt", d.createdAt().toString());
        ArrayNode list = v.putArray("attemptLog");
        for (AttemptRow a : log) {
            ObjectNode e = list.addObject();
            e.put("attempt", a.attempt());
            e.put("attemptedAt", a.attemptedAt().toString());
            e.put("statusCode", a.statusCode());
            e.put("durationMs", a.durationMs());
            e.put("error", a.error());
            e.put("response", a.responseBody());
        }
        return v;
    }
}
