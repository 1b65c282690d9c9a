package io.flows.engine.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/** One answer of the sandbox partner: an HTTP status and a JSON body. */
public record SandboxResponse(int status, JsonNode body) {

    static SandboxResponse error(int status, String message) {
        return new SandboxResponse(status, JsonNodeFactory.instance.objectNode().put("error", message));
    }
}
