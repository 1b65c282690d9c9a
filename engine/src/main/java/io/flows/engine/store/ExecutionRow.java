package io.flows.engine.store;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** An execution without its step trace (see {@link StepRow}); JSON values as text; {@code nodeId}: who runs it. */
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
        @Nullable String nodeId) {

    public ExecutionRow withStatus(String status, Instant startedAt) {
        return new ExecutionRow(id, flowId, flowVersion, status, triggerJson, outputJson, errorJson, queuedAt,
                startedAt, finishedAt, parentExecutionId, nodeId);
    }

    /** The same row without its trigger text, for a queued execution whose trigger waits in the database. */
    public ExecutionRow withoutTrigger() {
        return new ExecutionRow(id, flowId, flowVersion, status, null, outputJson, errorJson, queuedAt, startedAt,
                finishedAt, parentExecutionId, nodeId);
    }

    public ExecutionRow withNode(String node) {
        return new ExecutionRow(id, flowId, flowVersion, status, triggerJson, outputJson, errorJson, queuedAt,
                startedAt, finishedAt, parentExecutionId, node);
    }
}
