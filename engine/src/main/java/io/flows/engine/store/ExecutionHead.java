package io.flows.engine.store;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/**
 * An execution's row without its trigger and output: what listings and the recovery of open executions read.
 * A trigger may be megabytes (up to the request size limit), so reading whole rows by the hundred could take
 * more heap than the service has.
 */
@Introspected
public record ExecutionHead(
        String id,
        String flowId,
        int flowVersion,
        String status,
        @Nullable String errorJson,
        Instant queuedAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        @Nullable String parentExecutionId,
        @Nullable String nodeId) {

    public static ExecutionHead of(ExecutionRow r) {
        return new ExecutionHead(r.id(), r.flowId(), r.flowVersion(), r.status(), r.errorJson(), r.queuedAt(),
                r.startedAt(), r.finishedAt(), r.parentExecutionId(), r.nodeId());
    }
}
