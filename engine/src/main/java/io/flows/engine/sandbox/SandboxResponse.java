package io.flows.engine.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * One answer of the sandbox partner: an HTTP status, a JSON body (none for 204), and for an OPTIONS request or a
 * method the path does not take, the methods it does take ({@code Allow}).
 */
public record SandboxResponse(int status, JsonNode body, String allow) {

    public SandboxResponse(int status, JsonNode body) {
        this(status, body, null);
    }

    static SandboxResponse error(int status, String message) {
        return new SandboxResponse(status, JsonNodeFactory.instance.objectNode().put("error", message));
    }
}
