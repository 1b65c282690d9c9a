package io.flows.engine.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.dsl.FlowDsl;
import io.flows.dsl.model.Flow;
import io.flows.dsl.model.Trigger;
import io.flows.dsl.parse.Format;
import io.flows.dsl.validate.Problem;
import io.flows.engine.api.ApiProblem;
import io.flows.engine.runtime.FlowEngine;
import io.flows.engine.runtime.FlowLoader;
import io.flows.engine.runtime.FlowVersion;
import io.flows.engine.runtime.Jsons;
import io.flows.engine.runtime.KeyedLocks;
import io.flows.engine.store.FlowRepository;
import io.flows.engine.store.FlowRow;
import io.flows.engine.store.FlowVersionRepository;
import io.flows.engine.store.FlowVersionRow;
import io.flows.engine.store.UniqueViolation;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Saving, versioning and reading flows. Every save is a new immutable version; the source text is
 * stored as written, beside the parsed form, so YAML comes back with its comments and order.
 */
@Singleton
public class FlowService {

    /** The unique index (migration V10) that gives a webhook path to one flow only, whatever saves run at once. */
    private static final String WEBHOOK_PATH_INDEX = "flows_webhook_path_unique";
    /** Tries of a save without If-Match whose version other nodes keep taking first. */
    private static final int UNCONDITIONAL_SAVE_ATTEMPTS = 5;

    private final FlowRepository flows;
    private final FlowVersionRepository versions;
    private final FlowRegistry registry;
    private final FlowEngine engine;
    private final FlowLoader loader;
    private final Clock clock;
    private final TransactionOperations<Connection> tx;
    /** One save of a flow at a time on this node, so concurrent saves get successive versions, not a clash. */
    private final KeyedLocks saving = new KeyedLocks();

    public FlowService(FlowRepository flows, FlowVersionRepository versions, FlowRegistry registry, FlowEngine engine,
                       Clock clock, TransactionOperations<Connection> tx) {
        this.flows = flows;
        this.versions = versions;
        this.registry = registry;
        this.engine = engine;
        this.loader = new FlowLoader(new FlowDsl(), engine.scripts(), engine.endpointPolicy());
        this.clock = clock;
        this.tx = tx;
    }

    /** Both validation stages: the problems (none when valid) and the warnings. */
    public FlowDsl.Result validate(byte[] body, Format format) {
        return loader.read(body, format);
    }

    /**
     * A version just saved, with the warnings of its document.
     *
     * @param warnings what the document says but will not do (they did not stop the save)
     */
    public record SavedVersion(FlowVersion version, List<Problem> warnings) {
    }

    /** Creates a flow (version 1, or the next version of a deleted flow with the same id), enabled. */
    public SavedVersion create(byte[] body, Format format) {
        return create(body, format, true);
    }

    /** Creates a flow, enabled or not: a disabled one is never started by its trigger, not even once. */
    public SavedVersion create(byte[] body, Format format, boolean enabled) {
        FlowDsl.Result r = requireValid(loader.read(body, format));
        try {
            Saved saved = oneSaveAtATime(r.flow().id(), () -> create(r, format, enabled));
            return new SavedVersion(saved.version(), saved.warnings());
        } catch (SavedMeanwhile e) {
            throw ApiProblem.conflict("a flow with id '" + r.flow().id() + "' was created by another request at the"
                    + " same moment; PUT /api/flows/" + r.flow().id() + " saves a new version");
        }
    }

    private Saved create(FlowDsl.Result r, Format format, boolean enabled) {
        Flow flow = r.flow();
        Optional<FlowRow> existing = registry.currentForChange(flow.id());
        if (existing.isPresent() && !existing.get().deleted()) {
            throw ApiProblem.conflict("a flow with id '" + flow.id() + "' already exists; PUT /api/flows/" + flow.id() + " saves a new version");
        }
        checkWebhookPath(flow);
        int version = existing.map(e -> e.latestVersion() + 1).orElse(1);
        Instant now = clock.instant();
        FlowRow row = new FlowRow(flow.id(), flow.name(), flow.description(), version, version, enabled, false,
                flow.trigger().type().json(), webhookPath(flow), existing.map(FlowRow::createdAt).orElse(now), now);
        write(row, existing.isEmpty());
        return new Saved(row, saveVersion(r, format, version, now), r.warnings());
    }

    /**
     * Saves a new version; {@code ifMatch} (the versions the edit may be based on, any of them; null: any version)
     * guards against lost updates.
     */
    public SavedVersion update(String id, byte[] body, Format format, @Nullable List<Integer> ifMatch) {
        for (int attempt = 1; ; attempt++) {
            try {
                Saved saved = oneSaveAtATime(id, () -> saveNextVersion(id, body, format, ifMatch));
                return new SavedVersion(saved.version(), saved.warnings());
            } catch (SavedMeanwhile e) {
                // another node saved the version this save was about to take
                if (ifMatch != null) {
                    throw new ApiProblem(HttpStatus.PRECONDITION_FAILED, "the flow was saved by another request at the"
                            + " same moment, so it is no longer at version " + either(ifMatch)
                            + ". Fetch it again and re-apply your change.");
                }
                if (attempt == UNCONDITIONAL_SAVE_ATTEMPTS) { // without If-Match the save goes on top of the other
                    throw ApiProblem.conflict("flow '" + id + "' was saved by other requests at the same moment "
                            + attempt + " times in a row; try again");
                }
            }
        }
    }

    /** "3", "3 or 4", "3, 4 or 5". */
    private static String either(List<Integer> versions) {
        List<String> named = versions.stream().distinct().map(String::valueOf).toList();
        return named.size() == 1 ? named.get(0)
                : String.join(", ", named.subList(0, named.size() - 1)) + " or " + named.get(named.size() - 1);
    }

    private Saved saveNextVersion(String id, byte[] body, Format format, @Nullable List<Integer> ifMatch) {
        requireMatch(registry.current(id).filter(r -> !r.deleted())
                .orElseThrow(() -> ApiProblem.notFound("no flow with id '" + id + "'")), ifMatch);
        FlowDsl.Result r = requireValid(readWithId(body, format, id));
        if (!r.flow().id().equals(id)) {
            throw ApiProblem.badRequest("the document's id '" + r.flow().id() + "' does not match '" + id + "' in the URL");
        }
        // checked again on the locked row, which a delete or another node's save may have changed during the checks:
        // the lock is taken only now, so that validating the document (scripts included) holds up no other change
        FlowRow current = registry.currentForChange(id).filter(row -> !row.deleted())
                .orElseThrow(() -> ApiProblem.notFound("no flow with id '" + id + "' (it was deleted meanwhile)"));
        requireMatch(current, ifMatch);
        checkWebhookPath(r.flow());
        int version = current.latestVersion() + 1;
        Instant now = clock.instant();
        Flow flow = r.flow();
        FlowRow row = new FlowRow(id, flow.name(), flow.description(), version, current.firstVersion(),
                current.enabled(), false, flow.trigger().type().json(), webhookPath(flow), current.createdAt(), now);
        write(row, false);
        return new Saved(row, saveVersion(r, format, version, now), r.warnings());
    }

    /** 412 unless {@code ifMatch} (null: no If-Match) names the flow's latest version. */
    private static void requireMatch(FlowRow current, @Nullable List<Integer> ifMatch) {
        int latest = current.latestVersion();
        if (ifMatch != null && ifMatch.isEmpty()) {
            throw new ApiProblem(HttpStatus.PRECONDITION_FAILED, "If-Match lists no entity tag, so it matches no"
                    + " version; the flow is at version " + latest + ". Send the ETag you fetched, or no If-Match.");
        }
        if (ifMatch != null && ifMatch.stream().allMatch(v -> v > latest)) {
            throw new ApiProblem(HttpStatus.PRECONDITION_FAILED, "the flow is at version " + latest
                    + "; it has no version " + either(ifMatch) + " yet. Fetch it again and apply your change to what it holds.");
        }
        if (ifMatch != null && !ifMatch.contains(latest)) {
            throw new ApiProblem(HttpStatus.PRECONDITION_FAILED,
                    "the flow is at version " + latest + ", not " + either(ifMatch)
                            + "; someone else saved it meanwhile. Fetch it again and re-apply your change.");
        }
    }

    /** A flow's row and new version as written in a save's transaction, made known here once it commits. */
    private record Saved(FlowRow row, FlowVersion version, List<Problem> warnings) {
    }

    /** A save that lost its version to another node's save of the same flow at the same moment (rolled back). */
    private static final class SavedMeanwhile extends RuntimeException {
        SavedMeanwhile(Throwable cause) {
            super(cause);
        }
    }

    /**
     * A save whose webhook path another flow's save, at the same moment, got first (so {@link #checkWebhookPath}
     * saw it free). Answered with 409 once its transaction is rolled back, when the winner can be named.
     */
    private static final class WebhookPathTaken extends RuntimeException {
        private final String path;

        WebhookPathTaken(String path, Throwable cause) {
            super(cause);
            this.path = path;
        }
    }

    private void write(FlowRow row, boolean insert) {
        try {
            if (insert) {
                flows.save(row);
            } else {
                flows.update(row);
            }
        } catch (DataAccessException e) {
            if (UniqueViolation.in(e, WEBHOOK_PATH_INDEX)) {
                throw new WebhookPathTaken(row.webhookPath(), e);
            }
            throw e;
        }
    }

    /**
     * Runs one save of a flow in its own transaction, committed before the next save of the same flow starts here.
     * Another node saving the same flow at the same moment makes one of the two inserts of the same version
     * fail ({@link SavedMeanwhile}). A save whose webhook path another flow's concurrent save took first gets 409.
     */
    private Saved oneSaveAtATime(String flowId, Supplier<Saved> save) {
        return saving.with(flowId, () -> {
            try {
                Saved saved = tx.executeWrite(status -> save.get());
                // only now: a save whose commit failed must leave no trace in the cache or the engine
                registry.remember(saved.version());
                registry.changed(saved.row());
                engine.retireAllBut(flowId, saved.version().version());
                return saved;
            } catch (WebhookPathTaken e) {
                throw flows.findByWebhookPathAndDeletedFalse(e.path)
                        .map(winner -> webhookPathUsed(e.path, winner.id()))
                        .orElseGet(() -> ApiProblem.conflict("webhook path '" + e.path
                                + "' was claimed by another flow saved at the same moment; try again"));
            } catch (DataAccessException e) {
                if (UniqueViolation.in(e, null)) {
                    throw new SavedMeanwhile(e);
                }
                throw e;
            }
        });
    }


    private FlowVersion saveVersion(FlowDsl.Result r, Format format, int version, Instant now) {
        String source = r.document().text();
        versions.save(new FlowVersionRow(FlowVersionRow.key(r.flow().id(), version), r.flow().id(), version,
                format.name(), source, now, format == Format.YAML ? FlowVersionRow.YAML_SPEC : null));
        return new FlowVersion(r.flow().id(), version, r.flow(), source);
    }

    /**
     * A new version may leave out its id (the URL names the flow): it is then written into the document as its
     * first entry ({@link YamlIdInsertion}), so that the stored text, like every stored version, names its flow. A
     * document that cannot take it (its root is not a mapping) is left as sent, and validation asks for the id.
     *
     * @return the document as read (and checked), with its id added where it was missing
     */
    private FlowDsl.Result readWithId(byte[] body, Format format, String id) {
        FlowDsl.Result r = loader.read(body, format);
        JsonNode root = r.document() == null ? null : r.document().root();
        if (root == null || !root.isObject() || root.has("id")) {
            return r;
        }
        if (format == Format.JSON) {
            ObjectNode withId = JsonNodeFactory.instance.objectNode().put("id", id);
            withId.setAll((ObjectNode) root);
            return loader.read(Jsons.write(withId).getBytes(StandardCharsets.UTF_8), format);
        }
        Optional<String> text = YamlIdInsertion.insert(r.document().text(), id);
        if (text.isEmpty()) {
            return r;
        }
        FlowDsl.Result withId = loader.read(text.get().getBytes(StandardCharsets.UTF_8), format);
        return withId.document() != null && id.equals(withId.document().root().path("id").asText(null)) ? withId : r;
    }

    private static FlowDsl.Result requireValid(FlowDsl.Result r) {
        if (!r.valid()) {
            throw ApiProblem.invalidFlow(r.problems(), r.warnings());
        }
        return r;
    }

    private void checkWebhookPath(Flow flow) {
        String path = webhookPath(flow);
        if (path == null) {
            return;
        }
        flows.findByWebhookPathAndDeletedFalse(path)
                .filter(other -> !other.id().equals(flow.id()))
                .ifPresent(other -> {
                    throw webhookPathUsed(path, other.id());
                });
    }

    private static ApiProblem webhookPathUsed(String path, String byFlow) {
        return ApiProblem.conflict("webhook path '" + path + "' is already used by flow '" + byFlow + "'");
    }

    private static String webhookPath(Flow flow) {
        return flow.trigger().type() == Trigger.Type.WEBHOOK ? flow.trigger().path() : null;
    }

    public SavedFlow get(String id) {
        FlowRow row = registry.row(id).orElseThrow(() -> ApiProblem.notFound("no flow with id '" + id + "'"));
        return version(id, row.latestVersion(), row);
    }

    public SavedFlow version(String id, int version) {
        FlowRow row = registry.row(id).orElseThrow(() -> ApiProblem.notFound("no flow with id '" + id + "'"));
        if (version >= 1 && version < row.firstVersion()) {
            // kept for the deleted flow's executions, but not a version of the flow now under this id
            throw ApiProblem.notFound("version " + version + " of '" + id + "' belonged to a flow that was deleted; "
                    + "the flow now under its id was created again from version " + row.firstVersion());
        }
        return version(id, version, row);
    }

    private SavedFlow version(String id, int version, FlowRow row) {
        FlowVersionRow v = versions.findById(FlowVersionRow.key(id, version))
                .orElseThrow(() -> ApiProblem.notFound("flow '" + id + "' has no version " + version));
        return new SavedFlow(row, v, document(v));
    }

    /** The version as a JSON object, with the fields the server adds. */
    private static JsonNode document(FlowVersionRow v) {
        FlowDsl.Result r = new FlowDsl().read(v.source().getBytes(StandardCharsets.UTF_8), Format.valueOf(v.format()));
        ObjectNode doc = ((ObjectNode) r.document().root()).deepCopy();
        doc.put("version", v.version());
        doc.put("createdAt", v.createdAt().toString());
        return doc;
    }

    /** The versions of the flow now under {@code id}: not those of a deleted flow it was created again after. */
    public List<FlowVersionRow> versions(String id) {
        FlowRow row = registry.row(id).orElseThrow(() -> ApiProblem.notFound("no flow with id '" + id + "'"));
        return versions.findByFlowIdOrderByVersionDesc(id).stream()
                .filter(v -> v.version() >= row.firstVersion())
                .toList();
    }

    public List<FlowRow> list() {
        return flows.findByDeletedFalseOrderById();
    }

    /**
     * What a newer Flows reads otherwise in the current versions of stored flows, by flow and version: unquoted
     * YAML values that YAML 1.1 (followed before) typed otherwise, in versions saved back then (a flow saved with
     * {@code notify: off} meant false and now means the text "off"), rules the version no longer passes (a webhook path ending in '/'), and
     * webhook paths the flow declares but does not hold (migration V10 left a path that several flows had with
     * the oldest of them).
     */
    public Map<String, List<String>> readOtherwiseNow() {
        Map<String, List<String>> found = new TreeMap<>();
        for (FlowRow row : list()) {
            SavedFlow saved = get(row.id());
            Format format = Format.valueOf(saved.version().format());
            FlowDsl.Result r = loader.read(saved.version().source().getBytes(StandardCharsets.UTF_8), format);
            List<String> notes = new ArrayList<>();
            boolean readAsYaml11 = format == Format.YAML && saved.version().yamlSpec() == null;
            if (readAsYaml11 && r.document() != null && !r.document().retyped().isEmpty()) {
                notes.add("unquoted YAML values now read as YAML 1.2 (text, not booleans or octal numbers); quote them,"
                        + " or write true/false, if the old meaning was intended: " + r.document().retyped());
            }
            if (!r.valid()) {
                notes.add("no longer valid, so it cannot be saved again unchanged: " + r.problems());
            }
            String declared = r.flow() == null ? null : webhookPath(r.flow());
            if (declared != null && row.webhookPath() == null) {
                notes.add(webhookPathLost(declared));
            }
            if (!notes.isEmpty()) {
                found.put(row.id() + " v" + row.latestVersion(), notes);
            }
        }
        return found;
    }

    /** Why a flow declaring webhook path {@code path} does not hold it: only migration V10 takes a path away. */
    private String webhookPathLost(String path) {
        return flows.findByWebhookPathAndDeletedFalse(path)
                .map(holder -> "receives no webhooks at /hooks/" + path + ": flow '" + holder.id() + "' holds that path"
                        + " (an older Flows let both flows save it at the same moment, and the older flow kept it);"
                        + " give this flow another path")
                .orElse("receives no webhooks at /hooks/" + path + ", a path that an older Flows let several flows"
                        + " save at the same moment and that no flow holds now; save this flow again to claim it");
    }

    @Transactional
    public FlowRow setEnabled(String id, boolean enabled) {
        FlowRow r = registry.currentForChange(id).filter(row -> !row.deleted())
                .orElseThrow(() -> ApiProblem.notFound("no flow with id '" + id + "'"));
        FlowRow updated = new FlowRow(r.id(), r.name(), r.description(), r.latestVersion(), r.firstVersion(), enabled,
                false, r.triggerType(), r.webhookPath(), r.createdAt(), clock.instant());
        flows.update(updated);
        registry.changed(updated);
        return updated;
    }

    /** Deletes a flow: its executions stay readable, its routes go; the id can be created again. */
    @Transactional
    public void delete(String id) {
        FlowRow r = registry.currentForChange(id).filter(row -> !row.deleted())
                .orElseThrow(() -> ApiProblem.notFound("no flow with id '" + id + "'"));
        FlowRow deleted = new FlowRow(r.id(), r.name(), r.description(), r.latestVersion(), r.firstVersion(), false,
                true, r.triggerType(), null, r.createdAt(), clock.instant());
        flows.update(deleted);
        registry.changed(deleted);
        engine.retireAllBut(id, 0);
    }

    /** Used when the service starts on an empty database. */
    public boolean isEmpty() {
        return flows.count() == 0;
    }

    static String json(JsonNode n) {
        return Jsons.write(n);
    }
}
