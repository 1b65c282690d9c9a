package io.flows.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.steps.runtime.ErrorInfo;
import io.flows.steps.runtime.TraceEntry;
import java.time.Instant;
import java.util.List;

/** An execution as recorded: what started it, how it ended, and every step attempt. */
public record ExecutionRecord(
        String id,
        String flowId,
        int flowVersion,
        ExecutionStatus status,
        JsonNode trigger,
        JsonNode output,
        ErrorInfo error,
        Instant startedAt,
        Instant finishedAt,
        String parentExecutionId,
        List<TraceEntry> steps) {

    public Long durationMs() {
        return finishedAt == null ? null : finishedAt.toEpochMilli() - startedAt.toEpochMilli();
    }
}
