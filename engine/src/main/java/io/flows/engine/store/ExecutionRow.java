package io.flows.engine.store;

import io.micronaut.core.annotation.Creator;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * An execution; JSON values as text; {@code nodeId}: who runs it. {@code stepsJson}: the whole step trace as a JSON
 * array once it has ended (null before, and for executions stored before it existed: their trace is in
 * {@link StepRow}s, as are the steps a long run stores while it runs).
 */
@MappedEntity(value = "executions", escape = false)
public record ExecutionRow(
        @Id String id,
        String flowId,
        int flowVersion,
        String status,
        String triggerJson,
        @Nullable String outputJson,
        @Nullable String errorJson,
        Instant queuedAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        @Nullable String parentExecutionId,
        @Nullable String nodeId,
        @Nullable String stepsJson) {

    @Creator
    public ExecutionRow {
    }

    /** A row without its step trace: one that has not ended, or whose steps are rows of their own. */
    public ExecutionRow(String id, String flowId, int flowVersion, String status, String triggerJson,
                        @Nullable String outputJson, @Nullable String errorJson, Instant queuedAt,
                        @Nullable Instant startedAt, @Nullable Instant finishedAt, @Nullable String parentExecutionId,
                        @Nullable String nodeId) {
        this(id, flowId, flowVersion, status, triggerJson, outputJson, errorJson, queuedAt, startedAt, finishedAt,
                parentExecutionId, nodeId, null);
    }

    public ExecutionRow withStatus(String status, Instant startedAt) {
        return new ExecutionRow(id, flowId, flowVersion, status, triggerJson, outputJson, errorJson, queuedAt,
                startedAt, finishedAt, parentExecutionId, nodeId, stepsJson);
    }

    /** The same row without its trigger text, for a queued execution whose trigger waits in the database. */
    public ExecutionRow withoutTrigger() {
        return new ExecutionRow(id, flowId, flowVersion, status, null, outputJson, errorJson, queuedAt, startedAt,
                finishedAt, parentExecutionId, nodeId, stepsJson);
    }

    public ExecutionRow withNode(String node) {
        return new ExecutionRow(id, flowId, flowVersion, status, triggerJson, outputJson, errorJson, queuedAt,
                startedAt, finishedAt, parentExecutionId, node, stepsJson);
    }
}
