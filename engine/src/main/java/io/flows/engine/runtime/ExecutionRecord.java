package io.flows.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.steps.runtime.ErrorInfo;
import io.flows.steps.runtime.TraceEntry;
import java.time.Instant;
import java.util.List;

/**
 * An execution as recorded: what started it, how it ended, and every step attempt. {@code retryable}: whether the
 * error that ended it was a step's failure that may pass if run again (an HTTP 503, an injected fault), so that a
 * {@code call-flow} step with a retry policy runs the flow again.
 */
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
        List<TraceEntry> steps,
        boolean retryable) {

    public Long durationMs() {
        return finishedAt == null ? null : finishedAt.toEpochMilli() - startedAt.toEpochMilli();
    }
}
