package io.flows.steps.script;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** What a transform script returned, and what it wrote with {@code console.log} (bounded). */
public record ScriptResult(JsonNode output, List<String> logs) {

    public ScriptResult {
        logs = List.copyOf(logs);
    }
}
