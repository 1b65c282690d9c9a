package io.flows.engine.service;

import io.flows.dsl.FlowDsl;
import io.flows.dsl.parse.Format;
import io.flows.engine.runtime.FlowCatalog;
import io.flows.engine.runtime.FlowVersion;
import io.flows.engine.store.FlowRepository;
import io.flows.engine.store.FlowRow;
import io.flows.engine.store.FlowVersionRepository;
import io.flows.engine.store.FlowVersionRow;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Saved flow versions, parsed once and kept: versions are immutable, so a cached one is never
 * stale. Also the engine's catalog for {@code call-flow} (the latest version of a flow that is not
 * deleted).
 */
@Singleton
public class FlowRegistry implements FlowCatalog {

    private final FlowRepository flows;
    private final FlowVersionRepository versions;
    private final FlowDsl dsl = new FlowDsl();
    private final Map<String, FlowVersion> parsed = new ConcurrentHashMap<>();
    /**
     * Flow rows by id, so starting an execution reads no table for each start. A row read from the database is kept
     * for {@link #ROW_FRESHNESS} only: another node sharing the database may change the flow (a new version, a
     * disable, a delete), and only this node's own changes come through {@link #changed}.
     */
    private final Map<String, Cached> rows = new ConcurrentHashMap<>();

    /** How long a node goes on with a flow row it read before it reads it again. */
    static final Duration ROW_FRESHNESS = Duration.ofSeconds(1);

    private record Cached(FlowRow row, long readAt) {
        boolean fresh(long now) {
            return now - readAt < ROW_FRESHNESS.toNanos();
        }
    }

    public FlowRegistry(FlowRepository flows, FlowVersionRepository versions) {
        this.flows = flows;
        this.versions = versions;
    }

    public Optional<FlowRow> row(String flowId) {
        return anyRow(flowId).filter(r -> !r.deleted());
    }

    /** Whether a flow with this id was ever saved, deleted since or not. */
    public boolean known(String flowId) {
        return anyRow(flowId).isPresent();
    }

    private Optional<FlowRow> anyRow(String flowId) {
        Cached cached = rows.get(flowId);
        if (cached != null && cached.fresh(System.nanoTime())) {
            return Optional.of(cached.row());
        }
        return current(flowId);
    }

    /**
     * The flow's row as stored now, deleted or not: what a change of the flow must start from, since another node
     * may have changed it a moment ago.
     */
    Optional<FlowRow> current(String flowId) {
        return remembered(flowId, flows.findById(flowId).orElse(null));
    }

    /** Like {@link #current}, with the row locked until the caller's transaction ends ({@link FlowRepository#findByIdForUpdate}). */
    Optional<FlowRow> currentForChange(String flowId) {
        return remembered(flowId, flows.findByIdForUpdate(flowId).orElse(null));
    }

    private Optional<FlowRow> remembered(String flowId, FlowRow row) {
        if (row == null) {
            // unknown ids are not remembered: anyone can ask for any number of them
            rows.remove(flowId);
        } else {
            rows.put(flowId, new Cached(row, System.nanoTime()));
        }
        return Optional.ofNullable(row);
    }

    /** Called after a flow row was written (create, new version, enable, disable, delete). */
    void changed(FlowRow row) {
        rows.put(row.id(), new Cached(row, System.nanoTime()));
    }

    /** A saved version, or empty when there is none. */
    public Optional<FlowVersion> version(String flowId, int version) {
        String key = FlowVersionRow.key(flowId, version);
        FlowVersion cached = parsed.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        return versions.findById(key).map(row -> {
            FlowVersion v = parse(row);
            parsed.put(key, v);
            return v;
        });
    }

    /** Caches a version just saved, so the first run does not parse it again. */
    void remember(FlowVersion v) {
        parsed.put(FlowVersionRow.key(v.flowId(), v.version()), v);
    }

    @Override
    public Optional<FlowVersion> latest(String flowId) {
        return row(flowId).flatMap(r -> version(flowId, r.latestVersion()));
    }

    @Override
    public boolean enabled(String flowId) {
        return row(flowId).map(FlowRow::enabled).orElse(false);
    }

    private FlowVersion parse(FlowVersionRow row) {
        FlowDsl.Result r = dsl.read(row.source().getBytes(StandardCharsets.UTF_8), Format.valueOf(row.format()));
        if (!r.valid()) {
            // saved versions passed validation; a newer language that refuses an old one must say so clearly
            throw new IllegalStateException("stored flow " + row.id() + " no longer validates: " + r.problems());
        }
        return new FlowVersion(row.flowId(), row.version(), r.flow(), row.source());
    }
}
