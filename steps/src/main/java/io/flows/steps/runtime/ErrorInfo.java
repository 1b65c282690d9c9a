package io.flows.steps.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.flows.steps.StepFailure;

/** The error of a failed step or execution: {@code {code, message, stepId, details}}. */
public record ErrorInfo(String code, String message, String stepId, JsonNode details) {

    public static ErrorInfo of(StepFailure f, String stepId) {
        return new ErrorInfo(f.code(), f.getMessage(), stepId, f.details());
    }

    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("code", code);
        n.put("message", message);
        n.put("stepId", stepId);
        if (details != null) {
            n.set("details", details);
        }
        return n;
    }
}
