package io.flows.engine.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.engine.runtime.Jsons;
import io.flows.engine.store.ExecutionRow;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * The event an ended execution makes, and its payload: a summary of the execution (never its
 * trigger, output or step trace: they can be large and hold business data) with a link to it.
 */
final class ExecutionEvent {

    static final String SUCCEEDED = "execution.succeeded";
    static final String FAILED = "execution.failed";
    static final String CANCELLED = "execution.cancelled";
    static final List<String> TYPES = List.of(SUCCEEDED, FAILED, CANCELLED);

    private ExecutionEvent() {
    }

    /** {@code execution.succeeded} for SUCCEEDED, and so on. */
    static String typeOf(ExecutionRow row) {
        return "execution." + row.status().toLowerCase(Locale.ROOT);
    }

    /**
     * {@code {"type", "timestamp", "data": {id, flowId, flowVersion, status, error, startedAt,
     * finishedAt, durationMs, parentExecutionId, url}}}; the timestamp is when the execution ended.
     */
    static String payload(ExecutionRow row, String publicUrl) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("type", typeOf(row));
        body.put("timestamp", row.finishedAt() == null ? null : row.finishedAt().toString());
        ObjectNode data = body.putObject("data");
        data.put("id", row.id());
        data.put("flowId", row.flowId());
        data.put("flowVersion", row.flowVersion());
        data.put("status", row.status());
        data.set("error", error(row.errorJson()));
        data.put("startedAt", row.startedAt() == null ? null : row.startedAt().toString());
        data.put("finishedAt", row.finishedAt() == null ? null : row.finishedAt().toString());
        if (row.startedAt() != null && row.finishedAt() != null) {
            data.put("durationMs", Duration.between(row.startedAt(), row.finishedAt()).toMillis());
        } else {
            data.putNull("durationMs");
        }
        data.put("parentExecutionId", row.parentExecutionId());
        data.put("url", publicUrl.replaceAll("/+$", "") + "/api/executions/" + row.id());
        return Jsons.write(body);
    }

    /** The error's code, message and step; its details stay in the execution (size, partner data). */
    private static JsonNode error(String errorJson) {
        if (errorJson == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        JsonNode e = Jsons.read(errorJson);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("code", e.path("code").isMissingNode() ? JsonNodeFactory.instance.nullNode() : e.get("code"));
        out.set("message", e.path("message").isMissingNode() ? JsonNodeFactory.instance.nullNode() : e.get("message"));
        out.set("stepId", e.path("stepId").isMissingNode() ? JsonNodeFactory.instance.nullNode() : e.get("stepId"));
        return out;
    }
}
