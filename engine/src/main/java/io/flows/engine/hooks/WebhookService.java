package io.flows.engine.hooks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.flows.dsl.json.NulCharacters;
import io.flows.dsl.model.Trigger;
import io.flows.dsl.text.Abbreviation;
import io.flows.engine.FlowsConfig;
import io.flows.engine.api.ApiProblem;
import io.flows.engine.runtime.FlowEngine;
import io.flows.engine.runtime.FlowVersion;
import io.flows.engine.runtime.Ids;
import io.flows.engine.runtime.Jsons;
import io.flows.engine.runtime.KeyedLocks;
import io.flows.engine.service.ExecutionMetrics;
import io.flows.engine.service.ExecutionService;
import io.flows.engine.service.FlowRegistry;
import io.flows.engine.service.NodeIdentity;
import io.flows.engine.service.Triggers;
import io.flows.engine.store.ExecutionRepository;
import io.flows.engine.store.FlowRepository;
import io.flows.engine.store.FlowRow;
import io.flows.engine.secrets.Redactor;
import io.flows.engine.store.WebhookDeliveryRepository;
import io.flows.engine.store.WebhookDeliveryRow;
import io.micronaut.data.model.Pageable;
import io.micronaut.http.HttpStatus;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The webhook inbox: a delivery is checked (flow, size, signature), deduplicated, committed, and
 * only then acknowledged; a worker then starts its execution and records how it ended. The
 * delivery names its execution before the execution is inserted, so a delivery leads to at most one
 * execution, also across a restart (see {@link #recover()}).
 */
@Singleton
public class WebhookService {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookService.class);
    private static final int MAX_KEY = 200;

    public static final String RECEIVED = "RECEIVED";
    public static final String PROCESSED = "PROCESSED";
    public static final String FAILED = "FAILED";
    public static final String SKIPPED_STALE = "SKIPPED_STALE";
    public static final List<String> STATUSES = List.of(RECEIVED, PROCESSED, FAILED, SKIPPED_STALE);

    private final FlowRepository flows;
    private final FlowRegistry registry;
    private final FlowEngine engine;
    private final ExecutionService executions;
    private final ExecutionRepository executionRows;
    private final WebhookDeliveryRepository deliveries;
    private final Secrets secrets;
    private final Signatures signatures;
    private final FlowsConfig config;
    private final Clock clock;
    private final ExecutorService workers;
    private final ExecutionMetrics metrics;
    private final RateLimiter rateLimiter;
    private final String node;
    private final KeyedLocks keyLocks = new KeyedLocks();
    private final Redactor redactor = Redactor.shared();

    /** What the sender is told. */
    public record Receipt(String id, boolean duplicate) {
    }

    public WebhookService(FlowRepository flows, FlowRegistry registry, FlowEngine engine, ExecutionService executions,
                          ExecutionRepository executionRows, WebhookDeliveryRepository deliveries, Secrets secrets,
                          FlowsConfig config, Clock clock, ExecutionMetrics metrics, NodeIdentity node) {
        this.metrics = metrics;
        this.node = node.id();
        this.rateLimiter = new RateLimiter(config.getWebhookRateLimit(), System::nanoTime);
        this.flows = flows;
        this.registry = registry;
        this.engine = engine;
        this.executions = executions;
        this.executionRows = executionRows;
        this.deliveries = deliveries;
        this.secrets = secrets;
        this.config = config;
        this.clock = clock;
        this.signatures = new Signatures(clock, config.getWebhookTolerance());
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(Math.max(1, config.getWebhookWorkers()), r -> {
            Thread t = new Thread(r, "flows-webhooks-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Receives one delivery: answered only once it is committed (or found to be a repeat).
     *
     * @param headers as sent (any case; several values joined with ",")
     */
    public Receipt receive(String path, Map<String, String> headers, ObjectNode query, String contentType,
                           byte[] body) {
        byte[] raw = body == null ? new byte[0] : body;
        FlowRow flow = flows.findByWebhookPathAndDeletedFalse(path)
                .orElseThrow(() -> ApiProblem.notFound("no flow listens on /hooks/" + path));
        if (!flow.enabled()) {
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE,
                    "the flow behind /hooks/" + path + " is disabled; deliver again later", List.of(),
                    Map.of("Retry-After", "60"));
        }
        long wait = rateLimiter.acquire(path);
        if (wait > 0) {
            metrics.webhook(flow.id(), "limited");
            throw new ApiProblem(HttpStatus.TOO_MANY_REQUESTS,
                    "/hooks/" + path + " accepts " + config.getWebhookRateLimit() + " deliveries per second; deliver again later",
                    List.of(), Map.of("Retry-After", Long.toString(wait)));
        }
        if (raw.length > config.getWebhookMaxBodyBytes()) {
            throw new ApiProblem(HttpStatus.REQUEST_ENTITY_TOO_LARGE,
                    "webhook bodies may have at most " + config.getWebhookMaxBodyBytes() + " bytes; this one has " + raw.length);
        }
        FlowVersion version = registry.version(flow.id(), flow.latestVersion())
                .orElseThrow(() -> ApiProblem.notFound("no flow listens on /hooks/" + path));
        Trigger trigger = version.flow().trigger();
        Map<String, String> lower = new LinkedHashMap<>();
        headers.forEach((k, v) -> lower.merge(k.toLowerCase(Locale.ROOT), v, (a, b) -> a + "," + b));

        if (trigger.signature() != null) {
            checkSignature(flow.id(), path, trigger.signature(), lower, raw);
        }
        JsonNode parsed;
        try {
            parsed = WebhookBodies.parse(contentType, raw);
        } catch (Jsons.TooDeep e) {
            throw ApiProblem.badRequest("the body " + e.getMessage());
        } catch (WebhookBodies.BadForm e) {
            throw ApiProblem.badRequest("the body is not a valid form (application/x-www-form-urlencoded): " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.badRequest("the body is not valid JSON: " + e.getMessage());
        }
        Map<String, String> kept = new LinkedHashMap<>();
        lower.forEach((k, v) -> {
            if (!Triggers.isCredential(k)) {
                kept.put(k, v);
            }
        });
        String key = dedupeKey(flow.id(), trigger, parsed, kept, query);
        String deliveryId = Ids.next(clock);
        String orderingKey = null;
        Long sequence = null;
        // a sequence that is no number is logged once the delivery is stored: a duplicate is not, and names no delivery
        String oddSequence = null;
        if (trigger.orderingKey() != null && !trigger.orderingKey().isBlank()) {
            JsonNode k = evaluate(flow.id(), "orderingKey", trigger.orderingKey(), parsed, kept, query);
            orderingKey = k == null || k.isNull() ? null : shorten(k.isValueNode() ? k.asText() : Jsons.write(k));
            if (orderingKey != null && trigger.sequence() != null && !trigger.sequence().isBlank()) {
                JsonNode given = evaluate(flow.id(), "sequence", trigger.sequence(), parsed, kept, query);
                sequence = sequenceOf(given);
                if (sequence == null && given != null && !given.isNull()) {
                    oddSequence = Abbreviation.of(given.isValueNode() ? "'" + given.asText() + "'" : Jsons.write(given), 103);
                }
            }
        }
        WebhookDeliveryRow row = new WebhookDeliveryRow(deliveryId, flow.id(), path, clock.instant(), RECEIVED,
                Jsons.write(Jsons.MAPPER.valueToTree(kept)), Jsons.write(query),
                WebhookBodies.stored(raw), contentType, null, null, key, orderingKey, sequence, node,
                WebhookBodies.keptAsText(raw) ? null : WebhookDeliveryRow.BASE64, version.version());
        if (key == null) {
            deliveries.save(row);
        } else {
            Receipt duplicate = keyLocks.with(flow.id() + ":" + key, () -> {
                Optional<WebhookDeliveryRow> seen = deliveries.findByFlowIdAndDedupeKey(flow.id(), key);
                if (seen.isPresent() && seen.get().receivedAt().isBefore(row.receivedAt().minus(config.getWebhookDedupeWindow()))) {
                    deliveries.forgetKey(seen.get().id());
                    seen = Optional.empty();
                }
                if (seen.isPresent()) {
                    return new Receipt(seen.get().id(), true);
                }
                try {
                    deliveries.save(row);
                    return null;
                } catch (RuntimeException e) {
                    // another node stored the same key first: the unique constraint decides
                    return deliveries.findByFlowIdAndDedupeKey(flow.id(), key)
                            .map(first -> new Receipt(first.id(), true))
                            .orElseThrow(() -> e);
                }
            });
            if (duplicate != null) {
                metrics.webhook(flow.id(), "duplicate");
                return duplicate;
            }
        }
        if (oddSequence != null) {
            LOG.warn("the sequence of flow {} gave {} for delivery {}, which is neither a whole number nor an"
                    + " ISO-8601 instant; the delivery runs in its lane without the check for older deliveries",
                    flow.id(), oddSequence, row.id());
        }
        metrics.webhook(flow.id(), "received");
        schedule(row);
        return new Receipt(row.id(), false);
    }

    private void checkSignature(String flowId, String path, Trigger.Signature signature, Map<String, String> headers,
                                byte[] raw) {
        List<String> values = signature.activeSecrets().stream()
                .map(secrets::resolve)
                .flatMap(Optional::stream)
                .filter(value -> Signatures.canSign(signature.scheme(), value))
                .toList();
        if (values.isEmpty()) {
            metrics.webhook(flowId, "refused");
            LOG.warn("webhook /hooks/{} of flow {} refused: its signature secret is not set, cannot be read or is empty"
                    + " (a secrets.NAME reference needs FLOWS_SECRET_NAME or a stored secret), or is an expression other"
                    + " than ${secrets.NAME}, which gives no secret (validation warns of it: ALWAYS_FAILS)", path, flowId);
            // the sender did nothing wrong: a 5xx with Retry-After makes it deliver again once the secret is set,
            // where a 401 reads as "your signature is wrong" and many senders give up on it
            throw new ApiProblem(HttpStatus.SERVICE_UNAVAILABLE,
                    "deliveries to /hooks/" + path + " cannot be verified until the flow's signature secret is usable"
                            + " (it is not set, cannot be read or is empty, or is an expression other than"
                            + " ${secrets.NAME}); deliver again later", List.of(),
                    Map.of("Retry-After", "60"));
        }
        try {
            signatures.verify(signature, values, headers, raw);
        } catch (Signatures.Refused e) {
            metrics.webhook(flowId, "refused");
            LOG.info("webhook /hooks/{} of flow {} refused: {}", path, flowId, e.getMessage());
            throw unauthorized(e.getMessage());
        }
    }

    private static ApiProblem unauthorized(String detail) {
        return new ApiProblem(HttpStatus.UNAUTHORIZED, detail);
    }

    private String dedupeKey(String flowId, Trigger trigger, JsonNode body, Map<String, String> headers,
                             ObjectNode query) {
        String key = null;
        if (trigger.idempotencyKey() != null && !trigger.idempotencyKey().isBlank()) {
            JsonNode v = evaluate(flowId, "idempotencyKey", trigger.idempotencyKey(), body, headers, query);
            key = v == null || v.isNull() ? null : v.isValueNode() ? v.asText() : Jsons.write(v);
        }
        if (key == null || key.isEmpty()) {
            key = headers.get("webhook-id");
        }
        if (key == null || key.isEmpty()) {
            return null;
        }
        return shorten(key);
    }

    /** A key as stored: a long one, or one holding a NUL (which PostgreSQL cannot store), by its hash. */
    private static String shorten(String key) {
        return key.length() > MAX_KEY || NulCharacters.in(key) ? "sha256:" + sha256(key) : key;
    }

    /** A trigger expression over {body, headers, query}; null when it fails (logged, the delivery is kept). */
    private JsonNode evaluate(String flowId, String field, String expression, JsonNode body, Map<String, String> headers,
                              ObjectNode query) {
        try {
            Map<String, JsonNode> bindings = Map.of("body", body == null ? JsonNodeFactory.instance.nullNode() : body,
                    "headers", Jsons.MAPPER.valueToTree(headers), "query", query);
            return engine.scripts().render("trigger." + field, TextNode.valueOf(expression), bindings, null);
        } catch (RuntimeException e) {
            LOG.warn("the {} of flow {} could not be evaluated ({}); the delivery is kept without it", field, flowId,
                    e.getMessage());
            return null;
        }
    }

    /** A sequence: a number, a numeric text, or an ISO-8601 instant (as epoch milliseconds); else null. */
    static Long sequenceOf(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (v.isNumber()) {
            // a fraction cut to a whole number could make a later delivery look stale, or an older one not
            if (v.isIntegralNumber()) {
                return v.asLong();
            }
            double d = v.doubleValue();
            return Double.isFinite(d) && d == Math.rint(d) ? v.asLong() : null;
        }
        String t = v.asText().trim();
        try {
            return Long.parseLong(t);
        } catch (NumberFormatException e) {
            // not a whole number
        }
        try {
            return java.time.OffsetDateTime.parse(t).toInstant().toEpochMilli();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private void schedule(WebhookDeliveryRow row) {
        if (row.orderingKey() != null) {
            enqueueOrdered(row);
            return;
        }
        try {
            workers.execute(() -> process(row));
        } catch (RejectedExecutionException e) {
            // shutting down: the delivery is stored as RECEIVED and is processed after the restart
            LOG.info("delivery {} left for the next start", row.id());
        }
    }

    /** Starts the delivery's execution unless another worker already claimed it. */
    void process(WebhookDeliveryRow row) {
        try {
            String executionId = Ids.next(clock);
            if (deliveries.claim(row.id(), executionId) == 0) {
                return;
            }
            start(row, executionId);
        } catch (RuntimeException e) {
            LOG.error("delivery {} could not be processed: {}", row.id(), e.toString());
            fail(row.id(), row.flowId(), "INTERNAL_ERROR", "could not be processed: " + e.getMessage());
        }
    }

    private void start(WebhookDeliveryRow row, String executionId) {
        ObjectNode trigger = trigger(row);
        try {
            executions.startAs(row.flowId(), row.flowVersion(), trigger, executionId);
        } catch (ApiProblem e) {
            notStarted(row, e);
            return;
        }
        follow(row.id(), row.flowId(), executionId);
    }

    /** Records PROCESSED or FAILED once the execution has ended. */
    private void follow(String deliveryId, String flowId, String executionId) {
        follow(deliveryId, flowId, executionId, () -> { });
    }

    private void follow(String deliveryId, String flowId, String executionId, Runnable then) {
        executions.whenEnded(executionId).whenCompleteAsync((e, failure) -> {
            try {
                if (failure != null || e == null) {
                    fail(deliveryId, flowId, "INTERNAL_ERROR", "the execution's end is unknown");
                    return;
                }
                boolean ok = "SUCCEEDED".equals(e.path("status").asText());
                metrics.webhook(flowId, ok ? "processed" : "failed");
                JsonNode error = e.get("error");
                deliveries.finish(deliveryId, ok ? PROCESSED : FAILED,
                        ok || error == null || error.isNull() ? null : Jsons.write(error));
            } catch (RuntimeException x) {
                LOG.error("delivery {}: its end could not be recorded: {}", deliveryId, x.toString());
            } finally {
                then.run();
            }
        }, workers);
    }

    // ------------------------------------------------------------------ ordering

    /** Deliveries of one flow with one ordering key: run one at a time, lowest sequence first. */
    private static final class Lane {
        final java.util.PriorityQueue<WebhookDeliveryRow> pending = new java.util.PriorityQueue<>(
                java.util.Comparator.comparing(WebhookDeliveryRow::sequenceNo,
                                java.util.Comparator.nullsLast(java.util.Comparator.naturalOrder()))
                        .thenComparing(WebhookDeliveryRow::receivedAt).thenComparing(WebhookDeliveryRow::id));
        boolean busy;
        boolean closed;
    }

    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();

    private void enqueueOrdered(WebhookDeliveryRow row) {
        String key = row.flowId() + "\n" + row.orderingKey();
        while (true) {
            Lane lane = lanes.computeIfAbsent(key, k -> new Lane());
            synchronized (lane) {
                if (lane.closed) {
                    continue;
                }
                lane.pending.add(row);
                if (lane.busy) {
                    return;
                }
                lane.busy = true;
            }
            runNext(key, lane);
            return;
        }
    }

    private void runNext(String key, Lane lane) {
        try {
            workers.execute(() -> next(key, lane));
        } catch (RejectedExecutionException e) {
            LOG.info("ordered deliveries left for the next start");
        }
    }

    private void next(String key, Lane lane) {
        WebhookDeliveryRow row;
        synchronized (lane) {
            row = lane.pending.poll();
            if (row == null) {
                lane.busy = false;
                lane.closed = true;
                lanes.remove(key, lane);
                return;
            }
        }
        try {
            Long last = row.sequenceNo() == null ? null : deliveries.lastProcessedSequence(row.flowId(), row.orderingKey());
            if (last != null && row.sequenceNo() < last) {
                ObjectNode error = JsonNodeFactory.instance.objectNode().put("code", "STALE")
                        .put("message", "sequence " + row.sequenceNo() + " is older than " + last
                                + ", the last processed for its ordering key");
                deliveries.finish(row.id(), SKIPPED_STALE, Jsons.write(error));
                metrics.webhook(row.flowId(), "stale");
                runNext(key, lane);
                return;
            }
            String executionId = Ids.next(clock);
            if (deliveries.claim(row.id(), executionId) == 0) {
                runNext(key, lane);
                return;
            }
            try {
                executions.startAs(row.flowId(), row.flowVersion(), trigger(row), executionId);
            } catch (ApiProblem e) {
                notStarted(row, e);
                runNext(key, lane);
                return;
            }
            follow(row.id(), row.flowId(), executionId, () -> runNext(key, lane));
        } catch (RuntimeException e) {
            LOG.error("delivery {} could not be processed: {}", row.id(), e.toString());
            fail(row.id(), row.flowId(), "INTERNAL_ERROR", "could not be processed: " + e.getMessage());
            runNext(key, lane);
        }
    }

    /**
     * A delivery whose execution could not start: its flow was deleted after the 200 ({@code FLOW_DELETED}, also when
     * a flow with the same id was created since: the delivery was accepted for the deleted one), or the
     * execution could not be stored ({@code NOT_STARTED}). A disabled flow still runs what it accepted.
     */
    private void notStarted(WebhookDeliveryRow row, ApiProblem e) {
        String code = e.status() == HttpStatus.NOT_FOUND ? "FLOW_DELETED" : "NOT_STARTED";
        LOG.warn("webhook delivery {} of flow {} was not processed ({}): {}", row.id(), row.flowId(), code, e.getMessage());
        metrics.webhook(row.flowId(), "failed");
        ObjectNode error = JsonNodeFactory.instance.objectNode().put("code", code).put("message", e.getMessage());
        deliveries.finishUnstarted(row.id(), FAILED, Jsons.write(error));
    }

    private void fail(String deliveryId, String flowId, String code, String message) {
        metrics.webhook(flowId, "failed");
        ObjectNode error = JsonNodeFactory.instance.objectNode().put("code", code).put("message", message);
        deliveries.finish(deliveryId, FAILED, Jsons.write(error));
    }

    /**
     * After a restart (once {@link ExecutionService#recover()} has run): this node's deliveries
     * still RECEIVED are processed, each by the execution it names if it has one.
     */
    public void recover() {
        resume(deliveries.findByNodeIdAndStatusOrderByReceivedAt(node, RECEIVED));
    }

    /**
     * Takes over the unprocessed deliveries of a node that stopped ({@code from} null: those naming
     * no node), after {@link ExecutionService#takeOver} took its executions. Each delivery moves
     * with a conditional update, so two nodes never both take one.
     */
    public int takeOver(String from) {
        List<WebhookDeliveryRow> open = from == null
                ? deliveries.findByNodeIdIsNullAndStatusOrderByReceivedAt(RECEIVED)
                : deliveries.findByNodeIdAndStatusOrderByReceivedAt(from, RECEIVED);
        List<WebhookDeliveryRow> taken = open.stream()
                .filter(r -> (from == null ? deliveries.moveUnowned(r.id(), node) : deliveries.move(r.id(), from, node)) == 1)
                .toList();
        resume(taken);
        return taken.size();
    }

    /** The other nodes named by unprocessed deliveries. */
    public List<String> openOwners() {
        return deliveries.openOwners().stream().filter(n -> !n.equals(node)).toList();
    }

    private void resume(List<WebhookDeliveryRow> open) {
        for (WebhookDeliveryRow row : open) {
            if (row.executionId() == null) {
                schedule(row);
            } else if (executionRows.existsById(row.executionId())) {
                follow(row.id(), row.flowId(), row.executionId());
            } else {
                workers.execute(() -> {
                    try {
                        start(row, row.executionId());
                    } catch (RuntimeException e) {
                        LOG.error("delivery {} could not be processed: {}", row.id(), e.toString());
                        fail(row.id(), row.flowId(), "INTERNAL_ERROR", "could not be processed: " + e.getMessage());
                    }
                });
            }
        }
        if (!open.isEmpty()) {
            LOG.info("recovered webhook deliveries: {} received and not yet processed", open.size());
        }
    }

    /** The execution trigger of a stored delivery. */
    static ObjectNode trigger(WebhookDeliveryRow row) {
        byte[] raw = WebhookBodies.bytes(row);
        JsonNode body;
        try {
            body = WebhookBodies.parse(row.contentType(), raw);
        } catch (IllegalArgumentException e) {
            body = TextNode.valueOf(WebhookBodies.text(row.contentType(), raw));
        }
        Map<String, String> headers = new LinkedHashMap<>();
        Jsons.read(row.headersJson()).fields().forEachRemaining(f -> headers.put(f.getKey(), f.getValue().asText()));
        // deliveries stored before repeated parameters became lists hold texts only: read either way
        return Triggers.webhook(body, headers, (ObjectNode) Jsons.read(row.queryJson()));
    }

    /**
     * Retention: dedupe keys older than the dedupe window are forgotten, and deliveries that ended
     * before the retention period are deleted once their key is forgotten. Answers how many were deleted.
     */
    public int prune() {
        deliveries.forgetKeys(clock.instant().minus(config.getWebhookDedupeWindow()));
        return deliveries.deleteEndedBefore(clock.instant().minus(config.getRetention()));
    }

    // ------------------------------------------------------------------ reading

    public List<ObjectNode> list(String flowId, String status, int limit) {
        Pageable page = Pageable.from(0, Math.max(1, Math.min(limit, 1000)));
        String s = status == null ? null : status.toUpperCase(Locale.ROOT);
        List<WebhookDeliveryRow> rows;
        if (flowId != null && s != null) {
            rows = deliveries.findByFlowIdAndStatusOrderByReceivedAtDesc(flowId, s, page);
        } else if (flowId != null) {
            rows = deliveries.findByFlowIdOrderByReceivedAtDesc(flowId, page);
        } else if (s != null) {
            rows = deliveries.findByStatusOrderByReceivedAtDesc(s, page);
        } else {
            rows = deliveries.list(Pageable.from(0, page.getSize(),
                    io.micronaut.data.model.Sort.of(io.micronaut.data.model.Sort.Order.desc("receivedAt"))));
        }
        List<ObjectNode> out = new ArrayList<>();
        rows.forEach(r -> out.add(redactor.redact(summary(r))));
        return out;
    }

    public ObjectNode get(String id) {
        WebhookDeliveryRow r = deliveries.findById(id)
                .orElseThrow(() -> ApiProblem.notFound("no webhook delivery with id '" + id + "'"));
        ObjectNode n = summary(r);
        n.put("path", r.path());
        n.put("contentType", r.contentType());
        n.set("headers", Jsons.read(r.headersJson()));
        n.set("query", Jsons.read(r.queryJson()));
        // the text the flow sees, in the body's charset (bodies kept in base64 are shown decoded, like the others)
        byte[] raw = WebhookBodies.bytes(r);
        String text = WebhookBodies.text(r.contentType(), raw);
        n.put("body", text);
        if (!Arrays.equals(text.getBytes(StandardCharsets.UTF_8), raw) && holdsNoSecret(text, raw)) {
            // that text does not give the bytes back (they are not UTF-8, or another charset was declared)
            n.put("bodyBase64", Base64.getEncoder().encodeToString(raw));
        }
        // stored as received (the flow needs it so); masked on the way out
        return redactor.redact(n);
    }

    /**
     * Whether the redactor finds no secret value in a body, read in its charset or byte by byte: one found is masked
     * in its text, and its base64 would give it away.
     */
    private boolean holdsNoSecret(String text, byte[] raw) {
        String bytewise = new String(raw, StandardCharsets.ISO_8859_1);
        return redactor.redact(text) == text && redactor.redact(bytewise) == bytewise;
    }

    private static ObjectNode summary(WebhookDeliveryRow r) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("id", r.id());
        n.put("flowId", r.flowId());
        n.put("receivedAt", r.receivedAt().toString());
        n.put("status", r.status());
        if (r.executionId() != null) {
            n.put("executionId", r.executionId());
        }
        if (r.errorJson() != null) {
            n.set("error", Jsons.read(r.errorJson()));
        }
        return n;
    }

    @PreDestroy
    void stop() {
        workers.shutdown();
        try {
            workers.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
