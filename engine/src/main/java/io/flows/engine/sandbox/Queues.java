package io.flows.engine.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashMap;
import java.util.Map;

/**
 * The stand-in message queue: a place where a flow parks work for later when a partner is down.
 * Messages are numbered per queue.
 */
final class Queues {

    private static final JsonNodeFactory JSON = JsonNodeFactory.withExactBigDecimals(true);

    private final Map<String, ArrayNode> queues = new HashMap<>();

    synchronized SandboxResponse put(String queue, JsonNode body) {
        if (!queue.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw new BadInput("queue name must be 1 to 64 lower-case letters, digits or '-', not '" + queue + "'");
        }
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw new BadInput("a message body is required");
        }
        ArrayNode messages = queues.computeIfAbsent(queue, q -> JSON.arrayNode());
        messages.add(body.deepCopy());
        ObjectNode answer = JSON.objectNode()
                .put("messageId", "MSG-" + queue + "-" + messages.size())
                .put("queue", queue)
                .put("position", messages.size())
                .put("status", "queued");
        return new SandboxResponse(202, answer);
    }

    synchronized SandboxResponse list(String queue) {
        ArrayNode messages = queues.get(queue);
        return new SandboxResponse(200, messages == null ? JSON.arrayNode() : messages.deepCopy());
    }
}
