package io.flows.steps.script;

import com.fasterxml.jackson.databind.JsonNode;
import io.flows.steps.StepFailure;
import java.util.List;

/**
 * A script or expression that failed after it ran, with what it wrote with {@code console.log} before it
 * stopped (bounded like a success's lines): those lines are what tells why it failed, so the step's trace
 * keeps them.
 */
public final class ScriptFailure extends StepFailure {

    private final transient List<String> logs;

    public ScriptFailure(String code, String message, JsonNode details, List<String> logs) {
        super(code, message, details, false);
        this.logs = logs == null ? List.of() : List.copyOf(logs);
    }

    static StepFailure withLogs(StepFailure f, List<String> logs) {
        if (logs == null || logs.isEmpty() || f instanceof ScriptFailure) {
            return f;
        }
        return new ScriptFailure(f.code(), f.getMessage(), f.details(), logs);
    }

    public List<String> logs() {
        return logs;
    }
}
